"""Opening .xlsx workbooks read-only, where every failure of a damaged file is a located error.

openpyxl reads a read-only workbook lazily: a damaged part may fail when the workbook is
opened or only when a sheet's rows are read. Both go through here, and whatever the
parser raises on a damaged file (zip, zlib, XML, missing parts) becomes an
:class:`~laoxiao_check.errors.InputError` naming the file and the sheet.
"""

from __future__ import annotations

import contextlib
import warnings
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..errors import InputError

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


def _damaged(path: Path, exc: BaseException, where: str = "") -> InputError:
    detail = str(exc).strip().splitlines()[0][:200] if str(exc).strip() else type(exc).__name__
    place = f" (sheet {where})" if where else ""
    return InputError(f"not a readable .xlsx workbook{place}: {detail}", str(path))


@contextlib.contextmanager
def open_workbook(path: Path) -> Iterator[Any]:
    """The workbook, read-only with cached values; closed afterwards."""
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # "extension not supported" and similar notes
            workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (*DAMAGED_FILE_ERRORS, InvalidFileException) as exc:
        raise _damaged(path, exc) from None
    try:
        yield workbook
    finally:
        with contextlib.suppress(*DAMAGED_FILE_ERRORS):
            workbook.close()


def sheet_rows(path: Path, sheet: Any, max_col: int | None = None) -> list[tuple[Any, ...]]:
    """All rows of a sheet as tuples of cell values."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return [tuple(row) for row in sheet.iter_rows(max_col=max_col, values_only=True)]
    except DAMAGED_FILE_ERRORS as exc:
        raise _damaged(path, exc, getattr(sheet, "title", "?")) from None
