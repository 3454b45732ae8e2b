"""The bad-input corpus: every malformed or adversarial input gets a located message.

Each case in ``cases/bad_inputs.yaml`` names the files to write (text, bytes, or a
workbook given as rows), the command line (``{file}`` stands for a written file's path),
the exit code expected and a phrase of the message. For every case, whatever its exit
code: no traceback, input files unchanged, and an exit-2 message names the file at fault.
"""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import ROOT, sha256
from helpers import workbook

CASES_FILE = Path(__file__).parent / "cases" / "bad_inputs.yaml"
CASES: list[dict[str, Any]] = yaml.safe_load(CASES_FILE.read_text(encoding="utf-8"))["cases"]
GENERATORS = {
    "deep_nesting": lambda: (
        '{"type": "FeatureCollection", "features": ' + "[" * 200_000 + "]" * 200_000 + "}"
    ),
    "huge_csv_field": lambda: "name,households,x,y\n" + "a" * 200_000 + ",100,118.6,24.9\n",
    "many_aliases": lambda: _billion_laughs(),
    "long_extends_chain": None,  # written by the harness (several files)
}


def _billion_laughs() -> str:
    lines = ["name: {zh: 笑, en: laughs}", "defaults: {persons_per_household: 3}", "a0: &a0 [x, x]"]
    lines += [f"a{i}: &a{i} [*a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}]" for i in range(1, 30)]
    return "\n".join(lines) + "\n"


def write_file(directory: Path, name: str, spec: Any) -> Path:
    path = directory / name
    if isinstance(spec, str):
        path.write_text(spec, encoding="utf-8")
    elif "xlsx" in spec:
        workbook(path, {sheet: rows for sheet, rows in spec["xlsx"].items()})
    elif "base64" in spec:
        path.write_bytes(base64.b64decode(spec["base64"]))
    elif "bytes" in spec:
        path.write_bytes(spec["bytes"].encode("latin-1"))
    elif "json" in spec:
        path.write_text(json.dumps(spec["json"], ensure_ascii=False), encoding="utf-8")
    elif "generate" in spec:
        path.write_text(GENERATORS[spec["generate"]](), encoding="utf-8")
    elif "link_to" in spec:
        path.symlink_to(directory / spec["link_to"])
    elif "hardlink_to" in spec:
        path.hardlink_to(directory / spec["hardlink_to"])
    else:
        raise AssertionError(f"unknown file spec {spec!r}")
    return path


def materialise(case: dict[str, Any], directory: Path) -> tuple[list[str], dict[str, Path]]:
    paths: dict[str, Path] = {}
    for name, spec in case.get("files", {}).items():
        paths[name] = write_file(directory, name, spec)
    if case.get("extends_chain"):
        depth = case["extends_chain"]
        for level in range(depth):
            parent = f"extends: p{level + 1}.yaml\n" if level + 1 < depth else ""
            defaults = "defaults: {persons_per_household: 3}\n" if level + 1 == depth else ""
            text = f"name: {{zh: 第{level}层, en: level {level}}}\n{parent}{defaults}"
            paths[f"p{level}.yaml"] = directory / f"p{level}.yaml"
            paths[f"p{level}.yaml"].write_text(text, encoding="utf-8")
    args = []
    for arg in case["args"]:
        for name in sorted(paths, key=len, reverse=True):
            arg = arg.replace("{" + name + "}", str(paths[name]))
        args.append(arg.replace("{tmp}", str(directory)).replace("{samples}", str(ROOT / "sample_projects")))
    return args, paths


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_bad_input(case: dict[str, Any], tmp_path: Path, run_cli) -> None:
    args, paths = materialise(case, tmp_path)
    before = {name: sha256(path) for name, path in paths.items() if path.is_file()}
    result = run_cli(*args)
    shown = result.err + result.out
    assert "Traceback" not in shown, shown
    assert result.code == case["exit"], f"exit {result.code}, expected {case['exit']}:\n{shown}"
    for phrase in _as_list(case.get("message")):
        assert phrase in result.err, f"{phrase!r} not in:\n{result.err}"
    for phrase in _as_list(case.get("out")):
        assert phrase in result.out, f"{phrase!r} not in:\n{result.out}"
    if case["exit"] == 2 and case.get("names_file", True):
        blamed = case.get("blames", next(iter(paths), None))
        assert blamed is None or blamed in result.err, f"{blamed} not named in:\n{result.err}"
    after = {name: sha256(path) for name, path in paths.items() if path.is_file()}
    assert after == before, "an input file was changed"


def _as_list(value: Any) -> list[str]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def test_the_corpus_is_large_and_ids_are_unique() -> None:
    ids = [c["id"] for c in CASES]
    assert len(ids) == len(set(ids))
    assert len(ids) >= 60


@pytest.mark.parametrize("output_format", ["table", "json", "xlsx", "html"])
def test_plausibility_warnings_in_every_format(output_format: str, tmp_path: Path, run_cli) -> None:
    project = workbook(
        tmp_path / "p.xlsx",
        {
            "project": [["name", "Few residents"], ["kind", "new"], ["households", 1000], ["population", 10]],
            "facilities": [["id", "category", "area_m2"], ["E1", "eldercare", 300]],
        },
    )
    out = tmp_path / f"report.{output_format}"
    args = ["check", project, "--rules", "quanzhou", "--format", output_format, "--lang", "en"]
    result = run_cli(*args, *(["--output", out] if output_format in ("xlsx", "html") else []))
    assert result.code == 1
    if output_format == "xlsx":
        from openpyxl import load_workbook

        book = load_workbook(out)
        shown = "\n".join(str(c.value) for s in book.worksheets for row in s.iter_rows() for c in row)
    elif output_format == "html":
        shown = out.read_text(encoding="utf-8")
    else:
        shown = result.out
    assert "population (10) is below the households (1,000)" in shown


def test_internal_error_is_exit_3_with_one_line_and_debug_shows_the_traceback(
    monkeypatch, tmp_path: Path, run_cli
) -> None:
    import laoxiao_check.services.check

    def broken(*args, **kwargs):
        raise ZeroDivisionError("a bug of ours")

    monkeypatch.setattr(laoxiao_check.services.check, "check_project", broken)
    project = workbook(tmp_path / "p.xlsx")
    result = run_cli("check", project, "--rules", "quanzhou")
    assert result.code == 3
    assert result.err.strip().startswith("internal error: ZeroDivisionError: a bug of ours")
    assert "--debug" in result.err and "Traceback" not in result.err
    debug = run_cli("--debug", "check", project, "--rules", "quanzhou")
    assert debug.code == 3 and "Traceback" in debug.err and "ZeroDivisionError" in debug.err
    assert "LAOXIAO_DEBUG" not in __import__("os").environ  # --debug held for that run only
    monkeypatch.setenv("LAOXIAO_DEBUG", "1")
    assert "Traceback" in run_cli("check", project, "--rules", "quanzhou").err


def test_boundary_crs_without_an_epsg_code_is_honoured(tmp_path: Path) -> None:
    """A local transverse Mercator (no EPSG code) must not be read as WGS84 degrees."""
    import geopandas
    import shapely

    from laoxiao_check.io.boundary import read_boundary

    local = "+proj=tmerc +lat_0=0 +lon_0=118.6 +k=1 +x_0=500000 +y_0=0 +ellps=GRS80 +units=m +no_defs"
    square = shapely.box(499_000, 2_753_000, 501_000, 2_756_000)  # about 118.59–118.61°E, 24.88–24.91°N
    path = tmp_path / "b.gpkg"
    geopandas.GeoDataFrame(geometry=[square], crs=local).to_file(path)
    boundary = read_boundary(path)
    lon, lat = boundary.area.centroid.x, boundary.area.centroid.y
    assert abs(lon - 118.6) < 0.01 and 24.85 < lat < 24.95


# --- workbooks read as a person sees them (review findings) --------------------------------
def _project_book(path: Path, facilities: list[list[object]], **extra: list[list[object]]):
    """A workbook with project and facilities sheets (openpyxl objects, for special cells)."""
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for name, rows in {
        "project": [["name", "W"], ["kind", "new"], ["households", 1200]],
        "facilities": facilities,
        **extra,
    }.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    return book


ROOMS = [
    ["id", "category", "area_m2", "site"],
    ["E1", "eldercare", 260, "S1"],
    ["E2", "eldercare", 160, None],
]


def test_a_formula_without_a_saved_value_is_refused_by_cell(tmp_path: Path, run_cli) -> None:
    book = _project_book(tmp_path / "p.xlsx", ROOMS)
    book["project"].append(["population", "=B3*3.5"])  # openpyxl writes no cached value
    book.save(tmp_path / "p.xlsx")
    result = run_cli("check", tmp_path / "p.xlsx", "--rules", "quanzhou")
    assert result.code == 2 and "project › B4" in result.err and "=B3*3.5 has no saved value" in result.err


def test_merged_cells_give_their_value_to_each_row(tmp_path: Path, run_cli) -> None:
    book = _project_book(tmp_path / "p.xlsx", ROOMS)
    book["facilities"].merge_cells("D2:D3")  # site S1 over both rooms: one 420 m² site
    book.save(tmp_path / "p.xlsx")
    result = run_cli("check", tmp_path / "p.xlsx", "--rules", "quanzhou", "--format", "json")
    document = json.loads(result.out)
    site = next(f for f in document["results"] if f["id"] == "eldercare.site_area.new")
    assert site["status"] == "pass" and site["provided"] == 420
    assert any("D2:D3: merged cells read as 'S1'" in w for w in document["warnings"])


def test_a_hidden_stale_sheet_yields_to_the_visible_one(tmp_path: Path, run_cli) -> None:
    book = _project_book(tmp_path / "p.xlsx", [["id", "category", "area_m2"], ["E1", "eldercare", 200]])
    stale = book.create_sheet("设施")
    for row in [["id", "category", "area_m2"], ["E1", "eldercare", 9000]]:
        stale.append(row)
    stale.sheet_state = "hidden"
    book.save(tmp_path / "p.xlsx")
    result = run_cli("check", tmp_path / "p.xlsx", "--rules", "quanzhou", "--format", "json")
    document = json.loads(result.out)
    assert document["verdict"] == "fail"  # 200 m², not the hidden 9,000 m²
    assert any("hidden sheet(s) '设施' ignored" in w for w in document["warnings"])
    stale.sheet_state = "visible"
    book.save(tmp_path / "p.xlsx")
    both = run_cli("check", tmp_path / "p.xlsx", "--rules", "quanzhou")
    assert both.code == 2 and "could both be the facilities sheet" in both.err


def test_an_estate_list_is_read_from_its_first_visible_sheet_or_sheet(tmp_path: Path, run_cli) -> None:
    from openpyxl import Workbook

    book = Workbook()
    old = book.active
    old.title = "旧数据"
    old.append(["name", "households"])
    old.append(["A", 1])
    old.sheet_state = "hidden"
    current = book.create_sheet("小区名单")
    current.append(["name", "households"])
    current.append(["A", 1000])
    book.save(tmp_path / "e.xlsx")
    result = run_cli("audit", tmp_path / "e.xlsx", "--rules", "quanzhou", "--format", "json")
    document = json.loads(result.out)
    assert document["estates"][0]["households"] == 1000
    assert "choose another with --sheet" in document["problems"][0]["message"]
    chosen = run_cli(
        "audit", tmp_path / "e.xlsx", "--rules", "quanzhou", "--format", "json", "--sheet", "旧数据"
    )
    assert json.loads(chosen.out)["estates"][0]["households"] == 1


def test_a_stray_cell_far_to_the_right_does_not_multiply_the_work(tmp_path: Path) -> None:
    from laoxiao_check.io.workbook import open_workbook, sheet_rows

    book = _project_book(tmp_path / "p.xlsx", ROOMS)
    book["facilities"]["XFD5000"] = "x"
    book.save(tmp_path / "p.xlsx")
    with open_workbook(tmp_path / "p.xlsx") as opened:
        rows = sheet_rows(opened, opened.values["facilities"])
    assert max(len(r) for r in rows) == 4  # the header's width, not 16,384


# --- outputs that are not regular files ------------------------------------------------------
def test_output_into_a_named_pipe_is_written_not_replaced(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys
    import threading

    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(pipe.read_bytes()))
    reader.start()
    project = workbook(tmp_path / "p.xlsx")
    command = [sys.executable, "-m", "laoxiao_check.cli.main", "check", str(project), "--rules", "quanzhou"]
    done = subprocess.run([*command, "--format", "json", "-o", str(pipe)], capture_output=True, timeout=60)
    reader.join(timeout=30)
    assert done.returncode in (0, 1), done.stderr
    assert pipe.is_fifo() and json.loads(received[0])["profile"]["id"] == "quanzhou"


def test_output_through_a_symlink_keeps_the_link(tmp_path: Path, run_cli) -> None:
    real, link = tmp_path / "real.json", tmp_path / "link.json"
    real.write_text("old", encoding="utf-8")
    link.symlink_to(real)
    result = run_cli(
        "check", workbook(tmp_path / "p.xlsx"), "--rules", "quanzhou", "--format", "json", "-o", link
    )
    assert result.code in (0, 1)
    assert link.is_symlink() and json.loads(real.read_text(encoding="utf-8"))["profile"]["id"] == "quanzhou"
