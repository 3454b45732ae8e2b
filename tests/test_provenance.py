"""Every JSON, xlsx and HTML report records what produced it (inputs, profile, options, version)
and what was dropped or doubted on the way in (issue 23, items 2 and 6)."""

from __future__ import annotations

import hashlib
import json

import pytest
from conftest import REAL_DATA, SAMPLES
from openpyxl import load_workbook

from laoxiao_check import __version__

PROJECT = SAMPLES / "quanzhou_new_estate.xlsx"
AUDIT = SAMPLES / "audit"


def digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_check_json_records_inputs_profile_options_and_is_reproducible(run_cli, tmp_path) -> None:
    args = (
        "check",
        PROJECT,
        "--rules",
        "quanzhou",
        "--facilities",
        AUDIT / "facilities.geojson",
        "--format",
        "json",
    )
    first, second = run_cli(*args), run_cli(*args)
    assert first.out == second.out  # no time, nothing but the inputs
    record = json.loads(first.out)["provenance"]
    assert record["tool"]["version"] == __version__ and record["command"] == "check"
    project = record["inputs"][0]
    assert project == {
        "role": "project",
        "path": str(PROJECT),
        "size": PROJECT.stat().st_size,
        "sha256": digest(PROJECT),
    }
    assert record["inputs"][1]["role"] == "facilities"
    assert record["profile"]["id"] == "quanzhou" and record["profile"]["source"] == "bundled"
    assert [f["path"] for f in record["profile"]["files"]] == [
        "bundled:quanzhou.yaml",
        "bundled:baseline.yaml",
    ]
    assert all(len(f["sha256"]) == 64 for f in record["profile"]["files"])
    assert record["options"] == {"--kind": "new", "--facility-coords": "wgs84"}


def test_a_profile_file_is_recorded_with_its_path_and_hash(run_cli, tmp_path) -> None:
    own = tmp_path / "mine.yaml"
    own.write_text("id: mine\nname: {en: Mine, zh: 我的}\nextends: quanzhou\n", "utf-8")
    run = run_cli("check", PROJECT, "--rules", own, "--format", "json")
    profile = json.loads(run.out)["provenance"]["profile"]
    assert profile["id"] == "mine" and profile["source"] == str(own)
    assert profile["files"][0] == {
        "role": "profile",
        "path": str(own),
        "size": own.stat().st_size,
        "sha256": digest(own),
    }
    assert [f["path"] for f in profile["files"][1:]] == ["bundled:quanzhou.yaml", "bundled:baseline.yaml"]


def test_audit_json_xlsx_record_options_and_the_ledger(run_cli, tmp_path) -> None:
    facilities = tmp_path / "facilities.geojson"
    layer = json.loads((AUDIT / "facilities.geojson").read_text("utf-8"))
    layer["features"][0]["properties"]["district"] = "鲤城"  # a facility list spelling the district short
    layer["features"][1]["properties"]["category"] = "卖菜"  # a row that cannot be read
    facilities.write_text(json.dumps(layer, ensure_ascii=False), "utf-8")
    args = (
        "audit",
        AUDIT / "estates.csv",
        "--rules",
        "quanzhou",
        "--facilities",
        facilities,
        "--coords",
        "gcj02",
    )
    document = json.loads(run_cli(*args, "--format", "json").out)
    options = document["provenance"]["options"]
    assert (
        options["--coords"] == "gcj02" and options["--catchment"] == "e2sfca" and "--max-snap" not in options
    )
    ledger = {entry["kind"]: entry for entry in document["input_ledger"]}
    assert ledger["not_judged"]["count"] == 2 and ledger["not_judged"]["examples"][0].startswith("row 41")
    assert ledger["no_coordinates"]["examples"] == ["row 42 坐标缺失小区"]
    assert ledger["unmatched_district"]["examples"] == ["鲤城 → 鲤城区? (1)"]
    assert (
        ledger["unknown_category"]["count"] == 1
        and ledger["unknown_category"]["source"] == "facilities.geojson"
    )
    assert ledger["unknown_category"]["examples"] == ["卖菜 ×1"]
    out = tmp_path / "audit.xlsx"
    assert run_cli(*args, "--lang", "zh", "-o", out).code == 1
    book = load_workbook(out)
    sheet = book["输入与选项"]
    cells = [[c for c in row] for row in sheet.iter_rows(values_only=True)]
    assert any(
        row[1] == str(AUDIT / "estates.csv") and row[3] == digest(AUDIT / "estates.csv") for row in cells
    )
    assert any(row[0] == "选项 --coords" and row[1] == "GCJ-02" for row in cells)  # a code, not a key
    assert any(row[0] == "区县名与小区不符" for row in cells)
    assert int(sheet.page_setup.paperSize) == int(sheet.PAPERSIZE_A4)
    summary = [row[0] for row in book.worksheets[0].iter_rows(values_only=True)]
    assert "⚠ 数据质量 · 5项剔除或存疑" in summary[:6]  # before any count or verdict
    text = run_cli(*args, "--lang", "en").out
    head = text.split("┏")[0]  # above the first table: the top of the report
    assert "Dropped or doubted:" in head and "district matching no estate's: 1" in head


def test_html_and_plan_record_their_inputs(run_cli, tmp_path) -> None:
    page = tmp_path / "r.html"
    assert run_cli("check", PROJECT, "--rules", "quanzhou", "--lang", "en", "-o", page).code == 0
    html = page.read_text("utf-8")
    assert 'class="provenance"' in html and digest(PROJECT) in html and "bundled:baseline.yaml" in html
    plan = tmp_path / "plan.json"
    run = run_cli(
        "plan",
        *(AUDIT / "capacity_estates.csv", "--rules", "quanzhou", "--category", "childcare", "--add", "1"),
        *("--candidates", AUDIT / "candidates.geojson", "-o", plan),
    )
    assert run.code == 0, run.err
    record = json.loads(plan.read_text("utf-8"))["provenance"]
    assert [f["role"] for f in record["inputs"]] == ["estates", "candidates"]
    assert record["options"]["--category"] == "childcare" and record["options"]["--add"] == 1


@pytest.mark.skipif(not (REAL_DATA / "estates" / "qidong.csv").exists(), reason="no real data")
def test_real_list_outside_the_boundary_is_counted(run_cli, tmp_path) -> None:
    """The Beike list of Qidong (BD-09) against the city's boundary (GCJ-02): what lies outside,
    what could not be read and the repeated names are counted in the report itself."""
    run = run_cli(
        "audit",
        REAL_DATA / "estates" / "qidong.csv",
        *("--rules", "qidong", "--coords", "bd09", "--boundary-coords", "gcj02"),
        *("--boundary", REAL_DATA / "boundaries" / "320681_qidong.geojson", "--format", "json"),
    )
    assert run.code in (0, 1), run.err
    document = json.loads(run.out)
    ledger = {entry["kind"]: entry for entry in document["input_ledger"]}
    outside = [
        e for e in document["estates"] if e["reason"] and e["reason"].startswith("outside the boundary")
    ]
    assert ledger.get("outside_boundary", {"count": 0})["count"] == len(outside)
    city = document["summary"]["city"]["estates"]
    not_judged = sum(ledger[k]["count"] for k in ("not_judged", "outside_boundary") if k in ledger)
    assert not_judged == city["not_judged"]
    assert document["provenance"]["inputs"][0]["sha256"] == digest(REAL_DATA / "estates" / "qidong.csv")
