"""What a check workbook was given: the rooms checked (sheet 配套用房) and, as its last sheet, the
buildings (附录 楼栋清单), so that the workbook stands alone beside an approval opinion.

The building list is an appendix: one line a building, its households, residents, phase and
delivery where given, and its distance to the nearest facility of each circle (marked 圈外 where
beyond it). It prints one page wide with its header on every page: a project of 1,000 buildings
takes some 25 pages, where the coverage sheet's one row per building and circle took 130.
"""

from __future__ import annotations

from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font

from laoxiao_check.model.check import CheckResult
from laoxiao_check.model.glossary import (
    CATEGORY,
    DELIVERY_STATUS,
    INPUT_LIST,
    SHEETS,
    WORKBOOK,
    level_word,
    word,
)
from laoxiao_check.model.records import Building, Facility
from laoxiao_check.report.views.network import reason_word
from laoxiao_check.report.xlsx.style import CJK_LINE_PT, FONT_PT, Cell, Column, fit_rows, table_sheet

COUNT = "#,##0"
APPENDIX_PT = 9
"""The building list's type size: some 36 buildings a page."""
AREA = "#,##0.##;-#,##0.##;0"


def _w(key: str, lang: str) -> str:
    return word(INPUT_LIST, key, lang)


def _yes_no(value: bool | None, lang: str, table: dict[str, dict[str, str]] = INPUT_LIST) -> str:
    return "—" if value is None else word(table, "yes" if value else "no", lang)


def _delivery(item: Building | Facility, lang: str) -> str | None:
    return word(DELIVERY_STATUS, item.status, lang) if item.status else None


def room_row(room: Facility, lang: str) -> list[Any]:
    """A room's cells: id (and name), category, floor, site, area, places, phase, delivery,
    entrance, lift, off-site share."""
    name = room.id if not room.name or room.name == room.id else f"{room.id} {room.name}"
    return [
        name,
        word(CATEGORY, room.category, lang),
        room.floor,
        room.site,
        room.area_m2,
        room.places,
        room.phase,
        _delivery(room, lang),
        _yes_no(room.entrance, lang),
        _yes_no(room.lift, lang),
        _yes_no(room.off_site, lang, WORKBOOK),
    ]


def rooms_sheet(workbook: Workbook, result: CheckResult, lang: str, footer: str) -> None:
    """Sheet 配套用房: every room the project plans (one line saying so where it plans none)."""
    rooms = result.project.facilities
    rows = [room_row(room, lang) for room in rooms] or [[_w("none", lang), *[None] * 10]]
    table_sheet(
        workbook,
        word(SHEETS, "rooms", lang),
        [
            Column(_w("id", lang), "text", 20),
            Column(_w("category", lang), "text"),
            Column(_w("floor", lang), "text", 10),
            Column(_w("site", lang), "text", 14),
            Column(_w("area_m2", lang), "number", number_format=AREA),
            Column(_w("places", lang), "number", number_format=COUNT),
            Column(_w("phase", lang), "text", 10),
            Column(_w("status", lang), "text", 10),
            Column(_w("entrance", lang), "text"),
            Column(_w("lift", lang), "text"),
            Column(_w("off_site", lang), "text"),
        ],
        rows,
        footer=footer,
    )


def buildings_sheet(workbook: Workbook, result: CheckResult, lang: str, footer: str) -> None:
    """Sheet 附录 楼栋清单: one line a building; the population, phase and delivery columns only
    where some building gives them; then the nearest facility of each circle measured."""
    buildings = result.project.buildings
    if not buildings:
        return
    optional = [
        ("population", "number", COUNT, lambda b: b.population),
        ("phase", "text", None, lambda b: b.phase),
        ("status", "text", None, lambda b: _delivery(b, lang)),
    ]
    shown = [entry for entry in optional if any(entry[3](b) is not None for b in buildings)]
    levels = [c for c in result.coverage if c.distances]
    columns = [
        Column(_w("id", lang), "key"),
        Column(_w("households", lang), "number", number_format=COUNT),
        *[Column(_w(key, lang), kind, 10, fmt) for key, kind, fmt, _ in shown],
        *[
            Column(
                f"{word(CATEGORY, c.category, lang)} {level_word(c.level, lang)} "
                f"{word(WORKBOOK, 'nearest', lang)}",
                "number",
                12,
            )
            for c in levels
        ],
    ]
    metres = '#,##0" m"' if lang == "en" else '#,##0"米"'
    beyond = f'#,##0" m {word(WORKBOOK, "outside", lang)}"' if lang == "en" else '#,##0"米 圈外"'
    outside = [{u["building"]: u for u in c.uncovered} for c in levels]
    rows = []
    for building in buildings:
        cells: list[Any] = [building.id, building.households, *[get(building) for *_, get in shown]]
        for level, out in zip(levels, outside, strict=True):
            distance = level.distances.get(building.id)
            if building.id in out and distance is None:
                cells.append(reason_word(out[building.id].get("reason"), lang) or None)
            elif distance is None:
                cells.append(None)
            else:
                cells.append(Cell(distance, beyond if building.id in out else metres))
        rows.append(cells)
    sheet = table_sheet(workbook, word(SHEETS, "buildings", lang), columns, rows, footer=footer)
    # an appendix: a list in a smaller type (still 80 % of the body's size), one line a building;
    # always one page wide, as many pages down as its rows need, the header on each
    for row in sheet.iter_rows():
        for cell in row:
            cell.font = Font(name="Calibri", size=APPENDIX_PT, bold=cell.font.b, color=cell.font.color)
    fit_rows(sheet)  # the header's height; each building's line: one line of the smaller type
    line = CJK_LINE_PT * APPENDIX_PT / FONT_PT
    for number in range(2, len(rows) + 2):
        sheet.row_dimensions[number].height = line
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.page_setup.scale = None
