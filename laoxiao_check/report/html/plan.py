"""A plan as one self-contained HTML page: the headline, the chosen sites, and an SVG map.

The map shows the estates (covered before, newly covered by a chosen site, still not
covered; sized by households), the existing facilities, every candidate site, the chosen
ones and their reach (the walking network within the level's distance, or the circle).
No scripts, styles or tiles from elsewhere, as the check report.
"""

from __future__ import annotations

import math
from html import escape

import numpy as np

from laoxiao_check.model.glossary import CATEGORY, PLAN, word
from laoxiao_check.model.plan import PlanResult
from laoxiao_check.report.html.check import STYLE
from laoxiao_check.report.html.inputs import ledger_section, provenance_section, quality_section
from laoxiao_check.report.html.svg_map import COLOURS, WIDTH, _north_arrow, _scale_bar
from laoxiao_check.report.views.plan import headline, label

LEGEND_BAND = 150.0
STATE_COLOURS = {"covered": COLOURS["covered"], "new": "#1565c0", "uncovered": COLOURS["uncovered"]}


def plan_map(result: PlanResult, lang: str) -> str:
    """The plan's map as inline SVG (empty when nothing is located)."""
    g = result.geometry
    every = [a.reshape(-1, 2) for a in (g.estate_xy, g.facility_xy, g.selected_xy) if len(a)]
    if not every:
        return ""
    low = np.min(np.vstack(every), axis=0) - result.max_distance_m * 0.6
    high = np.max(np.vstack(every), axis=0) + result.max_distance_m * 0.6
    scale = WIDTH / max(high[0] - low[0], 50.0)
    height = max((high[1] - low[1]) * scale, 240.0) + LEGEND_BAND

    def sx(x: float) -> float:
        return round((x - low[0]) * scale, 1)

    def sy(y: float) -> float:  # the legend has a band of its own above the map
        return round((high[1] - y) * scale + LEGEND_BAND, 1)

    def path(segments: np.ndarray) -> str:
        return " ".join(f"M{sx(a[0])} {sy(a[1])}L{sx(b[0])} {sy(b[1])}" for a, b in segments)

    colour = COLOURS[result.category]
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="map" data-category="{result.category}" '
        f'viewBox="0 0 {WIDTH:g} {height:.0f}" role="img" aria-label="{escape(word(PLAN, "title", lang))}">',
        f'<rect width="{WIDTH:g}" height="{height:.0f}" fill="#fbfbf8"/>',
    ]
    if len(g.reach_segments):
        parts.append(
            f'<path class="reach" d="{path(g.reach_segments)}" stroke="#1565c0" stroke-opacity="0.25" '
            'stroke-width="9" stroke-linecap="round" fill="none"/>'
        )
    elif result.method == "straight_line":
        for x, y in g.selected_xy:
            parts.append(
                f'<circle class="reach" cx="{sx(x)}" cy="{sy(y)}" r="{result.max_distance_m * scale:.1f}" '
                'fill="#1565c0" fill-opacity="0.07" stroke="#1565c0" stroke-opacity="0.5" '
                'stroke-dasharray="6 4"/>'
            )
    if len(g.network):
        parts.append(
            f'<path class="network" d="{path(g.network)}" stroke="{COLOURS["network"]}" '
            'stroke-width="1" fill="none"/>'
        )
    for (x, y), state, households, served in zip(
        g.estate_xy, g.estate_state, g.estate_households, g.estate_served, strict=True
    ):
        radius = 3 + math.sqrt(max(float(households), 0.0)) / 3
        ring = (
            'stroke="#0d3c78" stroke-width="3"'
            if served and state == "covered"
            else 'stroke="#fff" stroke-width="1"'
        )
        parts.append(
            f'<circle data-kind="estate" data-state="{state}" data-served="{str(served).lower()}" '
            f'cx="{sx(x)}" cy="{sy(y)}" r="{radius:.1f}" fill="{STATE_COLOURS[state]}" '
            f'fill-opacity="0.85" {ring}/>'
        )
    for x, y in g.facility_xy.reshape(-1, 2):
        cx, cy = sx(x), sy(y)
        parts.append(
            f'<polygon data-kind="facility" points="{cx},{cy - 9} {cx + 8},{cy + 6} {cx - 8},{cy + 6}" '
            f'fill="{colour}" stroke="#fff" stroke-width="1.5"/>'
        )
    if len(g.candidate_xy) <= 500:  # a city's worth of network candidates would hide the map
        for x, y in g.candidate_xy:
            parts.append(
                f'<circle data-kind="candidate" cx="{sx(x)}" cy="{sy(y)}" r="4" fill="none" '
                'stroke="#555" stroke-width="1.2"/>'
            )
    for (x, y), site_id in zip(g.selected_xy, g.selected_ids, strict=True):
        cx, cy = sx(x), sy(y)
        star = " ".join(
            f"{cx + r * math.sin(math.pi * k / 5):.1f},{cy - r * math.cos(math.pi * k / 5):.1f}"
            for k, r in zip(range(10), [12, 5] * 5, strict=True)
        )
        parts.append(
            f'<g data-kind="selected" data-id="{escape(site_id)}"><polygon points="{star}" fill="#1565c0" '
            f'stroke="#fff" stroke-width="1.5"/><text x="{cx + 14}" y="{cy + 5}" font-size="13" '
            f'font-weight="bold" fill="#0d3c78">{escape(site_id)}</text></g>'
        )
    parts.append(_scale_bar(scale, height))
    parts.append(_north_arrow())
    parts.append(_legend(result, lang))
    parts.append("</svg>")
    return "".join(parts)


def _legend(result: PlanResult, lang: str) -> str:
    def w(key: str) -> str:
        return word(PLAN, key, lang)

    rows = [
        (f'<circle cx="10" cy="0" r="6" fill="{STATE_COLOURS["covered"]}"/>', w("covered_before")),
        (f'<circle cx="10" cy="0" r="6" fill="{STATE_COLOURS["new"]}"/>', w("new")),
        *(
            [
                (
                    f'<circle cx="10" cy="0" r="6" fill="{STATE_COLOURS["covered"]}" stroke="#0d3c78" '
                    'stroke-width="3"/>',
                    w("served"),
                )
            ]
            if result.objective == "capacity"
            else []
        ),
        (
            f'<circle cx="10" cy="0" r="6" fill="{STATE_COLOURS["uncovered"]}"/>',
            {"en": "not covered", "zh": "未覆盖"}[lang],
        ),
        (
            f'<polygon points="10,-7 17,6 3,6" fill="{COLOURS[result.category]}"/>',
            f"{w('existing')} ({word(CATEGORY, result.category, lang)})",
        ),
        ('<circle cx="10" cy="0" r="4" fill="none" stroke="#555"/>', w("candidate")),
        (
            '<polygon points="10,-8 12,-2 18,-2 13,2 15,8 10,4 5,8 7,2 2,-2 8,-2" fill="#1565c0"/>',
            w("chosen"),
        ),
    ]
    body = "".join(
        f'<g transform="translate(10 {18 + i * 20})">{icon}<text x="28" y="4" '
        f'font-size="12">{escape(text)}</text></g>'
        for i, (icon, text) in enumerate(rows)
    )
    return (
        f'<g class="legend" transform="translate(8 4)"><rect width="330" height="{len(rows) * 20 + 10}" '
        f'fill="#fff" fill-opacity="0.9" stroke="#ccc"/>{body}</g>'
    )


def render(result: PlanResult, lang: str = "zh", color: bool = False) -> str:
    def w(key: str) -> str:
        return word(PLAN, key, lang)

    e = escape
    keys = ["site", "estates_newly_covered", "households_newly_covered", "households_reached"]
    if result.objective == "capacity":
        keys.append("shortfall_reached")
    head = "".join(f"<th>{e(label(result, k, lang))}</th>" for k in [*keys, "lon", "lat"])
    rows = "".join(
        "<tr>"
        + f"<td>{e(s['id'])}{(' ' + e(s['name'])) if s.get('name') else ''}</td>"
        + "".join(f'<td class="num">{s[k]:,}</td>' for k in keys[1:])
        + f'<td class="num">{s["lon"]:.6f}</td><td class="num">{s["lat"]:.6f}</td></tr>'
        for s in result.selected
    )
    lines = "".join(f"<li>{e(line)}</li>" for line in headline(result, lang))
    title = f"{w('title')} — {result.profile.name[lang]}"
    source = (result.inputs["estates"] or "").replace("\\", "/").rsplit("/", 1)[-1]
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>{e(title)}</title>'
        f"<style>{STYLE}</style></head><body><h1>{e(title)}</h1>"
        f"{quality_section(result.quality, lang)}{ledger_section(result.ledger, lang)}<ul>{lines}</ul>"
        f"<h2>{e(w('selected'))}</h2><table><tr>{head}</tr>{rows}</table>"
        f"<figure>{plan_map(result, lang)}</figure>"
        f"{provenance_section(result.provenance, lang)}"
        f"<footer>laoxiao-check · {e(source)}</footer></body></html>\n"
    )
