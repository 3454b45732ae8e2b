"""Polygon layers of `audit`: the audited area (``--boundary``) and its communities and
districts (``--communities``, ``--districts``), any CRS, read by the one vector reader."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import shapely

from laoxiao_check.io.fields import normalise_header
from laoxiao_check.io.layers import check_layer_coordinates, read_layer
from laoxiao_check.model.areas import AreaLayer, Boundary
from laoxiao_check.model.errors import InputError, ProblemList
from laoxiao_check.model.messages import Said, message_of
from laoxiao_check.model.values import COMMUNITY_TYPE_WORDS, ValueProblem, is_blank, parse_choice, parse_text
from laoxiao_check.spatial.geo import WGS84, is_geographic, to_wgs84, transform

AREA_NAME_HEADERS: dict[str, tuple[str, ...]] = {
    "community": ("name", "名称", "community", "社区", "社区名称", "居委会", "社区居委会"),
    "district": ("name", "名称", "district", "区县", "区县名称", "行政区", "区"),
}
"""Headers that give an area's name, per level (first match wins, in this order)."""
DISTRICT_HEADERS = ("district", "区县", "所属区县", "区县名称", "行政区")
STREET_HEADERS = ("street", "街道（乡镇）", "街道", "乡镇", "街镇", "所属街道")
TYPE_HEADERS = ("community_type", "社区类型", "社区类别")


def _polygons(path: str | Path, datum: str, what: str) -> tuple[pd.DataFrame, np.ndarray, list[str], str]:
    """The layer's attribute rows and polygons (WGS84; None where a feature is no polygon)."""
    read = read_layer(path, what=what)
    frame = read.frame
    geometry = np.asarray(frame.geometry.values, dtype=object)
    is_polygon = np.isin(shapely.get_type_id(geometry), (3, 6))  # Polygon, MultiPolygon
    if not is_polygon.any():
        raise InputError(Said("expected polygons of the {what}, found none", what=what), str(path))
    crs = read.crs or WGS84  # GeoJSON without a crs member is WGS84 by RFC 7946
    problems = ProblemList(read.source)
    warnings = check_layer_coordinates(problems, geometry, crs)
    problems.raise_if_any()
    polygons = geometry.copy()
    polygons[~is_polygon] = None
    invalid = is_polygon & ~shapely.is_valid(polygons)
    if invalid.any():
        polygons[invalid] = shapely.make_valid(polygons[invalid])
        warnings.append(
            Said(
                "{count} invalid polygon(s) (e.g. self-intersecting) repaired with make_valid: "
                "check the {what}",
                count=int(invalid.sum()),
                what=what,
            )
        )

    def to_lonlat(xy: np.ndarray) -> np.ndarray:
        if is_geographic(crs):
            lon, lat = transform(xy[:, 0], xy[:, 1], crs, WGS84)
            return np.column_stack(to_wgs84(lon, lat, datum))
        return np.column_stack(transform(xy[:, 0], xy[:, 1], crs, WGS84))

    polygons[is_polygon] = shapely.transform(polygons[is_polygon], to_lonlat)
    return frame, polygons, warnings, read.source


def read_boundary(path: str | Path, datum: str = "wgs84") -> Boundary:
    """Polygons in any CRS; longitude/latitude in ``datum`` (wgs84, gcj02, bd09)."""
    _, polygons, warnings, _ = _polygons(path, datum, Said("boundary"))
    area = shapely.union_all(polygons[polygons != None])  # noqa: E711 (elementwise)
    shapely.prepare(area)
    return Boundary(str(path), area, tuple(warnings))


def _column(frame: pd.DataFrame, headers: tuple[str, ...]) -> str | None:
    names = {normalise_header(c): str(c) for c in frame.columns if c != "geometry"}
    for header in headers:
        if normalise_header(header) in names:
            return names[normalise_header(header)]
    return None


def read_areas(path: str | Path, level: str, datum: str = "wgs84") -> AreaLayer:
    """Communities or districts (``level``): one named polygon each, any CRS.

    The name comes from a column ``name``/``名称`` (or ``社区``, ``区县``…); a community
    layer may say its district (``区县``), so that equal names in two districts stay apart.
    A feature without a polygon or a name is an error naming the feature.
    """
    what = {"community": Said("communities"), "district": Said("districts")}[level]
    frame, polygons, warnings, source = _polygons(path, datum, what)
    name_column = _column(frame, AREA_NAME_HEADERS[level])
    if name_column is None:
        columns = ", ".join(str(c) for c in frame.columns if c != "geometry") or Said("none")
        raise InputError(
            Said(
                "expected a column naming each of the {what} (name, 名称, {header}); "
                "the columns are {columns}",
                what=what,
                header=AREA_NAME_HEADERS[level][3],
                columns=columns,
            ),
            source,
        )
    district_column = _column(frame, DISTRICT_HEADERS) if level == "community" else None
    if district_column == name_column:
        district_column = None
    street_column = _column(frame, STREET_HEADERS) if level == "community" else None
    type_column = _column(frame, TYPE_HEADERS) if level == "community" else None
    problems = ProblemList(source)
    names, districts = [], []
    streets: list[str] = []
    types: list[str | None] = []
    for index in range(len(frame)):
        try:
            streets.append(_text(frame[street_column].iloc[index]) if street_column is not None else "")
            types.append(
                parse_choice(frame[type_column].iloc[index], COMMUNITY_TYPE_WORDS, Said("community type"))
                if type_column is not None and not _missing(frame[type_column].iloc[index])
                else None
            )
        except ValueProblem as exc:
            problems.add(f"feature {index + 1}", message_of(exc))
            streets.append("")
            types.append(None)
    seen: dict[tuple[str, str], str] = {}
    for index, (value, polygon) in enumerate(zip(frame[name_column], polygons, strict=True)):
        place = f"feature {index + 1}"
        try:
            name = _text(value)
            district = _text(frame[district_column].iloc[index]) if district_column is not None else ""
        except ValueProblem as exc:
            problems.add(place, message_of(exc))
            names.append("")
            districts.append("")
            continue
        if polygon is None:
            problems.add(
                place, Said("{name}: expected a polygon, found none", name=name or Said("the feature"))
            )
        elif not name:
            problems.add(
                place,
                Said("expected a name in column {column}, found an empty value", column=repr(name_column)),
            )
        elif (district, name) in seen:
            problems.add(
                place, Said("{name} is given twice: also at {place}", name=name, place=seen[(district, name)])
            )
        else:
            seen[(district, name)] = place
        names.append(name)
        districts.append(district)
    problems.raise_if_any()
    return AreaLayer(
        source, level, tuple(names), tuple(districts), polygons, tuple(warnings), tuple(streets), tuple(types)
    )


def _missing(value: object) -> bool:
    return is_blank(value) or (isinstance(value, float) and bool(np.isnan(value)))


def _text(value: object) -> str:
    if is_blank(value) or (isinstance(value, float) and np.isnan(value)):
        return ""
    return parse_text(value) or ""
