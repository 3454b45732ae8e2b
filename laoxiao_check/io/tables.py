"""Read one table or layer as rows: Excel, CSV, GeoJSON, GeoPackage, Shapefile.

Each row keeps its place in the file (``row 7`` for tables, ``feature 6`` for layers) and,
for layers, a point for its geometry (polygons give their centroid) and the layer's CRS.
"""

from __future__ import annotations

import csv
import io
import itertools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from laoxiao_check.io.guards import check_count, check_file_size
from laoxiao_check.io.headers import ALL_HEADERS, HEADER_SCAN_ROWS, find_header
from laoxiao_check.io.layers import LAYER_SUFFIXES, read_layer
from laoxiao_check.io.sniff import check_spreadsheet, is_old_spreadsheet
from laoxiao_check.io.workbook import open_workbook, sheet_rows
from laoxiao_check.model.errors import InputError
from laoxiao_check.model.limits import in_force
from laoxiao_check.model.messages import Said
from laoxiao_check.model.values import clean_text

TABLE_SUFFIXES = (".xlsx", ".xlsm", ".csv", ".txt")


@dataclass
class Table:
    source: str
    headers: list[str]
    rows: list[dict[str, Any]]
    places: list[str]
    """``row 7`` (tables) or ``feature 6`` (layers), one per row."""
    points: np.ndarray | None = None
    """(n, 2) point of each row's geometry (NaN where none), for layers."""
    crs: str | None = None
    notes: list[str] = field(default_factory=list)


def read_table(path: str | Path, sheet: str | None = None, known: frozenset[str] = ALL_HEADERS) -> Table:
    """The rows of a table or layer; ``known``: the header words of the fields the caller reads,
    by which a header below title rows is found (:func:`.headers.find_header`)."""
    path = Path(path)
    if not path.is_file():
        raise InputError(Said("file not found: {path}", path=path))
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return _unique_headers(_read_xlsx(path, sheet, known))
    if suffix in (".csv", ".txt"):
        return _unique_headers(_read_csv(path, known))
    if suffix in LAYER_SUFFIXES:
        return _read_layer(path, sheet)
    if is_old_spreadsheet(path):
        check_spreadsheet(path)  # .xls, .et, a lock file: what to do instead
    raise InputError(
        Said(
            "cannot read a {suffix} file: expected one of {suffixes}",
            suffix=suffix or Said("suffix-less"),
            suffixes=", ".join(TABLE_SUFFIXES + LAYER_SUFFIXES),
        ),
        str(path),
    )


csv.field_size_limit(64 * 1024 * 1024)  # a long cell is kept (and judged), not a crash


def _unique_headers(table: Table) -> Table:
    """A header given twice would silently hide one column: an error naming both."""
    seen: set[str] = set()
    for header in table.headers:
        if header and header in seen:
            raise InputError(
                Said("column {header} appears twice: keep one", header=repr(header)), table.source
            )
        seen.add(header)
    return table


COLUMNS_ADVICE = Said("delete the columns this tool does not read")


def _read_csv(path: Path, known: frozenset[str]) -> Table:
    check_file_size(path)
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise InputError(Said("expected UTF-8 or GB18030 text"), str(path))
    sample = text[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        message = Said("line {line} holds a NUL byte: expected CSV text (is this a binary file?)", line=line)
        raise InputError(message, str(path))
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    try:
        top = list(itertools.islice(reader, HEADER_SCAN_ROWS))
        if not top:
            raise InputError(Said("the file is empty: expected a header row"), str(path))
        limits, source = in_force(), str(path)
        filled = max(sum(1 for h in row if h.strip()) for row in top)
        what = Said(
            "filled cells of one of the first {count} rows (where the header is looked for)", count=len(top)
        )
        check_count(source, what, filled, limits.columns, advice=COLUMNS_ADVICE)
        header = find_header(top, known)
        headers = [clean_text(str(h or "").strip()) for h in header.labels]
        notes = [note] if (note := header.note("", top)) else []
        rows, places = [], []
        below = itertools.chain(top[header.data_start :], reader)
        for number, values in enumerate(below, start=header.data_start + 1):
            if not any(v.strip() for v in values):
                continue
            rows.append({h: (values[i] if i < len(values) else None) for i, h in enumerate(headers)})
            places.append(f"row {number}")
            if len(rows) > limits.rows or len(rows) * len(headers) > limits.cells:
                check_count(source, Said("rows"), len(rows), limits.rows, "--max-rows")
                check_count(source, Said("cells"), len(rows) * len(headers), limits.cells, "--max-cells")
    except csv.Error as exc:
        message = Said("line {line}: not readable as CSV ({reason})", line=reader.line_num, reason=str(exc))
        raise InputError(message, str(path)) from None
    return Table(str(path), headers, rows, places, notes=notes)


def _read_xlsx(path: Path, sheet: str | None, known: frozenset[str]) -> Table:
    """The named sheet, else the first visible one (saying so when there are others)."""
    notes: list[str] = []
    with open_workbook(path) as book:
        if sheet and sheet not in book.sheetnames:
            message = Said(
                "no sheet {sheet}; the workbook has {sheets}",
                sheet=repr(sheet),
                sheets=", ".join(book.sheetnames),
            )
            raise InputError(message, str(path))
        visible = book.visible()
        if sheet:
            worksheet = book.values[sheet]
        elif visible:
            worksheet = visible[0]
            others = [s.title for s in book.values.worksheets if s is not worksheet]
            if others:
                notes.append(
                    Said(
                        "read sheet {sheet} (the first visible one); the workbook also has {others}: "
                        "choose another with --sheet",
                        sheet=repr(worksheet.title),
                        others=", ".join(map(repr, others)),
                    )
                )
        else:
            raise InputError(Said("the workbook has no visible worksheet"), str(path))
        all_rows = sheet_rows(book, worksheet)
    header = find_header(all_rows, known)
    if note := header.note(worksheet.title, all_rows):
        notes.append(note)
    headers = [clean_text(str(h).strip()) if h is not None else "" for h in header.labels]
    rows, places = [], []
    for number, row in enumerate(all_rows[header.data_start :], start=header.data_start + 1):
        if row is None or all(v is None or (isinstance(v, str) and not v.strip()) for v in row):
            continue
        rows.append({h: (row[i] if i < len(row) else None) for i, h in enumerate(headers) if h})
        places.append(f"{worksheet.title} › row {number}")
    return Table(str(path), [h for h in headers if h], rows, places, notes=notes)


def _read_layer(path: Path, layer: str | None) -> Table:
    """Each feature's point: its geometry's own (polygons and lines: their centroid), row by row."""
    import shapely

    read = read_layer(path, layer)
    frame = read.frame
    geometry = np.asarray(frame.geometry.values, dtype=object)
    points = np.full((len(frame), 2), np.nan)
    present = ~shapely.is_missing(geometry) & ~shapely.is_empty(geometry)
    if present.any():
        centroids = shapely.centroid(geometry[present])
        # x and y of each centroid in its own row (an empty one gives NaN in its row alone)
        points[present, 0] = shapely.get_x(centroids)
        points[present, 1] = shapely.get_y(centroids)
    columns = [c for c in frame.columns if c != "geometry"]
    records = frame[columns].astype(object).where(frame[columns].notna(), None).to_dict("records")
    places = [f"feature {i}" for i in range(len(frame))]
    return Table(str(path), columns, records, places, points, read.crs)
