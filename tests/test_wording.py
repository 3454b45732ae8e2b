"""A Chinese reviewer's reading of the reports: each word said once, where it comes from, in
the report's language, English plurals agreeing with their counts, and ``rules show`` as
wide as the terminal."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import workbook
from rich.cells import cell_len

SAMPLES = Path(__file__).resolve().parent.parent / "sample_projects"
RIVERSIDE = SAMPLES / "quanzhou_riverside.geojson"
SHORT = SAMPLES / "quanzhou_new_estate_short.xlsx"

ROOMS = ["id", "category", "area_m2", "places", "floor", "site", "x", "y"]


def _project(tmp_path: Path, *rooms: list[object], buildings: list[list[object]] | None = None) -> Path:
    return workbook(
        tmp_path / "w.xlsx",
        buildings=buildings or [["id", "households"], ["B1", 100], ["B2", 100]],
        facilities=[ROOMS, *rooms],
    )


def _results(run_cli, path: Path, *args: str) -> dict[str, dict]:
    run = run_cli("check", path, "--rules", "quanzhou", "--format", "json", *args)
    assert run.code in (0, 1), run.err
    return {r["id"]: r for r in json.loads(run.out)["results"]}


# 1. the override warning names its field once ----------------------------------------------


def test_an_overridden_name_is_said_with_project_once(run_cli):
    zh = run_cli("--lang", "zh", "check", RIVERSIDE, "--rules", "quanzhou", "--name", "X")
    said = zh.out + zh.err
    assert "项目名称：文件中的'晋江南岸新苑'已由--name的'X'替换" in said
    assert "项目项目" not in said
    en = run_cli("--lang", "en", "check", RIVERSIDE, "--rules", "quanzhou", "--name", "X")
    assert "project name '晋江南岸新苑' in the file replaced by --name 'X'" in en.out + en.err


# 2. the data check says where the households came from -------------------------------------


def _households_check(run_cli, path: Path, *args: str) -> tuple[dict, str]:
    run = run_cli("check", path, "--rules", "quanzhou", "--format", "json", *args)
    document = json.loads(run.out)
    check = next(c for c in document["data_quality"]["checks"] if c["key"] == "households")
    return check, document["project"]["households_source"]


@pytest.mark.parametrize(
    ("args", "sidecar", "source", "en", "zh"),
    [
        ((), None, "project", "800 households (the project)", "总户数800户（项目填写）"),
        (
            ("--households", "900"),
            None,
            "option",
            "900 households (--households)",
            "总户数900户（--households选项）",
        ),
        (
            (),
            "户数: 950\n",
            "sidecar",
            "950 households (the project's sidecar)",
            "总户数950户（项目附带文件）",
        ),
        (("--households", "900"), "户数: 950\n", "option", "900 households (--households)", None),
    ],
)
def test_the_households_check_says_where_they_came_from(run_cli, tmp_path, args, sidecar, source, en, zh):
    path = tmp_path / RIVERSIDE.name
    path.write_bytes(RIVERSIDE.read_bytes())
    if sidecar:
        path.with_name(path.stem + ".project.yaml").write_text(sidecar, encoding="utf-8")
    check, households_source = _households_check(run_cli, path, *args)
    assert households_source == source
    assert check["en"] == en
    if zh:
        assert check["zh"] == zh


def test_households_from_the_buildings_are_still_their_sum(run_cli, tmp_path):
    check, source = _households_check(run_cli, _project(tmp_path, ["E1", "eldercare", 500, None, "1"]))
    assert source == "buildings" and check["en"] == "200 households (the buildings' sum)"
    assert check["zh"] == "总户数200户（楼栋合计）"


# 3. a room below ground is said to be there, once ------------------------------------------


def test_a_nursery_below_ground_is_on_its_storey_said_once(run_cli, tmp_path):
    path = _project(tmp_path, ["托育园", "childcare", 100, 10, "-1"])
    rule = _results(run_cli, path)["childcare.placement.storeys"]
    assert rule["status"] == "fail"
    assert rule["message_zh"] == "托育园：位于地下1层"
    assert rule["message"] == "托育园: on B1"
    zh = run_cli("--lang", "zh", "check", path, "--rules", "quanzhou")
    assert "托育园：位于地下1层" in zh.out and "位于地下；" not in zh.out and "层位于地下" not in zh.out


def test_below_ground_and_below_the_lowest_storey_name_the_storey_once(run_cli, tmp_path):
    profile = Path(__file__).resolve().parent / "cases" / "profiles" / "placement.yaml"
    path = _project(tmp_path, ["E1", "eldercare", 500, None, "-1"], ["E2", "eldercare", 500, None, "1"])
    run = run_cli("check", path, "--rules", profile, "--format", "json")
    rule = next(r for r in json.loads(run.out)["results"] if r["id"] == "eldercare.storeys.band")
    assert rule["message"] == "E1: on B1, below storey 2; E2: storey 1 below storey 2"
    assert rule["message_zh"] == "E1：位于地下1层，低于2层；E2：1层低于2层"


# 4. the terminal head in Chinese marks ----------------------------------------------------


def test_the_terminal_head_says_households_and_residents_in_the_reports_language(run_cli):
    zh = run_cli("--lang", "zh", "check", SHORT, "--rules", "quanzhou")
    assert "1,850户，5,920人" in zh.out
    assert "1,850户, " not in zh.out and "5,920 人" not in zh.out
    en = run_cli("--lang", "en", "check", SHORT, "--rules", "quanzhou")
    assert "1,850 households, 5,920 residents" in en.out


def test_an_estimated_population_is_marked_in_chinese_brackets(run_cli, tmp_path):
    path = _project(tmp_path, ["E1", "eldercare", 500, None, "1"])
    zh = run_cli("--lang", "zh", "check", path, "--rules", "quanzhou")
    assert "200户，640人（估算）" in zh.out
    en = run_cli("--lang", "en", "check", path, "--rules", "quanzhou")
    assert "200 households, 640 residents (estimated)" in en.out


# 5. English plurals agree with their counts -------------------------------------------------


def test_undersized_sites_are_counted_in_english(run_cli, tmp_path):
    two = _project(
        tmp_path, ["E1", "eldercare", 300, None, "1", "北区"], ["E2", "eldercare", 250, None, "1", "南区"]
    )
    rule = _results(run_cli, two)["eldercare.site_area.new"]
    assert rule["message"] == "sites below 400 m²: 北区 (300 m²), 南区 (250 m²)"
    assert rule["message_zh"] == "单处面积不足400平方米：北区（300平方米）、南区（250平方米）"
    one = _project(
        tmp_path, ["E1", "eldercare", 300, None, "1", "北区"], ["E2", "eldercare", 450, None, "1", "南区"]
    )
    assert _results(run_cli, one)["eldercare.site_area.new"]["message"] == "site below 400 m²: 北区 (300 m²)"
    passing = _project(tmp_path, ["E1", "eldercare", 450, None, "1"])
    assert _results(run_cli, passing)["eldercare.site_area.new"]["message"] == "1 site, the smallest 450 m²"


@pytest.mark.parametrize(("far", "said"), [(1, "1 building outside"), (2, "2 buildings outside")])
def test_buildings_outside_a_circle_are_counted_in_english(run_cli, tmp_path, far, said):
    near = [["B0", 100, 118.59, 24.91]]
    away = [[f"F{n}", 100, 118.59 + 0.02 * n, 24.91] for n in range(1, far + 1)]
    path = _project(
        tmp_path,
        ["E1", "eldercare", 500, None, "1", None, 118.59, 24.91],
        buildings=[["id", "households", "x", "y"], *near, *away],
    )
    rule = _results(run_cli, path)["eldercare.coverage.5min"]
    assert rule["message"].endswith(f"; {said}"), rule["message"]
    assert rule["message_zh"].endswith(f"；{far}栋楼在范围外")
    assert "(s)" not in rule["message"]


def test_one_building_without_coordinates_is_one_building(run_cli, tmp_path):
    path = _project(
        tmp_path,
        ["E1", "eldercare", 500, None, "1", None, 118.59, 24.91],
        buildings=[["id", "households", "x", "y"], ["B1", 100, 118.59, 24.91], ["B2", 100, None, None]],
    )
    rule = _results(run_cli, path)["eldercare.coverage.5min"]
    assert rule["message"] == "building without coordinates (x, y): B2"


# 6. a custom profile is named in the report's language --------------------------------------


@pytest.fixture
def custom(tmp_path) -> tuple[Path, str]:
    import hashlib

    path = tmp_path / "ok.yaml"
    path.write_text("id: ok\nname: {zh: 自定, en: Own}\nextends: quanzhou\n", encoding="utf-8")
    return path, hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_custom_profile_is_named_in_chinese_in_chinese_reports(run_cli, monkeypatch, custom):
    path, digest = custom
    monkeypatch.setenv("COLUMNS", "200")  # the label on one line
    zh = run_cli("--lang", "zh", "check", SHORT, "--rules", path).out
    assert f"[自定义规则配置 ok.yaml sha256:{digest}]" in zh and "custom profile" not in zh
    en = run_cli("--lang", "en", "check", SHORT, "--rules", path).out
    assert f"[custom profile ok.yaml sha256:{digest}]" in en
    shown = run_cli("rules", "show", path, "--lang", "zh").out
    assert f"[自定义规则配置 ok.yaml sha256:{digest}]" in shown and "custom profile" not in shown


def test_the_pdf_summary_names_a_custom_profile_in_chinese_and_json_keeps_english(custom):
    from laoxiao_check.report.views.summary import summary_rows
    from laoxiao_check.services.check import check

    path, digest = custom
    result = check(SHORT, str(path))
    rows = dict(summary_rows(result, "zh"))
    assert rows["执行标准"].endswith(f"[自定义规则配置 ok.yaml sha256:{digest}]")
    assert dict(summary_rows(result, "en"))["Rule profile"].endswith(
        f"[custom profile ok.yaml sha256:{digest}]"
    )
    assert result.profile_label == f"custom profile ok.yaml sha256:{digest}"  # as JSON and logs read it
    assert json.dumps(result.profile_label) == json.dumps(f"custom profile ok.yaml sha256:{digest}")


# 7. rules show fits the terminal -----------------------------------------------------------


@pytest.mark.parametrize("profile", ["quanzhou", "guizhou", "baseline", "design"])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_rules_show_fits_80_columns(run_cli, monkeypatch, profile, lang):
    monkeypatch.setenv("COLUMNS", "80")
    shown = run_cli("rules", "show", profile, "--lang", lang)
    assert shown.code == 0, shown.err
    too_wide = [line for line in shown.out.splitlines() if cell_len(line) > 80]
    assert not too_wide, too_wide[:3]
    assert "┃" not in shown.out  # stacked, not a squeezed table
    assert ("要求:" if lang == "zh" else "requirement:") in shown.out


def test_rules_show_is_a_table_on_a_wide_terminal_and_100_columns_in_a_pipe(run_cli, monkeypatch):
    monkeypatch.setenv("COLUMNS", "160")
    wide = run_cli("rules", "show", "quanzhou", "--lang", "zh")
    assert "┃" in wide.out and max(cell_len(line) for line in wide.out.splitlines()) <= 160
    monkeypatch.delenv("COLUMNS")
    piped = run_cli("rules", "show", "quanzhou", "--lang", "zh")
    assert max(cell_len(line) for line in piped.out.splitlines()) <= 100
