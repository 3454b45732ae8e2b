"""Benchmark: nearest-facility walking distance on synthetic city networks.

Times laoxiao-check's network code (graph build with noding, edge snapping, one bounded
multi-source Dijkstra with scipy.sparse.csgraph) against networkx's multi_source_dijkstra
and pandana's nearest-POI query on the same inputs, checks that the distances agree within
0.1 m, and prints a table. Then times a whole `laoxiao-check check` of a small project
against a 1M-node network file, in fresh processes: cold (graph cache empty) and warm
(second run). Not a test: run `make bench` or `python benchmarks/bench_network.py`.

    python benchmarks/bench_network.py [--sizes 10000 100000 1000000] [--no-networkx]
                                       [--check-nodes 1000000] [--no-check]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import grid_network, pick, print_table

from laoxiao_check.spatial.network.graph import graph_from_segments
from laoxiao_check.spatial.network.paths import node_distances
from laoxiao_check.spatial.network.snap import snap_index, snap_points

LIMIT_M = 1000.0
FACILITIES_PER_NODE = 0.005  # 5,000 facilities in a 1,000,000-node city


def best_of(runs: int, work):
    best, value = float("inf"), None
    for _ in range(runs):
        start = time.perf_counter()
        value = work()
        best = min(best, time.perf_counter() - start)
    return best, value


def ours(xy, u, v, facility_nodes):
    start = time.perf_counter()
    graph = graph_from_segments(xy[u], xy[v])  # with noding: ends within 0.5 m, crossings counted
    index = snap_index(graph, xy[facility_nodes], 1.0)  # the edge index, as `audit` builds it once
    build_s = time.perf_counter() - start
    snap_s, sources = best_of(3, lambda: snap_points(graph, xy[facility_nodes], 1.0, index))
    path_s, distance = best_of(3, lambda: node_distances(graph, sources, LIMIT_M))

    # the graph numbers its nodes itself: find each input node (isolated ones are absent)
    def key(points: np.ndarray) -> np.ndarray:
        cells = np.round(points / 0.001).astype(np.int64)
        return cells[:, 0] * 10_000_000_000 + cells[:, 1]

    graph_keys, input_keys = key(graph.node_xy), key(xy)
    position = np.clip(np.searchsorted(graph_keys, input_keys), 0, len(graph_keys) - 1)
    present = graph_keys[position] == input_keys
    by_input = np.full(len(xy), np.inf)
    by_input[present] = distance[position[present]]
    return build_s, snap_s, path_s, by_input


def with_networkx(xy, u, v, facility_nodes):
    import networkx as nx

    length = np.hypot(*(xy[u] - xy[v]).T)
    start = time.perf_counter()
    graph = nx.Graph()
    graph.add_nodes_from(range(len(xy)))
    graph.add_weighted_edges_from(zip(u.tolist(), v.tolist(), length.tolist(), strict=True))
    build_s = time.perf_counter() - start
    start = time.perf_counter()
    found = nx.multi_source_dijkstra_path_length(graph, set(facility_nodes.tolist()), cutoff=LIMIT_M)
    query_s = time.perf_counter() - start
    distance = np.full(len(xy), np.inf)
    distance[list(found)] = list(found.values())
    return build_s, query_s, distance


@contextlib.contextmanager
def quiet_stdout():
    """pandana's C++ core prints progress on file descriptor 1: keep the table clean."""
    sys.stdout.flush()
    saved = os.dup(1)
    with open(os.devnull, "w") as devnull:
        os.dup2(devnull.fileno(), 1)
        try:
            yield
        finally:
            os.dup2(saved, 1)
            os.close(saved)


def with_pandana(xy, u, v, facility_nodes):
    with quiet_stdout():
        return _with_pandana(xy, u, v, facility_nodes)


def _with_pandana(xy, u, v, facility_nodes):
    import pandana
    import pandas as pd

    length = np.hypot(*(xy[u] - xy[v]).T)
    start = time.perf_counter()
    nodes = pd.DataFrame({"x": xy[:, 0], "y": xy[:, 1]})
    network = pandana.Network(
        nodes["x"], nodes["y"], pd.Series(u), pd.Series(v), pd.DataFrame({"length": length}), twoway=True
    )
    network.precompute(LIMIT_M)
    network.set_pois("facility", LIMIT_M, 1, xy[facility_nodes, 0], xy[facility_nodes, 1])
    build_s = time.perf_counter() - start
    start = time.perf_counter()
    table = network.nearest_pois(LIMIT_M, "facility", num_pois=1, max_distance=LIMIT_M)
    query_s = time.perf_counter() - start
    distance = table[1].to_numpy(dtype=float, copy=True)
    distance[distance >= LIMIT_M] = np.inf  # pandana fills "none within" with the maximum
    return build_s, query_s, distance


def agreement(a: np.ndarray, b: np.ndarray) -> str:
    """Largest difference where both reach a facility; reach may differ only at the limit."""
    one_only = np.isfinite(a) != np.isfinite(b)
    finite = np.where(np.isfinite(a), a, b)[one_only]
    same_reach = bool(np.all(finite >= LIMIT_M - 0.1))
    both = np.isfinite(a) & np.isfinite(b)
    worst = float(np.max(np.abs(a[both] - b[both]))) if both.any() else 0.0
    mark = "ok" if same_reach and worst <= 0.1 else "DIFFER"
    return f"{worst:.1e} m {mark}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--no-networkx", action="store_true")
    parser.add_argument("--no-pandana", action="store_true")
    parser.add_argument("--check-nodes", type=int, default=1_000_000)
    parser.add_argument("--no-check", action="store_true")
    parser.add_argument(
        "--pandana-max-nodes",
        type=int,
        default=100_000,
        help="skip pandana above this size: its contraction-hierarchy set-up took 79 s at "
        "100k nodes here and grows faster than linearly",
    )
    args = parser.parse_args()

    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{platform.platform()}"
    )
    print(
        f"walk limit {LIMIT_M:g} m; facilities = {FACILITIES_PER_NODE:.1%} of nodes; "
        "times in seconds (best of 3 for ours; 1 run for the others)\n"
    )
    header = (
        "nodes",
        "edges",
        "facilities",
        "ours: build",
        "ours: snap",
        "ours: paths",
        "networkx: build",
        "networkx: paths",
        "Δ networkx",
        "pandana: build",
        "pandana: query",
        "Δ pandana",
    )
    rows = []
    for size in args.sizes:
        xy, u, v = grid_network(size)
        facility_nodes = pick(max(1, int(size * FACILITIES_PER_NODE)), len(xy), seed=size)
        on_network = np.zeros(len(xy), dtype=bool)
        on_network[u] = on_network[v] = True
        facility_nodes = facility_nodes[on_network[facility_nodes]]  # isolated nodes have no street
        build_s, snap_s, path_s, distance = ours(xy, u, v, facility_nodes)
        row = [
            f"{len(xy):,}",
            f"{len(u):,}",
            f"{len(facility_nodes):,}",
            f"{build_s:.2f}",
            f"{snap_s:.3f}",
            f"{path_s:.3f}",
        ]
        comparators = (
            (with_networkx, args.no_networkx, "{:.2f}"),
            (with_pandana, args.no_pandana or size > args.pandana_max_nodes, "{:.3f}"),
        )
        for compare, skip, query_format in comparators:
            if skip:
                row += ["not run", "not run", "—"]
                continue
            other_build, other_query, other = compare(xy, u, v, facility_nodes)
            row += [
                f"{other_build:.2f}",
                query_format.format(other_query),
                agreement(distance[on_network], other[on_network]),
            ]
        rows.append(row)
        print("  done", row[0], "nodes", file=sys.stderr)
    print_table(header, rows)
    if not args.no_check:
        print()
        bench_check(args.check_nodes)


CHECK = "from laoxiao_check.cli.main import main; main()"


def write_project(folder: Path, low: np.ndarray, high: np.ndarray) -> Path:
    """20 buildings and an eldercare and a childcare facility in the middle of the city."""
    from bench_audit import GK

    rng = np.random.default_rng(20)
    middle = (low + high) / 2
    features = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": list(middle + rng.uniform(-600, 600, 2))},
            "properties": {"kind": "building", "id": f"B{i}", "households": 100},
        }
        for i in range(20)
    ]
    for category, offset in (("eldercare", (-300.0, 200.0)), ("childcare", (4000.0, 0.0))):
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": list(middle + offset)},
                "properties": {"kind": "facility", "id": category, "category": category, "area_m2": 500},
            }
        )
    document = {
        "type": "FeatureCollection",
        "project": {"name": "bench", "kind": "new"},
        "crs": {"type": "name", "properties": {"name": GK}},
        "features": features,
    }
    path = folder / "project.geojson"
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def run_check(project: Path, network: Path, cache: Path, *extra: str) -> tuple[float, str]:
    command = [sys.executable, "-c", CHECK, "check", str(project), "--rules", "national"]
    command += ["--format", "json", "--network", str(network), *extra]
    start = time.perf_counter()
    done = subprocess.run(
        command, capture_output=True, text=True, env={**os.environ, "LAOXIAO_CACHE_DIR": str(cache)}
    )
    elapsed = time.perf_counter() - start
    if done.returncode not in (0, 1):
        raise RuntimeError(done.stderr)
    return elapsed, done.stdout


def bench_check(nodes: int) -> None:
    """Cold and warm `check` against one city network file, end to end in fresh processes."""
    from bench_audit import write_network

    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        network, low, high = write_network(folder, nodes)
        project = write_project(folder, low, high)
        cache = folder / "cache"
        size_mb = network.stat().st_size / 2**20
        no_cache, plain = run_check(project, network, folder / "unused", "--no-cache")
        cold, first = run_check(project, network, cache)
        warm, second = run_check(project, network, cache)
        warm_again, third = run_check(project, network, cache)
        entry = sum(p.stat().st_size for p in (cache / "graphs").glob("*.npz")) / 2**20
    same = "identical" if plain == first == second == third else "DIFFER"
    health = json.loads(first)["network"]
    print(
        f"`check` of 20 buildings against a {health['nodes']:,}-node, {health['edges']:,}-edge network "
        f"({size_mb:.0f} MB GeoPackage); whole command in a fresh process, seconds; "
        f"cache entry {entry:.0f} MB; JSON of all runs {same}\n"
    )
    print_table(
        ("nodes", "--no-cache", "cold (cache empty)", "warm", "warm again"),
        [(f"{health['nodes']:,}", f"{no_cache:.2f}", f"{cold:.2f}", f"{warm:.2f}", f"{warm_again:.2f}")],
    )


if __name__ == "__main__":
    main()
