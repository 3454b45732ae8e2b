"""Coverage maps as inline SVG: no scripts, tiles or fonts to fetch; prints as vectors.

A map shows the roads (the walking network, when the check used one) under the buildings,
where the category's facilities reach within its main level (a shape around the streets
reached on foot, or a circle in a straight line), the buildings coloured by coverage and
labelled by id, and the rooms (the project's own and the city's) labelled by category and
area. Labels are placed greedily, each at the first free spot around its point (nearer
spots first, farther ones with a leader line), so that no label overlaps another, a marker,
the legend, the scale bar or the north arrow; a label that fits nowhere is left out and a
note under the map says how many were.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape
from typing import Any

import numpy as np

from laoxiao_check.model.check import Catchment, CheckResult, MapGeometry
from laoxiao_check.model.glossary import CATEGORY, LABELS, MAP, UNIT, level_word, word
from laoxiao_check.model.phrasing import figure, metres
from laoxiao_check.report.html.map_labels import FONT_SIZE, Box, Label, Placer, text_width
from laoxiao_check.report.views.reach import REACH_BUFFER_M, reach_area

COLOURS = {
    "covered": "#2e7d32",
    "partly": "#f9a825",
    "uncovered": "#c62828",
    "unknown": "#9e9e9e",
    "eldercare": "#6a1b9a",
    "childcare": "#ef6c00",
    "network": "#b0b0b0",
}
OUTLINE = {"covered": "#fff", "partly": "#5d4000", "uncovered": "#4a0000", "unknown": "#fff"}
"""A building outside a level is ringed dark, so that it stands out in grey print too."""
DASHES = ("6 4", "2 3", "1 2", "8 3 2 3")
"""The reach's edge per level, widest first: the outer dashed long, the inner ones shorter."""
WIDTH = 960.0
MAX_ROAD_SEGMENTS = 4000
"""Roads drawn at most: those nearest the project (a city's network would bloat the page)."""
NOTE_LINE = 18.0
MARGIN_SHARE = 0.25
MIN_MARGIN_M = 150.0
"""The estate's frame: its buildings and rooms, and around them a quarter of their extent, at
least 150 m."""
WHOLE_REACH = 1.25
"""A level's reach is framed whole where that makes the frame at most 1.25 × the estate's;
else it is drawn clipped to the estate's frame and the legend gives its distance."""
ASPECT = (0.5, 0.75)
"""A map's height to its width, at least and at most (a tall map shrinks on a PDF page)."""
LEGEND_AT = 8.0


@dataclass(frozen=True)
class _Level:
    """One of the category's coverage levels measured: its distance and the buildings outside it."""

    key: str
    distance_m: float
    outside: frozenset[str]
    main: bool
    """The level whose reach the check kept (:class:`Catchment`): the only one on foot."""

    def phrase(self, lang: str) -> str:
        """``the 5-minute circle (300 m)``, ``五分钟生活圈（300米）``."""
        name, distance = level_word(self.key, lang), metres(self.distance_m, lang)
        return f"{name}（{distance}）" if lang == "zh" else f"the {name} ({distance})"

    def named(self, lang: str) -> str:
        """``5-minute circle, 300 m``, ``五分钟生活圈 300米``."""
        name, distance = level_word(self.key, lang), metres(self.distance_m, lang)
        return f"{name} {distance}" if lang == "zh" else f"{name}, {distance}"


def _levels(result: CheckResult, category: str, catchment: Catchment | None) -> list[_Level]:
    """The category's levels measured (passed or failed), widest first."""
    seen: set[tuple[str, float]] = set()
    levels = []
    for c in result.coverage:
        if c.category != category or c.status not in ("pass", "fail") or (c.level, c.max_distance_m) in seen:
            continue
        seen.add((c.level, c.max_distance_m))
        main = catchment is not None and (c.level, c.max_distance_m) == (
            catchment.level,
            catchment.max_distance_m,
        )
        levels.append(_Level(c.level, c.max_distance_m, frozenset(u["building"] for u in c.uncovered), main))
    return sorted(levels, key=lambda lv: -lv.distance_m)


def _drawn(levels: list[_Level], catchment: Catchment | None) -> list[_Level]:
    """The levels whose reach is drawn: every level's circles in a straight line; on foot the
    main level's shape only (the check keeps no other level's streets)."""
    if catchment is None or not catchment.max_distance_m:
        return []
    if catchment.method == "straight_line":
        return [lv for lv in levels if lv.distance_m > 0] or [
            _Level(catchment.level, catchment.max_distance_m, frozenset(), True)
        ]
    if catchment.method == "network":
        return [lv for lv in levels if lv.main] or [
            _Level(catchment.level, catchment.max_distance_m, frozenset(), True)
        ]
    return []


def coverage_map(result: CheckResult, category: str, lang: str) -> str:
    """One category's map: buildings coloured by the levels they meet, each level's reach."""
    geometry: MapGeometry | None = result.geometry
    if geometry is None or len(geometry.building_xy) == 0:
        return ""
    catchment = next((c for c in geometry.catchments if c.category == category), None)
    levels = _levels(result, category, catchment)
    distances: dict[str, float | None] = next(
        (c.distances for c in result.coverage if c.category == category and c.distances), {}
    )
    drawn = _drawn(levels, catchment)
    method = catchment.method if catchment else "straight_line"
    legend_args: dict[str, Any] = {
        "category": category,
        "method": method,
        "levels": levels,
        "drawn": drawn,
        "has_network": bool(len(geometry.network)),
        "has_city": category in geometry.city_categories,
        "lang": lang,
    }
    _, widest_legend = _legend(**legend_args, beyond={lv.key for lv in drawn})
    frame, whole = _Frame.around(geometry, category, catchment, drawn, widest_legend)
    colour = COLOURS[category]
    notes: list[str] = []
    layers: list[str] = []
    if catchment is not None:
        layers.append(_reach(catchment, drawn, frame, colour))
    roads, total_roads = _roads(geometry.network, frame, geometry.building_xy.mean(axis=0))
    if len(roads):
        layers.append(
            f'<path class="network" d="{frame.path(roads)}" stroke="{COLOURS["network"]}" '
            'stroke-width="1" fill="none"/>'
        )
    if len(roads) < total_roads:
        notes.append(word(MAP, "roads_cut", lang).format(shown=f"{len(roads):,}", total=f"{total_roads:,}"))

    placer = Placer(frame.width, frame.height)
    legend_args["has_network"] = bool(len(roads))
    legend_svg, legend_box = _legend(**legend_args, beyond={lv.key for lv in drawn} - whole)
    scale_svg, scale_box = _scale_bar_parts(frame.scale, frame.height)
    arrow_svg, arrow_box = _north_arrow_parts()
    for box in (legend_box, scale_box, arrow_box):
        placer.block(box)

    labels: list[Label] = []
    layers.append(_buildings(geometry, levels, distances, frame, placer, labels, lang))
    layers.append(_rooms(geometry, category, frame, placer, labels, lang))
    if catchment is not None and catchment.method == "straight_line":
        labels.extend(_circle_marks(catchment, drawn, frame, lang))
    placed, hidden = placer.place_all(labels)
    layers.append(f'<g class="labels" font-size="{FONT_SIZE:g}" fill="#222">{"".join(placed)}</g>')
    if hidden:
        notes.append(word(MAP, "hidden_labels", lang).format(count=hidden))

    height = frame.height + NOTE_LINE * len(notes) + (6 if notes else 0)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="map" data-category="{category}" '
        f'viewBox="0 0 {WIDTH:g} {height:.0f}" role="img" aria-label="{escape(word(MAP, category, lang))}" '
        'font-family="Noto Sans CJK SC, Source Han Sans SC, WenQuanYi Micro Hei, PingFang SC, '
        'Microsoft YaHei, sans-serif">',
        f'<rect width="{WIDTH:g}" height="{height:.0f}" fill="#fff"/>',
        f'<rect width="{WIDTH:g}" height="{frame.height:.0f}" fill="#fbfbf8"/>',
        *layers,
        scale_svg,
        arrow_svg,
        legend_svg,
        *(
            f'<text class="map-note" x="8" y="{frame.height + NOTE_LINE * (i + 1):.0f}" font-size="12" '
            f'fill="#555">{escape(note)}</text>'
            for i, note in enumerate(notes)
        ),
        "</svg>",
    ]
    return "".join(parts)


def _span(low: np.ndarray, high: np.ndarray) -> float:
    return float(np.max(high - low))


@dataclass(frozen=True)
class _Frame:
    """The map's extent in metres and how it maps onto the SVG's pixels (north up)."""

    low: np.ndarray
    high: np.ndarray
    scale: float
    height: float
    width: float = WIDTH

    @classmethod
    def around(
        cls,
        geometry: MapGeometry,
        category: str,
        catchment: Catchment | None,
        drawn: list[_Level],
        legend: Box,
    ) -> tuple[_Frame, set[str]]:
        """The estate's frame (its buildings and the category's rooms, a margin around them),
        grown to hold a level's reach whole where that is not much larger; and the levels held
        whole. Grown further where a building or room would lie under the legend."""
        rooms = geometry.facility_xy.reshape(-1, 2)
        own = np.array([c == category for c in geometry.facility_categories], dtype=bool)
        points = np.vstack([geometry.building_xy, rooms[own[: len(rooms)]]])
        points = points[np.isfinite(points).all(axis=1)]
        low, high = points.min(axis=0), points.max(axis=0)
        margin = max(MARGIN_SHARE * _span(low, high), MIN_MARGIN_M)
        low, high = low - margin, high + margin
        estate = _span(low, high)
        whole: set[str] = set()
        for level, (r_low, r_high) in sorted(
            ((lv, box) for lv in drawn if (box := _reach_box(catchment, lv)) is not None),
            key=lambda item: item[0].distance_m,
        ):
            pad = 0.04 * _span(r_low, r_high)
            grown_low, grown_high = np.minimum(low, r_low - pad), np.maximum(high, r_high + pad)
            if _span(grown_low, grown_high) <= WHOLE_REACH * estate:
                low, high = grown_low, grown_high
                whole.add(level.key)
        low, high = _aspect(low, high)
        frame = cls.of(low, high)
        # clear of the legend: grow up (or left, where the map would grow too tall)
        clear_x, clear_y = legend[2] + 14, legend[3] + 14
        for _ in range(8):
            px = np.column_stack([points[:, 0] - frame.low[0], frame.high[1] - points[:, 1]])
            px *= frame.scale
            under = (px[:, 0] < clear_x) & (px[:, 1] < clear_y)
            if not under.any():
                break
            rise = clear_y / frame.scale - float(np.min(frame.high[1] - points[under, 1]))
            x_span, y_span = float(frame.high[0] - frame.low[0]), float(frame.high[1] - frame.low[1])
            if (y_span + rise) <= ASPECT[1] * x_span:
                high = frame.high + np.array([0.0, rise + 1.0])
                low = frame.low
            else:
                reach = float(np.min(points[under, 0] - frame.low[0]))
                shift = (clear_x * x_span - reach * WIDTH) / (WIDTH - clear_x)
                low, high = frame.low - np.array([shift + 1.0, 0.0]), frame.high
            frame = cls.of(*_aspect(low, high, widen=False))
        return frame, whole

    @classmethod
    def of(cls, low: np.ndarray, high: np.ndarray) -> _Frame:
        scale = WIDTH / float(high[0] - low[0])
        return cls(low, high, scale, float(high[1] - low[1]) * scale)

    def sx(self, x: float) -> float:
        return round((float(x) - float(self.low[0])) * self.scale, 1)

    def sy(self, y: float) -> float:
        return round((float(self.high[1]) - float(y)) * self.scale, 1)

    def path(self, segments: np.ndarray) -> str:
        return " ".join(
            f"M{self.sx(a[0])} {self.sy(a[1])}L{self.sx(b[0])} {self.sy(b[1])}" for a, b in segments
        )

    def bounds_m(self) -> tuple[float, float, float, float]:
        """The map's extent in metres (x0, y0, x1, y1), as tall as the SVG draws it."""
        top = float(self.high[1])
        return float(self.low[0]), top - self.height / self.scale, float(self.high[0]), top

    def inside(self, segments: np.ndarray) -> np.ndarray:
        """Which (m, 2, 2) segments touch the map's extent (their boxes)."""
        x0, y0, x1, y1 = self.bounds_m()
        lo, hi = segments.min(axis=1), segments.max(axis=1)
        return (hi[:, 0] >= x0) & (lo[:, 0] <= x1) & (hi[:, 1] >= y0) & (lo[:, 1] <= y1)


def _aspect(low: np.ndarray, high: np.ndarray, widen: bool = True) -> tuple[np.ndarray, np.ndarray]:
    """The extent grown about its middle to a height between :data:`ASPECT` × its width
    (``widen=False``: only made taller)."""
    x_span, y_span = float(high[0] - low[0]), float(high[1] - low[1])
    grow = np.zeros(2)
    if widen and y_span > ASPECT[1] * x_span:
        grow[0] = y_span / ASPECT[1] - x_span
    elif y_span < ASPECT[0] * x_span:
        grow[1] = ASPECT[0] * x_span - y_span
    return low - grow / 2, high + grow / 2


def _reach_box(catchment: Catchment | None, level: _Level) -> tuple[np.ndarray, np.ndarray] | None:
    """The box (metres) of a level's reach: its circles, or the streets reached on foot."""
    if catchment is None:
        return None
    if catchment.method == "network":
        reached = catchment.segments.reshape(-1, 2)
        if not len(reached):
            return None
        return reached.min(axis=0) - REACH_BUFFER_M, reached.max(axis=0) + REACH_BUFFER_M
    centres = catchment.centres.reshape(-1, 2)
    if not len(centres):
        return None
    return centres.min(axis=0) - level.distance_m, centres.max(axis=0) + level.distance_m


def _roads(network: np.ndarray, frame: _Frame, centre: np.ndarray) -> tuple[np.ndarray, int]:
    """The network's segments on the map, at most MAX_ROAD_SEGMENTS (the nearest the
    project's centre), and how many are on the map in all."""
    segments = network.reshape(-1, 2, 2)
    if not len(segments):
        return segments, 0
    segments = segments[frame.inside(segments)]
    total = len(segments)
    if total > MAX_ROAD_SEGMENTS:
        middle = segments.mean(axis=1)
        nearest = np.argsort(np.hypot(*(middle - centre).T), kind="stable")[:MAX_ROAD_SEGMENTS]
        segments = segments[np.sort(nearest)]
    return segments, total


def _reach(catchment: Catchment, drawn: list[_Level], frame: _Frame, colour: str) -> str:
    """Where the category's facilities reach: a shape around the streets reached on foot within
    the main level (:func:`~laoxiao_check.report.views.reach.reach_area`), or in a straight line
    a circle per facility and level (the widest dashed long, the narrower shorter and bolder),
    each clipped to the map."""
    if catchment.method == "network":
        segments = catchment.segments.reshape(-1, 2, 2)
        segments = segments[frame.inside(segments)] if len(segments) else segments
        if not len(segments):
            return ""
        d = _reach_shape(reach_area(catchment, segments), frame)
        return (
            f'<path class="catchment" data-shape="network" data-level="{escape(catchment.level)}" '
            f'd="{d}" fill="{colour}" fill-opacity="0.16" fill-rule="evenodd" stroke="{colour}" '
            'stroke-opacity="0.55" stroke-width="1"/>'
        )
    if catchment.method != "straight_line":
        return ""
    import shapely

    parts = []
    for rank, level in enumerate(drawn):
        kind = "catchment" if rank == 0 else "catchment inner"
        for x, y in catchment.centres.reshape(-1, 2):
            circle = shapely.buffer(shapely.Point(float(x), float(y)), level.distance_m, quad_segs=32)
            fill = _reach_shape(circle, frame)
            edge = shapely.clip_by_rect(circle.exterior, *frame.bounds_m())
            lines = [
                "M" + "L".join(f"{frame.sx(px)} {frame.sy(py)}" for px, py in shapely.get_coordinates(line))
                for line in shapely.get_parts(edge)
                if shapely.get_num_coordinates(line) >= 2
            ]
            parts.append(
                f'<g class="{kind}" data-shape="circle" data-level="{escape(level.key)}" '
                f'data-radius-m="{level.distance_m:g}" data-cx="{frame.sx(x)}" data-cy="{frame.sy(y)}">'
                + (f'<path class="reach-fill" d="{fill}" fill="{colour}" fill-opacity="0.08"/>' * bool(fill))
                + (
                    f'<path class="reach-edge" d="{"".join(lines)}" fill="none" stroke="{colour}" '
                    f'stroke-opacity="{0.5 if rank == 0 else 0.75}" stroke-width="{1 if rank == 0 else 1.6}" '
                    f'stroke-dasharray="{DASHES[min(rank, len(DASHES) - 1)]}"/>'
                    if lines
                    else ""
                )
                + "</g>"
            )
    return "".join(parts)


def _circle_marks(catchment: Catchment, drawn: list[_Level], frame: _Frame, lang: str) -> list[Label]:
    """``straight line 300 m`` on each circle, where its edge shows on the map (the point
    nearest the circle's top with room for it): optional labels."""
    marks = []
    angles = np.radians(np.arange(90, 450, 15) % 360)
    order = np.argsort(np.abs(((np.degrees(angles) - 90 + 180) % 360) - 180), kind="stable")
    for level in drawn:
        text = word(MAP, "straight_line", lang).format(distance=f"{level.distance_m:,.0f}")
        radius = level.distance_m * frame.scale
        for k, (x, y) in enumerate(catchment.centres.reshape(-1, 2)):
            cx, cy = frame.sx(x), frame.sy(y)
            points = [(cx + radius * math.cos(angles[i]), cy - radius * math.sin(angles[i])) for i in order]
            shown = [
                (px, py)
                for px, py in points
                if 24 <= px <= frame.width - 24 and 24 <= py <= frame.height - 24
            ]
            if shown:
                (px, py), *others = shown
                marks.append(
                    Label(text, px, py, 0.0, f"reach:{level.key}:{k}", optional=True, others=tuple(others))
                )
    return marks


def _reach_shape(shape: Any, frame: _Frame) -> str:
    """The reach (:func:`~laoxiao_check.report.views.reach.reach_area`) within the map, as an SVG
    path (metres → px)."""
    import shapely

    shape = shapely.clip_by_rect(shape, *frame.bounds_m())
    shape = shapely.simplify(shape, 0.75 / frame.scale)
    rings = []
    for polygon in shapely.get_parts(shape):
        if shapely.get_type_id(polygon) != 3:  # a polygon (clipping may leave lines or points)
            continue
        for ring in [polygon.exterior, *polygon.interiors]:
            xy = shapely.get_coordinates(ring)
            rings.append("M" + "L".join(f"{frame.sx(x)} {frame.sy(y)}" for x, y in xy[:-1]) + "Z")
    return "".join(rings)


def _buildings(
    geometry: MapGeometry,
    levels: list[_Level],
    distances: dict[str, float | None],
    frame: _Frame,
    placer: Placer,
    labels: list[Label],
    lang: str,
) -> str:
    """Each building as a circle sized by households, coloured by the levels it meets (all:
    covered; some: partly; none: uncovered); its label (its id)."""
    xy = geometry.building_xy
    centre = xy.mean(axis=0)
    parts = []
    order: list[tuple[int, float, int]] = []
    for k, (building_id, (x, y), households) in enumerate(
        zip(geometry.building_ids, xy, geometry.building_households, strict=True)
    ):
        missed = [lv for lv in levels if building_id in lv.outside]
        state = (
            "unknown"
            if not levels
            else "covered"
            if not missed
            else "uncovered"
            if len(missed) == len(levels)
            else "partly"
        )
        radius = 3 + math.sqrt(max(int(households), 0)) / 2.5
        cx, cy = frame.sx(x), frame.sy(y)
        nearest = distances.get(building_id)
        tip = f"{building_id}: {figure(households, 'households', lang)}" + (
            f", {metres(nearest, lang)}" if nearest is not None else ""
        )
        if missed:
            tip += "; " + word(MAP, "outside", lang).format(levels=_joined(missed, "and", lang))
        outside = " ".join(lv.key for lv in missed)
        parts.append(
            f'<circle data-kind="building" data-id="{escape(building_id)}" data-state="{state}" '
            f'data-outside="{escape(outside)}" cx="{cx}" cy="{cy}" r="{radius:.1f}" '
            f'fill="{COLOURS[state]}" fill-opacity="0.85" stroke="{OUTLINE[state]}" '
            f'stroke-width="{1 if state in ("covered", "unknown") else 1.5}">'
            f"<title>{escape(tip)}</title></circle>"
        )
        placer.mark(cx, cy, radius + 1)
        # uncovered buildings first, then partly, then from the outside in: the outer ones have room
        urgency = {"uncovered": 0, "partly": 1}.get(state, 2)
        order.append((urgency, -float(np.hypot(*(xy[k] - centre))), k))
        labels.append(Label(building_id, cx, cy, radius + 1, f"building:{building_id}", rank=0))
    first = len(labels) - len(order)
    for position, (_, _, k) in enumerate(sorted(order)):
        labels[first + k] = dataclasses.replace(labels[first + k], rank=1 + position)
    return "".join(parts)


def _joined(levels: Sequence[_Level], conjunction: str, lang: str) -> str:
    """``the 15-minute circle (1,000 m) and the 5-minute circle (300 m)``."""
    return word(MAP, conjunction, lang).join(lv.phrase(lang) for lv in levels)


def _rooms(
    geometry: MapGeometry, category: str, frame: _Frame, placer: Placer, labels: list[Label], lang: str
) -> str:
    """The category's rooms of the project (filled) and of the city (hollow), each labelled by
    category and area (places where a city's facility gives no area)."""
    colour = COLOURS[category]
    parts = []
    own = zip(
        geometry.facility_ids,
        geometry.facility_categories,
        geometry.facility_xy.reshape(-1, 2),
        _padded(geometry.facility_areas, len(geometry.facility_ids)),
        strict=True,
    )
    for facility_id, facility_category, (x, y), area in own:
        if facility_category != category:
            continue
        cx, cy = frame.sx(x), frame.sy(y)
        parts.append(
            f'<g data-kind="facility" data-id="{escape(facility_id)}">{_marker(category, cx, cy, colour)} '
            f'fill="{colour}" stroke="#fff" stroke-width="1.5"/><title>{escape(facility_id)}</title></g>'
        )
        placer.mark(cx, cy, 9)
        labels.append(Label(_room_text(category, area, None, lang), cx, cy, 9, f"facility:{facility_id}"))
    x0, y0, x1, y1 = frame.bounds_m()
    city = zip(
        geometry.city_ids,
        geometry.city_categories,
        geometry.city_xy.reshape(-1, 2),
        _padded(geometry.city_areas, len(geometry.city_ids)),
        _padded(geometry.city_places, len(geometry.city_ids)),
        strict=True,
    )
    for facility_id, facility_category, (x, y), area, places in city:
        if facility_category != category or not (x0 <= x <= x1 and y0 <= y <= y1):
            continue
        cx, cy = frame.sx(x), frame.sy(y)
        parts.append(
            f'<g data-kind="city-facility" data-id="{escape(facility_id)}">'
            f'{_marker(category, cx, cy, colour)} fill="#fff" stroke="{colour}" stroke-width="2.5"/>'
            f"<title>{escape(facility_id)}</title></g>"
        )
        placer.mark(cx, cy, 9)
        labels.append(Label(_room_text(category, area, places, lang), cx, cy, 9, f"city:{facility_id}"))
    return "".join(parts)


def _padded(values: Sequence[float | int | None], count: int) -> list[float | int | None]:
    """``values`` as long as ``count`` (a geometry built before areas were kept has none)."""
    return [*values, *[None] * (count - len(values))][:count]


def _marker(category: str, cx: float, cy: float, colour: str) -> str:
    """The open tag of a room's marker: a square (eldercare) or a triangle (childcare)."""
    if category == "eldercare":
        return f'<rect x="{cx - 7:.1f}" y="{cy - 7:.1f}" width="14" height="14"'
    return f'<polygon points="{cx},{cy - 9:.1f} {cx + 8:.1f},{cy + 6:.1f} {cx - 8:.1f},{cy + 6:.1f}"'


def _room_text(category: str, area: float | int | None, places: float | int | None, lang: str) -> str:
    """A room's label: its category and floor area (``养老 550 m²``), else its places."""
    name = word(CATEGORY, category, lang)
    if area is not None:
        return f"{name} {area:,.0f} m²"
    if places is not None:
        return f"{name} {places:,.0f} {word(UNIT, 'places', lang)}"
    return name


# -- label placement --------------------------------------------------------------------------


# -- furniture --------------------------------------------------------------------------------

SCALE_LENGTHS_M = (10, 20, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000, 20000, 50000)


def _scale_bar_parts(scale: float, height: float) -> tuple[str, Box]:
    """A scale bar of a round length in metres (about a fifth of the width), and its box."""
    target = WIDTH * 0.2 / scale
    length = max((n for n in SCALE_LENGTHS_M if n <= target), default=SCALE_LENGTHS_M[0])
    pixels = length * scale
    x, y = WIDTH - pixels - 36, height - 22
    half = pixels / 2
    box = (x - 20, y - 20, x + pixels + 28, y + 8)
    return (
        f'<g class="scale-bar" data-metres="{length}"><rect x="{box[0]:.1f}" y="{box[1]:.1f}" '
        f'width="{pixels + 48:.1f}" height="28" fill="#fff" fill-opacity="0.85"/>'
        f'<rect x="{x:.1f}" y="{y - 4}" width="{half:.1f}" height="4" fill="#222"/>'
        f'<rect x="{x + half:.1f}" y="{y - 4}" width="{half:.1f}" height="4" fill="#fff" stroke="#222" '
        f'stroke-width="1"/><text x="{x:.1f}" y="{y - 8}" font-size="11" text-anchor="middle">0</text>'
        f'<text x="{x + pixels:.1f}" y="{y - 8}" font-size="11" text-anchor="middle">{length:,} m</text></g>'
    ), box


def _scale_bar(scale: float, height: float) -> str:
    return _scale_bar_parts(scale, height)[0]


def _north_arrow_parts() -> tuple[str, Box]:
    x, y = WIDTH - 34, 18
    return (
        f'<g class="north-arrow"><polygon points="{x},{y} {x + 9},{y + 26} {x},{y + 20} {x - 9},{y + 26}" '
        f'fill="#222"/><text x="{x}" y="{y + 42}" font-size="13" text-anchor="middle" '
        f'font-weight="bold">N</text></g>'
    ), (x - 14, y - 4, x + 14, y + 46)


def _north_arrow() -> str:
    return _north_arrow_parts()[0]


def _legend(
    category: str,
    method: str,
    *,
    levels: list[_Level],
    drawn: list[_Level],
    beyond: set[str],
    has_network: bool,
    has_city: bool,
    lang: str,
) -> tuple[str, Box]:
    """The legend: the buildings' colours named by the levels, the rooms, each level's reach
    with its distance (and where it reaches beyond the map), the roads."""
    colour = COLOURS[category]

    def dot(state: str) -> str:
        ring = "" if state in ("covered", "unknown") else f' stroke="{OUTLINE[state]}" stroke-width="1.5"'
        return f'<circle cx="10" cy="0" r="6" fill="{COLOURS[state]}"{ring}/>'

    rows: list[tuple[str, str]] = []
    if len(levels) > 1:
        widest, narrower = levels[0], levels[1:]
        rows += [
            (dot("covered"), word(MAP, "within", lang).format(levels=_joined(levels, "and", lang))),
            (
                dot("partly"),
                word(MAP, "partly", lang).format(
                    wider=widest.phrase(lang), narrower=_joined(narrower, "or", lang)
                ),
            ),
            (dot("uncovered"), word(MAP, "outside", lang).format(levels=_joined(levels, "and", lang))),
        ]
    else:
        rows += [(dot(state), word(MAP, state, lang)) for state in ("covered", "uncovered")]
    if not levels:
        rows.append((dot("unknown"), word(MAP, "unknown", lang)))
    rows.append((f'{_marker(category, 10, 0, colour)} fill="{colour}"/>', word(MAP, category, lang)))
    if has_city:
        rows.append(
            (
                f'{_marker(category, 10, 0, colour)} fill="#fff" stroke="{colour}" stroke-width="2"/>',
                word(MAP, "city", lang),
            )
        )
    colon = "：" if lang == "zh" else ": "
    if method == "network":
        icon = (
            f'<rect x="0" y="-6" width="20" height="12" fill="{colour}" fill-opacity="0.25" '
            f'stroke="{colour}"/>'
        )
        if not drawn:
            rows.append((icon, word(MAP, "catchment_network", lang)))
        for level in drawn:
            text = f"{word(MAP, 'catchment_network', lang)}{colon}{level.named(lang)}"
            rows.append((icon, text + (word(MAP, "beyond", lang) if level.key in beyond else "")))
    else:
        if not drawn:
            rows.append(
                (
                    f'<circle cx="10" cy="0" r="7" fill="{colour}" fill-opacity="0.15" '
                    f'stroke="{colour}" stroke-dasharray="3 2"/>',
                    word(MAP, "catchment_circle", lang),
                )
            )
        for rank, level in enumerate(drawn):
            icon = (
                f'<path d="M0 0h20" stroke="{colour}" stroke-width="{1.2 if rank == 0 else 1.8}" '
                f'stroke-dasharray="{DASHES[min(rank, len(DASHES) - 1)]}"/>'
            )
            text = f"{word(MAP, 'catchment_circle', lang)}{colon}{level.named(lang)}"
            rows.append((icon, text + (word(MAP, "beyond", lang) if level.key in beyond else "")))
    if has_network:
        rows.append(
            (
                f'<path d="M0 0h20" stroke="{COLOURS["network"]}" stroke-width="1.5"/>',
                word(LABELS, "network", lang),
            )
        )
    rows.append(("", word(MAP, "size", lang)))
    body = "".join(
        f'<g transform="translate(10 {18 + i * 20})">{icon}<text x="28" y="4" '
        f'font-size="12">{escape(text)}</text></g>'
        for i, (icon, text) in enumerate(rows)
    )
    width = max(190.0, 46 + max(text_width(text, 12) for _, text in rows))
    height = len(rows) * 20 + 10
    at = LEGEND_AT
    return (
        f'<g class="legend" transform="translate({at:g} {at:g})"><rect width="{width:.0f}" '
        f'height="{height}" fill="#fff" fill-opacity="0.9" stroke="#ccc"/>{body}</g>'
    ), (at, at, at + width, at + height)
