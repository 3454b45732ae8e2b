"""Verdicts a reviewer can sign: only what a text binds decides, every figure from its own document.

Each case is worked out by hand from the profile's figures and the seed texts."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
from conftest import SAMPLES
from helpers import feature, geojson, project_record

from laoxiao_check.model.errors import ProfileError
from laoxiao_check.model.records import Building, Facility, Project
from laoxiao_check.rules.profiles import load_profile
from laoxiao_check.services import check as api

QUANZHOU = (118.60, 24.90)
DEGREE_M = 111_000  # metres per degree of latitude, near enough for 1,500 m


def project(kind: str = "new", **fields: object) -> Project:
    """1,000 households, 3,200 residents."""
    return project_record(kind, **fields)


def finding(result, rule_id: str):
    (found,) = [f for f in result.findings if f.id == rule_id]
    return found


def test_rooms_1500_m_away_pass_with_the_circle_shown_short(tmp_path: Path, run_cli) -> None:
    """Quanzhou new estate, 1,000 households: 300 m² eldercare in one 400 m² site, 10 places per
    1,000 of 3,200 residents = 32; every building 1,500 m north of the rooms. The 15-minute circle
    (1,000 m) is a city-wide aim: shown short, never deciding."""
    x, y = QUANZHOU
    north = y + 1500 / DEGREE_M
    path = geojson(
        tmp_path / "p.geojson",
        [
            feature("building", x, north, id="B1", households=500),
            feature("building", x + 0.001, north, id="B2", households=500),
            feature("facility", x, y, id="E", category="eldercare", area_m2=400),
            feature("facility", x, y, id="C", category="childcare", area_m2=200, places=32),
        ],
        {"name": "远处", "kind": "new", "population": 3200},
    )
    run = run_cli("check", path, "--rules", "quanzhou", "--format", "json")
    document = json.loads(run.out)
    results = {r["id"]: r for r in document["results"]}
    assert run.code == 0 and document["verdict"] == "pass"
    circle = results["eldercare.coverage.15min"]
    assert circle["status"] == "fail" and circle["binding"] == "advisory" and circle["provided"] == 0
    coverage = next(c for c in document["coverage"] if (c["category"], c["level"]) == ("eldercare", "15min"))
    assert coverage["households_covered"] == 0 and coverage["households_total"] == 1000
    assert {u["building"] for u in coverage["uncovered"]} == {"B1", "B2"}
    assert all(1450 < u["nearest_m"] < 1600 for u in coverage["uncovered"])
    # a straight-line figure is never called a walk
    assert "直线距离" in circle["requirement"]["zh"] and "步行" not in circle["requirement"]["zh"]
    assert "in a straight line" in circle["requirement"]["en"]


def test_a_project_without_coordinates_passes_on_areas_and_places() -> None:
    rooms = (
        Facility("E", "eldercare", area_m2=400, site="S"),
        Facility("C", "childcare", area_m2=200, places=32),
    )
    result = api.check_project(project(facilities=rooms), load_profile("quanzhou"))
    assert finding(result, "eldercare.floor_area.new").status == "pass"  # 400 ≥ 1000 × 30 / 100
    assert finding(result, "childcare.places.new").status == "pass"  # 32 ≥ ceil(3200 × 10 / 1000)
    circle = finding(result, "childcare.coverage.15min")
    assert circle.status == "insufficient_data" and circle.binding == "advisory"
    assert result.verdict == "pass"


def test_yuxi_existing_estate_below_any_figure_is_not_failed() -> None:
    """Yuxi 三(六): existing estates make up gaps (补足) with no figure; Guangdong's 15 m² is not
    put in its place."""
    result = api.check_project(project(kind="existing", facilities=()), load_profile("yuxi"))
    eldercare = finding(result, "eldercare.floor_area.existing")
    assert eldercare.status == "not_applicable" and eldercare.binding == "advisory"
    assert eldercare.citation.clause.startswith("三(六)") and "no figure" in eldercare.message["en"]
    assert result.verdict != "fail"
    assert all(f.citation.document != "national_baseline" or f.binding == "advisory" for f in result.findings)


def placed(subject: Project) -> Project:
    """The project at one point (EPSG:4547 metres), its rooms there: every radius is met."""
    x, y = 500_000.0, 3_000_000.0
    rooms = tuple(dataclasses.replace(f, x=x, y=y) for f in subject.facilities)
    building = Building("B", subject.households, x=x + 10, y=y)
    return dataclasses.replace(
        subject, buildings=(building,), households_source="buildings", facilities=rooms, crs="EPSG:4547"
    )


@pytest.mark.parametrize(("area", "status"), [(350, "pass"), (349.99, "fail")])
def test_guizhou_each_room_at_least_350(area: float, status: str) -> None:
    """Guizhou's provincial notice: each room ≥ 350 m² (and 20 m² per 100 households: 200 m²)."""
    rooms = (
        Facility("A", "eldercare", area_m2=area, site="A"),
        Facility("B", "eldercare", area_m2=400, site="B"),
    )
    result = api.check_project(placed(project(facilities=rooms)), load_profile("guizhou"))
    site = finding(result, "eldercare.site_area.new")
    assert site.status == status and site.binding == "binds"
    assert "350" in site.citation.clause and "VERIFIED-S" in site.citation.note
    assert finding(result, "eldercare.floor_area.new").status == "pass"
    assert result.verdict == status


def test_guizhou_radius_is_less_than_700_m(tmp_path: Path) -> None:
    """ "应小于700米": a building exactly 700 m away is not covered; 699 m is."""
    x0, y0 = 500_000.0, 3_000_000.0  # EPSG:4547 (CGCS2000 / 3-degree GK CM 114E) metres
    rows = []
    for distance, status in ((699.0, "pass"), (700.0, "fail")):
        path = geojson(
            tmp_path / f"r{distance}.geojson",
            [
                feature("building", x0 + distance, y0, id="B", households=100),
                feature("facility", x0, y0, id="E", category="eldercare", area_m2=400),
            ],
            {"name": "r", "kind": "new", "households": 100},
            crs={"type": "name", "properties": {"name": "EPSG:4547"}},
        )
        from laoxiao_check.io import read_project

        result = api.check_project(read_project(path), load_profile("guizhou"))
        radius = finding(result, "eldercare.coverage.radius")
        rows.append((radius.status, radius.binding))
        assert radius.status == status, radius.message
    assert {b for _, b in rows} == {"binds"}


def test_qidong_handed_over_housing_with_built_rooms_fails_without_phases(run_cli) -> None:
    """建而不交: housing handed over, the eldercare rooms only built: not delivered, so the
    floor-area rule counts none of the 300 m² (1,000 × 30 / 100 asked) and completion
    acceptance is blocked (Qidong 四(二)3)."""
    run = run_cli(
        "check", SAMPLES / "qidong_handed_over_estate.xlsx", "--rules", "qidong", "--format", "json"
    )
    document = json.loads(run.out)
    results = {r["id"]: r for r in document["results"]}
    area = results["eldercare.floor_area.new"]
    assert run.code == 1 and document["verdict"] == "fail"
    assert (area["status"], area["required"], area["provided"], area["shortfall"]) == ("fail", 300, 0, 300)
    assert area["details"]["behind_housing"] == ["居家养老服务站"]
    assert area["details"]["acceptance_blocked"] is True
    childcare = results["childcare.floor_area.new"]
    assert (childcare["status"], childcare["provided"]) == ("pass", 200)  # handed over with the housing
    table = run_cli("check", SAMPLES / "qidong_handed_over_estate.xlsx", "--rules", "qidong", "--lang", "zh")
    assert "整改到位前建设单位不得组织竣工验收" in table.out and "同步交付" in table.out


def test_rooms_delivered_with_the_housing_count() -> None:
    buildings = (Building("A", 1000, status="handed_over"),)
    rooms = (
        Facility("E", "eldercare", area_m2=300, site="S", status="handed_over"),
        Facility("C", "childcare", area_m2=200, places=32, status="built"),
    )
    result = api.check_project(
        project(buildings=buildings, households_source="buildings", facilities=rooms),
        load_profile("quanzhou"),
    )
    assert finding(result, "eldercare.floor_area.new").status == "pass"
    places = finding(result, "childcare.places.new")  # 32 places built, housing handed over: 0 delivered
    assert (places.status, places.provided) == ("fail", 0) and "behind_housing" in places.details
    assert "acceptance_blocked" not in places.details  # Quanzhou's text names no such block


def test_a_missed_target_leaves_the_verdict_pass() -> None:
    """Guizhou (五): ≥ 90 places in an urban community of 20,000+ — an aim for 2025. A community
    of 22,400 with 89 places misses it; its binding rules pass, so the verdict passes."""
    rooms = (
        Facility("E", "eldercare", area_m2=1500, site="S"),
        Facility("C", "childcare", area_m2=900, places=89),
    )
    subject = project(households=7000, population=22400, scope="community", facilities=rooms)
    subject = dataclasses.replace(subject, community_type="urban")
    result = api.check_project(placed(subject), load_profile("guizhou"))
    target = finding(result, "childcare.community_places")
    assert (target.status, target.binding, target.target_year) == ("fail", "target", 2025)
    assert result.verdict == "pass"


def test_a_missed_target_reads_as_missed_never_fail(run_cli, tmp_path: Path) -> None:
    x, y = 106.63, 26.65
    path = geojson(
        tmp_path / "c.geojson",
        [
            feature("building", x, y, id="B", households=7000),
            feature("facility", x, y, id="E", category="eldercare", area_m2=1500),
            feature("facility", x, y, id="C", category="childcare", area_m2=900, places=89),
        ],
        {
            "name": "社区",
            "kind": "new",
            "population": 22400,
            "scope": "community",
            "community_type": "城市社区",
        },
    )
    english = run_cli("check", path, "--rules", "guizhou", "--lang", "en")
    chinese = run_cli("check", path, "--rules", "guizhou", "--lang", "zh")
    assert english.code == 0 and "target 2025: missed" in english.out and "PASS" in english.out
    assert "目标 2025：未达到" in chinese.out and "不达标" not in chinese.out
    counts = english.out.split("binding rules:")[1]
    assert "fail" not in counts.split("targets:")[0] and "1 missed" in counts.split("targets:")[1]


def test_estimated_population_is_marked(run_cli) -> None:
    """quanzhou_new_estate.xlsx gives households only: 1,200 × 3.2 = 3,840 residents, estimated."""
    document = json.loads(
        run_cli("check", SAMPLES / "quanzhou_new_estate.xlsx", "--rules", "quanzhou", "--format", "json").out
    )
    places = next(r for r in document["results"] if r["id"] == "childcare.places.new")
    assert places["estimated"] is True and places["required"] == 39  # ceil(3840 × 10 / 1000)
    assert "estimated from households × 3.2" in places["message"]
    table = run_cli("check", SAMPLES / "quanzhou_new_estate.xlsx", "--rules", "quanzhou", "--lang", "en")
    assert "≈ 39 places" in table.out


def test_living_rooms_only_below_ground() -> None:
    """JGJ 39-2016 4.1.3 binds children's living rooms: a kitchen below ground is not judged."""
    rooms = (
        Facility("托育用房", "childcare", area_m2=200, places=32, floor="1"),
        Facility("厨房", "childcare", area_m2=30, places=0, floor="B1"),
    )
    storeys = finding(
        api.check_project(project(facilities=rooms), load_profile("quanzhou")), "childcare.placement.storeys"
    )
    assert storeys.status == "pass" and "生活用房" in storeys.requirement["zh"]
    below = (Facility("托育用房", "childcare", area_m2=200, places=32, floor="B1"),)
    storeys = finding(
        api.check_project(project(facilities=below), load_profile("quanzhou")), "childcare.placement.storeys"
    )
    assert storeys.status == "fail"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("binding: sometimes", "expected one of binds, target, advisory"),
        ("binding: target", "required for a target"),
        ("binding: binds\n    informational: true", "cannot be informational"),
        ("binding: binds\n    target_year: 2025", "is a target"),
    ],
)
def test_binding_is_checked_in_profiles(tmp_path: Path, body: str, message: str) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(
        "id: p\nname: {zh: 试, en: p}\nextends: quanzhou\nrules:\n"
        f"  eldercare.floor_area.new:\n    {body}\n",
        encoding="utf-8",
    )
    with pytest.raises(ProfileError, match=message):
        load_profile(str(path))


def test_a_bound_radius_that_cannot_be_measured_leaves_the_verdict_incomplete() -> None:
    """Guizhou binds the 700 m radius: without coordinates it is not measured, so the project is
    not signed as a pass on its areas alone."""
    rooms = (Facility("A", "eldercare", area_m2=400, site="A"),)
    result = api.check_project(project(facilities=rooms), load_profile("guizhou"))
    assert finding(result, "eldercare.floor_area.new").status == "pass"
    radius = finding(result, "eldercare.coverage.radius")
    assert (radius.status, radius.binding) == ("insufficient_data", "binds")
    assert result.verdict == "incomplete"


def test_changing_whether_a_rule_binds_needs_a_citation(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(
        "id: p\nname: {zh: 试, en: p}\nextends: baseline\nrules:\n"
        "  eldercare.floor_area.new: {binding: binds}\n",
        encoding="utf-8",
    )
    with pytest.raises(ProfileError, match="binding"):
        load_profile(str(path))


def test_a_rule_without_a_figure_never_binds(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(
        "id: p\nname: {zh: 试, en: p}\nextends: yuxi\nrules:\n  eldercare.floor_area.existing:\n"
        "    binding: binds\n    citation: {document: yuxi2022, clause: 三(六)}\n",
        encoding="utf-8",
    )
    with pytest.raises(ProfileError, match="advisory"):
        load_profile(str(path))


def test_existing_estates_and_phased_categories_are_not_judged_on_delivery() -> None:
    """四同步 binds new estates; and a category with phases is the phased rule's to judge."""
    housing = (Building("A", 1000, status="handed_over"),)
    rooms = (Facility("E", "eldercare", area_m2=300, site="S", status="built"),)
    existing = api.check_project(
        project(kind="existing", buildings=housing, households_source="buildings", facilities=rooms),
        load_profile("quanzhou"),
    )
    assert finding(existing, "eldercare.floor_area.existing").status == "pass"  # 300 ≥ 1000 × 20 / 100
    mixed = (
        Facility("E", "eldercare", area_m2=300, site="S", status="handed_over", phase="1"),
        Facility("C", "childcare", area_m2=200, places=32, status="built"),
    )
    new = api.check_project(
        project(buildings=housing, households_source="buildings", facilities=mixed), load_profile("quanzhou")
    )
    places = finding(new, "childcare.places.new")  # childcare has no phase: judged on delivery
    assert (places.status, places.provided) == ("fail", 0)


def test_only_binding_rules_decide() -> None:
    """No bundled profile has a binding rule cited to the Guangdong reference or to a circle the
    seeds set as a city-wide aim."""
    for profile_id in ("quanzhou", "yuxi", "qidong", "guizhou", "wanzhou", "baseline"):
        for rule in load_profile(profile_id).rules:
            if rule.citation.document.startswith("广东") or "十五分钟" in rule.citation.clause:
                assert rule.binding == "advisory", (profile_id, rule.id)


def test_a_group_of_estates_that_give_their_population_is_not_estimated(run_cli, tmp_path: Path) -> None:
    estates = tmp_path / "e.csv"
    estates.write_text(
        "name,households,population,district,community,社区类型,childcare_places\n"
        "A1,4000,12800,云岩区,大营社区,城市社区,50\n"
        "A2,3000,9600,云岩区,大营社区,城市社区,30\n",
        encoding="utf-8",
    )
    document = json.loads(run_cli("audit", estates, "--rules", "guizhou", "--format", "json").out)
    (community,) = document["summary"]["communities"]
    places = next(r for r in community["results"] if r["id"] == "childcare.community_places")
    assert community["population_source"] == "estates" and community["population"] == 22400
    assert places["estimated"] is False and "estimated" not in places["message"]
    assert (places["status"], places["binding"]) == ("fail", "target")  # 80 of 90: a missed target
