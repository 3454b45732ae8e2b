"""Excel project workbooks: sheets ``project``/项目, ``buildings``/楼栋, ``facilities``/配套设施.

The project sheet is a form: field names in column A, values in column B. The buildings
and facilities sheets are tables: a header row, then one row per building or facility.
The workbook is opened read-only and never written.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl.utils import get_column_letter

from laoxiao_check.io.fields import (
    BUILDING_FIELDS,
    FACILITY_FIELDS,
    PROJECT_FIELDS,
    Cell,
    Field,
    build_project,
    header_lookup,
    normalise_header,
    scaled_unit,
)
from laoxiao_check.io.workbook import Book, open_workbook, sheet_rows
from laoxiao_check.model.errors import ProblemList
from laoxiao_check.model.records import Project
from laoxiao_check.model.values import clean_text

SHEETS = {
    "project": ("project", "项目"),
    "buildings": ("buildings", "楼栋"),
    "facilities": ("facilities", "配套设施", "设施"),
}
REQUIRED_SHEETS = ("project", "facilities")


def read_excel_project(path: Path, kind_override: str | None = None) -> Project:
    source = str(path)
    warnings: list[str] = []
    with open_workbook(path, whole=True) as book:
        problems = ProblemList(source)
        sheets = _find_sheets(book, problems, warnings)
        problems.raise_if_any()
        project_row = _read_form(
            sheets["project"], sheet_rows(book, sheets["project"], 2), problems, warnings
        )
        buildings = (
            _read_table(
                sheets["buildings"],
                sheet_rows(book, sheets["buildings"]),
                BUILDING_FIELDS,
                problems,
                warnings,
            )
            if "buildings" in sheets
            else []
        )
        facility_rows = sheet_rows(book, sheets["facilities"])
        facilities = _read_table(sheets["facilities"], facility_rows, FACILITY_FIELDS, problems, warnings)
        warnings.extend(book.notes)
    project = build_project(path, problems, project_row, buildings, facilities, kind_override, warnings)
    problems.raise_if_any()
    return project


def _find_sheets(book: Book, problems: ProblemList, warnings: list[str]) -> dict[str, Any]:
    """Each role's sheet: the visible one named for it (a hidden one only when alone)."""
    visible = {id(sheet) for sheet in book.visible()}
    found: dict[str, Any] = {}
    for key, names in SHEETS.items():
        candidates = [s for s in book.values.worksheets if s.title.strip().lower() in names]
        shown = [s for s in candidates if id(s) in visible]
        hidden = [s.title for s in candidates if id(s) not in visible]
        if len(shown) > 1:
            titles = " and ".join(repr(s.title) for s in shown)
            problems.add(
                f"sheet {shown[1].title!r}", f"sheets {titles} could both be the {key} sheet: keep one"
            )
        elif shown:
            found[key] = shown[0]
            if hidden:
                warnings.append(
                    f"hidden sheet(s) {', '.join(map(repr, hidden))} ignored: read {shown[0].title!r}"
                )
        elif candidates:
            found[key] = candidates[0]
            warnings.append(f"sheet {candidates[0].title!r} is hidden: read all the same")
        elif key in REQUIRED_SHEETS:
            problems.add(
                f"sheet {names[0]!r}",
                f"missing: expected a sheet named {' or '.join(names)}; "
                f"the workbook has {', '.join(book.sheetnames)}",
            )
    return found


def _read_form(
    sheet: Any, rows: list[tuple[Any, ...]], problems: ProblemList, warnings: list[str]
) -> dict[str, Cell]:
    """Field names in column A, values in column B."""
    lookup = header_lookup(PROJECT_FIELDS)
    row: dict[str, Cell] = {}
    first = rows[0] if rows else ()
    named = [lookup.get(normalise_header(c)) for c in first]
    if len(named) >= 2 and all(named) and len({f.name for f in named if f}) == len(named):
        problems.add(
            f"{sheet.title} › row 1",
            "the project sheet is a form: field names down column A, their values in column B "
            f"(found field names across row 1: {', '.join(str(c) for c in first)})",
        )
        return row
    for number, cells in enumerate(rows, start=1):
        label = cells[0] if cells else None
        value = cells[1] if len(cells) > 1 else None
        key = normalise_header(label)
        if not key or key in ("field", "字段", "项目信息"):
            continue
        field = lookup.get(key)
        if field is not None and (wrong := scaled_unit(field, label)):
            problems.add(f"{sheet.title} › A{number}", wrong)
            continue
        if field is None:
            if value is not None:
                shown = clean_text(str(label))
                warnings.append(f"{sheet.title} › A{number}: unknown field {shown!r} ignored")
            continue
        if field.name in row:
            problems.add(f"{sheet.title} › A{number}", f"field {label!r} is given twice")
            continue
        row[field.name] = Cell(value, f"{sheet.title} › B{number}")
    return row


def _read_table(
    sheet: Any,
    all_rows: list[tuple[Any, ...]],
    fields: tuple[Field, ...],
    problems: ProblemList,
    warnings: list[str],
) -> list[tuple[str, dict[str, Cell]]]:
    rows = iter(all_rows)
    header = next(rows, None)
    if header is None:
        header = ()
    lookup = header_lookup(fields)
    columns: dict[int, Field] = {}
    for index, label in enumerate(header):
        key = normalise_header(label)
        if not key:
            continue
        field = lookup.get(key)
        if field is not None and (wrong := scaled_unit(field, label)):
            problems.add(f"{sheet.title} › {get_column_letter(index + 1)}1", wrong)
        elif field is None:
            shown = clean_text(str(label))
            warnings.append(
                f"{sheet.title} › {get_column_letter(index + 1)}1: unknown column {shown!r} ignored"
            )
        elif field in columns.values():
            problems.add(f"{sheet.title} › {get_column_letter(index + 1)}1", f"column {label!r} given twice")
        else:
            columns[index] = field
    present = {f.name for f in columns.values()}
    found = ", ".join(str(h) for h in header if h is not None) or "none"
    for field in fields:
        if field.required and field.name not in present:
            problems.add(
                f"{sheet.title} › row 1",
                f"missing required column {field.label}; found columns: {found}",
            )
    table: list[tuple[str, dict[str, Cell]]] = []
    for number, values in enumerate(rows, start=2):
        if values is None or all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
            continue
        row = {
            field.name: Cell(
                values[i] if i < len(values) else None, f"{sheet.title} › {get_column_letter(i + 1)}{number}"
            )
            for i, field in columns.items()
        }
        table.append((f"{sheet.title} › row {number}", row))
    return table
