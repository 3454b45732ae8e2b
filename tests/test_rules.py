"""Rule arithmetic, data-driven from tests/cases/rules.yaml."""

from __future__ import annotations

import dataclasses
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
        for key, value in expected.get("details", {}).items():
            assert finding.details[key] == value, key
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
