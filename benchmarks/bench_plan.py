"""Benchmark: `plan` at city scale, and spopt's MCLP / LSCP on the same instances.

Writes synthetic inputs (estates CSV, city facilities GeoJSON, candidate sites CSV, a street
network GeoPackage of the 1M-node grid of ``bench_network``/``bench_audit``), then runs the
whole `plan` (reading every file, the walking graph, pairs within 1,000 m on foot, the
covering problem, the JSON) in a fresh process per run and prints wall time and peak memory.
The same instance (each estate's weight and the candidates within reach) is then given to
spopt (PuLP + CBC, ``MCLP.from_cost_matrix`` / ``LSCP.from_cost_matrix``) in a fresh process
with a time limit, and the objective values are compared. Not a test:

    python benchmarks/bench_plan.py [--sizes 1000:200:100000 10000:2000:1000000] [--add 20]
                                    [--spopt-timeout 1200]
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
from bench_audit import GK, write_network
from synthetic import print_table

FACILITIES_PER_ESTATE = 0.05  # one city nursery for every twenty estates

RUN = """
import json, resource, sys, time
import numpy as np
start = time.perf_counter()
from laoxiao_check.rules.profiles import load_profile
from laoxiao_check.report.json.plan import render
from laoxiao_check.services.plan import run_plan
import laoxiao_check.services.plan as siting
import laoxiao_check.spatial.covering as plan_module

captured = {}
for name in ("maximal_covering", "set_covering"):
    original = getattr(plan_module, name)
    def spy(*args, _original=original, _name=name, **kwargs):
        captured.update(problem=_name, args=args, kwargs=kwargs)
        return _original(*args, **kwargs)
    setattr(siting, name, spy)
add = int(sys.argv[5]) or None
began = time.perf_counter()
result = run_plan(sys.argv[1], load_profile("quanzhou"), "childcare", add=add, facilities_path=sys.argv[2],
                  candidates_path=sys.argv[3], network_path=sys.argv[4], objective=sys.argv[6])
planned = time.perf_counter()
document = render(result, "en")
done = time.perf_counter()
weight, demand, site, count = captured["args"][:4]
np.savez(sys.argv[7], weight=weight, demand=demand, site=site, count=count, add=add or 0)
s = result.solution
print(json.dumps({"total": done - start, "plan": planned - began, "peak_mb": resource.getrusage(
    resource.RUSAGE_SELF).ru_maxrss / 1024, "value": s.value, "optimal": s.optimal, "solver": s.solver,
    "gap": s.gap, "greedy": s.greedy_value, "selected": len(s.selected), "pairs": int(len(demand)),
    "before": result.before["households_covered"], "after": result.after["households_covered"]}))
"""

SPOPT = """
import json, resource, sys, time, warnings
warnings.simplefilter("ignore")
import numpy as np
import pulp
from spopt.locate import LSCP, MCLP
data = np.load(sys.argv[1])
weight, demand, site = data["weight"], data["demand"], data["site"]
count, add = int(data["count"]), int(data["add"])
start = time.perf_counter()
radius = 1000.0
cost = np.full((len(weight), count), 10 * radius)
cost[demand, site] = 0.0
if add:
    model = MCLP.from_cost_matrix(cost, weight, service_radius=radius, p_facilities=add)
else:  # LSCP needs every client coverable: the estates with weight that a candidate reaches
    keep = np.unique(demand[weight[demand] > 0])
    model = LSCP.from_cost_matrix(cost[keep], service_radius=radius)
built = time.perf_counter()
model.solve(pulp.PULP_CBC_CMD(msg=False, timeLimit=float(sys.argv[2])))
solved = time.perf_counter()
print(json.dumps({"build": built - start, "solve": solved - built, "total": solved - start,
                  "value": pulp.value(model.problem.objective), "status": pulp.LpStatus[model.problem.status],
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def clustered(rng: np.random.Generator, count: int, low: np.ndarray, high: np.ndarray) -> np.ndarray:
    """Points around twelve district centres (3 km spread), as a city's estates cluster."""
    centres = rng.uniform(low + 10_000, high - 10_000, size=(12, 2))
    points = centres[rng.integers(0, 12, count)] + rng.normal(0, 3_000, size=(count, 2))
    return np.clip(points, low, high)


AUDIT = """
import json, resource, sys, time
import laoxiao_check.services.audit as audit
from laoxiao_check.rules.profiles import load_profile
spent = {}
measure = audit.measure_accessibility
def timed(*args, **kwargs):
    began = time.perf_counter()
    found = measure(*args, **kwargs)
    spent["access"] = time.perf_counter() - began
    return found
audit.measure_accessibility = timed
start = time.perf_counter()
result = audit.run_audit(
    sys.argv[1], load_profile("quanzhou"), facilities_path=sys.argv[2], network_path=sys.argv[3]
)
print(json.dumps({"audit": time.perf_counter() - start, "access": spent["access"],
                  "supply": [len(c.facilities) for c in result.accessibility.categories],
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def write_city(
    folder: Path, estates: int, facilities: int, candidates: int, low: np.ndarray, high: np.ndarray
) -> tuple[Path, Path, Path]:
    """Estates (no rooms of their own), city nurseries and candidate sites, clustered alike."""
    from pyproj import Transformer

    rng = np.random.default_rng(estates)
    to_ll = Transformer.from_crs(GK, "EPSG:4326", always_xy=True)

    def lonlat(points: np.ndarray) -> np.ndarray:
        return np.column_stack(to_ll.transform(*points.T))

    paths = []
    for name, count, header in (
        ("estates", estates, ["name", "district", "households", "lng", "lat"]),
        ("facilities", facilities, ["name", "category", "places", "lng", "lat"]),
        ("candidates", candidates, ["id", "lng", "lat"]),
    ):
        points = lonlat(clustered(rng, count, low, high))
        path = folder / f"{name}_{count}.csv"
        with open(path, "w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(header)
            for i, (lon, lat) in enumerate(points.tolist()):
                if name == "estates":
                    row = [f"E{i}", f"district {i % 12}", int(rng.integers(100, 3000))]
                elif name == "facilities":
                    row = [f"F{i}", "childcare", int(rng.integers(20, 150))]
                else:
                    row = [f"K{i + 1}"]
                writer.writerow([*row, round(lon, 7), round(lat, 7)])
        paths.append(path)
    return paths[0], paths[1], paths[2]


def run(args: list[str], cache: Path, timeout: float | None = None) -> dict | None:
    try:
        output = subprocess.run(
            [sys.executable, "-c", *args],
            check=True,
            capture_output=True,
            text=True,
            timeout=timeout,
            env={**os.environ, "LAOXIAO_CACHE_DIR": str(cache)},
        )
    except subprocess.TimeoutExpired:
        return None
    return json.loads(output.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", nargs="+", default=["1000:200:100000", "10000:2000:1000000"])
    parser.add_argument("--add", type=int, default=20)
    parser.add_argument("--spopt-timeout", type=float, default=1200.0)
    parser.add_argument("--no-spopt", action="store_true")
    parser.add_argument(
        "--audit-estates",
        type=int,
        nargs="*",
        default=[10_000, 100_000],
        help="also time the accessibility part of `audit` (bench_audit's inputs, 5,000 facilities, "
        "on the last size's network, graph cached)",
    )
    args = parser.parse_args()
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    rows = []
    with tempfile.TemporaryDirectory() as name:
        folder = Path(os.environ.get("BENCH_PLAN_DIR", name))
        for size in args.sizes:
            estates_n, candidates_n, nodes = (int(v) for v in size.split(":"))
            sub = folder / size.replace(":", "_")
            sub.mkdir()
            network, low, high = write_network(sub, nodes)
            estates, facilities, candidates = write_city(
                sub, estates_n, int(estates_n * FACILITIES_PER_ESTATE), candidates_n, low, high
            )
            cache = sub / "cache"
            runs = ((args.add, "coverage"), (args.add, "capacity"), (0, "coverage"))
            for index, (add, objective) in enumerate(runs):
                instance = sub / f"instance_{add}_{objective}.npz"
                cold = run(
                    [RUN, str(estates), str(facilities), str(candidates), str(network), str(add), objective,
                     str(instance)],
                    cache,
                )  # fmt: skip
                assert cold is not None
                theirs = None
                if not args.no_spopt:
                    theirs = run(
                        [SPOPT, str(instance), str(args.spopt_timeout)], cache, args.spopt_timeout * 1.5
                    )
                problem = f"MCLP k={add} ({objective})" if add else "LSCP (coverage)"
                agree = "—"
                if theirs is not None and theirs["status"] == "Optimal":
                    agree = (
                        "yes"
                        if abs(theirs["value"] - cold["value"]) <= 1e-6 * max(1, cold["value"])
                        else "NO"
                    )
                rows.append(
                    (
                        f"{estates_n:,} / {candidates_n:,} / {nodes:,}",
                        problem,
                        f"{cold['pairs']:,}",
                        f"{cold['total']:.1f}" + (" (graph built)" if index == 0 else ""),
                        f"{cold['peak_mb']:,.0f} MB",
                        f"{cold['value']:,.1f}",
                        ("optimal" if cold["optimal"] else f"gap {cold['gap']:.2%}") + f" ({cold['solver']})",
                        f"{cold['greedy']:,.1f}",
                        "not run"
                        if args.no_spopt
                        else "did not finish"
                        if theirs is None
                        else f"{theirs['total']:.1f}",
                        "—" if theirs is None else f"{theirs['peak_mb']:,.0f} MB",
                        agree,
                    )
                )
                print("  done", size, problem, file=sys.stderr)
        audit_rows = []
        for count in args.audit_estates:
            from bench_audit import write_inputs

            estates, facilities = write_inputs(sub, count, 5_000, low, high)
            found = run([AUDIT, str(estates), str(facilities), str(network)], cache)
            assert found is not None
            audit_rows.append(
                (
                    f"{count:,}",
                    " + ".join(f"{n:,}" for n in found["supply"]),
                    f"{found['audit']:.1f}",
                    f"{found['access']:.1f}",
                    f"{found['peak_mb']:,.0f} MB",
                )
            )
            print("  done audit", count, file=sys.stderr)
    print(
        "\nwhole `plan` in a fresh process (read, graph, pairs on foot within 1,000 m, solve, JSON), "
        "seconds; spopt: cost matrix, model build and CBC solve of the same instance\n"
    )
    header = (
        "estates / candidates / nodes",
        "problem",
        "pairs",
        "plan: total s",
        "plan: peak memory",
        "value",
        "proof",
        "greedy",
        "spopt: s",
        "spopt: peak memory",
        "same value",
    )
    print_table(header, rows)
    if audit_rows:
        print("\n`audit` with --facilities and --network (graph cached): the accessibility part\n")
        print_table(
            (
                "estates",
                "supply points (childcare + eldercare)",
                "audit s",
                "of which accessibility s",
                "peak memory",
            ),
            audit_rows,
        )


if __name__ == "__main__":
    main()
