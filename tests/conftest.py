from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import pytest

from laoxiao_check.cli.main import main

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "sample_projects"
REAL_DATA = ROOT.parent / "shared" / "real-data"


@dataclass
class CliRun:
    code: int
    out: str
    err: str


@pytest.fixture
def run_cli(capsys):
    """Run the CLI in-process; returns exit code, stdout and stderr."""

    def run(*args: str) -> CliRun:
        with pytest.raises(SystemExit) as exit_info:
            main([str(a) for a in args])
        captured = capsys.readouterr()
        return CliRun(exit_info.value.code, captured.out, captured.err)

    return run


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(autouse=True)
def graph_cache(tmp_path_factory, monkeypatch):
    """Every test keeps the walking-graph cache in its own temporary folder."""
    folder = tmp_path_factory.mktemp("cache")
    monkeypatch.setenv("LAOXIAO_CACHE_DIR", str(folder))
    return folder


# --- Hypothesis: a short pass in `make test`, a long one in `make fuzz` --------------------
from hypothesis import HealthCheck, settings  # noqa: E402

settings.register_profile(
    "default",
    max_examples=25,
    deadline=None,
    derandomize=True,  # the short pass is the same every run: CI never flakes on a new example
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile(
    "fuzz",
    max_examples=2000,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
    print_blob=True,
)
settings.load_profile("default")


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:
    """After a fuzz run: one line with the examples run and the findings."""
    import sys

    module = sys.modules.get("test_fuzz")
    examples = getattr(module, "EXAMPLES", None)
    if not examples:
        return
    failed = [r for r in terminalreporter.stats.get("failed", []) if "test_fuzz" in r.nodeid]
    per_property = ", ".join(f"{name} {count:,}" for name, count in sorted(examples.items()))
    runs = sum(getattr(module, "RUNS", {}).values())
    terminalreporter.write_line(
        f"fuzz summary: {sum(examples.values()):,} examples ({per_property}), {runs:,} CLI runs; "
        f"{len(failed)} finding(s); exit codes outside 0/1/2, tracebacks, unnamed files, "
        "invalid JSON and changed inputs all counted as findings"
    )


def pytest_addoption(parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="rewrite tests/golden/*.json from the current answers (review the diff before committing)",
    )


def ascii_id(text: str) -> str:
    """A test id in printable ASCII without backslashes (m² → m_b2, 房 → _623f): pytest would escape
    it as \\u623f, and `make mutate` reselects tests by id through JSON, which unescapes it."""
    return "".join(c if c.isascii() and c.isprintable() and c != "\\" else f"_{ord(c):x}" for c in text)


def pytest_make_parametrize_id(config, val, argname):
    text = val.decode("utf-8", "replace") if isinstance(val, bytes) else val
    if not isinstance(text, str):
        return None
    written = ascii_id(text)
    return written if written != text else None
