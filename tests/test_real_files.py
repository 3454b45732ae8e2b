"""Real files read as meant (issue 23): what the tool cannot read is said, counted and located."""

from __future__ import annotations

import json

import pytest
from conftest import SAMPLES

from laoxiao_check.io.estates import read_facilities
from laoxiao_check.model.categories import FACILITY_WORDS, facility_word, parse_category
from laoxiao_check.model.errors import InputError
from laoxiao_check.model.values import ValueProblem
from laoxiao_check.rules.profiles import load_profile
from laoxiao_check.services.audit import run_audit

AUDIT = SAMPLES / "audit"


def audit_of_sample(run_cli, rules: str, *more) -> dict:
    """The JSON of an audit of the bundled estate list with ``rules`` and further options."""
    return json.loads(
        run_cli("audit", AUDIT / "estates.csv", "--rules", rules, *more, "--format", "json").out
    )


CATEGORY_WORDS = [
    ("养老院", "eldercare"),
    ("敬老院", "eldercare"),
    ("日间照料中心", "eldercare"),
    ("鲤城区海滨街道日间照料中心", "eldercare"),
    ("托老所", "eldercare"),
    ("托育园", "childcare"),
    ("托儿所", "childcare"),
    ("幼儿园托班", "childcare"),
    ("ＸＸ社区托育点", "childcare"),
    ("养老", "eldercare"),
    ("Childcare", "childcare"),
]


@pytest.mark.parametrize(("word", "category"), CATEGORY_WORDS)
def test_institution_words_name_their_category(word: str, category: str) -> None:
    found = facility_word(word)
    assert found is not None and found.category == category
    assert parse_category(word) == category


@pytest.mark.parametrize("word", ["幼儿园", "实验幼儿园", "老年活动中心", "社区卫生服务中心"])
def test_words_that_name_no_category_are_refused_with_the_reason(word: str) -> None:
    assert facility_word(word) is None
    with pytest.raises(ValueProblem, match="3–6" if word.endswith("幼儿园") else "not a known"):
        parse_category(word)


def test_every_word_says_where_it_comes_from() -> None:
    assert all(w.source and w.category in {"eldercare", "childcare"} for w in FACILITY_WORDS)
    words = [w.word for w in FACILITY_WORDS]
    assert len(words) == len(set(words))


def _facilities(path, rows: list[tuple[str, str, str]]):
    lines = ["name,category,district,x,y,places,area_m2"]
    lines += [f"{name},{category},鲤城区,118.57,24.86,{service},300" for name, category, service in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_chinese_institution_words_are_read_and_day_care_kept_as_service(tmp_path) -> None:
    path = _facilities(
        tmp_path / "f.csv",
        [
            ("甲", "养老院", "0"),
            ("乙", "日间照料中心", "0"),
            ("丙", "托儿所", "40"),
            ("丁", "幼儿园托班", "20"),
        ],
    )
    layer = read_facilities(path)
    assert [f.category for f in layer.facilities] == ["eldercare", "eldercare", "childcare", "childcare"]
    assert layer.facilities[1].service == "日间照料中心"
    assert layer.problems == ()


def test_unknown_words_are_one_grouped_problem_with_counts(tmp_path) -> None:
    rows = [(f"养{i}", "养老院", "0") for i in range(10)] + [
        ("活动室", "老年活动中心", "0"),
        ("幼", "实验幼儿园", "0"),
    ]
    layer = read_facilities(_facilities(tmp_path / "f.csv", rows))
    assert len(layer.facilities) == 10
    [problem] = [p for p in layer.problems if "not a known word" in p.message]
    assert problem.place == "column category"
    assert "2 of 12 facilities left out" in problem.message
    assert "'老年活动中心' ×1" in problem.message and "3–6" in problem.message


def test_a_list_over_a_fifth_unreadable_stops_naming_the_column_and_words(tmp_path, run_cli) -> None:
    rows = [
        ("甲", "养老院", "0"),
        ("乙", "老年活动中心", "0"),
        ("丙", "老年活动中心", "0"),
        ("丁", "助老站", "0"),
    ]
    path = _facilities(tmp_path / "f.csv", rows)
    with pytest.raises(InputError, match="More than a fifth unreadable"):
        read_facilities(path)
    result = run_cli(
        "audit", AUDIT / "estates.csv", "--rules", "quanzhou", "--facilities", path, "--coords", "gcj02"
    )
    assert result.code == 2
    assert "column category" in result.err and "'老年活动中心' ×2" in result.err and "f.csv" in result.err


def test_an_audit_with_chinese_words_judges_like_one_with_category_names(tmp_path) -> None:
    features = json.loads((AUDIT / "facilities.geojson").read_text(encoding="utf-8"))
    words = {"eldercare": "社区日间照料中心", "childcare": "托育园"}
    for f in features["features"]:
        f["properties"]["category"] = words[f["properties"]["category"]]
    path = tmp_path / "facilities.geojson"
    path.write_text(json.dumps(features, ensure_ascii=False), encoding="utf-8")
    profile = load_profile("quanzhou")
    plain = run_audit(
        AUDIT / "estates.csv", profile, facilities_path=AUDIT / "facilities.geojson", datum="gcj02"
    )
    worded = run_audit(AUDIT / "estates.csv", profile, facilities_path=path, datum="gcj02")
    assert [e.verdict for e in worded.estates] == [e.verdict for e in plain.estates]
    assert worded.summary["city"]["estates"] == plain.summary["city"]["estates"]


def test_a_network_of_another_place_stops_saying_how_far(run_cli) -> None:
    result = run_cli(
        "check",
        SAMPLES / "yuxi_new_estate.geojson",
        "--rules",
        "yuxi",
        "--network",
        SAMPLES / "karhula.osm.pbf",
    )
    assert result.code == 2
    assert "karhula.osm.pbf" in result.err and "7,211 km from the buildings" in result.err
    assert "60.53°N" in result.err and "read as EPSG:4326" in result.err


def test_facilities_of_another_city_stop_the_check_and_the_audit(run_cli) -> None:
    result = run_cli(
        "check",
        SAMPLES / "yuxi_new_estate.geojson",
        "--rules",
        "yuxi",
        "--facilities",
        AUDIT / "facilities.geojson",
    )
    assert result.code == 2 and "1,643 km from the buildings" in result.err
    assert "facilities.geojson: the facilities lie" in result.err
    estates = SAMPLES / "yuxi_new_estate.geojson"
    assert estates.exists()


def test_projected_coordinates_in_the_wrong_zone_are_caught_by_the_network(tmp_path, run_cli) -> None:
    """Coordinates written in EPSG:4549 (120°E) but declared EPSG:4547 (114°E) land ~600 km west."""
    from pyproj import Transformer

    to_4549 = Transformer.from_crs("EPSG:4326", "EPSG:4549", always_xy=True)
    document = json.loads((SAMPLES / "quanzhou_riverside.geojson").read_text(encoding="utf-8"))
    for feature in document["features"]:
        x, y = feature["geometry"]["coordinates"][:2]
        feature["geometry"]["coordinates"] = list(to_4549.transform(x, y))
    document["crs"] = {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::4547"}}
    path = tmp_path / "p.geojson"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    network = SAMPLES / "quanzhou_riverside_network.geojson"
    result = run_cli("check", path, "--rules", "quanzhou", "--network", network)
    assert result.code == 2, result.err
    assert "605 km from the buildings" in result.err and "the buildings of" in result.err
    assert "read as EPSG:4547" in result.err


def test_facilities_beyond_the_boundary_serve_but_are_not_counted(tmp_path) -> None:
    import geopandas as gpd
    import shapely

    west = shapely.box(118.50, 24.80, 118.5740, 24.95)
    boundary = tmp_path / "west.geojson"
    gpd.GeoDataFrame(geometry=[west], crs="EPSG:4326").to_file(boundary)
    profile = load_profile("quanzhou")
    facilities = AUDIT / "facilities.geojson"
    result = run_audit(
        AUDIT / "estates.csv",
        profile,
        facilities_path=facilities,
        datum="gcj02",
        boundary_path=boundary,
        boundary_datum="wgs84",
    )
    [said] = [p for p in result.problems if "facilities lie outside the boundary" in p.message]
    assert said.source == str(facilities) and "not counted in the totals" in said.message
    whole = run_audit(AUDIT / "estates.csv", profile, facilities_path=facilities, datum="gcj02")

    def city_places(audit) -> int:
        return next(f.provided for f in audit.city.findings if f.id == "childcare.places.city_2025")

    assert (city_places(whole), city_places(result)) == (1102, 342)  # only the west's facilities counted


def test_unknown_words_and_facilities_beyond_the_boundary_are_in_the_ledger(tmp_path, run_cli) -> None:
    import geopandas as gpd
    import shapely

    features = json.loads((AUDIT / "facilities.geojson").read_text(encoding="utf-8"))
    features["features"][0]["properties"]["category"] = "老年活动中心"
    facilities = tmp_path / "facilities.geojson"
    facilities.write_text(json.dumps(features, ensure_ascii=False), encoding="utf-8")
    boundary = tmp_path / "west.geojson"
    gpd.GeoDataFrame(geometry=[shapely.box(118.50, 24.80, 118.5740, 24.95)], crs="EPSG:4326").to_file(
        boundary
    )
    args = [
        "audit",
        AUDIT / "estates.csv",
        "--rules",
        "quanzhou",
        "--facilities",
        facilities,
        "--coords",
        "gcj02",
    ]
    args += ["--boundary", boundary, "--boundary-coords", "wgs84"]
    document = json.loads(run_cli(*args, "--format", "json").out)
    entries = {e["kind"]: e for e in document["input_ledger"]}
    assert entries["unknown_category"]["count"] == 1
    assert entries["unknown_category"]["examples"] == ["老年活动中心 ×1"]
    beyond = [
        e for e in document["input_ledger"] if e["kind"] == "outside_boundary" and "facilities" in e["reason"]
    ]
    assert len(beyond) == 1 and beyond[0]["count"] > 0
    table = run_cli(*args, "--lang", "zh").out
    assert "老年活动中心 ×1" in table


def _tier(run_cli, path, *more: str) -> dict:
    document = json.loads(run_cli("check", path, "--rules", "quanzhou", "--format", "json", *more).out)
    return {c["key"]: c for c in document["data_quality"]["checks"]} | {
        "": document["data_quality"]["status"]
    }


def test_the_data_tier_says_what_to_verify_before_the_verdicts(tmp_path, run_cli, monkeypatch) -> None:
    from helpers import FACILITIES, workbook

    project = [["name", "T"], ["kind", "new"], ["population", 6000]]
    buildings = [["id", "households", "x", "y"], ["B1", 500, 118.60, 24.90], ["B2", 500, None, None]]
    rooms = [*FACILITIES[:1], *FACILITIES[1:2]]
    path = workbook(tmp_path / "p.xlsx", project=project, buildings=buildings, facilities=rooms)
    tier = _tier(run_cli, path)
    assert tier["households"]["status"] == "ok" and tier["population"]["status"] == "ok"
    assert tier["persons_per_household"]["status"] == "doubt"  # 6,000 residents / 1,000 households
    assert tier["persons_per_household"]["en"].startswith(
        "6.00 residents per household, outside the plausible 1.5–5"
    )
    assert tier["coordinates"]["status"] == "missing" and tier["coordinates"]["rows"] == ["B2"]
    assert tier[""] == "incomplete"
    monkeypatch.setenv("COLUMNS", "160")  # the table layout
    text = run_cli("check", path, "--rules", "quanzhou", "--lang", "zh").out
    assert text.index("数据质量: 数据不完整") < text.index("┏")  # before any verdict table


def test_the_data_tier_of_a_complete_project_is_complete_or_names_the_estimate(run_cli) -> None:
    tier = _tier(run_cli, SAMPLES / "quanzhou_new_estate.xlsx")
    assert tier["population"]["status"] == "doubt" and "estimated" in tier["population"]["en"]
    assert tier[""] == "doubtful"


def test_an_estate_of_another_city_is_doubted_and_with_a_boundary_not_judged(tmp_path, run_cli) -> None:
    import geopandas as gpd
    import shapely

    estates = tmp_path / "e.csv"
    estates.write_text(
        (AUDIT / "estates.csv").read_text(encoding="utf-8") + "西安小区,鲤城区,,900,108.94,34.34,100,50,10\n",
        encoding="utf-8",
    )
    args = ["audit", estates, "--rules", "quanzhou", "--facilities", AUDIT / "facilities.geojson"]
    args += ["--coords", "gcj02", "--format", "json"]
    plain = json.loads(run_cli(*args).out)
    ledger = {e["kind"]: e for e in plain["input_ledger"]}
    assert ledger["far_from_rest"]["examples"] == ["row 44 西安小区"]
    assert "row 44 西安小区" not in ledger["no_coordinates"]["examples"]
    boundary = tmp_path / "quanzhou.geojson"
    gpd.GeoDataFrame(geometry=[shapely.box(118.3, 24.6, 118.9, 25.2)], crs="EPSG:4326").to_file(boundary)
    bounded = json.loads(run_cli(*args, "--boundary", boundary, "--boundary-coords", "wgs84").out)
    xian = next(e for e in bounded["estates"] if e["name"] == "西安小区")
    assert xian["verdict"] == "not_judged" and xian["reason"].startswith("outside the boundary")
    kinds = {e["kind"]: e for e in bounded["input_ledger"]}
    assert kinds["outside_boundary"]["examples"] == ["row 44 西安小区"] and "far_from_rest" not in kinds
    totals = (plain["summary"]["city"]["estates"]["judged"], bounded["summary"]["city"]["estates"]["judged"])
    assert totals == (41, 40)
    tier = {c["key"]: c for c in bounded["data_quality"]["checks"]}
    assert tier["households"]["en"].startswith("40 of 42 estates")  # the one outside is out of scope


def test_a_facility_listed_twice_is_counted_once(tmp_path, run_cli) -> None:
    facilities = tmp_path / "f.csv"
    facilities.write_text(
        "id,category,places,district,x,y\n"
        "阳光托育园,托育,200,鲤城区,118.57,24.86\n"
        "阳光托育园,托育,200,鲤城,118.57,24.86\n"
        "阳光托育园,托育,150,鲤城区,118.57001,24.86001\n"  # a metre away: the same place
        "阳光托育园,养老,0,鲤城区,118.57,24.86\n",
        encoding="utf-8",
    )
    layer = read_facilities(facilities)
    assert [(f.id, f.category, f.places) for f in layer.facilities] == [
        ("阳光托育园", "childcare", 200),
        ("阳光托育园", "eldercare", 0),  # another category: another facility, kept (and said)
    ]
    assert layer.merged == (("row 3", "阳光托育园", "row 2"), ("row 4", "阳光托育园", "row 2"))
    document = audit_of_sample(run_cli, "quanzhou", "--facilities", facilities)
    assert document["summary"]["city"]["childcare_places"]["places_in_facilities"] == 200
    [entry] = [e for e in document["input_ledger"] if e["kind"] == "duplicates_merged"]
    assert entry["count"] == 2 and entry["examples"][0] == "row 3 阳光托育园 (= row 2)"


def test_a_plan_opens_with_the_data_tier_and_the_ledger(run_cli) -> None:
    args = ["plan", AUDIT / "estates.csv", "--rules", "quanzhou", "--category", "childcare"]
    args += ["--candidates", AUDIT / "candidates.geojson", "--coords", "gcj02", "--add", "2"]
    document = json.loads(run_cli(*args, "--format", "json").out)
    assert document["data_quality"]["status"] == "incomplete"
    ledger = {e["kind"]: e for e in document["input_ledger"]}
    assert ledger["no_coordinates"]["examples"] == ["row 42 坐标缺失小区"]  # its households are in no total
    assert ledger["not_judged"]["count"] == 2


def test_a_facility_of_another_city_is_in_no_total(tmp_path, run_cli) -> None:
    """Xi'an's 400 places in a Quanzhou facility list turned the city's 2025 target from missed to met."""
    facilities = tmp_path / "f.csv"
    facilities.write_text(
        "id,category,places,area_m2,district,x,y\n"
        "A,托育园,600,500,鲤城区,118.5706,24.8656\n"
        "B,托育园,40,100,丰泽区,118.6000,24.9000\n"
        "Z,托育园,400,300,雁塔区,108.996,34.273\n",
        encoding="utf-8",
    )
    document = audit_of_sample(run_cli, "quanzhou", "--facilities", facilities)
    [far] = [e for e in document["input_ledger"] if e["kind"] == "far_from_rest"]
    assert far["examples"] == ["row 4 Z"] and "in no total" in far["reason"]
    city = {f["id"]: f for f in document["summary"]["city"]["results"]}
    assert city["childcare.places.city_2025"]["provided"] == 902 + 640  # the estates' own and A, B


def test_population_rows_matching_no_district_are_in_the_ledger(tmp_path, run_cli) -> None:
    population = tmp_path / "pop.csv"
    population.write_text(
        (AUDIT / "population.csv").read_text(encoding="utf-8") + "不存在区,区县,,5000,,\n", encoding="utf-8"
    )
    document = audit_of_sample(run_cli, "wanzhou", "--population", population)
    [entry] = [e for e in document["input_ledger"] if e["kind"] == "rows_skipped"]
    assert entry["examples"] == ["不存在区 (district)"] and entry["source"] == "pop.csv"


def test_gis_layers_carry_the_data_tier_and_the_ledger_at_their_top(tmp_path, run_cli) -> None:
    out = tmp_path / "a.geojson"
    assert run_cli("audit", AUDIT / "estates.csv", "--rules", "quanzhou", "-o", out).code == 1
    document = json.loads(out.read_text(encoding="utf-8"))
    assert list(document)[:3] == ["type", "data_quality", "input_ledger"]
    assert (
        document["data_quality"]["status"] == "incomplete"
        and document["input_ledger"][0]["kind"] == "not_judged"
    )
    layers = [f["properties"]["layer"] for f in document["features"]]
    assert {name: layers.count(name) for name in set(layers)} == {
        "estates": 42,
        "streets": 6,
        "districts": 3,
        "city": 1,
    }  # the layers as before, with the list's streets


def test_estates_piled_on_one_point_are_doubted_in_the_data_tier(tmp_path, run_cli) -> None:
    estates = tmp_path / "e.csv"
    rows = [f"C{i},100,118.6,24.9" for i in range(12)] + [
        f"D{i},100,{118.61 + i / 100},24.91" for i in range(5)
    ]
    estates.write_text("name,households,x,y\n" + "\n".join(rows) + "\n", encoding="utf-8")
    document = json.loads(run_cli("audit", estates, "--rules", "quanzhou", "--format", "json").out)
    [shared] = [c for c in document["data_quality"]["checks"] if c["key"] == "shared_points"]
    assert shared["status"] == "doubt" and shared["en"].startswith("12 estates share 1 point,")
    assert document["data_quality"]["status"] != "complete"


def test_a_plan_counts_facilities_whose_coordinates_are_refused(tmp_path, run_cli) -> None:
    facilities = tmp_path / "f.csv"
    facilities.write_text(
        "id,category,places,x,y\nA,托育,20,118.6,24.9\nB,托育,20,118.6,95\n", encoding="utf-8"
    )
    args = ["plan", AUDIT / "estates.csv", "--rules", "quanzhou", "--category", "childcare", "--add", "1"]
    args += ["--candidates", AUDIT / "candidates.geojson", "--coords", "gcj02", "--facilities", facilities]
    document = json.loads(run_cli(*args, "--format", "json").out)
    [entry] = [e for e in document["input_ledger"] if e["source"] == "f.csv"]
    assert (entry["kind"], entry["examples"]) == ("no_coordinates", ["row 3 B"])  # latitude 95: not a point
