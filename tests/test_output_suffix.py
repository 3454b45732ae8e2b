"""The format follows the --output file's suffix when --format is not given (issue 23, item 6)."""

from __future__ import annotations

import json

import pytest
from conftest import SAMPLES

PROJECT = SAMPLES / "quanzhou_new_estate.xlsx"
ESTATES = SAMPLES / "audit" / "estates.csv"


@pytest.mark.parametrize(
    ("name", "magic"),
    [
        ("r.xlsx", b"PK\x03\x04"),
        ("r.html", b"<!doctype html"),
        ("r.json", b"{"),
        ("r.gpkg", b"SQLite format 3"),
    ],
)
def test_check_output_suffix_chooses_the_format(run_cli, tmp_path, name, magic) -> None:
    out = tmp_path / name
    run = run_cli("check", PROJECT, "--rules", "quanzhou", "-o", out)
    assert run.code == 0, run.err
    assert out.read_bytes().startswith(magic)


def test_geojson_suffix_and_plain_text(run_cli, tmp_path) -> None:
    layers = tmp_path / "r.geojson"
    assert run_cli("check", PROJECT, "--rules", "quanzhou", "-o", layers).code == 0
    assert json.loads(layers.read_text("utf-8"))["type"] == "FeatureCollection"
    for name in ("r.txt", "report"):
        text = tmp_path / name
        assert run_cli("check", PROJECT, "--rules", "quanzhou", "--lang", "en", "-o", text).code == 0
        assert "PASS" in text.read_text("utf-8")


def test_audit_and_plan_follow_the_suffix(run_cli, tmp_path) -> None:
    workbook = tmp_path / "audit.xlsx"
    run = run_cli("audit", ESTATES, "--rules", "quanzhou", "-o", workbook)
    assert run.code in (0, 1), run.err
    assert workbook.read_bytes().startswith(b"PK\x03\x04")
    document = tmp_path / "plan.json"
    run = run_cli(
        "plan",
        SAMPLES / "audit" / "capacity_estates.csv",
        "--rules",
        "quanzhou",
        "--candidates",
        SAMPLES / "audit" / "candidates.geojson",
        "--category",
        "childcare",
        "--add",
        "1",
        "-o",
        document,
    )
    assert run.code == 0, run.err
    assert "solution" in json.loads(document.read_text("utf-8"))


def test_a_suffix_that_contradicts_format_is_a_usage_error(run_cli, tmp_path) -> None:
    out = tmp_path / "r.xlsx"
    run = run_cli("check", PROJECT, "--rules", "quanzhou", "--format", "json", "-o", out)
    assert run.code == 2
    assert "'.xlsx'" in run.err and "--format xlsx" in run.err and "--format json" in run.err
    assert not out.exists()


def test_unknown_suffix_and_unrendered_format(run_cli, tmp_path) -> None:
    run = run_cli("check", PROJECT, "--rules", "quanzhou", "-o", tmp_path / "r.csv")
    assert run.code == 2 and "give --format" in run.err
    assert (
        run_cli("check", PROJECT, "--rules", "quanzhou", "--format", "json", "-o", tmp_path / "r.out").code
        == 0
    )
    run = run_cli("audit", ESTATES, "--rules", "quanzhou", "-o", tmp_path / "a.html")
    assert run.code == 2 and "audit does not write html" in run.err


def test_help_says_the_suffix_decides(run_cli) -> None:
    run = run_cli("check", "--help")
    assert ".xlsx" in run.out and "suffix" in run.out


def test_a_report_written_to_a_file_says_the_outcome(run_cli, tmp_path) -> None:
    """The exit code is never the only word: the file's name and the outcome on standard error."""
    run = run_cli("audit", ESTATES, "--rules", "quanzhou", "-o", tmp_path / "a.json")
    assert run.code == 1
    assert run.err.strip().endswith("a.json: 40 estates judged: 7 pass, 33 fail, 0 incomplete; 2 not judged")
    run = run_cli("check", PROJECT, "--rules", "quanzhou", "-o", tmp_path / "c.json")
    assert run.code == 0 and run.err.strip().endswith("c.json: verdict pass")
