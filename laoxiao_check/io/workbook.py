"""Opening .xlsx workbooks, where every failure of a damaged file is a located error.

Every workbook is opened read-only and its sheets are streamed: a sheet's XML is parsed
element by element and each cell is dropped once read, so a sheet costs what its filled
cells cost (a value in XFD1 and another in A1048576 are two cells, not 17 billion). Before
any part is parsed, the zip directory is held to the limits in force (:mod:`.guards`): the
inflated size of all parts and each part's compression ratio. Whatever the parser raises on
a damaged file (zip, zlib, XML, missing parts) becomes an
:class:`~laoxiao_check.model.errors.InputError` naming the file and the sheet.

What a person sees in a spreadsheet is read as they see it, or refused:

- a formula is read by its saved value; one without a saved value (a file written by a
  program that does not calculate) is an error naming the cell, never an empty cell (found in
  the same pass that reads the values);
- merged cells (in project workbooks) give their value to every cell they cover;
- only the columns with a filled header cell are read (or the first ``max_col``), so a stray
  cell far to the right does not multiply the work; empty rows cost nothing;
- hidden sheets are passed over where a visible one serves (see the readers).
"""

from __future__ import annotations

import contextlib
import warnings
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from laoxiao_check.io.guards import check_count, check_file_size, check_zip_directory
from laoxiao_check.io.sniff import check_spreadsheet
from laoxiao_check.model.errors import InputError, Problem
from laoxiao_check.model.limits import in_force
from laoxiao_check.model.messages import Said

DAMAGED_FILE_ERRORS: tuple[type[BaseException], ...] = (
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    OSError,
    KeyError,
    ValueError,
    TypeError,
    IndexError,
    AttributeError,
    SyntaxError,  # xml.etree.ElementTree.ParseError
)
"""What openpyxl raises on a damaged workbook (only around its own calls)."""
EXCEL_ROWS = 1_048_576
EXCEL_COLUMNS = 16_384
HEADER_ROWS = 10
"""The top rows whose filled cells are the columns read (``io.headers.HEADER_SCAN_ROWS``)."""
CELL_PARTS = 10_000
"""XML elements inside one cell (rich-text runs…): more is no spreadsheet a person wrote."""


def _damaged(path: Path, exc: BaseException, where: str = "") -> InputError:
    detail = str(exc).strip().splitlines()[0][:200] if str(exc).strip() else type(exc).__name__
    if where:
        return InputError(
            Said("not a readable .xlsx workbook (sheet {sheet}): {detail}", sheet=where, detail=detail),
            str(path),
        )
    return InputError(Said("not a readable .xlsx workbook: {detail}", detail=detail), str(path))


@dataclass
class Book:
    """A workbook opened read-only (sheets are streamed when read)."""

    path: Path
    values: Any
    fill_merged: bool = False
    """Give merged cells their range's value (project workbooks)."""
    notes: list[str] = field(default_factory=list)
    """What was read with a remark (merged cells filled…): for the reader's warnings."""

    @property
    def sheetnames(self) -> list[str]:
        return list(self.values.sheetnames)

    def visible(self) -> list[Any]:
        """The worksheets a person sees (not hidden, not charts), in tab order."""
        return [s for s in self.values.worksheets if getattr(s, "sheet_state", "visible") == "visible"]


def _load(path: Path) -> Any:
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet

    # openpyxl looks for a sheet's <dimension> until the *end* of <sheetData>: a sheet without
    # one (a program's export, or a crafted file) would be parsed whole just to open it
    original = ReadOnlyWorksheet._get_size
    ReadOnlyWorksheet._get_size = _size_from_the_head
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # "extension not supported" and similar notes
            return openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (*DAMAGED_FILE_ERRORS, InvalidFileException) as exc:
        raise _damaged(path, exc) from None
    finally:
        ReadOnlyWorksheet._get_size = original


def _size_from_the_head(sheet: Any) -> None:
    """A read-only sheet's <dimension>, looked for only before its <sheetData> starts."""
    from xml.etree.ElementTree import iterparse

    from openpyxl.worksheet._reader import DATA_TAG, DIMENSION_TAG
    from openpyxl.worksheet.dimensions import SheetDimension

    with sheet._get_source() as source:
        for event, element in iterparse(source, events=("start", "end")):
            if event == "start" and element.tag == DATA_TAG:
                return
            if event == "end" and element.tag == DIMENSION_TAG:
                bounds = SheetDimension.from_tree(element).boundaries
                sheet._min_column, sheet._min_row, sheet._max_column, sheet._max_row = bounds
                return


@contextlib.contextmanager
def open_workbook(path: Path, *, whole: bool = False) -> Iterator[Book]:
    """The workbook, read-only; ``whole``: a project workbook (its size limit; merged cells filled)."""
    check_spreadsheet(path)  # .xls, lock files, empty files: a sentence saying what to do
    if whole:
        check_file_size(path, in_force().project_workbook_bytes, Said("project workbook size"))
    else:
        check_file_size(path)
    check_zip_directory(path)
    book = Book(path, _load(path), fill_merged=whole)
    try:
        yield book
    finally:
        with contextlib.suppress(*DAMAGED_FILE_ERRORS):
            book.values.close()


@dataclass
class SheetCells:
    """The filled cells of one sheet: row 1 (the header) and the rows below, sparse."""

    title: str
    header: dict[int, Any]
    """Column number (1 = A) → value, filled cells of row 1 only."""
    rows: dict[int, dict[int, Any]]
    """Row number → {column number → value}: filled rows below row 1, the columns read only."""
    width: int
    """The last column read (``max_col``, else the header's last filled cell)."""
    columns: frozenset[int] = frozenset()
    """The columns read (``1…max_col``, else the header's filled cells)."""


def read_sheet(book: Book, sheet: Any, max_col: int | None = None) -> SheetCells:
    """A sheet's filled cells, streamed: the header's filled columns (or the first ``max_col``).

    Refused, naming the figure and the limit: more filled header cells than ``columns``,
    more filled rows than ``rows``, more cells read than ``cells``."""
    title = getattr(sheet, "title", "?")
    if not hasattr(sheet, "_get_source"):
        raise InputError(Said("sheet {sheet} is a chart, not a table", sheet=repr(title)), str(book.path))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            cells, merges = _stream(book, sheet, max_col)
    except InputError:
        raise
    except DAMAGED_FILE_ERRORS as exc:
        raise _damaged(book.path, exc, title) from None
    if book.fill_merged:
        _fill_merged(book, title, cells, merges)
    return cells


def sheet_rows(book: Book, sheet: Any, max_col: int | None = None) -> list[tuple[Any, ...]]:
    """The rows of a sheet as tuples of values by position (row 1 first; an empty row is ``()``;
    a row ends at its last filled cell among the columns read; trailing empty rows left out)."""
    cells = read_sheet(book, sheet, max_col)
    rows = {1: cells.header, **cells.rows} if cells.header else dict(cells.rows)
    check_count(
        str(book.path),
        Said(
            "cells of sheet {sheet} as a table (its filled rows up to their last cell read)",
            sheet=repr(cells.title),
        ),
        sum(max(row) for row in rows.values() if row),
        in_force().cells,
        "--max-cells",
    )
    table: list[tuple[Any, ...]] = [()] * max(rows, default=0)
    for number, row in rows.items():
        table[number - 1] = tuple(row.get(column) for column in range(1, max(row) + 1))
    return table


class _Reading:
    """The state of one streamed sheet: the figures held to the limits, the cells kept."""

    def __init__(self, book: Book, title: str, max_col: int | None) -> None:
        self.book, self.title, self.max_col = book, title, max_col
        self.limits = in_force()
        self.fixed = max_col is not None
        """The columns read are fixed (``max_col``); else the top rows' filled cells widen them."""
        self.keep: set[int] | None = None if max_col is None else set(range(1, max_col + 1))
        self.cells = SheetCells(title, {}, {}, max_col or 1, frozenset(self.keep or ()))
        self.count = 0
        self.problems: list[Problem] = []

    def widen(self, number: int, row: dict[int, Any]) -> None:
        """The filled cells of the top ``HEADER_ROWS`` rows are the columns read: the header may
        lie below a title row (io/headers.py finds it); below them, the columns are fixed."""
        if self.fixed or number > HEADER_ROWS:
            if self.keep is None:
                self.keep = set()
            return
        self.keep = (self.keep or set()) | set(row)
        check_count(
            str(self.book.path),
            Said(
                "filled columns of the top {count} rows of sheet {sheet}",
                count=HEADER_ROWS,
                sheet=repr(self.title),
            ),
            len(self.keep),
            self.limits.columns,
            advice=Said("delete the columns this tool does not read, or the stray cells of the header rows"),
        )
        self.cells.width = max(self.keep, default=1)
        self.cells.columns = frozenset(self.keep)

    def header(self, row: dict[int, Any]) -> None:
        """Row 1 (its filled cells widen the columns read, unless ``max_col`` fixed them)."""
        self.widen(1, row)
        assert self.keep is not None
        self.cells.header = {c: v for c, v in row.items() if c in self.keep}

    def row(self, number: int, row: dict[int, Any]) -> None:
        self.widen(number, row)
        assert self.keep is not None
        kept = {c: v for c, v in row.items() if c in self.keep}
        if not kept:
            return
        self.cells.rows[number] = {**self.cells.rows.get(number, {}), **kept}
        self.count += len(kept)
        source = str(self.book.path)
        if len(self.cells.rows) > self.limits.rows:
            check_count(
                source,
                Said("filled rows of sheet {sheet}", sheet=repr(self.title)),
                len(self.cells.rows),
                self.limits.rows,
                "--max-rows",
            )
        if self.count > self.limits.cells:
            check_count(
                source,
                Said("cells read of sheet {sheet}", sheet=repr(self.title)),
                self.count,
                self.limits.cells,
                "--max-cells",
            )

    def formula(self, row: int, column: int, formula: Any) -> None:
        from openpyxl.utils import get_column_letter

        if (
            isinstance(formula, str)
            and formula.startswith("=")
            and (self.keep is None or column in self.keep)
        ):
            self.problems.append(
                Problem(
                    str(self.book.path),
                    f"{self.title} › {get_column_letter(column)}{row}",
                    Said(
                        "the formula {formula} has no saved value (the file was written by a program that "
                        "does not calculate): open and save it in Excel or WPS, or type the value",
                        formula=formula[:60],
                    ),
                )
            )


def _stream(book: Book, sheet: Any, max_col: int | None) -> tuple[SheetCells, list[str]]:
    """Parse the sheet's XML element by element, dropping each element once read."""
    from xml.etree.ElementTree import iterparse

    from openpyxl.worksheet._reader import WorkSheetParser
    from openpyxl.xml.constants import SHEET_MAIN_NS

    ns = f"{{{SHEET_MAIN_NS}}}"
    row_tag, cell_tag, formula_tag, merge_tag = f"{ns}row", f"{ns}c", f"{ns}f", f"{ns}mergeCell"
    workbook = sheet.parent
    parser = WorkSheetParser(
        None,
        sheet._shared_strings,
        data_only=True,
        epoch=workbook.epoch,
        date_formats=workbook._date_formats,
        timedelta_formats=workbook._timedelta_formats,
    )
    reading = _Reading(book, sheet.title, max_col)
    merges: list[str] = []
    parents: list[Any] = []
    current: dict[int, Any] = {}
    cell_parts = -1  # -1: outside a cell; else the elements read inside the current one
    row_cells = 0  # the cells of the current row: at most one per column of a sheet
    with sheet._get_source() as source:
        for event, element in iterparse(source, events=("start", "end")):
            if event == "start":
                parents.append(element)
                if element.tag == row_tag:
                    _start_row(parser, element)
                    current, row_cells = {}, 0
                elif element.tag == cell_tag:
                    cell_parts = 0
                    row_cells += 1
                    if row_cells > EXCEL_COLUMNS:
                        message = Said(
                            "sheet {sheet}: row {row} holds more than {count} cells, more than a sheet has "
                            "columns: no spreadsheet a person wrote",
                            sheet=repr(sheet.title),
                            row=parser.row_counter,
                            count=f"{EXCEL_COLUMNS:,}",
                        )
                        raise InputError(message, str(book.path))
                elif cell_parts >= 0:
                    cell_parts += 1
                    if cell_parts > CELL_PARTS:
                        message = Said(
                            "sheet {sheet}: a cell of more than {count} parts is no spreadsheet cell",
                            sheet=repr(sheet.title),
                            count=f"{CELL_PARTS:,}",
                        )
                        raise InputError(message, str(book.path))
                continue
            parents.pop()
            if element.tag == cell_tag:
                cell_parts = -1
                _read_cell(parser, element, formula_tag, current, reading)
            elif cell_parts >= 0:
                continue  # a cell's value, formula or text: read with the cell
            elif element.tag == row_tag:
                _end_row(parser.row_counter, current, reading)
            elif element.tag == merge_tag and element.get("ref"):
                merges.append(element.get("ref"))
            if parents:
                parents[-1].remove(element)  # its last child: the element just read
    if reading.problems:
        raise InputError(reading.problems)
    return reading.cells, merges


def _start_row(parser: Any, element: Any) -> None:
    number = element.get("r")
    parser.row_counter = int(float(number)) if number is not None else parser.row_counter + 1
    parser.col_counter = 0
    if not 1 <= parser.row_counter <= EXCEL_ROWS:
        raise ValueError(f"row number {parser.row_counter} is outside 1–{EXCEL_ROWS:,}")


def _read_cell(parser: Any, element: Any, formula_tag: str, row: dict[int, Any], reading: _Reading) -> None:
    cell = parser.parse_cell(element)
    column = cell["column"]
    if not 1 <= column <= EXCEL_COLUMNS:
        raise ValueError(f"cell {element.get('r')} is outside the sheet")
    formula = element.find(formula_tag)
    if formula is not None:
        text = parser.parse_formula(element)  # also learns a shared formula for the cells after
        if cell["value"] is None:
            reading.formula(parser.row_counter, column, text)
    if cell["value"] is not None:
        row[column] = cell["value"]


def _end_row(number: int, row: dict[int, Any], reading: _Reading) -> None:
    if number == 1:
        reading.header(row)
    else:
        reading.row(number, row)


def _fill_merged(book: Book, title: str, cells: SheetCells, merges: list[str]) -> None:
    """Each cell of a merged range shows the range's value, as the person sees it (the columns
    read only; the cells filled count against the ``cells`` limit)."""
    from openpyxl.worksheet.cell_range import CellRange

    covered = 0
    for ref in sorted(merges):
        try:
            merged = CellRange(ref)
        except (ValueError, TypeError) as exc:
            raise _damaged(book.path, exc, title) from None
        top = cells.header if merged.min_row == 1 else cells.rows.get(merged.min_row, {})
        value = top.get(merged.min_col)
        columns = [c for c in range(merged.min_col, merged.max_col + 1) if c in cells.columns]
        covered += len(columns) * (min(merged.max_row, EXCEL_ROWS) - merged.min_row + 1)
        what = Said("cells covered by merged ranges of sheet {sheet}", sheet=repr(title))
        check_count(str(book.path), what, covered, in_force().cells, "--max-cells")
        for number in range(merged.min_row, min(merged.max_row, EXCEL_ROWS) + 1):
            row = cells.header if number == 1 else cells.rows.setdefault(number, {})
            for column in columns:
                if value is None:
                    row.pop(column, None)
                else:
                    row[column] = value
            if number != 1 and not row:
                del cells.rows[number]
        if merged.max_row > merged.min_row and value is not None:
            book.notes.append(
                Said(
                    "{sheet} › {range}: merged cells read as {value} in each row",
                    sheet=title,
                    range=merged.coord,
                    value=repr(value),
                )
            )
