"""Rule arithmetic, data-driven from tests/cases/rules.yaml."""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from conftest import ascii_id

from laoxiao_check.model.records import Building, CommunityFacilities, Facility, Project
from laoxiao_check.rules.profiles import load_profile
from laoxiao_check.services import check as api

CASE_DIR = Path(__file__).parent / "cases"
CASES = yaml.safe_load((CASE_DIR / "rules.yaml").read_text("utf-8"))


def profile_of(case: dict):
    """A bundled profile by name, or a test profile's file beside the cases (``profiles/x.yaml``)."""
    name = case["profile"]
    return load_profile(str(CASE_DIR / name) if name.endswith(".yaml") else name)


def facility(row: list | dict) -> Facility:
    """A facility as a row ``[id, category, area_m2, places, site, floor?]`` or a mapping of its fields."""
    if isinstance(row, dict):
        return Facility(**row)
    return Facility(
        id=row[0], category=row[1], area_m2=row[2], places=row[3], site=row[4], floor=(row[5:] or [None])[0]
    )


def build(case: dict) -> Project:
    facilities = tuple(facility(f) for f in case["facilities"])
    project = Project(
        name=case["name"],
        kind=case["kind"],
        households=case["households"],
        households_source="project",
        population=case.get("population"),
        population_estimated=False,
        crs=None,
        facilities=facilities,
        buildings=tuple(Building(**b) for b in case.get("buildings", ())),
        communities=tuple(
            CommunityFacilities(c["district"], c["name"], tuple(facility(f) for f in c.get("facilities", ())))
            for c in case["communities"]
        )
        if "communities" in case
        else None,
        streets=tuple(
            CommunityFacilities(c["district"], c["name"], tuple(facility(f) for f in c.get("facilities", ())))
            for c in case["streets"]
        )
        if "streets" in case
        else None,
    )
    return dataclasses.replace(project, **case.get("project", {}))


@pytest.mark.parametrize("case", CASES, ids=[ascii_id(c["name"]) for c in CASES])
def test_rule_case(case: dict) -> None:
    result = api.check_project(build(case), profile_of(case))
    findings = {f.id: f for f in result.findings}
    for rule_id, expected in case["expect"].items():
        finding = findings[rule_id]
        assert finding.status == expected["status"], finding.message
        for key in ("required", "provided", "shortfall"):
            if key in expected and expected[key] is None:
                assert getattr(finding, key) is None, key
            elif key in expected:
                assert getattr(finding, key) == pytest.approx(expected[key], abs=1e-9), key
        for text in expected.get("message_has", []):
            assert text in finding.message["en"]
        if "message" in expected:  # the whole sentence, as a reviewer reads it
            assert finding.message["en"] == expected["message"]
        if "message_zh" in expected:
            assert finding.message["zh"] == expected["message_zh"]
        for key in ("unit", "estimated"):
            if key in expected:
                assert getattr(finding, key) == expected[key], key
        if "requirement" in expected:  # the rule in words, both languages
            assert finding.requirement == expected["requirement"]
        if "details" in expected:  # every detail but the rule's informational flag, exactly
            assert {k: v for k, v in finding.details.items() if k != "informational"} == expected["details"]
        assert finding.message["zh"]
    if "verdict" in case:
        assert result.verdict == case["verdict"]


def test_same_input_same_json(run_cli) -> None:
    from conftest import SAMPLES

    sample = SAMPLES / "quanzhou_new_estate_short.xlsx"
    first = run_cli("check", sample, "--rules", "quanzhou", "--format", "json")
    second = run_cli("check", sample, "--rules", "quanzhou", "--format", "json")
    assert first.code == second.code == 1
    assert first.out == second.out


def test_category_kind_and_status_literals_are_the_models() -> None:
    from typing import get_args

    from laoxiao_check.model.records import CATEGORIES, PROJECT_KINDS, Category, ProjectKind, Status
    from laoxiao_check.rules.base import as_status, is_category, is_project_kind

    assert get_args(Category) == CATEGORIES and get_args(ProjectKind) == PROJECT_KINDS
    assert is_category("eldercare") and not is_category("Eldercare") and not is_category(["eldercare"])
    assert is_project_kind("existing") and not is_project_kind("any")
    assert [as_status(s) for s in get_args(Status)] == list(get_args(Status))
    with pytest.raises(ValueError, match="not a status"):
        as_status("passed")


@pytest.mark.parametrize(
    ("verdict", "parts_failed", "code"),
    [("pass", False, 0), ("pass", True, 1), ("fail", False, 1), ("incomplete", False, 1), ("fail", True, 1)],
)
def test_exit_code_of_a_verdict(verdict: str, parts_failed: bool, code: int) -> None:
    """Only a pass with every part run exits 0; fail and incomplete exit 1 (errors 2, bugs 3)."""
    from laoxiao_check.model.records import exit_code

    assert exit_code(verdict, parts_failed) == code


@pytest.mark.parametrize(
    ("profile", "target"),
    [
        ("quanzhou", (4.5, 2025)),
        ("wanzhou", (4.5, 2025)),
        ("profiles/targets.yaml", (3.5, None)),
        ("profiles/no_target.yaml", (None, None)),
    ],
)
def test_the_city_places_target_is_the_latest_city_rule_else_the_targets_key(profile, target) -> None:
    """Quanzhou's 2023/2024/2025 rules give 2025's 4.5; a profile without a city places rule takes
    its ``targets`` figure (no year), whatever other city rules on childcare it has."""
    from laoxiao_check.rules.kinds.places import city_places_target

    assert city_places_target(profile_of({"profile": profile})) == target


def test_land_details_list_at_most_fifty_rooms_of_each_kind() -> None:
    """A district of 51 rooms in housing and 51 facilities without land lists 50 of each."""
    rooms = tuple(
        Facility(f"R{i:02d}", "eldercare", area_m2=100, in_housing=True, place=f"row {i:02d}")
        for i in range(51)
    )
    unknown = tuple(Facility(f"U{i:02d}", "eldercare", area_m2=100) for i in range(51))
    given = (Facility("F", "eldercare", land_area_m2=5000),)
    project = dataclasses.replace(
        build({"name": "d", "kind": "existing", "households": None, "population": 10000, "facilities": []}),
        scope="district",
        facilities=rooms + unknown + given,
    )
    (found,) = [
        f
        for f in api.check_project(project, load_profile("wanzhou")).findings
        if f.id == "eldercare.land.district"
    ]
    assert found.status == "pass" and found.provided == 5000
    assert found.details["rooms_in_housing"] == [f"row {i:02d}" for i in range(50)]
    assert found.details["land_unknown"] == [f"U{i:02d}" for i in range(50)]


def test_a_community_share_lists_at_most_fifty_communities_without() -> None:
    communities = tuple(CommunityFacilities("D", f"c{i:02d}") for i in range(51))
    project = dataclasses.replace(
        build({"name": "city", "kind": "existing", "households": 1000, "facilities": []}),
        scope="city",
        communities=communities,
    )
    (found,) = [
        f
        for f in api.check_project(project, load_profile("yuxi")).findings
        if f.id == "eldercare.day_care.city_2025"
    ]
    assert (found.status, found.required, found.provided) == ("fail", 46, 0)  # ceil(0.9 × 51)
    assert (
        found.details["without"] == [f"D c{i:02d}" for i in range(50)] and found.details["communities"] == 51
    )


@pytest.mark.parametrize(
    ("status", "required", "provided", "shortfall"),
    [
        ("fail", 10, 4, 6),
        ("pass", 10, 12, 0),
        ("insufficient_data", 10, 4, None),  # figures known, but not judged: no gap to state
        ("pass", None, 4, None),
        ("fail", 10, None, None),
    ],
)
def test_a_shortfall_only_where_a_pass_or_fail_has_both_figures(
    status, required, provided, shortfall
) -> None:
    from laoxiao_check.rules import RULE_KINDS

    (rule,) = [r for r in load_profile("quanzhou").rules if r.id == "eldercare.floor_area.new"]
    found = RULE_KINDS[rule.kind].finding(
        rule, status, required=required, provided=provided, message_en="-", message_zh="-"
    )
    assert (found.required, found.provided, found.shortfall) == (required, provided, shortfall)
    assert (found.id, found.name, found.scope) == (rule.id, rule.name, "project")
    assert found.name == {"zh": "新建住宅区养老服务用房面积", "en": "Eldercare floor area (new estates)"}


def test_a_rule_built_by_hand_is_worded_by_its_kind_on_use() -> None:
    """Profiles word each rule once when loaded; a rule made without (the library used directly)
    is worded when judged, as its kind words it."""
    (loaded,) = [r for r in load_profile("quanzhou").rules if r.id == "eldercare.floor_area.new"]
    rule = dataclasses.replace(loaded, requirement=None)
    project = build(
        {"name": "p", "kind": "new", "households": 100, "facilities": [["E1", "eldercare", 30, None, None]]}
    )
    from laoxiao_check.rules import evaluate
    from laoxiao_check.rules.base import CheckContext

    found = evaluate(rule, project, CheckContext(persons_per_household=3.2, coverage={}))
    assert (
        found.requirement
        == loaded.requirement
        == {
            "en": "eldercare rooms ≥ 30 m² floor area per 100 households",
            "zh": "养老服务用房每百户建筑面积不少于30平方米",
        }
    )


def test_a_rule_of_another_level_shown_on_a_project_does_not_decide() -> None:
    """Wanzhou's land per resident binds a district: on one project it is shown, not counted."""
    from laoxiao_check.model.records import deciding
    from laoxiao_check.report.views.findings import counts_line

    project = build({"name": "p", "kind": "existing", "households": 100, "population": 320, "facilities": []})
    findings = {f.id: f for f in api.check_project(project, load_profile("wanzhou")).findings}
    land = findings["eldercare.land.district"]
    assert (land.binding, land.status, deciding(land)) == ("binds", "not_applicable", False)
    assert "binding" not in counts_line([land], "en")


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (3, "3"),
        (Decimal("3.00"), "3"),
        (2.5, "2.5"),
        (2.456, "2.46"),
        (10.001, "10"),
        (0.1 + 0.2, "0.3"),
        (1234567, "1234567"),
    ],
)
def test_a_figure_in_a_message_has_no_trailing_zeros(value, text) -> None:
    from laoxiao_check.rules.base import as_number, fmt

    assert fmt(value) == text
    assert repr(as_number(Decimal("3"))) == "3" and repr(as_number(Decimal("2.5"))) == "2.5"


STOREYS = ("eldercare.storeys.band", "profiles/placement.yaml")


@pytest.mark.parametrize(
    ("params", "en", "zh"),
    [
        ({"below_ground": True}, "eldercare rooms below ground allowed", "养老服务用房可设在地下"),
        (
            {"below_ground": True, "highest_storey": 3},
            "eldercare rooms not above storey 3",
            "养老服务用房不高于3层",
        ),
        ({"lowest_storey": -1}, "eldercare rooms not below B1", "养老服务用房不低于地下1层"),
        ({"below_ground": False}, "eldercare rooms not below ground", "养老服务用房不得设在地下或半地下"),
    ],
)
def test_storey_limits_in_words(params, en, zh) -> None:
    from laoxiao_check.rules import RULE_KINDS

    (loaded,) = [r for r in profile_of({"profile": STOREYS[1]}).rules if r.id == STOREYS[0]]
    rule = dataclasses.replace(loaded, params=params, requirement=None)
    assert RULE_KINDS["storey_limits"].requirement(rule) == {"en": en, "zh": zh}


WITHIN = "100% of households within 1000 m"
LESS = "100% of households less than 1000 m"


@pytest.mark.parametrize(
    ("params", "method", "en", "zh"),
    [
        (
            {"max_distance_m": 1000},
            None,
            f"{WITHIN} of an eldercare facility [15min]",
            "100%住户1000米范围内有养老设施（十五分钟生活圈）",
        ),
        (
            {"max_distance_m": 1000},
            "network",
            f"{WITHIN} of an eldercare facility on foot [15min]",
            "100%住户步行1000米内有养老设施（十五分钟生活圈）",
        ),
        (
            {"max_distance_m": 1000, "less_than": True},
            "straight_line",
            f"{LESS} of an eldercare facility in a straight line [15min]",
            "100%住户直线距离小于1000米内有养老设施（十五分钟生活圈）",
        ),
        (
            {"minutes": 15, "speed_kmh": 4},
            "network",
            f"{WITHIN} (15 min at 4 km/h) of an eldercare facility on foot [15min]",
            "100%住户步行1000米（15分钟，步速4千米/小时）内有养老设施（十五分钟生活圈）",
        ),
    ],
)
def test_coverage_in_words_by_the_way_it_was_measured(params, method, en, zh) -> None:
    from laoxiao_check.rules import RULE_KINDS

    (loaded,) = [r for r in load_profile("quanzhou").rules if r.id == "eldercare.coverage.15min"]
    rule = dataclasses.replace(loaded, params={"level": "15min", "required_ratio": 1.0, **params})
    assert RULE_KINDS["coverage"].worded(rule, method) == {"en": en, "zh": zh}


def test_coverage_words_are_kept_per_rule_and_method_and_bounded() -> None:
    """Worded once per rule and way of measuring (an audit asks for every estate), for at most
    1,024 of them at a time."""
    from laoxiao_check.rules import RULE_KINDS
    from laoxiao_check.rules.kinds.coverage import WORDED_AT_MOST

    kind = RULE_KINDS["coverage"]
    first, second = [r for r in load_profile("quanzhou").rules if r.kind == "coverage"][:2]
    kind._worded.clear()  # (loading a profile words its rules)
    words = kind.worded(first, "network")
    assert kind.worded(second, "network") is not words
    assert kind.worded(first, "network") is words and kind.worded(first, None) is not words
    rules = [dataclasses.replace(first, id=f"r{i}") for i in range(WORDED_AT_MOST + 1)]
    for rule in rules[: WORDED_AT_MOST - 3]:
        kind.worded(rule, "network")
    assert len(kind._worded) == WORDED_AT_MOST == 1024
    kind.worded(rules[-1], "network")
    assert len(kind._worded) == 1  # emptied when full, then this one kept
