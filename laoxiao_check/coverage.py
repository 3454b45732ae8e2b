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
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Protocol

import numpy as np
from scipy.spatial import cKDTree

from .checks.base import category_zh
from .geo import WGS84, looks_geographic, metric_crs_for_points, transform
from .models import Project
from .network import snap_index, snap_points
from .network.graph import WalkGraph
from .network.health import health_warnings
from .network.noding import NodingOptions
from .network.paths import distances_to_nearest, node_distances
from .network.snap import Snapped

DEFAULT_MAX_SNAP_M = 300.0
REPORT_RANGE = 3.0
"""Nearest distances are first searched up to this multiple of the largest level's distance."""
WIDEN = 4.0
"""…then this many times farther at a time, until every reachable building is reached."""
UNBOUNDED_AFTER_M = 200_000.0
"""Past this, one last search without bound."""


class Network(Protocol):
    """A walking network that can give its graph in a metric CRS (io.network.NetworkLines,
    network_cache.NetworkFile)."""

    source: str

    def walk_graph(self, metric_crs: str, options: NodingOptions | None = None) -> tuple[WalkGraph, dict]: ...


@dataclass(frozen=True)
class CoverageLevel:
    rule_id: str
    category: str
    level: str
    max_distance_m: float
    required_ratio: float
    informational: bool = False


@dataclass(frozen=True)
class CoverageResult:
    rule_id: str
    category: str
    level: str
    max_distance_m: float
    method: str
    households_total: int
    households_covered: int
    ratio: float | None
    required_ratio: float
    status: str
    message: dict[str, str]
    uncovered: tuple[dict[str, Any], ...] = ()
    unsnapped: tuple[dict[str, Any], ...] = ()
    cut_off: tuple[dict[str, Any], ...] = ()
    """Buildings and facilities joined to a piece of the network apart from its largest."""
    informational: bool = False
    metric_crs: str = ""
    distances: dict[str, float | None] = field(default_factory=dict)
    """Building id → distance to the nearest facility (None beyond the search range)."""

    def as_dict(self) -> dict[str, Any]:
        return {
            "category": self.category,
            "level": self.level,
            "max_distance_m": self.max_distance_m,
            "method": self.method,
            "households_total": self.households_total,
            "households_covered": self.households_covered,
            "ratio": self.ratio,
            "required_ratio": self.required_ratio,
            "status": self.status,
            "informational": self.informational,
            "crs": self.metric_crs,
            "message": self.message["en"],
            "message_zh": self.message["zh"],
            "uncovered": list(self.uncovered),
            "unsnapped": list(self.unsnapped),
            "cut_off": list(self.cut_off),
        }


@dataclass(frozen=True)
class Catchment:
    """Where a category's facilities reach within a level's distance, for maps and layers."""

    category: str
    level: str
    max_distance_m: float
    method: str
    centres: np.ndarray
    """(k, 2) facility points (straight line: circles of max_distance_m around them)."""
    segments: np.ndarray
    """(m, 2, 2) reachable pieces of the network (network method; empty otherwise)."""


@dataclass(frozen=True)
class MapGeometry:
    """The project in its metric CRS: what reports draw. Plain arrays, no I/O."""

    crs: str
    building_ids: tuple[str, ...]
    building_xy: np.ndarray
    building_households: np.ndarray
    facility_ids: tuple[str, ...]
    facility_categories: tuple[str, ...]
    facility_xy: np.ndarray
    network: np.ndarray
    """(m, 2, 2) the walking network's segments around the project (empty without one)."""
    catchments: tuple[Catchment, ...]
    network_health: dict[str, Any] | None = None
    """The walking network's health report (network.health), None without a network."""


@dataclass(frozen=True)
class Walk:
    """Each target's distance to its nearest source, and how each point joined."""

    distance: np.ndarray
    """inf where not reached."""
    snapped: np.ndarray
    offset: np.ndarray
    source_snapped: np.ndarray
    cut_off: np.ndarray
    """Per target: joined, but no source joined any of its pieces."""


class DistanceMethod(Protocol):
    name: str

    def nearest(
        self, sources: np.ndarray, targets: np.ndarray, limit_m: float
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Distances (inf beyond limit), target snapped?, target snap offset, source snapped?"""

    def walk(self, sources: np.ndarray, targets: np.ndarray, limit_m: float) -> Walk:
        """Distances however far (``limit_m``: where the search starts)."""


class StraightLine:
    name = "straight_line"

    def nearest(self, sources, targets, limit_m):
        snapped_t = np.ones(len(targets), dtype=bool)
        if len(sources) == 0 or len(targets) == 0:
            return (
                np.full(len(targets), np.inf),
                snapped_t,
                np.zeros(len(targets)),
                np.ones(len(sources), bool),
            )
        distance, _ = cKDTree(sources).query(targets, k=1)
        distance = np.where(distance <= limit_m, distance, np.inf)
        return distance, snapped_t, np.zeros(len(targets)), np.ones(len(sources), dtype=bool)

    def walk(self, sources: np.ndarray, targets: np.ndarray, limit_m: float) -> Walk:
        distance, snapped, offset, source_snapped = self.nearest(sources, targets, np.inf)
        return Walk(distance, snapped, offset, source_snapped, np.zeros(len(targets), dtype=bool))


class WalkingNetwork:
    name = "network"

    def __init__(self, graph: WalkGraph, max_snap_m: float, points: np.ndarray | None = None) -> None:
        """``points``: every point that will be joined, to index only the edges near them."""
        self.graph = graph
        self.max_snap_m = max_snap_m
        self.index = None
        if points is not None:
            points = points[np.isfinite(points).all(axis=1)]
            if len(points):
                self.index = snap_index(graph, points, max_snap_m)

    def snap(self, xy: np.ndarray) -> Snapped:
        return snap_points(self.graph, xy, self.max_snap_m, self.index)

    def segments(self, around: np.ndarray | None = None, reach_m: float = 0.0) -> np.ndarray:
        """The network's segments (those within ``reach_m`` of the points' box, if given)."""
        g = self.graph
        a, b = g.node_xy[g.edge_u], g.node_xy[g.edge_v]
        if around is not None and len(around):
            lo, hi = around.min(axis=0) - reach_m, around.max(axis=0) + reach_m
            near = np.all(np.maximum(a, b) >= lo, axis=1) & np.all(np.minimum(a, b) <= hi, axis=1)
            a, b = a[near], b[near]
        return np.stack([a, b], axis=1)

    def reachable(self, sources: np.ndarray, limit_m: float) -> np.ndarray:
        """The pieces of edges within ``limit_m`` of a source, as (m, 2, 2) segments."""
        g = self.graph
        snap = self.snap(sources)
        at_node = node_distances(g, snap, limit_m)
        length = g.edge_length
        from_u = np.clip(limit_m - at_node[g.edge_u], 0, length)
        from_v = np.clip(limit_m - at_node[g.edge_v], 0, length)
        pieces = [
            (np.arange(g.edge_count), np.zeros(g.edge_count), from_u),
            (np.arange(g.edge_count), length - from_v, length),
        ]
        spare = np.maximum(limit_m - snap.offset_m, 0)  # along a source's own edge
        pieces.append(
            (
                snap.edge,
                np.clip(snap.along_m - spare, 0, length[snap.edge]),
                np.clip(snap.along_m + spare, 0, length[snap.edge]),
            )
        )
        edge = np.concatenate([p[0] for p in pieces])
        start = np.concatenate([p[1] for p in pieces])
        end = np.concatenate([p[2] for p in pieces])
        keep = end - start > 1e-6
        edge, start, end = edge[keep], start[keep], end[keep]
        origin = g.node_xy[g.edge_u[edge]]
        direction = (g.node_xy[g.edge_v[edge]] - origin) / np.maximum(length[edge], 1e-12)[:, None]
        return np.stack([origin + direction * start[:, None], origin + direction * end[:, None]], axis=1)

    def nearest(self, sources, targets, limit_m):
        source_snap = self.snap(sources)
        target_snap = self.snap(targets)
        distance = distances_to_nearest(self.graph, source_snap, target_snap, limit_m)
        return distance, target_snap.snapped, target_snap.point_offset(), source_snap.snapped

    def walk(self, sources: np.ndarray, targets: np.ndarray, limit_m: float) -> Walk:
        """Nearest distances however far: widen the search from ``limit_m`` while a target
        whose piece holds a source is not yet reached."""
        g = self.graph
        source_snap = self.snap(sources)
        target_snap = self.snap(targets)
        reachable = np.zeros(target_snap.count, dtype=bool)
        on_source_piece = np.isin(g.edge_piece[target_snap.edge], g.edge_piece[source_snap.edge])
        reachable[target_snap.point[on_source_piece]] = True
        limit = limit_m
        while True:
            distance = distances_to_nearest(g, source_snap, target_snap, limit)
            if not np.any(reachable & ~np.isfinite(distance)) or not np.isfinite(limit):
                break
            limit = limit * WIDEN if limit * WIDEN <= UNBOUNDED_AFTER_M else np.inf
        snapped = target_snap.snapped
        return Walk(distance, snapped, target_snap.point_offset(), source_snap.snapped, snapped & ~reachable)

    def off_main(self, xy: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Per point: joined only pieces apart from the largest? and that piece's length."""
        snap = self.snap(xy)
        piece = self.graph.edge_piece[snap.edge]
        on_main = np.zeros(len(xy), dtype=bool)
        on_main[snap.point[piece == 0]] = True
        length = np.zeros(len(xy))
        np.maximum.at(length, snap.point, self.graph.piece_length[piece])
        return snap.snapped & ~on_main, length


def coordinates_crs(project: Project) -> tuple[str | None, str]:
    """The CRS of the project's x/y, and a warning when it was assumed."""
    if project.crs:
        return project.crs, ""
    xs = np.array([b.x for b in project.buildings], dtype=float)
    ys = np.array([b.y for b in project.buildings], dtype=float)
    if len(xs) and looks_geographic(xs, ys):
        return WGS84, "coordinates without a CRS (坐标系) taken as WGS84 longitude/latitude"
    return None, ""


def project_coverage(
    project: Project,
    levels: list[CoverageLevel],
    network: Network | None = None,
    max_snap_m: float = DEFAULT_MAX_SNAP_M,
    noding: NodingOptions | None = None,
) -> tuple[dict[str, CoverageResult], list[str], MapGeometry | None]:
    """Coverage of one project's buildings by its own facilities, per level."""
    if not levels:
        return {}, [], None
    warnings: list[str] = []
    method_name = "network" if network is not None else "straight_line"
    buildings = project.buildings
    missing = [b.id for b in buildings if b.x is None or b.y is None]
    if not buildings or missing:
        why_en = (
            "no buildings listed: coverage needs each building's households and coordinates"
            if not buildings
            else f"building(s) without coordinates (x, y): {', '.join(missing[:20])}"
            + (f" and {len(missing) - 20} more" if len(missing) > 20 else "")
        )
        why_zh = (
            "未列出楼栋：覆盖率需各楼栋户数和坐标"
            if not buildings
            else f"楼栋缺少坐标：{'、'.join(missing[:20])}"
        )
        return (
            {lv.rule_id: _insufficient(lv, method_name, project, why_en, why_zh) for lv in levels},
            warnings,
            None,
        )
    crs, assumed = coordinates_crs(project)
    if assumed:
        warnings.append(assumed)
    if crs is None:
        why = "coordinates are given without a CRS (坐标系) and are not longitude/latitude"
        return (
            {lv.rule_id: _insufficient(lv, method_name, project, why, "坐标未注明坐标系") for lv in levels},
            warnings,
            None,
        )

    bx = np.array([b.x for b in buildings], dtype=float)
    by = np.array([b.y for b in buildings], dtype=float)
    metric = metric_crs_for_points(bx, by, crs)
    building_xy = np.column_stack(transform(bx, by, crs, metric))
    households = np.array([b.households for b in buildings], dtype=np.int64)
    reach = max(lv.max_distance_m for lv in levels) * REPORT_RANGE

    located = [f for f in project.facilities if f.x is not None and f.y is not None]
    unlocated = [f.id for f in project.facilities if f not in located]
    if unlocated:
        warnings.append(f"facilities without coordinates, left out of coverage: {', '.join(unlocated)}")
    facility_xy = (
        np.column_stack(
            transform(np.array([f.x for f in located]), np.array([f.y for f in located]), crs, metric)
        )
        if located
        else np.empty((0, 2))
    )
    health = None
    cut_off: list[dict[str, Any]] = []
    if network is not None:
        graph, health = network.walk_graph(metric, noding)
        all_points = np.vstack([building_xy, facility_xy])
        method: DistanceMethod = WalkingNetwork(graph, max_snap_m, all_points)
        warnings.extend(health_warnings(health))
        cut_off = _cut_off_points(method, building_xy, facility_xy, buildings, located)
        if cut_off:
            names = ", ".join(f"{c['kind']} {c['id']}" for c in cut_off[:20])
            more = f" and {len(cut_off) - 20} more" if len(cut_off) > 20 else ""
            warnings.append(
                f"{len(cut_off)} building(s)/facilities join a piece of the walking network cut off "
                f"from its largest piece: {names}{more}"
            )
    else:
        method = StraightLine()

    results: dict[str, CoverageResult] = {}
    catchments: list[Catchment] = []
    for category in sorted({lv.category for lv in levels}):
        category_levels = [lv for lv in levels if lv.category == category]
        chosen = [i for i, f in enumerate(located) if f.category == category]
        all_of_category = project.facilities_of(category)
        if all_of_category and not chosen:
            for lv in category_levels:
                results[lv.rule_id] = _insufficient(
                    lv,
                    method.name,
                    project,
                    f"no {category} facility has coordinates",
                    f"{category}设施均无坐标",
                )
            catchments.append(
                Catchment(category, "", 0.0, method.name, np.empty((0, 2)), np.empty((0, 2, 2)))
            )
            continue
        walk = method.walk(facility_xy[chosen], building_xy, reach)
        distance, snapped, offset = walk.distance, walk.snapped, walk.offset
        source_snapped = walk.source_snapped
        chosen_ids = {located[j].id for j in chosen}
        unsnapped = [
            {
                "kind": "building",
                "id": b.id,
                "households": int(b.households),
                "offset_m": None if not np.isfinite(offset[i]) else round(float(offset[i]), 1),
            }
            for i, b in enumerate(buildings)
            if not snapped[i]
        ] + [{"kind": "facility", "id": located[j].id} for k, j in enumerate(chosen) if not source_snapped[k]]
        for lv in category_levels:
            results[lv.rule_id] = summarise(
                lv,
                method.name,
                [b.id for b in buildings],
                households,
                distance,
                snapped,
                unsnapped,
                metric,
                has_facility=bool(chosen),
                cut_off=walk.cut_off,
                cut_off_points=[c for c in cut_off if c["kind"] == "building" or c["id"] in chosen_ids],
            )
        main = max(category_levels, key=lambda lv: (not lv.informational, lv.max_distance_m))
        reachable = (
            method.reachable(facility_xy[chosen], main.max_distance_m)
            if isinstance(method, WalkingNetwork) and chosen
            else np.empty((0, 2, 2))
        )
        catchments.append(
            Catchment(category, main.level, main.max_distance_m, method.name, facility_xy[chosen], reachable)
        )
    geometry = MapGeometry(
        crs=metric,
        building_ids=tuple(b.id for b in buildings),
        building_xy=building_xy,
        building_households=households,
        facility_ids=tuple(f.id for f in located),
        facility_categories=tuple(f.category for f in located),
        facility_xy=facility_xy,
        network=(
            method.segments(np.vstack([building_xy, facility_xy]), reach)
            if isinstance(method, WalkingNetwork)
            else np.empty((0, 2, 2))
        ),
        catchments=tuple(catchments),
        network_health=health,
    )
    return results, warnings, geometry


def _cut_off_points(
    method: WalkingNetwork, building_xy: np.ndarray, facility_xy: np.ndarray, buildings, facilities
) -> list[dict[str, Any]]:
    """Buildings and facilities that join only pieces apart from the network's largest."""
    off, length = method.off_main(np.vstack([building_xy, facility_xy]))
    kinds = ["building"] * len(buildings) + ["facility"] * len(facilities)
    ids = [b.id for b in buildings] + [f.id for f in facilities]
    return [
        {"kind": kinds[i], "id": ids[i], "piece_length_m": round(float(length[i]), 1)}
        for i in np.flatnonzero(off).tolist()
    ]


def summarise(
    level: CoverageLevel,
    method: str,
    building_ids: list[str],
    households: np.ndarray,
    distance: np.ndarray,
    snapped: np.ndarray,
    unsnapped: list[dict[str, Any]],
    metric_crs: str,
    *,
    has_facility: bool,
    cut_off: np.ndarray | None = None,
    cut_off_points: list[dict[str, Any]] | None = None,
) -> CoverageResult:
    covered_mask = snapped & (distance <= level.max_distance_m)
    total = int(households.sum())
    covered = int(households[covered_mask].sum())
    nearest = [None if not np.isfinite(d) else round(float(d), 1) for d in distance]
    cut_off = np.zeros(len(distance), dtype=bool) if cut_off is None else cut_off
    reasons = np.where(
        ~snapped,
        "unsnapped",
        np.where(not has_facility, "no_facility", np.where(cut_off, "cut_off", "beyond")),
    )
    uncovered = tuple(
        {
            "building": building_ids[i],
            "households": int(households[i]),
            "nearest_m": nearest[i],
            "reason": str(reasons[i]),
        }
        for i in np.nonzero(~covered_mask)[0]
    )
    distances = dict(zip(building_ids, nearest, strict=True))
    common = {
        "rule_id": level.rule_id,
        "category": level.category,
        "level": level.level,
        "max_distance_m": level.max_distance_m,
        "method": method,
        "required_ratio": level.required_ratio,
        "uncovered": uncovered,
        "unsnapped": tuple(unsnapped),
        "cut_off": tuple(cut_off_points or ()),
        "informational": level.informational,
        "metric_crs": metric_crs,
        "distances": distances,
    }
    if total == 0:
        message = {"en": "the buildings have no households", "zh": "楼栋户数为零"}
        return CoverageResult(
            **common,
            households_total=0,
            households_covered=0,
            ratio=None,
            status="not_applicable",
            message=message,
        )
    ratio = covered / total
    meets = Decimal(covered) >= Decimal(repr(level.required_ratio)) * total
    way_en = "walking along the network" if method == "network" else "in a straight line"
    way_zh = "沿步行路网" if method == "network" else "直线距离"
    en = (
        f"{covered:,} of {total:,} households ({ratio:.1%}) within {level.max_distance_m:g} m "
        f"of a {level.category} facility {way_en}; {level.required_ratio:.0%} required"
    )
    zh = (
        f"{way_zh}{level.max_distance_m:g}米内有{category_zh(level.category)}设施的住户{covered}户/共{total}户"
        f"（{ratio:.1%}），要求{level.required_ratio:.0%}"
    )
    if not has_facility:
        en += f"; the project has no {level.category} facility"
        zh += f"；项目无{category_zh(level.category)}设施"
    if uncovered:
        en += f"; {len(uncovered)} building(s) outside"
        zh += f"；{len(uncovered)}栋楼在范围外"
    return CoverageResult(
        **common,
        households_total=total,
        households_covered=covered,
        ratio=ratio,
        status="pass" if meets else "fail",
        message={"en": en, "zh": zh},
    )


def _insufficient(
    level: CoverageLevel, method: str, project: Project, why_en: str, why_zh: str
) -> CoverageResult:
    total = sum(b.households or 0 for b in project.buildings) or (project.households or 0)
    return CoverageResult(
        level.rule_id,
        level.category,
        level.level,
        level.max_distance_m,
        method,
        int(total),
        0,
        None,
        level.required_ratio,
        "insufficient_data",
        {"en": why_en, "zh": why_zh},
        informational=level.informational,
    )
