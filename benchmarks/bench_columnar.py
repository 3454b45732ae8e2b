"""Benchmarks of issue 24 (the columnar audit), each against a floor measured in the same run.

    python benchmarks/bench_columnar.py check_cold            # check of a sample vs `import numpy`
    python benchmarks/bench_columnar.py audit_100k            # 100,000 estates, straight line
    python benchmarks/bench_columnar.py audit_100k --network  # … on a 1,000,000-node network
    python benchmarks/bench_columnar.py audit_1m              # 1,000,000 estates, straight line
    python benchmarks/bench_columnar.py all

Each run is a fresh process (start-up, imports, reading, rules, coverage, capacity, summary and
the JSON written to a file, as `audit --format json -o`). The floor of an audit is what any tool
must do with the same files: read the estate CSV with pyarrow and answer the nearest-facility
query with a k-d tree (scipy), in a fresh process too; the floor of `check` is `python -c
"import numpy"`. Printed: wall seconds (median of the runs), peak memory of the process, the
JSON's size, and the ratio to the floor, pair by pair (A then B, repeated: the ratio holds on a
busy machine where the seconds do not). Not a test: the targets are in issue 24 and README.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_audit import write_inputs, write_network
from synthetic import grid_network, print_table

ROOT = Path(__file__).resolve().parents[1]
EXE = Path(sys.executable).with_name("laoxiao-check")
FLOOR_AUDIT = """
import sys, json
import numpy as np
import pyarrow.csv as pv
from scipy.spatial import cKDTree
table = pv.read_csv(sys.argv[1])
x = table.column("lng").to_numpy(); y = table.column("lat").to_numpy()
points = [f["geometry"]["coordinates"] for f in json.load(open(sys.argv[2]))["features"]]
tree = cKDTree(np.asarray(points))
distance, index = tree.query(np.column_stack([x, y]))
print(len(distance))
"""


def timed(command: list[str], env: dict[str, str] | None = None) -> tuple[float, float]:
    """Wall seconds and peak memory (MB) of one fresh process (its own rusage, from wait4)."""
    with tempfile.TemporaryFile() as errors:
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=errors, env=env, cwd=ROOT)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        code = os.waitstatus_to_exitcode(status)
        if code not in (0, 1):
            errors.seek(0)
            raise SystemExit(f"{command[:3]} failed ({code}): {errors.read().decode()[-2000:]}")
    return seconds, usage.ru_maxrss / 1024


def paired(a: list[str], b: list[str], runs: int, env: dict[str, str]) -> tuple[float, float, float, float]:
    """Median seconds of A and of B, the median of the pairwise ratios A/B, and A's peak memory."""
    times_a, times_b, ratios, peaks = [], [], [], []
    for _ in range(runs):
        ta, peak = timed(a, env)
        tb, _ = timed(b, env)
        times_a.append(ta)
        times_b.append(tb)
        ratios.append(ta / tb)
        peaks.append(peak)
    return statistics.median(times_a), statistics.median(times_b), statistics.median(ratios), max(peaks)


def check_cold(runs: int) -> None:
    """A fresh process each run, with the package's bytecode compiled beforehand as an install
    leaves it (where PYTHONDONTWRITEBYTECODE is set, an editable install would otherwise compile
    every module on every run: 0.1 s that no user pays)."""
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "laoxiao_check")], check=True)
    env = {**os.environ, "LAOXIAO_CACHE_DIR": tempfile.mkdtemp()}
    rows = []
    for sample, rules in (("quanzhou_new_estate.xlsx", "quanzhou"), ("yuxi_new_estate.geojson", "yuxi")):
        command = [str(EXE), "check", f"sample_projects/{sample}", "--rules", rules, "--format", "json"]
        a, b, ratio, peak = paired(command, [sys.executable, "-c", "import numpy"], runs, env)
        rows.append((f"check {sample}", f"{a:.2f}", f"{b:.2f}", f"{ratio:.1f}×", f"{peak:,.0f} MB"))
    print_table(("run", "seconds", "floor: import numpy", "ratio (target ≤ 3×)", "peak memory"), rows)


def audit(estates: int, network: bool, runs: int) -> None:
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        if network:
            network_path, low, high = write_network(folder, 1_000_000)
        else:
            xy, _, _ = grid_network(1_000_000)
            network_path, low, high = None, xy.min(axis=0), xy.max(axis=0)
        estates_csv, facilities = write_inputs(folder, estates, 5_000, low, high)
        env = {**os.environ, "LAOXIAO_CACHE_DIR": str(folder / "cache")}
        out = folder / "audit.json"
        command = [
            str(EXE), "audit", str(estates_csv), "--rules", "quanzhou", "--facilities", str(facilities),
            *(["--network", str(network_path)] if network_path else []),
            "--format", "json", "-o", str(out),
        ]  # fmt: skip
        floor = [sys.executable, "-c", FLOOR_AUDIT, str(estates_csv), str(facilities)]
        a, b, ratio, peak = paired(command, floor, runs, env)
        size = out.stat().st_size / 2**20
    how = "1,000,000-node network" if network else "straight line"
    print_table(
        ("estates", "coverage", "seconds", "floor: pyarrow + k-d tree", "ratio", "peak memory", "JSON"),
        [
            (
                f"{estates:,}",
                how,
                f"{a:.1f}",
                f"{b:.2f}",
                f"{ratio:.0f}×",
                f"{peak:,.0f} MB",
                f"{size:,.0f} MB",
            )
        ],
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("which", choices=("check_cold", "audit_100k", "audit_1m", "all"))
    parser.add_argument("--network", action="store_true", help="audit_100k on a 1,000,000-node network")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}\n")
    if args.which in ("check_cold", "all"):
        check_cold(max(args.runs, 5))
    if args.which in ("audit_100k", "all"):
        audit(100_000, args.network, args.runs)
    if args.which in ("audit_1m", "all"):
        audit(1_000_000, False, 1)


if __name__ == "__main__":
    main()
