"""Write every bundled sample's output in every text format to a folder, or compare two such folders.

A refactoring must not change what the tool says. Run this before and after and compare:

    python scripts/sample_outputs.py write /tmp/before      # on the old commit
    python scripts/sample_outputs.py write /tmp/after       # on the new one
    python scripts/sample_outputs.py compare /tmp/before /tmp/after

Each run is one command of the README (check, audit, plan, rules show) with a fixed language and
a fixed terminal width, so the bytes depend only on the code. Output files are named after the
command; the exit code is written beside each. Binary formats (xlsx, gpkg) carry timestamps and
are left out; their content is tested by the suite.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
S = "sample_projects"
A = f"{S}/audit"

CHECKS = [
    ("quanzhou_new_estate.xlsx", "quanzhou", []),
    ("quanzhou_new_estate_short.xlsx", "quanzhou", []),
    ("yuxi_new_estate.geojson", "yuxi", []),
    ("qidong_existing_estate.xlsx", "qidong", []),
    ("guizhou_community.geojson", "guizhou", []),
    ("guizhou_new_estate.geojson", "guizhou", []),
    ("qidong_handed_over_estate.xlsx", "qidong", []),
    ("wanzhou_old_estate.geojson", "wanzhou", []),
    ("qidong_phased_estate.xlsx", "qidong", []),
    ("qidong_phased_estate.xlsx", "design", []),
    ("quanzhou_riverside.geojson", "quanzhou", []),
    ("quanzhou_riverside.geojson", "quanzhou", ["--network", f"{S}/quanzhou_riverside_network.geojson"]),
    ("karhula_osm.geojson", "baseline", ["--network", f"{S}/karhula.osm.pbf"]),
]
AUDIT = [
    f"{A}/estates.csv",
    "--rules",
    "quanzhou",
    "--facilities",
    f"{A}/facilities.geojson",
    "--network",
    f"{A}/network.geojson",
    "--coords",
    "gcj02",
    "--communities",
    f"{A}/communities.geojson",
    "--population",
    f"{A}/population.csv",
]
CAPACITY = [
    f"{A}/capacity_estates.csv",
    "--rules",
    "quanzhou",
    "--facilities",
    f"{A}/capacity_facilities.geojson",
    "--network",
    f"{A}/capacity_network.geojson",
]
PLAN = [
    *CAPACITY,
    "--candidates",
    f"{A}/candidates.geojson",
    "--category",
    "childcare",
    "--add",
    "2",
]


def runs() -> list[tuple[str, list[str]]]:
    """Every (name, arguments) pair to run."""
    out: list[tuple[str, list[str]]] = []
    for project, rules, extra in CHECKS:
        base = ["check", f"{S}/{project}", "--rules", rules, *extra]
        tag = f"check-{Path(project).stem}-{rules}{'-net' if extra else ''}"
        for fmt in ("table", "json", "html", "geojson"):
            for lang in ("en", "zh") if fmt in ("table", "html") else ("en",):
                out.append((f"{tag}.{lang}.{fmt}", [*base, "--format", fmt, "--lang", lang]))
    for name, args in (("audit", AUDIT), ("audit-capacity", CAPACITY)):
        for fmt in ("table", "json", "geojson"):
            for lang in ("en", "zh") if fmt == "table" else ("en",):
                out.append((f"{name}.{lang}.{fmt}", ["audit", *args, "--format", fmt, "--lang", lang]))
    for objective in ("coverage", "capacity"):
        for fmt in ("table", "json", "html", "geojson"):
            out.append(
                (f"plan-{objective}.en.{fmt}", ["plan", *PLAN, "--objective", objective, "--format", fmt])
            )
    for rules in ("baseline", "quanzhou", "yuxi", "qidong", "guizhou", "wanzhou", "design"):
        out.append((f"rules-show-{rules}.en.table", ["rules", "show", rules, "--lang", "en"]))
    out.append(("rules-list.en.table", ["rules", "list"]))
    return out


def write(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    exe = Path(sys.executable).with_name("laoxiao-check")
    env = {
        **os.environ,
        "COLUMNS": "200",
        "LAOXIAO_CACHE_DIR": tempfile.mkdtemp(),
        "NO_COLOR": "1",
        "TERM": "dumb",
    }
    scratch = folder / "written"
    scratch.mkdir(exist_ok=True)
    for name, args in runs():
        fmt = name.rsplit(".", 1)[1]
        written = scratch / name
        if fmt in ("html", "geojson"):  # formats that write a file
            args = [*args, "--output", str(written)]
        done = subprocess.run([str(exe), *args], cwd=ROOT, capture_output=True, env=env, check=False)
        (folder / name).write_bytes(written.read_bytes() if written.exists() else done.stdout)
        said = done.stderr.decode(errors="replace").replace(str(folder), "FOLDER")
        (folder / f"{name}.exit").write_text(f"{done.returncode}\n{said}")
        print(f"{done.returncode}  {name}")


def compare(before: Path, after: Path) -> int:
    names = sorted(
        {p.name for p in before.iterdir() if p.is_file()} | {p.name for p in after.iterdir() if p.is_file()}
    )
    differ = []
    for name in names:
        a, b = before / name, after / name
        da = a.read_bytes() if a.exists() else b""
        db = b.read_bytes() if b.exists() else b""
        if hashlib.sha256(da).digest() != hashlib.sha256(db).digest():
            differ.append(name)
    for name in differ:
        print(f"differs: {name}")
    print(f"{len(names) - len(differ)} identical, {len(differ)} differ")
    return 1 if differ else 0


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "write":
        write(Path(sys.argv[2]))
    elif len(sys.argv) == 4 and sys.argv[1] == "compare":
        sys.exit(compare(Path(sys.argv[2]), Path(sys.argv[3])))
    else:
        sys.exit(__doc__)
