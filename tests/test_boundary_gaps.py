"""Boundaries that no test held before: each at equality and one unit on the wrong side.

Each expected value is a literal worked out by hand from the profile's figure, never computed by
the code under test (a changed comparison or constant in the verdict code must fail one of them).
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
from helpers import feature, geojson, project_record
from test_scopes import quanzhou_pooling, site_rule

from laoxiao_check.model.records import CommunityFacilities, Facility, Project
from laoxiao_check.rules.profiles import load_profile
from laoxiao_check.services import check as api


def project(kind: str = "new", **fields: object) -> Project:
    """100 households, 320 residents."""
    return project_record(kind, households=100, population=320, **fields)


def finding(profile: str | Path, rule_id: str, subject: Project):
    result = api.check_project(subject, load_profile(str(profile)))
    (found,) = [f for f in result.findings if f.id == rule_id]
    return found


def profile_file(tmp_path: Path, rules: str, extends: str = "baseline") -> Path:
    path = tmp_path / "p.yaml"
    path.write_text(
        f"id: gaps\nname: {{zh: 测试, en: gaps}}\nextends: {extends}\n"
        "documents:\n  t: {title: 测试文件}\n"
        f"rules:\n{rules}",
        encoding="utf-8",
    )
    return path


def test_a_pooled_centre_of_exactly_2000_m2_passes(run_cli, tmp_path: Path) -> None:
    """Quanzhou 二(一)3: a township centre 不少于2000平方米 — 2,000 is enough."""
    at = site_rule(run_cli, quanzhou_pooling(tmp_path / "at.geojson", 2000))
    assert (at["status"], at["required"], at["provided"]) == ("pass", 2000, 2000)
    below = site_rule(run_cli, quanzhou_pooling(tmp_path / "below.geojson", 1999.99))
    assert below["status"] == "fail" and below["shortfall"] == 0.01


@pytest.mark.parametrize(("served", "status"), [(10, "pass"), (9, "fail")])
def test_more_than_90_percent_of_10_communities_needs_all_10(served: int, status: str) -> None:
    """Wanzhou (六) 社区日间照料机构覆盖率 > 90 %: of 10 communities 9 is exactly 90 %, not more;
    a rule of ≥ 90 % would pass it (the case where 大于 and 不低于 differ)."""
    communities = tuple(
        CommunityFacilities(
            "区", f"社区{i}", (Facility("日间照料中心", "eldercare", area_m2=100),) if i < served else ()
        )
        for i in range(10)
    )
    subject = project(scope="city", communities=communities)
    found = finding("wanzhou", "eldercare.day_care.city_2023", subject)
    assert (found.status, found.required, found.provided) == (status, 10, served)


def test_at_least_90_percent_of_10_communities_is_9(tmp_path: Path) -> None:
    """Yuxi 不低于90%: 9 of 10 meets it."""
    communities = tuple(
        CommunityFacilities(
            "区", f"社区{i}", (Facility("日间照料中心", "eldercare", area_m2=100),) if i < 9 else ()
        )
        for i in range(10)
    )
    found = finding("yuxi", "eldercare.day_care.city_2025", project(scope="city", communities=communities))
    assert (found.status, found.required, found.provided) == ("pass", 9, 9)


@pytest.mark.parametrize(
    ("kind", "covered_hh", "status"), [("existing", 75, "pass"), ("existing", 74, "fail")]
)
def test_a_share_equal_to_a_required_share_below_one_passes(
    tmp_path: Path, kind: str, covered_hh: int, status: str
) -> None:
    """A circle bound at 75 % of households (an existing estate): 75 of 100 households meet it."""
    rules = (
        "  eldercare.coverage.75:\n    kind: coverage\n    category: eldercare\n    project_kind: existing\n"
        "    name: {zh: 覆盖, en: cover}\n    level: l75\n    max_distance_m: 500\n    required_ratio: 0.75\n"
        "    citation: {document: t, clause: 一}\n"
    )
    path = profile_file(tmp_path, rules)
    x0, y0 = 500_000.0, 3_000_000.0
    features = [
        feature("building", x0 + 100, y0, id="near", households=covered_hh),
        feature("building", x0 + 900, y0, id="far", households=100 - covered_hh),
        feature("facility", x0, y0, id="E", category="eldercare", area_m2=400),
    ]
    from laoxiao_check.io import read_project

    project_path = geojson(
        tmp_path / "p.geojson", features, {"name": "p", "kind": kind},
        crs={"type": "name", "properties": {"name": "EPSG:4547"}},
    )  # fmt: skip
    result = api.check_project(read_project(project_path), load_profile(str(path)))
    (found,) = [f for f in result.findings if f.id == "eldercare.coverage.75"]
    assert (found.status, found.provided) == (status, covered_hh / 100)


@pytest.mark.parametrize(("floor", "status"), [("2", "fail"), ("3", "pass")])
def test_own_entrance_up_to_a_storey(tmp_path: Path, floor: str, status: str) -> None:
    """Own entrance only for rooms up to storey 2: a room on 2 without one fails, on 3 it is not asked."""
    rules = (
        "  eldercare.entrance.low:\n    kind: own_entrance\n    category: eldercare\n    project_kind: any\n"
        "    name: {zh: 出入口, en: entrance}\n    up_to_storey: 2\n    citation: {document: t, clause: 二}\n"
    )
    room = Facility("R", "eldercare", area_m2=400, floor=floor, entrance=False)
    found = finding(profile_file(tmp_path, rules), "eldercare.entrance.low", project(facilities=(room,)))
    assert found.status == status


@pytest.mark.parametrize(("floor", "status"), [("2", "pass"), ("1", "fail")])
def test_lowest_storey(tmp_path: Path, floor: str, status: str) -> None:
    rules = (
        "  eldercare.storeys.low:\n    kind: storey_limits\n    category: eldercare\n    project_kind: any\n"
        "    name: {zh: 楼层, en: storeys}\n    lowest_storey: 2\n    citation: {document: t, clause: 三}\n"
    )
    room = Facility("R", "eldercare", area_m2=400, floor=floor)
    found = finding(profile_file(tmp_path, rules), "eldercare.storeys.low", project(facilities=(room,)))
    assert found.status == status


@pytest.mark.parametrize(("places", "meets"), [(45, True), (44, False)])
def test_the_city_target_is_met_at_exactly_its_rate(
    run_cli, tmp_path: Path, places: int, meets: bool
) -> None:
    """10,000 residents and a 4.5 per 1,000 target: 45 places meet it exactly (4.5), 44 do not (4.4)."""
    estates = tmp_path / "e.csv"
    estates.write_text(
        f"name,households,population,district,childcare_places\nA,3000,10000,鲤城区,{places}\n",
        encoding="utf-8",
    )
    document = json.loads(run_cli("audit", estates, "--rules", "baseline", "--format", "json").out)
    childcare = document["summary"]["city"]["childcare_places"]
    assert childcare["per_1000_residents"] == (4.5 if meets else 4.4)
    assert childcare["city_target_per_1000"] == 4.5 and childcare["meets_city_target"] is meets


def test_an_estate_without_population_is_estimated_at_3_2_per_household(run_cli, tmp_path: Path) -> None:
    """1,000 households and no population: 3,200 residents (3.2 per household, the profile's default)."""
    estates = tmp_path / "e.csv"
    estates.write_text("name,households\nA,1000\nB,333\n", encoding="utf-8")
    document = json.loads(run_cli("audit", estates, "--rules", "quanzhou", "--format", "json").out)
    assert document["summary"]["city"]["population"] == 4265.6  # 3,200 + 1,065.6
    assert document["summary"]["city"]["population_estimated_estates"] == 2


@pytest.mark.parametrize(
    ("places", "status", "provided", "shortfall", "message"),
    [
        (90, "pass", 90, 0, "90 places provided, 90 required"),  # exactly the minimum
        (89, "fail", 89, 1, "89 places provided, 90 required"),  # one short
        (None, "insufficient_data", None, None, None),
    ],
)
def test_guizhou_community_places_at_the_minimum(places, status, provided, shortfall, message) -> None:
    """Guizhou (五): ≥ 90 places in a community of 20,000+ residents (a 2025 aim), worked by hand."""
    rooms = (Facility("C", "childcare", area_m2=900, places=places),)
    subject = project_record("new", households=7000, population=22400, scope="community", facilities=rooms)
    subject = dataclasses.replace(subject, community_type="urban")
    found = finding("guizhou", "childcare.community_places", subject)
    assert (found.status, found.required, found.provided, found.shortfall) == (
        status,
        90,
        provided,
        shortfall,
    )
    if message:
        assert found.message["en"] == message
        assert found.message["zh"] == f"已提供{places}个托位，应不少于90个"
    else:
        assert "C" in found.message["en"] and "C" in found.message["zh"]
    assert found.requirement == {"en": "≥ 90 childcare places", "zh": "托育托位不少于90个"}


def test_guizhou_community_places_below_the_threshold_do_not_apply() -> None:
    rooms = (Facility("C", "childcare", area_m2=900, places=0),)
    subject = project_record("new", households=6000, population=19999, scope="community", facilities=rooms)
    assert finding("guizhou", "childcare.community_places", subject).status == "not_applicable"
