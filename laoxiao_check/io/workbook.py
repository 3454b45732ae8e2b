"""Opening .xlsx workbooks, where every failure of a damaged file is a located error.

openpyxl reads a read-only workbook lazily: a damaged part may fail when the workbook is
opened or only when a sheet's rows are read. Both go through here, and whatever the
parser raises on a damaged file (zip, zlib, XML, missing parts) becomes an
:class:`~laoxiao_check.model.errors.InputError` naming the file and the sheet.

What a person sees in a spreadsheet is read as they see it, or refused:

- a formula is read by its saved value; one without a saved value (a file written by a
  program that does not calculate) is an error naming the cell, never an empty cell;
- merged cells (in project workbooks, read whole) give their value to every cell they cover;
- rows are read only as wide as the header, so a stray formatted cell far to the right
  does not multiply the work;
- hidden sheets are passed over where a visible one serves (see the readers).
"""

from __future__ import annotations

import contextlib
import functools
import re
import warnings
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from laoxiao_check.io.sniff import check_spreadsheet
from laoxiao_check.model.errors import InputError, Problem

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
_FORMULA = re.compile(rb"<(?:\w+:)?f[ >/]")
"""A formula element of SpreadsheetML (``<f>``, ``<f t="shared" …/>``, ``<x:f>``)."""
HEADER_ROWS = 10
"""A sheet is read as wide as the widest of its top rows (``io.headers.HEADER_SCAN_ROWS``)."""
MAX_PROJECT_WORKBOOK_BYTES = 20 * 1024 * 1024
"""A project workbook is read whole (for its merged cells); beyond this it is no project."""


def _damaged(path: Path, exc: BaseException, where: str = "") -> InputError:
    detail = str(exc).strip().splitlines()[0][:200] if str(exc).strip() else type(exc).__name__
    place = f" (sheet {where})" if where else ""
    return InputError(f"not a readable .xlsx workbook{place}: {detail}", str(path))


@dataclass
class Book:
    """A workbook's cached values, and (opened on first need) its formulas."""

    path: Path
    values: Any
    read_only: bool
    formulas: Any = None
    notes: list[str] = field(default_factory=list)
    """What was read with a remark (merged cells filled…): for the reader's warnings."""

    @property
    def sheetnames(self) -> list[str]:
        return list(self.values.sheetnames)

    def visible(self) -> list[Any]:
        """The worksheets a person sees (not hidden, not charts), in tab order."""
        return [s for s in self.values.worksheets if getattr(s, "sheet_state", "visible") == "visible"]

    @functools.cached_property
    def has_formulas(self) -> bool:
        """Does any worksheet hold a formula? A scan of the sheets' XML for ``<f>`` elements,
        far cheaper than reading the workbook a second time with its formulas."""
        try:
            with zipfile.ZipFile(self.path) as archive:
                return any(
                    _FORMULA.search(archive.read(name))
                    for name in archive.namelist()
                    if name.startswith("xl/worksheets/") and name.endswith(".xml")
                )
        except (zipfile.BadZipFile, OSError, KeyError, zlib.error):
            return True  # unsure: let openpyxl look (and report a damaged file)

    def formula_sheet(self, title: str) -> Any:
        if self.formulas is None:
            self.formulas = _load(self.path, read_only=self.read_only, data_only=False)
        return self.formulas[title]


def _load(path: Path, *, read_only: bool, data_only: bool) -> Any:
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # "extension not supported" and similar notes
            return openpyxl.load_workbook(path, read_only=read_only, data_only=data_only)
    except (*DAMAGED_FILE_ERRORS, InvalidFileException) as exc:
        raise _damaged(path, exc) from None


@contextlib.contextmanager
def open_workbook(path: Path, *, whole: bool = False) -> Iterator[Book]:
    """The workbook, read-only (``whole``: read entirely, for merged cells; small files only)."""
    check_spreadsheet(path)  # .xls, lock files, empty files: a sentence saying what to do
    if whole and path.stat().st_size > MAX_PROJECT_WORKBOOK_BYTES:
        raise InputError(
            f"{path.stat().st_size / 1e6:.0f} MB is too large for a project workbook "
            f"(at most {MAX_PROJECT_WORKBOOK_BYTES / 1e6:.0f} MB)",
            str(path),
        )
    book = Book(path, _load(path, read_only=not whole, data_only=True), read_only=not whole)
    try:
        yield book
    finally:
        for workbook in (book.values, book.formulas):
            if workbook is not None and book.read_only:
                with contextlib.suppress(*DAMAGED_FILE_ERRORS):
                    workbook.close()


def sheet_rows(book: Book, sheet: Any, max_col: int | None = None) -> list[tuple[Any, ...]]:
    """All rows of a sheet as tuples of values, as wide as its header row (or ``max_col``)."""
    title = getattr(sheet, "title", "?")
    if not hasattr(sheet, "iter_rows"):
        raise InputError(f"sheet {title!r} is a chart, not a table", str(book.path))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            if max_col is None:
                # as wide as the widest of the top rows: the header may lie below a title row
                top = sheet.iter_rows(max_row=HEADER_ROWS, values_only=True)
                filled = [i for row in top for i, value in enumerate(row) if value is not None]
                max_col = (max(filled) + 1) if filled else 1
            rows = [list(row) for row in sheet.iter_rows(max_col=max_col, values_only=True)]
            _check_formulas(book, title, rows, max_col)
    except DAMAGED_FILE_ERRORS as exc:
        raise _damaged(book.path, exc, title) from None
    if not book.read_only:
        _fill_merged(book, sheet, rows)
    return [tuple(row) for row in rows]


def _check_formulas(book: Book, title: str, rows: list[list[Any]], max_col: int) -> None:
    """A formula without a saved value would read as an empty cell: refuse it, by cell."""
    from openpyxl.utils import get_column_letter

    if not any(value is None for row in rows for value in row) or not book.has_formulas:
        return
    raw = book.formula_sheet(title).iter_rows(max_col=max_col, values_only=True)
    problems = []
    for number, (row, formulas) in enumerate(zip(rows, raw, strict=False), start=1):
        for column, (value, formula) in enumerate(zip(row, formulas, strict=False), start=1):
            if value is None and isinstance(formula, str) and formula.startswith("="):
                problems.append(
                    Problem(
                        str(book.path),
                        f"{title} › {get_column_letter(column)}{number}",
                        f"the formula {formula[:60]} has no saved value (the file was written by a "
                        "program that does not calculate): open and save it in Excel or WPS, or type "
                        "the value",
                    )
                )
    if problems:
        raise InputError(problems)


def _fill_merged(book: Book, sheet: Any, rows: list[list[Any]]) -> None:
    """Each cell of a merged range shows the range's value, as the person sees it."""
    for merged in sorted(getattr(sheet, "merged_cells", None) or (), key=str):
        top, left = merged.min_row - 1, merged.min_col - 1
        if top >= len(rows) or left >= len(rows[top]):
            continue
        value = rows[top][left]
        for r in range(top, min(merged.max_row, len(rows))):
            for c in range(left, min(merged.max_col, len(rows[r]))):
                rows[r][c] = value
        if merged.max_row > merged.min_row and value is not None:
            book.notes.append(f"{sheet.title} › {merged.coord}: merged cells read as {value!r} in each row")
