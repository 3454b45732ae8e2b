"""The one reader of vector files: project layers, estate lists, facilities, networks, boundaries.

:func:`read_layer` opens GeoJSON, GeoPackage or Shapefile through pyogrio (GDAL) and
returns the frame with its CRS as one string (``EPSG:4547`` where the CRS has an
authority code, else its WKT, never silently WGS84). Every failure of the driver becomes
an :class:`~laoxiao_check.model.errors.InputError` that names the file.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from laoxiao_check.io.guards import check_count, check_file_size
from laoxiao_check.model.errors import InputError, ProblemList
from laoxiao_check.model.limits import in_force
from laoxiao_check.model.messages import Said
from laoxiao_check.model.values import clean_text

LAYER_SUFFIXES = (".geojson", ".json", ".gpkg", ".shp")


@dataclass(frozen=True)
class Layer:
    source: str
    frame: Any
    """geopandas.GeoDataFrame as read (geometry column ``geometry``)."""
    crs: str | None
    """``EPSG:nnnn``, or the WKT of a CRS without an authority code; None when undeclared."""


def crs_name(crs: Any) -> str | None:
    """A pyproj CRS as ``AUTHORITY:CODE`` where it has one, else its WKT."""
    if crs is None:
        return None
    authority = crs.to_authority()
    return ":".join(authority) if authority else crs.to_wkt()


def read_layer(
    path: str | Path,
    layer: str | None = None,
    what: str = Said("layer"),
    bbox: tuple[float, float, float, float] | None = None,
) -> Layer:
    """Read one vector layer; ``what`` names it in messages (``walking network``, ``boundary``).

    ``bbox``: only the features that meet this (xmin, ymin, xmax, ymax) box, in the layer's
    CRS (a GeoPackage reads them through its spatial index)."""
    import pyogrio
    from pyogrio.errors import DataLayerError, DataSourceError

    path = Path(path)
    source = str(path)
    if not path.is_file():
        raise InputError(Said("{what} file not found: {path}", what=what, path=path))
    check_file_size(path, what=Said("{what} file size", what=what))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # GDAL's notes on odd input; problems are checked after
            # a geometry that cannot be decoded (a line of one point) is read as missing:
            # the caller reports the feature instead of failing on the whole file
            frame = pyogrio.read_dataframe(path, layer=layer, on_invalid="ignore", bbox=bbox)
    except (DataSourceError, DataLayerError) as exc:
        raise InputError(
            Said("cannot read the {what}: {reason}", what=what, reason=_first_line(exc)), source
        ) from None
    except (OSError, ValueError, RecursionError) as exc:
        why = f"{type(exc).__name__}: {_first_line(exc)}"
        raise InputError(Said("cannot read the {what} ({reason})", what=what, reason=why), source) from None
    if not hasattr(frame, "geometry") or "geometry" not in frame.columns:
        raise InputError(Said("the {what} has no geometry: expected a layer of features", what=what), source)
    frame.columns = [clean_text(str(c)) if c != "geometry" else c for c in frame.columns]
    check_geometries(source, np.asarray(frame.geometry.values, dtype=object), what)
    return Layer(source, frame, crs_name(frame.crs))


def check_geometries(
    source: str, geometry: np.ndarray, what: str = Said("layer"), place: str = "feature {}"
) -> None:
    """The features and vertices of a layer within the limits in force, and every coordinate of
    every geometry a finite number: else an error naming each feature at fault (one bad feature
    can never be read in, or move another)."""
    import shapely

    limits = in_force()
    check_count(source, Said("features of the {what}", what=what), len(geometry), limits.rows, "--max-rows")
    vertices = int(shapely.get_num_coordinates(geometry).sum())
    check_count(
        source, Said("vertices of the {what}", what=what), vertices, limits.vertices, "--max-vertices"
    )
    coordinates, feature = shapely.get_coordinates(geometry, return_index=True)
    bad = np.unique(feature[~np.isfinite(coordinates).all(axis=1)])
    if len(bad):
        problems = ProblemList(source)
        for index in bad.tolist():
            problems.add(
                place.format(index),
                Said("a coordinate is not a finite number (NaN or infinity): fix or delete that vertex"),
            )
        problems.raise_if_any()


def layer_crs(path: str | Path, layer: str | None = None, what: str = Said("layer")) -> str | None:
    """The CRS a layer declares (as :func:`read_layer` gives it), read without its features."""
    import pyogrio
    from pyogrio.errors import DataLayerError, DataSourceError
    from pyproj import CRS

    path = Path(path)
    if not path.is_file():
        raise InputError(Said("{what} file not found: {path}", what=what, path=path))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            declared = pyogrio.read_info(path, layer=layer).get("crs")
    except (DataSourceError, DataLayerError, OSError, ValueError) as exc:
        raise InputError(
            Said("cannot read the {what}: {reason}", what=what, reason=_first_line(exc)), str(path)
        ) from None
    return crs_name(CRS.from_user_input(declared)) if declared else None


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0][:300]


MAX_LISTED = 10


def check_layer_coordinates(
    problems: ProblemList, geometry: np.ndarray, crs: str | None, place: str = "feature {}"
) -> list[str]:
    """Every vertex of every geometry must fit the CRS; problems name the features (first 10).

    Returns the warnings (points somewhat outside the CRS's area of use).
    """
    import shapely

    from laoxiao_check.spatial.geo import check_coordinates

    coordinates, feature = shapely.get_coordinates(geometry, return_index=True)
    check = check_coordinates(coordinates[:, 0], coordinates[:, 1], crs, limit=MAX_LISTED)
    if check.bad.any():
        bad_features = np.unique(feature[check.bad])
        first_message: dict[int, str] = {}
        for vertex, message in sorted(check.errors.items()):
            first_message.setdefault(int(feature[vertex]), message)
        listed = [f for f in bad_features.tolist() if f in first_message][:MAX_LISTED]
        for index in listed:
            problems.add(place.format(index), first_message[index])
        if len(bad_features) > len(listed):
            problems.add(
                "",
                Said(
                    "… and {count} more features with such coordinates", count=len(bad_features) - len(listed)
                ),
            )
    return check.warnings
