"""GeoJSON projects: a FeatureCollection of buildings and facilities.

Each feature has ``properties.kind`` = ``building`` or ``facility`` and the other
properties named as the columns of the Excel sheets; the project's own fields are in a
top-level member ``"project": {...}`` or, where the file cannot hold one (a layer exported
from QGIS), in a sidecar ``<name>.project.yaml`` beside it (``io.sidecar.read_sidecar``). Point
geometries give x/y (polygons give their centroid). Coordinates are RFC 7946 lon/lat unless a
legacy ``crs`` member says otherwise.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import shapely
from shapely.geometry import shape

from laoxiao_check.io.fields import (
    BUILDING_FIELDS,
    FACILITY_FIELDS,
    PROJECT_FIELDS,
    Cell,
    Field,
    Given,
    build_project,
    field_word,
    header_lookup,
    normalise_header,
    parse_crs,
    scaled_unit,
)
from laoxiao_check.io.guards import check_count, check_file_size
from laoxiao_check.model.errors import InputError, ProblemList
from laoxiao_check.model.limits import in_force
from laoxiao_check.model.messages import Said, listed, message_of
from laoxiao_check.model.records import Project
from laoxiao_check.model.values import ValueProblem, clean_text, is_blank

FEATURE_KINDS = {
    "building": "building",
    "楼栋": "building",
    "facility": "facility",
    "设施": "facility",
    "配套设施": "facility",
}


def legacy_crs(document: dict[str, Any], problems: ProblemList) -> str | None:
    """The CRS named by a GeoJSON 2008 ``crs`` member, as ``EPSG:nnnn`` where possible."""
    member = document.get("crs")
    if member is None:
        return None
    properties = member.get("properties") if isinstance(member, dict) else None
    name = properties.get("name") if isinstance(properties, dict) else None
    if not isinstance(name, str):
        shown = repr(member) if len(repr(member)) <= 80 else repr(member)[:77] + "…"
        problems.add(
            "crs",
            Said("expected {{'type': 'name', 'properties': {{'name': 'EPSG:…'}}}}, got {found}", found=shown),
        )
        return None
    try:
        return parse_crs(name)
    except ValueProblem as exc:
        problems.add("crs.properties.name", message_of(exc))
        return None


def _no_repeated_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """json's object hook: a key given twice in one object would silently lose a value."""
    seen: dict[str, Any] = {}
    for key, value in pairs:
        if key in seen:
            raise RepeatedKey(key)
        seen[key] = value
    return seen


class RepeatedKey(ValueError):
    pass


def load_feature_collection(path: Path) -> dict[str, Any]:
    """The document, read whole (a project file: its size within ``project_workbook_bytes``)."""
    source = str(path)
    check_file_size(path, in_force().project_workbook_bytes, Said("project file size"))
    try:
        document = json.loads(path.read_text(encoding="utf-8-sig"), object_pairs_hook=_no_repeated_keys)
    except RepeatedKey as exc:
        raise InputError(
            Said("the key {key} is given twice in one object: keep one", key=repr(clean_text(str(exc)))),
            source,
        ) from None
    except UnicodeDecodeError:
        raise InputError(Said("expected UTF-8 GeoJSON text"), source) from None
    except json.JSONDecodeError as exc:
        raise InputError(
            Said(
                "not valid JSON at line {line}, column {column}: {reason}",
                line=exc.lineno,
                column=exc.colno,
                reason=exc.msg,
            ),
            source,
        ) from None
    except RecursionError:
        raise InputError(Said("arrays or objects nested too deeply to be GeoJSON"), source) from None
    if not isinstance(document, dict) or document.get("type") != "FeatureCollection":
        found = document.get("type") if isinstance(document, dict) else type(document).__name__
        raise InputError(Said("expected a GeoJSON FeatureCollection, got {found}", found=repr(found)), source)
    if not isinstance(document.get("features"), list):
        raise InputError(Said("expected `features` to be a list"), source)
    check_count(source, Said("features"), len(document["features"]), in_force().rows, "--max-rows")
    return document


def read_geojson_project(
    path: Path, kind_override: str | None = None, given: Sequence[Given] = ()
) -> Project:
    source = str(path)
    document = load_feature_collection(path)
    problems = ProblemList(source)
    warnings: list[str] = []

    member = document.get("project", {})
    if not isinstance(member, dict):
        problems.add(
            "project", Said("expected an object of project fields, got {type}", type=type(member).__name__)
        )
        member = {}
    project_row = _row(member, header_lookup(PROJECT_FIELDS), "project", warnings, problems)
    crs = legacy_crs(document, problems)
    if crs and "crs" in project_row and project_row["crs"].value not in (None, crs):
        project_row.pop("crs")
        warnings.append(Said("project.crs ignored: the file's crs member says {crs}", crs=crs))
    if crs:
        project_row["crs"] = Cell(crs, "crs")

    buildings: list[tuple[str, dict[str, Cell]]] = []
    facilities: list[tuple[str, dict[str, Cell]]] = []
    has_geometry = False
    building_lookup = header_lookup(BUILDING_FIELDS)
    facility_lookup = header_lookup(FACILITY_FIELDS)
    vertices = Vertices(source)
    unread = UnreadProperties()
    for index, feature in enumerate(document["features"]):
        place = f"features[{index}]"
        if not isinstance(feature, dict) or feature.get("type") != "Feature":
            problems.add(place, Said("expected a Feature object"))
            continue
        properties = feature.get("properties") or {}
        if not isinstance(properties, dict):
            problems.add(
                f"{place}.properties", Said("expected an object, got {found}", found=_kind_of(properties))
            )
            continue
        kind_key = next((k for k in FEATURE_KIND_KEYS if k in properties), "kind")
        kind_word = str(properties.get(kind_key, "")).strip().lower()
        kind = FEATURE_KINDS.get(kind_word)
        if kind is None:
            problems.add(
                f"{place}.properties.{kind_key}",
                Said("expected building or facility, got {kind}", kind=repr(properties.get(kind_key))),
            )
            continue
        lookup = building_lookup if kind == "building" else facility_lookup
        ignored: list[tuple[str, bool]] = []
        row = _row(
            {k: v for k, v in properties.items() if k != kind_key},
            lookup,
            f"{place}.properties",
            warnings,
            problems,
            ignored,
        )
        if "id" not in row and feature.get("id") is not None:  # RFC 7946: a Feature's own id member
            row["id"] = Cell(feature["id"], f"{place}.id")
        unread.add(ignored, kind, row, place)
        point = _point(feature.get("geometry"), f"{place}.geometry", problems, vertices)
        if point is not None:
            has_geometry = True
            row["x"] = Cell(point[0], f"{place}.geometry")
            row["y"] = Cell(point[1], f"{place}.geometry")
        (buildings if kind == "building" else facilities).append((place, row))
    if has_geometry and "crs" not in project_row:
        project_row["crs"] = Cell("EPSG:4326", "crs")
    warnings.extend(unread.warnings())
    project = build_project(
        path, problems, project_row, buildings, facilities, kind_override, warnings, given
    )
    problems.raise_if_any()
    return project


FEATURE_KIND_KEYS = ("kind", "要素类型", "feature_kind")
"""The property that says whether a feature is a building or a facility (楼栋/设施), in English or
Chinese (not 类型, which a facility's category may be called)."""


def _row(
    properties: dict[str, Any],
    lookup: dict[str, Field],
    prefix: str,
    warnings: list[str],
    problems: ProblemList,
    ignored: list[tuple[str, bool]] | None = None,
) -> dict[str, Cell]:
    """The known properties as cells; each unknown one warned of, or (a feature's) added to
    ``ignored`` as (key, whether its value is empty), to be said once for all features."""
    row: dict[str, Cell] = {}
    for key, value in properties.items():
        field = lookup.get(normalise_header(key))
        if field is None and ignored is not None:
            ignored.append((clean_text(key), is_blank(value)))
            continue
        if field is None:
            warnings.append(Said("{place}: unknown property ignored", place=f"{prefix}.{clean_text(key)}"))
            continue
        if wrong := scaled_unit(field, key):
            problems.add(f"{prefix}.{clean_text(key)}", wrong)
            continue
        if field.name in row:
            other = row[field.name].place.rsplit(".", 1)[-1]
            problems.add(
                f"{prefix}.{clean_text(key)}",
                Said(
                    "{field} is given twice (also as {key}): keep one",
                    field=field_word(field),
                    key=repr(other),
                ),
            )
            continue
        row[field.name] = Cell(value, f"{prefix}.{clean_text(key)}")
    return row


SHOWN_FEATURES = 3
"""Features named in a warning said once for many (the rest are counted)."""


class UnreadProperties:
    """The properties features carry that their kind does not read, said once per property
    with the count of its features and the first few named, never once per feature: a layer
    exported from GIS gives every feature every column of its table, mostly empty (``null``,
    ``""``). A property with a value in a single feature is said at its place, as before."""

    def __init__(self) -> None:
        self.features: dict[tuple[str, bool], list[tuple[str, str]]] = {}
        self.places: dict[tuple[str, bool], str] = {}

    def add(self, ignored: list[tuple[str, bool]], kind: str, row: dict[str, Cell], place: str) -> None:
        identifier = row.get("id")
        name = place
        if (
            identifier is not None
            and not is_blank(identifier.value)
            and isinstance(identifier.value, (str, int))
        ):
            name = clean_text(str(identifier.value).strip())
        for key, empty in ignored:
            self.features.setdefault((key, empty), []).append((kind, name))
            self.places.setdefault((key, empty), f"{place}.properties.{key}")

    def warnings(self) -> list[str]:
        said: list[str] = []
        for (key, empty), features in self.features.items():
            if empty:
                said.append(
                    Said(
                        "{key} empty in {count} ({features}): ignored",
                        key=key,
                        count=_count(features),
                        features=_named(features),
                    )
                )
            elif len(features) == 1:
                said.append(Said("{place}: unknown property ignored", place=self.places[key, empty]))
            else:
                said.append(
                    Said(
                        "{key}: unknown property ignored in {count} ({features})",
                        key=key,
                        count=_count(features),
                        features=_named(features),
                    )
                )
        return said


def _count(features: list[tuple[str, str]]) -> str:
    if len(features) == 1:
        return Said("{count} feature", count=len(features))
    return Said("{count} features", count=len(features))


NAMED = {
    ("building", False): lambda names: Said("building {names}", names=names),
    ("building", True): lambda names: Said("buildings {names}", names=names),
    ("facility", False): lambda names: Said("facility {names}", names=names),
    ("facility", True): lambda names: Said("facilities {names}", names=names),
}
"""Features of a kind, named: ``building b1``, ``buildings b3, b7``."""


def _named(features: list[tuple[str, str]]) -> str:
    """``buildings b3, b7, b9 …``; ``building b1, facilities e1, e2``."""
    shown = features[:SHOWN_FEATURES]
    groups: dict[str, list[str]] = {}
    for kind, name in shown:
        groups.setdefault(kind, []).append(name)
    words = [NAMED[kind, len(names) > 1](", ".join(names)) for kind, names in groups.items()]
    named = listed(words, ", ")
    return Said("{names} …", names=named) if len(features) > SHOWN_FEATURES else named


GEOMETRY_TYPES = ("Point", "MultiPoint", "LineString", "MultiLineString", "Polygon", "MultiPolygon")


def _kind_of(value: Any) -> str:
    return f"{type(value).__name__} {value!r:.40}"


class Vertices:
    """The vertices of a file's geometries, counted against the ``vertices`` limit as read."""

    def __init__(self, source: str) -> None:
        self.source, self.count, self.limit = source, 0, in_force().vertices

    def add(self, geometry: Any) -> None:
        self.count += int(shapely.get_num_coordinates(geometry))
        check_count(self.source, Said("vertices"), self.count, self.limit, "--max-vertices")


def _point(
    geometry: Any, place: str, problems: ProblemList, vertices: Vertices | None = None
) -> tuple[float, float] | None:
    """The point of a feature (polygons and lines: their centroid); None without geometry.

    Every coordinate must be a finite number, else a problem at this feature (never a point)."""
    if geometry is None:
        return None
    if not isinstance(geometry, dict) or geometry.get("type") not in GEOMETRY_TYPES:
        found = geometry.get("type") if isinstance(geometry, dict) else _kind_of(geometry)
        problems.add(
            place,
            Said(
                "expected a GeoJSON geometry ({types}), got {found}",
                types=", ".join(GEOMETRY_TYPES),
                found=repr(found),
            ),
        )
        return None
    try:
        geom = shape(geometry)
    except (ValueError, TypeError, AttributeError, KeyError, IndexError, shapely.errors.ShapelyError) as exc:
        problems.add(
            place, Said("not a valid GeoJSON {type} ({reason})", type=geometry["type"], reason=str(exc))
        )
        return None
    if vertices is not None:
        vertices.add(geom)
    coordinates = shapely.get_coordinates(geom)
    if not np.isfinite(coordinates).all():
        first = coordinates[~np.isfinite(coordinates).all(axis=1)][0]
        problems.add(
            place,
            Said(
                "coordinates ({x}, {y}) are not finite numbers: fix or delete that vertex",
                x=first[0],
                y=first[1],
            ),
        )
        return None
    if geom.is_empty:
        return None
    if geom.geom_type != "Point":
        geom = geom.centroid
    return float(geom.x), float(geom.y)
