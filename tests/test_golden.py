"""Every bundled sample's JSON answer, checked in: a change of any figure, status or word shows.

Each run of ``scripts/sample_outputs.py`` that writes JSON (check, audit, plan) is run in-process
and compared, field by field, with ``tests/golden/<run>.json``. The JSON carries both languages,
so a changed message in English or Chinese fails here too. Only what names the machine or the
tool's build is left out (file sizes and hashes, the version). After a deliberate change,
rewrite the files and review the diff as part of the change:

    .venv/bin/python -m pytest tests/test_golden.py --update-golden
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden"
VOLATILE = frozenset({"sha256", "size", "version", "provenance"})


def _runs() -> list[tuple[str, list[str]]]:
    spec = importlib.util.spec_from_file_location("sample_outputs", ROOT / "scripts" / "sample_outputs.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return [(name.removesuffix(".en.json"), args) for name, args in module.runs() if name.endswith(".json")]


RUNS = _runs()


def _stable(value: object) -> object:
    """The answer less what names the machine or the build (sizes, hashes, version)."""
    if isinstance(value, dict):
        return {k: _stable(v) for k, v in value.items() if k not in VOLATILE}
    if isinstance(value, list):
        return [_stable(v) for v in value]
    return value


@pytest.mark.parametrize(("name", "args"), RUNS, ids=[name for name, _ in RUNS])
def test_sample_answer_unchanged(name, args, run_cli, request, monkeypatch):
    monkeypatch.chdir(ROOT)  # the answer names inputs by the path given, relative to the checkout
    monkeypatch.setenv("COLUMNS", "200")
    done = run_cli(*args)
    assert done.code in (0, 1), done.err
    answer = _stable(json.loads(done.out))
    path = GOLDEN / f"{name}.json"
    if request.config.getoption("--update-golden"):
        text = json.dumps(answer, ensure_ascii=False, indent=1, sort_keys=True)
        path.write_text(text + "\n", encoding="utf-8")
        return
    assert path.exists(), f"no golden answer for {name}: run pytest {Path(__file__).name} --update-golden"
    expected = json.loads(path.read_text(encoding="utf-8"))
    assert answer == expected, f"{name}: the answer changed (see the docstring to accept a deliberate change)"


def test_no_stale_golden_files():
    """Every file in tests/golden is the answer of a run still made."""
    assert {p.stem for p in GOLDEN.glob("*.json")} == {name for name, _ in RUNS}
