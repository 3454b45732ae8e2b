"""An audit's summary as an HTML fragment (the review desk's audit page): the estates' verdicts
per district and per community, the rules that judged them, and a map of the estates coloured
by their verdict. Not a ``--format`` of its own: the command line's audit writes xlsx, JSON and
layers; this is what a browser shows of the same result."""

from __future__ import annotations

import math
from collections import Counter
from html import escape
from pathlib import Path
from typing import Any

import numpy as np

from laoxiao_check.model.audit import AuditResult
from laoxiao_check.model.glossary import LABELS, SCOPE, STATUS, word
from laoxiao_check.model.messages import Said, say
from laoxiao_check.model.phrasing import figure
from laoxiao_check.report.html.inputs import ledger_section, quality_section
from laoxiao_check.report.views.audit import audit_word, district_name, judged_rules
from laoxiao_check.report.views.findings import required_text, status_word
from laoxiao_check.report.views.inputs import place_word

VERDICTS = ("pass", "fail", "incomplete", "not_judged")
COLOURS = {"pass": "#2e7d32", "fail": "#c62828", "incomplete": "#f9a825", "not_judged": "#9e9e9e"}
MAP_WIDTH, MAP_HEIGHT, MAP_MARGIN = 860.0, 520.0, 24.0
METRES_PER_DEGREE = 111_320.0
"""Of latitude (and of longitude times the cosine of the latitude), near enough for a scale bar."""
NICE_LENGTHS_M = (100, 200, 500, 1000, 2000, 5000, 10_000, 20_000, 50_000, 100_000, 200_000, 500_000)


def estate_verdict(estate: Any) -> str:
    """An estate's verdict as the summary counts it (pass, fail, incomplete or not judged)."""
    verdict = str(estate.verdict)
    return verdict if verdict in VERDICTS else "incomplete"


def render_summary(result: AuditResult, lang: str) -> str:
    """The audit's summary as an HTML fragment: totals, districts, communities, rules, map."""
    e = escape
    counts = result.summary["city"]["estates"]
    totals = "".join(
        f'<li><span class="status {key}">{e(audit_word(key, lang))}</span> {counts[key]:,}</li>'
        for key in ("judged", *VERDICTS)
    )
    return (
        f"{quality_section(result.quality, lang)}{ledger_section(result.ledger, lang)}"
        f'<section class="audit-summary"><h2>{e(audit_word("estates", lang))} {counts["total"]:,}</h2>'
        f'<ul class="totals">{totals}</ul>'
        f"{districts_table(result, lang)}{communities_table(result, lang)}{rules_table(result, lang)}"
        f"{levels_table(result, lang)}{not_judged_list(result, lang)}"
        f"<h2>{e(say(Said('Map of the estates, coloured by verdict'), lang))}</h2>{estates_map(result, lang)}"
        f"{problems_list(result, lang)}</section>"
    )


MAX_LISTED = 20
"""Rows of the estates not judged and of the problems shown on the page (all are in the downloads)."""


def levels_table(result: AuditResult, lang: str) -> str:
    """The rules of the communities, streets, districts and city judged on each: its status,
    required, provided, year, clause, and what is missing (or which column to add)."""
    rows = [
        [
            f"{word(SCOPE, scope, lang)} · {group.name or '—'}",
            (f.name.get(lang) if lang == "zh" else None) or f.id,
            status_word(f, lang),
            f.requirement[lang],
            required_text(f, lang),
            figure(f.provided, f.unit, lang),
            str(f.target_year or ""),
            f.citation.text,
            f.message[lang],
        ]
        for scope, group in result.levels
        if scope != "community"
        for f in group.findings
    ]
    if not rows:
        return ""
    head = [
        audit_word("area", lang),
        audit_word("rule", lang),
        *(word(LABELS, key, lang) for key in ("status", "requirement", "required", "provided")),
        audit_word("target_year", lang),
        word(LABELS, "citation", lang),
        word(LABELS, "finding", lang),
    ]
    title = audit_word("levels_title", lang)
    return f"<h2>{escape(title)}</h2>" + _table(head, rows, "levels")


def not_judged_list(result: AuditResult, lang: str) -> str:
    """The estates too poorly described to judge, each with its row and reason (the first few)."""
    rows = result.summary["city"]["not_judged"]
    if not rows:
        return ""
    items = "".join(
        f"<li>{escape(place_word(row['row'], lang))} {escape(row['name'])}: "
        f"{escape(row['reason_zh'] if lang == 'zh' and row['reason_zh'] else row['reason'])}</li>"
        for row in rows[:MAX_LISTED]
    )
    more = f"<li>… +{len(rows) - MAX_LISTED:,}</li>" if len(rows) > MAX_LISTED else ""
    return (
        f'<h2>{escape(audit_word("poor", lang))}: {len(rows):,}</h2><ul class="not-judged">{items}{more}</ul>'
    )


def _problem(problem: Any, lang: str) -> str:
    """``file › place: message`` (the file by its name only)."""
    where = " › ".join(
        p for p in (Path(problem.source).name if problem.source else "", place_word(problem.place, lang)) if p
    )
    message = say(problem.message, lang)
    return f"{where}: {message}" if where else message


def problems_list(result: AuditResult, lang: str) -> str:
    """The problems met reading the inputs (the first few; every one is in the downloads)."""
    if not result.problems:
        return ""
    items = "".join(f"<li>{escape(_problem(problem, lang))}</li>" for problem in result.problems[:MAX_LISTED])
    more = f"<li>… +{len(result.problems) - MAX_LISTED:,}</li>" if len(result.problems) > MAX_LISTED else ""
    title = say(Said("Problems met reading the inputs"), lang)
    return f'<h2>{escape(title)}: {len(result.problems):,}</h2><ul class="problems">{items}{more}</ul>'


def _table(head: list[str], rows: list[list[str]], css: str) -> str:
    header = "".join(f"<th>{escape(h)}</th>" for h in head)
    body = "".join(
        "<tr>"
        + "".join(
            f'<td class="num">{escape(c)}</td>' if i else f"<td>{escape(c)}</td>" for i, c in enumerate(r)
        )
        + "</tr>"
        for r in rows
    )
    return f'<table class="{css}"><thead><tr>{header}</tr></thead><tbody>{body}</tbody></table>'


def districts_table(result: AuditResult, lang: str) -> str:
    """The estates' verdicts per district, and their sum ∑."""
    keys = ("estates", "judged", "pass", "fail", "incomplete", "not_judged")
    city = result.summary["city"]
    entries = [*sorted(result.summary["districts"], key=lambda d: d["district"]), {"district": "∑", **city}]
    rows = [
        [
            district_name(d["district"], lang),
            *(f"{d['estates'][k if k != 'estates' else 'total']:,}" for k in keys),
        ]
        for d in entries
    ]
    head = [audit_word("district", lang), *(audit_word(k, lang) for k in keys)]
    return f"<h2>{escape(audit_word('district', lang))}</h2>" + _table(head, rows, "districts")


def communities_table(result: AuditResult, lang: str) -> str:
    """The estates' verdicts per community (district, community), where the list names them;
    and the community rules' verdict on each community, where the profile has any."""
    judged = {(g.district, g.name): g.verdict for g in result.communities}
    counted: dict[tuple[str, str], Counter[str]] = {}
    for estate in result.estates:
        community = str(getattr(estate.estate, "community", "") or "")
        if not community:
            continue
        key = (str(getattr(estate.estate, "district", "") or ""), community)
        counted.setdefault(key, Counter())[estate_verdict(estate)] += 1
    if not counted and not judged:
        return ""
    rows = [
        [
            f"{district_name(district, lang)} · {name}" if district else name,
            *(f"{counted.get((district, name), Counter())[v]:,}" for v in VERDICTS),
            word(STATUS, judged[(district, name)], lang) if (district, name) in judged else "—",
        ]
        for district, name in sorted(set(counted) | set(judged))
    ]
    head = [
        word(SCOPE, "community", lang),
        *(audit_word(v, lang) for v in VERDICTS),
        say(Said("community rules"), lang),
    ]
    return f"<h2>{escape(word(SCOPE, 'community', lang))}</h2>" + _table(head, rows, "communities")


def rules_table(result: AuditResult, lang: str) -> str:
    """Each rule that judged an estate: passes, fails, no data, share passing, required, shortfall."""
    judged = judged_rules(result.summary["city"])
    if not judged:
        return ""
    names = {r.id: r.name for r in result.profile.rules}
    rows = [
        [
            (names.get(rule["id"]) or {}).get(lang) or rule["id"],
            f"{rule['pass']:,}",
            f"{rule['fail']:,}",
            f"{rule['insufficient_data']:,}",
            f"{rule['pass_share']:.1%}" if rule["pass_share"] is not None else "—",
            ("≈ " if rule.get("estimated") else "") + figure(rule["required_total"], rule["unit"], lang),
            figure(rule["shortfall_total"], rule["unit"], lang),
        ]
        for rule in judged
    ]
    keys = ("rule", "pass", "fail", "insufficient_data", "passing", "total_required", "total_shortfall")
    head = [audit_word(k, lang) for k in keys]
    return f"<h2>{escape(audit_word('rule', lang))}</h2>" + _table(head, rows, "rules")


def estates_map(result: AuditResult, lang: str) -> str:
    """The estates as dots coloured by verdict on a plain frame (longitude scaled by the cosine of
    the latitude), each with its name and verdict as a tooltip; a legend with the counts."""
    lonlat = result.estate_lonlat
    if lonlat is None or not len(lonlat) or not np.isfinite(lonlat).all(axis=1).any():
        return f'<p class="note">{escape(say(Said("No estate has a location to map."), lang))}</p>'
    placed = np.isfinite(lonlat).all(axis=1)
    middle = float(np.nanmean(lonlat[placed, 1]))
    x = lonlat[:, 0] * math.cos(math.radians(middle))
    y = lonlat[:, 1]
    low = np.array([np.nanmin(x[placed]), np.nanmin(y[placed])])
    spans = (max(float(np.nanmax(x[placed]) - low[0]), 1e-6), max(float(np.nanmax(y[placed]) - low[1]), 1e-6))
    scale = min((MAP_WIDTH - 2 * MAP_MARGIN) / spans[0], (MAP_HEIGHT - 2 * MAP_MARGIN) / spans[1])
    radius = 6 if placed.sum() <= 500 else 3 if placed.sum() <= 5000 else 1.5
    dots = [scale_bar(scale / METRES_PER_DEGREE)]
    for index, estate in enumerate(result.estates):
        if not placed[index]:
            continue
        verdict = estate_verdict(estate)
        cx = MAP_MARGIN + (x[index] - low[0]) * scale
        cy = MAP_HEIGHT - MAP_MARGIN - (y[index] - low[1]) * scale
        tip = f"{estate.estate.name} — {audit_word(verdict, lang)}"
        dots.append(
            f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="{radius}" fill="{COLOURS[verdict]}" stroke="#fff" '
            f'data-verdict="{verdict}"><title>{escape(tip)}</title></circle>'
        )
    counts = Counter(estate_verdict(e) for e in result.estates)
    legend = "".join(
        f'<span class="key"><svg width="12" height="12"><circle cx="6" cy="6" r="5" fill="{COLOURS[v]}"/>'
        f"</svg> {escape(audit_word(v, lang))} {counts[v]:,}</span> "
        for v in VERDICTS
    )
    unplaced = int((~placed).sum())
    without = (
        Said("1 estate without a location is not on the map")
        if unplaced == 1
        else Said("{count} estates without a location are not on the map", count=f"{unplaced:,}")
    )
    note = f'<p class="note unplaced">{escape(say(without, lang))}</p>' if unplaced else ""
    return (
        f'<svg class="map estates" viewBox="0 0 {MAP_WIDTH:.0f} {MAP_HEIGHT:.0f}" '
        f'xmlns="http://www.w3.org/2000/svg" role="img"><rect width="100%" height="100%" fill="#f7f7f4"/>'
        f'{"".join(dots)}</svg><p class="legend">{legend}</p>{note}'
    )


def scale_bar(pixels_per_metre: float) -> str:
    """A scale bar in the map's lower left: the longest round length within a fifth of its width."""
    fits = [m for m in NICE_LENGTHS_M if m * pixels_per_metre <= MAP_WIDTH / 5] or [NICE_LENGTHS_M[0]]
    metres = fits[-1]
    width = metres * pixels_per_metre
    label = f"{metres // 1000:,} km" if metres >= 1000 else f"{metres} m"
    y = MAP_HEIGHT - 10
    return (
        f'<g class="scale-bar"><path d="M10 {y - 5:.0f} V{y:.0f} H{10 + width:.1f} V{y - 5:.0f}" '
        f'fill="none" stroke="#333" stroke-width="1.5"/><text x="{14 + width:.1f}" y="{y:.0f}" '
        f'font-size="12" fill="#333">{label}</text></g>'
    )
