"""The format registry: each output format is one package, and adding one touches that package only."""

from __future__ import annotations

import importlib
import subprocess
import sys
import textwrap

import pytest
from conftest import SAMPLES

import laoxiao_check.report as report_package
from laoxiao_check.report.formats import all_formats, formats_for

CSV_FORMAT = '''
"""``--format csvdemo``: a format written for a test, in a folder of its own."""

from laoxiao_check.report.formats import Format


def render(result, lang="en", color=False):
    lines = ["id,status"] + [f"{f.id},{f.status}" for f in result.findings]
    return "\\n".join(lines) + "\\n"


FORMATS = (Format(name="csvdemo", renderers={"check": "laoxiao_check.report.csvdemo:render"}),)
'''


def test_formats_are_found_table_first() -> None:
    names = list(all_formats())
    assert names[0] == "table" and names[1:] == sorted(names[1:])
    assert set(names) == {"table", "json", "xlsx", "html", "pdf", "geojson", "gpkg", "parquet"}
    assert "html" in formats_for("check") and "html" not in formats_for("audit")
    assert all(
        fmt.needs_output for fmt in all_formats().values() if fmt.name in ("xlsx", "pdf", "gpkg", "parquet")
    )


def test_listing_formats_loads_no_heavy_library() -> None:
    code = (
        "import sys; from laoxiao_check.report.formats import all_formats; all_formats(); "
        "print(sorted(m for m in ('openpyxl', 'geopandas', 'rich') if m in sys.modules))"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert run.stdout.strip() == "[]"


@pytest.fixture
def cli_with_csvdemo(tmp_path, monkeypatch):
    """The CLI as it is when a package ``csvdemo/`` lies in the report package, and nothing else changed."""
    (tmp_path / "csvdemo").mkdir()
    (tmp_path / "csvdemo" / "__init__.py").write_text(textwrap.dedent(CSV_FORMAT), encoding="utf-8")
    monkeypatch.setattr(report_package, "__path__", [*report_package.__path__, str(tmp_path)])
    yield _reload_cli()  # the command line is built when the CLI is imported
    monkeypatch.undo()
    sys.modules.pop(f"{report_package.__name__}.csvdemo", None)
    _reload_cli()


def _reload_cli():
    """The CLI built anew: each command's module (its --format choices), then the group."""
    for command in ("check", "audit", "plan"):
        importlib.reload(importlib.import_module(f"laoxiao_check.cli.{command}"))
    return importlib.reload(importlib.import_module("laoxiao_check.cli.main"))


def test_a_new_format_is_one_package(cli_with_csvdemo, capsys, tmp_path) -> None:
    sample = SAMPLES / "quanzhou_new_estate_short.xlsx"
    with pytest.raises(SystemExit) as exit_info:
        cli_with_csvdemo.main(["check", str(sample), "--rules", "quanzhou", "--format", "csvdemo"])
    out = capsys.readouterr().out
    assert exit_info.value.code == 1
    assert out.splitlines()[0] == "id,status" and "eldercare.floor_area.new,fail" in out
    output = tmp_path / "report.csv"
    with pytest.raises(SystemExit):
        cli_with_csvdemo.main(
            ["check", str(sample), "--rules", "quanzhou", "--format", "csvdemo", "-o", str(output)]
        )
    assert output.read_text(encoding="utf-8") == out
    # a format without an audit renderer is not offered by `audit`
    with pytest.raises(SystemExit) as exit_info:
        cli_with_csvdemo.main(
            ["audit", str(SAMPLES / "audit" / "estates.csv"), "--rules", "quanzhou", "--format", "csvdemo"]
        )
    assert exit_info.value.code == 2 and "csvdemo" in capsys.readouterr().err


def test_csvdemo_is_gone_after_the_test(run_cli) -> None:
    assert "csvdemo" not in all_formats()
    run = run_cli(
        "check", SAMPLES / "quanzhou_new_estate_short.xlsx", "--rules", "quanzhou", "--format", "csvdemo"
    )
    assert run.code == 2
