"""Read a walking network (GeoJSON, GeoPackage, Shapefile: LineStrings, any CRS)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import shapely

from ..errors import InputError, ProblemList
from ..geo import WGS84, looks_geographic, transform
from .layers import check_layer_coordinates, read_layer

LINE_TYPES = {"LineString", "MultiLineString", "LinearRing"}


@dataclass(frozen=True)
class NetworkLines:
    """The network's lines as read, with their CRS; reprojected on demand."""

    source: str
    lines: np.ndarray
    crs: str
    warnings: tuple[str, ...] = ()

    def in_crs(self, target: str) -> np.ndarray:
        if target == self.crs:
            return self.lines
        return shapely.transform(
            self.lines, lambda xy: np.column_stack(transform(xy[:, 0], xy[:, 1], self.crs, target))
        )


def read_network(path: str | Path, layer: str | None = None) -> NetworkLines:
    read = read_layer(path, layer, what="walking network")
    frame, source = read.frame, read.source
    problems = ProblemList(source)
    geometry = frame.geometry.values
    bad = np.nonzero(~np.isin(frame.geometry.geom_type.fillna("none").to_numpy(), list(LINE_TYPES)))[0]
    for index in bad[:10]:
        found = frame.geometry.iloc[index]
        kind = found.geom_type if found is not None else "no geometry (or one of a single point)"
        problems.add(f"feature {index}", f"expected a LineString of the walking network, got {kind}")
    if len(bad) > 10:
        problems.add("", f"… and {len(bad) - 10} more features that are not lines")
    if len(frame) == 0:
        problems.add("", "the network has no features")
    problems.raise_if_any()
    lines = np.asarray(geometry, dtype=object)
    if read.crs is not None:
        crs = read.crs
    else:
        coords = shapely.get_coordinates(lines)
        if not looks_geographic(coords[:, 0], coords[:, 1]):
            raise InputError(
                "the network has no CRS and its coordinates are not longitude/latitude: "
                "save it with a CRS (e.g. EPSG:4547)",
                source,
            )
        crs = WGS84
    warnings = check_layer_coordinates(problems, lines, crs)
    if read.crs is None:
        warnings.append("the network declares no CRS: its longitude/latitude taken as WGS84")
    problems.raise_if_any()
    return NetworkLines(source, lines, crs, tuple(f"{source}: {w}" for w in warnings))
