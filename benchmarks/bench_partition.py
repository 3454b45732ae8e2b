"""Benchmark: a national audit in one process and on a local Dask cluster (`--workers`).

Writes a synthetic country (benchmarks/synthetic.py): CITIES cities spread over China, each
with its own street network (a jittered grid of MIN_NODES…MAX_NODES nodes, linearly spread,
as a GeoPackage of street polylines in its Gauss-Krüger zone), estates in proportion to the
network's size (an estate list CSV with a city column) and facilities. Then runs the
partitioned audit `--partition-by city --network 'nets/{city}.gpkg'` in a fresh process,
first in that process alone, then with `--workers N` for each N given (the graph cache off:
every graph is built), writes the JSON and checks that the documents are identical. Prints
wall time, the driver's peak memory and each worker's, and the per-partition times, from
which it estimates a cluster of more workers. Not a test:

    python benchmarks/bench_partition.py [--cities 30] [--estates 300000]
        [--min-nodes 100000] [--max-nodes 1000000] [--workers 2] [--folder DIR]
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
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import country_sites, grid_network, print_table, street_lines

FACILITIES_PER_CITY = 150


def write_country(
    folder: Path, cities: int, estates: int, min_nodes: int, max_nodes: int
) -> tuple[Path, Path, list[dict]]:
    """The country's inputs in ``folder`` (kept: a second run with the same sizes reuses them)."""
    import geopandas as gpd
    import shapely
    from pyproj import Transformer

    from laoxiao_check.spatial.geo import metric_crs_for

    stamp = folder / "country.json"
    wanted = {"cities": cities, "estates": estates, "min_nodes": min_nodes, "max_nodes": max_nodes}
    if stamp.is_file() and json.loads(stamp.read_text())["sizes"] == wanted:
        return folder / "estates.csv", folder / "facilities.geojson", json.loads(stamp.read_text())["cities"]
    nets = folder / "nets"
    nets.mkdir(parents=True, exist_ok=True)
    sites = country_sites(cities)
    nodes = np.linspace(min_nodes, max_nodes, cities).round().astype(int)
    shares = np.floor(estates * nodes / nodes.sum()).astype(int)
    shares[: estates - shares.sum()] += 1
    rng = np.random.default_rng(300)
    described = []
    features = []
    with open(folder / "estates.csv", "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            [
                "name",
                "city",
                "district",
                "households",
                "lng",
                "lat",
                "eldercare_area_m2",
                "childcare_area_m2",
                "childcare_places",
            ]
        )
        for index, ((lon, lat), count, share) in enumerate(zip(sites, nodes, shares, strict=True)):
            name = f"city{index + 1:02d}"
            crs = metric_crs_for(float(lon), float(lat))
            to_metric = Transformer.from_crs("EPSG:4326", crs, always_xy=True)
            to_lonlat = Transformer.from_crs(crs, "EPSG:4326", always_xy=True)
            xy, _, _ = grid_network(int(count), seed=index)
            centre = np.array(to_metric.transform(lon, lat))
            xy += centre - xy.mean(axis=0)
            lines = street_lines(xy)
            geometry = (
                shapely.linestrings(lines)
                if len({len(x) for x in lines}) == 1
                else [shapely.LineString(x) for x in lines]
            )
            gpd.GeoDataFrame(geometry=geometry, crs=crs).to_file(nets / f"{name}.gpkg", engine="pyogrio")
            low, high = xy.min(axis=0), xy.max(axis=0)
            ex, ey = to_lonlat.transform(*rng.uniform(low, high, size=(share, 2)).T)
            households = rng.integers(100, 3000, size=share)
            for i in range(share):
                writer.writerow(
                    [
                        f"{name} estate {i}",
                        name,
                        f"{name} district {i % 6}",
                        f"{households[i]}户",
                        round(ex[i], 7),
                        round(ey[i], 7),
                        int(households[i] * rng.choice([0, 0.15, 0.25])),
                        int(households[i] * rng.choice([0, 0.1])),
                        int(rng.integers(0, 40)),
                    ]
                )
            fx, fy = to_lonlat.transform(*rng.uniform(low, high, size=(FACILITIES_PER_CITY, 2)).T)
            for k in range(FACILITIES_PER_CITY):
                features.append(
                    {
                        "type": "Feature",
                        "geometry": {"type": "Point", "coordinates": [fx[k], fy[k]]},
                        "properties": {
                            "category": "eldercare" if k % 2 else "childcare",
                            "area_m2": 300,
                            "places": 0 if k % 2 else 40,
                            "district": f"{name} district {k % 6}",
                        },
                    }
                )
            described.append({"name": name, "nodes": int(count), "estates": int(share), "crs": crs})
            print(f"  wrote {name}: {count:,} nodes, {share:,} estates", file=sys.stderr)
    (folder / "facilities.geojson").write_text(
        json.dumps({"type": "FeatureCollection", "features": features}), encoding="utf-8"
    )
    stamp.write_text(json.dumps({"sizes": wanted, "cities": described}))
    return folder / "estates.csv", folder / "facilities.geojson", described


RUN = """
import json, resource, sys, time
start = time.perf_counter()
from laoxiao_check.spatial.network.noding import NodingOptions
from laoxiao_check.services.partition import run_partitioned_audit, runner_for
from laoxiao_check.rules.profiles import load_profile
from laoxiao_check.report.json.audit import write
estates, facilities, network, output, workers = sys.argv[1:6]
imported = time.perf_counter()
with runner_for(int(workers) or None) as runner:  # as `audit --partition-by city [--workers N]`
    result = run_partitioned_audit(estates, load_profile("baseline"), partition_by="city", runner=runner,
                                   facilities_path=facilities, network_path=network, use_cache=False,
                                   noding=NodingOptions())
audited = time.perf_counter()
with open(output, "w", encoding="utf-8") as handle:
    write(result, "en", handle)
done = time.perf_counter()
workers = {}
for part in result.partitions:
    workers[part.worker] = max(workers.get(part.worker, 0.0), part.peak_rss_mb)
print(json.dumps({
    "import": imported - start, "audit": audited - imported, "json": done - audited, "total": done - start,
    "driver_peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    "worker_peak_mb": workers,
    "partitions": [[p.name, p.status, p.estates, p.seconds] for p in result.partitions],
}))
"""


def run(folder: Path, estates: Path, facilities: Path, workers: int) -> dict:
    output = folder / f"audit_workers_{workers}.json"
    started = time.perf_counter()
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            RUN,
            str(estates),
            str(facilities),
            str(folder / "nets" / "{city}.gpkg"),
            str(output),
            str(workers),
        ],
        check=True,
        capture_output=True,
        text=True,
        env={**os.environ, "LAOXIAO_CACHE_DIR": str(folder / "cache")},
    )
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    figures["wall"] = time.perf_counter() - started
    figures["output"] = output
    return figures


def estimate(serial_s: float, seconds: list[float], workers: int) -> float:
    """The run on ``workers`` workers: the driver's own work plus the partitions placed largest
    first on the worker that frees first (at least the longest partition)."""
    loads = [0.0] * workers
    for part in sorted(seconds, reverse=True):
        loads[loads.index(min(loads))] += part
    return serial_s + max(loads)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cities", type=int, default=30)
    parser.add_argument("--estates", type=int, default=300_000)
    parser.add_argument("--min-nodes", type=int, default=100_000)
    parser.add_argument("--max-nodes", type=int, default=1_000_000)
    parser.add_argument("--workers", type=int, nargs="+", default=[2])
    parser.add_argument(
        "--folder", type=Path, default=None, help="keep the inputs here (reused by the next run)"
    )
    args = parser.parse_args()
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    with tempfile.TemporaryDirectory() as name:
        folder = args.folder or Path(name)
        folder.mkdir(parents=True, exist_ok=True)
        started = time.perf_counter()
        estates, facilities, cities = write_country(
            folder, args.cities, args.estates, args.min_nodes, args.max_nodes
        )
        total_nodes = sum(c["nodes"] for c in cities)
        size_mb = sum(f.stat().st_size for f in (folder / "nets").glob("*.gpkg")) / 2**20
        print(
            f"country: {len(cities)} cities, {sum(c['estates'] for c in cities):,} estates, "
            f"{len(cities) * FACILITIES_PER_CITY:,} facilities; networks of "
            f"{args.min_nodes:,}–{args.max_nodes:,} nodes ({total_nodes:,} in all, "
            f"{size_mb:,.0f} MB of GeoPackages); inputs ready in {time.perf_counter() - started:.0f} s\n"
        )
        runs = {0: run(folder, estates, facilities, 0)}
        print("  done: one process", file=sys.stderr)
        for workers in args.workers:
            runs[workers] = run(folder, estates, facilities, workers)
            print(f"  done: {workers} workers", file=sys.stderr)
        reference = runs[0]["output"].read_bytes()
        header = (
            "run",
            "wall time (s)",
            "audit (s)",
            "JSON (s)",
            "driver peak",
            "peak per worker",
            "same JSON",
        )
        rows = []
        for workers, figures in runs.items():
            peaks = sorted(figures["worker_peak_mb"].values(), reverse=True)
            rows.append(
                (
                    "one process" if workers == 0 else f"--workers {workers}",
                    f"{figures['wall']:.1f}",
                    f"{figures['audit']:.1f}",
                    f"{figures['json']:.1f}",
                    f"{figures['driver_peak_mb']:,.0f} MB",
                    "—" if workers == 0 else " / ".join(f"{p:,.0f} MB" for p in peaks),
                    "yes" if figures["output"].read_bytes() == reference else "NO",
                )
            )
        print_table(header, rows)
        single = runs[0]
        seconds = [p[3] for p in single["partitions"]]
        serial = single["wall"] - sum(seconds)
        print(
            f"\nper partition in one process: {min(seconds):.1f}–{max(seconds):.1f} s, "
            f"{sum(seconds):.1f} s in all; the driver's own work (start, reading the list, "
            f"merging, summary, JSON): {serial:.1f} s"
        )
        overheads = {n: runs[n]["wall"] - estimate(serial, seconds, n) for n in args.workers}
        overhead = max(overheads.values(), default=0.0)
        print(
            "measured against that model, the cluster's own cost (start, moving estates and results): "
            + ", ".join(f"{overheads[n]:+.1f} s with {n} workers" for n in args.workers)
        )
        print("estimated wall time on N workers (driver + partitions largest first + that cost):")
        print_table(
            ("workers", "partitions only (s)", "with the cluster's cost (s)"),
            [
                (
                    f"{n}",
                    f"{estimate(serial, seconds, n):.1f}",
                    f"{estimate(serial, seconds, n) + overhead:.1f}",
                )
                for n in (1, 2, 4, 8, 16, 30)
            ],
        )
        for workers, figures in runs.items():
            where = "one process" if workers == 0 else f"{workers} workers"
            listed = ", ".join(f"{p[0]} {p[2]:,} estates {p[3]:.1f} s" for p in figures["partitions"])
            print(f"\npartitions ({where}): {listed}")


if __name__ == "__main__":
    main()
