"""Workbooks written row by row (openpyxl's write-only mode), for the audit of a country.

An audit's estates sheet may hold hundreds of thousands of rows; built as cells in memory it
would take gigabytes. :class:`Table` describes a table sheet by its columns and a function
that yields its rows; :func:`write_table` lays it out exactly as
:func:`laoxiao_check.report.xlsx.style.table_sheet` does — widths from each column's longest
text, every row as tall as its wrapped text, the styled, frozen and filtered header, A4 print
set-up — from a first pass over the rows, and writes it in a second, so that no row is kept.
Small sheets are built as usual in a scratch workbook and copied (:func:`copy_sheet`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from copy import copy
from dataclasses import dataclass
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import MergedCell
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.cell_range import CellRange
from openpyxl.worksheet.worksheet import Worksheet

from laoxiao_check.report.xlsx.style import (
    CENTRED,
    CJK_LINE_PT,
    FONT_PT,
    GROUP_FILL,
    HEADER_FILL,
    HEADER_FONT,
    LINE_PT,
    STATUS_FILL,
    WRAP,
    Cell,
    Column,
    char_units,
    column_width,
    print_setup,
    safe,
    shown,
    text_units,
    wrapped_lines,
)


@dataclass(frozen=True)
class Table:
    """A table sheet whose rows are yielded (twice: once to measure, once to write)."""

    title: str
    columns: list[Column]
    rows: Callable[[], Iterable[list[Any]]]
    groups: list[str] | None = None
    status_column: int | None = None
    statuses: Callable[[], Iterable[str]] | None = None
    """Per row, the status that colours its ``status_column`` cell."""
    footer: str = ""


def write_table(workbook: Workbook, table: Table) -> None:
    """The table on a new sheet of the write-only ``workbook``, as ``table_sheet`` lays it out."""
    columns = table.columns
    longest: list[tuple[int, str]] = [(0, "") for _ in columns]
    count = 0
    for row in table.rows():
        count += 1
        for index, (value, column) in enumerate(zip(row, columns, strict=True)):
            fmt = value.number_format if isinstance(value, Cell) else column.number_format
            raw = value.value if isinstance(value, Cell) else value
            text = shown(_stored(raw), fmt)
            units = text_units(text) if text else 0
            if units > longest[index][0]:
                longest[index] = (units, text)
    widths = [column_width(column, [longest[i][1]]) for i, column in enumerate(columns)]
    sheet = workbook.create_sheet(table.title)
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    header_rows = 2 if table.groups else 1
    # what a write-only sheet writes before its first row (views, properties) is set first
    sheet.freeze_panes = f"A{header_rows + 1}"
    _print_setup(sheet, table.title, widths, table.footer, header_rows)
    spans: dict[int, float] = {}
    if table.groups:
        for start, end in _runs(table.groups):
            if end > start:
                sheet.merged_cells.add(CellRange(min_col=start + 1, min_row=1, max_col=end + 1, max_row=1))
                spans[start] = sum(widths[start : end + 1])
        merged_away = {i for start, end in _runs(table.groups) for i in range(start + 1, end + 1)}
        cells = [
            _cell(sheet, None if i in merged_away else label, GROUP_FILL, HEADER_FONT, CENTRED)
            for i, label in enumerate(safe(table.groups))
        ]
        _append(sheet, cells, widths, 1, spans)
    header = [_cell(sheet, c.header, HEADER_FILL, HEADER_FONT, WRAP) for c in columns]
    _append(sheet, header, widths, header_rows)
    statuses: Iterator[str] | None = iter(table.statuses()) if table.statuses is not None else None
    for number, row in enumerate(table.rows(), start=header_rows + 1):
        status = next(statuses) if statuses is not None else None
        cells = []
        for index, (value, column) in enumerate(zip(row, columns, strict=True)):
            fmt = value.number_format if isinstance(value, Cell) else column.number_format
            raw = value.value if isinstance(value, Cell) else value
            fill = STATUS_FILL.get(status or "") if index == table.status_column else None
            cell = _cell(sheet, raw, fill, None, WRAP)
            if fmt:
                cell.number_format = fmt
            cells.append(cell)
        _append(sheet, cells, widths, number)
    if count:
        sheet.auto_filter.ref = f"A{header_rows}:{get_column_letter(len(columns))}{count + header_rows}"


def _stored(value: Any) -> Any:
    """The value as a cell keeps it (text cleaned)."""
    return safe([value])[0]


def _runs(labels: list[str]) -> list[tuple[int, int]]:
    """(first, last) index of each run of equal neighbouring labels."""
    runs, start = [], 0
    for index in range(1, len(labels) + 1):
        if index == len(labels) or labels[index] != labels[start]:
            runs.append((start, index - 1))
            start = index
    return runs


def _cell(sheet: Any, value: Any, fill: Any, font: Any, alignment: Any) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=_stored(value))
    if cell.data_type == "f":  # text from inputs stays text (xlsx_style.text_only)
        cell.data_type = "s"
    if fill is not None:
        cell.fill = fill
    if font is not None:
        cell.font = font
    if alignment is not None:
        cell.alignment = alignment
    return cell


def _append(
    sheet: Any,
    cells: list[WriteOnlyCell],
    widths: list[float],
    number: int,
    spans: dict[int, float] | None = None,
) -> None:
    """The row, as tall as its tallest cell's wrapped text (xlsx_style.fit_rows)."""
    height = LINE_PT
    for index, cell in enumerate(cells):
        if cell.value is None or cell.data_type == "n":
            continue
        text = str(cell.value)
        size = (cell.font.sz or FONT_PT) if cell.font else FONT_PT
        wrap = bool(cell.alignment and cell.alignment.wrap_text)
        width = (spans or {}).get(index, widths[index] if index < len(widths) else 8.43)
        lines = wrapped_lines(text, width * FONT_PT / size) if wrap else text.count("\n") + 1
        line = CJK_LINE_PT if any(char_units(ch) == 2 for ch in text) else LINE_PT
        height = max(height, lines * line * size / FONT_PT)
    sheet.row_dimensions[number].height = height
    sheet.append(cells)


def _print_setup(sheet: Any, title: str, widths: list[float], footer: str, header_rows: int) -> None:
    """xlsx_style.print_setup on a write-only sheet (which knows neither its width nor A4)."""
    sheet.max_column = len(widths)
    sheet.PAPERSIZE_A4 = Worksheet.PAPERSIZE_A4
    print_setup(sheet, title, footer=footer, header_rows=header_rows)


def copy_sheet(source: Worksheet, workbook: Workbook) -> None:
    """A small sheet built as usual, copied onto the write-only ``workbook``: values, styles,
    widths, heights, merged cells, frozen panes, filter and print set-up."""
    sheet = workbook.create_sheet(source.title)
    for letter, dimension in source.column_dimensions.items():
        if dimension.width:
            sheet.column_dimensions[letter].width = dimension.width
    for merged in source.merged_cells.ranges:
        sheet.merged_cells.add(CellRange(merged.coord))
    sheet.freeze_panes = source.freeze_panes
    sheet.auto_filter.ref = source.auto_filter.ref
    for name in ("orientation", "paperSize", "scale", "fitToWidth", "fitToHeight", "pageOrder"):
        setattr(sheet.page_setup, name, getattr(source.page_setup, name))
    sheet.sheet_properties.pageSetUpPr = copy(source.sheet_properties.pageSetUpPr)
    sheet.page_margins = copy(source.page_margins)
    if source.print_title_rows:
        sheet.print_title_rows = source.print_title_rows
    for part in ("left", "center", "right"):
        getattr(sheet.oddHeader, part).text = getattr(source.oddHeader, part).text
        getattr(sheet.oddFooter, part).text = getattr(source.oddFooter, part).text
    for row in source.iter_rows():
        number = row[0].row
        dimension = source.row_dimensions.get(number) if number in source.row_dimensions else None
        if dimension is not None and dimension.height is not None:
            sheet.row_dimensions[number].height = dimension.height
        cells = []
        for cell in row:
            if isinstance(cell, MergedCell):
                cells.append(WriteOnlyCell(sheet))
                continue
            new = WriteOnlyCell(sheet, value=cell.value)
            new.data_type = cell.data_type
            if cell.has_style:
                new.font, new.fill, new.border = copy(cell.font), copy(cell.fill), copy(cell.border)
                new.alignment, new.number_format = copy(cell.alignment), cell.number_format
                new.protection = copy(cell.protection)
            cells.append(new)
        sheet.append(cells)
