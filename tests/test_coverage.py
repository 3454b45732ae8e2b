"""Service-circle coverage: straight line and walking network."""

from __future__ import annotations

import json

import geopandas as gpd
import numpy as np
import pytest
import shapely
from conftest import SAMPLES
from helpers import feature, geojson
from pyproj import Transformer

from laoxiao_check.io import read_project
from laoxiao_check.io.network import read_network
from laoxiao_check.model.errors import InputError, ProfileError
from laoxiao_check.rules.profiles import load_profile
from laoxiao_check.services import check as api
from laoxiao_check.spatial.network import graph_from_lines, snap_points
from laoxiao_check.spatial.network.noding import NodingOptions

GK = "EPSG:4549"  # CGCS2000 3° Gauss-Krüger CM 120°E: metres, for exact distances
X0, Y0 = 500_000.0, 2_750_000.0


def gk_project(tmp_path, buildings, facilities, name="p.geojson"):
    """A project in projected metres relative to (X0, Y0)."""
    features = [feature("building", X0 + x, Y0 + y, id=bid, households=hh) for bid, hh, x, y in buildings]
    features += [
        feature("facility", X0 + x, Y0 + y, id=fid, category=cat, area_m2=1000, places=500)
        for fid, cat, x, y in facilities
    ]
    path = geojson(
        tmp_path / name,
        features,
        {"name": "c", "kind": "new"},
        crs={"type": "name", "properties": {"name": GK}},
    )
    return read_project(path)


def gk_network(tmp_path, lines, name="net.gpkg"):
    geometries = [shapely.LineString([(X0 + x, Y0 + y) for x, y in line]) for line in lines]
    path = tmp_path / name
    gpd.GeoDataFrame(geometry=geometries, crs=GK).to_file(path)
    return read_network(path)


def coverage(result, category="eldercare", level="15min"):
    (found,) = [c for c in result.coverage if c.category == category and c.level == level]
    return found


def test_straight_line_boundary_is_inclusive(tmp_path) -> None:
    # A exactly 1,000 m east of the facility (covered: ≤), B 1,000.01 m north-east of it (not)
    project = gk_project(tmp_path, [("A", 10, 1000, 0), ("B", 10, 0, 1000.01)], [("E", "eldercare", 0, 0)])
    result = api.check_project(project, load_profile("national"))
    found = coverage(result)
    assert found.method == "straight_line" and found.metric_crs == GK
    assert found.households_covered == 10 and found.households_total == 20
    assert [u["building"] for u in found.uncovered] == ["B"]
    assert found.uncovered[0]["nearest_m"] == pytest.approx(1000.0, abs=0.01)


def test_households_weight_the_share(tmp_path) -> None:
    project = gk_project(
        tmp_path,
        [("big", 300, 0, 0), ("small", 100, 5000, 0)],
        [("E", "eldercare", 0, 10), ("C", "childcare", 0, 10)],
    )
    result = api.check_project(project, load_profile("national"))
    found = coverage(result)
    assert found.ratio == 0.75 and found.status == "fail"
    finding = next(f for f in result.findings if f.id == "eldercare.coverage.15min")
    assert finding.metric == "coverage" and finding.provided == 0.75 and finding.required == 1.0
    # the baseline's circle is advisory (a city-wide aim): shown short, never deciding
    assert finding.binding == "advisory" and result.verdict != "fail"


def test_required_ratio_below_one_can_pass(tmp_path) -> None:
    profile_path = tmp_path / "p.yaml"
    profile_path.write_text(
        "name: {zh: x, en: x}\nextends: national\nrules:\n"
        "  eldercare.coverage.15min:\n    required_ratio: 0.7\n"
        "    citation: {document: gb50180, clause: test}\n",
        encoding="utf-8",
    )
    project = gk_project(tmp_path, [("big", 300, 0, 0), ("small", 100, 5000, 0)], [("E", "eldercare", 0, 10)])
    found = coverage(api.check_project(project, load_profile(str(profile_path))))
    assert found.status == "pass" and found.required_ratio == 0.7


def test_walking_speed_sets_the_distance(tmp_path) -> None:
    profile_path = tmp_path / "elderly.yaml"
    profile_path.write_text(
        "name: {zh: x, en: x}\nextends: national\nrules:\n"
        "  eldercare.coverage.15min:\n    kind: coverage\n    category: eldercare\n"
        "    project_kind: any\n    level: 15min-elderly\n    minutes: 15\n    speed_kmh: 4.26\n"
        "    required_ratio: 1\n    citation: {document: gb50180, clause: test}\n",
        encoding="utf-8",
    )
    profile = load_profile(str(profile_path))
    project = gk_project(tmp_path, [("A", 1, 0, 1064), ("B", 1, 0, 1066)], [("E", "eldercare", 0, 0)])
    found = coverage(api.check_project(project, profile), level="15min-elderly")
    assert found.max_distance_m == pytest.approx(1065.0)
    assert [u["building"] for u in found.uncovered] == ["B"]


def test_distance_and_time_together_are_refused(tmp_path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(
        "name: {zh: x, en: x}\nextends: national\nrules:\n  eldercare.coverage.15min:\n"
        "    minutes: 15\n    speed_kmh: 4\n    citation: {document: gb50180, clause: x}\n",
        encoding="utf-8",
    )
    with pytest.raises(ProfileError, match=r"rules.eldercare.coverage.15min.max_distance_m.*not both"):
        load_profile(str(path))


def test_network_joins_at_the_nearest_point_of_the_edge(tmp_path) -> None:
    network = gk_network(tmp_path, [[(0, 0), (1000, 0)]])
    project = gk_project(tmp_path, [("A", 1, 500, 10)], [("E", "eldercare", 600, -10)])
    found = coverage(api.check_project(project, load_profile("national"), network))
    assert found.method == "network"
    # 10 m to the street, 100 m along it, 10 m to the facility; not via the end nodes
    assert found.distances["A"] == pytest.approx(120.0, abs=1e-6)


def test_network_path_goes_around(tmp_path) -> None:
    # a U-shaped street: 200 m apart in a straight line, 2,200 m on foot
    network = gk_network(tmp_path, [[(0, 0), (0, 1000), (200, 1000), (200, 0)]])
    project = gk_project(tmp_path, [("A", 1, -5, 0)], [("E", "eldercare", 205, 0)])
    result = api.check_project(project, load_profile("national"), network)
    found = coverage(result)
    assert found.distances["A"] == pytest.approx(2210.0, abs=1e-6)
    assert found.status == "fail"
    straight = coverage(api.check_project(project, load_profile("national")))
    assert straight.status == "pass"


def test_unsnapped_points_are_never_covered(tmp_path) -> None:
    network = gk_network(tmp_path, [[(0, 0), (1000, 0)]])
    project = gk_project(
        tmp_path,
        [("far", 5, 500, 400), ("near", 5, 100, 10)],
        [("E", "eldercare", 510, 400), ("E2", "eldercare", 0, 500)],
    )
    found = coverage(api.check_project(project, load_profile("national"), network, max_snap_m=300))
    # "far" and the facility 10 m from it are 400 m from the street; E2 is 500 m from it
    assert {(u["kind"], u["id"]) for u in found.unsnapped} == {
        ("building", "far"),
        ("facility", "E"),
        ("facility", "E2"),
    }
    far = next(u for u in found.unsnapped if u["id"] == "far")
    assert far["offset_m"] is None  # farther than the snapping distance from every edge
    assert found.households_covered == 0 and found.status == "fail"
    assert [u["building"] for u in found.uncovered] == ["far", "near"]
    # with a larger snapping distance both join
    wide = coverage(api.check_project(project, load_profile("national"), network, max_snap_m=600))
    assert wide.unsnapped == () and wide.households_covered == 10


def test_disconnected_pieces_give_no_coverage(tmp_path) -> None:
    network = gk_network(tmp_path, [[(0, 0), (300, 0)], [(0, 50), (300, 50)]])
    project = gk_project(tmp_path, [("A", 1, 100, -5)], [("E", "eldercare", 100, 55)])
    found = coverage(api.check_project(project, load_profile("national"), network))
    assert found.households_covered == 0
    assert found.uncovered[0]["nearest_m"] is None
    assert found.unsnapped == ()


def test_project_without_coordinates_is_insufficient() -> None:
    result = api.check(SAMPLES / "qidong_existing_estate.xlsx", "qidong")
    # buildings have coordinates, facilities do not: coverage cannot be judged
    found = coverage(result)
    assert found.status == "insufficient_data" and "coordinates" in found.message["en"]


def test_buildings_without_coordinates_are_insufficient(tmp_path) -> None:
    path = geojson(
        tmp_path / "p.geojson",
        [
            feature("building", id="A", households=5),
            feature("facility", 118.6, 24.9, id="E", category="eldercare", area_m2=100),
        ],
    )
    result = api.check_project(read_project(path), load_profile("national"))
    found = coverage(result)
    assert found.status == "insufficient_data" and "A" in found.message["en"]
    assert result.verdict == "incomplete"  # nothing binding under the baseline; coverage never reads as pass


def test_riverside_sample_straight_line_covers_network_does_not(run_cli) -> None:
    sample = SAMPLES / "quanzhou_riverside.geojson"
    straight = run_cli("check", sample, "--rules", "quanzhou", "--format", "json")
    assert straight.code == 0
    network = run_cli(
        "check",
        sample,
        "--rules",
        "quanzhou",
        "--format",
        "json",
        "--network",
        SAMPLES / "quanzhou_riverside_network.geojson",
    )
    assert network.code == 0  # the 15-minute circle is advisory: reported short, not a failed rule
    by_level = {(c["category"], c["level"]): c for c in json.loads(network.out)["coverage"]}
    childcare = by_level[("childcare", "15min")]
    assert childcare["method"] == "network" and childcare["ratio"] == 0
    s4 = next(u for u in childcare["uncovered"] if u["building"] == "S4")
    # 20 to the street, 1,060 east, 50 + 100 (bridge) + 50 north, 1,180 west, 15 to the door
    assert s4["nearest_m"] == pytest.approx(2475.0, abs=0.1)
    assert {(c["category"], c["level"]): c["status"] for c in json.loads(straight.out)["coverage"]}[
        ("childcare", "15min")
    ] == "pass"


def test_projected_and_geographic_inputs_agree(tmp_path) -> None:
    sample = read_project(SAMPLES / "quanzhou_riverside.geojson")
    network = read_network(SAMPLES / "quanzhou_riverside_network.geojson")
    frame = gpd.read_file(SAMPLES / "quanzhou_riverside_network.geojson").to_crs("EPSG:32650")
    frame.to_file(tmp_path / "network_utm.gpkg")
    projected_network = read_network(tmp_path / "network_utm.gpkg")
    assert projected_network.crs == "EPSG:32650"
    document = json.loads((SAMPLES / "quanzhou_riverside.geojson").read_text("utf-8"))
    points = gpd.GeoDataFrame.from_features(document["features"], crs="EPSG:4326").to_crs(GK)
    for feature_doc, geom in zip(document["features"], points.geometry, strict=True):
        feature_doc["geometry"]["coordinates"] = [geom.x, geom.y]
    document["crs"] = {"type": "name", "properties": {"name": GK}}
    (tmp_path / "projected.geojson").write_text(json.dumps(document), encoding="utf-8")
    projected = read_project(tmp_path / "projected.geojson")
    profile = load_profile("quanzhou")
    a = api.check_project(sample, profile, network)
    b = api.check_project(projected, profile, projected_network)
    for left, right in zip(a.coverage, b.coverage, strict=True):
        assert left.households_covered == right.households_covered
        for key, value in left.distances.items():
            assert right.distances[key] == pytest.approx(value, abs=0.1)


def test_network_file_errors(tmp_path) -> None:
    points = tmp_path / "points.geojson"
    gpd.GeoDataFrame(geometry=[shapely.Point(0, 0)], crs="EPSG:4326").to_file(points)
    with pytest.raises(InputError, match=r"points.geojson › feature 0: expected a LineString"):
        read_network(points)
    no_crs = tmp_path / "nocrs.gpkg"
    with pytest.warns(UserWarning, match="crs"):
        gpd.GeoDataFrame(geometry=[shapely.LineString([(500000, 2e6), (500100, 2e6)])]).to_file(no_crs)
    with pytest.raises(InputError, match="no CRS"):
        read_network(no_crs)
    with pytest.raises(InputError, match="not found"):
        read_network(tmp_path / "missing.gpkg")


def test_informational_levels_do_not_decide_the_verdict(tmp_path) -> None:
    # every household within 1,000 m (15-min) but not within 300 m (5-min)
    project = gk_project(
        tmp_path, [("A", 10, 0, 0)], [("E", "eldercare", 500, 0), ("C", "childcare", 500, 0)]
    )
    profile_path = tmp_path / "circle.yaml"  # the 15-minute circle bound, as a profile may bind it
    profile_path.write_text(
        "id: circle\nname: {zh: 圈, en: circle}\nextends: baseline\ndocuments:\n  t: {title: 测试}\n"
        "rules:\n  eldercare.coverage.15min: {binding: binds, citation: {document: t, clause: 一}}\n",
        encoding="utf-8",
    )
    result = api.check_project(project, load_profile(str(profile_path)))
    five = coverage(result, level="5min")
    assert five.status == "fail" and five.informational
    assert coverage(result).status == "pass"
    assert result.verdict == "pass"


def test_graph_merges_shared_vertices_and_keeps_the_shorter_parallel_edge() -> None:
    lines = np.array(
        [
            shapely.LineString([(0, 0), (100, 0)]),
            shapely.LineString([(100, 0), (200, 0)]),
            shapely.LineString([(0, 0), (50, 80), (100, 0)]),  # a longer parallel way
            shapely.LineString([(300, 0), (300, 0.0004)]),  # shorter than the node precision
        ]
    )
    graph = graph_from_lines(lines)
    assert graph.node_count == 5  # (0,0) (100,0) (200,0) (50,80) (300,0)
    index = {tuple(xy): i for i, xy in enumerate(graph.node_xy.round(2).tolist())}
    a, b = index[(0.0, 0.0)], index[(100.0, 0.0)]
    assert graph.adjacency[a, b] == graph.adjacency[b, a] == pytest.approx(100.0)
    assert graph.adjacency.nnz == 2 * 4  # four undirected edges, both directions
    snapped = snap_points(graph, np.array([[50, -3]]), 10)
    assert snapped.offset_m[0] == pytest.approx(3.0) and snapped.along_m[0] == pytest.approx(50.0)


def test_a_street_given_twice_keeps_its_length() -> None:
    line = shapely.LineString([(0, 0), (100, 0)])
    graph = graph_from_lines(np.array([line, line, shapely.LineString([(100, 0), (200, 0)])]))
    assert graph.adjacency.max() == pytest.approx(100.0)  # not 200: duplicates are not summed


# --- networks as they come: noding, pieces, tags, far facilities (issue #9) -------------


def tagged_network(tmp_path, ways, name="tagged.gpkg"):
    """ways: (coordinates, properties) in metres relative to (X0, Y0)."""
    geometries = [shapely.LineString([(X0 + x, Y0 + y) for x, y in line]) for line, _ in ways]
    rows = [dict(props) for _, props in ways]
    path = tmp_path / name
    gpd.GeoDataFrame(rows, geometry=geometries, crs=GK).to_file(path)
    return read_network(path)


# a main road 2 km long; a branch road meets it mid-way; the facility at its west end
MAIN = [(0, 0), (2000, 0)]
BUILDING_ON_BRANCH = [("B", 10, 1005, 400)]  # 5 m east of the branch, 400 m up (beyond --max-snap)
FACILITY_WEST = [("E", "eldercare", -5, 5)]


@pytest.mark.parametrize(
    ("branch", "expected_m"),
    [
        ([(1000, 0), (1000, 600)], 5 + 400 + 1000 + 50**0.5),  # ends on the main road, no shared vertex
        ([(1000, 0.02), (1000, 600)], 5 + 400 + 1000 + 50**0.5),  # stops 2 cm short of it
    ],
    ids=["T-junction", "2 cm gap"],
)
def test_unnoded_junctions_are_joined(tmp_path, branch, expected_m) -> None:
    network = gk_network(tmp_path, [MAIN, branch])
    project = gk_project(tmp_path, BUILDING_ON_BRANCH, FACILITY_WEST)
    result = api.check_project(project, load_profile("national"), network)
    found = coverage(result, level="15min")
    assert found.distances["B"] == pytest.approx(expected_m, abs=0.05)
    assert result.network["pieces"] == 1
    joined = result.network["junctions_joined"] + result.network["end_gaps_joined"]
    assert joined == 1


def test_a_real_gap_is_not_joined(tmp_path) -> None:
    network = gk_network(tmp_path, [MAIN, [(1000, 2), (1000, 600)]])  # 2 m short: a real gap
    project = gk_project(tmp_path, BUILDING_ON_BRANCH, FACILITY_WEST)
    result = api.check_project(project, load_profile("national"), network)
    found = coverage(result, level="15min")
    assert found.distances["B"] is None
    assert found.uncovered[0]["reason"] == "cut_off"
    assert result.network["pieces"] == 2 and result.network["junctions_joined"] == 0


def test_node_tolerance_zero_joins_only_shared_vertices(tmp_path) -> None:
    network = gk_network(tmp_path, [MAIN, [(1000, 0.02), (1000, 600)]])
    project = gk_project(tmp_path, BUILDING_ON_BRANCH, FACILITY_WEST)
    result = api.check_project(project, load_profile("national"), network, noding=NodingOptions(0.0))
    assert coverage(result).distances["B"] is None


def test_crossings_stay_apart_unless_asked(tmp_path, run_cli) -> None:
    # two straight roads crossing at (500, 0) without a shared vertex
    gk_network(tmp_path, [[(0, 0), (1000, 0)], [(500, -500), (500, 500)]], name="cross.gpkg")
    gk_project(tmp_path, [("B", 10, 505, 400)], [("E", "eldercare", 0, 5)], name="cross.geojson")
    args = ["check", tmp_path / "cross.geojson", "--rules", "national", "--format", "json"]
    args += ["--network", tmp_path / "cross.gpkg"]
    apart = json.loads(run_cli(*args).out)
    joined = json.loads(run_cli(*args, "--join-crossings").out)
    apart_cov = next(c for c in apart["coverage"] if c["category"] == "eldercare" and c["level"] == "15min")
    joined_cov = next(c for c in joined["coverage"] if c["category"] == "eldercare" and c["level"] == "15min")
    assert apart_cov["uncovered"][0]["reason"] == "cut_off"
    assert apart["network"]["crossings_unjoined"] == 1 and apart["network"]["crossings_joined"] == 0
    assert any("--join-crossings" in w for w in apart["warnings"])
    assert joined["network"]["crossings_joined"] == 1 and joined["network"]["pieces"] == 1
    assert joined_cov["households_covered"] == 10  # 5 + 400 + 500 + 5 = 910 m


def test_buildings_join_the_street_not_the_tunnel(tmp_path) -> None:
    # a service tunnel three levels down 21.1 m from the building, its street 21.8 m on the
    # other side; the tunnel comes up only 2 km away
    ways = [
        ([(0, 0), (1000, 0)], {"highway": "residential"}),
        ([(300, 42.9), (700, 42.9)], {"highway": "service", "tunnel": "yes", "layer": "-3"}),
        (
            [(700, 42.9), (700, 2000), (0, 2000), (0, 0)],
            {"highway": "service", "tunnel": "yes", "layer": "-3"},
        ),
    ]
    network = tagged_network(tmp_path, ways)
    project = gk_project(tmp_path, [("B", 10, 500, 21.8)], [("E", "eldercare", 800, -5)])
    result = api.check_project(project, load_profile("national"), network)
    # along the street: 21.8 + 300 + 5
    assert coverage(result).distances["B"] == pytest.approx(326.8, abs=0.05)
    assert result.network["edges_off_ground"] == 4
    untagged = gk_network(tmp_path, [line for line, _ in ways], name="untagged.gpkg")
    walked_tunnel = api.check_project(project, load_profile("national"), untagged)
    assert coverage(walked_tunnel).distances["B"] > 2000  # the old, wrong join


def test_ways_closed_to_pedestrians_are_dropped(tmp_path) -> None:
    ways = [
        ([(0, 0), (1000, 0)], {"highway": "motorway"}),
        ([(0, 20), (1000, 20)], {"highway": "service", "access": "private"}),
        ([(0, 40), (1000, 40)], {"highway": "footway", "foot": "no"}),
        ([(0, 60), (1000, 60)], {"highway": "service", "access": "private", "foot": "yes"}),
    ]
    network = tagged_network(tmp_path, ways)
    assert len(network.lines) == 1 and network.ways_dropped == 3
    project = gk_project(tmp_path, [("B", 10, 100, -5)], [("E", "eldercare", 900, -5)])
    result = api.check_project(project, load_profile("national"), network)
    assert coverage(result).distances["B"] == pytest.approx(65 + 800 + 65, abs=0.05)
    assert result.network["ways_closed_to_pedestrians"] == 3


def test_a_building_on_a_cut_off_stub_is_flagged(tmp_path) -> None:
    # a 20 m footway stub beside the building; the street is 400 m away (beyond --max-snap)
    network = gk_network(tmp_path, [[(0, 0), (3000, 0)], [(100, 410), (120, 410)]])
    project = gk_project(tmp_path, [("B", 10, 110, 400), ("A", 10, 200, 10)], [("E", "eldercare", 250, -5)])
    result = api.check_project(project, load_profile("national"), network)
    found = coverage(result)
    (row,) = found.uncovered
    assert row == {"building": "B", "households": 10, "nearest_m": None, "reason": "cut_off"}
    assert found.unsnapped == ()
    assert [c["id"] for c in found.cut_off] == ["B"] and found.cut_off[0]["piece_length_m"] == 20.0
    assert any("cut off" in w and "building B" in w for w in result.warnings)


def test_small_pieces_yield_to_a_larger_piece_within_reach(tmp_path) -> None:
    # the same stub, with the street 40 m away: the building joins the street
    network = gk_network(tmp_path, [[(0, 0), (3000, 0)], [(100, 50), (120, 50)]])
    project = gk_project(tmp_path, [("B", 10, 110, 40)], [("E", "eldercare", 250, -5)])
    result = api.check_project(project, load_profile("national"), network)
    assert coverage(result).distances["B"] == pytest.approx(40 + 140 + 5, abs=0.05)
    assert coverage(result).cut_off == ()


def test_reasons_beyond_and_unsnapped(tmp_path) -> None:
    network = gk_network(tmp_path, [[(0, 0), (3000, 0)]])
    project = gk_project(tmp_path, [("far", 1, 2500, 5), ("off", 1, 100, 900)], [("E", "eldercare", 0, 5)])
    found = coverage(api.check_project(project, load_profile("national"), network))
    assert {u["building"]: u["reason"] for u in found.uncovered} == {"far": "beyond", "off": "unsnapped"}


def test_check_reports_a_facility_4_4_km_away(tmp_path) -> None:
    # across a river: the only bridge is far east, 4.4 km on foot (beyond 3 × 1,000 m)
    network = gk_network(
        tmp_path,
        [[(0, 0), (2200, 0)], [(2200, 0), (2200, 100)], [(0, 100), (2200, 100)]],
    )
    project = gk_project(tmp_path, [("S", 100, 0, -10)], [("E", "eldercare", 0, 110)])
    found = coverage(api.check_project(project, load_profile("national"), network))
    assert found.uncovered[0]["nearest_m"] == pytest.approx(10 + 2200 + 100 + 2200 + 10, abs=0.05)
    assert found.uncovered[0]["reason"] == "beyond"
    straight = coverage(
        api.check_project(
            gk_project(tmp_path, [("S", 1, 0, 0)], [("E", "eldercare", 0, 5000)]), load_profile("national")
        )
    )
    assert straight.uncovered[0]["nearest_m"] == pytest.approx(5000.0)


def test_noding_counts_and_pieces() -> None:
    line = shapely.LineString
    lines = np.array(
        [
            line([(0, 0), (1000, 0)]),
            line([(300, 0), (300, 200)]),  # T-junction
            line([(1000.3, 0), (1500, 0)]),  # end gap of 30 cm
            line([(600, -100), (600, 100)]),  # crossing without a vertex
            line([(5000, 0), (5100, 0)]),  # a piece apart
        ]
    )
    graph = graph_from_lines(lines)
    counts = graph.counts
    assert (counts.junctions_joined, counts.end_gaps_joined, counts.crossings_unjoined) == (1, 1, 1)
    assert graph.piece_count == 3  # main, the crossing road, the far piece
    assert graph.piece_length[0] == pytest.approx(1000 + 200 + 499.7 + 0.3, abs=0.01)
    joined = graph_from_lines(lines, options=NodingOptions(join_crossings=True))
    assert joined.piece_count == 2 and joined.counts.crossings_joined == 1


def test_a_cad_layer_name_is_not_an_osm_layer(tmp_path) -> None:
    ways = [([(0, 0), (1000, 0)], {"layer": "道路"}), ([(0, 50), (1000, 50)], {"layer": "1"})]
    network = tagged_network(tmp_path, ways)
    assert network.ground.tolist() == [True, False]
    project = gk_project(tmp_path, [("B", 10, 100, 30)], [("E", "eldercare", 900, -5)])
    result = api.check_project(project, load_profile("national"), network)
    assert coverage(result).distances["B"] == pytest.approx(30 + 800 + 5, abs=0.05)


def test_audit_notes_estates_on_a_cut_off_piece(tmp_path) -> None:
    from laoxiao_check.services.audit import run_audit

    gk_network(tmp_path, [[(0, 0), (3000, 0)], [(0, 500), (800, 500)]], name="city.gpkg")
    to_lonlat = Transformer.from_crs(GK, "EPSG:4326", always_xy=True)
    rows = [("main", 100, 10), ("apart", 100, 505)]
    lines = ["name,households,lng,lat"]
    for name, x, y in rows:
        lon, lat = to_lonlat.transform(X0 + x, Y0 + y)
        lines.append(f"{name},100,{lon:.9f},{lat:.9f}")
    (tmp_path / "estates.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    lon, lat = to_lonlat.transform(X0 + 300, Y0 - 10)
    facilities = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [lon, lat]},
                "properties": {"category": category, "area_m2": 500, "places": 50},
            }
            for category in ("eldercare", "childcare")
        ],
    }
    (tmp_path / "facilities.geojson").write_text(json.dumps(facilities), encoding="utf-8")
    result = run_audit(
        tmp_path / "estates.csv",
        load_profile("national"),
        facilities_path=tmp_path / "facilities.geojson",
        network_path=tmp_path / "city.gpkg",
    )
    assert result.network["pieces"] == 2
    notes = {r.estate.name: {c.note for c in r.coverage} for r in result.estates}
    assert notes["main"] == {""}
    assert notes["apart"] == {"on a piece of the walking network cut off from its largest"}


def test_one_very_long_line_among_short_ones_stays_cheap() -> None:
    # 20,000 short segments (median 10 m: 10 m cells) and one 60 km diagonal crossing them
    xs = np.arange(0, 2000, 10.0)
    short = [shapely.LineString([(x, y), (x + 10, y)]) for y in (0.0, 500.0) for x in xs]
    short += [
        shapely.LineString([(x, 1000 + k), (x + 10, 1000 + k)]) for k in range(0, 900, 10) for x in xs[:20]
    ]
    diagonal = shapely.LineString([(-30_000, -30_005), (30_000, 29_995)])  # y = x - 5
    graph = graph_from_lines(np.array([*short, diagonal]))
    # the diagonal crosses both long streets (y = 0 and y = 500), nothing else
    assert graph.counts.crossings_unjoined == 2


def test_a_citys_facilities_are_read_in_their_own_crs(tmp_path) -> None:
    """A city facility 500 m east of the only building, given in the project's metres (with its
    CRS) or in longitude and latitude (the default): the same 500 m either way."""
    from laoxiao_check.model.records import Facility

    project = gk_project(tmp_path, [("A", 10, 0, 0)], [])
    lon, lat = Transformer.from_crs(GK, "EPSG:4326", always_xy=True).transform(X0 + 500, Y0)
    for given, crs in (((X0 + 500, Y0), GK), ((lon, lat), None)):
        city = [Facility("F", "eldercare", area_m2=500, x=given[0], y=given[1])]
        found = coverage(
            api.check_project(project, load_profile("national"), facilities=city, facilities_crs=crs)
        )
        assert (found.status, found.households_covered) == ("pass", 10)
        assert found.distances["A"] == pytest.approx(500.0, abs=0.01)


def test_a_citys_facilities_far_away_are_refused_without_a_file_named(tmp_path) -> None:
    """Facilities handed over by the library (no file) 500 km off are named as "the facilities"."""
    from laoxiao_check.model.records import Facility

    project = gk_project(tmp_path, [("A", 10, 0, 0)], [])
    city = [Facility("F", "eldercare", area_m2=500, x=X0 + 500_000, y=Y0)]
    with pytest.raises(InputError) as raised:
        api.check_project(project, load_profile("national"), facilities=city, facilities_crs=GK)
    assert str(raised.value).startswith(
        "the facilities lie 500 km from the buildings (around 124.94°E 24.77°N, read as EPSG:4549; "
        "the buildings of "
    )


@pytest.mark.parametrize("code", [4534, 4549, 4554])
@pytest.mark.parametrize("lonlat", ["EPSG:4326", "OGC:CRS84"])
def test_longitude_latitude_to_a_cgcs2000_zone_is_pyprojs_own_answer(code, lonlat) -> None:
    """The shortcut of spatial/geo (WGS84 read as CGCS2000, both ways) gives pyproj's figures."""
    from laoxiao_check.spatial.geo import transform

    central = 75 + 3 * (code - 4534)
    lon = np.linspace(central - 1.5, central + 1.5, 7)
    lat = np.linspace(18.0, 53.0, 7)
    target = f"EPSG:{code}"
    x, y = transform(lon, lat, lonlat, target)
    ex, ey = Transformer.from_crs(lonlat, target, always_xy=True).transform(lon, lat)
    assert np.abs(x - ex).max() < 1e-6 and np.abs(y - ey).max() < 1e-6
    back_lon, back_lat = transform(x, y, target, lonlat)
    assert np.abs(back_lon - lon).max() < 1e-9 and np.abs(back_lat - lat).max() < 1e-9


def test_a_room_at_the_building_point_to_the_millimetre_of_its_own_project_serves_it_on_site():
    import numpy as np

    from laoxiao_check.spatial.coverage import _spot_keys

    rooms = _spot_keys(np.array([0.0, 1.0]), np.array([[0.0, 5.0], [10.0, 20.0]]))
    buildings = _spot_keys(
        np.array([0.0, 0.0, 1.0, 2.0, 1.0]),
        np.array([[-0.0001, 5.0004], [0.0, 5.002], [10.0, 20.0], [10.0, 20.0], [10.0, 20.0006]]),
    )
    # -0.0 is 0.0; a metre's thousandth apart is apart; another project's room serves no one
    assert np.isin(buildings, rooms).tolist() == [True, False, True, False, False]
