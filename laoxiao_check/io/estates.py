"""Estate lists and city facility layers for ``audit``: lenient, row by row.

Real lists are messy (``4116户``, ``暂无资料``, missing coordinates): a row that cannot be
judged is kept with its reason; it never stops the audit.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from laoxiao_check.io.fields import ESTATE_FIELDS, FACILITY_FIELDS, normalise_header, scaled_unit
from laoxiao_check.io.tables import Table, read_table
from laoxiao_check.model.categories import facility_word, why_unknown
from laoxiao_check.model.errors import InputError, Problem, UsageError
from laoxiao_check.model.messages import Said, listed, message_of
from laoxiao_check.model.plausibility import figure_warnings
from laoxiao_check.model.records import Estate, Facility, estimated_population
from laoxiao_check.model.values import (
    AREA,
    BEDS,
    COMMUNITY_TYPE_WORDS,
    COORDINATE,
    HOUSEHOLDS,
    MISSING_WORDS,
    PLACES,
    PROJECT_KIND_WORDS,
    RESIDENTS,
    ValueProblem,
    is_total_label,
    number_reader,
    parse_choice,
    parse_inclusive,
    parse_number,
    parse_operator,
    parse_text,
    parse_yes_no,
)

ESTATE_COLUMNS: dict[str, tuple[str, ...]] = {f.name: f.headers for f in ESTATE_FIELDS}
"""Field → the headers that name it (one vocabulary with ``check``: :mod:`.fields`)."""
FACILITY_COLUMNS: dict[str, tuple[str, ...]] = {
    f.name: f.headers
    for f in FACILITY_FIELDS
    if f.name
    in (
        "id",
        "name",
        "category",
        "area_m2",
        "places",
        "land_area_m2",
        "service",
        "district",
        "street",
        "community",
        "x",
        "y",
        "institution",
        "inclusive",
        "beds",
        "nursing_beds",
        "operator",
    )
}

COUNT = HOUSEHOLDS


def parse_column_map(items: tuple[str, ...], fields: dict[str, tuple[str, ...]]) -> dict[str, str]:
    """``--column households=总户数`` → {"households": "总户数"}."""
    mapping: dict[str, str] = {}
    for item in items:
        field, _, header = item.partition("=")
        if not header or field not in fields:
            raise UsageError(
                Said(
                    "--column {item}: expected FIELD=HEADER with FIELD one of {fields}",
                    item=repr(item),
                    fields=", ".join(fields),
                )
            )
        mapping[field] = header
    return mapping


def match_columns(
    table: Table, fields: dict[str, tuple[str, ...]], mapping: dict[str, str]
) -> dict[str, str]:
    """Field name → the table's header for it."""
    found: dict[str, str] = {}
    for field, header in mapping.items():
        if header not in table.headers:
            raise InputError(
                Said(
                    "--column {field}={header}: no such column; the columns are {columns}",
                    field=field,
                    header=header,
                    columns=", ".join(table.headers),
                ),
                table.source,
            )
        found[field] = header
    normal_aliases = {field: {normalise_header(a) for a in aliases} for field, aliases in fields.items()}
    for field in fields:
        if field in found:
            continue
        matching = [h for h in table.headers if normalise_header(h) in normal_aliases[field]]
        if len(matching) > 1:
            raise InputError(
                Said(
                    "columns {columns} both give {field}: keep one, or say which with "
                    "--column {field}=HEADER",
                    columns=listed([repr(h) for h in matching], " and "),
                    field=field,
                ),
                table.source,
            )
        if matching:
            found[field] = matching[0]
    by_name = {f.name: f for f in (*ESTATE_FIELDS, *FACILITY_FIELDS)}
    for field, header in found.items():
        if field in by_name and (wrong := scaled_unit(by_name[field], header)):
            raise InputError(wrong, table.source)
    return found


@dataclass(frozen=True)
class EstateList:
    source: str
    estates: tuple[Estate, ...]
    columns: dict[str, str]
    crs: str | None
    problems: tuple[Problem, ...]


def read_estates(
    path: str | Path,
    mapping: dict[str, str],
    persons_per_household: float,
    default_kind: str = "existing",
    sheet: str | None = None,
) -> EstateList:
    table = read_table(path, sheet)
    columns = match_columns(table, ESTATE_COLUMNS, mapping)
    has_points = table.points is not None
    missing = [f for f in ("name", "households") if f not in columns]
    if not has_points and not ({"x", "y"} <= columns.keys()):
        missing.append(Said("x, y (or a point/polygon geometry)"))
    if "households" in missing or "name" in missing:
        raise InputError(
            Said(
                "missing column(s) {missing}; the columns are {columns}. Map your own names with "
                "--column FIELD=HEADER",
                missing=listed(missing, ", "),
                columns=", ".join(table.headers),
            ),
            table.source,
        )
    if not table.rows:
        raise InputError(
            Said(
                "no estates to audit: the list has a header ({columns}) but no rows",
                columns=", ".join(table.headers),
            ),
            table.source,
        )
    problems: list[Problem] = [Problem(table.source, "", note) for note in table.notes]
    if "x" not in columns and not has_points:
        problems.append(Problem(table.source, "", Said("no coordinate columns: coverage is not measured")))
    estates = []
    unjudged = 0
    by_spec = {spec: number_reader(spec) for spec in (COUNT, RESIDENTS, AREA, PLACES)}  # each cell once
    readers = {field: by_spec[spec] for field, spec in NUMBER_FIELDS.items()}  # by name: no hashing a spec
    for index, (row, place) in enumerate(zip(table.rows, table.places, strict=True)):
        point = table.points[index] if table.points is not None else None
        estate = _estate(row, place, columns, point, persons_per_household, default_kind, readers)
        problems.extend(
            Problem(table.source, place, Said("{name}: {message}", name=estate.name, message=note))
            for note in estate.notes
        )
        if estate.reason:
            reason = Said.of({"en": estate.reason, "zh": estate.reason_zh or estate.reason})
            problems.append(
                Problem(table.source, place, Said("{name}: {message}", name=estate.name, message=reason))
            )
            unjudged += 1
            _stop_if_unreadable(table.source, unjudged, index + 1, len(table.rows), problems)
        else:
            population = None if estate.population_estimated else estate.population
            rooms: list[tuple[str, float | None, int | None]] = [
                ("eldercare", estate.eldercare_area_m2, None),
                ("childcare", estate.childcare_area_m2, estate.childcare_places),
            ]
            for warning in figure_warnings(estate.households, population, rooms):
                problems.append(
                    Problem(table.source, place, Said("{name}: {message}", name=estate.name, message=warning))
                )
        estates.append(estate)
    problems.extend(_duplicates(table.source, estates))
    return EstateList(table.source, tuple(estates), columns, table.crs, tuple(problems))


NUMBER_FIELDS = {
    "households": COUNT,
    "population": RESIDENTS,
    "eldercare_area_m2": AREA,
    "childcare_area_m2": AREA,
    "childcare_places": PLACES,
}
"""The estate fields read as numbers, and how."""

UNREADABLE_AFTER = 10_000
"""Rows read before a list almost wholly unreadable is stopped (see :func:`_stop_if_unreadable`)."""
UNREADABLE_LIST_SHARE = 0.9


def _stop_if_unreadable(source: str, unjudged: int, read: int, rows: int, problems: list[Problem]) -> None:
    """A list whose rows almost all fail (more than 90 % of the first 10,000 or more) is the
    wrong column or file, not a list to audit: stop early, with the first rows' reasons, rather
    than spend minutes and gigabytes listing a million problems."""
    if read < UNREADABLE_AFTER or unjudged <= UNREADABLE_LIST_SHARE * read:
        return
    first = [p for p in problems if p.place][:20]
    raise InputError(
        [
            *first,
            Problem(
                source,
                "",
                Said(
                    "{unjudged} of the first {read} rows (of {rows}) cannot be judged: the list looks "
                    "unreadable (the wrong column or file?); stopped — see the first rows above, fix the "
                    "column (or map it with --column FIELD=HEADER) and run again",
                    unjudged=f"{unjudged:,}",
                    read=f"{read:,}",
                    rows=f"{rows:,}",
                ),
            ),
        ]
    )


def _value(row: dict[str, Any], columns: dict[str, str], field: str) -> Any:
    header = columns.get(field)
    return row.get(header) if header else None


def _estate(
    row: dict[str, Any],
    place: str,
    columns: dict[str, str],
    point: np.ndarray | None,
    persons_per_household: float,
    default_kind: str,
    readers: dict[str, Callable[[object], float | int | None]],
) -> Estate:
    reasons: list[str] = []
    reasons_zh: list[str] = []
    notes: list[str] = []

    def number(field: str, *, blank_is_zero: bool = False) -> Any:
        if field not in columns:
            return None
        raw = _value(row, columns, field)
        try:
            value = readers[field](raw)
        except ValueProblem as exc:
            reasons.append(f"{columns[field]}: {exc}")
            reasons_zh.append(f"{columns[field]}：无法读取数值 {str(raw)!r}")
            return None
        return 0 if value is None and blank_is_zero else value

    name = parse_text(_value(row, columns, "name")) or f"({place})"
    if is_total_label(name):
        reasons.append(f"{name!r} looks like a totals row, not an estate (it would double count)")
        reasons_zh.append(f"“{name}”为合计行，不是小区（计入将重复计算）")
    households = number("households")
    if households is None and "households" in columns and not reasons:
        raw = _value(row, columns, "households")
        shown = repr(raw) if raw not in (None, "") else "empty"
        reasons.append(f"{columns['households']}: no household count ({shown})")
        reasons_zh.append(f"{columns['households']}：无户数（{'空白' if shown == 'empty' else shown}）")
    population = number("population")
    try:
        kind = (
            parse_choice(_value(row, columns, "kind"), PROJECT_KIND_WORDS, Said("estate kind"))
            or default_kind
        )
    except ValueProblem as exc:
        reasons.append(str(exc))
        reasons_zh.append(f"类型无法识别：{_value(row, columns, 'kind')!r}")
        kind = default_kind
    try:
        community_type = parse_choice(
            _value(row, columns, "community_type"), COMMUNITY_TYPE_WORDS, Said("community type")
        )
    except ValueProblem as exc:
        notes.append(
            Said(
                "{column}: {problem}; taken as not known",
                column=columns["community_type"],
                problem=message_of(exc),
            )
        )
        community_type = None
    try:
        renovation = bool(parse_yes_no(_value(row, columns, "renovation")))
    except ValueProblem as exc:
        reasons.append(f"{columns['renovation']}: {exc}")
        reasons_zh.append(f"{columns['renovation']}：应为是或否，得到 {_value(row, columns, 'renovation')!r}")
        renovation = False
    eldercare = number("eldercare_area_m2", blank_is_zero=True)
    childcare = number("childcare_area_m2", blank_is_zero=True)
    places = number("childcare_places", blank_is_zero=True)
    x: float | None
    y: float | None
    if point is not None and not np.isnan(point).any():
        x, y = float(point[0]), float(point[1])
    else:
        x = _coordinate(row, columns, "x", notes)
        y = _coordinate(row, columns, "y", notes)
        if x is None or y is None:
            x = y = None
    estimated = population is None and households is not None
    if estimated:
        population = estimated_population(households, persons_per_household)
    return Estate(
        place=place,
        name=name,
        city=_area_name(_value(row, columns, "city")),
        district=_area_name(_value(row, columns, "district")),
        community=_area_name(_value(row, columns, "community")),
        kind=kind,
        households=households,
        population=population,
        population_estimated=estimated,
        x=x,
        y=y,
        eldercare_area_m2=eldercare,
        childcare_area_m2=childcare,
        childcare_places=places,
        reason="; ".join(reasons),
        reason_zh="；".join(reasons_zh),
        notes=tuple(notes),
        renovation=renovation,
        id=parse_text(_value(row, columns, "id")) or "",
        street=_area_name(_value(row, columns, "street")),
        community_type=community_type,
    )


def _coordinate(
    row: dict[str, Any], columns: dict[str, str], field: str, notes: list[str] | None = None
) -> float | None:
    """The coordinate, or None (blank, 0, or unreadable: then a note says which cell)."""
    raw = _value(row, columns, field)
    try:
        value = parse_number(raw, COORDINATE, lenient=True)
    except ValueProblem as exc:
        if notes is not None:
            notes.append(
                Said(
                    "{column}: {problem}; coverage not measured",
                    column=columns[field],
                    problem=message_of(exc),
                )
            )
        return None
    if value == 0 and notes is not None:
        notes.append(Said("{column}: 0 taken as no coordinate; coverage not measured", column=columns[field]))
    return None if value is None or not math.isfinite(value) or value == 0 else float(value)


def _area_name(value: Any) -> str:
    """A district or community name; ``暂无资料`` and the like are no name."""
    text = parse_text(value)
    return "" if text is None or text.lower() in MISSING_WORDS else text


def _duplicates(source: str, estates: list[Estate]) -> list[Problem]:
    ids: dict[str, str] = {}
    seen: dict[tuple[str, str], str] = {}
    problems = []
    for estate in estates:
        if estate.id and estate.id in ids:
            message = Said(
                "{name}: id {id} is used twice: also at {place} (kept; check)",
                name=estate.name,
                id=estate.id,
                place=ids[estate.id],
            )
            problems.append(Problem(source, estate.place, message))
        elif estate.id:
            ids[estate.id] = estate.place
        key = (estate.name, estate.district)
        if key in seen:
            problems.append(
                Problem(
                    source,
                    estate.place,
                    Said(
                        "{name}: same name and district as {place} (kept; check for a double count)",
                        name=estate.name,
                        place=seen[key],
                    ),
                )
            )
        else:
            seen[key] = estate.place
    return problems


@dataclass(frozen=True)
class FacilityLayer:
    source: str
    facilities: tuple[Facility, ...]
    districts: tuple[str, ...]
    crs: str | None
    problems: tuple[Problem, ...]
    communities: tuple[str, ...] = ()
    """Each facility's community (its column, or the ``--communities`` polygon it lies in)."""
    unknown_words: tuple[tuple[str, int], ...] = ()
    """Category words not understood (model/categories.py), each with its count of facilities
    left out, most frequent first."""
    merged: tuple[tuple[str, str, str], ...] = ()
    """Rows that list again a facility of an earlier row (the same id and category), counted
    once: (its place, the id, the first row's place)."""
    streets: tuple[str, ...] = ()
    """Each facility's street or township (街道（乡镇）: its column, or its estates' street)."""

    def __post_init__(self) -> None:
        if not self.communities:
            object.__setattr__(self, "communities", ("",) * len(self.facilities))
        if not self.streets:
            object.__setattr__(self, "streets", ("",) * len(self.facilities))


def read_facilities(path: str | Path, mapping: dict[str, str] | None = None) -> FacilityLayer:
    table = read_table(path)
    columns = match_columns(table, FACILITY_COLUMNS, mapping or {})
    if "category" not in columns:
        raise InputError(
            Said(
                "missing column category (类别); the columns are {columns}", columns=", ".join(table.headers)
            ),
            table.source,
        )
    facilities, districts, communities, streets, problems = [], [], [], [], []
    seen_ids: dict[str, tuple[str, str | None, float | None, float | None, Any]] = {}
    merged: list[tuple[str, str, str]] = []
    unknown: dict[str, list[str]] = {}
    for index, (row, place) in enumerate(zip(table.rows, table.places, strict=True)):
        written = parse_text(_value(row, columns, "category"))
        word = None if written is None else facility_word(written)
        if written is not None and word is None:
            unknown.setdefault(written, []).append(place)
            continue
        category = None if word is None else word.category
        try:
            area = parse_number(_value(row, columns, "area_m2"), AREA, lenient=True)
            places = parse_number(_value(row, columns, "places"), PLACES, lenient=True)
            land = parse_number(_value(row, columns, "land_area_m2"), AREA, lenient=True)
            beds = parse_number(_value(row, columns, "beds"), BEDS, lenient=True)
            nursing_beds = parse_number(_value(row, columns, "nursing_beds"), BEDS, lenient=True)
            service = parse_text(_value(row, columns, "service"))
            if service is None and word is not None and word.service:
                service = word.word
        except ValueProblem as exc:
            problems.append(Problem(table.source, place, message_of(exc)))
            continue
        if category is None:
            problems.append(Problem(table.source, place, Said("no category: left out")))
            continue
        x: float | None
        y: float | None
        if table.points is not None and not np.isnan(table.points[index]).any():
            x, y = (float(v) for v in table.points[index])
        else:
            notes: list[str] = []
            x, y = _coordinate(row, columns, "x", notes), _coordinate(row, columns, "y", notes)
            problems.extend(Problem(table.source, place, note) for note in notes)
        if x is None or y is None:
            problems.append(Problem(table.source, place, Said("no coordinates: left out of coverage")))
        name = parse_text(_value(row, columns, "name"))
        inclusive, operator = _facility_words(row, columns, place, table.source, problems)
        given = parse_text(_value(row, columns, "id")) or name  # the id is the key; else the name
        if given is not None and given in seen_ids:
            first, first_category, first_area, first_places, first_point = seen_ids[given]
            if first_category == category and _same_place(first_point, (x, y)):  # listed twice
                message = (
                    Said("{id}: listed again, as at {place}: counted once", id=given, place=first)
                    if (first_area, first_places) == (area, places)
                    else Said(
                        "{id}: listed again, as at {place} (with other figures: the first row's "
                        "are counted): counted once",
                        id=given,
                        place=first,
                    )
                )
                problems.append(Problem(table.source, place, message))
                merged.append((place, given, first))
                continue
            message = Said(
                "id {id} is used twice: also at {place} (another category or place: both kept)",
                id=given,
                place=first,
            )
            problems.append(Problem(table.source, place, message))
        elif given is not None:
            seen_ids[given] = (place, category, area, places, (x, y))
        identifier = given or f"F{index + 1}"
        whole_places = None if places is None else int(places)
        facilities.append(
            Facility(
                identifier,
                category,
                area,
                whole_places,
                x=x,
                y=y,
                place=place,
                land_area_m2=land,
                service=service,
                name=name,
                institution=parse_text(_value(row, columns, "institution")),
                inclusive=inclusive,
                beds=None if beds is None else int(beds),
                nursing_beds=None if nursing_beds is None else int(nursing_beds),
                operator=operator,
            )
        )
        districts.append(_area_name(_value(row, columns, "district")))
        communities.append(_area_name(_value(row, columns, "community")))
        streets.append(_area_name(_value(row, columns, "street")))
    if unknown:
        problems.insert(0, _unknown_categories(table.source, columns["category"], unknown, len(table.rows)))
    return FacilityLayer(
        table.source,
        tuple(facilities),
        tuple(districts),
        table.crs,
        tuple(problems),
        tuple(communities),
        tuple(sorted(((w, len(p)) for w, p in unknown.items()), key=lambda item: (-item[1], item[0]))),
        tuple(merged),
        tuple(streets),
    )


def _facility_words(
    row: dict[str, Any], columns: dict[str, str], place: str, source: str, problems: list[Problem]
) -> tuple[bool | None, str | None]:
    """A facility's 普惠 flag and its operator, each None (not known) where its cell cannot be
    read, with a problem naming the cell: the facility still counts for everything else."""
    found: list[Any] = []
    for field, parse in (("inclusive", parse_inclusive), ("operator", parse_operator)):
        try:
            found.append(parse(_value(row, columns, field)))
        except ValueProblem as exc:
            problems.append(
                Problem(
                    source,
                    place,
                    Said(
                        "{column}: {problem}; taken as not known",
                        column=columns[field],
                        problem=message_of(exc),
                    ),
                )
            )
            found.append(None)
    return found[0], found[1]


SAME_PLACE_DEGREES = 1e-4
"""Two points of a facility list closer than this (about 10 m) are one place."""
SAME_PLACE_METRES = 10.0


def _same_place(a: tuple[float | None, float | None], b: tuple[float | None, float | None]) -> bool:
    """One place: both unknown, or within about 10 m (degrees or metres, as the list gives them)."""
    if None in a or None in b:
        return a == b
    ax, ay = a
    bx, by = b
    assert ax is not None and ay is not None and bx is not None and by is not None
    tolerance = (
        SAME_PLACE_DEGREES
        if max(abs(ax), abs(bx)) <= 180 and max(abs(ay), abs(by)) <= 90
        else SAME_PLACE_METRES
    )
    return abs(ax - bx) <= tolerance and abs(ay - by) <= tolerance


def _first(places: list[str]) -> str:
    return ", ".join(places[:3]) + (" …" if len(places) > 3 else "")


UNREADABLE_SHARE = 0.2
"""A facility list where more than this share of category words is unknown stops (exit 2)."""


def _unknown_categories(source: str, column: str, unknown: dict[str, list[str]], rows: int) -> Problem:
    """One problem for every facility whose category word is unknown; an error when too many."""
    count = sum(len(places) for places in unknown.values())
    ranked = sorted(unknown.items(), key=lambda item: (-len(item[1]), item[0]))
    shown = listed(
        [
            Said(
                "{word} ×{count} ({places}): {why}",
                word=repr(word),
                count=len(places),
                places=_first(places),
                why=why_unknown(word),
            )
            for word, places in ranked[:10]
        ],
        "; ",
    )
    more = Said("; and {count} more words", count=len(ranked) - 10) if len(ranked) > 10 else ""
    advice = Said(
        "write 养老 or 托育 (or a known word such as 养老院, 日间照料中心, 托育园, 托儿所; "
        "`laoxiao-check fields` lists them all) in that column"
    )
    message = Said(
        "{count} of {rows} facilities left out, their category is not a known word: {shown}{more}",
        count=count,
        rows=rows,
        shown=shown,
        more=more,
    )
    if count > UNREADABLE_SHARE * rows:
        raise InputError(
            [
                Problem(
                    source,
                    f"column {column}",
                    Said(
                        "{message}. More than a fifth unreadable: stopped; {advice}",
                        message=message,
                        advice=advice,
                    ),
                )
            ]
        )
    return Problem(source, f"column {column}", Said("{message} — {advice}", message=message, advice=advice))
