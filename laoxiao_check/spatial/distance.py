"""How far apart points are: in a straight line, or walking along a network (the two methods
that coverage, reach and siting share). Arrays in, arrays out; no files, no verdicts."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np

if TYPE_CHECKING:  # the network package (scipy.sparse) loads only when a network is used
    from laoxiao_check.spatial.network.graph import WalkGraph
    from laoxiao_check.spatial.network.noding import NodingOptions
    from laoxiao_check.spatial.network.snap import Snapped


BRUTE_FORCE_PAIRS = 2_000_000
"""Up to this many source × target pairs, straight-line distances are one numpy broadcast
(no k-d tree: scipy.spatial alone takes longer to import than a project takes to check)."""

DEFAULT_MAX_SNAP_M = 300.0
"""How far a point may lie from the nearest walkable way and still join the network."""
WIDEN = 4.0
"""…then this many times farther at a time, until every reachable building is reached."""
UNBOUNDED_AFTER_M = 200_000.0
"""Past this, one last search without bound."""


class Network(Protocol):
    """A walking network that can give its graph in a metric CRS (io.network.NetworkLines,
    network_cache.NetworkFile)."""

    @property
    def source(self) -> str: ...

    def walk_graph(
        self, metric_crs: str, options: NodingOptions | None = None
    ) -> tuple[WalkGraph, dict[str, Any]]: ...


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

    def walk(self, sources: np.ndarray, targets: np.ndarray, limit_m: float, widen: bool = True) -> Walk:
        """Distances however far (``limit_m``: where the search starts); ``widen=False``:
        only up to ``limit_m`` (inf beyond)."""


class StraightLine:
    name = "straight_line"

    def nearest(
        self, sources: np.ndarray, targets: np.ndarray, limit_m: float
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        snapped_t = np.ones(len(targets), dtype=bool)
        if len(sources) == 0 or len(targets) == 0:
            return (
                np.full(len(targets), np.inf),
                snapped_t,
                np.zeros(len(targets)),
                np.ones(len(sources), bool),
            )
        if len(sources) * len(targets) <= BRUTE_FORCE_PAIRS:
            gaps = targets[:, None, :] - sources[None, :, :]
            distance = np.sqrt((gaps**2).sum(axis=2)).min(axis=1)
        else:
            from scipy.spatial import cKDTree

            distance, _ = cKDTree(sources).query(targets, k=1)
        distance = np.where(distance <= limit_m, distance, np.inf)
        return distance, snapped_t, np.zeros(len(targets)), np.ones(len(sources), dtype=bool)

    def walk(self, sources: np.ndarray, targets: np.ndarray, limit_m: float, widen: bool = True) -> Walk:
        limit = np.inf if widen else limit_m
        distance, snapped, offset, source_snapped = self.nearest(sources, targets, limit)
        return Walk(distance, snapped, offset, source_snapped, np.zeros(len(targets), dtype=bool))


class WalkingNetwork:
    name = "network"

    def __init__(
        self,
        graph: WalkGraph,
        max_snap_m: float,
        points: np.ndarray | None = None,
        prefer_major_within_m: float | None = None,
    ) -> None:
        """``points``: every point that will be joined, to index only the edges near them;
        ``prefer_major_within_m``: see ``network/snap.py`` (None: its default)."""
        from laoxiao_check.spatial.network import snap_index

        self.graph = graph
        self.max_snap_m = max_snap_m
        self.prefer_major_within_m = prefer_major_within_m
        self.index = None
        if points is not None:
            points = points[np.isfinite(points).all(axis=1)]
            if len(points):
                self.index = snap_index(graph, points, max_snap_m)

    def snap(self, xy: np.ndarray) -> Snapped:
        from laoxiao_check.spatial.network import snap_points

        return snap_points(self.graph, xy, self.max_snap_m, self.index, self.prefer_major_within_m)

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
        from laoxiao_check.spatial.network.paths import node_distances

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

    def nearest(
        self, sources: np.ndarray, targets: np.ndarray, limit_m: float
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        from laoxiao_check.spatial.network.paths import distances_to_nearest

        source_snap = self.snap(sources)
        target_snap = self.snap(targets)
        distance = distances_to_nearest(self.graph, source_snap, target_snap, limit_m)
        return distance, target_snap.snapped, target_snap.point_offset(), source_snap.snapped

    def walk(self, sources: np.ndarray, targets: np.ndarray, limit_m: float, widen: bool = True) -> Walk:
        """Nearest distances however far: widen the search from ``limit_m`` while a target
        whose piece holds a source is not yet reached (``widen=False``: one bounded pass)."""
        from laoxiao_check.spatial.network.paths import distances_to_nearest

        g = self.graph
        source_snap = self.snap(sources)
        target_snap = self.snap(targets)
        reachable = np.zeros(target_snap.count, dtype=bool)
        on_source_piece = np.isin(g.edge_piece[target_snap.edge], g.edge_piece[source_snap.edge])
        reachable[target_snap.point[on_source_piece]] = True
        limit = limit_m
        while True:
            distance = distances_to_nearest(g, source_snap, target_snap, limit)
            if not widen or not np.any(reachable & ~np.isfinite(distance)) or not np.isfinite(limit):
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


def distance_method(
    network: Network | None, metric_crs: str, max_snap_m: float, noding: Any, points: np.ndarray
) -> tuple[DistanceMethod, dict[str, Any] | None]:
    """The distance method for these points: along the network (its graph built in the metric
    CRS, with its health report), or in a straight line without one."""
    if network is None:
        return StraightLine(), None
    graph, health = network.walk_graph(metric_crs, noding)
    return method_for(graph, max_snap_m, points, noding), health


def method_for(
    graph: WalkGraph | None, max_snap_m: float, points: np.ndarray, noding: Any = None
) -> DistanceMethod:
    """Walking on ``graph`` (``points`` are what will be snapped to it; ``noding``: the
    network options, for how points join), or straight without one."""
    if graph is None:
        return StraightLine()
    return WalkingNetwork(graph, max_snap_m, points, getattr(noding, "prefer_major_within_m", None))
