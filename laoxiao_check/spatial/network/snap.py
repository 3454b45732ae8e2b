"""Join points to the network at the nearest point of the nearest edge.

The joining distance (``offset_m``) is part of the walk. Points join only ground-level
edges (``WalkGraph.edge_ground``). A point whose nearest edge lies on a *small piece* of the
network (under ``MIN_PIECE_M``, not the largest: a footway stub or an estate's path loop that
joins nothing) is also given the nearest edge of a larger piece within the maximum snapping
distance, where there is one:

- within ``prefer_major_within_m`` farther than the small piece's edge, the point joins the
  larger piece *instead* (a 20 m footway stub beside the building yields to the street 40 m
  away), and the extra metres are recorded (``Snapped.detour_m``);
- farther still, the point joins *both*: the walk takes the better of the two, so a
  facility on the small piece is reached along it, and otherwise the walk starts from the
  street (``Snapped.fallback_m``). A building beside a disconnected path stub is then never
  "cut off" while a street lies within the snapping distance; the straight join to the
  street is part of its walk, as every join is.

``prefer_major_within_m=0``: no preference, every point joins its nearest edge only (a
point nearest a small piece reads cut off from facilities elsewhere). A point farther than
the maximum snapping distance from every edge is unsnapped and never covered. Where several
edges are equally near (a point midway between two streets), the point joins each of them and
the walk takes the better one, so the answer does not depend on the order of the edges.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.spatial import cKDTree

from laoxiao_check.spatial.network.graph import EdgeIndex, WalkGraph

DEFAULT_PREFER_MAJOR_WITHIN_M = 50.0
"""How much farther a larger piece's edge may be than a small piece's, and still be joined
instead (``--prefer-major-within``)."""


@dataclass(frozen=True)
class Snapped:
    """One row per (point, joining edge) pair; a point may join several equidistant edges."""

    count: int
    """Number of points."""
    point: np.ndarray
    edge: np.ndarray
    along_m: np.ndarray
    """Distance from the edge's u end to the joining point."""
    offset_m: np.ndarray
    """Distance from the point to the edge."""
    detour_m: np.ndarray | None = None
    """Per point: how much farther the larger piece's edge it joined instead of a nearer
    small piece's is (NaN where it joined its nearest edge); None: no such point."""
    fallback_m: np.ndarray | None = None
    """Per point: the distance to a larger piece's edge it joined besides a nearer small
    piece's (NaN where none); None: no such point."""

    @property
    def snapped(self) -> np.ndarray:
        """Per point: joined the network?"""
        mask = np.zeros(self.count, dtype=bool)
        mask[self.point] = True
        return mask

    def point_offset(self) -> np.ndarray:
        """Per point: distance to the network (inf where unsnapped)."""
        offset = np.full(self.count, np.inf)
        np.minimum.at(offset, self.point, self.offset_m)
        return offset


def snap_points(
    graph: WalkGraph,
    xy: np.ndarray,
    max_snap_m: float,
    index: EdgeIndex | None = None,
    prefer_major_within_m: float | None = None,
) -> Snapped:
    """Join each point to its nearest ground-level edge (see the module's docstring).

    ``index`` (built by :func:`snap_index` for these points or more) saves rebuilding it;
    ``prefer_major_within_m`` None: ``DEFAULT_PREFER_MAJOR_WITHIN_M``.
    """
    if prefer_major_within_m is None:
        prefer_major_within_m = DEFAULT_PREFER_MAJOR_WITHIN_M
    count = len(xy)
    empty = np.empty(0, dtype=np.int64)
    xy = np.asarray(xy, dtype=float).reshape(-1, 2)
    if index is None and count:
        index = snap_index(graph, xy, max_snap_m)
    if count == 0 or index is None or index.tree is None:
        return Snapped(count, empty, empty, np.empty(0), np.empty(0))
    tree = index.tree
    point, edge, along, distance = _nearest(graph, index, tree, xy, np.arange(count), max_snap_m, None)
    preferred = graph.edge_preferred
    small = np.zeros(count, dtype=bool)
    small[point[~preferred[edge]]] = True
    if not small.any() or prefer_major_within_m <= 0:
        return Snapped(count, point, edge, along, distance)
    # the larger pieces within reach: instead, if not much farther, else besides
    again = np.flatnonzero(small)
    found = _nearest(graph, index, tree, xy[again], again, max_snap_m, preferred)
    nearest = np.full(count, np.inf)
    np.minimum.at(nearest, point, distance)
    extra = found[3] - nearest[found[0]]
    instead = np.zeros(count, dtype=bool)
    instead[found[0][extra <= prefer_major_within_m]] = True
    detour = np.full(count, np.nan)
    detour[found[0]] = np.where(instead[found[0]], extra, np.nan)
    fallback = np.full(count, np.nan)
    fallback[found[0]] = np.where(instead[found[0]], np.nan, found[3])
    keep = ~instead[point]
    point, edge, along, distance = (
        np.concatenate([a[keep], b]) for a, b in zip((point, edge, along, distance), found, strict=True)
    )
    order = np.lexsort((edge, point))
    return Snapped(count, point[order], edge[order], along[order], distance[order], detour, fallback)


def snap_index(graph: WalkGraph, xy: np.ndarray, max_snap_m: float) -> EdgeIndex:
    """The index of the ground-level edges that points within these points' box may join."""
    return EdgeIndex.around(graph, xy, max_snap_m, graph.edge_ground)


def _nearest(
    graph: WalkGraph,
    index: EdgeIndex,
    tree: cKDTree,
    xy: np.ndarray,
    ids: np.ndarray,
    max_snap_m: float,
    allowed: np.ndarray | None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(point id, edge, along, distance) of each point's nearest (allowed) edges within reach.

    ``tree`` is ``index.tree``, known not to be None (the index holds samples).
    """
    count = len(xy)
    slack = index.spacing_m / 2
    if allowed is None:
        # a first guess from the nearest samples bounds the search radius
        k = min(8, len(index.sample_edge))
        _, near = tree.query(xy, k=k)
        near = near.reshape(count, k)
        guess_edge = index.sample_edge[near]
        guess, _ = _point_segment(graph, np.repeat(xy, k, axis=0), guess_edge.ravel())
        radius = np.minimum(guess.reshape(count, k).min(axis=1), max_snap_m) + slack
    else:
        radius = np.full(count, max_snap_m + slack)
    # every edge that could be nearer has a sample within the radius
    found = tree.query_ball_point(xy, radius, return_sorted=False)
    sizes = np.fromiter((len(f) for f in found), dtype=np.int64, count=count)
    point = np.repeat(np.arange(count), sizes)
    samples = np.fromiter((i for f in found for i in f), dtype=np.int64, count=int(sizes.sum()))
    edge = index.sample_edge[samples]
    if allowed is not None:
        point, edge = point[allowed[edge]], edge[allowed[edge]]
    pair = np.unique(point * graph.edge_count + edge)
    point, edge = pair // graph.edge_count, pair % graph.edge_count
    distance, along = _point_segment(graph, xy[point], edge)
    best = np.full(count, np.inf)
    np.minimum.at(best, point, distance)
    keep = (distance <= best[point] + 1e-9) & (distance <= max_snap_m)
    return ids[point[keep]], edge[keep], along[keep], distance[keep]


def _point_segment(graph: WalkGraph, xy: np.ndarray, edge: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Distance from each point to its edge, and how far along the edge the nearest point is."""
    start = graph.node_xy[graph.edge_u[edge]]
    direction = graph.node_xy[graph.edge_v[edge]] - start
    length = graph.edge_length[edge]
    t = np.einsum("ij,ij->i", xy - start, direction) / np.maximum(length * length, 1e-18)
    t = np.clip(t, 0.0, 1.0)
    nearest = start + direction * t[:, None]
    return np.hypot(*(xy - nearest).T), t * length
