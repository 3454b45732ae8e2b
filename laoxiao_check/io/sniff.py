"""What a spreadsheet file really is, by its first bytes: a sentence saying what to do.

A file named ``.xlsx`` may be an old binary workbook renamed, an Excel lock file
(``~$项目.xlsx``, left beside a workbook while it is open), an empty file or a web page
saved with an Excel suffix. openpyxl says "File is not a zip file" to all of them; this
says which it is and what to do, naming the file (exit code 2).
"""

from __future__ import annotations

from pathlib import Path

from laoxiao_check.model.errors import InputError
from laoxiao_check.model.messages import Said

OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
"""Compound File Binary: old Excel ``.xls``, WPS ``.et``, and Word/PowerPoint files."""
ZIP_MAGIC = b"PK\x03\x04"
OLD_EXCEL_SUFFIXES = (".xls", ".et", ".ett", ".xlt")
SAVE_AS_XLSX = Said(
    "open it in Excel or WPS and save it as an Excel workbook (.xlsx): 文件 › 另存为 › Excel 工作簿 (*.xlsx)"
)


def spreadsheet_problem(path: Path) -> str | None:
    """Why ``path`` cannot be an .xlsx workbook, as a sentence saying what to do; None if it may be."""
    name = path.name
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(512)
    except OSError:
        return None  # the reader says what is wrong with it
    if name.startswith("~$") and not head.startswith(ZIP_MAGIC):
        real = name[2:]
        return Said(
            "this is the lock file Excel or WPS leaves beside a workbook while it is open, not a "
            "workbook (it means the workbook is open): give the workbook itself ({real} in the same "
            "folder), saved and closed in Excel or WPS",
            real=real,
        )
    if size == 0:
        return Said(
            "the file is empty (0 bytes): was it saved, or copied before the copy ended? "
            "Give the saved workbook"
        )
    if head.startswith(OLE_MAGIC):
        return Said(
            "this is an old binary Excel (.xls) or WPS (.et) workbook, not .xlsx: {advice}",
            advice=SAVE_AS_XLSX,
        )
    if head.startswith(ZIP_MAGIC):
        if path.suffix.lower() in OLD_EXCEL_SUFFIXES:
            return Said(
                "this is an .xlsx workbook named {suffix}: rename it to {stem}.xlsx",
                suffix=path.suffix,
                stem=path.stem,
            )
        return None
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith((b"<!doctype html", b"<html", b"<table", b"<?xml")):
        return Said(
            "this is a web page or XML text saved with a spreadsheet suffix, not a workbook: {advice}",
            advice=SAVE_AS_XLSX,
        )
    if path.suffix.lower() in OLD_EXCEL_SUFFIXES:
        return Said("a {suffix} file is not read: {advice}", suffix=path.suffix, advice=SAVE_AS_XLSX)
    return None


def check_spreadsheet(path: Path) -> None:
    """Refuse a file that cannot be an .xlsx workbook, with what to do (:func:`spreadsheet_problem`)."""
    problem = spreadsheet_problem(path)
    if problem:
        raise InputError(problem, str(path))


def is_old_spreadsheet(path: Path) -> bool:
    """A file a spreadsheet reader should look at although its suffix is not one it reads."""
    if path.suffix.lower() in OLD_EXCEL_SUFFIXES or path.name.startswith("~$"):
        return True
    try:
        with path.open("rb") as handle:
            return handle.read(8) == OLE_MAGIC
    except OSError:
        return False
