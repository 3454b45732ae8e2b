"""The coverage kind's judgement of distances measured beforehand (``rules/kinds/coverage.judge``).

Each case gives a level and its buildings' distances as ``spatial/coverage.py`` hands them over,
and the result worked out by hand: households covered, share, status at the bound, the whole
message in both languages, the buildings outside and an estate's note on why.
"""

from __future__ import annotations

import pytest

from laoxiao_check.model.check import (
    NOTE_CUT_OFF,
    NOTE_FACILITY_UNSNAPPED,
    NOTE_NO_FACILITY_ON_PIECE,
    NOTE_UNSNAPPED,
    CoverageLevel,
    LevelDistances,
    Unmeasured,
)
from laoxiao_check.rules.kinds.coverage import judge


def level(distance: float = 1000, ratio: float = 1.0, inclusive: bool = True) -> CoverageLevel:
    return CoverageLevel("eldercare.coverage.x", "eldercare", "15min", distance, ratio, inclusive=inclusive)


def measured(
    lvl: CoverageLevel,
    households: list[int],
    nearest: list[float | None],
    covered: list[bool],
    reasons: list[str],
    method: str = "network",
    has_facility: bool = True,
    off_main: list[bool] | None = None,
) -> LevelDistances:
    ids = [chr(ord("A") + i) for i in range(len(households))]
    return LevelDistances(
        lvl, method, "EPSG:4547", ids, households, nearest, covered, reasons, [], [], has_facility,
        off_main if off_main is not None else [False] * len(ids),
    )  # fmt: skip


def test_three_buildings_on_foot_one_beyond_fails_full_coverage() -> None:
    result = judge(
        measured(level(), [10, 20, 30], [100.0, 1000.0, None], [True, True, False], ["", "", "beyond"])
    )
    assert (result.status, result.households_total, result.households_covered, result.ratio) == (
        "fail",
        60,
        30,
        0.5,
    )
    assert result.message == {
        "en": "30 of 60 households (50.0%) within 1000 m of an eldercare facility walking along the network; "
        "100% required; 1 building outside",
        "zh": "沿步行路网1000米内有养老设施的住户30户/共60户（50.0%），要求100%；1栋楼在范围外",
    }
    assert result.uncovered == ({"building": "C", "households": 30, "nearest_m": None, "reason": "beyond"},)
    assert result.nearest_m == 100.0 and result.distances == {"A": 100.0, "B": 1000.0, "C": None}
    assert result.note == "" and result.within == "≤"


@pytest.mark.parametrize(("ratio", "status"), [(0.5, "pass"), (0.51, "fail")])
def test_a_share_below_one_is_met_at_exactly_its_figure(ratio: float, status: str) -> None:
    """1 of 2 households is 50 %: it meets 50 % exactly and misses 51 % (Guizhou's strict radius)."""
    lvl = level(700, ratio, inclusive=False)
    result = judge(
        measured(
            lvl, [1, 1], [699.0, 700.0], [True, False], ["", "beyond"], "straight_line", has_facility=False
        )
    )
    assert (result.status, result.households_covered, result.within) == (status, 1, "<")
    percent = f"{ratio:.0%}"
    assert result.message == {
        "en": "1 of 2 households (50.0%) less than 700 m of an eldercare facility in a straight line; "
        f"{percent} required; the project has no eldercare facility; 1 building outside",
        "zh": f"直线距离小于700米内有养老设施的住户1户/共2户（50.0%），要求{percent}；"
        "项目无养老设施；1栋楼在范围外",
    }


def test_thousands_are_separated_in_english_only() -> None:
    result = judge(measured(level(1000, 0.6), [1234, 766], [10.0, 2000.0], [True, False], ["", "beyond"]))
    assert result.status == "pass"  # 1,234 ≥ 0.6 × 2,000 = 1,200
    assert result.message["en"].startswith("1,234 of 2,000 households (61.7%) within 1000 m")
    assert "住户1234户/共2000户（61.7%），要求60%" in result.message["zh"]


def test_every_household_covered_passes_and_names_no_building() -> None:
    result = judge(measured(level(), [10, 20], [5.0, 1000.0], [True, True], ["", ""]))
    assert (result.status, result.households_covered, result.ratio, result.uncovered) == ("pass", 30, 1.0, ())
    assert result.message["en"].endswith("100% required")


@pytest.mark.parametrize(
    ("reason", "off_main", "note"),
    [
        ("unsnapped", False, NOTE_UNSNAPPED),
        ("cut_off", True, NOTE_CUT_OFF),
        ("cut_off", False, NOTE_NO_FACILITY_ON_PIECE),
        ("beyond", True, NOTE_CUT_OFF),
        ("beyond", False, ""),
        ("facility_unsnapped", False, NOTE_FACILITY_UNSNAPPED),
        ("no_facility", False, ""),
    ],
)
def test_an_estate_beyond_reach_says_why_in_a_note(reason: str, off_main: bool, note: str) -> None:
    result = judge(measured(level(), [120], [1500.0], [False], [reason], off_main=[off_main]))
    assert (result.status, result.households_covered, result.note) == ("fail", 0, note)
    assert result.uncovered == ({"building": "A", "households": 120, "nearest_m": 1500.0, "reason": reason},)
    assert result.nearest_m == 1500.0


def test_an_estate_covered_on_a_cut_off_piece_is_noted() -> None:
    result = judge(measured(level(), [120], [900.0], [True], ["beyond"], off_main=[True]))
    assert (result.status, result.households_covered, result.note, result.uncovered) == (
        "pass",
        120,
        NOTE_CUT_OFF,
        (),
    )


def test_no_households_is_not_applicable() -> None:
    result = judge(measured(level(), [0], [10.0], [True], [""]))
    assert (result.status, result.ratio) == ("not_applicable", None)
    assert result.message == {"en": "the buildings have no households", "zh": "楼栋户数为零"}


def test_unmeasured_is_insufficient_data_with_its_reason() -> None:
    why = {"en": "no coordinates", "zh": "无坐标"}
    result = judge(Unmeasured(level(), "straight_line", 80, why, "no coordinates"))
    assert (result.status, result.households_total, result.households_covered, result.ratio) == (
        "insufficient_data", 80, 0, None,
    )  # fmt: skip
    assert (result.message, result.note, result.method) == (why, "no coordinates", "straight_line")
    assert (result.required_ratio, result.inclusive, result.within) == (1.0, True, "≤")


def test_unmeasured_keeps_a_strict_bound_for_its_header() -> None:
    """A rule of "less than" (应小于) 1,000 m keeps its < though nothing was measured."""
    result = judge(Unmeasured(level(inclusive=False), "network", 80, {"en": "-", "zh": "-"}, ""))
    assert (result.inclusive, result.within) == (False, "<")


def test_a_coverage_rule_judged_without_its_measurement_is_insufficient_data() -> None:
    """Called without the coverage measured for the rule (the library used directly)."""
    from laoxiao_check.model.records import Project
    from laoxiao_check.rules import evaluate
    from laoxiao_check.rules.base import CheckContext
    from laoxiao_check.rules.profiles import load_profile

    (rule,) = [r for r in load_profile("quanzhou").rules if r.id == "eldercare.coverage.15min"]
    project = Project("p", "new", 100, "project", 320, False, None)
    found = evaluate(rule, project, CheckContext(persons_per_household=3.2, coverage={}))
    assert (found.id, found.status, found.required, found.provided) == (
        rule.id,
        "insufficient_data",
        None,
        None,
    )
    assert found.message == {"en": "coverage was not computed", "zh": "未计算覆盖率"}


def test_a_project_of_several_buildings_carries_no_estate_note() -> None:
    """The note says why an estate (one point) is beyond reach; a project's buildings are listed instead."""
    result = judge(
        measured(level(), [10, 20], [None, 10.0], [False, True], ["unsnapped", ""], off_main=[True, False])
    )
    assert (result.status, result.note) == ("fail", "")
    assert result.uncovered == (
        {"building": "A", "households": 10, "nearest_m": None, "reason": "unsnapped"},
    )
