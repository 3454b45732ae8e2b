"""The polygons of an audit: the audited area (``--boundary``) and the communities and districts
(``--communities``, ``--districts``), read by ``io/boundary.py``; points are placed in them by
``spatial/areas.py``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np


@dataclass(frozen=True)
class Boundary:
    source: str
    area: Any
    """The union of the layer's polygons (a shapely geometry, prepared), in WGS84 longitude/latitude;
    :func:`laoxiao_check.spatial.areas.inside_boundary` asks it."""
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class AreaLayer:
    """Named polygons of one level (communities or districts), in WGS84 longitude/latitude."""

    source: str
    level: str
    names: tuple[str, ...]
    districts: tuple[str, ...]
    """Each area's district where the layer gives one (communities), else empty strings."""
    polygons: np.ndarray
    """Each area's polygon (shapely, object array); :func:`laoxiao_check.spatial.areas.assign_to_areas`
    places points in them."""
    warnings: tuple[str, ...] = ()
    streets: tuple[str, ...] = ()
    """Each community's street or township (街道（乡镇）) where the layer gives one, else empty."""
    types: tuple[str | None, ...] = ()
    """Each community's type (``urban`` 城市社区, ``town`` 乡镇社区) where the layer gives one."""

    def items(self) -> list[tuple[str, str, Any]]:
        """(district, name, polygon) of each area."""
        return list(zip(self.districts, self.names, self.polygons.tolist(), strict=True))
