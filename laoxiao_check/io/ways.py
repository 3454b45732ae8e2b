"""Which ways a pedestrian may walk, read from OpenStreetMap-style tags, and the lines that make
the walking network: one place for the rules that the GIS reader (``io/network.py``) and the OSM
reader (``io/osm.py``) share. A change here changes the graph cache's key (``io/network_cache.py``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import shapely

from laoxiao_check.model.errors import InputError, Problem
from laoxiao_check.model.messages import Said
from laoxiao_check.spatial.geo import transform
from laoxiao_check.spatial.network.noding import NodingOptions

if TYPE_CHECKING:
    import pandas as pd

    from laoxiao_check.spatial.network.graph import WalkGraph


LINE_TYPES = {"LineString", "MultiLineString", "LinearRing"}


@dataclass(frozen=True)
class NetworkLines:
    """The network's lines as read, with their CRS; reprojected on demand."""

    source: str
    lines: np.ndarray
    crs: str
    ground: np.ndarray | None = None
    """Per line: may buildings join it (None: all may)."""
    level: np.ndarray | None = None
    """Per line: its level (0 at ground); ends and crossings join only within a level."""
    ways_dropped: int = 0
    """Ways closed to pedestrians, left out (not in ``lines``)."""
    dropped_by_reason: tuple[tuple[str, int], ...] = ()
    """How many ways each tag closed (``("highway=cycleway", 54)``, …)."""
    opened_by_tag: int = 0
    """Ways walked only because ``foot=*`` or ``access=*`` opens them (a cycleway with foot=yes)."""
    warnings: tuple[str, ...] = ()
    """Remarks on the file (no CRS declared, points outside the CRS's area)."""

    def in_crs(self, target: str) -> np.ndarray:
        if target == self.crs:
            return self.lines
        moved: np.ndarray = shapely.transform(
            self.lines, lambda xy: np.column_stack(transform(xy[:, 0], xy[:, 1], self.crs, target))
        )
        return moved

    def walk_graph(
        self, metric_crs: str, options: NodingOptions | None = None
    ) -> tuple[WalkGraph, dict[str, Any]]:
        """The walking graph of these lines in ``metric_crs`` and its health report (built
        each time; ``network_cache.NetworkFile`` caches)."""
        from laoxiao_check.spatial.network import graph_from_lines
        from laoxiao_check.spatial.network.health import network_health

        options = options or NodingOptions()
        lines, ground, level = self.in_crs(metric_crs), self.ground, self.level
        coordinates, owner = shapely.get_coordinates(lines, return_index=True)
        bad = np.unique(
            owner[~np.isfinite(coordinates).all(axis=1) | (np.abs(coordinates) > 1e8).any(axis=1)]
        )
        remarks = list(self.warnings)
        if len(bad):  # ways too far from the project to be drawn in its metric CRS
            keep = np.ones(len(lines), dtype=bool)
            keep[bad] = False
            lines = lines[keep]
            ground = None if ground is None else ground[keep]
            level = None if level is None else level[keep]
            remarks.append(
                Said(
                    "{source}: {count} way(s) lie too far from the project to be placed in its metric CRS "
                    "({crs}): left out",
                    source=self.source,
                    count=len(bad),
                    crs=metric_crs,
                )
            )
        try:
            graph = graph_from_lines(lines, ground, level, options)
        except InputError as exc:  # the engine knows no file: name this one
            raise InputError(
                [Problem(p.source or self.source, p.place, p.message) for p in exc.problems]
            ) from None
        health = network_health(
            graph, options, self.ways_dropped, self.source, dict(self.dropped_by_reason), self.opened_by_tag
        )
        health["file_warnings"] = remarks  # kept with the cached graph
        return graph, health


# --- OpenStreetMap-style tags ----------------------------------------------------------

TAG_COLUMNS = (
    "highway",
    "foot",
    "access",
    "service",
    "sidewalk",
    "sidewalk:both",
    "sidewalk:left",
    "sidewalk:right",
    "tunnel",
    "bridge",
    "layer",
    "indoor",
)
"""The tags read from a network file (OSM extract or GIS layer), where present."""


# Which ways a pedestrian may walk, after OpenStreetMap's access tags. Sources:
# - https://wiki.openstreetmap.org/wiki/Key:access ("Transport mode restrictions"): the most
#   specific tag decides, so ``foot=*`` overrides ``access=*``, which overrides what the
#   ``highway`` type implies;
# - https://wiki.openstreetmap.org/wiki/Key:foot and Tag:foot=yes ("to indicate that walking
#   on a certain cycleway is legal: highway=cycleway + foot=yes"); Tag:foot=use_sidepath
#   ("routing engines should treat it as a negative access value, equivalent to foot=no");
# - https://wiki.openstreetmap.org/wiki/OSM_tags_for_routing/Access_restrictions, the
#   worldwide defaults: foot=no on motorway, cycleway and bridleway; foot=yes on trunk and
#   every other road, path, footway and pedestrian way.
# Each way is judged by the first row that applies, in this order:
#
# | tags                                                       | walkable | reason counted    |
# |------------------------------------------------------------|----------|-------------------|
# | highway= construction, proposed, planned, abandoned, razed | no       | highway=<value>   |
# | foot= yes, designated, permissive, official, destination…  | yes      | (opened by foot=) |
# | foot= no, private, use_sidepath                            | no       | foot=<value>      |
# | access= yes, permissive, designated, destination…          | yes      |                   |
# | access= no, private                                        | no       | access=<value>    |
# | service=private                                            | no       | service=private   |
# | highway= motorway, motorway_link, cycleway, bridleway,     | no       | highway=<value>   |
# |   bus_guideway, busway, raceway (worldwide foot=no)        |          |                   |
# | sidewalk(:both/:left/:right)=separate (no foot tag)        | no       | sidewalk=separate |
# | anything else (trunk included: many have pavements)        | yes      |                   |
#
# ``sidewalk=separate``: the road's pavement is its own way, walked instead (as OSMnx's and
# pyrosm's walking networks do). A tag with several values (``private;delivery``) is read by
# its first value.

NOT_BUILT = {"construction", "proposed", "planned", "abandoned", "razed"}
"""``highway`` values that are not (or no longer) a way on the ground: no tag opens them."""

FOOT_NO_BY_DEFAULT = {
    "motorway",
    "motorway_link",
    "cycleway",
    "bridleway",
    "bus_guideway",
    "busway",
    "raceway",
}
"""``highway`` values closed to pedestrians unless ``foot=*`` or ``access=*`` opens them."""

NO_FOOT = {"no", "private", "use_sidepath"}

OPEN_FOOT = {"yes", "designated", "permissive", "official", "destination", "customers", "delivery"}

CLOSED_ACCESS = {"no", "private"}

OPEN_ACCESS = {"yes", "permissive", "designated", "official", "destination", "customers"}

NOT_SET = {"", "no", "false", "0"}


@dataclass(frozen=True)
class Walkability:
    """Per way: may a pedestrian walk it, and why not where not."""

    walkable: np.ndarray
    reason: np.ndarray
    """Per way: the tag that closed it (``foot=no``, ``highway=cycleway`` …), '' where walkable."""
    opened: np.ndarray
    """Per way: walkable only because ``foot=*`` or ``access=*`` says so (a cycleway with foot=yes)."""

    def dropped_by_reason(self) -> dict[str, int]:
        """How many ways each tag closed, the most frequent first."""
        reasons, counts = np.unique(self.reason[~self.walkable].astype(str), return_counts=True)
        order = sorted(zip(reasons.tolist(), counts.tolist(), strict=True), key=lambda rc: (-rc[1], rc[0]))
        return dict(order)


def _tag(frame: pd.DataFrame, column: str) -> np.ndarray:
    """A tag column as lower-case strings ('' where absent; the first of several values); the
    column's name in any case (an ESRI shapefile's ``BRIDGE`` is OSM's ``bridge``)."""
    named = {str(c).lower(): c for c in frame.columns}
    if column not in named:
        return np.full(len(frame), "", dtype=object)
    values = frame[named[column]].astype("string").fillna("").str.split(";").str[0].str.strip().str.lower()
    tags: np.ndarray = values.fillna("").to_numpy(dtype=object)
    return tags


def walkability(frame: pd.DataFrame) -> Walkability:
    """Per feature: open to pedestrians, after the table above. One-way tags are ignored:
    people walk both ways."""
    highway, foot, access, service = (_tag(frame, c) for c in ("highway", "foot", "access", "service"))
    separate = np.zeros(len(frame), dtype=bool)
    for column in ("sidewalk", "sidewalk:both", "sidewalk:left", "sidewalk:right"):
        separate |= _tag(frame, column) == "separate"
    undecided = np.ones(len(frame), dtype=bool)
    walkable = np.ones(len(frame), dtype=bool)
    reason = np.full(len(frame), "", dtype=object)

    def decide(where: np.ndarray, open_: bool, why: np.ndarray | str) -> None:
        now = undecided & where
        walkable[now] = open_
        if not open_:
            reason[now] = why[now] if isinstance(why, np.ndarray) else why
        undecided[now] = False

    decide(np.isin(highway, list(NOT_BUILT)), False, "highway=" + highway)
    decide(np.isin(foot, list(OPEN_FOOT)), True, "")
    decide(np.isin(foot, list(NO_FOOT)), False, "foot=" + foot)
    decide(np.isin(access, list(OPEN_ACCESS)), True, "")
    decide(np.isin(access, list(CLOSED_ACCESS)), False, "access=" + access)
    decide(service == "private", False, "service=private")
    by_default = np.isin(highway, list(FOOT_NO_BY_DEFAULT))
    opened = by_default & walkable & ~undecided
    decide(by_default, False, "highway=" + highway)
    decide(separate, False, "sidewalk=separate")
    return Walkability(walkable, reason, opened)


def walkable_ways(frame: pd.DataFrame) -> np.ndarray:
    """Per feature: open to pedestrians? (see :func:`walkability`)."""
    return walkability(frame).walkable


def ground_level(frame: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Per feature: at ground level (buildings may join it), and its level code.

    Off the ground: ``tunnel`` (except ``building_passage``, a passage at street level),
    ``bridge``, ``indoor`` set to anything but no, or ``layer`` ≠ 0. A ``layer`` that is not
    a number (a CAD layer name such as ``道路``) is not OpenStreetMap's and is ignored. The
    level code is the layer (±1 for a bridge or tunnel without one), doubled, plus one for
    indoor ways.
    """
    tunnel, bridge, indoor, layer_text = (_tag(frame, c) for c in ("tunnel", "bridge", "indoor", "layer"))
    is_tunnel = ~np.isin(tunnel, list(NOT_SET | {"building_passage"}))
    is_bridge = ~np.isin(bridge, list(NOT_SET))
    is_indoor = ~np.isin(indoor, list(NOT_SET))
    layer = np.array([_layer_number(t) for t in layer_text], dtype=float)
    default = np.where(is_bridge, 1.0, np.where(is_tunnel, -1.0, 0.0))
    layer = np.where(np.isnan(layer), default, layer)
    ground = ~(is_tunnel | is_bridge | is_indoor | (layer != 0))
    level = np.round(layer).astype(np.int64) * 2 + is_indoor.astype(np.int64)
    return ground, level


def _layer_number(text: str) -> float:
    """The layer as a number; NaN where absent or not a number."""
    try:
        return float(text)
    except ValueError:
        return float("nan")


def tagged_lines(
    source: str, lines: np.ndarray, crs: str, frame: pd.DataFrame, walk: Walkability
) -> NetworkLines:
    """The walkable lines with their level tags (None where the frame has no such columns)."""
    walkable = walk.walkable
    has_levels = any(str(c).lower() in ("tunnel", "bridge", "layer", "indoor") for c in frame.columns)
    ground, level = ground_level(frame) if has_levels else (None, None)
    dropped = int((~walkable).sum())
    if dropped:
        lines = lines[walkable]
        ground = None if ground is None else ground[walkable]
        level = None if level is None else level[walkable]
    if len(lines) == 0:
        why = ", ".join(f"{k}: {n}" for k, n in walk.dropped_by_reason().items())
        raise InputError(
            Said("no way of the network is open to pedestrians (dropped: {why})", why=why), source
        )
    return NetworkLines(
        source,
        lines,
        crs,
        ground,
        level,
        dropped,
        dropped_by_reason=tuple(walk.dropped_by_reason().items()),
        opened_by_tag=int(walk.opened.sum()),
    )
