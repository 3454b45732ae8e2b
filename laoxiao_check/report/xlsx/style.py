"""Shared Excel layout: columns by kind, row heights from the wrapped text, print set-up.

The workbooks are read in WPS Office, Excel and LibreOffice Calc and printed for the file, so
nothing here relies on a program measuring text: every row gets the height its wrapped text
needs, estimated from the text's width in character units (CJK and full-width characters
count double, as they print twice as wide as a digit of the 11-point body font), and every
sheet is laid out for A4 landscape at a readable scale (`tests/test_xlsx_print.py` prints
them with LibreOffice and reads the PDF back).
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from io import BytesIO
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.worksheet import Worksheet

from laoxiao_check import __version__
from laoxiao_check.model.glossary import NETWORK, SHEETS, word
from laoxiao_check.model.values import clean_text


def safe(values: Sequence[Any]) -> list[Any]:
    """Cell values a worksheet can hold (a last guard: inputs are already cleaned on reading)."""
    return [clean_text(v) if isinstance(v, str) else v for v in values]


HEADER_FILL = PatternFill("solid", fgColor="1F4E78")
GROUP_FILL = PatternFill("solid", fgColor="2E75B6")
HEADER_FONT = Font(name="Calibri", bold=True, color="FFFFFF")
BOLD = Font(name="Calibri", bold=True)
TITLE_FONT = Font(name="Calibri", bold=True, size=14)
STATUS_FILL = {
    "pass": PatternFill("solid", fgColor="C6EFCE"),
    "fail": PatternFill("solid", fgColor="FFC7CE"),
    "incomplete": PatternFill("solid", fgColor="FFEB9C"),
    "insufficient_data": PatternFill("solid", fgColor="FFEB9C"),
    "not_judged": PatternFill("solid", fgColor="D9D9D9"),
    "not_applicable": PatternFill("solid", fgColor="EDEDED"),
    "target_fail": PatternFill("solid", fgColor="FFEB9C"),  # a missed target: an aim, never red
    "target_pass": PatternFill("solid", fgColor="C6EFCE"),
    "advisory": PatternFill("solid", fgColor="EDEDED"),
}
WRAP = Alignment(wrap_text=True, vertical="top")
CENTRED = Alignment(wrap_text=True, vertical="top", horizontal="center")

FONT_PT = 11
LINE_PT = 15.0
"""Height of one line of the 11-point body font (Excel's and WPS's default row height)."""
CJK_LINE_PT = 16.0
"""A line holding Chinese: the CJK fonts a spreadsheet falls back on have taller lines."""
POINTS_PER_WIDTH = 5.6
"""Printed points per unit of column width: a digit of 11-point Calibri (Excel rounds it to
7 pixels, 5.25 pt; LibreOffice keeps its exact 5.58 pt)."""
FILL_RATIO = 0.95
"""Share of a column's width (less one unit of padding) the estimate fills: a CJK character
prints a little wider than two digits, and line-break rules (no line starts with ，or ）)
make real lines a little shorter than the sum of their characters."""

PAGE_WIDTH_PT = 841.89  # A4 landscape
MARGINS = PageMargins(left=0.4, right=0.4, top=0.6, bottom=0.6, header=0.25, footer=0.25)
PRINT_WIDTH_PT = PAGE_WIDTH_PT - (MARGINS.left + MARGINS.right) * 72
MIN_SCALE = 70
"""Fit to one page wide only down to this scale (per cent): below it the text is too small."""


@dataclass(frozen=True)
class Column:
    """One column of a table sheet.

    ``kind`` chooses the width: ``"key"`` (identifiers, never wrapped: as wide as the longest),
    ``"text"`` (short words, as wide as the longest within ``width`` or 24), ``"long"``
    (citations, findings: wrapped in a fixed ``width``), ``"number"`` (as wide as its longest
    formatted figure). ``number_format`` gives the unit (``'#,##0" m"'``) or ``"0.0%"``.
    """

    header: str
    kind: str = "text"
    width: float | None = None
    number_format: str | None = None


@dataclass(frozen=True)
class Cell:
    """A value with a number format of its own (a figure whose unit differs by row)."""

    value: Any
    number_format: str | None = None


# -- text width and wrapping ---------------------------------------------------------------


def char_units(ch: str) -> int:
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def text_units(text: str) -> int:
    """Width of a line of text in character units (a digit of the body font is one)."""
    return sum(char_units(ch) for ch in text)


def wrapped_lines(text: str, width: float) -> int:
    """Lines the text takes in a wrapped column of ``width`` (explicit newlines count)."""
    capacity = max(2.0, width * FILL_RATIO - 1)
    return sum(_paragraph_lines(paragraph, capacity) for paragraph in str(text).split("\n"))


def _tokens(paragraph: str) -> list[str]:
    """Words, spaces and single wide characters: a line may break after any wide character."""
    tokens: list[str] = []
    for ch in paragraph:
        wide = char_units(ch) == 2
        if tokens and not wide and not ch.isspace() and _joins(tokens[-1]):
            tokens[-1] += ch
        elif tokens and ch.isspace() and tokens[-1].isspace():
            tokens[-1] += ch
        else:
            tokens.append(ch)
    return tokens


def _joins(token: str) -> bool:
    return not token.isspace() and char_units(token[-1]) == 1


def _paragraph_lines(paragraph: str, capacity: float) -> int:
    lines, used = 1, 0.0
    for token in _tokens(paragraph):
        size = text_units(token)
        if token.isspace():
            used += size if used else 0
        elif used + size <= capacity:
            used += size
        else:
            if used:
                lines += 1
            # a word longer than the line breaks wherever it must
            lines += math.ceil(size / capacity) - 1
            used = size - (math.ceil(size / capacity) - 1) * capacity
    return lines


def shown(value: Any, number_format: str | None = None) -> str:
    """Roughly the text a spreadsheet shows for the value: for widths, not for display."""
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    fmt = number_format or "General"
    suffix = "".join(fmt.split('"')[1::2])
    if "%" in fmt:
        return f"{value * 100:.1f}%{suffix}"
    return f"{value:,.2f}".rstrip("0").rstrip(".") + suffix


# -- sheets ----------------------------------------------------------------------------------


def column_width(column: Column, texts: Sequence[str]) -> float:
    longest = _fitting(max((text_units(t) for t in texts if t), default=0))
    header_word = _fitting(max((text_units(t) for t in _tokens(column.header)), default=0))
    if column.kind == "long":
        return column.width or 40
    if column.kind == "number":
        return max(column.width or 8, min(16, longest), header_word)
    if column.kind == "key":
        return max(8, longest, header_word)
    return max(8, min(column.width or 24, longest), header_word)


def _fitting(units: int) -> float:
    """The width in which a line of ``units`` stays one line."""
    return math.ceil((units + 1) / FILL_RATIO)


def table_sheet(
    workbook: Workbook,
    title: str,
    columns: list[Column],
    rows: list[list[Any]],
    *,
    groups: list[str] | None = None,
    status_column: int | None = None,
    status_values: list[str] | None = None,
    footer: str = "",
) -> Worksheet:
    """A table with a styled, frozen, filterable header, every row as tall as its text.

    ``groups`` adds a header row above the columns' own: one label per column, equal
    neighbours merged (a category over its levels or metrics).
    """
    sheet = workbook.create_sheet(title)
    header_rows = 1
    if groups:
        sheet.append(safe(groups))
        _merge_runs(sheet, groups)
        for cell in sheet[1]:
            cell.fill, cell.font, cell.alignment = GROUP_FILL, HEADER_FONT, CENTRED
        header_rows = 2
    sheet.append(safe([c.header for c in columns]))
    for cell in sheet[header_rows]:
        cell.fill, cell.font, cell.alignment = HEADER_FILL, HEADER_FONT, WRAP
    texts: list[list[str]] = [[] for _ in columns]
    for number, row in enumerate(rows, start=header_rows + 1):
        values = [v.value if isinstance(v, Cell) else v for v in row]
        sheet.append(safe(values))
        # the row just written, by number: sheet.max_row and sheet[n] scan every cell (quadratic)
        written = tuple(sheet.cell(row=number, column=c) for c in range(1, len(values) + 1))
        text_only(written)
        for index, (cell, value, column) in enumerate(zip(written, row, columns, strict=True)):
            fmt = value.number_format if isinstance(value, Cell) else column.number_format
            if fmt:
                cell.number_format = fmt
            cell.alignment = WRAP
            texts[index].append(shown(cell.value, fmt))
    if status_column is not None and status_values is not None:
        for index, status in enumerate(status_values, start=header_rows + 1):
            fill = STATUS_FILL.get(status)
            if fill:
                sheet.cell(row=index, column=status_column + 1).fill = fill
    widths = [column_width(column, texts[i]) for i, column in enumerate(columns)]
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    fit_rows(sheet)
    last = get_column_letter(len(columns))
    sheet.freeze_panes = f"A{header_rows + 1}"
    if rows:
        sheet.auto_filter.ref = f"A{header_rows}:{last}{len(rows) + header_rows}"
    print_setup(sheet, title, footer=footer, header_rows=header_rows)
    return sheet


def _merge_runs(sheet: Worksheet, labels: list[str]) -> None:
    start = 0
    for index in range(1, len(labels) + 1):
        if index == len(labels) or labels[index] != labels[start]:
            if index - start > 1:
                sheet.merge_cells(start_row=1, start_column=start + 1, end_row=1, end_column=index)
            start = index


def fit_rows(sheet: Worksheet) -> None:
    """Give every row the height of its tallest cell's wrapped text (merged cells: their span)."""
    spans = {
        (r.min_row, r.min_col): sum(_width(sheet, c) for c in range(r.min_col, r.max_col + 1))
        for r in sheet.merged_cells.ranges
    }
    for row in sheet.iter_rows():
        height = LINE_PT
        for cell in row:
            if cell.value is None or cell.data_type == "n":
                continue
            text = str(cell.value)
            size = (cell.font.sz or FONT_PT) if cell.font else FONT_PT
            wrap = bool(cell.alignment and cell.alignment.wrap_text)
            width = spans.get((cell.row, cell.column), _width(sheet, cell.column))
            lines = wrapped_lines(text, width * FONT_PT / size) if wrap else text.count("\n") + 1
            line = CJK_LINE_PT if any(char_units(ch) == 2 for ch in text) else LINE_PT
            height = max(height, lines * line * size / FONT_PT)
        sheet.row_dimensions[row[0].row].height = height


def _width(sheet: Worksheet, column: int) -> float:
    return sheet.column_dimensions[get_column_letter(column)].width or 8.43


FOOTER_WIDTH = 40
"""Width units (a CJK character counts 2) the left footer may take before the centred page
number: a longer project name is shortened with … so that the two never print over each other."""


def _footer_text(text: str) -> str:
    kept: list[str] = []
    used = 0
    for ch in text:
        width = 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
        if used + width > FOOTER_WIDTH - 1:
            return "".join(kept) + "…"
        kept.append(ch)
        used += width
    return text


def print_setup(sheet: Worksheet, title: str, *, footer: str = "", header_rows: int = 1) -> None:
    """A4 landscape; one page wide when that stays readable, else pages by rows and columns.

    The header rows repeat on every page; the footer gives ``footer`` (the project), the page
    number and the tool.
    """
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_margins = PageMargins(**{k: getattr(MARGINS, k) for k in MARGINS.__elements__})
    natural = sum(_width(sheet, c) for c in range(1, sheet.max_column + 1)) * POINTS_PER_WIDTH
    if PRINT_WIDTH_PT / natural * 100 >= MIN_SCALE:
        # a table that fits already prints at 100 %: fitting never enlarges
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
        sheet.page_setup.fitToWidth = 1
        sheet.page_setup.fitToHeight = 0
    else:
        sheet.sheet_properties.pageSetUpPr.fitToPage = False
        sheet.page_setup.scale = MIN_SCALE
        sheet.page_setup.pageOrder = "overThenDown"
    if header_rows:
        sheet.print_title_rows = f"1:{header_rows}"
    sheet.oddHeader.center.text = _escape(title)
    sheet.oddFooter.left.text = _escape(_footer_text(footer))
    sheet.oddFooter.center.text = "&P / &N"
    sheet.oddFooter.right.text = f"laoxiao-check {__version__}"


def _escape(text: str) -> str:
    return text.replace("&", "&&")


def text_only(cells: Any) -> None:
    """Text from inputs stays text: a cell written as ``=…`` would otherwise be a formula."""
    for cell in cells:
        if cell.data_type == "f":
            cell.data_type = "s"


def label_row(sheet: Worksheet, label: str, value: Any) -> None:
    """A bold label and its value on a row of their own (a summary sheet's line)."""
    sheet.append(safe([label, value]))
    text_only(sheet[sheet.max_row])
    sheet.cell(row=sheet.max_row, column=1).font = BOLD
    for cell in sheet[sheet.max_row]:
        cell.alignment = WRAP


def to_bytes(workbook: Workbook) -> bytes:
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def network_sheet(workbook: Workbook, health: dict[str, Any] | None, lang: str, footer: str) -> None:
    """The walking network's health report on a sheet of its own (only when one was used)."""
    from laoxiao_check.report.views.network import health_rows

    rows = health_rows(health, lang)[1:]  # without the title row: the sheet's name says it
    if not rows:
        return
    warnings = [[w, ""] for w in (health or {}).get("file_warnings", [])]
    table_sheet(
        workbook,
        word(SHEETS, "network", lang),
        [Column(word(NETWORK, "title", lang), "long", 60), Column(word(NETWORK, "value", lang), "text", 24)],
        [[a, b] for a, b in rows] + warnings,
        footer=footer,
    )
