"""Points of a table or layer as WGS84 longitude/latitude, each checked against its CRS.

Estate lists and facility layers give their points in any CRS, or as longitude/latitude in
a Chinese datum (GCJ-02, BD-09); :func:`to_lonlat` brings them to WGS84 and leaves out (with
a located problem) the rows whose coordinates do not fit. Used by ``audit`` for its lists and
by ``check`` for the city's facilities around a project.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import numpy as np

from laoxiao_check.model.errors import Problem
from laoxiao_check.model.messages import Said
from laoxiao_check.model.records import Facility
from laoxiao_check.spatial.geo import (
    WGS84,
    check_coordinates,
    is_geographic,
    looks_geographic,
    to_wgs84,
    transform,
)

LIST_SPREAD_KM = 50.0
"""A row this far from the middle of its list (and 20× its median distance) is a typo."""


def to_lonlat(
    points: list[tuple[float | None, float | None, str, str]],
    crs: str | None,
    datum: str,
    source: str,
    problems: list[Problem],
    far: dict[int, tuple[float, float]] | None = None,
) -> np.ndarray:
    """Rows whose coordinates do not fit the CRS are left out of coverage, each with its reason.

    ``far``: filled with the WGS84 longitude/latitude of the rows refused only for lying far
    from all the others (by row index), for a boundary to place them."""
    x = np.array([np.nan if p[0] is None else p[0] for p in points], dtype=float)
    y = np.array([np.nan if p[1] is None else p[1] for p in points], dtype=float)
    given = np.array([p[0] is not None and p[1] is not None for p in points], dtype=bool)
    for index in np.nonzero(given & ~(np.isfinite(x) & np.isfinite(y)))[0].tolist():
        _, _, place, name = points[index]
        not_finite = Said(
            "{name}: coordinates ({x}, {y}) are not finite numbers; left out of coverage",
            name=name,
            x=x[index],
            y=y[index],
        )
        problems.append(Problem(source, place, not_finite))
    x[~np.isfinite(x) | ~np.isfinite(y)] = np.nan
    y[np.isnan(x)] = np.nan
    known = ~(np.isnan(x) | np.isnan(y))
    check = check_coordinates(x[known], y[known], crs, spread_floor_km=LIST_SPREAD_KM)
    rows = np.nonzero(known)[0]
    for index, message in sorted(check.errors.items()):
        _, _, place, name = points[rows[index]]
        problems.append(
            Problem(
                source, place, Said("{name}: {message}; left out of coverage", name=name, message=message)
            )
        )
    far_rows = rows[check.far] if check.far is not None else rows[:0]
    far_x, far_y = x[far_rows].copy(), y[far_rows].copy()
    x[rows[check.bad]] = np.nan
    y[rows[check.bad]] = np.nan
    problems.extend(Problem(source, "", warning) for warning in check.warnings)
    known = ~(np.isnan(x) | np.isnan(y))
    if crs is None:
        if known.any() and not looks_geographic(x[known], y[known]):
            problems.append(
                Problem(
                    source,
                    "",
                    Said(
                        "{count} row(s) with coordinates that are not longitude/latitude and no CRS: "
                        "left out of coverage",
                        count=int(known.sum()),
                    ),
                )
            )
            x[:], y[:] = np.nan, np.nan
        crs = WGS84
    lon, lat = _wgs84(x, y, crs, datum)
    if far is not None and len(far_rows):
        far_lon, far_lat = _wgs84(far_x, far_y, crs, datum)
        far.update((int(r), (float(a), float(b))) for r, a, b in zip(far_rows, far_lon, far_lat, strict=True))
    return np.column_stack([lon, lat]).reshape(-1, 2)


def _wgs84(x: np.ndarray, y: np.ndarray, crs: str, datum: str) -> tuple[np.ndarray, np.ndarray]:
    if not is_geographic(crs):
        return transform(x, y, crs, WGS84)
    if crs not in (WGS84, "EPSG:4490"):
        x, y = transform(x, y, crs, WGS84)
    return to_wgs84(x, y, datum)


def placed(facilities: Sequence[Facility], lonlat: np.ndarray) -> list[Facility]:
    """The facilities with their points replaced by WGS84 longitude/latitude (None where unusable)."""
    return [
        replace(f, x=None if np.isnan(lon) else float(lon), y=None if np.isnan(lat) else float(lat))
        for f, (lon, lat) in zip(facilities, lonlat.tolist(), strict=True)
    ]
