"""Labels on the coverage maps: where each goes (greedy, nothing overlapped), how wide it is drawn."""

from __future__ import annotations

import dataclasses
import math
import unicodedata
from dataclasses import dataclass, field
from html import escape

import numpy as np

FONT_SIZE = 11.0
LINE_HEIGHT = FONT_SIZE * 1.45
ASCENT = FONT_SIZE * 1.18
"""From a label's top to its baseline: the text box a browser gives a CJK font (Noto Sans CJK:
ascent 1.16 em, descent 0.29 em), line gap and all."""
Box = tuple[float, float, float, float]
"""x0, y0, x1, y1 in SVG pixels (y down)."""


@dataclass(frozen=True)
class Label:
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
    others: tuple[tuple[float, float], ...] = ()
    """Other points it may label instead, tried in turn where (x, y) has no room (a circle's
    edge elsewhere)."""


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
class Placer:
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

    def place_all(self, labels: list[Label]) -> tuple[list[str], int]:
        """The SVG of every label placed (rooms first, then buildings, then the optional
        marks), and how many that are not optional found no spot."""

        def priority(label: Label) -> tuple[int, int]:
            kind = label.ref.split(":", 1)[0]
            return ({"facility": 0, "city": 1, "building": 2}.get(kind, 3), label.rank)

        placed, hidden = [], 0
        for label in sorted(labels, key=priority):
            svg = self.place(label)
            for x, y in label.others if svg is None else ():
                if (svg := self.place(dataclasses.replace(label, x=x, y=y))) is not None:
                    break
            if svg is not None:
                placed.append(svg)
            elif not label.optional:
                hidden += 1
        return placed, hidden

    def place(self, label: Label) -> str | None:
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
        label: Label,
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
        self, box: Box, leader: tuple[tuple[float, float], tuple[float, float]] | None, label: Label
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
    x0, y0 = _start(ax, dx, width), _start(ay, dy, height)
    return (x0, y0, x0 + width, y0 + height)


def _start(anchor: float, direction: float, size: float) -> float:
    """Where a box of ``size`` starts along one axis: after the anchor, before it, or centred on it."""
    if direction > 0.3:
        return anchor
    return anchor - size if direction < -0.3 else anchor - size / 2


def _nearest_on_box(box: Box, x: float, y: float) -> tuple[float, float]:
    return (min(max(x, box[0]), box[2]), min(max(y, box[1]), box[3]))


def _samples(a: tuple[float, float], b: tuple[float, float]) -> np.ndarray:
    """Points along a leader line, about every 3 px (for overlap tests)."""
    count = max(int(math.hypot(b[0] - a[0], b[1] - a[1]) / 3), 2)
    t = np.linspace(0.0, 1.0, count)[:, None]
    return np.asarray(a) * (1 - t) + np.asarray(b) * t
