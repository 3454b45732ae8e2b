"""Spreadsheets as people make them (issue 23, item 5): read as meant, or said — never silently wrong.

Files built here are shaped like real ones: a sheet title merged across row 1, a group row
merged over the field row (WPS/Excel), units in the headers, misnamed sheets, old binary
workbooks, lock files, empty files, id and name columns together, and a designer's
technical-and-economic indicator table (经济技术指标表).
"""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl
import pytest
from helpers import workbook

from laoxiao_check.io import read_project
from laoxiao_check.io.estates import read_estates, read_facilities
from laoxiao_check.io.headers import find_header
from laoxiao_check.io.indicators import ITEMS, lookup_item
from laoxiao_check.model.errors import InputError

REAL = Path(__file__).resolve().parents[2] / "shared" / "real-data" / "estates"


def _wps_estate_list(path: Path) -> Path:
    """A list as a district office sends it: title, a group row merged over the fields, units."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "小区"
    sheet.append(["泉州市既有小区一老一小设施统计表"])
    sheet.merge_cells("A1:H1")
    sheet.append(["填报单位：鲤城区民政局"])
    sheet.append(["序号", "小区名称", "基本信息", None, "坐标", None, "养老服务用房", None])
    sheet.append([None, None, "区县", "户数（户）", "经度", "纬度", "面积(㎡)", "建筑面积/m2"])
    for cells in ("A3:A4", "B3:B4", "C3:D3", "E3:F3", "G3:H3"):
        sheet.merge_cells(cells)
    sheet.append([1, "海丝名苑", "鲤城区", 1200, 118.58, 24.91, 300, None])
    sheet.append([2, "江南新苑", "丰泽区", 800, 118.60, 24.90, 0, None])
    book.save(path)
    return path


def test_two_row_merged_header_under_a_title_is_no_estate(tmp_path) -> None:
    path = _wps_estate_list(tmp_path / "list.xlsx")
    estates = read_estates(path, {}, 3.2)
    assert [e.name for e in estates.estates] == ["海丝名苑", "江南新苑"]
    assert [e.place for e in estates.estates] == ["小区 › row 5", "小区 › row 6"]
    assert estates.estates[0].households == 1200 and estates.estates[0].district == "鲤城区"
    # 面积(㎡) under the group 养老服务用房 is the eldercare area (养老服务用房面积)
    assert estates.columns["eldercare_area_m2"] == "养老服务用房面积(㎡)"
    assert estates.estates[0].eldercare_area_m2 == 300
    notes = [p.message for p in estates.problems if "header" in p.message]
    assert len(notes) == 1 and "rows 3–4" in notes[0] and "泉州市既有小区" in notes[0]


def test_header_found_in_csv_below_a_title(tmp_path) -> None:
    path = tmp_path / "list.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerows(
            [
                ["泉州市既有小区统计表", "", "", ""],
                ["", "", "", ""],
                ["小区名称", "户数（户）", "经度", "纬度"],
            ]
        )
        writer.writerow(["海丝名苑", "1200户", "118.58", "24.91"])
    estates = read_estates(path, {}, 3.2)
    assert [(e.name, e.households, e.place) for e in estates.estates] == [("海丝名苑", 1200, "row 4")]
    assert any("row 3" in p.message and "skipped" in p.message for p in estates.problems)


def test_header_in_row_one_reads_as_before() -> None:
    rows = [["name", "households"], ["A", 1]]
    found = find_header(rows)
    assert (found.row, found.first, found.note("s", rows)) == (0, 0, None)
    unknown = [["a", "b"], ["c", "d"]]
    assert find_header(unknown).row == 0


def test_project_workbook_sheet_with_title_and_group_rows(tmp_path) -> None:
    book = openpyxl.Workbook()
    book.active.title = "项目"
    for row in (["项目名称", "海丝名苑"], ["项目类型", "新建"]):
        book["项目"].append(row)
    buildings = book.create_sheet("楼栋")
    buildings.append(["海丝名苑楼栋统计表"])
    buildings.merge_cells("A1:E1")
    buildings.append(["楼栋编号", "基本信息", None, "坐标", None])
    buildings.append([None, "户数（户）", "人口（人）", "经度", "纬度"])
    for cells in ("A2:A3", "B2:C2", "D2:E2"):
        buildings.merge_cells(cells)
    buildings.append(["1#", 100, 320, 118.6, 24.9])
    buildings.append(["2#", 120, 380, 118.601, 24.9])
    facilities = book.create_sheet("配套设施")
    facilities.append(["编号", "类别", "建筑面积/m2", "托位数"])
    facilities.append(["E1", "养老", 500, None])
    book.save(tmp_path / "p.xlsx")
    project = read_project(tmp_path / "p.xlsx")
    assert [b.id for b in project.buildings] == ["1#", "2#"]
    assert project.households == 220 and project.facilities[0].area_m2 == 500
    said = [w for w in project.warnings if "header read" in w]
    assert said == [
        "楼栋 › header read from rows 2–3 (a group row over the field row); row 1 above it skipped "
        "('海丝名苑楼栋统计表'), not read as data"
    ]
    assert not any("merged cells read" in w for w in project.warnings)  # the header's own merges


SMALL = {
    "project": [["name", "X"], ["kind", "new"]],
    "facilities": [["id", "category", "area_m2"], ["E1", "eldercare", 500]],
}


@pytest.mark.parametrize("name", ["楼栋信息", "楼栋表", "建筑"])
def test_a_misnamed_buildings_sheet_is_read_with_a_warning(tmp_path, name) -> None:
    path = workbook(tmp_path / "p.xlsx", {**SMALL, name: [["id", "households"], ["B1", 100], ["B2", 50]]})
    project = read_project(path)
    assert project.households == 150 and len(project.buildings) == 2
    assert any(f"sheet {name!r} read as the buildings sheet" in w for w in project.warnings)


def test_a_misnamed_facilities_sheet_is_read_and_stray_sheets_said(tmp_path) -> None:
    sheets = {
        "项目信息": SMALL["project"],
        "配套用房": SMALL["facilities"],
        "Sheet3": [["备用"]],
        "说明": [["填表说明"]],
    }
    project = read_project(workbook(tmp_path / "p.xlsx", sheets))
    assert [f.id for f in project.facilities] == ["E1"]
    assert any("'配套用房' read as the facilities sheet" in w for w in project.warnings)
    assert any("'项目信息' read as the project sheet" in w for w in project.warnings)
    unread = [w for w in project.warnings if "not read" in w]
    assert len(unread) == 1 and "'Sheet3'" in unread[0] and "说明" not in unread[0]


def test_two_close_sheets_are_refused_naming_both(tmp_path) -> None:
    rows = [["id", "households"], ["B1", 100]]
    path = workbook(tmp_path / "p.xlsx", {**SMALL, "楼栋信息": rows, "楼栋表": rows})
    with pytest.raises(InputError, match="'楼栋信息' or '楼栋表'"):
        read_project(path)


def test_a_missing_sheet_suggests_the_nearest_name(tmp_path) -> None:
    path = workbook(tmp_path / "p.xlsx", {"project": SMALL["project"], "faclities": SMALL["facilities"]})
    with pytest.raises(InputError, match="did you mean 'faclities'"):
        read_project(path)


OLE = bytes.fromhex("D0CF11E0A1B11AE1") + bytes(504)


@pytest.mark.parametrize(
    ("name", "content", "phrase"),
    [
        ("old.xls", OLE, "save it as an Excel workbook (.xlsx)"),
        ("wps.et", OLE, "save it as an Excel workbook (.xlsx)"),
        ("renamed.xlsx", OLE, "old binary Excel (.xls) or WPS (.et)"),
        ("empty.xlsx", b"", "the file is empty"),
        ("~$项目.xlsx", b"\x06Zhang  " + bytes(157), "it means the workbook is open"),
        ("packed.xls", None, "rename it to packed.xlsx"),
    ],
)
def test_files_that_are_no_xlsx_say_what_to_do(tmp_path, run_cli, name, content, phrase) -> None:
    path = tmp_path / name
    if content is None:
        workbook(tmp_path / "w.xlsx").rename(path)
    else:
        path.write_bytes(content)
    for command in (["check", path, "--rules", "quanzhou"], ["audit", path, "--rules", "quanzhou"]):
        run = run_cli(*command)
        assert run.code == 2, run.out + run.err
        assert (
            phrase in (run.out + run.err) and name in (run.out + run.err) and "zip" not in (run.out + run.err)
        )


def test_lock_file_names_the_workbook(tmp_path) -> None:
    path = tmp_path / "~$项目.xlsx"
    path.write_bytes(b"\x06Zhang  " + bytes(157))
    with pytest.raises(InputError, match=r"项目\.xlsx in the same folder"):
        read_project(path)


def test_estate_id_and_name_columns_together(tmp_path) -> None:
    path = tmp_path / "list.csv"
    path.write_text(
        "小区编号,小区名称,户数,经度,纬度\nQZ001,海丝名苑,100,118.6,24.9\nQZ002,海丝名苑,80,118.61,24.91\n"
        "QZ002,江南新苑,50,118.62,24.92\n",
        encoding="utf-8",
    )
    estates = read_estates(path, {}, 3.2)
    assert [(e.id, e.name) for e in estates.estates] == [
        ("QZ001", "海丝名苑"),
        ("QZ002", "海丝名苑"),
        ("QZ002", "江南新苑"),
    ]
    messages = [p.message for p in estates.problems]
    assert any("id QZ002 is used twice" in m for m in messages)
    assert any("same name and district" in m for m in messages)


def test_facility_id_and_name_columns_together(tmp_path) -> None:
    path = tmp_path / "f.csv"
    path.write_text("编号,名称,类别,面积,x,y\nF1,东街养老站,养老,300,118.6,24.9\n", encoding="utf-8")
    layer = read_facilities(path)
    assert [(f.id, f.name) for f in layer.facilities] == [("F1", "东街养老站")]
    project = workbook(
        tmp_path / "p.xlsx",
        {**SMALL, "facilities": [["编号", "名称", "类别", "建筑面积"], ["E1", "养老站", "养老", 500]]},
    )
    (room,) = read_project(project).facilities
    assert (room.id, room.name) == ("E1", "养老站")
    only_name = workbook(
        tmp_path / "q.xlsx", {**SMALL, "facilities": [["名称", "类别", "建筑面积"], ["养老站", "养老", 500]]}
    )
    assert read_project(only_name).facilities[0].id == "养老站"


INDICATORS = [
    ["海丝名苑经济技术指标表"],
    ["序号", "项目", "数值", "单位", "备注"],
    [1, "总用地面积", 5.2, "公顷", None],
    [2, "总建筑面积", 18.5, "万㎡", None],
    [3, "总户数", 1850, "户", None],
    [4, "居住人口", 5920, "人", "按3.2人/户"],
    [5, "配套公建面积", 3000, "㎡", None],
    ["5.1", "其中：居家养老服务用房", 600, "㎡", None],
    ["5.2", "托育服务设施", 320, "平方米", None],
    [6, "托位数", 60, "个", None],
    [7, "容积率", 2.8, None, None],
    [8, "社区卫生服务站", 150, "㎡", None],
]


def _indicator_book(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    workbook(path, sheets)
    book = openpyxl.load_workbook(path)
    for sheet in book.worksheets:
        if sheet["A1"].value == INDICATORS[0][0]:
            sheet.merge_cells("A1:E1")
    book.save(path)
    return path


def test_indicator_table_as_the_whole_workbook(tmp_path) -> None:
    project = read_project(_indicator_book(tmp_path / "指标.xlsx", {"Sheet1": INDICATORS}))
    assert (project.name, project.kind, project.households, project.population) == (
        "海丝名苑",
        "new",
        1850,
        5920,
    )
    rooms = [(f.category, f.area_m2, f.places) for f in project.facilities]
    assert rooms == [("eldercare", 600, None), ("childcare", 320, 60)]
    assert project.buildings == ()
    unread = [w for w in project.warnings if "not understood" in w]
    assert len(unread) == 1 and "社区卫生服务站" in unread[0] and "1 indicator row" in unread[0]
    assert any("no buildings" in w and "coverage" in w for w in project.warnings)
    assert any("read as a new project" in w for w in project.warnings)


def test_indicator_table_pasted_beside_a_buildings_sheet(tmp_path, run_cli) -> None:
    sheets = {"经济技术指标": INDICATORS, "楼栋": [["id", "households", "x", "y"], ["1#", 1850, 118.6, 24.9]]}
    path = _indicator_book(tmp_path / "p.xlsx", sheets)
    project = read_project(path, kind_override="new")
    assert len(project.buildings) == 1 and len(project.facilities) == 2
    assert not any("no buildings" in w for w in project.warnings)
    run = run_cli("check", path, "--rules", "quanzhou", "--lang", "en")
    assert run.code in (0, 1) and "海丝名苑" in (run.out + run.err)


def test_indicator_table_with_totals_only_says_coverage_is_not_measured(tmp_path, run_cli) -> None:
    path = _indicator_book(tmp_path / "p.xlsx", {"Sheet1": INDICATORS})
    run = run_cli("check", path, "--rules", "quanzhou", "--lang", "en")
    assert run.code in (0, 1)  # coverage is advisory in Quanzhou; the quantities decide
    assert "no buildings listed" in (run.out + run.err)  # coverage: no data, never 0 %


def test_an_ambiguous_unit_is_listed_not_guessed(tmp_path) -> None:
    rows = [
        ["项目", "数值", "单位"],
        ["总户数", 1000, "户"],
        ["托育服务设施", 2, "个"],
        ["养老用房", 300, "㎡"],
    ]
    project = read_project(workbook(tmp_path / "p.xlsx", {"Sheet1": rows}), kind_override="new")
    assert [f.category for f in project.facilities] == ["eldercare"]
    assert any("unit '个'" in w and "托位 or 处" in w for w in project.warnings)


def test_every_synonym_says_what_it_means() -> None:
    assert all(item.meaning for item in ITEMS.values())
    assert lookup_item("2.1 其中：居家养老服务用房（㎡）").target == "eldercare_area"
    assert lookup_item("托育用房建筑面积").target == "childcare_area"
    assert lookup_item("养老床位") is None  # matched whole, never by a part


@pytest.mark.skipif(not REAL.is_dir(), reason="../shared/real-data is absent")
def test_real_lists_keep_their_first_row(tmp_path) -> None:
    """A real list with its header in row 1 reads exactly as before: no row skipped."""
    for name in ("wanzhou.csv", "qidong.csv"):
        estates = read_estates(REAL / name, {"x": "lng", "y": "lat"}, 3.2)
        assert estates.estates[0].place == "row 2"
        assert not any("header read" in p.message for p in estates.problems)
