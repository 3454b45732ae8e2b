"""Every figure of the texts (issue 26): streets and townships, inclusive places, beds, institutions —
each at its boundary, on the bundled profiles' own rules (the figure and clause as the profile gives them)."""

from __future__ import annotations

import dataclasses
import json
import shutil
from pathlib import Path

import pytest

from laoxiao_check.model.profile import RuleSpec
from laoxiao_check.model.records import CommunityFacilities, Facility, Finding, Project
from laoxiao_check.rules import evaluate
from laoxiao_check.rules.base import CheckContext
from laoxiao_check.rules.profiles import load_profile

ROOT = Path(__file__).resolve().parent.parent
AUDIT = ROOT / "sample_projects" / "audit"


def rule(profile: str, rule_id: str) -> RuleSpec:
    (found,) = [r for r in load_profile(profile).rules if r.id == rule_id]
    return found


def group(scope: str = "city", **fields) -> Project:
    """A community, street, district or city judged as one (as the audit builds it)."""
    base = Project(
        name="g",
        kind="existing",
        households=1000,
        households_source="project",
        population=3200,
        population_estimated=False,
        crs=None,
        scope=scope,  # type: ignore[arg-type]
    )
    return dataclasses.replace(base, **fields)


def judge(spec: RuleSpec, project: Project) -> Finding:
    return evaluate(spec, project, CheckContext(persons_per_household=3.2))


def streets(served: int, total: int, words: str = "区域养老服务中心") -> tuple[CommunityFacilities, ...]:
    """``total`` streets, the first ``served`` with a centre the rule counts."""
    return tuple(
        CommunityFacilities(
            "某区",
            f"街道{i}",
            (Facility(f"E{i}", "eldercare", 500, service=words),) if i < served else (),
        )
        for i in range(total)
    )


@pytest.mark.parametrize(("served", "status"), [(59, "fail"), (60, "pass")])
def test_street_centres_at_sixty_percent(served: int, status: str) -> None:
    """Guizhou (五): 区域养老服务中心建有率达60% — 59 of 100 streets miss it, 60 meet it."""
    found = judge(rule("guizhou", "eldercare.streets.city_2025"), group(streets=streets(served, 100)))
    assert (found.status, found.required, found.provided, found.binding) == (status, 60, served, "target")
    assert found.unit == "streets"
    assert found.citation.clause.startswith("(五)")


def test_a_street_counts_only_with_the_kind_of_centre_its_text_names() -> None:
    """A day-care room is no regional centre: the street is listed as without one."""
    found = judge(
        rule("guizhou", "eldercare.streets.city_2025"), group(streets=streets(5, 5, words="日间照料"))
    )
    assert (found.status, found.provided) == ("fail", 0)
    assert "某区 街道0" in found.details["without"]


def test_qidong_counts_the_streets_not_the_towns() -> None:
    """Qidong 三(一)3: 所有街道 — a town (镇) without a centre does not fail the figure."""
    areas = (
        CommunityFacilities(
            "", "汇龙街道", (Facility("E1", "eldercare", 900, service="综合性养老服务中心"),)
        ),
        CommunityFacilities("", "南阳镇", ()),
    )
    found = judge(rule("qidong", "eldercare.streets.city_2025"), group(streets=areas))
    assert (found.status, found.required, found.provided) == ("pass", 1, 1)


def test_streets_not_known_is_insufficient_data_naming_the_column() -> None:
    found = judge(rule("yuxi", "eldercare.streets.city_2025"), group())
    assert found.status == "insufficient_data"
    assert "街道（乡镇）" in found.message["zh"] and "street" in found.message["en"]


@pytest.mark.parametrize(("elderly", "beds", "status", "required"), [
    (52_000, 1_820, "pass", 1_820),  # 35 × 52,000 / 1,000 exactly
    (52_000, 1_819, "fail", 1_820),
    (1_001, 35, "fail", 36),  # 35.035 beds are 36
])  # fmt: skip
def test_beds_per_thousand_older_residents(elderly: int, beds: int, status: str, required: int) -> None:
    """Wanzhou 主要指标 11: 35 beds per 1,000 residents aged 60+ by 2023."""
    facilities = (Facility("Y1", "eldercare", 3000, beds=beds),)
    found = judge(rule("wanzhou", "eldercare.beds.city_2023"), group(elderly=elderly, facilities=facilities))
    assert (found.status, found.required, found.provided) == (status, required, beds)


def test_beds_without_older_residents_or_beds_are_insufficient_never_a_fail() -> None:
    spec = rule("wanzhou", "eldercare.beds.city_2023")
    no_elderly = judge(spec, group(facilities=(Facility("Y1", "eldercare", 3000, beds=10),)))
    assert no_elderly.status == "insufficient_data" and "residents_60plus" in no_elderly.message["en"]
    no_beds = judge(spec, group(elderly=52_000, facilities=(Facility("Y1", "eldercare", 3000),)))
    assert no_beds.status == "insufficient_data" and "床位数" in no_beds.message["zh"]
    some_silent = (Facility("Y1", "eldercare", 3000, beds=1000), Facility("Y2", "eldercare", 800))
    short = judge(spec, group(elderly=52_000, facilities=some_silent))
    assert (short.status, short.details["beds_unknown"]) == ("insufficient_data", ["Y2"])
    enough = (Facility("Y1", "eldercare", 3000, beds=2000), Facility("Y2", "eldercare", 800))
    assert judge(spec, group(elderly=52_000, facilities=enough)).status == "pass"


@pytest.mark.parametrize(("inclusive", "unknown", "status"), [
    (603, 0, "pass"),  # ceil(0.6 × 1,005) = 603
    (602, 0, "fail"),
    (600, 10, "insufficient_data"),  # the 10 places that do not say decide it
    (590, 10, "fail"),  # short even if they were all inclusive
    (603, 10, "pass"),  # met even if none were
])  # fmt: skip
def test_inclusive_share_at_sixty_percent(inclusive: int, unknown: int, status: str) -> None:
    """Yuxi 二(四): 普惠性托位数占比达60% — of 1,005 places, 603 inclusive."""
    rest = 1_005 - inclusive - unknown
    facilities = tuple(
        f
        for f in (
            Facility("C1", "childcare", 600, places=inclusive, inclusive=True),
            Facility("C2", "childcare", 600, places=rest, inclusive=False),
            Facility("C3", "childcare", 100, places=unknown),
        )
        if f.places
    )
    found = judge(rule("yuxi", "childcare.inclusive.city_2025"), group(facilities=facilities))
    assert (found.status, found.required) == (status, 603)
    assert found.provided == (None if status == "insufficient_data" else inclusive)


@pytest.mark.parametrize(("government", "status", "shortfall"), [(400, "pass", 0), (401, "fail", 1)])
def test_government_run_beds_at_most_forty_percent(government: int, status: str, shortfall: int) -> None:
    """Guizhou (三): 政府运营养老床位比例不超过40% — of 1,001 beds at most 400; the shortfall of a
    ceiling is the beds beyond it."""
    facilities = (
        Facility("G", "eldercare", 3000, beds=government, operator="government"),
        Facility("P", "eldercare", 3000, beds=1_001 - government, operator="public_private"),
    )
    found = judge(rule("guizhou", "eldercare.gov_beds.city_2025"), group(facilities=facilities))
    assert (found.status, found.required, found.provided, found.shortfall) == (
        status,
        400,
        government,
        shortfall,
    )


def test_nursing_beds_more_than_sixty_percent() -> None:
    """Quanzhou 主要指标 2: 机构护理床位占比超过60% — 600 of 1,000 is not more than 60 %."""
    spec = rule("quanzhou", "eldercare.nursing_beds.city_2025")
    for nursing, status in ((600, "fail"), (601, "pass")):
        facilities = (Facility("Y", "eldercare", 3000, beds=1000, nursing_beds=nursing),)
        assert judge(spec, group(facilities=facilities)).status == status


def test_two_rooms_of_one_institution_are_one_institution() -> None:
    """Guizhou (五) "1个以上托育机构" counts institutions; Quanzhou's per county too."""
    spec = dataclasses.replace(rule("quanzhou", "childcare.nursery.county_2025"), params={
        "min_count": 2, "count": "institutions"
    })  # fmt: skip
    one = (
        Facility("C1", "childcare", 200, places=20, institution="阳光托育"),
        Facility("C2", "childcare", 150, places=15, institution="阳光托育"),
    )
    found = judge(spec, group("district", facilities=one))
    assert (found.status, found.provided, found.unit) == ("fail", 1, "institutions")
    two = (*one, Facility("C3", "childcare", 150, places=15))  # a room naming none is one of its own
    assert judge(spec, group("district", facilities=two)).provided == 2


@pytest.mark.parametrize(
    ("kind", "status"), [("urban", "fail"), ("town", "not_applicable"), (None, "insufficient_data")]
)
def test_ninety_places_bind_urban_communities_only(kind: str | None, status: str) -> None:
    """Guizhou (五): 2万人以上城市社区 ≥ 90 places — a township's community of 25,000 is not held to it."""
    community = group(
        "community",
        population=25_000,
        community_type=kind,
        facilities=(Facility("C1", "childcare", 300, places=40),),
    )
    assert judge(rule("guizhou", "childcare.community_places"), community).status == status


def test_the_sample_audit_reports_streets_and_the_city_figures(tmp_path: Path, run_cli) -> None:
    """The bundled audit sample: a street column, 普惠 flags, beds and operators — its streets
    level and the city's street, bed and institution figures in the JSON."""
    for name in ("estates.csv", "facilities.geojson", "population.csv", "communities.geojson"):
        shutil.copy(AUDIT / name, tmp_path / name)
    out = tmp_path / "audit.json"
    done = run_cli(
        "audit", str(tmp_path / "estates.csv"), "--rules", "quanzhou",
        "--facilities", str(tmp_path / "facilities.geojson"), "--coords", "gcj02",
        "--communities", str(tmp_path / "communities.geojson"),
        "--population", str(tmp_path / "population.csv"), "--format", "json", "-o", str(out),
    )  # fmt: skip
    assert done.code == 1, done.err
    summary = json.loads(out.read_text("utf-8"))["summary"]
    assert sorted(s["name"] for s in summary["streets"]) == [
        "万安街道", "东湖街道", "华大街道", "开元街道", "河市镇", "海滨街道"
    ]  # fmt: skip
    haibin = next(s for s in summary["streets"] if s["name"] == "海滨街道")
    assert (haibin["eldercare_facilities"], haibin["childcare_facilities"]) == (
        7,
        3,
    )  # a centre and 6 rooms; 3 rooms
    city = {r["id"]: r for r in summary["city"]["results"]}
    street = city["eldercare.streets.city_2025"]
    assert (street["status"], street["required"], street["provided"]) == ("fail", 4, 2)
    beds = city["eldercare.nursing_beds.city_2025"]
    assert (beds["status"], beds["required"], beds["provided"]) == ("fail", 91, 80)


def test_the_facility_list_reads_its_new_columns_and_names_a_cell_it_cannot(tmp_path: Path) -> None:
    from laoxiao_check.io.estates import read_facilities

    path = tmp_path / "facilities.csv"
    path.write_text(
        "名称,类别,托位数,普惠,机构名称,床位数,护理型床位数,举办主体,街道（乡镇）,经度,纬度\n"
        "托育一,托育,40,公益性,阳光托育,,,,开元街道,118.5,24.8\n"
        "托育二,托育,20,大概,阳光托育,,,,开元街道,118.5,24.8\n"
        "养老一,养老,,,,120,70,政府运营,海滨街道,118.6,24.9\n",
        encoding="utf-8",
    )
    layer = read_facilities(path)
    first, second, third = layer.facilities
    assert (first.inclusive, first.institution, second.inclusive) == (True, "阳光托育", None)
    assert (third.beds, third.nursing_beds, third.operator) == (120, 70, "government")
    assert layer.streets == ("开元街道", "开元街道", "海滨街道")
    (problem,) = [p for p in layer.problems if "普惠" in str(p.message)]
    assert problem.place == "row 3" or "3" in problem.place


def test_a_project_across_two_communities_is_judged_per_community() -> None:
    """A project standing for its community whose buildings lie in two: Guizhou's community rules
    on each apart — 27,000 residents pooled would owe 90 places, but neither community has
    20,000; and the community without a nursery misses its institution."""
    from laoxiao_check.model.records import Building
    from laoxiao_check.services.check import check_project

    project = dataclasses.replace(
        group("community", households=8_400, population=27_000, community_type="urban"),
        buildings=(
            Building("A1", 2_400, population=15_000, x=0.0, y=0.0, community="甲社区"),
            Building("B1", 6_000, population=12_000, x=500.0, y=0.0, community="乙社区"),
        ),
        facilities=(Facility("C1", "childcare", 300, places=40, x=10.0, y=0.0),),  # nearest 甲's building
    )
    findings = {f.id: f for f in check_project(project, load_profile("guizhou")).findings}
    places = findings["childcare.community_places"]
    assert places.status == "not_applicable" and places.message["en"].startswith("judged per community")
    count = findings["childcare.facility_count"]
    per = {c["community"]: c["status"] for c in count.details["communities"]}
    assert (count.status, per) == ("fail", {"甲社区": "pass", "乙社区": "fail"})
    assert "乙社区" in count.message["zh"] and count.required is None


def test_community_polygons_give_their_street_and_type(tmp_path: Path, run_cli) -> None:
    """--communities polygons with 街道 and 社区类型: each estate inside takes them (its list's own
    columns say nothing of either), so the streets level and Guizhou's urban rule can be judged."""
    polygons = json.loads((AUDIT / "communities.geojson").read_text("utf-8"))
    for feature in polygons["features"]:
        name = feature["properties"]["名称"]
        feature["properties"]["街道"] = name.replace("社区", "街道")
        feature["properties"]["社区类型"] = "乡镇社区" if name == "河市社区" else "城市社区"
    (tmp_path / "communities.geojson").write_text(json.dumps(polygons, ensure_ascii=False), "utf-8")
    estates = tmp_path / "estates.csv"
    rows = (AUDIT / "estates.csv").read_text("utf-8").splitlines()
    estates.write_text("\n".join(",".join(r.split(",")[:2] + r.split(",")[3:]) for r in rows) + "\n", "utf-8")
    out = tmp_path / "audit.json"
    done = run_cli(
        "audit", str(estates), "--rules", "guizhou", "--coords", "gcj02",
        "--communities", str(tmp_path / "communities.geojson"), "--format", "json", "-o", str(out),
    )  # fmt: skip
    assert done.code in (0, 1), done.err
    summary = json.loads(out.read_text("utf-8"))["summary"]
    assert {s["name"] for s in summary["streets"]} == {
        "海滨街道", "开元街道", "东湖街道", "华大街道", "万安街道", "河市街道"
    }  # fmt: skip
    town = next(c for c in summary["communities"] if c["name"] == "河市社区")
    places = next(r for r in town["results"] if r["id"] == "childcare.community_places")
    assert places["status"] != "insufficient_data"  # its type is known: a township's community


@pytest.mark.parametrize(("part", "unknown", "bound", "at_most", "status"), [
    (10, 0, 10, False, "pass"),  # at least: at the bound
    (9, 1, 10, False, "insufficient_data"),  # the unsaid one could make it up
    (8, 1, 10, False, "fail"),  # even so, one short
    (10, 5, 10, False, "pass"),  # met whatever the unsaid are
    (10, 0, 10, True, "pass"),  # at most: at the ceiling
    (9, 1, 10, True, "pass"),  # the unsaid one keeps it at the ceiling
    (10, 1, 10, True, "insufficient_data"),  # the unsaid one could pass it
    (11, 0, 10, True, "fail"),
    (11, 3, 10, True, "fail"),
])  # fmt: skip
def test_a_share_is_decided_only_where_every_reading_of_the_unsaid_agrees(
    part: int, unknown: int, bound: int, at_most: bool, status: str
) -> None:
    from laoxiao_check.rules.rates import share_bound, share_status

    assert share_status(part, unknown, bound, at_most=at_most) == status
    assert (
        share_bound(0.6, 1005),
        share_bound(0.4, 1001, at_most=True),
        share_bound(0.6, 1000, more_than=True),
    ) == (
        603,
        400,
        601,
    )


def test_the_facilities_left_unsaid_are_listed_at_most_fifty() -> None:
    """51 facilities that do not say: the details name fifty (every report reads them)."""
    silent = tuple(Facility(f"F{i:02d}", "eldercare", 100, beds=10) for i in range(51))
    nursing = judge(rule("yuxi", "eldercare.nursing_beds.city_2025"), group(facilities=silent))
    assert len(nursing.details["nursing_beds_unknown"]) == 50
    beds = judge(
        rule("wanzhou", "eldercare.beds.city_2023"),
        group(elderly=100_000, facilities=tuple(Facility(f"F{i:02d}", "eldercare", 100) for i in range(51))),
    )
    assert beds.status == "insufficient_data" and "beds_unknown" not in beds.details  # none gives any
    some = (
        Facility("G", "eldercare", 100, beds=1),
        *(Facility(f"F{i:02d}", "eldercare", 100) for i in range(51)),
    )
    unsaid = judge(rule("wanzhou", "eldercare.beds.city_2023"), group(elderly=100_000, facilities=some))
    assert len(unsaid.details["beds_unknown"]) == 50
    places = tuple(Facility(f"C{i:02d}", "childcare", 100, places=10) for i in range(51))
    inclusive = judge(rule("yuxi", "childcare.inclusive.city_2025"), group(facilities=places))
    assert len(inclusive.details["inclusive_unknown"]) == 50


@pytest.mark.parametrize(("params", "key"), [
    ("beds: nursing\n    min_share: 0.5\n    max_share: 0.6", "min_share"),  # both
    ("beds: nursing", "min_share"),  # neither
    ("beds: government\n    max_share: 0.4\n    more_than: true", "more_than"),  # 超过 goes with a floor
    ("beds: private\n    min_share: 0.5", "beds"),
])  # fmt: skip
def test_a_bed_share_takes_one_bound_and_says_which_key_is_wrong(
    tmp_path: Path, params: str, key: str
) -> None:
    from laoxiao_check.model.errors import ProfileError

    path = tmp_path / "beds.yaml"
    path.write_text(
        "name: {zh: 床位, en: beds}\nextends: baseline\ndocuments:\n  t: {title: 测试}\nrules:\n"
        "  eldercare.beds.x:\n    kind: bed_share\n    category: eldercare\n    project_kind: any\n"
        "    name: {zh: 床位, en: beds}\n    scope: city\n    target_year: 2025\n"
        f"    citation: {{document: t, clause: 一}}\n    {params}\n",
        encoding="utf-8",
    )
    with pytest.raises(ProfileError, match=rf"rules\.eldercare\.beds\.x\.{key}"):
        load_profile(str(path))
