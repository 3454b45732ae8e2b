"""Rules at their own level: project rules judge a project; community rules do not, unless the
project declares it forms the community; coverage counts the city's facilities when given."""

from __future__ import annotations

import json
from pathlib import Path

from helpers import feature, geojson

from laoxiao_check.report.json.audit import expand

GUIYANG = (106.63, 26.65)


def guiyang_project(path: Path, **project_fields) -> Path:
    """1,000 households in Guiyang with its eldercare rooms in order (≥ 20 m²/100 hh, one room
    ≥ 350 m², Guizhou's provincial notice), no nursery."""
    x, y = GUIYANG
    return geojson(
        path,
        [
            feature("building", x, y, id="B1", households=500),
            feature("building", x + 0.002, y, id="B2", households=500),
            feature("facility", x + 0.001, y, id="E1", category="eldercare", area_m2=360),
        ],
        project={"name": "贵阳示例", "kind": "new", **project_fields},
    )


def nursery_next_door(path: Path) -> Path:
    x, y = GUIYANG
    path.write_text(f"id,category,places,x,y\nN1,childcare,40,{x + 0.001},{y + 0.001}\n", encoding="utf-8")
    return path


def results(run_cli, *args) -> tuple[int, dict]:
    run = run_cli("check", *args, "--rules", "guizhou", "--format", "json")
    document = json.loads(run.out)
    return run.code, {r["id"]: r for r in document["results"]} | {"verdict": document["verdict"]}


def test_a_guiyang_project_without_childcare_rooms_is_not_failed(run_cli, tmp_path: Path) -> None:
    code, found = results(run_cli, guiyang_project(tmp_path / "p.geojson"))
    # childcare coverage is unmeasured (the nurseries around are not given) and advisory: the
    # binding rules (eldercare rooms by the provincial notice) decide
    assert found["verdict"] == "pass" and code == 0
    institution = found["childcare.facility_count"]
    assert institution["status"] == "not_applicable" and institution["scope"] == "community"
    assert institution["target_year"] == 2025 and "checked at community level" in institution["message"]
    coverage = found["childcare.coverage.15min"]
    assert coverage["status"] == "insufficient_data" and "--facilities" in coverage["message"]
    assert found["eldercare.floor_area.new"]["status"] == "pass"


def test_the_nursery_next_door_covers_it(run_cli, tmp_path: Path) -> None:
    project = guiyang_project(tmp_path / "p.geojson")
    code, found = results(run_cli, project, "--facilities", nursery_next_door(tmp_path / "f.csv"))
    assert found["childcare.coverage.15min"]["status"] == "pass"
    assert found["verdict"] == "pass" and code == 0


def test_a_project_forming_a_community_of_20000_is_judged_on_its_90_places(run_cli, tmp_path: Path) -> None:
    x, y = GUIYANG
    for places, status in ((89, "fail"), (90, "pass")):
        path = geojson(
            tmp_path / f"c{places}.geojson",
            [
                feature("building", x, y, id="B1", households=6250),
                feature("facility", x, y, id="E1", category="eldercare", area_m2=1250),
                feature("facility", x, y, id="C1", category="childcare", area_m2=600, places=places),
            ],
            project={
                "name": "社区",
                "kind": "new",
                "scope": "community",
                "population": 20000,
                "社区类型": "城市社区",
            },
        )
        _, found = results(run_cli, path)
        assert found["childcare.community_places"]["status"] == status
        assert found["childcare.facility_count"]["status"] == "pass"


# --- pooled provision (Quanzhou 二(一)3) ----------------------------------------------------
def quanzhou_pooling(path: Path, centre_m2: float | None, share_m2: float = 400) -> Path:
    """A 1,300-household new estate whose eldercare quota (390 m²) is pooled into a town centre."""
    x, y = 118.60, 24.90
    centre = {} if centre_m2 is None else {"centre_area_m2": centre_m2}
    return geojson(
        path,
        [
            feature("building", x, y, id="B1", households=1300),
            feature(
                "facility",
                x + 0.003,
                y,
                id="镇街照料中心",
                category="eldercare",
                area_m2=share_m2,
                off_site=True,
                **centre,
            ),
            feature("facility", x, y, id="C1", category="childcare", area_m2=300, places=42),
        ],
        project={"name": "集中配建", "kind": "new"},
    )


def site_rule(run_cli, path: Path) -> dict:
    run = run_cli("check", path, "--rules", "quanzhou", "--format", "json")
    return next(r for r in json.loads(run.out)["results"] if r["id"] == "eldercare.site_area.new")


def test_a_project_pooling_into_a_2500_m2_centre_passes_the_site_rule(run_cli, tmp_path: Path) -> None:
    passed = site_rule(run_cli, quanzhou_pooling(tmp_path / "ok.geojson", 2500))
    assert passed["status"] == "pass" and passed["required"] == 2000 and passed["provided"] == 2500
    failed = site_rule(run_cli, quanzhou_pooling(tmp_path / "small.geojson", 1999))
    assert failed["status"] == "fail" and failed["shortfall"] == 1
    unknown = site_rule(run_cli, quanzhou_pooling(tmp_path / "unknown.geojson", None))
    assert unknown["status"] == "insufficient_data" and "centre_area_m2" in unknown["message"]


def test_the_pooled_share_counts_towards_the_floor_area(run_cli, tmp_path: Path) -> None:
    run = run_cli(
        "check",
        quanzhou_pooling(tmp_path / "p.geojson", 2500, 390),
        "--rules",
        "quanzhou",
        "--format",
        "json",
    )
    floor = next(r for r in json.loads(run.out)["results"] if r["id"] == "eldercare.floor_area.new")
    assert floor["status"] == "pass" and floor["provided"] == 390


def test_a_share_larger_than_its_centre_is_refused(run_cli, tmp_path: Path) -> None:
    run = run_cli("check", quanzhou_pooling(tmp_path / "p.geojson", 300, 400), "--rules", "quanzhou")
    assert run.code == 2 and "larger than the pooled centre" in run.err


# --- the audit judges community rules on each community -------------------------------------
def test_the_audit_judges_each_community_on_its_community_rules(run_cli, tmp_path: Path) -> None:
    estates = tmp_path / "e.csv"
    estates.write_text(
        "name,households,population,district,community,community_type,childcare_places,x,y\n"
        "A1,4000,12800,云岩区,大营社区,urban,30,106.63,26.65\n"
        "A2,3000,9600,云岩区,大营社区,urban,30,106.64,26.65\n"  # 22,400 residents, 60 places: below 90
        "B1,1000,3200,云岩区,黔灵社区,urban,0,106.65,26.66\n",  # no childcare institution at all
        encoding="utf-8",
    )
    run = run_cli("audit", estates, "--rules", "guizhou", "--format", "json")
    document = json.loads(run.out)
    communities = {c["name"]: c for c in document["summary"]["communities"]}
    big = {r["id"]: r for r in communities["大营社区"]["results"]}
    assert communities["大营社区"]["population"] == 22400 and communities["大营社区"]["estates"] == 2
    assert big["childcare.community_places"]["status"] == "fail"
    assert (
        big["childcare.community_places"]["required"] == 90
        and big["childcare.community_places"]["provided"] == 60
    )
    # its rooms name no institution (机构名称): they may be one, or none, of the one it needs
    assert big["childcare.facility_count"]["status"] == "insufficient_data"
    small = {r["id"]: r for r in communities["黔灵社区"]["results"]}
    assert small["childcare.community_places"]["status"] == "not_applicable"  # below 20,000 residents
    assert small["childcare.facility_count"]["status"] == "fail"
    # per estate, only the project rules: no estate is judged on a community's aims
    assert all(f["scope"] == "project" for estate in expand(document) for f in estate["results"])
    table = run_cli("audit", estates, "--rules", "guizhou", "--lang", "en")
    assert "Communities (community rules): 2" in table.out and "大营社区" in table.out


def test_the_audit_judges_the_citys_nursery_place_targets_by_year(run_cli) -> None:
    from conftest import SAMPLES

    run = run_cli(
        "audit",
        SAMPLES / "audit" / "estates.csv",
        "--rules",
        "quanzhou",
        "--coords",
        "gcj02",
        "--facilities",
        SAMPLES / "audit" / "facilities.geojson",
        "--format",
        "json",
    )
    city = json.loads(run.out)["summary"]["city"]
    targets = {r["target_year"]: r for r in city["results"] if r["metric"] == "places"}
    assert set(targets) == {2023, 2024, 2025}
    assert all(r["scope"] == "city" for r in targets.values())
    population = city["population"]
    for year, rate in ((2023, 3.2), (2024, 3.9), (2025, 4.5)):
        assert targets[year]["required"] == __import__("math").ceil(rate * population / 1000)
    assert city["population_source"] in ("estates", "estimated")
    # the places: the estates' own and the city's nurseries together
    assert targets[2025]["provided"] == (city["childcare_places"]["places_in_estates"] or 0) + (
        city["childcare_places"]["places_in_facilities"] or 0
    )


def test_official_population_is_the_denominator_where_given(run_cli, tmp_path: Path) -> None:
    estates = tmp_path / "e.csv"
    estates.write_text(
        "name,households,population,district,community,childcare_places,x,y\n"
        "A1,4000,12800,云岩区,大营社区,95,106.63,26.65\n"
        "B1,1000,3200,云岩区,黔灵社区,10,106.65,26.66\n",
        encoding="utf-8",
    )
    table = tmp_path / "population.csv"
    table.write_text(
        "name,level,residents,社区类型\n大营社区,community,21000,城市社区\n贵阳市,city,100000,\n",
        encoding="utf-8",
    )
    run = run_cli("audit", estates, "--rules", "guizhou", "--population", table, "--format", "json")
    summary = json.loads(run.out)["summary"]
    communities = {c["name"]: c for c in summary["communities"]}
    assert (
        communities["大营社区"]["population"] == 21000
        and communities["大营社区"]["population_source"] == "official"
    )
    big = {r["id"]: r for r in communities["大营社区"]["results"]}
    assert big["childcare.community_places"]["status"] == "pass"  # 95 places ≥ 90 in a community of 21,000
    assert communities["黔灵社区"]["population_source"] == "estates"
    city = {r["id"]: r for r in summary["city"]["results"]}
    assert (
        summary["city"]["population_source"] == "official"
        and summary["city"]["population_official"] == 100000
    )
    assert city["childcare.places.city_2025"]["required"] == 450  # 4.5 per 1,000 of 100,000
    bad = tmp_path / "bad.csv"
    bad.write_text("name,level,residents\n大营社区,village,21000\n", encoding="utf-8")
    refused = run_cli("audit", estates, "--rules", "guizhou", "--population", bad)
    assert refused.code == 2 and "bad.csv" in refused.err and "village" in refused.err


def square(name: str, x0: float, y0: float, size: float = 0.01, **properties) -> dict:
    ring = [[x0, y0], [x0 + size, y0], [x0 + size, y0 + size], [x0, y0 + size], [x0, y0]]
    return {
        "type": "Feature",
        "properties": {"name": name, **properties},
        "geometry": {"type": "Polygon", "coordinates": [ring]},
    }


def write_collection(path: Path, features: list[dict]) -> Path:
    path.write_text(
        json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False), encoding="utf-8"
    )
    return path


def test_communities_and_districts_come_from_their_polygons(run_cli, tmp_path: Path) -> None:
    """Estates and the city's nurseries take the community they lie in: the nursery of the
    facility file inside 黔灵社区 gives it its institution (Guizhou (五)), whatever the rows say."""
    estates = tmp_path / "e.csv"
    estates.write_text(
        "name,households,population,community,childcare_places,x,y\n"
        "A1,4000,12800,,30,106.635,26.655\n"
        "A2,3000,9600,错误社区,30,106.636,26.656\n"  # the row says another community
        "B1,1000,3200,,0,106.645,26.655\n"
        "C1,500,1600,孤立社区,0,106.700,26.700\n",  # in no polygon: keeps its own
        encoding="utf-8",
    )
    communities = write_collection(
        tmp_path / "communities.geojson",
        [square("大营社区", 106.63, 26.65, 区县="云岩区"), square("黔灵社区", 106.64, 26.65, 区县="云岩区")],
    )
    districts = write_collection(tmp_path / "districts.geojson", [square("云岩区", 106.62, 26.64, 0.05)])
    facilities = tmp_path / "f.csv"
    facilities.write_text("id,category,places,x,y\nN1,childcare,20,106.646,26.656\n", encoding="utf-8")
    args = ["--rules", "guizhou", "--facilities", facilities]
    args += ["--communities", communities, "--districts", districts]
    run = run_cli("audit", estates, *args, "--format", "json")
    document = json.loads(run.out)
    found = {c["name"]: c for c in document["summary"]["communities"]}
    assert set(found) == {"大营社区", "黔灵社区", "孤立社区"}
    assert found["大营社区"]["estates"] == 2 and found["大营社区"]["district"] == "云岩区"
    qianling = {r["id"]: r for r in found["黔灵社区"]["results"]}
    assert qianling["childcare.facility_count"]["status"] == "pass"  # the city's nursery N1 inside
    assert qianling["childcare.facility_count"]["provided"] == 1
    assert {r["id"]: r for r in found["孤立社区"]["results"]}["childcare.facility_count"]["status"] == "fail"
    assert [e["district"] for e in document["estates"]] == ["云岩区", "云岩区", "云岩区", ""]
    messages = " ".join(p["message"] for p in document["problems"])
    assert "1 estate(s) name another community" in messages and "'错误社区' in the list" in messages
    assert "1 estate(s) lie in no community" in messages
    layers = tmp_path / "audit.gpkg"
    assert run_cli("audit", estates, *args, "--format", "gpkg", "-o", layers).code in (0, 1)
    import geopandas as gpd

    layer = gpd.read_file(layers, layer="communities")
    assert layer.set_index("name").geometry.notna().to_dict() == {
        "大营社区": True,
        "黔灵社区": True,
        "孤立社区": False,  # no polygon given for it
    }
    # Guizhou's aim for 2025 per community: a target, met or missed (never "fail"); no data where
    # the estates' rooms name no institution (大营社区)
    assert set(layer["childcare.facility_count.status"]) == {"met", "missed", "insufficient_data"}
    assert set(layer["childcare.facility_count.binding"]) == {"target"}


def test_a_community_layer_without_names_is_refused(run_cli, tmp_path: Path) -> None:
    estates = tmp_path / "e.csv"
    estates.write_text("name,households,x,y\nA1,400,106.635,26.655\n", encoding="utf-8")
    unnamed = write_collection(tmp_path / "c.geojson", [square("", 106.63, 26.65)])
    run = run_cli("audit", estates, "--rules", "guizhou", "--communities", unnamed)
    assert run.code == 2 and "c.geojson" in run.err and "feature 1" in run.err and "name" in run.err
    no_column = tmp_path / "d.geojson"
    no_column.write_text(unnamed.read_text(encoding="utf-8").replace('"name"', '"label"'), encoding="utf-8")
    run = run_cli("audit", estates, "--rules", "guizhou", "--districts", no_column)
    assert run.code == 2 and "d.geojson" in run.err
    assert "expected a column naming each of the districts" in run.err


def test_the_renovation_rule_binds_the_communities_of_renovated_estates(run_cli, tmp_path: Path) -> None:
    """Wanzhou (六): a community childcare facility is a must-have of old-estate renovation —
    judged on the community of an estate under renovation, not on every existing estate."""
    estates = tmp_path / "e.csv"
    estates.write_text(
        "name,households,community,老旧小区改造,childcare_places,x,y\n"
        "R1,800,牌楼社区,是,0,108.40,30.80\n"  # under renovation, no nursery in its community
        "R2,600,牌楼社区,否,0,108.401,30.80\n"
        "S1,900,周家坝社区,,0,108.41,30.81\n",  # not renovated: the rule does not apply
        encoding="utf-8",
    )
    run = run_cli("audit", estates, "--rules", "wanzhou", "--format", "json")
    document = json.loads(run.out)
    found = {
        c["name"]: {r["id"]: r for r in c["results"]}["childcare.facility_count.existing"]
        for c in document["summary"]["communities"]
    }
    assert found["牌楼社区"]["status"] == "fail" and found["牌楼社区"]["required"] == 1
    assert (
        found["周家坝社区"]["status"] == "not_applicable" and "renovation" in found["周家坝社区"]["message"]
    )
    # no estate is failed on it
    assert all(r["id"] != "childcare.facility_count.existing" for e in expand(document) for r in e["results"])
    bad = tmp_path / "bad.csv"
    bad.write_text(estates.read_text(encoding="utf-8").replace(",是,", ",也许,"), encoding="utf-8")
    rows = json.loads(run_cli("audit", bad, "--rules", "wanzhou", "--format", "json").out)["estates"]
    assert rows[0]["verdict"] == "not_judged" and "也许" in rows[0]["reason_zh"]


def test_the_land_rule_with_a_population_table(run_cli, tmp_path: Path) -> None:
    """Wanzhou (十五): ≥ 0.2 m² of eldercare land per urban resident, per district, on the
    official residents; rooms inside estates carry no land and are listed apart; a facility
    whose land is not given leaves a shortfall undecided (0 is no land)."""
    estates = tmp_path / "e.csv"
    estates.write_text(
        "name,households,district,eldercare_area_m2,x,y\n"
        "A1,1000,万州区,300,108.40,30.80\nA2,1000,万州区,0,108.41,30.80\n",
        encoding="utf-8",
    )
    facilities = tmp_path / "f.csv"
    facilities.write_text(
        "name,category,area_m2,用地面积,district,x,y\n"
        "区养老院,eldercare,5000,29000,万州区,108.405,30.805\n"
        "街道养老服务中心,eldercare,1200,,万州区,108.402,30.801\n",
        encoding="utf-8",
    )
    population = tmp_path / "p.csv"
    population.write_text("name,level,residents\n万州区,district,150000\n", encoding="utf-8")
    args = ["--rules", "wanzhou", "--facilities", facilities, "--format", "json"]
    text = facilities.read_text(encoding="utf-8")
    for land, centre, status, provided in (
        ("29000", "", "insufficient_data", None),  # the centre's land may make up the 1,000 m²
        ("29000", "0", "fail", 29000),
        ("30000", "", "pass", 30000),
    ):
        facilities.write_text(
            text.replace("29000", land).replace("eldercare,1200,,", f"eldercare,1200,{centre},"),
            encoding="utf-8",
        )
        run = run_cli("audit", estates, *args, "--population", population)
        (district,) = json.loads(run.out)["summary"]["districts"]
        found = {r["id"]: r for r in district["results"]}["eldercare.land.district"]
        assert district["population_source"] == "official"
        assert (found["status"], found["required"], found["provided"]) == (status, 30000, provided)
        assert found["details"].get("land_unknown") == (["街道养老服务中心"] if not centre else None)
        assert found["details"]["rooms_in_housing"] == ["row 2 A1"]
    # without the table: the estates' own (estimated) residents, said so
    run = run_cli("audit", estates, *args)
    (district,) = json.loads(run.out)["summary"]["districts"]
    found = {r["id"]: r for r in district["results"]}["eldercare.land.district"]
    assert district["population_source"] == "estimated" and "(estimated)" in found["message"]


def test_the_share_of_communities_served_by_a_day_care_centre(run_cli, tmp_path: Path) -> None:
    """Yuxi (四): ≥ 90 % of communities with a day-care centre; communities from the population
    table (two of them have no estate in the list), a facility counts by its name or service."""
    estates = tmp_path / "e.csv"
    rows = "".join(f"E{i},500,社区{i},102.54,24.35\n" for i in range(10))
    estates.write_text("name,households,community,x,y\n" + rows, encoding="utf-8")
    population = tmp_path / "p.csv"
    population.write_text(
        "name,level,residents\n" + "".join(f"社区{i},community,3000\n" for i in range(12)), encoding="utf-8"
    )
    facilities = tmp_path / "f.csv"

    def judged(served: int, *, words: str = "日间照料中心") -> dict:
        lines = [f"社区{i}{words},eldercare,400,社区{i},102.54,24.35\n" for i in range(served)]
        facilities.write_text("name,category,area_m2,community,x,y\n" + "".join(lines), encoding="utf-8")
        run = run_cli(
            "audit", estates, "--rules", "yuxi", "--facilities", facilities, "--population", population,
            "--format", "json",
        )  # fmt: skip
        city = json.loads(run.out)["summary"]["city"]
        return {r["id"]: r for r in city["results"]}["eldercare.day_care.city_2025"]

    at, below = judged(11), judged(10)  # ceil(0.9 × 12) = 11
    assert (at["status"], at["required"], at["provided"]) == ("pass", 11, 11)
    assert (below["status"], below["provided"]) == ("fail", 10)
    assert (
        below["details"]["without"] == ["社区10", "社区11"]
        and below["details"]["communities_from"] == "p.csv"
    )
    assert judged(12, words="长者食堂")["provided"] == 0  # a canteen is no day-care centre


def test_the_population_table_gives_age_groups(run_cli, tmp_path: Path) -> None:
    estates = tmp_path / "e.csv"
    estates.write_text("name,households,community,x,y\nA1,400,大营社区,106.63,26.65\n", encoding="utf-8")
    table = tmp_path / "p.csv"
    table.write_text(
        "名称,层级,常住人口,60岁以上人口,0-3岁人口\n大营社区,社区,21000,4200,600\n贵阳市,城市,100000,,2500\n",
        encoding="utf-8",
    )
    run = run_cli("audit", estates, "--rules", "guizhou", "--population", table, "--format", "json")
    summary = json.loads(run.out)["summary"]
    (community,) = summary["communities"]
    assert (community["residents_60plus"], community["children_0_3"]) == (4200, 600)
    assert summary["city"]["children_0_3"] == 2500 and "residents_60plus" not in summary["city"]
    table.write_text("名称,层级,常住人口,0-3岁人口\n大营社区,社区,21000,30000\n", encoding="utf-8")
    refused = run_cli("audit", estates, "--rules", "guizhou", "--population", table)
    assert (
        refused.code == 2
        and "p.csv" in refused.err
        and "children_0_3 larger than its residents" in refused.err
    )


# -- regressions of the review of issue 11 ---------------------------------------------------


def test_a_project_declared_a_district_is_not_judged_on_community_rules(run_cli, tmp_path: Path) -> None:
    _, found = results(run_cli, guiyang_project(tmp_path / "p.geojson", scope="district", population=300000))
    for rule in ("childcare.community_places", "childcare.facility_count"):
        assert (
            found[rule]["status"] == "not_applicable" and "set for each community" in found[rule]["message"]
        )


def test_facilities_are_placed_only_in_the_community_they_name(run_cli, tmp_path: Path) -> None:
    """A nursery of 太白社区 in district 高笋塘街道 is not 龙都街道's 太白社区; one naming 白岩社区
    without its district, when two districts have one, counts for neither and is reported."""
    estates = tmp_path / "e.csv"
    estates.write_text(
        "name,households,district,community,老旧小区改造,childcare_places,x,y\n"
        "A,800,龙都街道,太白社区,是,0,108.40,30.80\n"
        "B,800,龙都街道,白岩社区,是,0,108.41,30.80\n"
        "C,800,钟鼓楼街道,白岩社区,是,0,108.42,30.80\n",
        encoding="utf-8",
    )
    facilities = tmp_path / "f.csv"
    facilities.write_text(
        "name,category,places,district,community,x,y\n"
        "别区托育,childcare,30,高笋塘街道,太白社区,108.40,30.80\n"
        "无区托育,childcare,30,,白岩社区,108.41,30.80\n",
        encoding="utf-8",
    )
    run = run_cli("audit", estates, "--rules", "wanzhou", "--facilities", facilities, "--format", "json")
    document = json.loads(run.out)
    provided = {
        (c["district"], c["name"]): {r["id"]: r for r in c["results"]}["childcare.facility_count.existing"][
            "provided"
        ]
        for c in document["summary"]["communities"]
    }
    assert provided == {
        ("龙都街道", "太白社区"): 0,
        ("龙都街道", "白岩社区"): 0,
        ("钟鼓楼街道", "白岩社区"): 0,
    }
    messages = [p["message"] for p in document["problems"]]
    assert any("别区托育" in m and "not in the list" in m for m in messages)
    assert any("无区托育" in m and "several districts" in m for m in messages)
    assert document["verdict"] == "fail" and run.code == 1  # the communities fail: so does the audit


def test_population_rows_that_match_nothing_are_reported(run_cli, tmp_path: Path) -> None:
    estates = tmp_path / "e.csv"
    estates.write_text(
        "name,households,population,district,community,childcare_places,x,y\n"
        "A1,6000,19200,观山湖区,世纪城社区,89,106.63,26.65\n",
        encoding="utf-8",
    )
    table = tmp_path / "p.csv"
    table.write_text("名称,层级,区县,常住人口\n世纪城,社区,观山湖区,20000\n", encoding="utf-8")
    run = run_cli("audit", estates, "--rules", "guizhou", "--population", table, "--format", "json")
    document = json.loads(run.out)
    (community,) = document["summary"]["communities"]
    assert community["population_source"] == "estates"  # not the table's: the names differ…
    assert any(
        "match no community" in p["message"] and "世纪城" in p["message"] for p in document["problems"]
    )
    # …and an estimate is said to be one in the finding
    places = {r["id"]: r for r in community["results"]}["childcare.community_places"]
    assert places["status"] == "not_applicable" and "19200" in places["message"]


def test_a_community_no_rule_applies_to_is_not_a_pass(run_cli, tmp_path: Path) -> None:
    estates = tmp_path / "e.csv"
    estates.write_text("name,households,community,x,y\nS1,900,周家坝社区,108.41,30.81\n", encoding="utf-8")
    document = json.loads(run_cli("audit", estates, "--rules", "wanzhou", "--format", "json").out)
    (community,) = document["summary"]["communities"]
    assert community["verdict"] == "not_applicable"


def test_a_pooled_share_beside_a_room_without_area_is_not_judged(run_cli, tmp_path: Path) -> None:
    x, y = 118.59, 24.91
    project = geojson(
        tmp_path / "p.geojson",
        [
            feature("building", x, y, id="B1", households=1000),
            feature(
                "facility",
                x,
                y,
                id="pooled",
                category="eldercare",
                area_m2=300,
                off_site=True,
                centre_area_m2=2500,
            ),
            feature("facility", x, y, id="own", category="eldercare"),
        ],
        project={"name": "泉州", "kind": "new"},
    )
    run = run_cli("check", project, "--rules", "quanzhou", "--format", "json")
    site = {r["id"]: r for r in json.loads(run.out)["results"]}["eldercare.site_area.new"]
    assert site["status"] == "insufficient_data" and "own" in site["message"]


def test_the_summary_gives_the_estate_rates_not_the_city_targets(run_cli, tmp_path: Path) -> None:
    estates = tmp_path / "e.csv"
    estates.write_text("name,households,x,y\nS1,900,108.41,30.81\n", encoding="utf-8")
    document = json.loads(run_cli("audit", estates, "--rules", "wanzhou", "--format", "json").out)
    places = document["summary"]["city"]["childcare_places"]
    assert places["profile_rate_per_1000"] == {}  # Wanzhou sets no places per estate
    assert (places["city_target_per_1000"], places["city_target_year"]) == (4.5, 2025)
