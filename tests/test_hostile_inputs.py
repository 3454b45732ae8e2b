"""Hostile and oversized input (issue 30): each case ends within 30 s and 1.5 GB of address
space with exit 2 and a message saying what to do, or reads a legal file correctly.

The corpus is built here, in a temporary folder: zip bombs are written compressed, streamed
through ``zipfile`` a megabyte at a time, so the repository holds none of it. The CLI runs in
a subprocess under ``RLIMIT_AS`` (where the platform has it) with a timeout.
"""

from __future__ import annotations

import itertools
import json
import math
import os
import struct
import subprocess
import sys
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import ROOT, SAMPLES
from helpers import feature, geojson, workbook

SECONDS = 30
MEMORY_BYTES = 1536 * 1024 * 1024
GB = 1024 * 1024 * 1024
ESTATE_HEADER = ["小区名称", "户数", "经度", "纬度"]
ESTATE_ROW = ["样例小区", 1200, 118.6, 24.9]


def _limited() -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_BYTES, MEMORY_BYTES))


def run(*args: object, memory: bool = False) -> subprocess.CompletedProcess[str]:
    """The CLI in a subprocess: within SECONDS (else the test fails), and 1.5 GB with ``memory``."""
    command = [sys.executable, "-m", "laoxiao_check", *map(str, args)]
    environment = {**os.environ, "PYTHONPATH": str(ROOT)}
    preexec = _limited if memory and sys.platform.startswith("linux") else None
    return subprocess.run(
        command,
        capture_output=True,
        text=True,
        timeout=SECONDS,
        env=environment,
        preexec_fn=preexec,  # the memory bound of this test
        check=False,
    )


def refused(done: subprocess.CompletedProcess[str], *phrases: str) -> None:
    """Exit 2, no traceback, and the message names each phrase (the limit and what to do)."""
    assert done.returncode == 2, done.stderr[-2000:]
    assert "Traceback" not in done.stderr and "internal error" not in done.stderr
    for phrase in phrases:
        assert phrase in done.stderr, done.stderr[-2000:]


# --- workbooks -------------------------------------------------------------------------------
def _deflated(head: bytes, repeated: bytes, tail: bytes, size: int) -> tuple[bytes, int, int]:
    """A raw deflate stream of head + repeated… + tail (at least ``size`` bytes), its CRC and
    inflated size, built in a second: the megabyte of ``repeated`` is compressed once after a
    full flush (no reference across it) and its blocks repeated."""
    chunk = repeated * max(1, (1024 * 1024) // len(repeated))
    count = size // len(chunk) + 1
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    start = compressor.compress(head) + compressor.flush(zlib.Z_FULL_FLUSH)
    middle = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    ending = zlib.compressobj(9, zlib.DEFLATED, -15)
    end = ending.compress(tail) + ending.flush()
    crc = zlib.crc32(head)
    for _ in range(count):
        crc = zlib.crc32(chunk, crc)
    crc = zlib.crc32(tail, crc)
    return start + middle * count + end, crc, len(head) + len(chunk) * count + len(tail)


def _rebuilt(
    path: Path,
    part: str,
    head: bytes,
    repeated: bytes,
    tail: bytes,
    size: int,
    edits: dict[str, bytes] | None = None,
) -> Path:
    """The workbook at ``path`` with ``part`` (new or replaced) a bomb of head + repeated… + tail,
    about ``size`` bytes once inflated (its zip entry written by hand: the stream is ready-made);
    ``edits``: other parts replaced whole."""
    parts: list[tuple[str, bytes, int, int]] = []
    with zipfile.ZipFile(path) as source:
        for info in source.infolist():
            if info.filename != part:
                data = edits.get(info.filename) if edits else None
                data = data or source.read(info.filename)
                packer = zlib.compressobj(6, zlib.DEFLATED, -15)
                parts.append(
                    (info.filename, packer.compress(data) + packer.flush(), zlib.crc32(data), len(data))
                )
    parts.append((part, *_deflated(head, repeated, tail, size)))
    directory, offset = b"", 0
    with path.open("wb") as out:
        for name, stream, crc, inflated in parts:
            encoded = name.encode()
            fields = (20, 0, 8, 0, 0x21, crc, len(stream), inflated, len(encoded))
            out.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, *fields, 0) + encoded + stream)
            directory += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, *fields, 0, 0, 0, 0, 0, offset)
            directory += encoded
            offset += 30 + len(encoded) + len(stream)
        out.write(directory)
        out.write(
            struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(parts), len(parts), len(directory), offset, 0)
        )
    return path


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("hostile")


def _estate_book(path: Path) -> Path:
    return workbook(path, {"小区": [ESTATE_HEADER, ESTATE_ROW]})


SHEET_HEAD = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    b'<row r="1"><c r="A1" t="inlineStr"><is><t>\xe5\xb0\x8f\xe5\x8c\xba\xe5\x90\x8d\xe7\xa7\xb0</t></is></c>'
    b'<c r="B1" t="inlineStr"><is><t>\xe6\x88\xb7\xe6\x95\xb0</t></is></c></row>'
)


def test_a_sheet_that_inflates_past_a_gigabyte_is_refused_from_the_zip_directory(corpus: Path) -> None:
    path = _rebuilt(
        _estate_book(corpus / "sheet_bomb.xlsx"),
        "xl/worksheets/sheet1.xml",
        SHEET_HEAD,
        b'<row><c t="inlineStr"><is><t>x</t></is></c></row>',
        b"</sheetData></worksheet>",
        GB + GB // 20,
    )
    assert path.stat().st_size < 10 * 1024 * 1024
    done = run("audit", path, "--rules", "quanzhou", memory=True)
    refused(done, "size once inflated", "over the limit of 1,024 MB", "--max-inflated-mb")


def test_a_shared_strings_bomb_is_refused_from_the_zip_directory(corpus: Path) -> None:
    path = _estate_book(corpus / "strings_bomb.xlsx")
    with zipfile.ZipFile(path) as book:
        types = book.read("[Content_Types].xml")
    override = (
        b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
        b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>'
    )
    sheet = SHEET_HEAD.split(b"<row")[0] + (
        b'<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>'
        b'<row r="2"><c r="A2" t="s"><v>2</v></c><c r="B2"><v>1200</v></c></row></sheetData></worksheet>'
    )
    _rebuilt(
        path,
        "xl/sharedStrings.xml",
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        + "".join(f"<si><t>{text}</t></si>" for text in ("小区名称", "户数", "样例小区")).encode(),
        b"<si><t>x</t></si>",
        b"</sst>",
        GB + GB // 20,
        {"[Content_Types].xml": types.replace(b"</Types>", override), "xl/worksheets/sheet1.xml": sheet},
    )
    done = run("audit", path, "--rules", "quanzhou", memory=True)
    refused(done, "xl/sharedStrings.xml", "--max-inflated-mb")


def test_a_part_compressed_a_thousand_times_over_is_refused(corpus: Path) -> None:
    path = _rebuilt(
        _estate_book(corpus / "ratio_bomb.xlsx"),
        "xl/worksheets/sheet1.xml",
        SHEET_HEAD,
        b"<row/>",
        b"</sheetData></worksheet>",
        64 * 1024 * 1024,
    )
    done = run("audit", path, "--rules", "quanzhou", memory=True)
    refused(done, "compression ratio of part xl/worksheets/sheet1.xml", "save the sheet as CSV")


def test_a_sparse_estate_list_reads_as_its_filled_cells(corpus: Path) -> None:
    """XFD1 and A1048576 filled: two cells, not 16,384 × 1,048,576 of them."""
    from openpyxl import Workbook

    path = corpus / "sparse.xlsx"
    book = Workbook()
    sheet = book.active
    sheet.append(ESTATE_HEADER)
    sheet.append(ESTATE_ROW)
    sheet["XFD1"] = "备注"
    sheet["A1048576"] = "末行小区"
    book.save(path)
    assert path.stat().st_size < 10_000
    done = run("audit", path, "--rules", "quanzhou", "--format", "json", memory=True)
    assert done.returncode in (0, 1), done.stderr[-2000:]
    document = json.loads(done.stdout)
    assert [e["name"] for e in document["estates"]] == ["样例小区", "末行小区"]
    last = [p for p in document["problems"] if "row 1048576" in p["place"]]
    assert last and "末行小区" in last[0]["message"]


def test_a_sparse_project_sheet_reads_as_its_filled_cells(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    path = workbook(tmp_path / "p.xlsx")
    book = load_workbook(path)
    book["facilities"]["XFD1"] = "备注"
    book["facilities"]["A1048576"] = "E9"
    book.save(path)
    done = run("check", path, "--rules", "quanzhou", memory=True)
    refused(done, "facilities › B1048576 (类别)", "category is required")


def test_rows_over_the_limit_are_refused_with_the_option_that_raises_it(tmp_path: Path) -> None:
    path = workbook(tmp_path / "e.xlsx", {"小区": [ESTATE_HEADER, *[ESTATE_ROW] * 30]})
    refused(
        run("audit", path, "--rules", "quanzhou", "--max-rows", "20"), "over the limit of 20", "--max-rows"
    )
    assert run("audit", path, "--rules", "quanzhou", "--max-rows", "30").returncode in (0, 1)


# --- geometry --------------------------------------------------------------------------------
NAN_SQUARE = {
    "type": "Polygon",
    "coordinates": [[[118.60, 24.90], [math.nan, 24.90], [118.61, 24.91], [118.60, 24.91], [118.60, 24.90]]],
}


def _write(path: Path, document: dict) -> Path:
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")  # NaN as NaN
    return path


def _layer(path: Path, features: list[dict]) -> Path:
    return _write(path, {"type": "FeatureCollection", "features": features})


def test_a_nan_vertex_in_an_estate_layer_names_its_feature_and_moves_no_other(tmp_path: Path) -> None:
    estates = _layer(
        tmp_path / "estates.geojson",
        [
            {"type": "Feature", "geometry": NAN_SQUARE, "properties": {"小区名称": "甲", "户数": 500}},
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [118.7, 24.95]},
                "properties": {"小区名称": "乙", "户数": 600},
            },
        ],
    )
    done = run("audit", estates, "--rules", "quanzhou", "--format", "json")
    refused(done, "feature 0", "not a finite number")
    assert "feature 1" not in done.stderr


def test_non_finite_coordinates_in_an_estate_table_leave_out_their_rows_alone(tmp_path: Path) -> None:
    """1e999 is a number to a spreadsheet reader and infinity to Python: each such row is named."""
    path = workbook(
        tmp_path / "e.xlsx", {"小区": [ESTATE_HEADER, ["甲", 500, 1, 24.9], ESTATE_ROW, ["丙", 600, 2, 24.9]]}
    )
    with zipfile.ZipFile(path) as book:
        parts = {name: book.read(name) for name in book.namelist()}
    sheet = "xl/worksheets/sheet1.xml"
    parts[sheet] = parts[sheet].replace(b"<v>1</v>", b"<v>1e999</v>").replace(b"<v>2</v>", b"<v>-1e999</v>")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as book:
        for name, data in parts.items():
            book.writestr(name, data)
    done = run("audit", path, "--rules", "quanzhou", "--format", "json")
    assert done.returncode in (0, 1), done.stderr[-2000:]
    problems = {p["place"]: p["message"] for p in json.loads(done.stdout)["problems"]}
    assert (
        "not a finite number" in problems["小区 › row 2"]
        and "not a finite number" in problems["小区 › row 4"]
    )
    assert "小区 › row 3" not in problems


@pytest.mark.parametrize("coordinate", [math.nan, math.inf])
def test_a_project_geojson_with_a_non_finite_vertex_names_the_feature(
    tmp_path: Path, coordinate: float
) -> None:
    square = json.loads(json.dumps(NAN_SQUARE).replace("NaN", json.dumps(coordinate)))
    building = {**feature("building", id="B1", households=100), "geometry": square}
    path = geojson(
        tmp_path / "p.geojson",
        [
            building,
            feature("building", 118.6, 24.9, id="B2", households=100),
            feature("facility", 118.6, 24.9, id="E1", category="eldercare", area_m2=500),
        ],
    )
    done = run("check", path, "--rules", "quanzhou")
    refused(done, "features[0].geometry", "not finite numbers")
    assert "features[1]" not in done.stderr


@pytest.mark.parametrize(("command", "coordinate"), [("check", math.nan), ("audit", -math.inf)])
def test_a_facility_layer_with_a_non_finite_vertex_names_the_feature(
    tmp_path: Path, command: str, coordinate: float
) -> None:
    square = json.loads(json.dumps(NAN_SQUARE).replace("NaN", json.dumps(coordinate)))
    facilities = _layer(
        tmp_path / "facilities.geojson",
        [
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [118.6, 24.9]},
                "properties": {"category": "eldercare", "area_m2": 300},
            },
            {"type": "Feature", "geometry": square, "properties": {"category": "childcare", "area_m2": 200}},
        ],
    )
    if command == "check":
        target = workbook(tmp_path / "p.xlsx")
    else:
        target = tmp_path / "estates.csv"
        target.write_text("小区名称,户数,经度,纬度\n甲,500,118.6,24.9\n", encoding="utf-8")
    done = run(command, target, "--rules", "quanzhou", "--facilities", facilities)
    refused(done, "feature 1", "not a finite number")
    assert "feature 0" not in done.stderr


# --- problems capped -------------------------------------------------------------------------
def test_many_bad_rows_show_the_first_two_hundred_and_a_count(tmp_path: Path) -> None:
    bad = [{"type": "Feature", "geometry": None, "properties": {"kind": "shed"}}] * 5_000
    path = geojson(tmp_path / "p.geojson", bad)
    done = run("check", path, "--rules", "quanzhou", memory=True)
    refused(done, "5,000 problem(s)", "… and 4,800 more problem(s) (all of them with --format json)")
    assert done.stderr.count("\n") == 202
    listed = run("check", path, "--rules", "quanzhou", "--format", "json", memory=True)
    assert listed.returncode == 2
    assert len(json.loads(listed.stdout)["problems"]) == 5_000


def _streamed_sheet(path: Path, body: Iterator[bytes]) -> Path:
    """The workbook at ``path`` with its first sheet replaced by SHEET_HEAD + body + the end,
    streamed into the zip (varied content: a compression ratio a real sheet has)."""
    parts = {}
    with zipfile.ZipFile(path) as source:
        parts = {info.filename: source.read(info.filename) for info in source.infolist()}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as out:
        for name, data in parts.items():
            if name != "xl/worksheets/sheet1.xml":
                out.writestr(name, data)
        with out.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(SHEET_HEAD)
            for chunk in body:
                sheet.write(chunk)
            sheet.write(b"</sheetData></worksheet>")
    return path


def test_a_row_of_more_cells_than_a_sheet_has_columns_is_refused_at_once(corpus: Path) -> None:
    """The same cell written 20,000 times in row 2."""
    cells = (f'<c r="E2"><v>{i * 7919 % 100003}</v></c>'.encode() for i in range(20_000))
    path = _streamed_sheet(
        _estate_book(corpus / "one_row.xlsx"), itertools.chain([b'<row r="2">'], cells, [b"</row>"])
    )
    refused(run("audit", path, "--rules", "quanzhou", memory=True), "row 2 holds more than 16,384 cells")


def test_a_sheet_without_dimension_and_past_the_last_row_is_refused_quickly(corpus: Path) -> None:
    """1.1 million rows without a number (nor a <dimension>, which openpyxl would otherwise
    look for through the whole sheet): refused at the sheet's last possible row."""
    rows = (f'<row spans="{i * 7919 % 100003}"/>'.encode() for i in range(1_100_000))
    path = _streamed_sheet(_estate_book(corpus / "many_rows.xlsx"), rows)
    refused(run("audit", path, "--rules", "quanzhou", memory=True), "row number 1048577")


def test_a_list_almost_wholly_unreadable_stops_early(tmp_path: Path) -> None:
    """A million rows whose households read `约N`: stopped after the first 10,000 (not a
    million problems), within the time and memory bounds."""
    path = tmp_path / "million.csv"
    with path.open("w", encoding="utf-8") as out:
        out.write("name,households,x,y\n")
        out.writelines(f"E{i},约{i % 900 + 100},118.6,24.9\n" for i in range(1_000_000))
    done = run("audit", path, "--rules", "quanzhou", memory=True)
    refused(done, "10,000 of the first 10,000 rows (of 1,000,000) cannot be judged", "row 2")


def test_a_network_drawn_round_the_globe_is_refused_cheaply(tmp_path: Path) -> None:
    """Twenty 6-vertex lines looping round the world (4 KB) took 22 s and 1.5 GB in `plan`."""
    loops = [
        [
            [118 + i / 1e4, 24.0],
            [118 + i / 1e4, 70.0],
            [-170, 70],
            [-170, -60],
            [118 + i / 1e4, -60],
            [118, 24.8],
        ]
        for i in range(20)
    ]
    network = _write(
        tmp_path / "globe.geojson",
        {
            "type": "FeatureCollection",
            "features": [
                {
                    "type": "Feature",
                    "properties": {"highway": "footway"},
                    "geometry": {"type": "LineString", "coordinates": c},
                }
                for c in loops
            ],
        },
    )
    done = run(
        "plan", SAMPLES / "audit" / "capacity_estates.csv", "--rules", "quanzhou", "--network", network,
        "--category", "childcare", "--add", "2", "--no-cache", memory=True,
    )  # fmt: skip
    refused(done, "straight segment(s) longer than 200 km")


def test_a_plan_whose_network_reaches_no_estate_chooses_nothing(tmp_path: Path) -> None:
    """One two-vertex footway past the estates: no node within reach, no candidate (was exit 3)."""
    line = {"type": "LineString", "coordinates": [[118.3, 24.937], [119.0, 24.937]]}
    feature = {"type": "Feature", "properties": {"highway": "footway"}, "geometry": line}
    network = _write(tmp_path / "line.geojson", {"type": "FeatureCollection", "features": [feature]})
    done = run(
        "plan", SAMPLES / "audit" / "capacity_estates.csv", "--rules", "quanzhou", "--network", network,
        "--category", "childcare", "--add", "2", "--no-cache", "--format", "json",
    )  # fmt: skip
    assert done.returncode in (0, 1), done.stderr[-2000:]
    assert json.loads(done.stdout)["selected"] == []
