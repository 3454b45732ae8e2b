"""Coordinates: a metric CRS for the data, reprojection, and China's map datums.

Distances are measured in a projected CRS chosen for the data: the CGCS2000 3-degree
Gauss-Krüger zone (EPSG:4534-4554, central meridians 75°E-135°E) inside China's
longitudes, the WGS84 UTM zone elsewhere. Inputs in other CRSs are reprojected to it.

GCJ-02 (Amap, Tencent) and BD-09 (Baidu) are obfuscated datums that sit hundreds of metres
from WGS84; :func:`to_wgs84` undoes them with the published forward formulas, inverted by
fixed-point iteration to well under a centimetre.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import numpy as np

from laoxiao_check.model.messages import Said

if TYPE_CHECKING:
    from pyproj import CRS, Transformer

WGS84 = "EPSG:4326"
LONLAT = frozenset({WGS84, "EPSG:4490", "OGC:CRS84"})
"""Longitude and latitude on WGS84 or CGCS2000 (the same to a metre)."""
FAR_OUTSIDE_DEG = 5.0
"""Points this far (degrees) outside their CRS's area of use are an error: the CRS is wrong."""
OUTSIDE_DEG = 1.0
"""Points this far outside the area of use are accepted with a warning (e.g. a neighbouring zone)."""


@dataclass
class CoordinateCheck:
    """Per-point problems (index → message), every failing point, and file-level warnings."""

    bad: np.ndarray
    """Boolean mask of the points with an error (all of them, even past ``limit``)."""
    errors: dict[int, str] = field(default_factory=dict)
    """Messages of the failing points (at most ``limit`` per kind of problem)."""
    warnings: list[str] = field(default_factory=list)
    limit: int | None = None
    far: np.ndarray | None = None
    """The points refused only for lying far from all the others (valid in their CRS: a typo,
    or a place elsewhere — a boundary can then tell whether they lie outside)."""

    def add(self, mask: np.ndarray, message: Callable[[int], str]) -> None:
        mask = mask & ~self.bad
        self.bad |= mask
        for i in np.nonzero(mask)[0][: self.limit].tolist():
            self.errors[i] = message(i)


def _in_china_box(lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
    """Roughly mainland China (for the swapped latitude/longitude hint)."""
    return (lon >= 73.0) & (lon <= 136.0) & (lat >= 3.0) & (lat <= 54.0)


def _pair(x: Any, y: Any) -> str:
    def one(value: float) -> str:
        return f"{value:.2f}".rstrip("0").rstrip(".") if abs(value) >= 1000 else f"{value:.6g}"

    return f"({one(float(x))}, {one(float(y))})"


def check_coordinates(
    x: np.ndarray,
    y: np.ndarray,
    crs: str | None,
    limit: int | None = None,
    spread_floor_km: float | None = None,
) -> CoordinateCheck:
    """Are these coordinates plausible in ``crs`` (None: not declared)? Vectorised.

    Errors: non-finite values; latitude/longitude given the wrong way round (China); values
    that are not longitude/latitude under a geographic CRS (or undeclared) and degrees under
    a projected one; a mix of degrees and metres; points far outside the CRS's area of use;
    with ``spread_floor_km``, points far from all the others (see :func:`_far_from_the_rest`).
    """
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    check = CoordinateCheck(bad=np.zeros(len(x), dtype=bool), limit=limit)
    _check_values(check, x, y, crs)
    if spread_floor_km is not None:
        _far_from_the_rest(check, x, y, crs, spread_floor_km)
    return check


def _far_from_the_rest(
    check: CoordinateCheck, x: np.ndarray, y: np.ndarray, crs: str | None, floor_km: float | None
) -> None:
    """Points more than max(floor, 20 × the median distance) from the median of all points.

    A building 9,000 km from its project, or an estate in London in a Quanzhou list, is a
    typo (a dropped minus sign, a wrong CRS). The median distance is robust to the outliers
    themselves, and a country-wide list spreads it wide enough that no real point is flagged.
    """
    ok = ~check.bad & np.isfinite(x) & np.isfinite(y)
    if floor_km is None or ok.sum() < 5:
        return
    if crs is None:
        lon, lat = x, y
        if not looks_geographic(x[ok], y[ok]):
            return
    elif is_geographic(crs):
        lon, lat = transform(x, y, crs, WGS84) if crs not in LONLAT else (x, y)
    else:
        lon, lat = transform(x, y, crs, WGS84)
    centre_lon, centre_lat = median(lon[ok]), median(lat[ok])
    km = _haversine_km(lon, lat, centre_lon, centre_lat)
    limit = max(floor_km, 20 * median(km[ok]))
    check.far = ok & (km > limit)
    check.add(
        ok & (km > limit),
        lambda i: Said(
            "coordinates {pair} lie {km} km from the other points "
            "(the rest lie within {limit} km): a typo or a wrong CRS?",
            pair=_pair(x[i], y[i]),
            km=f"{km[i]:,.0f}",
            limit=f"{limit:,.0f}",
        ),
    )


def _haversine_km(lon: np.ndarray, lat: np.ndarray, lon0: float, lat0: float) -> np.ndarray:
    lam, phi, lam0, phi0 = (np.radians(v) for v in (lon, lat, lon0, lat0))
    h = np.sin((phi - phi0) / 2) ** 2 + np.cos(phi) * np.cos(phi0) * np.sin((lam - lam0) / 2) ** 2
    km: np.ndarray = 2 * 6371.0 * np.arcsin(np.sqrt(np.clip(h, 0, 1)))
    return km


def _check_values(check: CoordinateCheck, x: np.ndarray, y: np.ndarray, crs: str | None) -> None:
    """Non-finite values, swapped latitude/longitude, degrees vs metres, area of use."""
    finite = np.isfinite(x) & np.isfinite(y)
    check.add(~finite, lambda i: Said("coordinates {pair} are not finite numbers", pair=_pair(x[i], y[i])))
    lonlat = finite & (np.abs(x) <= 180) & (np.abs(y) <= 90)
    if crs is None or is_geographic(crs):
        # in China a swapped pair lands at latitude ≥ 73° (the Arctic) or beyond 90°
        swapped = finite & ~_in_china_box(x, y) & _in_china_box(y, x)
        check.add(
            swapped,
            lambda i: Said(
                "coordinates {pair} look like latitude, longitude: longitude "
                "comes first; did you mean {swapped}?",
                pair=_pair(x[i], y[i]),
                swapped=_pair(y[i], x[i]),
            ),
        )
        rest = finite & ~check.bad
        if crs is None:
            degrees, other = int((rest & lonlat).sum()), int((rest & ~lonlat).sum())
            if degrees and other:
                most_degrees = degrees >= other
                is_, others = (
                    (Said("not longitude/latitude"), Said("longitude/latitude"))
                    if most_degrees
                    else (Said("longitude/latitude"), Said("metres"))
                )
                check.add(
                    rest & (~lonlat if most_degrees else lonlat),
                    lambda i: Said(
                        "the file mixes degrees and metres: {pair} is {is_} "
                        "while the other points are {others}",
                        pair=_pair(x[i], y[i]),
                        is_=is_,
                        others=others,
                    ),
                )
            return

        def not_lonlat(i: int) -> str:
            pair = _pair(x[i], y[i])
            if max(abs(x[i]), abs(y[i])) > 1000:
                return Said(
                    "coordinates {pair} are not longitude/latitude (metres?) but {crs} is in degrees: "
                    "declare the CRS",
                    pair=pair,
                    crs=_short(crs),
                )
            if abs(y[i]) > 90:
                return Said("coordinates {pair} have a latitude beyond ±90°", pair=pair)
            return Said("coordinates {pair} have a longitude beyond ±180°", pair=pair)

        check.add(rest & ~lonlat, not_lonlat)
        _check_area(check, x, y, finite & ~check.bad, crs, x, y)
        return
    check.add(
        lonlat,
        lambda i: Said(
            "coordinates {pair} look like longitude/latitude, but {crs} "
            "is in metres: declare the CRS of degrees (EPSG:4326 or EPSG:4490) or give projected metres",
            pair=_pair(x[i], y[i]),
            crs=_short(crs),
        ),
    )
    rest = finite & ~check.bad
    if rest.any():
        lon, lat = np.full(len(x), np.nan), np.full(len(x), np.nan)
        lon[rest], lat[rest] = transform(x[rest], y[rest], crs, WGS84)
        check.add(
            rest & ~(np.isfinite(lon) & np.isfinite(lat)),
            lambda i: Said(
                "coordinates {pair} are outside the valid range of {crs}",
                pair=_pair(x[i], y[i]),
                crs=_short(crs),
            ),
        )
        _check_area(check, lon, lat, rest & ~check.bad, crs, x, y)
    return


def _check_area(
    check: CoordinateCheck,
    lon: np.ndarray,
    lat: np.ndarray,
    which: np.ndarray,
    crs: str,
    x: np.ndarray,
    y: np.ndarray,
) -> None:
    area = _area_of_use(crs)
    if area is None or not which.any():
        return
    west, south, east, north = area
    beyond = np.maximum.reduce([west - lon, lon - east, south - lat, lat - north, np.zeros(len(lon))])
    beyond = np.where(which, beyond, 0.0)
    bounds = f"{west:g}°–{east:g}°E, {south:g}°–{north:g}°N"
    check.add(
        beyond > FAR_OUTSIDE_DEG,
        lambda i: Said(
            "coordinates {pair} fall at {lon}°E {lat}°N, far outside "
            "the area where {crs} is used ({bounds}): is the CRS right?",
            pair=_pair(x[i], y[i]),
            lon=f"{lon[i]:.4f}",
            lat=f"{lat[i]:.4f}",
            crs=_short(crs),
            bounds=bounds,
        ),
    )
    near = (beyond > OUTSIDE_DEG) & (beyond <= FAR_OUTSIDE_DEG)
    if near.any():
        check.warnings.append(
            Said(
                "{count} point(s) lie outside the area where {crs} is used ({bounds}); "
                "distances there are less exact: check the CRS",
                count=int(near.sum()),
                crs=_short(crs),
                bounds=bounds,
            )
        )


def _crs(crs: str) -> CRS:
    """pyproj's CRS, imported on first use: a check without coordinates starts without pyproj."""
    from pyproj import CRS

    return CRS.from_user_input(crs)


def _short(crs: str) -> str:
    return crs if len(crs) <= 40 else _crs(crs).name


@lru_cache(maxsize=64)
def _area_of_use(crs: str) -> tuple[float, float, float, float] | None:
    area = _crs(crs).area_of_use
    if area is None or area.west > area.east:  # none known, or across the antimeridian
        return None
    return area.west, area.south, area.east, area.north


def looks_geographic(x: np.ndarray, y: np.ndarray) -> bool:
    return bool(np.all(np.abs(x) <= 180) and np.all(np.abs(y) <= 90))


@lru_cache(maxsize=64)
def is_geographic(crs: str) -> bool:
    return _crs(crs).is_geographic


def metric_crs_for(lon: float, lat: float) -> str:
    """The CGCS2000 Gauss-Krüger 3° zone for China, else the UTM zone."""
    if 73.5 <= lon < 136.5 and lat >= 0:
        central_meridian = round(lon / 3.0) * 3
        central_meridian = min(max(central_meridian, 75), 135)
        return f"EPSG:{4534 + (central_meridian - 75) // 3}"
    zone = int((lon + 180) // 6) + 1
    return f"EPSG:{32600 + zone if lat >= 0 else 32700 + zone}"


CGCS2000_GK = frozenset(f"EPSG:{code}" for code in range(4534, 4555))
"""CGCS2000 3-degree Gauss-Krüger zones, CM 75°E–135°E (:func:`metric_crs_for`)."""


@lru_cache(maxsize=32)
def _transformer(source: str, target: str) -> Transformer:
    from pyproj import Transformer

    # WGS84 and CGCS2000 longitude/latitude: PROJ joins them by a null shift, the same numbers as
    # from CGCS2000's own, but finding that out in its database costs 70 ms of a check
    if source in LONLAT and target in CGCS2000_GK:
        source = "EPSG:4490"
    elif target in LONLAT and source in CGCS2000_GK:
        target = "EPSG:4490"
    return Transformer.from_crs(source, target, always_xy=True)


def transform(x: np.ndarray, y: np.ndarray, source: str, target: str) -> tuple[np.ndarray, np.ndarray]:
    if source == target:
        return np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    tx, ty = _transformer(source, target).transform(np.asarray(x, float), np.asarray(y, float))
    return np.asarray(tx, dtype=float), np.asarray(ty, dtype=float)


def median(values: np.ndarray) -> float:
    """The median of a non-empty array, as ``np.median`` gives it (the mean of the middle two of an
    even count), without the masked-array module ``np.median`` loads on first use (8 ms of a check)."""
    ordered = np.sort(np.asarray(values, dtype=float))
    middle = len(ordered) // 2
    return float(ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2)


def metric_crs_for_points(x: np.ndarray, y: np.ndarray, crs: str) -> str:
    """The metric CRS for points given in ``crs``, chosen from their middle (longitude and latitude
    of WGS84 or CGCS2000, which agree within a metre, taken as they are: a zone is 3° wide)."""
    lon, lat = np.array([median(x[~np.isnan(x)])]), np.array([median(y[~np.isnan(y)])])
    if crs not in LONLAT:
        lon, lat = transform(lon, lat, crs, WGS84)
    return metric_crs_for(float(lon[0]), float(lat[0]))


# --- China's map datums -------------------------------------------------------------
_A = 6378245.0
_EE = 0.00669342162296594323
_X_PI = np.pi * 3000.0 / 180.0


def _in_china(lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
    return (lon > 72.004) & (lon < 137.8347) & (lat > 0.8293) & (lat < 55.8271)


def _delta(lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    x, y = lon - 105.0, lat - 35.0
    dlat = (
        -100.0
        + 2.0 * x
        + 3.0 * y
        + 0.2 * y * y
        + 0.1 * x * y
        + 0.2 * np.sqrt(np.abs(x))
        + (20.0 * np.sin(6.0 * x * np.pi) + 20.0 * np.sin(2.0 * x * np.pi)) * 2.0 / 3.0
        + (20.0 * np.sin(y * np.pi) + 40.0 * np.sin(y / 3.0 * np.pi)) * 2.0 / 3.0
        + (160.0 * np.sin(y / 12.0 * np.pi) + 320 * np.sin(y * np.pi / 30.0)) * 2.0 / 3.0
    )
    dlon = (
        300.0
        + x
        + 2.0 * y
        + 0.1 * x * x
        + 0.1 * x * y
        + 0.1 * np.sqrt(np.abs(x))
        + (20.0 * np.sin(6.0 * x * np.pi) + 20.0 * np.sin(2.0 * x * np.pi)) * 2.0 / 3.0
        + (20.0 * np.sin(x * np.pi) + 40.0 * np.sin(x / 3.0 * np.pi)) * 2.0 / 3.0
        + (150.0 * np.sin(x / 12.0 * np.pi) + 300.0 * np.sin(x / 30.0 * np.pi)) * 2.0 / 3.0
    )
    radlat = lat / 180.0 * np.pi
    magic = 1 - _EE * np.sin(radlat) ** 2
    sqrtmagic = np.sqrt(magic)
    dlat = (dlat * 180.0) / ((_A * (1 - _EE)) / (magic * sqrtmagic) * np.pi)
    dlon = (dlon * 180.0) / (_A / sqrtmagic * np.cos(radlat) * np.pi)
    return dlon, dlat


def wgs84_to_gcj02(lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    lon, lat = np.asarray(lon, float), np.asarray(lat, float)
    dlon, dlat = _delta(lon, lat)
    inside = _in_china(lon, lat)
    return np.where(inside, lon + dlon, lon), np.where(inside, lat + dlat, lat)


def gcj02_to_bd09(lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    z = np.sqrt(lon * lon + lat * lat) + 0.00002 * np.sin(lat * _X_PI)
    theta = np.arctan2(lat, lon) + 0.000003 * np.cos(lon * _X_PI)
    return z * np.cos(theta) + 0.0065, z * np.sin(theta) + 0.006


def bd09_to_gcj02(lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    x, y = np.asarray(lon, float) - 0.0065, np.asarray(lat, float) - 0.006
    z = np.sqrt(x * x + y * y) - 0.00002 * np.sin(y * _X_PI)
    theta = np.arctan2(y, x) - 0.000003 * np.cos(x * _X_PI)
    return z * np.cos(theta), z * np.sin(theta)


def _invert(
    forward: Callable[[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]],
    lon: np.ndarray,
    lat: np.ndarray,
    guess: tuple[np.ndarray, np.ndarray],
    iterations: int = 8,
) -> tuple[np.ndarray, np.ndarray]:
    """Invert a small smooth offset by fixed-point iteration (error < 1e-9° after a few steps)."""
    guess_lon, guess_lat = np.array(guess[0], float), np.array(guess[1], float)
    for _ in range(iterations):
        fwd_lon, fwd_lat = forward(guess_lon, guess_lat)
        guess_lon -= fwd_lon - lon
        guess_lat -= fwd_lat - lat
    return guess_lon, guess_lat


def gcj02_to_wgs84(lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    lon, lat = np.asarray(lon, float), np.asarray(lat, float)
    return _invert(wgs84_to_gcj02, lon, lat, (lon, lat))


def bd09_to_gcj02_exact(lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    lon, lat = np.asarray(lon, float), np.asarray(lat, float)
    return _invert(gcj02_to_bd09, lon, lat, bd09_to_gcj02(lon, lat))


def to_wgs84(lon: np.ndarray, lat: np.ndarray, datum: str) -> tuple[np.ndarray, np.ndarray]:
    """Longitudes and latitudes in ``wgs84``, ``gcj02`` or ``bd09`` to WGS84."""
    if datum == "wgs84":
        return np.asarray(lon, float), np.asarray(lat, float)
    if datum == "gcj02":
        return gcj02_to_wgs84(lon, lat)
    if datum == "bd09":
        return gcj02_to_wgs84(*bd09_to_gcj02_exact(lon, lat))
    raise ValueError(f"unknown datum {datum!r}; expected wgs84, gcj02 or bd09")
