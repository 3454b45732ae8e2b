"""Staging an audit: each estate made a project and located (coordinates converted to WGS84),
placed in the community and district polygons, and limited to the boundary; what the core is
given, at once or in partitions."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from laoxiao_check.io.estates import EstateList, FacilityLayer
from laoxiao_check.io.points import placed, to_lonlat
from laoxiao_check.model.areas import AreaLayer, Boundary
from laoxiao_check.model.errors import Problem
from laoxiao_check.model.glossary import SCOPE, word
from laoxiao_check.model.messages import Said
from laoxiao_check.model.records import (
    Building,
    Estate,
    Facility,
    Project,
)
from laoxiao_check.spatial.areas import assign_to_areas, inside_boundary
from laoxiao_check.spatial.geo import WGS84, metric_crs_for_points


@dataclass(frozen=True)
class StagedAudit:
    """An estate list (and the city's facilities) read, located, placed in the community and
    district polygons and limited to the boundary: what the core is given. ``audit_estates``
    evaluates it at once; ``partition`` in parts."""

    estate_list: EstateList
    estates: tuple[Estate, ...]
    """The list's estates, with their polygons' areas, those outside the boundary marked not judged."""
    projects: list[Project]
    """Each estate as a project (one building at its WGS84 point)."""
    estate_lonlat: np.ndarray
    facilities: FacilityLayer | None
    """The facility layer, with the polygons' areas."""
    city: list[Facility]
    """The city's facilities with WGS84 points (None where unusable)."""
    problems: list[Problem]
    metric_crs: str | None
    """Chosen from every located estate (the report's CRS when coverage is not measured)."""
    datum: str
    areas: tuple[AreaLayer, ...] = ()
    outside_boundary: tuple[str, ...] = ()
    """The rows (places) of the estates left out as outside the boundary."""
    beyond_boundary: frozenset[int] = frozenset()
    """Facilities (by index in the layer) located outside ``--boundary``: they serve estates
    within walking reach, but are not counted in the totals of the boundary's areas."""
    facilities_far: frozenset[int] = frozenset()
    """Facilities (by index in the layer) located more than FACILITY_REACH_KM beyond the estates'
    extent, or far from all the other facilities: another city's, or a typo. In no total."""
    far_from_rest: tuple[str, ...] = ()
    """The rows (places) of estates judged whose coordinates lie far from all the others (a
    typo, or an estate elsewhere): left out of coverage; with a boundary, those outside it are
    not judged instead."""

    @property
    def counted_facilities(self) -> FacilityLayer | None:
        """The facility layer without those beyond the boundary: what the group totals count."""
        layer = self.facilities
        left_out = self.beyond_boundary | self.facilities_far
        if layer is None or not left_out:
            return layer
        keep = [i for i in range(len(layer.facilities)) if i not in left_out]
        return dataclasses.replace(
            layer,
            facilities=tuple(layer.facilities[i] for i in keep),
            districts=tuple(layer.districts[i] for i in keep),
            communities=tuple(layer.communities[i] for i in keep),
            streets=tuple(layer.streets[i] for i in keep),
        )

    @property
    def judged(self) -> list[bool]:
        return [not e.reason for e in self.estates]

    @property
    def measure_coverage(self) -> bool:
        return self.facilities is not None and self.metric_crs is not None


def stage_audit(
    estate_list: EstateList,
    *,
    facilities: FacilityLayer | None = None,
    boundary: Boundary | None = None,
    datum: str = "wgs84",
    facilities_datum: str | None = None,
    areas: tuple[AreaLayer, ...] = (),
) -> StagedAudit:
    """Locate the estates and facilities (WGS84), place them in the polygons, apply the
    boundary, make each estate a project."""
    problems = list(estate_list.problems) + (list(facilities.problems) if facilities else [])
    outside_places: tuple[str, ...] = ()
    beyond: frozenset[int] = frozenset()
    far_estates: dict[int, tuple[float, float]] = {}
    far_facilities: dict[int, tuple[float, float]] = {}
    estate_lonlat, facility_lonlat = locate(
        estate_list, facilities, datum, facilities_datum or datum, problems, (far_estates, far_facilities)
    )
    estates = estate_list.estates
    for layer in areas:
        problems.extend(Problem(layer.source, "", warning) for warning in layer.warnings)
        estates, facilities = assign_areas(
            layer, estates, estate_lonlat, facilities, facility_lonlat, problems
        )
    if boundary is not None:
        problems.extend(Problem(boundary.source, "", warning) for warning in boundary.warnings)
        # a point refused for lying far from the rest is still a point: outside, it is not judged
        estates, outside = leave_out_outside(estates, _with(estate_lonlat, far_estates), boundary)
        problems.extend(outside)
        beyond = facilities_beyond_boundary(
            facilities, _with(facility_lonlat, far_facilities), boundary, problems
        )
        outside_places = tuple(p.place for p in outside)
    far_places = tuple(estates[i].place for i in sorted(far_estates) if not estates[i].reason)
    facilities_far = _facilities_far(estate_lonlat, facility_lonlat, far_facilities) - beyond

    known = ~np.isnan(estate_lonlat).any(axis=1)
    metric_crs = (
        metric_crs_for_points(estate_lonlat[known, 0], estate_lonlat[known, 1], WGS84)
        if known.any()
        else None
    )
    projects = [
        estate_project(estate, estate_list.columns, point)
        for estate, point in zip(estates, estate_lonlat, strict=True)
    ]
    city = placed(facilities.facilities if facilities else (), facility_lonlat)
    return StagedAudit(
        estate_list,
        estates,
        projects,
        estate_lonlat,
        facilities,
        city,
        problems,
        metric_crs,
        datum,
        areas,
        outside_places,
        beyond,
        facilities_far,
        far_places,
    )


FACILITY_REACH_KM = 50.0
"""A facility this far beyond the box of the estates serves none of them and is no facility of
the area audited (Xi'an's in a Quanzhou list): it is counted in no total, and said."""


def _facilities_far(
    estate_lonlat: np.ndarray, facility_lonlat: np.ndarray, refused: dict[int, tuple[float, float]]
) -> frozenset[int]:
    """The facilities refused as far from the other facilities, and those far beyond the estates."""
    far = set(refused)
    known = ~np.isnan(estate_lonlat).any(axis=1)
    if known.any() and len(facility_lonlat):
        lo, hi = estate_lonlat[known].min(axis=0), estate_lonlat[known].max(axis=0)
        margin_lat = FACILITY_REACH_KM / 111.0
        margin_lon = margin_lat / max(np.cos(np.radians(float(np.clip(hi[1], -80, 80)))), 0.1)
        margin = np.array([margin_lon, margin_lat])
        located = ~np.isnan(facility_lonlat).any(axis=1)
        outside = located & ((facility_lonlat < lo - margin) | (facility_lonlat > hi + margin)).any(axis=1)
        far.update(int(i) for i in np.flatnonzero(outside))
    return frozenset(far)


def _with(lonlat: np.ndarray, points: dict[int, tuple[float, float]]) -> np.ndarray:
    """``lonlat`` with these rows' points put back."""
    if not points:
        return lonlat
    out = lonlat.copy()
    for row, point in points.items():
        out[row] = point
    return out


def assign_areas(
    layer: AreaLayer,
    estates: tuple[Estate, ...],
    estate_lonlat: np.ndarray,
    facilities: FacilityLayer | None,
    facility_lonlat: np.ndarray,
    problems: list[Problem],
) -> tuple[tuple[Estate, ...], FacilityLayer | None]:
    """Estates and facilities take the district or community polygon they lie in.

    The polygons win over the list's own column; the estates whose column names another
    area, and those in no polygon (which keep the column's name), are counted in a warning.
    """
    level, name = layer.level, Path(layer.source).name
    found, overlapping = assign_to_areas(layer, estate_lonlat)
    if overlapping:
        problems.append(
            Problem(
                layer.source,
                "",
                Said(
                    "{count} estate(s) lie in more than one {level} of {name} (overlapping "
                    "polygons): each is given the first in the layer's order",
                    count=overlapping,
                    level=_level(level),
                    name=name,
                ),
            )
        )
    kept: list[Estate] = []
    differ: list[Said] = []
    outside = 0
    for estate, index, point in zip(estates, found.tolist(), estate_lonlat, strict=True):
        if index < 0:
            outside += int(not np.isnan(point).any())
            kept.append(estate)
            continue
        area = layer.names[index]
        own = estate.community if level == "community" else estate.district
        if own and own != area:
            differ.append(
                Said(
                    "{estate}: {own} in the list, {area} by the polygons",
                    estate=f"{estate.place} {estate.name}",
                    own=repr(own),
                    area=repr(area),
                )
            )
        if level == "community":
            district = layer.districts[index] or estate.district
            street = (layer.streets[index] if layer.streets else "") or estate.street
            kind = (layer.types[index] if layer.types else None) or estate.community_type
            kept.append(
                replace(estate, community=area, district=district, street=street, community_type=kind)
            )
        else:
            kept.append(replace(estate, district=area))
    if differ:
        problems.append(
            Problem(
                layer.source,
                "",
                Said(
                    "{count} estate(s) name another {level} than the polygon of {name} they lie in; "
                    "the polygons are used (e.g. {examples})",
                    count=len(differ),
                    level=_level(level),
                    name=name,
                    examples=_joined(differ[:3]),
                ),
            )
        )
    if outside:
        problems.append(
            Problem(
                layer.source,
                "",
                Said(
                    "{count} estate(s) lie in no {level} of {name}: the list's own {level} (if any) is kept",
                    count=outside,
                    level=_level(level),
                    name=name,
                ),
            )
        )
    if facilities is None or not len(facilities.facilities):
        return tuple(kept), facilities
    on_facilities, _ = assign_to_areas(layer, facility_lonlat)
    names = list(facilities.communities if level == "community" else facilities.districts)
    districts = list(facilities.districts)
    for i, index in enumerate(on_facilities.tolist()):
        if index >= 0:
            names[i] = layer.names[index]
            if level == "community" and layer.districts[index]:
                districts[i] = layer.districts[index]
    if level == "community":
        streets = list(facilities.streets)
        for i, index in enumerate(on_facilities.tolist()):
            if index >= 0 and layer.streets and layer.streets[index]:
                streets[i] = layer.streets[index]
        facilities = replace(
            facilities, communities=tuple(names), districts=tuple(districts), streets=tuple(streets)
        )
    else:
        facilities = replace(facilities, districts=tuple(names))
    return tuple(kept), facilities


def leave_out_outside(
    estates: tuple[Estate, ...], lonlat: np.ndarray, boundary: Boundary
) -> tuple[tuple[Estate, ...], list[Problem]]:
    """Estates whose point lies outside the audited area are not judged (they are counted)."""
    inside = inside_boundary(boundary, lonlat)
    name = Path(boundary.source).name
    kept, problems = [], []
    for estate, is_inside in zip(estates, inside.tolist(), strict=True):
        if not is_inside and not estate.reason:
            estate = replace(
                estate,
                reason=Said("outside the boundary ({name})", name=name),
                reason_zh=f"不在边界范围内（{name}）",
            )
            problems.append(
                Problem(
                    boundary.source,
                    estate.place,
                    Said("{name}: {reason}", name=estate.name, reason=estate.reason),
                )
            )
        kept.append(estate)
    return tuple(kept), problems


def facilities_beyond_boundary(
    facilities: FacilityLayer | None, lonlat: np.ndarray, boundary: Boundary, problems: list[Problem]
) -> frozenset[int]:
    """The located facilities outside the boundary, counted in one problem."""
    if facilities is None or not len(lonlat):
        return frozenset()
    located = ~np.isnan(lonlat).any(axis=1)
    outside = located & ~inside_boundary(boundary, lonlat)
    if not outside.any():
        return frozenset()
    names = [facilities.facilities[i].id for i in np.flatnonzero(outside)[:5]]
    problems.append(
        Problem(
            facilities.source,
            "",
            Said(
                "{count} of {total} facilities lie outside the boundary "
                "({name}; e.g. {examples}): they serve estates within "
                "walking reach, but are not counted in the totals of the districts and the city",
                count=int(outside.sum()),
                total=len(located),
                name=Path(boundary.source).name,
                examples=", ".join(names),
            ),
        )
    )
    return frozenset(int(i) for i in np.flatnonzero(outside))


def estate_project(estate: Estate, columns: dict[str, str], lonlat: np.ndarray | None = None) -> Project:
    """The estate as a project: one building at its point (WGS84), its rooms from the columns
    the list has, located at the same point (they serve the estate on the spot).

    A column that is present but blank counts as zero rooms; a category whose columns the
    list lacks is marked unknown, so that its rules report ``insufficient_data`` (with what
    would be required) instead of a false fail.
    """
    x = y = None
    if lonlat is not None and not np.isnan(lonlat).any():
        x, y = float(lonlat[0]), float(lonlat[1])
    facilities = []
    unknown: dict[str, dict[str, str]] = {}
    if "eldercare_area_m2" not in columns:
        unknown["eldercare"] = {
            "en": "the list has no eldercare floor area column (eldercare_area_m2)",
            "zh": "名单无养老用房面积列",
        }
    elif estate.eldercare_area_m2:
        facilities.append(
            Facility(
                "eldercare rooms",
                "eldercare",
                area_m2=estate.eldercare_area_m2,
                x=x,
                y=y,
                place=f"{estate.place} {estate.name}",
                in_housing=True,
            )
        )
    has_area, has_places = "childcare_area_m2" in columns, "childcare_places" in columns
    if not has_area and not has_places:
        unknown["childcare"] = {
            "en": "the list has no childcare column (childcare_area_m2, childcare_places)",
            "zh": "名单无托育用房面积或托位数列",
        }
    elif estate.childcare_area_m2 or estate.childcare_places:
        facilities.append(
            Facility(
                "childcare rooms",
                "childcare",
                area_m2=estate.childcare_area_m2 if has_area else None,
                places=estate.childcare_places if has_places else None,
                x=x,
                y=y,
                place=f"{estate.place} {estate.name}",
                in_housing=True,
            )
        )
    return Project(
        name=estate.name,
        kind=estate.kind,
        households=estate.households,
        households_source="project",
        population=estate.population,
        population_estimated=estate.population_estimated,
        crs=WGS84,
        buildings=(Building(estate.name, estate.households, x=x, y=y, place=estate.place),),
        facilities=tuple(facilities),
        unknown_rooms=unknown,
        renovation=estate.renovation,
    )


def locate(
    estates: EstateList,
    facilities: FacilityLayer | None,
    datum: str,
    facilities_datum: str,
    problems: list[Problem],
    far: tuple[dict[int, tuple[float, float]], dict[int, tuple[float, float]]] | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Estate and facility points as WGS84 longitude/latitude (NaN where unknown or implausible;
    ``far``: filled with the points of estates and facilities refused for lying far from the rest)."""
    far_estates, far_facilities = far if far is not None else (None, None)
    estate_lonlat = to_lonlat(
        [(e.x, e.y, e.place, e.name) for e in estates.estates],
        estates.crs,
        datum,
        estates.source,
        problems,
        far_estates,
    )
    if facilities is None:
        return estate_lonlat, np.empty((0, 2))
    facility_lonlat = to_lonlat(
        [(f.x, f.y, f.place, f.id) for f in facilities.facilities],
        facilities.crs,
        facilities_datum,
        facilities.source,
        problems,
        far_facilities,
    )
    return estate_lonlat, facility_lonlat


def _level(level: str) -> Said:
    """An area layer's level (community, district), said in each language."""
    return Said.of({"en": level, "zh": word(SCOPE, level, "zh")})


def _joined(items: list[Said]) -> str:
    """Messages one after another, ``; `` between them, each said in the reader's language."""
    if len(items) <= 1:
        return items[0] if items else ""
    return Said("{first}; {rest}", first=items[0], rest=_joined(items[1:]))
