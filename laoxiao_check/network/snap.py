"""Join points to the network at the nearest point of the nearest edge.

The joining distance (``offset_m``) is part of the walk. A point farther than the maximum
snapping distance from every edge is unsnapped and never covered. Where several edges are
equally near (a point midway between two streets), the point joins each of them and the
walk takes the better one, so the answer does not depend on the order of the edges.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .graph import WalkGraph


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


def snap_points(graph: WalkGraph, xy: np.ndarray, max_snap_m: float) -> Snapped:
    count = len(xy)
    empty = np.empty(0, dtype=np.int64)
    if count == 0 or graph.edge_count == 0:
        return Snapped(count, empty, empty, np.empty(0), np.empty(0))
    xy = np.asarray(xy, dtype=float)
    index = graph.index
    slack = index.spacing_m / 2
    # a first guess from the nearest samples bounds the search radius
    k = min(8, len(index.sample_edge))
    _, near = index.tree.query(xy, k=k)
    near = near.reshape(count, k)
    guess_edge = index.sample_edge[near]
    guess, _ = _point_segment(graph, np.repeat(xy, k, axis=0), guess_edge.ravel())
    radius = np.minimum(guess.reshape(count, k).min(axis=1), max_snap_m) + slack
    # every edge that could be nearer has a sample within the radius
    found = index.tree.query_ball_point(xy, radius, return_sorted=False)
    sizes = np.fromiter((len(f) for f in found), dtype=np.int64, count=count)
    point = np.repeat(np.arange(count), sizes)
    samples = np.fromiter((i for f in found for i in f), dtype=np.int64, count=int(sizes.sum()))
    edge = index.sample_edge[samples]
    pair = np.unique(point * graph.edge_count + edge)
    point, edge = pair // graph.edge_count, pair % graph.edge_count
    distance, along = _point_segment(graph, xy[point], edge)
    best = np.full(count, np.inf)
    np.minimum.at(best, point, distance)
    keep = (distance <= best[point] + 1e-9) & (distance <= max_snap_m)
    return Snapped(count, point[keep], edge[keep], along[keep], distance[keep])


def _point_segment(graph: WalkGraph, xy: np.ndarray, edge: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Distance from each point to its edge, and how far along the edge the nearest point is."""
    start = graph.node_xy[graph.edge_u[edge]]
    direction = graph.node_xy[graph.edge_v[edge]] - start
    length = graph.edge_length[edge]
    t = np.einsum("ij,ij->i", xy - start, direction) / np.maximum(length * length, 1e-18)
    t = np.clip(t, 0.0, 1.0)
    nearest = start + direction * t[:, None]
    return np.hypot(*(xy - nearest).T), t * length
