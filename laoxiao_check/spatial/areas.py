"""Points in polygons: which community or district an estate or facility lies in, and whether it
lies inside the audited area. Arrays in, arrays out."""

from __future__ import annotations

import numpy as np
import shapely

from laoxiao_check.model.areas import AreaLayer, Boundary


def inside_boundary(boundary: Boundary, lonlat: np.ndarray) -> np.ndarray:
    """Per point: inside (or on) the boundary? NaN points count as inside (unknown)."""
    known = ~np.isnan(lonlat).any(axis=1)
    inside = np.ones(len(lonlat), dtype=bool)
    inside[known] = shapely.intersects_xy(boundary.area, lonlat[known, 0], lonlat[known, 1])
    return inside


def assign_to_areas(layer: AreaLayer, lonlat: np.ndarray) -> tuple[np.ndarray, int]:
    """Per point the index of the area it lies in (the first, in the layer's order), -1: none;
    and how many points lie in more than one area (overlapping polygons)."""
    found = np.full(len(lonlat), -1, dtype=np.int64)
    known = np.flatnonzero(~np.isnan(lonlat).any(axis=1))
    if len(known) == 0:
        return found, 0
    tree = shapely.STRtree(layer.polygons)
    points, areas = tree.query(shapely.points(lonlat[known]), predicate="intersects")
    order = np.lexsort((areas, points))  # per point, its lowest area index first
    points, areas = points[order], areas[order]
    first = np.ones(len(points), dtype=bool)
    first[1:] = points[1:] != points[:-1]
    found[known[points[first]]] = areas[first]
    return found, int(np.count_nonzero(np.bincount(points, minlength=len(known)) > 1))
