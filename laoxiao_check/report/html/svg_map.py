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
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from html import escape
from typing import Any

import numpy as np

from laoxiao_check.model.check import Catchment, CheckResult, CoverageResult, MapGeometry
from laoxiao_check.model.glossary import CATEGORY, LABELS, MAP, UNIT, figure, metres, word
from laoxiao_check.report.views.reach import reach_area

COLOURS = {
    "covered": "#2e7d32",
    "uncovered": "#c62828",
    "unknown": "#9e9e9e",
    "eldercare": "#6a1b9a",
    "childcare": "#ef6c00",
    "network": "#b0b0b0",
}
OUTLINE = {"covered": "#fff", "uncovered": "#4a0000", "unknown": "#fff"}
"""An uncovered building is ringed dark, so that it stands out in grey print too."""
WIDTH = 960.0
FONT_SIZE = 11.0
LINE_HEIGHT = FONT_SIZE * 1.45
ASCENT = FONT_SIZE * 1.18
"""From a label's top to its baseline: the text box a browser gives a CJK font (Noto Sans CJK:
ascent 1.16 em, descent 0.29 em), line gap and all."""
MAX_ROAD_SEGMENTS = 4000
"""Roads drawn at most: those nearest the project (a city's network would bloat the page)."""
"""How far either side of a street reached on foot the reach shape extends."""
NOTE_LINE = 18.0

Box = tuple[float, float, float, float]
"""x0, y0, x1, y1 in SVG pixels (y down)."""


def coverage_map(result: CheckResult, category: str, lang: str) -> str:
    """One category's map: buildings coloured by coverage at its main level, labelled."""
    geometry: MapGeometry | None = result.geometry
    if geometry is None or len(geometry.building_xy) == 0:
        return ""
    catchment = next((c for c in geometry.catchments if c.category == category), None)
    level = next(
        (c for c in result.coverage if c.category == category and catchment and c.level == catchment.level),
        None,
    )
    frame = _Frame.around(geometry, catchment)
    colour = COLOURS[category]
    notes: list[str] = []
    layers: list[str] = []
    if catchment is not None:
        layers.append(_reach(catchment, frame, colour))
    roads, total_roads = _roads(geometry.network, frame, geometry.building_xy.mean(axis=0))
    if len(roads):
        layers.append(
            f'<path class="network" d="{frame.path(roads)}" stroke="{COLOURS["network"]}" '
            'stroke-width="1" fill="none"/>'
        )
    if len(roads) < total_roads:
        notes.append(word(MAP, "roads_cut", lang).format(shown=f"{len(roads):,}", total=f"{total_roads:,}"))

    placer = _Placer(frame.width, frame.height)
    legend_svg, legend_box = _legend(
        category,
        catchment.method if catchment else "straight_line",
        has_network=bool(len(roads)),
        has_city=category in geometry.city_categories,
        has_unknown=level is None,
        lang=lang,
    )
    scale_svg, scale_box = _scale_bar_parts(frame.scale, frame.height)
    arrow_svg, arrow_box = _north_arrow_parts()
    for box in (legend_box, scale_box, arrow_box):
        placer.block(box)

    labels: list[_Label] = []
    layers.append(_buildings(geometry, level, frame, placer, labels, lang))
    layers.append(_rooms(geometry, category, frame, placer, labels, lang))
    if catchment is not None and catchment.method == "straight_line" and catchment.max_distance_m:
        mark = word(MAP, "straight_line", lang).format(distance=f"{catchment.max_distance_m:,.0f}")
        radius = catchment.max_distance_m * frame.scale
        for k, (x, y) in enumerate(catchment.centres.reshape(-1, 2)):
            labels.append(_Label(mark, frame.sx(x), frame.sy(y) - radius, 0.0, f"reach:{k}", optional=True))
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


@dataclass(frozen=True)
class _Frame:
    """The map's extent in metres and how it maps onto the SVG's pixels (north up)."""

    low: np.ndarray
    high: np.ndarray
    scale: float
    height: float
    width: float = WIDTH

    @classmethod
    def around(cls, geometry: MapGeometry, catchment: Catchment | None) -> _Frame:
        points = np.vstack([geometry.building_xy, geometry.facility_xy.reshape(-1, 2)])
        low = np.nanmin(points, axis=0)
        high = np.nanmax(points, axis=0)
        if catchment is not None and catchment.max_distance_m:
            # show the reach's context: 1.25 × its distance around the buildings
            margin = 1.25 * catchment.max_distance_m
            low = np.minimum(low, geometry.building_xy.min(axis=0) - margin)
            high = np.maximum(high, geometry.building_xy.max(axis=0) + margin)
        span = np.maximum(high - low, 50.0)
        low, high = low - span * 0.06, high + span * 0.06
        scale = WIDTH / float(high[0] - low[0])
        height = max(float(high[1] - low[1]) * scale, 240.0)
        return cls(low, high, scale, height)

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


def _reach(catchment: Catchment, frame: _Frame, colour: str) -> str:
    """Where the category's facilities reach: a shape around the streets reached on foot
    (:func:`~laoxiao_check.report.views.reach.reach_area`), or a dashed circle per facility in a
    straight line."""
    if catchment.method == "network":
        segments = catchment.segments.reshape(-1, 2, 2)
        segments = segments[frame.inside(segments)] if len(segments) else segments
        if not len(segments):
            return ""
        d = _reach_shape(reach_area(catchment, segments), frame)
        return (
            f'<path class="catchment" data-shape="network" d="{d}" fill="{colour}" fill-opacity="0.16" '
            f'fill-rule="evenodd" stroke="{colour}" stroke-opacity="0.55" stroke-width="1"/>'
        )
    if catchment.method == "straight_line" and catchment.max_distance_m:
        return "".join(
            f'<circle class="catchment" data-shape="circle" cx="{frame.sx(x)}" cy="{frame.sy(y)}" '
            f'r="{catchment.max_distance_m * frame.scale:.1f}" fill="{colour}" fill-opacity="0.08" '
            f'stroke="{colour}" stroke-opacity="0.5" stroke-dasharray="6 4"/>'
            for x, y in catchment.centres.reshape(-1, 2)
        )
    return ""


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
    level: CoverageResult | None,
    frame: _Frame,
    placer: _Placer,
    labels: list[_Label],
    lang: str,
) -> str:
    """Each building as a circle sized by households, coloured by coverage; its label (its id)."""
    distances = level.distances if level is not None else {}
    outside = {u["building"] for u in level.uncovered} if level is not None else set()
    xy = geometry.building_xy
    centre = xy.mean(axis=0)
    parts = []
    order: list[tuple[int, float, int]] = []
    for k, (building_id, (x, y), households) in enumerate(
        zip(geometry.building_ids, xy, geometry.building_households, strict=True)
    ):
        state = "unknown" if level is None else "uncovered" if building_id in outside else "covered"
        radius = 3 + math.sqrt(max(int(households), 0)) / 2.5
        cx, cy = frame.sx(x), frame.sy(y)
        nearest = distances.get(building_id)
        tip = f"{building_id}: {figure(households, 'households', lang)}" + (
            f", {metres(nearest, lang)}" if nearest is not None else ""
        )
        parts.append(
            f'<circle data-kind="building" data-id="{escape(building_id)}" data-state="{state}" '
            f'cx="{cx}" cy="{cy}" r="{radius:.1f}" fill="{COLOURS[state]}" fill-opacity="0.85" '
            f'stroke="{OUTLINE[state]}" stroke-width="{1.5 if state == "uncovered" else 1}">'
            f"<title>{escape(tip)}</title></circle>"
        )
        placer.mark(cx, cy, radius + 1)
        # uncovered buildings first, then from the outside in: the outer ones have room nearby
        order.append((0 if state == "uncovered" else 1, -float(np.hypot(*(xy[k] - centre))), k))
        labels.append(_Label(building_id, cx, cy, radius + 1, f"building:{building_id}", rank=0))
    first = len(labels) - len(order)
    for position, (_, _, k) in enumerate(sorted(order)):
        labels[first + k] = dataclasses.replace(labels[first + k], rank=1 + position)
    return "".join(parts)


def _rooms(
    geometry: MapGeometry, category: str, frame: _Frame, placer: _Placer, labels: list[_Label], lang: str
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
        labels.append(_Label(_room_text(category, area, None, lang), cx, cy, 9, f"facility:{facility_id}"))
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
        labels.append(_Label(_room_text(category, area, places, lang), cx, cy, 9, f"city:{facility_id}"))
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


@dataclass(frozen=True)
class _Label:
    text: str
    x: float
    y: float
    """The point labelled (px)."""
    clear: float
    """The radius of its marker: the label starts outside it."""
    ref: str
    """What it labels (``building:1号楼``), written as the label's data-for."""
    rank: int = 0
    """Placement order within the same kind: lower first."""
    optional: bool = False
    """Left out without a word when it fits nowhere (the straight-line marks)."""


def text_width(text: str, size: float = FONT_SIZE) -> float:
    """A generous estimate of how wide ``text`` is drawn (px): CJK one em, Latin about half."""
    total = 0.0
    for char in text:
        if unicodedata.east_asian_width(char) in ("W", "F"):
            total += 1.0
        elif char in "mwMW@%":
            total += 0.9
        elif char.isupper():
            total += 0.7
        elif char == " ":
            total += 0.3
        else:
            total += 0.6
    return total * size


RING_GAPS = (2.0, 14.0, 30.0, 50.0, 76.0)
"""How far beyond its marker a label is tried, nearest first (beyond the first: a leader line)."""
DIRECTIONS_NEAR = (0, 180, 270, 90, 315, 225, 45, 135)
"""Degrees, clockwise from east (SVG's y points down): right, left, above, below, diagonals."""
DIRECTIONS_FAR = tuple(range(0, 360, 30))
PAD = 0.75


@dataclass
class _Placer:
    """Greedy label placement: each label at the first candidate spot that overlaps nothing
    placed before (labels, leaders), no marker and no blocked box (legend, scale bar…)."""

    width: float
    height: float
    boxes: np.ndarray = field(default_factory=lambda: np.empty((0, 4)))
    """(n, 4) boxes taken: labels placed and blocked furniture."""
    circles: np.ndarray = field(default_factory=lambda: np.empty((0, 3)))
    """(n, 3) markers: x, y, radius."""
    leader_points: np.ndarray = field(default_factory=lambda: np.empty((0, 2)))
    """Points along the leader lines drawn."""

    def block(self, box: Box) -> None:
        self.boxes = np.vstack([self.boxes, box])

    def mark(self, cx: float, cy: float, radius: float) -> None:
        self.circles = np.vstack([self.circles, (cx, cy, radius)])

    def place_all(self, labels: list[_Label]) -> tuple[list[str], int]:
        """The SVG of every label placed (rooms first, then buildings, then the optional
        marks), and how many that are not optional found no spot."""

        def priority(label: _Label) -> tuple[int, int]:
            kind = label.ref.split(":", 1)[0]
            return ({"facility": 0, "city": 1, "building": 2}.get(kind, 3), label.rank)

        placed, hidden = [], 0
        for label in sorted(labels, key=priority):
            svg = self.place(label)
            if svg is not None:
                placed.append(svg)
            elif not label.optional:
                hidden += 1
        return placed, hidden

    def place(self, label: _Label) -> str | None:
        width = text_width(label.text) + 2 * PAD
        height = LINE_HEIGHT + 2 * PAD
        # first with leaders that cross no marker; then, for a label still without a spot
        # (a room among buildings), leaders may cross other markers
        for strict in (True, False):
            for ring, gap in enumerate(RING_GAPS):
                if ring == 0 and not strict:
                    continue
                for degrees in DIRECTIONS_NEAR if ring == 0 else DIRECTIONS_FAR:
                    angle = math.radians(degrees)
                    dx, dy = math.cos(angle), math.sin(angle)
                    reach = label.clear + gap
                    box = _box_at(label.x + dx * reach, label.y + dy * reach, dx, dy, width, height)
                    leader = None
                    if ring:
                        start = (label.x + dx * label.clear, label.y + dy * label.clear)
                        leader = (start, _nearest_on_box(box, label.x, label.y))
                    if self._free(box, leader, label, strict):
                        return self._take(box, leader, label)
        return None

    def _free(
        self,
        box: Box,
        leader: tuple[tuple[float, float], tuple[float, float]] | None,
        label: _Label,
        strict: bool = True,
    ) -> bool:
        x0, y0, x1, y1 = box
        if x0 < 1 or y0 < 1 or x1 > self.width - 1 or y1 > self.height - 1:
            return False
        if len(self.boxes):
            b = self.boxes
            if np.any((b[:, 0] < x1) & (b[:, 2] > x0) & (b[:, 1] < y1) & (b[:, 3] > y0)):
                return False
        if len(self.circles):
            c = self.circles
            nearest_x = np.clip(c[:, 0], x0, x1)
            nearest_y = np.clip(c[:, 1], y0, y1)
            if np.any(np.hypot(c[:, 0] - nearest_x, c[:, 1] - nearest_y) < c[:, 2]):
                return False
        if len(self.leader_points):
            p = self.leader_points
            if np.any((p[:, 0] > x0) & (p[:, 0] < x1) & (p[:, 1] > y0) & (p[:, 1] < y1)):
                return False
        if leader is not None:
            samples = _samples(*leader)
            if len(self.boxes):
                b = self.boxes
                inside = (
                    (samples[:, None, 0] > b[None, :, 0])
                    & (samples[:, None, 0] < b[None, :, 2])
                    & (samples[:, None, 1] > b[None, :, 1])
                    & (samples[:, None, 1] < b[None, :, 3])
                )
                if inside.any():
                    return False
            if strict and len(self.circles):
                c = self.circles
                others = np.hypot(c[:, 0] - label.x, c[:, 1] - label.y) > 0.5  # not its own marker
                gaps = np.hypot(
                    samples[:, None, 0] - c[None, others, 0], samples[:, None, 1] - c[None, others, 1]
                )
                if np.any(gaps < c[None, others, 2]):
                    return False
        return True

    def _take(
        self, box: Box, leader: tuple[tuple[float, float], tuple[float, float]] | None, label: _Label
    ) -> str:
        self.block(box)
        line = ""
        if leader is not None:
            self.leader_points = np.vstack([self.leader_points, _samples(*leader)])
            (ax, ay), (bx, by) = leader
            line = (
                f'<path class="leader" d="M{ax:.1f} {ay:.1f}L{bx:.1f} {by:.1f}" '
                'stroke="#666" stroke-width="0.8"/>'
            )
        x, y = box[0] + PAD, box[1] + PAD + ASCENT
        # the halo is a copy of the text under it (WeasyPrint, which prints the PDF report,
        # ignores paint-order)
        at, text = f'x="{x:.1f}" y="{y:.1f}"', escape(label.text)
        return (
            f'<g class="label" data-for="{escape(label.ref)}">{line}<text class="halo" {at} fill="#fff" '
            f'stroke="#fff" stroke-width="3" stroke-opacity="0.85" aria-hidden="true">{text}</text>'
            f"<text {at}>{text}</text></g>"
        )


def _box_at(ax: float, ay: float, dx: float, dy: float, width: float, height: float) -> Box:
    """The label's box beside the point (ax, ay), on the side that (dx, dy) points to."""
    if dx > 0.3:
        x0 = ax
    elif dx < -0.3:
        x0 = ax - width
    else:
        x0 = ax - width / 2
    if dy > 0.3:
        y0 = ay
    elif dy < -0.3:
        y0 = ay - height
    else:
        y0 = ay - height / 2
    return (x0, y0, x0 + width, y0 + height)


def _nearest_on_box(box: Box, x: float, y: float) -> tuple[float, float]:
    return (min(max(x, box[0]), box[2]), min(max(y, box[1]), box[3]))


def _samples(a: tuple[float, float], b: tuple[float, float]) -> np.ndarray:
    """Points along a leader line, about every 3 px (for overlap tests)."""
    count = max(int(math.hypot(b[0] - a[0], b[1] - a[1]) / 3), 2)
    t = np.linspace(0.0, 1.0, count)[:, None]
    return np.asarray(a) * (1 - t) + np.asarray(b) * t


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
    category: str, method: str, *, has_network: bool, has_city: bool, has_unknown: bool, lang: str
) -> tuple[str, Box]:
    colour = COLOURS[category]
    rows = [
        (f'<circle cx="10" cy="0" r="6" fill="{COLOURS["covered"]}"/>', word(MAP, "covered", lang)),
        (
            f'<circle cx="10" cy="0" r="6" fill="{COLOURS["uncovered"]}" stroke="{OUTLINE["uncovered"]}" '
            'stroke-width="1.5"/>',
            word(MAP, "uncovered", lang),
        ),
    ]
    if has_unknown:
        rows.append(
            (f'<circle cx="10" cy="0" r="6" fill="{COLOURS["unknown"]}"/>', word(MAP, "unknown", lang))
        )
    rows.append((f'{_marker(category, 10, 0, colour)} fill="{colour}"/>', word(MAP, category, lang)))
    if has_city:
        rows.append(
            (
                f'{_marker(category, 10, 0, colour)} fill="#fff" stroke="{colour}" stroke-width="2"/>',
                word(MAP, "city", lang),
            )
        )
    rows.append(
        (
            f'<rect x="0" y="-6" width="20" height="12" fill="{colour}" fill-opacity="0.25" '
            f'stroke="{colour}"/>'
            if method == "network"
            else f'<circle cx="10" cy="0" r="7" fill="{colour}" fill-opacity="0.15" '
            f'stroke="{colour}" stroke-dasharray="3 2"/>',
            word(MAP, "catchment_network" if method == "network" else "catchment_circle", lang),
        )
    )
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
    return (
        f'<g class="legend" transform="translate(8 8)"><rect width="{width:.0f}" height="{height}" '
        f'fill="#fff" fill-opacity="0.9" stroke="#ccc"/>{body}</g>'
    ), (8.0, 8.0, 8 + width, 8.0 + height)
