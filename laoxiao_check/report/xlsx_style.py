"""Shared Excel styling: headers, status colours, print set-up (A4 landscape, page numbers)."""

from __future__ import annotations

from io import BytesIO
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

HEADER_FILL = PatternFill("solid", fgColor="1F4E78")
HEADER_FONT = Font(bold=True, color="FFFFFF")
STATUS_FILL = {
    "pass": PatternFill("solid", fgColor="C6EFCE"),
    "fail": PatternFill("solid", fgColor="FFC7CE"),
    "incomplete": PatternFill("solid", fgColor="FFEB9C"),
    "insufficient_data": PatternFill("solid", fgColor="FFEB9C"),
    "not_judged": PatternFill("solid", fgColor="D9D9D9"),
    "not_applicable": PatternFill("solid", fgColor="EDEDED"),
}
WRAP = Alignment(wrap_text=True, vertical="top")


def table_sheet(
    workbook: Workbook,
    title: str,
    headers: list[str],
    rows: list[list[Any]],
    widths: list[float] | None = None,
    *,
    status_column: int | None = None,
    status_values: list[str] | None = None,
    print_title: str = "",
) -> Worksheet:
    """A sheet with a styled, frozen, filterable header and rows ready to print."""
    sheet = workbook.create_sheet(title)
    sheet.append(headers)
    for cell in sheet[1]:
        cell.fill, cell.font, cell.alignment = HEADER_FILL, HEADER_FONT, WRAP
    for row in rows:
        sheet.append(row)
        text_only(sheet[sheet.max_row])
    if status_column is not None and status_values is not None:
        for index, status in enumerate(status_values, start=2):
            fill = STATUS_FILL.get(status)
            if fill:
                sheet.cell(row=index, column=status_column + 1).fill = fill
    for index, width in enumerate(widths or [], start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, str) and len(cell.value) > 30:
                cell.alignment = WRAP
    sheet.freeze_panes = "A2"
    if rows:
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{len(rows) + 1}"
    print_setup(sheet, print_title or title)
    return sheet


def print_setup(sheet: Worksheet, title: str) -> None:
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = "1:1"
    sheet.oddHeader.center.text = title.replace("&", "&&")
    sheet.oddFooter.center.text = "&P / &N"
    sheet.oddFooter.right.text = "laoxiao-check"


def text_only(cells: Any) -> None:
    """Text from inputs stays text: a cell written as ``=…`` would otherwise be a formula."""
    for cell in cells:
        if cell.data_type == "f":
            cell.data_type = "s"


def to_bytes(workbook: Workbook) -> bytes:
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
