"""The 15-minute (and other) service-circle coverage of households.

For each category and level: the share of households (each building weighted by its
households) whose building is within the level's distance of at least one facility of the
category, by straight line or along a walking network. Used by ``check`` (one project)
and ``audit`` (many estates at once); the distance work is vectorised in both.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Protocol

import numpy as np
import shapely
from scipy.spatial import cKDTree

from .checks.base import category_zh
from .geo import WGS84, looks_geographic, metric_crs_for_points, transform
from .io.network import NetworkLines
from .models import Project
from .network import graph_from_lines, snap_points
from .network.graph import WalkGraph
from .network.paths import distances_to_nearest, node_distances

DEFAULT_MAX_SNAP_M = 300.0
REPORT_RANGE = 3.0
"""Nearest distances are searched up to this multiple of the largest level's distance."""


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


class DistanceMethod(Protocol):
    name: str

    def nearest(
        self, sources: np.ndarray, targets: np.ndarray, limit_m: float
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Distances (inf beyond limit), target snapped?, target snap offset, source snapped?"""


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


class WalkingNetwork:
    name = "network"

    def __init__(self, graph: WalkGraph, max_snap_m: float) -> None:
        self.graph = graph
        self.max_snap_m = max_snap_m

    def segments(self) -> np.ndarray:
        g = self.graph
        return np.stack([g.node_xy[g.edge_u], g.node_xy[g.edge_v]], axis=1)

    def reachable(self, sources: np.ndarray, limit_m: float) -> np.ndarray:
        """The pieces of edges within ``limit_m`` of a source, as (m, 2, 2) segments."""
        g = self.graph
        snap = snap_points(g, sources, self.max_snap_m)
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
        source_snap = snap_points(self.graph, sources, self.max_snap_m)
        target_snap = snap_points(self.graph, targets, self.max_snap_m)
        distance = distances_to_nearest(self.graph, source_snap, target_snap, limit_m)
        return distance, target_snap.snapped, target_snap.point_offset(), source_snap.snapped


def network_method(
    network: NetworkLines, metric_crs: str, points: np.ndarray, reach_m: float, max_snap_m: float
) -> WalkingNetwork:
    """The network around ``points`` (clipped to what a walk of ``reach_m`` can use)."""
    lines = network.in_crs(metric_crs)
    if len(points):
        lo = points.min(axis=0) - reach_m - max_snap_m
        hi = points.max(axis=0) + reach_m + max_snap_m
        box = shapely.box(lo[0], lo[1], hi[0], hi[1])
        lines = lines[shapely.STRtree(lines).query(box)]
    return WalkingNetwork(graph_from_lines(lines), max_snap_m)


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
    network: NetworkLines | None = None,
    max_snap_m: float = DEFAULT_MAX_SNAP_M,
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
    if network is not None:
        method: DistanceMethod = network_method(
            network, metric, np.vstack([building_xy, facility_xy]), reach, max_snap_m
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
        distance, snapped, offset, source_snapped = method.nearest(facility_xy[chosen], building_xy, reach)
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
        network=method.segments() if isinstance(method, WalkingNetwork) else np.empty((0, 2, 2)),
        catchments=tuple(catchments),
    )
    return results, warnings, geometry


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
) -> CoverageResult:
    covered_mask = snapped & (distance <= level.max_distance_m)
    total = int(households.sum())
    covered = int(households[covered_mask].sum())
    nearest = [None if not np.isfinite(d) else round(float(d), 1) for d in distance]
    uncovered = tuple(
        {"building": building_ids[i], "households": int(households[i]), "nearest_m": nearest[i]}
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
