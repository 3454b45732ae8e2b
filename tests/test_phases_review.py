"""Findings of an independent review of phased delivery and placement, as regression tests."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import workbook

from laoxiao_check.model.values import parse_storeys


def phased(
    path: Path, project_rows: list[list[object]], buildings: list[list[object]], rooms: list[list[object]]
):
    return workbook(
        path,
        {
            "project": [["name", "分期测试"], ["kind", "new"], *project_rows],
            "buildings": [["id", "households", "population", "phase"], *buildings],
            "facilities": [["id", "category", "area_m2", "places", "phase"], *rooms],
        },
    )


def results(run_cli, path: Path, rules: str) -> dict:
    run = run_cli("check", path, "--rules", rules, "--format", "json")
    document = json.loads(run.out)
    return {r["id"]: r for r in document["results"]} | {"warnings": document["warnings"]}


def test_shares_of_the_population_are_exact(run_cli, tmp_path: Path) -> None:
    """4,000 residents shared by 60/231/86 households used to add up to 4000.0000000000005 → 41."""
    path = phased(
        tmp_path / "p.xlsx",
        [["population", 4000]],
        [["B1", 60, None, 1], ["B2", 231, None, 2], ["B3", 86, None, 3]],
        [["E1", "eldercare", 400, None, 1], ["C1", "childcare", 200, 40, 1]],
    )
    found = results(run_cli, path, "quanzhou")
    assert found["childcare.phased.new"]["status"] == "pass"
    assert found["childcare.phased.new"]["details"]["phases"][-1]["required"] == 40


def test_phases_follow_the_projects_own_households(run_cli, tmp_path: Path) -> None:
    """The project says 1,200 households, its buildings 1,000: every rule uses 1,200."""
    path = phased(
        tmp_path / "p.xlsx",
        [["households", 1200]],
        [["B1", 600, None, 1], ["B2", 400, None, 2]],
        [["E1", "eldercare", 300, None, 1], ["C1", "childcare", 200, None, 1]],
    )
    found = results(run_cli, path, "qidong")
    assert found["eldercare.floor_area.new"]["required"] == found["eldercare.phased.new"]["required"] == 360
    assert found["eldercare.phased.new"]["status"] == "fail"


def test_phases_follow_the_projects_own_population(run_cli, tmp_path: Path) -> None:
    """The project says 5,000 residents, its buildings 4,000: every rule uses 5,000, with a warning."""
    path = phased(
        tmp_path / "p.xlsx",
        [["population", 5000]],
        [["B1", 600, 2400, 1], ["B2", 400, 1600, 2]],
        [["E1", "eldercare", 400, None, 1], ["C1", "childcare", 300, 40, 1]],
    )
    found = results(run_cli, path, "quanzhou")
    assert found["childcare.places.new"]["required"] == found["childcare.phased.new"]["required"] == 50
    assert found["childcare.phased.new"]["status"] == "fail"
    assert any("the project gives 5000, its buildings add up to 4000" in w for w in found["warnings"])


@pytest.mark.parametrize(
    ("text", "storeys"),
    [
        ("地下1-2层", (-2, -1)),
        ("地下一至二层", (-2, -1)),
        ("B1-B2", (-2, -1)),
        ("B1-1", (-1, 1)),
        ("1-2", (1, 2)),
    ],
)
def test_a_basement_range_stays_below_ground(text: str, storeys: tuple[int, int]) -> None:
    assert parse_storeys(text) == storeys


def test_the_template_keeps_floors_and_phases_as_text(tmp_path: Path, run_cli) -> None:
    from openpyxl import load_workbook

    run_cli("template", tmp_path / "t.xlsx", "--lang", "en")
    book = load_workbook(tmp_path / "t.xlsx")
    facilities = book["facilities"]
    headers = [c.value for c in facilities[1]]
    for name in ("floor", "phase"):
        column = next(i for i, h in enumerate(headers, start=1) if name in str(h).lower())
        assert facilities.cell(row=2, column=column).number_format == "@"


@pytest.mark.parametrize(
    ("word", "status"), [("已竣工", "built"), ("交房", "handed_over"), ("施工中", "planned")]
)
def test_common_status_words(word: str, status: str) -> None:
    from laoxiao_check.model.values import parse_delivery_status

    assert parse_delivery_status(word) == status
