"""The review workbook a bureau prints and files (issue 25): Chinese throughout, the project's
inputs listed, and a large project printing a number of pages proportional to its buildings."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import openpyxl
import pytest
from conftest import SAMPLES
from helpers import feature, geojson
from test_xlsx_print import (
    AUDIT_ARGS,
    CHECK_ARGS,
    SOFFICE,
    missing_tools,
    pages_by_sheet,
    read_pages,
)

from laoxiao_check.io import read_project

LATIN = re.compile(r"[A-Za-z]{3,}")
ALLOWED_CODES = re.compile(
    r"laoxiao-check (check|audit)|laoxiao-check|SHA-256|GB \d+|JGJ \d+|GCJ-02|WGS84|BD-09"
    r"|--[a-z][a-z-]+|\b[a-z]+=\*"  # an option as typed; an OpenStreetMap tag (foot=*)
)
FILE_NAME = re.compile(r"[\w./-]+\.(xlsx|csv|geojson|gpkg|yaml|json|pbf)\b")
HASH = re.compile(r"\b[0-9a-f]{64}\b")


def english_words(text: str, allowed: set[str]) -> list[str]:
    """The runs of 3+ Latin letters left once file names, hashes, codes and ``allowed`` are taken out."""
    for pattern in (FILE_NAME, HASH, ALLOWED_CODES):
        text = pattern.sub(" ", text)
    return [w for w in LATIN.findall(text) if w not in allowed]


def english_cells(path: Path, allowed: set[str]) -> list[str]:
    book = openpyxl.load_workbook(path)
    found = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and english_words(cell.value, allowed):
                    found.append(f"{sheet.title}!{cell.coordinate}: {cell.value[:90]!r}")
    return found


def write(run_cli, args: list, out: Path, *extra: str) -> Path:
    run = run_cli(*args, "--format", "xlsx", "--output", out, *extra)
    assert run.code in (0, 1), run.err
    return out


def test_the_allow_list_still_catches_english() -> None:
    assert english_words("eldercare.floor_area.new", {"quanzhou"}) == ["eldercare", "floor", "area", "new"]
    assert english_words("养老 15min ≤ 1000 m", set()) == ["min"]
    assert english_words("row 41 资料缺失小区", set()) == ["row"]
    assert not english_words("泉州市 [quanzhou] estates.csv GB 50180 m² 选项 --kind", {"quanzhou"})


@pytest.mark.parametrize("name", ["check", "audit"])
def test_a_chinese_workbook_has_no_english_word(run_cli, tmp_path, name) -> None:
    args = {"check": CHECK_ARGS, "audit": AUDIT_ARGS}[name]
    out = write(run_cli, args, tmp_path / f"{name}.xlsx", "--lang", "zh")
    found = english_cells(out, allowed={"quanzhou"})  # the profile's id
    assert not found, "English in the Chinese workbook:\n" + "\n".join(found)


def test_rules_and_circles_are_named_in_chinese(run_cli, tmp_path) -> None:
    book = openpyxl.load_workbook(write(run_cli, CHECK_ARGS, tmp_path / "c.xlsx", "--lang", "zh"))
    results = [r for r in book["逐条结果"].iter_rows(min_row=2, values_only=True) if r[0]]
    assert results[0][0] == "新建住宅区养老服务用房面积"  # the profile's name of the rule, not its id
    assert "十五分钟养老服务圈" in {r[0] for r in results}
    assert {"泉州市", "通用基准（非国家文件）"} <= {r[7] for r in results}
    placement = next(r for r in results if r[0] == "托育生活用房不设在地下")
    assert "办公、厨房" in placement[2] and "office" not in placement[2]
    levels = {r[1] for r in book["服务圈覆盖"].iter_rows(min_row=2, values_only=True) if r[1]}
    assert levels == {"十五分钟生活圈", "五分钟生活圈"}
    english = openpyxl.load_workbook(write(run_cli, CHECK_ARGS, tmp_path / "e.xlsx", "--lang", "en"))
    assert english["results"]["A2"].value == "eldercare.floor_area.new"  # English keeps the ids


def test_audit_rows_and_reasons_in_chinese(run_cli, tmp_path) -> None:
    book = openpyxl.load_workbook(write(run_cli, AUDIT_ARGS, tmp_path / "a.xlsx", "--lang", "zh"))
    assert book["小区"]["A3"].value == "第2行"
    problems = {r[0]: r[1] for r in book["问题"].iter_rows(min_row=2, values_only=True)}
    assert problems["第41行"] == "资料缺失小区: 户数：无户数（'暂无资料'）"
    capacity = {r[0] for r in book["可达容量"].iter_rows(min_row=2, values_only=True)}
    assert "托育（增强型两步移动搜寻法，十五分钟生活圈）" in capacity


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_workbook_lists_the_rooms_and_buildings_checked(run_cli, tmp_path, lang) -> None:
    sample = SAMPLES / "qidong_phased_estate.xlsx"
    out = write(run_cli, ["check", sample, "--rules", "qidong"], tmp_path / "r.xlsx", "--lang", lang)
    book = openpyxl.load_workbook(out)
    project = read_project(sample)
    rooms_title, buildings_title = (
        ("配套用房", "附录 楼栋清单") if lang == "zh" else ("rooms", "appendix buildings")
    )
    assert book.sheetnames[-1] == buildings_title  # the appendix closes the workbook
    rooms = [r for r in book[rooms_title].iter_rows(min_row=2, values_only=True) if r[0]]
    assert [(r[0], r[2], r[4], r[5], r[6]) for r in rooms] == [
        (f.id, f.floor, f.area_m2, f.places, f.phase) for f in project.facilities
    ]
    yes, no = ("有", "无") if lang == "zh" else ("yes", "no")
    planned = "规划" if lang == "zh" else "planned"
    assert [(r[7], r[8], r[9]) for r in rooms] == [(planned, yes, yes), (planned, yes, no)]
    assert book[rooms_title]["A1"].value == ("编号" if lang == "zh" else "Id")
    head = [c.value for c in book[buildings_title][1]]
    assert head[:4] == (
        ["编号", "户数", "分期", "交付状态"] if lang == "zh" else ["Id", "Households", "Phase", "Delivery"]
    )
    buildings = [r for r in book[buildings_title].iter_rows(min_row=2, values_only=True) if r[0]]
    assert [(r[0], r[1], r[2]) for r in buildings] == [
        (b.id, b.households, b.phase) for b in project.buildings
    ]


def test_a_project_without_rooms_says_so(run_cli, tmp_path) -> None:
    project = geojson(
        tmp_path / "bare.geojson",
        [feature("building", 118.60, 24.90, id="B1", households=100)],
        {"name": "空", "kind": "new"},
    )
    book = openpyxl.load_workbook(
        write(run_cli, ["check", project, "--rules", "quanzhou"], tmp_path / "b.xlsx")
    )
    assert book.worksheets[-3]["A2"].value in ("未规划配套用房", "No rooms planned")


BUILDINGS = 1000


@pytest.fixture(scope="module")
def large_workbook(tmp_path_factory) -> Path:
    """A project of 1,000 buildings on a grid, two rooms at one corner: most buildings are
    outside the 5-minute circles."""
    from laoxiao_check.cli.main import main

    folder = tmp_path_factory.mktemp("large")
    features = [
        feature(
            "building",
            118.60 + (i % 40) * 0.0006,
            24.90 + (i // 40) * 0.0006,
            id=f"{i + 1}号楼",
            households=20 + i % 30,
        )
        for i in range(BUILDINGS)
    ]
    features += [
        feature(
            "facility",
            118.601,
            24.901,
            id="养老-1",
            category="eldercare",
            area_m2=9000,
            floor="1",
            site="北区",
        ),
        feature(
            "facility", 118.602, 24.901, id="托育-1", category="childcare", area_m2=900, places=400, floor="1"
        ),
    ]
    project = geojson(folder / "large.geojson", features, {"name": "大型新区", "kind": "new"})
    out = folder / "large.xlsx"
    with pytest.raises(SystemExit) as exit_info:
        main([str(a) for a in ["check", project, "--rules", "quanzhou", "--lang", "zh", "-o", out]])
    assert exit_info.value.code in (0, 1)
    return out


def test_a_large_project_prints_its_buildings_as_an_appendix(large_workbook) -> None:
    book = openpyxl.load_workbook(large_workbook)
    summary, appendix = book["摘要"], book["附录 楼栋清单"]
    assert summary.sheet_properties.pageSetUpPr.fitToPage
    assert (summary.page_setup.fitToWidth, summary.page_setup.fitToHeight) == (1, 1)
    assert appendix.sheet_properties.pageSetUpPr.fitToPage
    assert (appendix.page_setup.fitToWidth, appendix.page_setup.fitToHeight) == (1, 0)
    assert appendix.print_title_rows == "$1:$1"
    assert appendix.max_row == BUILDINGS + 1
    # the coverage sheet says how many buildings are outside, one row a circle
    coverage = [r for r in book["服务圈覆盖"].iter_rows(min_row=2, values_only=True) if r[0]]
    assert len(coverage) == 4
    outside = [r[9] for r in coverage if r[9]]
    assert outside and all(re.fullmatch(r"共[\d,]+栋，见“附录 楼栋清单”", text) for text in outside)
    marked = [c.number_format for row in appendix.iter_rows(min_row=2, min_col=3) for c in row]
    assert '#,##0"米 圈外"' in marked and '#,##0"米"' in marked


def test_a_large_project_prints_pages_in_proportion(large_workbook, tmp_path) -> None:
    reason = missing_tools()
    if reason:
        pytest.skip(reason)
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation={(tmp_path / 'lo-profile').as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(large_workbook),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    pages = read_pages(tmp_path / "large.pdf")
    by_sheet = {
        name: len(p) for name, p in pages_by_sheet(openpyxl.load_workbook(large_workbook), pages).items()
    }
    assert by_sheet["摘要"] == 1 and by_sheet["服务圈覆盖"] == 1
    assert BUILDINGS / 60 <= by_sheet["附录 楼栋清单"] <= BUILDINGS / 30, by_sheet
    assert len(pages) <= BUILDINGS / 30 + 8, by_sheet  # 131 pages before (one row a building and circle)
