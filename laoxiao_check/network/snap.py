"""Join points to the network at the nearest point of the nearest edge.

The joining distance (``offset_m``) is part of the walk. A point farther than the maximum
snapping distance from every edge is unsnapped and never covered. Where several edges are
equally near (a point midway between two streets), the point joins each of them and the
walk takes the better one, so the answer does not depend on the order of the edges.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import shapely

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
    points = shapely.points(xy)
    (point_index, edge_index), distance = graph.tree.query_nearest(
        points, max_distance=max_snap_m, return_distance=True, all_matches=True
    )
    order = np.lexsort((edge_index, point_index))
    point_index, edge_index, distance = point_index[order], edge_index[order], distance[order]
    along = shapely.line_locate_point(graph.segments[edge_index], points[point_index])
    return Snapped(count, point_index, edge_index, along, distance)
