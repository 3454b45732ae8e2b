"""The project's inputs as every report lists them: the rooms checked and the buildings, so a
review stands alone (a reviewer attaches it to an approval opinion without the design files)."""

from __future__ import annotations

from laoxiao_check.model.glossary import CATEGORY, DELIVERY_STATUS, INPUT_LIST, word
from laoxiao_check.model.phrasing import figure
from laoxiao_check.model.records import Building, Facility, Project
from laoxiao_check.report.views.phases import phase_label

ROOM_COLUMNS = ("id", "category", "floor", "site", "area_m2", "places", "status", "entrance", "lift")
BUILDING_COLUMNS = ("id", "households", "population", "phase", "status", "coordinates")
ROOM_FIGURES = tuple(ROOM_COLUMNS.index(key) for key in ("area_m2", "places"))
BUILDING_FIGURES = tuple(BUILDING_COLUMNS.index(key) for key in ("households", "population"))
"""The columns of figures (right-aligned in every table)."""


def list_word(key: str, lang: str) -> str:
    return word(INPUT_LIST, key, lang)


def _yes_no(value: bool | None, lang: str) -> str:
    return "—" if value is None else list_word("yes" if value else "no", lang)


def _number(value: float | int | None, lang: str) -> str:
    return figure(value, "", lang)


def room_cells(room: Facility, lang: str) -> tuple[str, ...]:
    """A room's cells under :data:`ROOM_COLUMNS`: ``养老``, ``2层``, ``北区``, ``300`` …"""
    name = room.id if not room.name or room.name == room.id else f"{room.id} {room.name}"
    if room.off_site:
        name += f" ({list_word('off_site', lang)})"
    status = word(DELIVERY_STATUS, room.status, lang) if room.status else "—"
    if room.phase:
        phase = phase_label(str(room.phase), lang)
        status = f"{status} · {phase}" if room.status else phase
    return (
        name,
        word(CATEGORY, room.category, lang),
        room.floor or "—",
        room.site or "—",
        _number(room.area_m2, lang),
        _number(room.places, lang),
        status,
        _yes_no(room.entrance, lang),
        _yes_no(room.lift, lang),
    )


def room_rows(project: Project, lang: str) -> list[tuple[str, ...]]:
    """Every room the project plans (its own; a city's facilities are not its inputs)."""
    return [room_cells(room, lang) for room in project.facilities]


def building_cells(building: Building, lang: str) -> tuple[str, ...]:
    located = building.x is not None and building.y is not None
    return (
        building.id,
        _number(building.households, lang),
        _number(building.population, lang),
        phase_label(str(building.phase), lang) if building.phase else "—",
        word(DELIVERY_STATUS, building.status, lang) if building.status else "—",
        list_word("yes" if located else "no", lang),
    )


def building_rows(project: Project, lang: str) -> list[tuple[str, ...]]:
    return [building_cells(building, lang) for building in project.buildings]


def room_headers(lang: str) -> list[str]:
    return [list_word(key, lang) for key in ROOM_COLUMNS]


def building_headers(lang: str) -> list[str]:
    return [list_word(key, lang) for key in BUILDING_COLUMNS]
