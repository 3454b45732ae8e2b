"""The 15-minute (and other) service-circle coverage of households.

For each category and level: the share of households (each building weighted by its
households) whose building is within the level's distance of at least one facility of the
category, by straight line or along a walking network. Used by ``check`` (one project)
and ``audit`` (many estates at once); the distance work is vectorised in both.

``check`` reports the real distance to the nearest facility however far: the walk is
searched to 3 × the largest level first, then 4 × farther at a time, then without bound,
as long as a building's piece of the network holds a facility not yet reached. Each
building outside a level says why (``reason``): ``beyond`` (reached, but too far),
``cut_off`` (its piece of the network holds no facility of the category), ``unsnapped``
(too far from every ground-level way) or ``no_facility`` (the project has none located).

Distances and reasons only: whether a share of households meets a rule's required share is
the coverage rule kind's to say (:func:`laoxiao_check.rules.kinds.coverage.judge`).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from laoxiao_check.model.check import (
    NOTE_NO_COORDINATES,
    NOTE_NO_FACILITY_GIVEN,
    NOTE_NONE_PLACED,
    Catchment,
    CoverageLevel,
    LevelColumns,
    LevelDistances,
    MapGeometry,
    Unmeasured,
)
from laoxiao_check.model.messages import Said
from laoxiao_check.model.phrasing import category_zh, plural_en
from laoxiao_check.model.records import Facility, Project
from laoxiao_check.spatial.distance import (
    DEFAULT_MAX_SNAP_M,
    DistanceMethod,
    Network,
    WalkingNetwork,
    distance_method,
)
from laoxiao_check.spatial.extent import Extent, require_one_place
from laoxiao_check.spatial.geo import WGS84, looks_geographic, metric_crs_for_points, transform

if TYPE_CHECKING:  # the network package (scipy.sparse) loads only when a network is used
    from laoxiao_check.spatial.network.noding import NodingOptions


REPORT_RANGE = 3.0
"""Nearest distances are first searched up to this multiple of the largest level's distance."""


def coordinates_crs(project: Project) -> tuple[str | None, str]:
    """The CRS of the project's x/y, and a warning when it was assumed."""
    if project.crs:
        return project.crs, ""
    xs = np.array([b.x for b in project.buildings], dtype=float)
    ys = np.array([b.y for b in project.buildings], dtype=float)
    if len(xs) and looks_geographic(xs, ys):
        return WGS84, Said("coordinates without a CRS (坐标系) taken as WGS84 longitude/latitude")
    return None, ""


@dataclass(frozen=True)
class Measured:
    """Coverage of many projects at once (one project for ``check``, every estate for ``audit``)."""

    by_project: list[dict[str, LevelDistances | Unmeasured]]
    """Per project: rule id → its buildings' distances at that level (empty for a project not
    measured); :func:`laoxiao_check.rules.kinds.coverage.judge_coverage` judges them."""
    warnings: list[list[str]]
    """Per project: what to tell its reader (facilities without coordinates, cut-off points…)."""
    network_warnings: list[str]
    """Of the walking network itself (pieces, unjoined crossings, file remarks)."""
    metric_crs: str | None
    method: str
    network_health: dict[str, Any] | None = None
    geometry: MapGeometry | None = None
    """What reports draw, for a single project measured ``with_map``."""
    columns: dict[str, LevelColumns] = field(default_factory=dict)
    """Rule id → the level's distances as columns, where :func:`measure` was asked for them
    (``as_columns``, an estate list: one building a project); those projects have no entry of
    the level in ``by_project``."""


@dataclass
class _Points:
    """Every located building of the measured projects, in project order, in one metric CRS."""

    project: np.ndarray
    """Per building: index of its project."""
    ids: list[str]
    households: np.ndarray
    xy: np.ndarray
    start: dict[int, tuple[int, int]]
    """Project index → its buildings' [start, end) in these arrays."""


def measure(
    projects: Sequence[Project],
    levels: list[CoverageLevel],
    *,
    facilities: Sequence[Facility] = (),
    facilities_crs: str | None = None,
    network: Network | None = None,
    max_snap_m: float = DEFAULT_MAX_SNAP_M,
    noding: NodingOptions | None = None,
    however_far: bool = True,
    with_map: bool = False,
    measured: Sequence[bool] | None = None,
    facilities_given: bool = True,
    metric_crs: str | None = None,
    facilities_beyond: Collection[str] = (),
    facilities_source: str = "",
    as_columns: bool = False,
) -> Measured:
    """Coverage of every project's buildings by the facilities of the category, per level.

    The facilities are the projects' own (each project's rooms serve every project, as a
    city's do) and ``facilities`` (a city's, in ``facilities_crs``). A building at the very
    point of one of its own project's rooms is served on the spot (an estate of a list is
    one building at the estate's point). All distances of a category come from one pass:
    one k-d tree query, or one multi-source walk on the network. ``however_far``: the walk
    to the nearest facility however far (``check``); else bounded by the largest level
    (``audit``, for speed). ``measured``: per project, whether to measure it at all.
    ``facilities_given=False`` (``check`` without ``--facilities``): a category none of the
    projects has a facility of is not measured (the facilities around were not given), rather
    than every household counted outside. ``metric_crs``: measure in this CRS instead of the one
    chosen from the measured buildings (a partition of a larger audit measures in the whole
    audit's, :func:`measured_metric_crs`). ``facilities_beyond``: categories that have located
    facilities beyond those given (a partition's, farther than any level reaches): such a
    category counts as present, so that its households are beyond reach, never "no facility".
    ``as_columns``: where every project measured has one building (an estate list), record each
    level as columns (``Measured.columns``) rather than per project.
    """
    count = len(projects)
    by_project: list[dict[str, LevelDistances | Unmeasured]] = [{} for _ in range(count)]
    warnings: list[list[str]] = [[] for _ in range(count)]
    method_name = "network" if network is not None else "straight_line"
    if not levels:
        return Measured(by_project, warnings, [], None, method_name)
    wanted = [True] * count if measured is None else list(measured)
    located, crs_of = _locate(projects, levels, wanted, method_name, by_project, warnings)
    if not located:
        return Measured(by_project, warnings, [], None, method_name)

    metric = metric_crs or _metric_crs(projects, located, crs_of)
    points = _building_points(projects, located, crs_of, metric)
    own = [(i, f) for i in located for f in projects[i].facilities]
    own_placed = [(i, f) for i, f in own if f.x is not None and f.y is not None]
    _say_unplaced(projects, located, warnings)
    city = list(facilities)
    city_placed = [f for f in city if f.x is not None and f.y is not None]
    own_xy = _transform_each([crs_of[i] for i, _ in own_placed], [(f.x, f.y) for _, f in own_placed], metric)
    city_xy = (
        _transform_each(
            [facilities_crs or WGS84] * len(city_placed), [(f.x, f.y) for f in city_placed], metric
        )
        if city_placed
        else np.empty((0, 2))
    )
    reach_all = max(lv.max_distance_m for lv in levels)
    search = reach_all * REPORT_RANGE if however_far else reach_all

    method, health = distance_method(
        network, metric, max_snap_m, noding, np.vstack([points.xy, own_xy, city_xy])
    )
    where = (facilities_source, facilities_crs)
    _in_one_place(projects, located, crs_of, points.xy, city_xy, where, network, method, metric)
    network_warnings: list[str] = []
    if health is not None:
        from laoxiao_check.spatial.network.health import health_warnings, snap_report

        if isinstance(method, WalkingNetwork):  # how the buildings joined: said, never silent
            health = {**health, **snap_report(method.snap(points.xy), method.prefer_major_within_m)}
        network_warnings = health_warnings(health)

    off_main = (
        method.off_main(points.xy)[0].tolist()
        if isinstance(method, WalkingNetwork)
        else [False] * len(points.ids)
    )
    cut_off_points: dict[int, list[dict[str, Any]]] = {}
    if with_map and isinstance(method, WalkingNetwork) and len(located) == 1:
        cut_off_points[located[0]] = _cut_off_points(
            method, points.xy, own_xy, points.ids, [f.id for _, f in own_placed]
        )
        warnings[located[0]].extend(_cut_off_warning(cut_off_points[located[0]]))

    one_each = as_columns and all(points.start[i][1] - points.start[i][0] == 1 for i in located)
    scene = _Scene(
        projects, located, points, own, own_placed, own_xy, city, city_placed, city_xy,
        method, metric, search, however_far, off_main, cut_off_points, one_each,
    )  # fmt: skip
    columns: dict[str, LevelColumns] = {}
    catchments: list[Catchment] = []
    for category in sorted({lv.category for lv in levels}):
        category_levels = [lv for lv in levels if lv.category == category]
        beyond = category in facilities_beyond
        rows = _rows_of(scene, category)
        unmeasured = _unmeasured_category(scene, category, rows, beyond, facilities_given)
        if unmeasured is not None:  # not measured, never every household counted outside
            for i in located:
                by_project[i].update(_unmeasured(category_levels, method.name, projects[i], *unmeasured))
            catchments.append(
                Catchment(category, "", 0.0, method.name, np.empty((0, 2)), np.empty((0, 2, 2)))
            )
            continue
        sources = _measure_category(scene, rows, category_levels, beyond, by_project, columns)
        if with_map:
            catchments.append(_catchment(method, category, category_levels, sources))

    geometry = _map_geometry(scene, catchments, health) if with_map and len(located) == 1 else None
    return Measured(by_project, warnings, network_warnings, metric, method.name, health, geometry, columns)


def _say_unplaced(projects: Sequence[Project], located: list[int], warnings: list[list[str]]) -> None:
    """A project's rooms without coordinates are left out of coverage: said, never silent."""
    for i in located:
        unplaced = [f.id for f in projects[i].facilities if f.x is None or f.y is None]
        if unplaced:
            warnings[i].append(
                Said("facilities without coordinates, left out of coverage: {ids}", ids=", ".join(unplaced))
            )


@dataclass(frozen=True)
class _Scene:
    """What every category of one :func:`measure` shares: the located projects, their buildings and
    rooms and the city's facilities in the metric CRS, and the distance method."""

    projects: Sequence[Project]
    located: list[int]
    points: _Points
    own: list[tuple[int, Facility]]
    """The located projects' rooms, as (project index, room)."""
    own_placed: list[tuple[int, Facility]]
    """…those with coordinates."""
    own_xy: np.ndarray
    city: list[Facility]
    city_placed: list[Facility]
    city_xy: np.ndarray
    method: DistanceMethod
    metric: str
    search: float
    however_far: bool
    off_main: list[bool]
    cut_off_points: dict[int, list[dict[str, Any]]]
    as_columns: bool = False
    """Every located project has one building: levels recorded as columns."""


def _locate(
    projects: Sequence[Project],
    levels: list[CoverageLevel],
    wanted: list[bool],
    method_name: str,
    by_project: list[dict[str, LevelDistances | Unmeasured]],
    warnings: list[list[str]],
) -> tuple[list[int], dict[int, str]]:
    """The projects that can be measured and the CRS of each; the others are unmeasured, with why."""
    located: list[int] = []
    crs_of: dict[int, str] = {}
    for index, project in enumerate(projects):
        if not wanted[index]:
            continue
        missing = _unlocated(project)
        if not project.buildings or missing:
            if not project.buildings:
                why = (
                    "no buildings listed: coverage needs each building's households and coordinates",
                    "未列出楼栋：覆盖率需各楼栋户数和坐标",
                )
            else:
                more = f" and {len(missing) - 20} more" if len(missing) > 20 else ""
                why = (
                    f"{plural_en(len(missing), 'building')} without coordinates (x, y): "
                    f"{', '.join(missing[:20])}{more}",
                    f"楼栋缺少坐标：{'、'.join(missing[:20])}",
                )
            by_project[index] = _unmeasured(levels, method_name, project, *why, NOTE_NO_COORDINATES)
            continue
        crs, assumed = coordinates_crs(project)
        if assumed:
            warnings[index].append(assumed)
        if crs is None:
            why = (
                "coordinates are given without a CRS (坐标系) and are not longitude/latitude",
                "坐标未注明坐标系",
            )
            by_project[index] = _unmeasured(levels, method_name, project, *why, NOTE_NO_COORDINATES)
            continue
        crs_of[index] = crs
        located.append(index)
    return located, crs_of


def _cut_off_warning(cut_off: list[dict[str, Any]]) -> list[str]:
    if not cut_off:
        return []
    names = _listed(
        [
            Said("building {id}", id=c["id"])
            if c["kind"] == "building"
            else Said("facility {id}", id=c["id"])
            for c in cut_off[:20]
        ]
    )
    if len(cut_off) > 20:
        return [
            Said(
                "{count} building(s)/facilities join a piece of the walking network "
                "cut off from its largest piece: {names} and {more} more",
                count=len(cut_off),
                names=names,
                more=len(cut_off) - 20,
            )
        ]
    return [
        Said(
            "{count} building(s)/facilities join a piece of the walking network "
            "cut off from its largest piece: {names}",
            count=len(cut_off),
            names=names,
        )
    ]


def _listed(items: list[Said]) -> str:
    """Messages one after another, ``, `` between them, each said in the reader's language."""
    if len(items) <= 1:
        return items[0] if items else ""
    return Said("{first}, {rest}", first=items[0], rest=_listed(items[1:]))


def _rows_of(scene: _Scene, category: str) -> tuple[list[int], list[int]]:
    """The category's placed rooms (rows of ``own_placed``) and city facilities (of ``city_placed``)."""
    own_rows = [k for k, (_, f) in enumerate(scene.own_placed) if f.category == category]
    city_rows = [k for k, f in enumerate(scene.city_placed) if f.category == category]
    return own_rows, city_rows


def _unmeasured_category(
    scene: _Scene, category: str, rows: tuple[list[int], list[int]], beyond: bool, facilities_given: bool
) -> tuple[str, str, str] | None:
    """Why a category cannot be measured (no facility given, none placed), or None."""
    declared = (
        beyond
        or any(f.category == category for _, f in scene.own)
        or any(f.category == category for f in scene.city)
    )
    if not declared and not facilities_given:
        return (
            f"no {category} facility in the project: give the facilities around it "
            "(--facilities FILE) to measure how far its households walk to one",
            f"项目无{category_zh(category)}设施：请用 --facilities 提供周边设施以计算覆盖",
            NOTE_NO_FACILITY_GIVEN,
        )
    own_rows, city_rows = rows
    if declared and not own_rows and not city_rows and not beyond:
        return (
            f"no {category} facility has coordinates",
            f"{category_zh(category)}设施均无坐标",
            NOTE_NONE_PLACED,
        )
    return None


def _measure_category(
    scene: _Scene,
    rows: tuple[list[int], list[int]],
    category_levels: list[CoverageLevel],
    beyond: bool,
    by_project: list[dict[str, LevelDistances | Unmeasured]],
    columns: dict[str, LevelColumns],
) -> np.ndarray:
    """Every building's distance to the category's nearest facility (one pass), recorded per
    project and level; returns the facilities' points (the sources)."""
    points, own_placed, method = scene.points, scene.own_placed, scene.method
    own_rows, city_rows = rows
    sources = (
        np.vstack([scene.own_xy[own_rows], scene.city_xy[city_rows]])
        if len(own_rows) + len(city_rows)
        else np.empty((0, 2))
    )
    walk = method.walk(sources, points.xy, scene.search, widen=scene.however_far)
    distance = walk.distance.copy()
    snapped = walk.snapped.copy()
    on_site = _served_on_site(points, [own_placed[k] for k in own_rows], scene.own_xy[own_rows])
    distance[on_site] = 0.0
    snapped |= on_site
    has_source = len(sources) > 0 or beyond
    none_joined = len(sources) > 0 and not bool(
        np.any(walk.source_snapped)
    )  # the facility is off the network
    reasons = np.where(
        ~snapped,
        "unsnapped",
        np.where(
            not has_source,
            "no_facility",
            np.where(walk.cut_off & ~on_site, "facility_unsnapped" if none_joined else "cut_off", "beyond"),
        ),
    ).tolist()
    nearest = [None if d != d or d == np.inf else round(d, 1) for d in distance.tolist()]
    snapped_list = snapped.tolist()
    offset = walk.offset.tolist()
    own_unsnapped: dict[int, list[dict[str, Any]]] = {}
    for position in np.flatnonzero(~walk.source_snapped[: len(own_rows)]).tolist():
        owner, facility = own_placed[own_rows[position]]
        own_unsnapped.setdefault(owner, []).append({"kind": "facility", "id": facility.id})
    households = points.households.tolist()
    if scene.as_columns:
        found = (distance, snapped, has_source, nearest, reasons, offset)
        _record_columns(scene, category_levels, found, own_unsnapped, columns)
        return sources
    shared = []  # what every level shares of a project: its buildings, their distances and why
    for i in scene.located:
        a, b = points.start[i]
        unsnapped = [
            _unsnapped_building(points.ids, households, offset, j) for j in range(a, b) if not snapped_list[j]
        ] + own_unsnapped.get(i, [])
        parts = (points.ids[a:b], households[a:b], nearest[a:b], reasons[a:b], unsnapped)
        shared.append((i, a, b, parts, scene.cut_off_points.get(i, []), scene.off_main[a:b]))
    for level in category_levels:
        near = _within(distance, level)
        covered = (snapped & near).tolist()
        for i, a, b, (ids, counts, near_m, why, unsnapped), cut_off, off_main in shared:
            by_project[i][level.rule_id] = LevelDistances(
                level,
                method.name,
                scene.metric,
                ids,
                counts,
                near_m,
                covered[a:b],
                why,
                unsnapped,
                cut_off,
                has_source,
                off_main,
            )
    return sources


def _within(distance: np.ndarray, level: CoverageLevel) -> np.ndarray:
    """Which distances lie within the level: up to its distance (≤), or nearer (<, 应小于)."""
    within: np.ndarray = (
        distance <= level.max_distance_m if level.inclusive else distance < level.max_distance_m
    )
    return within


def _unsnapped_building(ids: list[str], households: list[int], offset: list[float], j: int) -> dict[str, Any]:
    """A building that does not join the walking network, and how far it is from it."""
    return {
        "kind": "building",
        "id": ids[j],
        "households": households[j],
        "offset_m": None if offset[j] == np.inf else round(offset[j], 1),
    }


def _record_columns(
    scene: _Scene,
    category_levels: list[CoverageLevel],
    found: tuple[np.ndarray, np.ndarray, bool, list[float | None], list[str], list[float]],
    own_unsnapped: dict[int, list[dict[str, Any]]],
    columns: dict[str, LevelColumns],
) -> None:
    """Each level of the category as columns: one building a project, row j of project
    ``located[j]`` (an estate list); what :class:`LevelDistances` holds of each, row by row."""
    distance, snapped, has_source, nearest, reasons, offset = found
    points = scene.points
    households = points.households.tolist()
    unsnapped: dict[int, list[dict[str, Any]]] = {}
    for row in np.flatnonzero(~snapped).tolist():
        unsnapped[row] = [_unsnapped_building(points.ids, households, offset, row)]
    for i, rooms in own_unsnapped.items():  # one building a project: its row is its building's
        row = points.start[i][0]
        unsnapped[row] = unsnapped.get(row, []) + rooms
    for level in category_levels:
        near = _within(distance, level)
        columns[level.rule_id] = LevelColumns(
            level,
            scene.method.name,
            scene.metric,
            scene.located,
            points.ids,
            households,
            nearest,
            (snapped & near).tolist(),
            reasons,
            scene.off_main,
            has_source,
            unsnapped,
            scene.cut_off_points,
        )


def _catchment(
    method: DistanceMethod, category: str, category_levels: list[CoverageLevel], sources: np.ndarray
) -> Catchment:
    """Where the category's facilities reach within its main level, for the map."""
    main = max(category_levels, key=lambda lv: (not lv.informational, lv.max_distance_m))
    reachable = (
        method.reachable(sources, main.max_distance_m)
        if isinstance(method, WalkingNetwork) and len(sources)
        else np.empty((0, 2, 2))
    )
    return Catchment(category, main.level, main.max_distance_m, method.name, sources, reachable)


def _map_geometry(scene: _Scene, catchments: list[Catchment], health: dict[str, Any] | None) -> MapGeometry:
    """The one project measured, as its map draws it."""
    points, method = scene.points, scene.method
    return MapGeometry(
        crs=scene.metric,
        building_ids=tuple(points.ids),
        building_xy=points.xy,
        building_households=points.households,
        facility_ids=tuple(f.id for _, f in scene.own_placed),
        facility_categories=tuple(f.category for _, f in scene.own_placed),
        facility_xy=scene.own_xy,
        network=(
            method.segments(np.vstack([points.xy, scene.own_xy]), scene.search)
            if isinstance(method, WalkingNetwork)
            else np.empty((0, 2, 2))
        ),
        catchments=tuple(catchments),
        network_health=health,
        facility_areas=tuple(f.area_m2 for _, f in scene.own_placed),
        **_city_near(scene, np.vstack([points.xy, scene.own_xy])),
    )


def _city_near(scene: _Scene, around: np.ndarray) -> dict[str, Any]:
    """The city's facilities within the search distance of the project's box, for its map (a
    city's list may hold thousands: only those a map can show are kept)."""
    xy = scene.city_xy.reshape(-1, 2)
    lo, hi = around.min(axis=0) - scene.search, around.max(axis=0) + scene.search
    near = np.flatnonzero(np.all((xy >= lo) & (xy <= hi), axis=1)).tolist()
    kept = [scene.city_placed[k] for k in near]
    return {
        "city_ids": tuple(f.id for f in kept),
        "city_categories": tuple(f.category for f in kept),
        "city_xy": xy[near],
        "city_areas": tuple(f.area_m2 for f in kept),
        "city_places": tuple(f.places for f in kept),
    }


def _unlocated(project: Project) -> list[str]:
    """The ids of the project's buildings without coordinates."""
    return [b.id for b in project.buildings if b.x is None or b.y is None]


def measured_metric_crs(projects: Sequence[Project], measured: Sequence[bool] | None = None) -> str | None:
    """The metric CRS :func:`measure` chooses for these projects (None: none can be placed)."""
    wanted = [True] * len(projects) if measured is None else list(measured)
    crs_of: dict[int, str] = {}
    for index, project in enumerate(projects):
        if wanted[index] and project.buildings and not _unlocated(project):
            crs = coordinates_crs(project)[0]
            if crs is not None:
                crs_of[index] = crs
    return _metric_crs(projects, list(crs_of), crs_of) if crs_of else None


def _in_one_place(
    projects: Sequence[Project],
    located: list[int],
    crs_of: dict[int, str],
    buildings: np.ndarray,
    city_xy: np.ndarray,
    facilities_read: tuple[str, str | None],
    network: Network | None,
    method: DistanceMethod,
    metric: str,
) -> None:
    """Stop when the facilities or the network lie far from the buildings (spatial/extent.py)."""
    sources = sorted({projects[i].source for i in located if projects[i].source})
    read_as = sorted(set(crs_of[i] for i in located))
    first = Extent(
        Said("the buildings") if len(located) == 1 else Said("the estates"),
        ", ".join(sources),
        buildings,
        ", ".join(read_as),
    )
    others = []
    if len(city_xy):
        source, crs = facilities_read
        others.append(Extent(Said("the facilities"), source, city_xy, crs or WGS84))
    if network is not None and isinstance(method, WalkingNetwork) and method.graph.node_count:
        others.append(Extent(Said("the walking network's ways"), network.source, method.graph.node_xy))
    require_one_place(first, others, lambda x, y: transform(x, y, metric, WGS84))


def _metric_crs(projects: Sequence[Project], located: list[int], crs_of: dict[int, str]) -> str:
    """The metric CRS chosen from the buildings of the most common CRS."""
    common = max(sorted(set(crs_of.values())), key=lambda c: sum(1 for i in located if crs_of[i] == c))
    x = np.array([b.x for i in located if crs_of[i] == common for b in projects[i].buildings], dtype=float)
    y = np.array([b.y for i in located if crs_of[i] == common for b in projects[i].buildings], dtype=float)
    return metric_crs_for_points(x, y, common)


def _transform_each(crs: list[str], xy: list[tuple[Any, Any]], metric: str) -> np.ndarray:
    """Points each in its CRS, to ``metric`` (one transform per CRS)."""
    out = np.empty((len(xy), 2))
    if not xy:
        return out
    raw = np.array(xy, dtype=float)
    labels = np.array(crs, dtype=object)
    for name in sorted(set(crs)):
        rows = labels == name
        out[rows] = np.column_stack(transform(raw[rows, 0], raw[rows, 1], name, metric))
    return out


def _building_points(
    projects: Sequence[Project], located: list[int], crs_of: dict[int, str], metric: str
) -> _Points:
    owner: list[int] = []
    ids: list[str] = []
    households: list[int] = []
    raw: list[tuple[Any, Any]] = []
    crs: list[str] = []
    start: dict[int, tuple[int, int]] = {}
    for i in located:
        begin = len(ids)
        for b in projects[i].buildings:
            owner.append(i)
            ids.append(b.id)
            households.append(b.households or 0)
            raw.append((b.x, b.y))
            crs.append(crs_of[i])
        start[i] = (begin, len(ids))
    return _Points(
        np.array(owner, dtype=np.int64),
        ids,
        np.array(households, dtype=np.int64),
        _transform_each(crs, raw, metric),
        start,
    )


def _served_on_site(points: _Points, own: list[tuple[int, Facility]], own_xy: np.ndarray) -> np.ndarray:
    """Buildings at the very point of one of their own project's rooms (an estate's rooms): the
    same project, and the same point to the millimetre (rounded alike on both sides)."""
    if not own:
        return np.zeros(len(points.ids), dtype=bool)
    spots = _spot_keys(np.array([i for i, _ in own], dtype=float), own_xy)
    return np.isin(_spot_keys(points.project.astype(float), points.xy), spots)


def _spot_keys(project: np.ndarray, xy: np.ndarray) -> np.ndarray:
    """(project, x, y to the millimetre) of each point as one comparable value per row."""
    rounded = np.round(xy.reshape(-1, 2), 3) + 0.0  # + 0.0: -0.0 is 0.0, as Python's == holds
    rows = np.ascontiguousarray(np.column_stack([project, rounded]))
    return rows.view(np.dtype((np.void, rows.dtype.itemsize * 3))).ravel()


def _cut_off_points(
    method: WalkingNetwork,
    building_xy: np.ndarray,
    facility_xy: np.ndarray,
    building_ids: Sequence[str],
    facility_ids: Sequence[str],
) -> list[dict[str, Any]]:
    """Buildings and facilities that join only pieces apart from the network's largest."""
    off, length = method.off_main(np.vstack([building_xy, facility_xy]))
    kinds = ["building"] * len(building_ids) + ["facility"] * len(facility_ids)
    ids = list(building_ids) + list(facility_ids)
    return [
        {"kind": kinds[i], "id": ids[i], "piece_length_m": round(float(length[i]), 1)}
        for i in np.flatnonzero(off).tolist()
    ]


def _unmeasured(
    levels: list[CoverageLevel], method: str, project: Project, why_en: str, why_zh: str, note: str
) -> dict[str, LevelDistances | Unmeasured]:
    """Every level of a project that cannot be measured, with the reason."""
    total = int(sum(b.households or 0 for b in project.buildings) or (project.households or 0))
    return {
        level.rule_id: Unmeasured(level, method, total, {"en": why_en, "zh": why_zh}, note)
        for level in levels
    }
