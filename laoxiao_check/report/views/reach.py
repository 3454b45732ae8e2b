"""The area a category's facilities reach within a level's distance, as one shape: the streets
reached on foot buffered a little and merged (never a convex hull or a circle), or, where no
network was given, the straight-line circles merged. The map draws it and the GIS layers carry
it (layer ``reach``), so both show the same shape."""

from __future__ import annotations

from typing import Any

import numpy as np

from laoxiao_check.model.check import Catchment

REACH_BUFFER_M = 30.0
"""Metres either side of a street reached on foot: the frontage a resident walks along."""
MAX_REACH_SEGMENTS = 20000
"""Reached street segments merged at most (nearest the project first; beyond, the shape is cut)."""


def reach_area(catchment: Catchment, segments: np.ndarray | None = None) -> Any:
    """The reach of ``catchment`` as a shapely (Multi)Polygon in its metric CRS, or None where it
    reaches nothing. ``segments``: the reached segments to merge (default: all of them, at most
    :data:`MAX_REACH_SEGMENTS`)."""
    import shapely

    if catchment.method == "network":
        reached = catchment.segments.reshape(-1, 2, 2) if segments is None else segments
        if not len(reached):
            return None
        lines = shapely.linestrings(reached[:MAX_REACH_SEGMENTS])
        return shapely.union_all(shapely.buffer(lines, REACH_BUFFER_M, quad_segs=4))
    if catchment.max_distance_m and len(catchment.centres):
        circles = shapely.buffer(shapely.points(catchment.centres.reshape(-1, 2)), catchment.max_distance_m)
        return shapely.union_all(circles)
    return None
