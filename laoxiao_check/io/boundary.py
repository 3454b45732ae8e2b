"""An administrative boundary (any polygon layer or bare GeoJSON geometry) for `audit`."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import shapely

from ..errors import InputError, ProblemList
from ..geo import WGS84, is_geographic, to_wgs84, transform
from .layers import check_layer_coordinates, read_layer


@dataclass(frozen=True)
class Boundary:
    source: str
    area: shapely.Geometry
    """The union of the layer's polygons, in WGS84 longitude/latitude."""
    warnings: tuple[str, ...] = ()

    def contains(self, lonlat: np.ndarray) -> np.ndarray:
        """Per point: inside (or on) the boundary? NaN points count as inside (unknown)."""
        known = ~np.isnan(lonlat).any(axis=1)
        inside = np.ones(len(lonlat), dtype=bool)
        inside[known] = shapely.intersects_xy(self.area, lonlat[known, 0], lonlat[known, 1])
        return inside


def read_boundary(path: str | Path, datum: str = "wgs84") -> Boundary:
    """Polygons in any CRS; longitude/latitude in ``datum`` (wgs84, gcj02, bd09)."""
    read = read_layer(path, what="boundary")
    frame = read.frame
    geometry = np.asarray(frame.geometry.values, dtype=object)
    polygons = geometry[np.isin(shapely.get_type_id(geometry), (3, 6))]  # Polygon, MultiPolygon
    if len(polygons) == 0:
        raise InputError("expected polygons of the audited area, found none", str(path))
    crs = read.crs or WGS84  # GeoJSON without a crs member is WGS84 by RFC 7946
    problems = ProblemList(read.source)
    warnings = check_layer_coordinates(problems, geometry, crs)
    problems.raise_if_any()
    invalid = ~shapely.is_valid(polygons)
    if invalid.any():
        polygons = polygons.copy()
        polygons[invalid] = shapely.make_valid(polygons[invalid])
        warnings.append(
            f"{int(invalid.sum())} invalid polygon(s) (e.g. self-intersecting) repaired with make_valid: "
            "check the boundary"
        )

    def to_lonlat(xy: np.ndarray) -> np.ndarray:
        if is_geographic(crs):
            lon, lat = transform(xy[:, 0], xy[:, 1], crs, WGS84)
            return np.column_stack(to_wgs84(lon, lat, datum))
        return np.column_stack(transform(xy[:, 0], xy[:, 1], crs, WGS84))

    area = shapely.union_all(shapely.transform(polygons, to_lonlat))
    shapely.prepare(area)
    return Boundary(str(path), area, tuple(warnings))
