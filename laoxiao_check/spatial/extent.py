"""Do the inputs lie in one place? The extents of buildings, facilities and network compared.

A Yuxi project checked against a Finnish network, or coordinates declared in one Gauss-Krüger
zone and written in another (600 km off), would otherwise give coverage figures — every
household "cut off" or "beyond reach" — with no word of why. The bounding boxes of what was
given are compared in the metric CRS of the measurement; two more than :data:`APART_M` apart
stop the run (exit 2), saying how far apart they are, where each lies and which CRS each was
read in.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from laoxiao_check.model.errors import InputError, Problem
from laoxiao_check.model.messages import Said

APART_M = 5_000.0
"""Inputs whose extents are farther apart than this do not describe one place."""


@dataclass(frozen=True)
class Extent:
    what: str
    """``the project's buildings``, ``the facilities``, ``the walking network``."""
    source: str
    xy: np.ndarray
    """(n, 2) metric coordinates; NaN rows are ignored."""
    read_as: str = ""
    """The CRS the coordinates were read in (said in the message)."""


def gap_m(a: np.ndarray, b: np.ndarray) -> float:
    """The distance between the bounding boxes of two point sets (0 when they overlap)."""
    a = a[np.isfinite(a).all(axis=1)]
    b = b[np.isfinite(b).all(axis=1)]
    if not len(a) or not len(b):
        return 0.0
    low = np.maximum(a.min(axis=0), b.min(axis=0))
    high = np.minimum(a.max(axis=0), b.max(axis=0))
    return float(np.hypot(*np.maximum(low - high, 0.0)))


ToLonLat = Callable[[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]


def require_one_place(first: Extent, others: list[Extent], to_lonlat: ToLonLat) -> None:
    """Raise InputError when an extent lies farther than APART_M from ``first``'s.

    ``to_lonlat``: a function (x, y arrays) → (lon, lat) arrays, to say where each lies.
    """
    problems = []
    for other in others:
        gap = gap_m(first.xy, other.xy)
        if gap <= APART_M:
            continue
        problems.append(
            Problem(
                other.source,
                "",
                Said(
                    "{what} lie {km} km from {first} ({where}; {first_where}): "
                    "they do not describe one place — is it the right file, and are the coordinates "
                    "in the system declared for them?",
                    what=other.what,
                    km=f"{gap / 1000:,.0f}",
                    first=first.what,
                    where=_where(other, to_lonlat),
                    first_where=_of(first, _where(first, to_lonlat)),
                ),
            )
        )
    if problems:
        raise InputError(problems)


def _where(extent: Extent, to_lonlat: ToLonLat) -> str:
    xy = extent.xy[np.isfinite(extent.xy).all(axis=1)]
    centre = (xy.min(axis=0) + xy.max(axis=0)) / 2
    lon, lat = to_lonlat(np.array([centre[0]]), np.array([centre[1]]))
    at = {"lon": _deg(float(lon[0]), "E", "W"), "lat": _deg(float(lat[0]), "N", "S")}
    if extent.read_as:
        return Said("around {lon} {lat}, read as {crs}", **at, crs=extent.read_as)
    return Said("around {lon} {lat}", **at)


def _of(extent: Extent, where: str) -> str:
    """``the facilities of FILE around …`` (the file where one is named)."""
    if extent.source:
        return Said("{what} of {source} {where}", what=extent.what, source=extent.source, where=where)
    return Said("{what} {where}", what=extent.what, where=where)


def _deg(value: float, positive: str, negative: str) -> str:
    return f"{abs(value):.2f}°{positive if value >= 0 else negative}"
