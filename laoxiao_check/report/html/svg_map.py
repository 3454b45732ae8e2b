"""Coverage maps as inline SVG: no scripts, tiles or fonts to fetch; prints as vectors."""

from __future__ import annotations

import math
from html import escape

import numpy as np

from laoxiao_check.model.check import CheckResult
from laoxiao_check.model.glossary import LABELS, MAP, word

COLOURS = {
    "covered": "#2e7d32",
    "uncovered": "#c62828",
    "unknown": "#9e9e9e",
    "eldercare": "#6a1b9a",
    "childcare": "#ef6c00",
    "network": "#b0b0b0",
}
WIDTH = 960.0


def coverage_map(result: CheckResult, category: str, lang: str) -> str:
    """One category's map: buildings coloured by coverage at its main level."""
    geometry = result.geometry
    if geometry is None or len(geometry.building_xy) == 0:
        return ""
    catchment = next((c for c in geometry.catchments if c.category == category), None)
    level = next(
        (c for c in result.coverage if c.category == category and catchment and c.level == catchment.level),
        None,
    )
    points = [geometry.building_xy, geometry.facility_xy.reshape(-1, 2)]
    low = np.nanmin(np.vstack(points), axis=0)
    high = np.nanmax(np.vstack(points), axis=0)
    if catchment is not None and catchment.max_distance_m:
        # show the circle's context: 1.25 × its distance around the buildings
        margin = 1.25 * catchment.max_distance_m
        low = np.minimum(low, geometry.building_xy.min(axis=0) - margin)
        high = np.maximum(high, geometry.building_xy.max(axis=0) + margin)
    span = np.maximum(high - low, 50.0)
    low, high = low - span * 0.06, high + span * 0.06
    scale = WIDTH / (high[0] - low[0])
    height = max((high[1] - low[1]) * scale, 240.0)

    def sx(x: float) -> float:
        return round((x - low[0]) * scale, 1)

    def sy(y: float) -> float:
        return round((high[1] - y) * scale, 1)

    def path(segments: np.ndarray) -> str:
        return " ".join(f"M{sx(a[0])} {sy(a[1])}L{sx(b[0])} {sy(b[1])}" for a, b in segments)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="map" data-category="{category}" '
        f'viewBox="0 0 {WIDTH:g} {height:.0f}" role="img" aria-label="{escape(category)} map">',
        f'<rect width="{WIDTH:g}" height="{height:.0f}" fill="#fbfbf8"/>',
    ]
    colour = COLOURS[category]
    if catchment is not None:
        if catchment.method == "network" and len(catchment.segments):
            parts.append(
                f'<path class="catchment" d="{path(catchment.segments)}" stroke="{colour}" '
                f'stroke-opacity="0.28" stroke-width="9" stroke-linecap="round" fill="none"/>'
            )
        elif catchment.method == "straight_line":
            for x, y in catchment.centres:
                parts.append(
                    f'<circle class="catchment" cx="{sx(x)}" cy="{sy(y)}" '
                    f'r="{catchment.max_distance_m * scale:.1f}" fill="{colour}" fill-opacity="0.08" '
                    f'stroke="{colour}" stroke-opacity="0.5" stroke-dasharray="6 4"/>'
                )
    if len(geometry.network):
        parts.append(
            f'<path class="network" d="{path(geometry.network)}" stroke="{COLOURS["network"]}" '
            'stroke-width="1" fill="none"/>'
        )
    distances = level.distances if level is not None else {}
    outside = {u["building"] for u in level.uncovered} if level is not None else set()
    for building_id, (x, y), households in zip(
        geometry.building_ids, geometry.building_xy, geometry.building_households, strict=True
    ):
        state = "unknown" if level is None else "uncovered" if building_id in outside else "covered"
        radius = 3 + math.sqrt(max(int(households), 0)) / 2.5
        nearest = distances.get(building_id)
        tip = f"{building_id}: {households} hh" + (f", {nearest:,.0f} m" if nearest is not None else "")
        parts.append(
            f'<circle data-kind="building" data-id="{escape(building_id)}" data-state="{state}" '
            f'cx="{sx(x)}" cy="{sy(y)}" r="{radius:.1f}" fill="{COLOURS[state]}" fill-opacity="0.85" '
            f'stroke="#fff" stroke-width="1"><title>{escape(tip)}</title></circle>'
        )
    for facility_id, facility_category, (x, y) in zip(
        geometry.facility_ids, geometry.facility_categories, geometry.facility_xy.reshape(-1, 2), strict=True
    ):
        if facility_category != category:
            continue
        cx, cy = sx(x), sy(y)
        shape = (
            f'<rect x="{cx - 7}" y="{cy - 7}" width="14" height="14"'
            if category == "eldercare"
            else f'<polygon points="{cx},{cy - 9} {cx + 8},{cy + 6} {cx - 8},{cy + 6}"'
        )
        parts.append(
            f'<g data-kind="facility" data-id="{escape(facility_id)}">{shape} fill="{colour}" '
            f'stroke="#fff" stroke-width="1.5"/><text x="{cx + 11}" y="{cy + 4}" font-size="12" '
            f'fill="#333">{escape(facility_id)}</text></g>'
        )
    parts.append(_scale_bar(scale, height))
    parts.append(_north_arrow())
    parts.append(
        _legend(
            category, catchment.method if catchment else "straight_line", bool(len(geometry.network)), lang
        )
    )
    parts.append("</svg>")
    return "".join(parts)


def _scale_bar(scale: float, height: float) -> str:
    target = WIDTH * 0.2 / scale
    length = max(
        (n for n in (10, 20, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000) if n <= target), default=10
    )
    pixels = length * scale
    x, y = WIDTH - pixels - 24, height - 22
    label = f"{length / 1000:g} km" if length >= 1000 else f"{length} m"
    return (
        f'<g class="scale-bar"><rect x="{x - 6}" y="{y - 18}" width="{pixels + 12}" height="28" '
        f'fill="#fff" fill-opacity="0.85"/><path d="M{x} {y}h{pixels:.1f}M{x} {y - 5}v5M{x + pixels:.1f} '
        f'{y - 5}v5" stroke="#222" stroke-width="2" fill="none"/><text x="{x + pixels / 2:.1f}" '
        f'y="{y - 7}" font-size="12" text-anchor="middle">{label}</text></g>'
    )


def _north_arrow() -> str:
    x, y = WIDTH - 34, 18
    return (
        f'<g class="north-arrow"><polygon points="{x},{y} {x + 9},{y + 26} {x},{y + 20} {x - 9},{y + 26}" '
        f'fill="#222"/><text x="{x}" y="{y + 42}" font-size="13" text-anchor="middle" '
        f'font-weight="bold">N</text></g>'
    )


def _legend(category: str, method: str, has_network: bool, lang: str) -> str:
    rows = [
        (f'<circle cx="10" cy="0" r="6" fill="{COLOURS["covered"]}"/>', word(MAP, "covered", lang)),
        (f'<circle cx="10" cy="0" r="6" fill="{COLOURS["uncovered"]}"/>', word(MAP, "uncovered", lang)),
        (
            (
                f'<rect x="4" y="-6" width="12" height="12" fill="{COLOURS[category]}"/>'
                if category == "eldercare"
                else f'<polygon points="10,-7 17,6 3,6" fill="{COLOURS[category]}"/>'
            ),
            word(MAP, category, lang),
        ),
        (
            (
                f'<path d="M0 0h20" stroke="{COLOURS[category]}" stroke-opacity="0.4" stroke-width="8"/>'
                if method == "network"
                else f'<circle cx="10" cy="0" r="7" fill="{COLOURS[category]}" fill-opacity="0.15" '
                f'stroke="{COLOURS[category]}" stroke-dasharray="3 2"/>'
            ),
            word(MAP, "catchment_network" if method == "network" else "catchment_circle", lang),
        ),
    ]
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
    return (
        f'<g class="legend" transform="translate(8 8)"><rect width="190" height="{len(rows) * 20 + 10}" '
        f'fill="#fff" fill-opacity="0.9" stroke="#ccc"/>{body}</g>'
    )
