"""Every input field in English and Chinese, and how project rows become records.

One vocabulary for all inputs: the project form, its buildings and facilities (Excel and
GeoJSON hand rows here as ``{field: Cell}``), and the estate lists and city facility
layers of ``audit`` (which parse the same fields leniently, row by row). A header matches
a field by its name, its Chinese name or an alias, ignoring case and a unit in brackets
(``户数（户）`` is ``households``).
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import numpy as np

from laoxiao_check.model.categories import parse_category
from laoxiao_check.model.errors import ProblemList
from laoxiao_check.model.messages import Said, message_of, term
from laoxiao_check.model.plausibility import figure_warnings
from laoxiao_check.model.records import Building, Facility, Project
from laoxiao_check.model.values import (
    AREA,
    BEDS,
    COMMUNITY_TYPE_WORDS,
    COORDINATE,
    HOUSEHOLDS,
    LEVEL_WORDS,
    PLACES,
    PROJECT_KIND_WORDS,
    RESIDENTS,
    NumberSpec,
    ValueProblem,
    has_control_characters,
    is_blank,
    is_total_label,
    normalise_text,
    parse_choice,
    parse_delivery_status,
    parse_floor,
    parse_inclusive,
    parse_number,
    parse_operator,
    parse_phase,
    parse_text,
    parse_yes_no,
    phase_is_date,
)
from laoxiao_check.spatial.geo import check_coordinates


@dataclass(frozen=True)
class Cell:
    value: Any
    place: str
    """``楼栋 › C7`` or ``features[3].properties.households``."""


@dataclass(frozen=True)
class Field:
    name: str
    zh: str
    parse: Callable[[Any], Any]
    """Strict parsing (project files): raises ValueProblem with what was expected."""
    required: bool = False
    aliases: tuple[str, ...] = ()
    spec: NumberSpec | None = None
    """For numbers: what lenient parsing (estate lists) accepts."""

    @property
    def label(self) -> str:
        return f"{self.zh} ({self.name})"

    @property
    def headers(self) -> tuple[str, ...]:
        """Every header that names this field."""
        return (self.name, self.zh, *self.aliases)


def _number(spec: NumberSpec) -> Callable[[Any], Any]:
    return lambda value: parse_number(value, spec)


def number_field(name: str, zh: str, spec: NumberSpec, **kwargs: Any) -> Field:
    return Field(name, zh, _number(spec), spec=spec, **kwargs)


_coordinate = _number(COORDINATE)


def _kind(value: Any) -> str | None:
    return parse_choice(value, PROJECT_KIND_WORDS, Said("project kind"))


def _category(value: Any) -> str | None:
    return parse_category(value)


def _nfkc(text: str | None) -> str | None:
    """Ｓ１ and S1 name one site."""
    return None if text is None else normalise_text(text)


def _scope(value: Any) -> str | None:
    return parse_choice(value, LEVEL_WORDS, Said("scope (the level the project stands for)"))


def _community_type(value: Any) -> str | None:
    return parse_choice(value, COMMUNITY_TYPE_WORDS, Said("community type (urban 城市社区, town 乡镇社区)"))


def parse_crs(value: Any) -> str | None:
    text = parse_text(value)
    if text is None:
        return None
    from pyproj import CRS  # only where a file declares a CRS: a plain check starts without pyproj
    from pyproj.exceptions import CRSError

    try:
        crs = CRS.from_user_input(text)
    except CRSError:
        raise ValueProblem(
            Said(
                "expected a coordinate reference system such as EPSG:4490 or EPSG:4547, got {text}",
                text=repr(text),
            )
        ) from None
    authority = crs.to_authority()
    return ":".join(authority) if authority else crs.to_wkt()


X_FIELD = number_field(
    "x", "X坐标", COORDINATE, aliases=("x坐标", "经度", "lon", "lng", "longitude", "easting")
)
Y_FIELD = number_field("y", "Y坐标", COORDINATE, aliases=("y坐标", "纬度", "lat", "latitude", "northing"))
DISTRICT_FIELD = Field("district", "区县", parse_text, aliases=("行政区", "区", "所在区"))
COMMUNITY_FIELD = Field("community", "社区", parse_text, aliases=("所属社区",))
STREET_FIELD = Field(
    "street", "街道（乡镇）", parse_text, aliases=("街道", "乡镇", "街镇", "街道/乡镇", "镇街", "township")
)
RENOVATION_FIELD = Field("renovation", "老旧小区改造", parse_yes_no, aliases=("改造", "旧改", "renovated"))

COMMUNITY_TYPE_FIELD = Field("community_type", "社区类型", _community_type, aliases=("社区类别",))

PROJECT_FIELDS = (
    Field("name", "项目名称", parse_text, required=True, aliases=("项目", "名称", "project")),
    Field("kind", "项目类型", _kind, aliases=("类型", "type")),
    number_field("households", "总户数", HOUSEHOLDS, aliases=("户数",)),
    number_field("population", "人口", RESIDENTS, aliases=("总人口", "居住人口", "规划人口")),
    Field("crs", "坐标系", parse_crs, aliases=("坐标参考系",)),
    Field("scope", "范围", _scope, aliases=("项目范围", "层级")),
    COMMUNITY_TYPE_FIELD,
    RENOVATION_FIELD,
)
BUILDING_FIELDS = (
    Field("id", "楼栋编号", parse_text, required=True, aliases=("楼栋", "楼号", "编号", "building")),
    number_field("households", "户数", HOUSEHOLDS, required=True),
    number_field("population", "人口", RESIDENTS),
    X_FIELD,
    Y_FIELD,
    Field("phase", "分期", parse_phase, aliases=("期次", "建设分期", "交付批次")),
    Field("status", "交付状态", parse_delivery_status, aliases=("状态", "建设状态")),
    COMMUNITY_FIELD,
)
FACILITY_FIELDS = (
    Field("id", "编号", parse_text, aliases=("设施编号", "facility", "code")),
    Field("category", "类别", _category, required=True, aliases=("设施类别", "类型", "type")),
    number_field("area_m2", "建筑面积", AREA, aliases=("面积", "area")),
    number_field("places", "托位数", PLACES, aliases=("托位",)),
    Field("floor", "楼层", parse_floor, aliases=("所在楼层", "storey", "storeys")),
    Field("site", "场地", lambda v: _nfkc(parse_text(v)), aliases=("场地编号", "地块")),
    Field(
        "off_site",
        "异地配建",
        parse_yes_no,
        aliases=("集中配建", "pooled"),
    ),
    number_field("centre_area_m2", "中心建筑面积", AREA, aliases=("中心面积", "centre_area")),
    number_field("land_area_m2", "用地面积", AREA, aliases=("占地面积", "land_area")),
    Field("service", "服务类型", parse_text, aliases=("服务内容", "设施类型")),
    DISTRICT_FIELD,
    COMMUNITY_FIELD,
    X_FIELD,
    Y_FIELD,
    Field("phase", "分期", parse_phase, aliases=("期次", "建设分期", "交付批次")),
    Field("status", "交付状态", parse_delivery_status, aliases=("状态", "建设状态")),
    Field("entrance", "独立出入口", parse_yes_no, aliases=("出入口", "own_entrance")),
    Field("lift", "电梯", parse_yes_no, aliases=("无障碍电梯", "elevator")),
    Field("name", "名称", parse_text, aliases=("设施名称", "name")),
    Field("institution", "机构名称", parse_text, aliases=("机构", "所属机构", "托育机构", "养老机构")),
    Field("inclusive", "普惠", parse_inclusive, aliases=("普惠性", "是否普惠", "公益性")),
    number_field("beds", "床位数", BEDS, aliases=("床位", "养老床位")),
    number_field("nursing_beds", "护理型床位数", BEDS, aliases=("护理型床位", "护理床位")),
    Field("operator", "举办主体", parse_operator, aliases=("举办性质", "公办民办", "办学性质")),
    STREET_FIELD,
)
ESTATE_FIELDS = (
    Field("id", "小区编号", parse_text, aliases=("编号", "小区代码", "code", "estate_id")),
    Field("name", "小区名称", parse_text, required=True, aliases=("名称", "小区", "estate")),
    number_field("households", "户数", HOUSEHOLDS, required=True, aliases=("总户数", "住户数")),
    number_field("population", "人口", RESIDENTS, aliases=("居住人口", "常住人口", "总人口")),
    Field("kind", "类型", _kind, aliases=("项目类型", "type")),
    Field("city", "城市", parse_text, aliases=("市", "所属城市", "城市名称")),
    DISTRICT_FIELD,
    STREET_FIELD,
    COMMUNITY_FIELD,
    COMMUNITY_TYPE_FIELD,
    RENOVATION_FIELD,
    X_FIELD,
    Y_FIELD,
    number_field("eldercare_area_m2", "养老面积", AREA, aliases=("养老服务用房面积", "养老用房面积")),
    number_field("childcare_area_m2", "托育面积", AREA, aliases=("托育服务用房面积", "托育用房面积")),
    number_field("childcare_places", "托位数", PLACES, aliases=("托位",)),
)
"""One row per estate of an ``audit`` list."""

_UNIT_IN_HEADER = re.compile(r"[\(（\[【].*?[\)）\]】]")
_UNIT_AFTER_SLASH = re.compile(
    r"\s*[/／]\s*((?:万|千|百|亿)?(?:m2|m²|㎡|平方米|平米|户|人|个|托位|处|km2|km²|公顷|ha|亩))\s*$",
    re.IGNORECASE,
)
"""``建筑面积/m2``, ``户数／户``: a unit after a slash at the end of a header."""
_BARE_UNIT = re.compile(
    r"(?<=[\u4e00-\u9fff])\s*(?:㎡|m²|m2|平方米|平米)\s*$|\s+(?:㎡|m²|m2)\s*$", re.IGNORECASE
)
"""``面积㎡``, ``建筑面积 m2``: an area unit written straight after the name."""
_SCALED_UNIT = re.compile(r"万|千|百|亿|公顷|亩|km|ha\b|k\b", re.IGNORECASE)
"""Units in a header that scale the figures: 万㎡, 千人, km², ha… (the tool counts in ones and m²)."""


def scaled_unit(field: Field, header: Any) -> str | None:
    """What is wrong with the unit a number column's header states, or None."""
    if field.spec is None or field.spec is COORDINATE or not isinstance(header, str):
        return None
    units = re.findall(r"[\(（\[【](.*?)[\)）\]】]", header)
    units += _UNIT_AFTER_SLASH.findall(_UNIT_IN_HEADER.sub("", header).strip())
    for unit in units:
        if _SCALED_UNIT.search(unit):
            expected = Said("m² (㎡, 平方米)") if field.spec is AREA else Said("plain counts")
            return Said(
                "the header {header} gives the figures in {unit}: expected {expected}; "
                "convert the column or name it without the unit",
                header=repr(header),
                unit=unit,
                expected=expected,
            )
    return None


def normalise_header(text: Any) -> str:
    """``建筑面积（㎡）``, ``建筑面积/m2``, ``建筑面积㎡`` → ``建筑面积``; ``Area_M2`` → ``area_m2``."""
    if is_blank(text):
        return ""
    cleaned = _UNIT_IN_HEADER.sub("", str(text)).strip()
    cleaned = _BARE_UNIT.sub("", _UNIT_AFTER_SLASH.sub("", cleaned)).strip().lower()
    return re.sub(r"\s+", "_", cleaned)


def header_lookup(fields: tuple[Field, ...]) -> dict[str, Field]:
    lookup: dict[str, Field] = {}
    for field in fields:
        for word in field.headers:
            lookup.setdefault(normalise_header(word), field)
    return lookup


def parse_row(
    problems: ProblemList, row: dict[str, Cell], fields: tuple[Field, ...], place: str = ""
) -> dict[str, Any]:
    """Parse each present field; a problem is added per bad value (``place``: the row's)."""
    values: dict[str, Any] = {}
    for field in fields:
        cell = row.get(field.name)
        raw = cell.value if cell else None
        where = f"{cell.place} ({field.zh})" if cell else f"{place} › {field.label}" if place else field.label
        try:
            value = field.parse(raw)
        except ValueProblem as exc:
            problems.add(where, message_of(exc))
            continue
        if value is None and field.required:
            got = Said("an empty cell") if cell else Said("nothing (no such column or property)")
            problems.add(where, Said("{field} is required here, got {got}", field=field_word(field), got=got))
            continue
        values[field.name] = value
    return values


GIVE_BESIDE = Said("a sidecar <file>.project.yaml beside the project file")


@dataclass(frozen=True)
class Given:
    """A project field given beside the project file: in its sidecar or by an option."""

    field: str
    value: Any
    """As the field's parser gives it."""
    by: str
    """What gave it, as warnings name it: ``--households``, ``项目.project.yaml (户数)``."""
    origin: Literal["option", "sidecar"] = "option"
    """Whether an option or the project's sidecar gave it (``Project.households_source``)."""


def project_values(
    problems: ProblemList, row: dict[str, Cell], given: Sequence[Given], warnings: list[str]
) -> dict[str, Any]:
    """The project's fields: the file's ``row``, each replaced by what is ``given`` (in order:
    a later one wins), with a warning saying which value replaced which."""
    replaced = {entry.field for entry in given}
    fields = tuple(
        dataclasses.replace(field, required=False) if field.name == "name" else field
        for field in PROJECT_FIELDS
        if field.name not in replaced
    )
    values = parse_row(problems, row, fields)
    held: dict[str, tuple[Any, str]] = {}
    for name in replaced:  # the file's value of each field given beside it
        cell = row.get(name)
        if cell is not None and not is_blank(cell.value):
            field = next(f for f in PROJECT_FIELDS if f.name == name)
            try:
                held[name] = (field.parse(cell.value), Said("the file"))
            except ValueProblem:
                held[name] = (cell.value, Said("the file"))
    for entry in given:
        if entry.field in held and held[entry.field][0] != entry.value:
            old, where = held[entry.field]
            warnings.append(
                Said(
                    "project {field} {old} in {where} replaced by {by} {new}",
                    field=term(entry.field, PROJECT_WORDS),
                    old=_said(old, True),
                    where=where,
                    by=entry.by,
                    new=_said(entry.value, entry.field == "name"),
                )
            )
        held[entry.field] = (entry.value, entry.by)
        values[entry.field] = entry.value
    missing = [f for f in PROJECT_FIELDS[:2] if values.get(f.name) is None and is_blank(_raw(row, f.name))]
    for field in missing:
        what = (
            Said("the project name is required")
            if field.name == "name"
            else Said("the project kind is required: new (新建) or existing (已建成)")
        )
        problems.add(
            field.label,
            Said(
                "{what}: give it in the file, in {beside} or with --{option}",
                what=what,
                beside=GIVE_BESIDE,
                option=field.name,
            ),
        )
    return values


def _raw(row: dict[str, Cell], name: str) -> Any:
    return row[name].value if name in row else None


def _said(value: Any, quoted: bool) -> str:
    if isinstance(value, float):
        return f"{value:g}"
    return repr(value) if quoted and isinstance(value, str) else str(value)


def build_project(
    path: Path,
    problems: ProblemList,
    project_row: dict[str, Cell],
    building_rows: list[tuple[str, dict[str, Cell]]],
    facility_rows: list[tuple[str, dict[str, Cell]]],
    kind_override: str | None,
    warnings: list[str],
    beside: Sequence[Given] = (),
) -> Project:
    """Turn parsed rows into a Project, collecting every problem first.

    ``beside``: project fields given beside the file (its sidecar, then options), each replacing
    the file's value and any given before it; ``kind_override`` (``--kind``) comes last."""
    building_rows = _without_totals(building_rows, warnings)
    facility_rows = _without_totals(facility_rows, warnings)
    warn_control_characters(warnings, [project_row, *(row for _, row in (*building_rows, *facility_rows))])
    if kind_override:
        beside = (*beside, Given("kind", kind_override, "--kind"))
    project = project_values(problems, project_row, beside, warnings)
    kind = project.get("kind")

    buildings: list[Building] = []
    seen_buildings: dict[str, str] = {}
    for place, row in building_rows:
        values = parse_row(problems, row, BUILDING_FIELDS, place)
        if "id" in values:
            _unique_id(problems, Said("building"), values["id"], row["id"].place, seen_buildings)
        if {"id", "households"} <= values.keys():
            buildings.append(Building(place=place, **_known(values, Building)))

    facilities: list[Facility] = []
    seen_facilities: dict[str, str] = {}
    parsed = [(place, row, parse_row(problems, row, FACILITY_FIELDS, place)) for place, row in facility_rows]
    for _, row, values in parsed:
        if values.get("id") is None and values.get("name") is not None:  # the name is the key
            values["id"], row["id"] = values["name"], row["name"]
    for _, row, values in parsed:
        if values.get("id") is not None:
            _unique_id(problems, Said("facility"), values["id"], row["id"].place, seen_facilities)
    for index, (place, _, values) in enumerate(parsed, start=1):
        if "category" in values:
            if values.get("id") is None:  # a room without id is named by its row, never merged
                values["id"] = _free_id(f"F{index}", seen_facilities)
            values["off_site"] = bool(values.get("off_site"))
            share, centre = values.get("area_m2"), values.get("centre_area_m2")
            if share is not None and centre is not None and share > centre:
                problems.add(
                    place,
                    Said(
                        "the share allocated to the project ({share} m²) is larger than the pooled centre "
                        "({centre} m², centre_area_m2)",
                        share=f"{share:g}",
                        centre=f"{centre:g}",
                    ),
                )
            facilities.append(Facility(place=place, **_known(values, Facility)))

    check_points(problems, warnings, project.get("crs"), [*buildings, *facilities])
    check_phases(problems, [*buildings, *facilities])
    households = project.get("households")
    households_source: str = next(
        (entry.origin for entry in reversed(beside) if entry.field == "households"), "project"
    )
    summed = sum(b.households or 0 for b in buildings) if buildings else None
    if households is None:
        households, households_source = (summed, "buildings") if buildings else (None, "missing")
    elif summed is not None and summed != households:
        warnings.append(
            Said(
                "households: the project gives {given}, its buildings add up to {summed}; using {given}",
                given=households,
                summed=summed,
            )
        )
    given = [b for b in buildings if b.population is not None]
    stated = project.get("population")
    if stated is not None and given and len(given) == len(buildings):
        summed_population = sum(b.population or 0 for b in given)
        if summed_population != stated:
            warnings.append(
                Said(
                    "population: the project gives {given}, its buildings add up to {summed}; using {given}",
                    given=f"{stated:g}",
                    summed=f"{summed_population:g}",
                )
            )
    if project.get("population") is None and given and len(given) < len(buildings):
        warnings.append(
            Said(
                "population given for {given} of {count} buildings: the project's population is then "
                "estimated from its households; give it for every building or for the project",
                given=len(given),
                count=len(buildings),
            )
        )
    warnings.extend(
        figure_warnings(
            households, project.get("population"), ((f.id, f.area_m2, f.places) for f in facilities)
        )
    )
    data = path.read_bytes()
    return Project(
        name=project.get("name") or "",
        kind=kind or "",
        households=households,
        households_source=households_source,
        population=project.get("population"),
        population_estimated=False,
        crs=project.get("crs"),
        scope=project.get("scope") or "project",
        renovation=bool(project.get("renovation")),
        community_type=project.get("community_type"),
        buildings=tuple(buildings),
        facilities=tuple(facilities),
        source=str(path),
        source_sha256=hashlib.sha256(data).hexdigest(),
        warnings=tuple(warnings),
    )


def _without_totals(
    rows: list[tuple[str, dict[str, Cell]]], warnings: list[str]
) -> list[tuple[str, dict[str, Cell]]]:
    """Rows labelled 合计 / Total are left out (with a warning): they would double count."""
    kept = []
    for place, row in rows:
        label = (
            row.get("id") if row.get("id") is not None and not is_blank(row["id"].value) else row.get("name")
        )
        if label is not None and is_total_label(label.value):
            warnings.append(
                Said(
                    "{place}: {label} looks like a totals row: left out (it would double count)",
                    place=place,
                    label=repr(label.value),
                )
            )
        else:
            kept.append((place, row))
    return kept


def warn_control_characters(warnings: list[str], rows: list[dict[str, Cell]]) -> None:
    places = [cell.place for row in rows for cell in row.values() if has_control_characters(cell.value)]
    if places:
        shown = ", ".join(places[:5])
        listed = (
            Said("{places} and {count} more", places=shown, count=len(places) - 5)
            if len(places) > 5
            else shown
        )
        warnings.append(Said("control characters replaced by � in {places}", places=listed))


def _unique_id(problems: ProblemList, what: str, identifier: str, place: str, seen: dict[str, str]) -> None:
    if identifier in seen:
        problems.add(
            place,
            Said(
                "{what} id {id} is used twice: also at {place}",
                what=what,
                id=repr(identifier),
                place=seen[identifier],
            ),
        )
    else:
        seen[identifier] = place


def _free_id(candidate: str, taken: dict[str, str]) -> str:
    while candidate in taken:
        candidate += "′"
    taken[candidate] = ""
    return candidate


def check_phases(problems: ProblemList, records: list[Building | Facility]) -> None:
    """Phases of one project are all orders or all dates: the two cannot be put in order."""
    phased = [r for r in records if r.phase is not None]
    dates = [r for r in phased if phase_is_date(r.phase or "")]
    if dates and len(dates) < len(phased):
        order = next(r for r in phased if not phase_is_date(r.phase or ""))
        problems.add(
            dates[0].place,
            Said(
                "phase {phase} is a date but {place} gives phase {other} as an order: give every phase of "
                "the project as an order (1, 2, 3) or every one as a date",
                phase=repr(dates[0].phase),
                place=order.place,
                other=repr(order.phase),
            ),
        )


PROJECT_SPREAD_KM = 5.0
"""A building or facility this far from the rest of its project is a typo (see geo)."""


def check_points(
    problems: ProblemList, warnings: list[str], crs: str | None, records: list[Building | Facility]
) -> None:
    """Every located building and facility must fit the CRS (or, undeclared, one another)."""
    located = [r for r in records if r.x is not None and r.y is not None]
    if not located:
        return
    x = np.array([r.x for r in located], dtype=float)
    y = np.array([r.y for r in located], dtype=float)
    check = check_coordinates(x, y, crs, spread_floor_km=PROJECT_SPREAD_KM)
    for index, message in sorted(check.errors.items()):
        problems.add(located[index].place, message)
    warnings.extend(check.warnings)


PROJECT_WORDS = {field.name: field.zh for field in PROJECT_FIELDS}
"""A project field's Chinese name, as messages say the field."""


def field_word(field: Field) -> str:
    """The field as a message names it: its name in English, its Chinese name in Chinese."""
    return term(field.name, {field.name: field.zh})


def _known(values: dict[str, Any], record: type) -> dict[str, Any]:
    names = {f.name for f in dataclasses.fields(record)}
    return {k: v for k, v in values.items() if k in names}
