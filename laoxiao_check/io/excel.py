"""Excel project workbooks: sheets ``project``/项目, ``buildings``/楼栋, ``facilities``/配套设施.

The project sheet is a form: field names in column A, values in column B. The buildings
and facilities sheets are tables: a header row, then one row per building or facility.
The workbook is opened read-only and never written.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from openpyxl.utils import get_column_letter

from laoxiao_check.io.fields import (
    BUILDING_FIELDS,
    FACILITY_FIELDS,
    PROJECT_FIELDS,
    PROJECT_WORDS,
    Cell,
    Field,
    Given,
    build_project,
    header_lookup,
    normalise_header,
    scaled_unit,
)
from laoxiao_check.io.headers import find_header
from laoxiao_check.io.indicators import is_indicator_table, lookup_item, read_indicators
from laoxiao_check.io.sheets import (
    INDICATOR_WORDS,
    REQUIRED_SHEETS,
    find_sheets,
    missing_sheet,
    unread_sheets,
)
from laoxiao_check.io.workbook import Book, open_workbook, sheet_rows
from laoxiao_check.model.errors import ProblemList
from laoxiao_check.model.messages import Said, term
from laoxiao_check.model.records import Project
from laoxiao_check.model.values import clean_text


def read_excel_project(path: Path, kind_override: str | None = None, given: Sequence[Given] = ()) -> Project:
    source = str(path)
    warnings: list[str] = []
    with open_workbook(path, whole=True) as book:
        problems = ProblemList(source)
        roles = find_sheets(book, problems, warnings)
        sheets = roles.found
        indicator = _indicator_sheet(book, sheets)
        for role in REQUIRED_SHEETS:
            if role not in sheets and indicator is None and not roles.close.get(role):
                missing_sheet(book, role, problems)
        problems.raise_if_any()
        project_row: dict[str, Cell] = {}
        if "project" in sheets and sheets["project"] is not indicator:
            rows = sheet_rows(book, sheets["project"], 2)
            project_row = _read_form(sheets["project"], rows, problems, warnings)
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
        facilities: list[tuple[str, dict[str, Cell]]] = []
        if "facilities" in sheets and sheets["facilities"] is not indicator:
            facility_rows = sheet_rows(book, sheets["facilities"])
            facilities = _read_table(sheets["facilities"], facility_rows, FACILITY_FIELDS, problems, warnings)
        if indicator is not None:
            facilities = _merge_indicators(
                path,
                book,
                indicator,
                project_row,
                facilities,
                {role for role, sheet in sheets.items() if sheet is not indicator},
                problems,
                warnings,
            )
            if "kind" not in project_row and kind_override is None and all(g.field != "kind" for g in given):
                project_row["kind"] = Cell("new", f"{indicator.title} (no project kind given)")
                warnings.append(
                    Said(
                        "{sheet}: no project kind given: a designer's indicator table is read as a new "
                        "project (新建); give --kind existing if it is not",
                        sheet=indicator.title,
                    )
                )
        unread_sheets(book, [*sheets.values(), *([indicator] if indicator is not None else [])], warnings)
        warnings.extend(note for note in book.notes if not _in_header(note, warnings))
    project = build_project(
        path, problems, project_row, buildings, facilities, kind_override, warnings, given
    )
    problems.raise_if_any()
    return project


_HEADER_NOTE = re.compile(r"^(?P<sheet>.+) › header read from rows? (?:\d+–)?(?P<row>\d+)")
_MERGE_NOTE = re.compile(r"^(?P<sheet>.+) › (?P<range>[A-Z]+\d+:[A-Z]+\d+): merged cells")


def _in_header(note: str, warnings: list[str]) -> bool:
    """A note on cells merged within a header found below row 1 (a field merged down its two
    header rows) says nothing about the data: left out."""
    merge = _MERGE_NOTE.match(note)
    if merge is None:
        return False
    from openpyxl.utils.cell import range_boundaries

    last_row = range_boundaries(merge["range"])[3]
    for line in warnings:
        header = _HEADER_NOTE.match(line)
        if header and header["sheet"] == merge["sheet"] and last_row <= int(header["row"]):
            return True
    return False


def _indicator_sheet(book: Book, sheets: dict[str, Any]) -> Any | None:
    """The sheet holding an indicator table (经济技术指标表), if any: the project sheet when it
    holds one instead of a form, a sheet named for it, or (no project sheet) any sheet that
    lists households or residents and rooms one per row."""
    used = {id(s) for s in sheets.values()}
    project = sheets.get("project")
    named = [s for s in book.visible() if id(s) not in used and any(w in s.title for w in INDICATOR_WORDS)]
    others = [s for s in book.visible() if id(s) not in used and s not in named]
    looked = [*([project] if project is not None else []), *named]
    if project is None and "facilities" not in sheets:
        looked += others
    for sheet in looked:
        if hasattr(sheet, "iter_rows") and is_indicator_table(sheet_rows(book, sheet)):
            return sheet
    return None


def _merge_indicators(
    path: Path,
    book: Book,
    sheet: Any,
    project_row: dict[str, Cell],
    facilities: list[tuple[str, dict[str, Cell]]],
    roles: set[str],
    problems: ProblemList,
    warnings: list[str],
) -> list[tuple[str, dict[str, Cell]]]:
    """Add what an indicator table gives: project figures the form lacks, and its rooms when
    no facilities sheet lists them. Returns the facility rows."""
    rows = sheet_rows(book, sheet)
    read = read_indicators(sheet.title, rows)
    warnings.extend(read.warnings)
    for place, message in read.problems:
        problems.add(place, message)
    for name, cell in read.project.items():
        given = project_row.get(name)
        if given is None:
            project_row[name] = cell
        elif given.value != cell.value:
            warnings.append(
                Said(
                    "{field}: {place} gives {given}, the indicator table {value} ({other}); using {given}",
                    field=term(name, PROJECT_WORDS),
                    place=given.place,
                    given=repr(given.value),
                    value=repr(cell.value),
                    other=cell.place,
                )
            )
    if "name" not in project_row:
        title = _title(rows) or path.stem
        project_row["name"] = Cell(title, f"{sheet.title} (no project name given)")
        warnings.append(
            Said(
                "{sheet}: no 项目名称 item: the project is named {title}",
                sheet=sheet.title,
                title=repr(title),
            )
        )
    if "facilities" in roles:
        if read.facilities:
            rooms = ", ".join(row["id"].value for _, row in read.facilities)
            warnings.append(
                Said(
                    "{sheet}: rooms of the indicator table ({rooms}) not read: the facilities sheet "
                    "lists the rooms",
                    sheet=sheet.title,
                    rooms=rooms,
                )
            )
        return facilities
    if "buildings" not in roles:
        warnings.append(
            Said(
                "{sheet}: an indicator table gives totals, no buildings: coverage (distance from each "
                "building to a facility) cannot be measured; add a 楼栋 sheet with each building's "
                "households and coordinates",
                sheet=sheet.title,
            )
        )
    return read.facilities


def _title(rows: list[tuple[Any, ...]]) -> str | None:
    """A sheet's title (``海丝名苑经济技术指标表`` → ``海丝名苑``), or None."""
    first = next((v for v in (rows[0] if rows else ()) if isinstance(v, str) and v.strip()), None)
    if first is None or lookup_item(first) is not None:
        return None
    name = re.sub(r"(主要)?(技术经济|经济技术)?指标(一览)?表?$", "", clean_text(first).strip()).strip()
    return name or None


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
            Said(
                "the project sheet is a form: field names down column A, their values in column B "
                "(found field names across row 1: {names})",
                names=", ".join(str(c) for c in first),
            ),
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
                warnings.append(
                    Said(
                        "{place}: unknown field {label} ignored",
                        place=f"{sheet.title} › A{number}",
                        label=repr(shown),
                    )
                )
            continue
        if field.name in row:
            problems.add(
                f"{sheet.title} › A{number}", Said("field {label} is given twice", label=repr(label))
            )
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
    lookup = header_lookup(fields)
    found_header = find_header(all_rows, frozenset(lookup))
    if note := found_header.note(sheet.title, all_rows):
        warnings.append(note)
    header = found_header.labels
    header_row = found_header.row + 1
    columns: dict[int, Field] = {}
    for index, label in enumerate(header):
        key = normalise_header(label)
        if not key:
            continue
        where = f"{sheet.title} › {get_column_letter(index + 1)}{header_row}"
        field = lookup.get(key)
        if field is not None and (wrong := scaled_unit(field, label)):
            problems.add(where, wrong)
        elif field is None:
            warnings.append(
                Said(
                    "{place}: unknown column {label} ignored", place=where, label=repr(clean_text(str(label)))
                )
            )
        elif field in columns.values():
            problems.add(where, Said("column {label} given twice", label=repr(label)))
        else:
            columns[index] = field
    present = {f.name for f in columns.values()}
    found = ", ".join(str(h) for h in header if h is not None) or Said("none")
    for field in fields:
        if field.required and field.name not in present:
            problems.add(
                f"{sheet.title} › row {header_row}",
                Said(
                    "missing required column {column}; found columns: {found}",
                    column=field.label,
                    found=found,
                ),
            )
    table: list[tuple[str, dict[str, Cell]]] = []
    data = all_rows[found_header.data_start :]
    for number, values in enumerate(data, start=found_header.data_start + 1):
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
