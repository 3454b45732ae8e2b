"""Read a walking network (GeoJSON, GeoPackage, Shapefile: LineStrings, any CRS; or an
OpenStreetMap extract, see osm.py).

Lines may carry OpenStreetMap-style tags as properties: ``highway``, ``foot``, ``access``,
``service``, ``sidewalk`` decide which ways are walkable (see ``io.ways.walkability``);
``tunnel``, ``bridge``, ``layer``, ``indoor`` decide which ways buildings may join (see :func:`ground_level`).
Without such columns every line is a walkable way at ground level.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import shapely

from laoxiao_check.io.layers import check_layer_coordinates, layer_crs, read_layer
from laoxiao_check.io.ways import (
    LINE_TYPES,
    NetworkLines,
    tagged_lines,
    walkability,
)
from laoxiao_check.model.errors import InputError, ProblemList
from laoxiao_check.model.messages import Said
from laoxiao_check.spatial.geo import WGS84, looks_geographic

if TYPE_CHECKING:
    pass

WALKING_NETWORK = Said("walking network")


def read_network(
    path: str | Path, layer: str | None = None, bbox: tuple[float, float, float, float] | None = None
) -> NetworkLines:
    """The walkable lines of a network file; ``bbox`` (WGS84 longitude/latitude): only the
    ways that meet it (a partition of an audit reads its area of a country's file)."""
    path = Path(path)
    if is_osm(path):
        if not path.is_file():
            raise InputError(Said("{what} file not found: {path}", what=WALKING_NETWORK, path=path))
        from laoxiao_check.io.osm import read_osm_network

        return read_osm_network(path, bbox)
    box = None if bbox is None else _box_in(bbox, layer_crs(path, layer, what=WALKING_NETWORK))
    read = read_layer(path, layer, what=WALKING_NETWORK, bbox=box)
    frame, source = read.frame, read.source
    problems = ProblemList(source)
    geometry = frame.geometry.values
    bad = np.nonzero(~np.isin(frame.geometry.geom_type.fillna("none").to_numpy(), list(LINE_TYPES)))[0]
    for index in bad[:10]:
        found = frame.geometry.iloc[index]
        kind = found.geom_type if found is not None else Said("no geometry (or one of a single point)")
        problems.add(
            f"feature {index}", Said("expected a LineString of the walking network, got {kind}", kind=kind)
        )
    if len(bad) > 10:
        problems.add("", Said("… and {count} more features that are not lines", count=len(bad) - 10))
    if len(frame) == 0:
        problems.add(
            "",
            Said("the network has no features")
            if bbox is None
            else Said("the network has no features within {box}", box=_box_text(bbox)),
        )
    problems.raise_if_any()
    lines = np.asarray(geometry, dtype=object)
    walk = walkability(frame)
    if read.crs is not None:
        crs = read.crs
    else:
        coords = shapely.get_coordinates(lines)
        if not looks_geographic(coords[:, 0], coords[:, 1]):
            raise InputError(
                Said(
                    "the network has no CRS and its coordinates are not longitude/latitude: "
                    "save it with a CRS (e.g. EPSG:4547)"
                ),
                source,
            )
        crs = WGS84
    warnings = check_layer_coordinates(problems, lines, crs)
    if read.crs is None:
        warnings.append(Said("the network declares no CRS: its longitude/latitude taken as WGS84"))
    problems.raise_if_any()
    network = tagged_lines(source, lines, crs, frame, walk)
    said = tuple(Said("{name}: {message}", name=source, message=w) for w in warnings)
    return dataclasses.replace(network, warnings=said)


def _box_in(bbox: tuple[float, float, float, float], crs: str | None) -> tuple[float, float, float, float]:
    """A WGS84 box as a box of ``crs`` that holds it (its edges densified); undeclared: as is."""
    if crs is None or crs == WGS84:
        return bbox
    from pyproj import CRS, Transformer

    transformer = Transformer.from_crs(CRS.from_user_input(WGS84), CRS.from_user_input(crs), always_xy=True)
    xmin, ymin, xmax, ymax = transformer.transform_bounds(*bbox, densify_pts=21)
    return float(xmin), float(ymin), float(xmax), float(ymax)


def _box_text(bbox: tuple[float, float, float, float]) -> str:
    return Said(
        "longitude {west}…{east}, latitude {south}…{north}",
        west=f"{bbox[0]:.4f}",
        east=f"{bbox[2]:.4f}",
        south=f"{bbox[1]:.4f}",
        north=f"{bbox[3]:.4f}",
    )


def is_osm(path: Path) -> bool:
    return path.name.lower().endswith((".osm.pbf", ".pbf", ".osm"))
