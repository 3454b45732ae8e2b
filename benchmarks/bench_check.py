"""Benchmark: one `check` of each bundled sample, end to end in a fresh process.

Prints the median wall time of several runs of each command beside the floor, a bare
`python -c 'import numpy'`: compare the ratios within one run (the machines are shared).
Not a test: run `python benchmarks/bench_check.py [--runs 7]`.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import print_table

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "sample_projects"
CASES = [
    ("floor: python -c 'import numpy'", ["-c", "import numpy"]),
    ("check quanzhou_new_estate.xlsx (Excel)", ["check", "quanzhou_new_estate.xlsx", "--rules", "quanzhou"]),
    ("check yuxi_new_estate.geojson (GeoJSON)", ["check", "yuxi_new_estate.geojson", "--rules", "yuxi"]),
    (
        "check quanzhou_riverside.geojson --format json",
        ["check", "quanzhou_riverside.geojson", "--rules", "quanzhou", "--format", "json"],
    ),
    ("rules list", ["rules", "list"]),
]


def seconds(args: list[str]) -> float:
    command = (
        [sys.executable, *args]
        if args[0] == "-c"
        else [sys.executable, "-m", "laoxiao_check.cli.main", *args]
    )
    start = time.perf_counter()
    subprocess.run(command, cwd=SAMPLES, capture_output=True, check=False)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    rows = []
    floor = None
    for name, command in CASES:
        seconds(command)  # warm the file cache
        median = statistics.median(seconds(command) for _ in range(args.runs))
        floor = floor or median
        rows.append((name, f"{median:.2f}", f"{median / floor:.1f}×"))
    print(f"median of {args.runs} runs, seconds; × the floor of importing numpy\n")
    print_table(("command", "seconds", "× floor"), rows)


if __name__ == "__main__":
    main()
