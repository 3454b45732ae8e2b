"""A self-contained HTML review report: tables and inline SVG coverage maps.

No scripts, external styles, fonts or tiles: reviewers' machines are often offline.
Chinese text uses the reader's CJK fonts (Noto Sans CJK SC, Source Han Sans SC, Microsoft
YaHei, PingFang SC …). Prints to A4 landscape from a browser.
"""

from __future__ import annotations

from html import escape

from laoxiao_check.model.check import CheckResult
from laoxiao_check.model.glossary import CATEGORY, LABELS, PHASES, SECTIONS, TITLE, level_word, word
from laoxiao_check.model.messages import said_all
from laoxiao_check.model.phrasing import figure, metres
from laoxiao_check.model.records import Finding
from laoxiao_check.report.html.inputs import (
    buildings_table,
    ledger_section,
    provenance_section,
    quality_section,
    rooms_section,
)
from laoxiao_check.report.html.svg_map import coverage_map
from laoxiao_check.report.views.findings import (
    COVERAGE_COLUMNS,
    coverage_cells,
    in_report_order,
    required_text,
    status_key,
    status_word,
)
from laoxiao_check.report.views.network import health_rows, reason_word
from laoxiao_check.report.views.phases import (
    blocked_phases,
    headers,
    phase_cells,
    phase_label,
    phased_findings,
)
from laoxiao_check.report.views.rooms import (
    list_word,
)
from laoxiao_check.report.views.summary import summary_rows

STYLE = """
@page { size: A4 landscape; margin: 12mm; }
* { box-sizing: border-box; }
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei",
       "Microsoft YaHei", "PingFang SC", "Helvetica Neue", Arial, sans-serif;
       color: #1d1d1d; margin: 24px auto; max-width: 1040px; font-size: 14px; line-height: 1.45; }
h1 { font-size: 22px; margin: 0 0 12px; } h2 { font-size: 17px; margin: 26px 0 8px; }
table { border-collapse: collapse; width: 100%; margin: 6px 0 12px; page-break-inside: auto; }
th, td { border: 1px solid #ccc; padding: 5px 7px; vertical-align: top; text-align: left; }
th { background: #1f4e78; color: #fff; font-weight: 600; }
tr { page-break-inside: avoid; }
td.num { text-align: right; white-space: nowrap; }
.summary th { width: 150px; background: #eef3f8; color: #1d1d1d; }
.status { font-weight: 600; white-space: nowrap; }
.pass { background: #c6efce; } .fail { background: #ffc7ce; } .insufficient_data { background: #ffeb9c; }
.target_pass { background: #c6efce; } .target_fail { background: #ffeb9c; } .advisory { color: #595959; }
.not_applicable { background: #ededed; }
.verdict { display: inline-block; padding: 4px 12px; border-radius: 4px; font-weight: 700; }
.note { color: #666; font-size: 12px; }
.map { width: 100%; height: auto; border: 1px solid #ccc; margin: 6px 0 18px; page-break-inside: avoid; }
footer { margin-top: 30px; color: #666; font-size: 12px; }
figure { margin: 0; break-inside: avoid; page-break-inside: avoid; }
figure h3 { margin: 12px 0 4px; font-size: 15px; }
.blocked { background: #c00000; color: #fff; font-weight: 700; padding: 6px 10px; margin: 8px 0; }
tr.short td { background: #ffc7ce; }
.quality ul { margin: 4px 0 8px; padding-left: 20px; } .quality h2 { margin-top: 14px; }
.q-doubt b { color: #9c5700; } .q-missing b { color: #c00000; } .q-ok b { color: #006100; }
@media print { body { margin: 0; max-width: none; } h2 { page-break-after: avoid; }
  h2.maps { page-break-before: always; } figure + figure { page-break-before: always; }
  .map { width: auto; max-width: 100%; max-height: 140mm; } }
"""


def render(result: CheckResult, lang: str = "zh", color: bool = False) -> str:
    e = escape
    verdict_class = {"pass": "pass", "fail": "fail", "incomplete": "insufficient_data"}[result.verdict]
    rows = "".join(
        f"<tr><th>{e(label)}</th><td>{e(value).replace(chr(10), '<br>')}</td></tr>"
        for label, value in summary_rows(result, lang)
    )
    head = [
        word(LABELS, key, lang)
        for key in ("status", "requirement", "required", "provided", "shortfall", "citation", "finding")
    ]
    results = "".join(
        f'<tr data-rule="{e(f.id)}" data-binding="{f.binding}"><td class="status {status_key(f)}">'
        f"{e(status_word(f, lang, sep=chr(10))).replace(chr(10), '<br>')}"
        f"</td><td>{e(f.requirement[lang])}</td>"
        f'<td class="num">{e(required_text(f, lang))}</td>'
        f'<td class="num">{e(figure(f.provided, f.unit, lang))}</td>'
        f'<td class="num">{e(figure(f.shortfall, f.unit, lang)) if f.shortfall else "—"}</td>'
        f"<td>{e(f.citation.text)}<br>"
        f'<span class="note">{e(word(LABELS, "from", lang))} {e(f.source)}</span></td>'
        f"<td>{e(f.message[lang])}</td></tr>"
        for f in in_report_order(result.findings, result.project.scope)
    )
    coverage_head = [word(LABELS, key, lang) for key in COVERAGE_COLUMNS]
    coverage_rows = "".join(
        "<tr>"
        + "".join(
            f'<td class="status {c.status}">{e(cell)}</td>'
            if key == "status"
            else f'<td class="num">{e(cell)}</td>'
            if key in ("distance", "households_covered", "share", "required_share")
            else f"<td>{e(cell)}</td>"
            for key, cell in zip(COVERAGE_COLUMNS, coverage_cells(c, lang), strict=True)
        )
        + "</tr>"
        for c in result.coverage
    )
    uncovered = _uncovered_table(result, lang) + _network_table(result, lang)
    maps = "".join(
        f"<figure><h3>{e(word(CATEGORY, category, lang))}</h3>{svg}</figure>"
        for category in ("eldercare", "childcare")
        if (svg := coverage_map(result, category, lang))
    )
    warnings = "".join(f"<li>{e(w)}</li>" for w in said_all(result.warnings, lang))
    source_name = result.project.source.rsplit("/", 1)[-1]
    titles = [word(SECTIONS, key, lang) for key in ("summary", "results", "coverage", "maps", "warnings")]
    return f"""<!doctype html>
<html lang="{"zh-CN" if lang == "zh" else "en"}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{e(TITLE[lang])} — {e(result.project.name)}</title>
<style>{STYLE}</style>
</head>
<body>
<h1>{e(TITLE[lang])}</h1>
<p><span class="verdict {verdict_class}">{e(summary_rows(result, lang)[6][1])}</span></p>
{_blocked_banner(result, lang)}
{quality_section(result.quality, lang)}
{ledger_section(result.ledger, lang)}
<h2>{titles[0]}</h2>
<table class="summary">{rows}</table>
<h2>{titles[1]}</h2>
<table class="results"><thead><tr>{"".join(f"<th>{h}</th>" for h in head)}</tr></thead>
<tbody>{results}</tbody></table>
{_phase_section(result, lang)}
<h2>{titles[2]}</h2>
<table class="coverage"><thead><tr>{"".join(f"<th>{h}</th>" for h in coverage_head)}</tr></thead>
<tbody>{coverage_rows}</tbody></table>
{uncovered}
{_inputs_tables(result, lang)}
<h2 class="maps">{titles[3]}</h2>
{maps or '<p class="note">—</p>'}
{f"<h2>{titles[4]}</h2><ul>{warnings}</ul>" if warnings else ""}
{provenance_section(result.provenance, lang)}
<footer>laoxiao-check · {e(source_name)} · SHA-256 {e(result.project.source_sha256)}</footer>
</body>
</html>
"""


def _inputs_tables(result: CheckResult, lang: str) -> str:
    """What was checked: the rooms the project plans and its buildings, so the report stands alone."""
    listed = rooms_section(result.project, lang)
    if result.project.buildings:
        listed += f"<h2>{escape(list_word('buildings', lang))}</h2>" + buildings_table(result.project, lang)
    return listed


def _uncovered_table(result: CheckResult, lang: str) -> str:
    """Buildings outside any level, per category: nearest facility and each level's mark."""
    parts = []
    for category in ("eldercare", "childcare"):
        levels = [c for c in result.coverage if c.category == category]
        outside = {u["building"]: u for c in levels for u in c.uncovered}
        if not outside:
            continue
        head = [
            word(CATEGORY, category, lang),
            word(LABELS, "building_households", lang),
            word(LABELS, "nearest", lang),
            *[f"{level_word(c.level, lang)} {c.within} {metres(c.max_distance_m, lang)}" for c in levels],
        ]
        rows = []
        for building, u in outside.items():
            nearest = (
                metres(u["nearest_m"], lang)
                if u["nearest_m"] is not None
                else escape(reason_word(u.get("reason"), lang) or "—")
            )
            marks = "".join(
                '<td class="status fail">✘</td>'
                if any(x["building"] == building for x in c.uncovered)
                else '<td class="status pass">✔</td>'
                for c in levels
            )
            rows.append(
                f'<tr><td>{escape(building)}</td><td class="num">{u["households"]:,}</td>'
                f'<td class="num">{nearest}</td>{marks}</tr>'
            )
        parts.append(
            f'<table class="uncovered"><thead><tr>{"".join(f"<th>{escape(h)}</th>" for h in head)}'
            f"</tr></thead><tbody>{''.join(rows)}</tbody></table>"
        )
    return "".join(parts)


def _network_table(result: CheckResult, lang: str) -> str:
    """The walking network's health report, when a network was used."""
    rows = health_rows(result.network, lang)
    if not rows:
        return ""
    body = "".join(f'<tr><td>{escape(k)}</td><td class="num">{escape(v)}</td></tr>' for k, v in rows[1:])
    return f'<h3>{escape(rows[0][0])}</h3><table class="network"><tbody>{body}</tbody></table>'


def _blocked_banner(result: CheckResult, lang: str) -> str:
    """Completion acceptance blocked (Qidong 四(二)3): under the verdict, in red."""
    blocked = blocked_phases(result, lang)
    if not blocked:
        return ""
    return (
        f'<p class="blocked">{escape(word(PHASES, "blocked_banner", lang))} {escape("; ".join(blocked))}</p>'
    )


def _phase_section(result: CheckResult, lang: str) -> str:
    """Phase by phase (cumulative) per phased-delivery finding, with a small chart."""
    parts = []
    for finding in phased_findings(result):
        head = "".join(f"<th>{escape(h)}</th>" for h in headers(lang))
        body = "".join(
            f'<tr class="{"short" if entry["shortfall"] else ""}">'
            + "".join(
                f'<td class="num">{escape(c)}</td>' if 2 <= i <= 6 else f"<td>{escape(c)}</td>"
                for i, c in enumerate(cells)
            )
            + "</tr>"
            for entry, cells in phase_cells(finding, lang)
        )
        name = finding.name.get(lang) or finding.id
        parts.append(
            f'<h3>{escape(name)}</h3><table class="phases" data-rule="{escape(finding.id)}">'
            f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>{_phase_chart(finding, lang)}"
        )
    if not parts:
        return ""
    return f"<h2>{escape(word(PHASES, 'title', lang))}</h2>" + "".join(parts)


def _phase_chart(finding: Finding, lang: str) -> str:
    """Cumulative required (outline) and delivered (filled) per phase, as inline SVG bars."""
    entries = finding.details["phases"]
    top = max([max(e["required"], e["delivered"]) for e in entries] + [1])
    width, height, left, bottom = 560, 180, 10, 24
    slot = (width - left * 2) / len(entries)
    bar = min(28.0, slot / 3)
    shapes = []
    for index, entry in enumerate(entries):
        x = left + index * slot + slot / 2 - bar
        for offset, key, style in (
            (0, "required", 'fill="none" stroke="#1f4e78" stroke-width="2"'),
            (bar, "delivered", f'fill="{"#c00000" if entry["shortfall"] else "#548235"}"'),
        ):
            h = (height - bottom - 24) * entry[key] / top
            y = height - bottom - h
            shapes.append(
                f'<rect x="{x + offset:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{h:.1f}" {style}>'
                f"<title>{escape(word(PHASES, key, lang))}: {entry[key]:g}</title></rect>"
            )
        label = escape(phase_label(str(entry["phase"]), lang))
        shapes.append(
            f'<text x="{x + bar:.1f}" y="{height - 8}" font-size="11" text-anchor="middle">{label}</text>'
        )
    legend = (
        f'<rect x="{width - 250}" y="4" width="10" height="10" fill="none" stroke="#1f4e78" '
        'stroke-width="2"/>'
        f'<text x="{width - 236}" y="13" font-size="11">{escape(word(PHASES, "required", lang))}</text>'
        f'<rect x="{width - 130}" y="4" width="10" height="10" fill="#548235"/>'
        f'<text x="{width - 116}" y="13" font-size="11">{escape(word(PHASES, "delivered", lang))}</text>'
    )
    shapes.append(legend)
    title = escape(word(PHASES, "chart", lang))
    return (
        f'<svg class="phase-chart" role="img" aria-label="{title}" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" xmlns="http://www.w3.org/2000/svg"><title>{title}</title>'
        + "".join(shapes)
        + "</svg>"
    )
