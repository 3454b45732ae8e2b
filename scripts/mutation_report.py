"""The mutation check's report: the score, and every surviving mutant not named as equivalent.

Run after ``mutmut run`` (``make mutate`` runs both). A survivor is a change to the verdict code
that no test notices. Each one either gets a test that fails on it, or — when it cannot change
behaviour — an entry in ``tests/mutation_equivalents.yaml`` saying why (file, the line before
and after, one line of reason). The list is matched on the lines' text, not on mutmut's numbering,
so it holds while the code around it moves. Prints the score, the survivors left with their file
and line, and the entries no survivor matches any more (stale: delete them). Exit code 1 while a
survivor is left unexplained.

    .venv/bin/python scripts/mutation_report.py
"""

from __future__ import annotations

import subprocess
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
EQUIVALENTS = ROOT / "tests" / "mutation_equivalents.yaml"
MUTMUT = Path(sys.executable).with_name("mutmut")
NOT_KILLED = ("survived", "no tests", "suspicious", "segfault")
"""A timeout counts as noticed: the tests hang on the mutant (as Stryker and mutmut count it)."""


@dataclass(frozen=True)
class Change:
    name: str
    status: str
    file: str
    before: str
    after: str

    @property
    def line(self) -> int:
        """The line of ``before`` in the file as it is now (0 where not found)."""
        for number, text in enumerate((ROOT / self.file).read_text(encoding="utf-8").splitlines(), 1):
            if text.strip() == self.before:
                return number
        return 0


def statuses() -> dict[str, str]:
    done = subprocess.run([MUTMUT, "results", "--all", "true"], cwd=ROOT, capture_output=True, text=True)
    found = {}
    for row in done.stdout.splitlines():
        name, _, status = row.strip().rpartition(": ")
        if name:
            found[name] = status
    return found


def change(name: str, status: str) -> Change:
    diff = subprocess.run([MUTMUT, "show", name], cwd=ROOT, capture_output=True, text=True).stdout
    lines = diff.splitlines()
    file = next((row[4:] for row in lines if row.startswith("--- ")), "?")
    before = " / ".join(r[1:].strip() for r in lines if r.startswith("-") and not r.startswith("---"))
    after = " / ".join(r[1:].strip() for r in lines if r.startswith("+") and not r.startswith("+++"))
    return Change(name, status, file, before, after)


def main() -> int:
    found = statuses()
    if not found:
        print("no mutation results: run `mutmut run` first (make mutate)")
        return 1
    counts = Counter(found.values())
    left = [change(name, status) for name, status in sorted(found.items()) if status in NOT_KILLED]
    named = yaml.safe_load(EQUIVALENTS.read_text(encoding="utf-8")) or []
    key = {(e["file"], e["before"], e["after"]): e for e in named}
    equivalent = [c for c in left if (c.file, c.before, c.after) in key]
    unexplained = [c for c in left if (c.file, c.before, c.after) not in key]
    used = {(c.file, c.before, c.after) for c in equivalent}
    stale = [e for k, e in key.items() if k not in used]
    killed = counts["killed"] + counts["caught by type check"] + counts["timeout"]
    total = sum(counts.values()) - counts["not checked"] - counts["skipped"]
    print(f"mutants: {total}; killed {killed} ({killed / total:.1%}); ", end="")
    print(f"named equivalent {len(equivalent)}; left {len(unexplained)}")
    print(f"score (killed or named equivalent): {(killed + len(equivalent)) / total:.1%}")
    if counts["not checked"]:
        print(f"not checked (the run stopped early?): {counts['not checked']}")
    for c in unexplained:
        print(f"\n{c.status}: {c.file}:{c.line}  ({c.name})\n  - {c.before}\n  + {c.after}")
    for e in stale:
        print(f"\nstale equivalent (no survivor matches it; delete it): {e['file']}: {e['before']}")
    return 1 if unexplained else 0


if __name__ == "__main__":
    sys.exit(main())
