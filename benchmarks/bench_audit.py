"""Benchmark: `audit` of 1k, 10k and 100k estates with 5,000 facilities on a 1M-node network.

Writes synthetic inputs (estates CSV, facilities GeoJSON, walking network GeoPackage of
street polylines) to a temporary folder, runs the whole audit (reading every file, building
the graph, rules, coverage, summary, JSON rendering) in a fresh process per size, and prints
wall time and peak memory. Not a test: run `python benchmarks/bench_audit.py`.

    python benchmarks/bench_audit.py [--estates 1000 10000 100000] [--nodes 1000000]
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import grid_network, print_table

GK = "EPSG:4549"
BLOCK = 10  # segments per street polyline in the network file


def write_network(folder: Path, nodes: int) -> tuple[Path, np.ndarray, np.ndarray]:
    import geopandas as gpd
    import shapely

    xy, _, _ = grid_network(nodes)  # whole streets: the polylines carry every segment
    side = round(np.sqrt(nodes))
    grid = xy.reshape(side, side, 2)
    lines = []
    for axis in (0, 1):
        streets = grid if axis == 1 else grid.transpose(1, 0, 2)
        for street in streets:
            for start in range(0, side - 1, BLOCK):
                lines.append(street[start : start + BLOCK + 1])
    geometry = (
        shapely.linestrings(lines)
        if len({len(x) for x in lines}) == 1
        else [shapely.LineString(x) for x in lines]
    )
    path = folder / "network.gpkg"
    gpd.GeoDataFrame(geometry=geometry, crs=GK).to_file(path, engine="pyogrio")
    return path, xy.min(axis=0), xy.max(axis=0)


def write_inputs(
    folder: Path, estates: int, facilities: int, low: np.ndarray, high: np.ndarray
) -> tuple[Path, Path]:
    from pyproj import Transformer

    rng = np.random.default_rng(estates)
    to_ll = Transformer.from_crs(GK, "EPSG:4326", always_xy=True)
    ex, ey = to_ll.transform(*rng.uniform(low, high, size=(estates, 2)).T)
    estate_path = folder / f"estates_{estates}.csv"
    with open(estate_path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            [
                "name",
                "district",
                "households",
                "lng",
                "lat",
                "eldercare_area_m2",
                "childcare_area_m2",
                "childcare_places",
            ]
        )
        households = rng.integers(100, 3000, size=estates)
        for i in range(estates):
            writer.writerow(
                [
                    f"estate {i}",
                    f"district {i % 12}",
                    f"{households[i]}户",
                    round(ex[i], 7),
                    round(ey[i], 7),
                    int(households[i] * rng.choice([0, 0.15, 0.25])),
                    int(households[i] * rng.choice([0, 0.1])),
                    int(rng.integers(0, 40)),
                ]
            )
    fx, fy = to_ll.transform(*rng.uniform(low, high, size=(facilities, 2)).T)
    facility_path = folder / "facilities.geojson"
    features = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [fx[i], fy[i]]},
            "properties": {
                "category": "eldercare" if i % 2 else "childcare",
                "area_m2": 300,
                "places": 0 if i % 2 else 40,
            },
        }
        for i in range(facilities)
    ]
    facility_path.write_text(
        json.dumps({"type": "FeatureCollection", "features": features}), encoding="utf-8"
    )
    return estate_path, facility_path


RUN = """
import json, resource, sys, time
start = time.perf_counter()
from laoxiao_check.services.audit import run_audit
from laoxiao_check.rules.profiles import load_profile
from laoxiao_check.report.json.audit import write
imported = time.perf_counter()
result = run_audit(sys.argv[1], load_profile("quanzhou"), facilities_path=sys.argv[2],
                   network_path=sys.argv[3] if sys.argv[3] != "-" else None)
audited = time.perf_counter()
with open(sys.argv[4], "w", encoding="utf-8") as handle:  # as `audit --format json --output`
    write(result, "en", handle)
done = time.perf_counter()
print(json.dumps({"import": imported - start, "audit": audited - imported, "json": done - audited,
                  "total": done - start, "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "failing": result.summary["city"]["estates"]["fail"]}))
"""


def run(estates: Path, facilities: Path, network: Path | None, cache: Path) -> dict:
    output = subprocess.run(
        [
            sys.executable,
            "-c",
            RUN,
            str(estates),
            str(facilities),
            str(network or "-"),
            str(estates.with_suffix(".json")),
        ],
        check=True,
        capture_output=True,
        text=True,
        env={**os.environ, "LAOXIAO_CACHE_DIR": str(cache)},
    )
    return json.loads(output.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--estates", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--facilities", type=int, default=5_000)
    parser.add_argument("--nodes", type=int, default=1_000_000)
    args = parser.parse_args()
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        network, low, high = write_network(folder, args.nodes)
        size_mb = network.stat().st_size / 2**20
        print(
            f"network: {args.nodes:,} nodes, street polylines of {BLOCK} segments, "
            f"{size_mb:.0f} MB GeoPackage; {args.facilities:,} facilities; "
            "whole audit in a fresh process, seconds; the walking graph built afresh (graph cache "
            "empty) except in the last column\n"
        )
        header = (
            "estates",
            "straight line: total",
            "network: audit",
            "network: total (with import, JSON)",
            "per 1k estates",
            "peak memory",
            "network, warm cache: total",
        )
        rows = []
        for count in args.estates:
            estates, facilities = write_inputs(folder, count, args.facilities, low, high)
            cache = folder / f"cache_{count}"
            straight = run(estates, facilities, None, cache)
            walking = run(estates, facilities, network, cache)  # cold: builds and fills the cache
            warm = run(estates, facilities, network, cache)
            rows.append(
                (
                    f"{count:,}",
                    f"{straight['total']:.2f}",
                    f"{walking['audit']:.2f}",
                    f"{walking['total']:.2f}",
                    f"{walking['total'] / count * 1000:.3f}",
                    f"{walking['peak_mb']:,.0f} MB",
                    f"{warm['total']:.2f}",
                )
            )
            print("  done", count, file=sys.stderr)
    print_table(header, rows)


if __name__ == "__main__":
    main()
