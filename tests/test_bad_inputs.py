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
    import laoxiao_check.api

    def broken(*args, **kwargs):
        raise ZeroDivisionError("a bug of ours")

    monkeypatch.setattr(laoxiao_check.api, "check_project", broken)
    project = workbook(tmp_path / "p.xlsx")
    result = run_cli("check", project, "--rules", "quanzhou")
    assert result.code == 3
    assert result.err.strip().startswith("internal error: ZeroDivisionError: a bug of ours")
    assert "--debug" in result.err and "Traceback" not in result.err
    debug = run_cli("--debug", "check", project, "--rules", "quanzhou")
    assert debug.code == 3 and "Traceback" in debug.err and "ZeroDivisionError" in debug.err
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
