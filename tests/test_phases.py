"""Phased delivery (四同步) and placement: issue 13's cases, end to end where it matters."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from laoxiao_check.io import read_project
from laoxiao_check.model.records import Building, Facility, Project
from laoxiao_check.model.values import ValueProblem, parse_phase, parse_storeys, phase_key
from laoxiao_check.rules.profiles import load_profile
from laoxiao_check.services import check as api


def two_phases(*facilities: Facility, statuses: tuple[str | None, str | None] = (None, None)) -> Project:
    """600 households in phase 1, 400 in phase 2; 3,200 residents."""
    return Project(
        name="two phases",
        kind="new",
        households=1000,
        households_source="buildings",
        population=3200,
        population_estimated=False,
        crs=None,
        buildings=(
            Building("A", 600, phase="1", status=statuses[0]),
            Building("B", 400, phase="2", status=statuses[1]),
        ),
        facilities=facilities,
    )


def finding(project: Project, profile: str, rule_id: str):
    result = api.check_project(project, load_profile(profile))
    (found,) = [f for f in result.findings if f.id == rule_id]
    return found


ALL_IN_PHASE_2 = (
    Facility("E", "eldercare", area_m2=400, phase="2"),
    Facility("C", "childcare", area_m2=100, places=32, phase="2"),
)


def test_all_rooms_in_the_last_phase_fail_phase_1_with_its_shortfall() -> None:
    project = two_phases(*ALL_IN_PHASE_2)
    eldercare = finding(project, "quanzhou", "eldercare.phased.new")
    assert eldercare.status == "fail"
    phase_1, phase_2 = eldercare.details["phases"]
    assert (phase_1["phase"], phase_1["households"], phase_1["required"]) == ("1", 600, 180)
    assert (phase_1["delivered"], phase_1["shortfall"]) == (0, 180)
    assert (phase_2["households"], phase_2["required"], phase_2["shortfall"]) == (1000, 300, 0)
    assert (eldercare.required, eldercare.provided, eldercare.shortfall) == (180, 0, 180)
    assert "phase 1: 180 m² short" in eldercare.message["en"]
    assert "第1期缺180平方米" in eldercare.message["zh"]
    # places: 3,200 residents pro rata → 1,920 in phase 1 → ceil(19.2) = 20 places
    places = finding(project, "quanzhou", "childcare.phased.new")
    assert places.status == "fail"
    assert places.details["phases"][0]["required"] == 20 and places.details["phases"][0]["shortfall"] == 20
    # the totals are met: only the phasing fails
    assert finding(project, "quanzhou", "eldercare.floor_area.new").status == "pass"
    assert "acceptance_blocked" not in eldercare.details  # Quanzhou says nothing of acceptance


def test_moving_the_rooms_to_phase_1_passes() -> None:
    moved = two_phases(*(dataclasses.replace(f, phase="1") for f in ALL_IN_PHASE_2))
    for rule_id in ("eldercare.phased.new", "childcare.phased.new"):
        assert finding(moved, "quanzhou", rule_id).status == "pass"
    # just enough in phase 1 (180 m²), the rest in phase 2
    split = two_phases(
        Facility("E1", "eldercare", area_m2=180, phase="1"),
        Facility("E2", "eldercare", area_m2=220, phase="2"),
    )
    assert finding(split, "quanzhou", "eldercare.phased.new").status == "pass"
    short = two_phases(
        Facility("E1", "eldercare", area_m2=179.99, phase="1"),
        Facility("E2", "eldercare", area_m2=220, phase="2"),
    )
    assert finding(short, "quanzhou", "eldercare.phased.new").shortfall == pytest.approx(0.01)


def test_qidong_blocks_completion_acceptance_of_the_failing_phase(run_cli, tmp_path: Path) -> None:
    project = two_phases(*ALL_IN_PHASE_2)
    eldercare = finding(project, "qidong", "eldercare.phased.new")
    assert eldercare.status == "fail"
    assert eldercare.details["acceptance_blocked"] == ["1"]
    assert [p["acceptance_blocked"] for p in eldercare.details["phases"]] == [True, False]
    assert "四(二)3" in eldercare.citation.clause and "不得组织竣工验收" in eldercare.citation.clause
    assert "may not be organised until corrected" in eldercare.message["en"]
    assert "在整改到位前建设单位不得组织竣工验收" in eldercare.message["zh"]
    passing = two_phases(*(dataclasses.replace(f, phase="1") for f in ALL_IN_PHASE_2))
    assert "acceptance_blocked" not in finding(passing, "qidong", "eldercare.phased.new").details


def test_reports_show_the_phase_table_and_the_block(run_cli, tmp_path: Path) -> None:
    from conftest import SAMPLES

    sample = SAMPLES / "qidong_phased_estate.xlsx"
    table = run_cli("check", sample, "--rules", "qidong", "--lang", "en")
    assert table.code == 1
    assert "Phase by phase (cumulative)" in table.out
    assert "Completion acceptance (竣工验收) blocked until corrected for phase 1" in table.out
    document = json.loads(run_cli("check", sample, "--rules", "qidong", "--format", "json").out)
    phased = {r["id"]: r for r in document["results"] if r["metric"] == "phased_delivery"}
    assert phased["eldercare.phased.new"]["details"]["acceptance_blocked"] == ["1"]
    page = tmp_path / "r.html"
    run_cli("check", sample, "--rules", "qidong", "--format", "html", "--lang", "zh", "-o", page)
    html = page.read_text("utf-8")
    assert 'class="blocked"' in html and "整改到位前建设单位不得组织竣工验收" in html
    assert 'class="phase-chart"' in html and 'table class="phases"' in html
    out = tmp_path / "r.xlsx"
    run_cli("check", sample, "--rules", "qidong", "--format", "xlsx", "--lang", "zh", "-o", out)
    book = load_workbook(out)
    assert "分期" in book.sheetnames
    rows = list(book["分期"].iter_rows(values_only=True))
    assert rows[1][:2] == ("养老服务用房分期同步交付", "第1期") and rows[1][-1] == "整改到位前不得组织"
    # no phases, no sheet
    plain = tmp_path / "plain.xlsx"
    run_cli(
        "check", SAMPLES / "quanzhou_new_estate.xlsx", "--rules", "quanzhou", "--format", "xlsx", "-o", plain
    )
    assert not {"分期", "phases"} & set(load_workbook(plain).sheetnames)


def test_rooms_built_but_not_handed_over_do_not_count() -> None:
    """建而不交: phase 1's housing is handed over, its rooms only built."""
    project = two_phases(
        Facility("E1", "eldercare", area_m2=400, phase="1", status="built"),
        statuses=("handed_over", "planned"),
    )
    result = finding(project, "qidong", "eldercare.phased.new")
    phase_1 = result.details["phases"][0]
    assert phase_1["behind_housing"] == ["E1"] and phase_1["delivered"] == 0
    assert phase_1["status"] == "handed_over" and phase_1["acceptance_blocked"]
    handed = two_phases(
        Facility("E1", "eldercare", area_m2=400, phase="1", status="handed_over"),
        statuses=("handed_over", "planned"),
    )
    assert finding(handed, "qidong", "eldercare.phased.new").status == "pass"


def test_unphased_projects_and_missing_phases() -> None:
    plain = dataclasses.replace(
        two_phases(*ALL_IN_PHASE_2),
        buildings=(Building("A", 600), Building("B", 400)),
        facilities=(Facility("E", "eldercare", area_m2=400),),
    )
    assert finding(plain, "quanzhou", "eldercare.phased.new").status == "not_applicable"
    partly = two_phases(Facility("E", "eldercare", area_m2=400))
    missing = finding(partly, "quanzhou", "eldercare.phased.new")
    assert missing.status == "insufficient_data" and "facility E" in missing.message["en"]


def test_dates_order_phases() -> None:
    project = dataclasses.replace(
        two_phases(),
        buildings=(Building("A", 600, phase="2026-06"), Building("B", 400, phase="2027")),
        facilities=(Facility("E", "eldercare", area_m2=400, phase="2026-12-31"),),
    )
    phases = finding(project, "quanzhou", "eldercare.phased.new").details["phases"]
    assert [p["phase"] for p in phases] == ["2026-06", "2026-12-31", "2027"]
    assert [p["shortfall"] for p in phases] == [180, 0, 0]


@pytest.mark.parametrize(
    ("text", "storeys"),
    [
        ("1", (1, 1)),
        ("1F", (1, 1)),
        ("一层", (1, 1)),
        ("首层", (1, 1)),
        ("B1", (-1, -1)),
        ("-1", (-1, -1)),
        ("地下一层", (-1, -1)),
        ("半地下室", (-1, -1)),
        ("1-2", (1, 2)),
        ("1–3层", (1, 3)),
        ("一至二层", (1, 2)),
        ("B1-1", (-1, 1)),
        ("１、３", (1, 3)),
        ("十二层", (12, 12)),
    ],
)
def test_storeys_as_written(text: str, storeys: tuple[int, int]) -> None:
    assert parse_storeys(text) == storeys


@pytest.mark.parametrize("text", ["0", "约3层", "屋顶", "1-", "abc", "999"])
def test_not_storeys(text: str) -> None:
    with pytest.raises(ValueProblem, match="expected a storey"):
        parse_storeys(text)


@pytest.mark.parametrize(
    ("value", "phase"),
    [
        (1, "1"),
        (2.0, "2"),
        ("一期", "1"),
        ("第二期", "2"),
        ("phase 3", "3"),
        ("2026", "2026"),
        ("2026年6月", "2026-06"),
        ("2026/6/30", "2026-06-30"),
    ],
)
def test_phases_as_written(value: object, phase: str) -> None:
    assert parse_phase(value) == phase


def test_phase_order() -> None:
    assert sorted(["2027", "2026-06-30", "2026", "2026-06"], key=phase_key) == [
        "2026-06-30",
        "2026-06",
        "2026",
        "2027",
    ]


def test_childcare_room_on_the_4th_storey_or_below_ground_fails_with_the_clause() -> None:
    def rooms(floor: str) -> Project:
        return dataclasses.replace(
            two_phases(), facilities=(Facility("C1", "childcare", area_m2=100, places=10, floor=floor),)
        )

    below = finding(rooms("B1"), "quanzhou", "childcare.placement.storeys")
    assert below.status == "fail" and below.citation.clause.startswith("4.1.3")
    assert "JGJ 39-2016" in below.citation.text and "VERIFIED-P" in below.citation.note
    fourth = finding(rooms("4"), "design", "childcare.placement.highest_storey")
    assert fourth.status == "fail" and fourth.citation.clause.startswith("5.4.4")
    assert "VERIFIED-S" in fourth.citation.note
    assert finding(rooms("1-3"), "design", "childcare.placement.highest_storey").status == "pass"


def test_eldercare_lift_and_entrance_in_the_design_profile() -> None:
    def room(**fields: object) -> Project:
        return dataclasses.replace(
            two_phases(), facilities=(Facility("E1", "eldercare", area_m2=400, **fields),)
        )

    assert finding(room(floor="2", lift=False), "design", "eldercare.placement.lift").status == "fail"
    assert finding(room(floor="2", lift=True), "design", "eldercare.placement.lift").status == "pass"
    assert finding(room(floor="1", lift=False), "design", "eldercare.placement.lift").status == "pass"
    assert finding(room(floor="B1", lift=False), "design", "eldercare.placement.lift").status == "fail"
    assert finding(room(floor="2"), "design", "eldercare.placement.lift").status == "insufficient_data"
    assert finding(room(floor="1", entrance=False), "design", "eldercare.placement.entrance").status == "fail"
    assert finding(room(floor="1"), "design", "eldercare.placement.entrance").status == "not_applicable"


def test_phased_sample_reads_every_new_field() -> None:
    from conftest import SAMPLES

    project = read_project(SAMPLES / "qidong_phased_estate.xlsx")
    assert {b.phase for b in project.buildings} == {"1", "2"}
    assert {b.status for b in project.buildings} == {"handed_over", "planned"}
    assert all(f.phase == "2" and f.storeys is not None for f in project.facilities)
    assert {f.entrance for f in project.facilities} == {True}


def test_template_has_the_new_columns(tmp_path: Path) -> None:
    from laoxiao_check.io.template import write_template

    out = tmp_path / "t.xlsx"
    write_template(out, "zh")
    book = load_workbook(out)
    assert {"分期", "交付状态"} <= {c.value for c in book["楼栋"][1]}
    assert {"分期", "交付状态", "独立出入口", "电梯"} <= {c.value for c in book["配套设施"][1]}


def test_gis_layers_carry_phases_only_for_phased_projects(run_cli, tmp_path: Path) -> None:
    from conftest import SAMPLES

    phased = tmp_path / "phased.geojson"
    run_cli(
        "check",
        SAMPLES / "qidong_phased_estate.xlsx",
        "--rules",
        "qidong",
        "--format",
        "geojson",
        "-o",
        phased,
    )
    features = json.loads(phased.read_text("utf-8"))["features"]
    rooms = [f["properties"] for f in features if f["properties"]["layer"] == "facilities"]
    assert {(r["phase"], r["status"]) for r in rooms} == {("2", "planned")}
    plain = tmp_path / "plain.geojson"
    run_cli(
        "check", SAMPLES / "yuxi_new_estate.geojson", "--rules", "yuxi", "--format", "geojson", "-o", plain
    )
    assert all("phase" not in f["properties"] for f in json.loads(plain.read_text("utf-8"))["features"])
