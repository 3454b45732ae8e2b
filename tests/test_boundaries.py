"""Every figure of every bundled profile, at its boundary: one pass, one fail."""

from __future__ import annotations

import dataclasses
import math
from pathlib import Path

import pytest
import yaml

from laoxiao_check.model.records import Building, CommunityFacilities, Facility, Project
from laoxiao_check.rules.profiles import bundled_ids, load_profile
from laoxiao_check.services import check as api

CASES = yaml.safe_load((Path(__file__).parent / "cases" / "boundaries.yaml").read_text("utf-8"))
ROWS = [(profile, row) for profile, rows in CASES.items() for row in rows]
COVERAGE_KINDS = {"coverage"}
PLACEMENT_KINDS = ("storey_limits", "own_entrance", "lift_from_storey")


def project(kind: str, households: int, population: float | None, facilities: list[Facility]) -> Project:
    return Project(
        name="boundary",
        kind=kind,
        households=households,
        households_source="project",
        population=population,
        population_estimated=False,
        crs=None,
        facilities=tuple(facilities),
    )


def result_of(profile_id: str, rule_id: str, subject: Project):
    result = api.check_project(subject, load_profile(profile_id))
    (finding,) = [f for f in result.findings if f.id == rule_id]
    return finding


def cases_at_boundary(row: dict) -> tuple[Project, Project]:
    """A project exactly at the figure (pass) and one just short of it (fail); a rule that
    binds only renovation projects gets projects marked so."""
    at_figure, below = _cases_at_boundary(row)
    if row.get("renovation"):
        at_figure, below = (dataclasses.replace(p, renovation=True) for p in (at_figure, below))
    if row.get("urban"):  # Guizhou's 90 places: urban communities (城市社区) only
        at_figure, below = (dataclasses.replace(p, community_type="urban") for p in (at_figure, below))
    return at_figure, below


def _cases_at_boundary(row: dict) -> tuple[Project, Project]:
    kind = row["kind"]
    category = row["rule"].split(".")[0]
    if "rate_m2_per_100_households" in row:
        households = 1234
        required = row["rate_m2_per_100_households"] * households / 100

        def at(area: float) -> Project:
            return project(kind, households, 4000, [Facility("F", category, area_m2=area)])

        return at(required), at(required - 0.01)
    if "min_site_area_m2" in row:
        minimum = row["min_site_area_m2"]

        # the site rule alone: enough total area, the smaller site sits at the minimum
        def sites(area: float) -> Project:
            return project(
                kind,
                100,
                320,
                [
                    Facility("A", category, area_m2=area, site="A"),
                    Facility("B", category, area_m2=5000, site="B"),
                ],
            )

        return sites(minimum), sites(minimum - 0.01)
    if "rate_places_per_1000" in row:
        population = 3950
        required = math.ceil(row["rate_places_per_1000"] * population / 1000)

        def places(count: int) -> Project:
            return project(kind, 1234, population, [Facility("C", category, area_m2=100, places=count)])

        return places(required), places(required - 1)
    if "min_places" in row:
        population = row.get("population_at_least", 100_000)

        def places(count: int) -> Project:
            return project(kind, 6000, population, [Facility("C", category, area_m2=100, places=count)])

        return places(row["min_places"]), places(row["min_places"] - 1)
    if "min_count" in row:
        minimum = row["min_count"]
        service = (row.get("service_words") or [None])[0]

        def make(n: int) -> Project:
            facilities = [
                Facility(f"C{i}", category, area_m2=10, places=1, service=service) for i in range(n)
            ]
            if row.get("institutions"):  # a second room of each institution counts for nothing
                facilities += [dataclasses.replace(f, id=f"{f.id}b", institution=f.id) for f in facilities]
                facilities = [dataclasses.replace(f, institution=f.institution or f.id) for f in facilities]
            return project(kind, 100, 320, facilities)

        return make(minimum), make(minimum - 1)
    beds = beds_at_boundary(row, kind, category)
    if beds is not None:
        return beds
    if "rate_m2_per_resident" in row:
        population = 150_001
        required = row["rate_m2_per_resident"] * population

        def land(area: float) -> Project:
            return project(
                kind, 50_000, population, [Facility("L", category, area_m2=900, land_area_m2=area)]
            )

        return land(required), land(required - 0.01)
    if "min_share" in row:
        words = row.get("service_words")
        total = 41  # communities: the share falls between whole communities
        ending = (row.get("names_ending") or ["社区"])[0]

        def served(n: int) -> Project:
            name = f"{words[0]}中心" if words else "设施"
            listed = tuple(
                CommunityFacilities(
                    "区",
                    f"第{i}{ending}",
                    (Facility(name, category, area_m2=100, places=10),) if i < n else (),
                )
                for i in range(total)
            )
            if row.get("streets"):
                return dataclasses.replace(project(kind, 100, 320, []), streets=listed)
            return dataclasses.replace(project(kind, 100, 320, []), communities=listed)

        share = row["min_share"] * total
        needed = math.floor(share) + 1 if row.get("more_than") else math.ceil(share)
        return served(needed), served(needed - 1)
    if "phased_rate_m2_per_100_households" in row or "phased_rate_places_per_1000" in row:
        return phased_at_boundary(row)
    placement = placement_at_boundary(row)
    if placement is not None:
        return placement
    raise AssertionError(f"no boundary case for {row}")


def beds_at_boundary(row: dict, kind: str, category: str) -> tuple[Project, Project] | None:
    """Beds and inclusive places at each figure of the texts: the count that meets it and the
    one beside it that does not (a ceiling's: one more)."""

    def rooms(*facilities: Facility, elderly: float | None = None) -> Project:
        return dataclasses.replace(project(kind, 100, 320, list(facilities)), elderly=elderly)

    whole = 1_001  # beds or places: the share falls between whole ones
    if "min_inclusive_share" in row:
        needed = math.ceil(row["min_inclusive_share"] * whole)

        def inclusive(n: int) -> Project:
            return rooms(
                Facility("I", category, 100, places=n, inclusive=True),
                Facility("M", category, 100, places=whole - n, inclusive=False),
            )

        return inclusive(needed), inclusive(needed - 1)
    if "min_nursing_share" in row:
        share = row["min_nursing_share"] * whole
        needed = math.floor(share) + 1 if row.get("more_than") else math.ceil(share)

        def nursing(n: int) -> Project:
            return rooms(Facility("Y", category, 100, beds=whole, nursing_beds=n))

        return nursing(needed), nursing(needed - 1)
    if "max_government_share" in row:
        allowed = math.floor(row["max_government_share"] * whole)

        def government(n: int) -> Project:
            return rooms(
                Facility("G", category, 100, beds=n, operator="government"),
                Facility("P", category, 100, beds=whole - n, operator="private"),
            )

        return government(allowed), government(allowed + 1)
    if "rate_beds_per_1000_elderly" in row:
        elderly = 52_001
        needed = math.ceil(row["rate_beds_per_1000_elderly"] * elderly / 1000)

        def per_elderly(n: int) -> Project:
            beds = {"beds": 10 * n, "nursing_beds": n} if row.get("nursing") else {"beds": n}
            return rooms(Facility("Y", category, 100, **beds), elderly=elderly)

        return per_elderly(needed), per_elderly(needed - 1)
    if "min_beds" in row:

        def total(n: int) -> Project:
            return rooms(Facility("Y", category, 100, beds=n))

        return total(row["min_beds"]), total(row["min_beds"] - 1)
    return None


def phased_at_boundary(row: dict) -> tuple[Project, Project]:
    """Two phases (600 + 634 households): phase 1's rooms exactly at its need, then just short."""
    category = row["rule"].split(".")[0]
    buildings = (
        Building("A", 600, population=1950, phase="1"),
        Building("B", 634, population=2000, phase="2"),
    )
    if "phased_rate_m2_per_100_households" in row:
        rate = row["phased_rate_m2_per_100_households"]
        first, total = rate * 600 / 100, rate * 1234 / 100

        def rooms(area: float) -> list[Facility]:
            return [
                Facility("P1", category, area_m2=area, places=1000, phase="1"),
                Facility("P2", category, area_m2=total, places=1000, phase="2"),
            ]

        pass_rooms, fail_rooms = rooms(first), rooms(first - 0.01)
    else:
        rate = row["phased_rate_places_per_1000"]
        first_places = math.ceil(rate * 1950 / 1000)

        def rooms(count: int) -> list[Facility]:
            return [
                Facility("P1", category, area_m2=5000, places=count, phase="1"),
                Facility("P2", category, area_m2=5000, places=1000, phase="2"),
            ]

        pass_rooms, fail_rooms = rooms(first_places), rooms(first_places - 1)

    def phased(facilities: list[Facility]) -> Project:
        return dataclasses.replace(
            project(row["kind"], 1234, 3950, facilities), buildings=buildings, households_source="buildings"
        )

    return phased(pass_rooms), phased(fail_rooms)


def placement_at_boundary(row: dict) -> tuple[Project, Project] | None:
    """A room at the allowed storey (or with what is asked) and one just beyond it."""
    kind, category = row["kind"], row["rule"].split(".")[0]

    def room(**fields: object) -> Project:
        return project(kind, 100, 320, [Facility("R", category, area_m2=500, places=100, **fields)])

    if "highest_storey" in row:
        top = row["highest_storey"]
        return room(floor=f"1-{top}"), room(floor=f"{top}-{top + 1}")
    if "lowest_storey" in row:
        bottom = row["lowest_storey"]
        return room(floor=str(bottom)), room(floor=str(bottom - 1 or -1))
    if row.get("below_ground") is False:
        return room(floor="1"), room(floor="B1")
    if "from_storey" in row:
        storey = row["from_storey"]
        return room(floor=str(storey - 1), lift=False), room(floor=str(storey), lift=False)
    if row.get("own_entrance"):
        return room(floor="1", entrance=True), room(floor="1", entrance=False)
    return None


@pytest.mark.parametrize(("profile_id", "row"), ROWS, ids=[f"{p}:{r['kind']}:{r['rule']}" for p, r in ROWS])
def test_figure_at_boundary(profile_id: str, row: dict) -> None:
    binding = row.get("binding", "target" if row.get("target_year") else "binds")
    if row.get("no_figure"):  # the text sets no figure: shown, never judged on another's
        for households in (0, 100, 10_000):
            found = result_of(profile_id, row["rule"], project(row["kind"], households, None, []))
            assert (found.status, found.binding, found.source) == (
                "not_applicable",
                "advisory",
                row["source"],
            )
            assert "no figure" in found.message["en"] and found.citation.clause
        return
    at_figure, below = cases_at_boundary(row)
    scope = row.get("scope", "project")
    if scope != "project":  # a wider rule is not judged on a single project…
        plain = result_of(profile_id, row["rule"], at_figure)
        assert plain.status == "not_applicable" and f"checked at {scope} level" in plain.message["en"]
        # …but on a project that declares it forms the whole community (district, city)
        at_figure, below = (dataclasses.replace(p, scope=scope) for p in (at_figure, below))
    passing = result_of(profile_id, row["rule"], at_figure)
    failing = result_of(profile_id, row["rule"], below)
    assert (passing.scope, passing.target_year) == (scope, row.get("target_year"))
    assert passing.binding == failing.binding == binding
    assert passing.status == "pass", passing.message
    assert failing.status == "fail", failing.message
    assert passing.source == row["source"]
    assert failing.shortfall and failing.shortfall > 0
    assert passing.citation.document and passing.citation.clause


@pytest.mark.parametrize("profile_id", sorted(CASES))
def test_profile_rules_are_those_listed(profile_id: str) -> None:
    profile = load_profile(profile_id)
    listed = {(r["rule"], r["kind"]) for r in CASES[profile_id]}
    actual = {
        (rule.id, kind)
        for rule in profile.rules
        if rule.kind not in COVERAGE_KINDS
        for kind in rule.project_kinds
    }
    assert actual == listed
    for row in CASES[profile_id]:
        (rule,) = [r for r in profile.rules if r.id == row["rule"]]
        for key in (
            "rate_m2_per_100_households",
            "min_site_area_m2",
            "rate_places_per_1000",
            "min_places",
            "min_count",
            "below_ground",
            "lowest_storey",
            "highest_storey",
            "from_storey",
            "acceptance_blocked",
            "phased_rate_m2_per_100_households",
            "phased_rate_places_per_1000",
        ):
            if key in row:
                assert rule.params[key.removeprefix("phased_")] == row[key]
        if "population_at_least" in row:
            urban = {"urban": True} if row.get("urban") else {}
            assert rule.applies_when == {"population_at_least": row["population_at_least"], **urban}
        for key, param in (
            ("min_inclusive_share", "min_share"),
            ("min_nursing_share", "min_share"),
            ("max_government_share", "max_share"),
            ("rate_beds_per_1000_elderly", "rate_beds_per_1000_elderly"),
            ("min_beds", "min_beds"),
            ("min_share", "min_share"),
        ):
            if key in row:
                assert rule.params[param] == row[key], (row["rule"], key)
        assert bool(row.get("institutions")) == (rule.params.get("count") == "institutions"), row["rule"]


def test_every_bundled_profile_is_in_the_table() -> None:
    assert set(bundled_ids()) == set(CASES)


def test_threshold_rule_not_applicable_below_threshold() -> None:
    small = project("new", 6000, 19999, [Facility("C", "childcare", area_m2=100, places=10)])
    small = dataclasses.replace(small, scope="community")
    finding = result_of("guizhou", "childcare.community_places", small)
    assert finding.status == "not_applicable"
    assert "20000" in finding.message["en"]


def test_national_has_no_childcare_quota_and_baseline_is_marked_unconfirmed() -> None:
    profile = load_profile("national")
    quotas = [
        r for r in profile.rules if r.kind not in ("coverage", *PLACEMENT_KINDS) and r.scope == "project"
    ]
    assert {r.category for r in quotas} == {"eldercare"}
    # the Guangdong pair: labelled as a reference, never binding, its title not invented
    assert all(r.binding == "advisory" and "not seen" in r.citation.note for r in quotas)
    assert "原文件未见" in profile.documents["national_baseline"].document
    assert profile.persons_per_household == 3.2
    assert profile.targets["childcare_places_per_1000"] == 4.5
