from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import pytest

from laoxiao_check.cli import main

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
