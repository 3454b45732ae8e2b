"""The terminal table (rich)."""

from __future__ import annotations

import io
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from laoxiao_check.model.check import CheckResult
from laoxiao_check.model.glossary import (
    CATEGORY,
    COLUMNS,
    KIND,
    LABELS,
    PHASES,
    VERDICT,
    figure,
    word,
)
from laoxiao_check.model.ledger import InputLedger
from laoxiao_check.model.quality import DataQuality
from laoxiao_check.report.views.findings import counts_line, required_text, status_key, status_word
from laoxiao_check.report.views.inputs import inputs_word, ledger_lines, quality_headline, quality_lines
from laoxiao_check.report.views.network import health_rows, reason_word
from laoxiao_check.report.views.phases import blocked_phases, headers, phase_cells, phased_findings

STATUS_STYLE = {
    "pass": "green",
    "fail": "bold red",
    "not_applicable": "dim",
    "insufficient_data": "yellow",
    "target_fail": "yellow",
    "target_pass": "green",
    "advisory": "dim",
}


def build_tables(result: CheckResult, lang: str) -> list[object]:
    project = result.project
    head = Text()
    head.append(f"{word(LABELS, 'project', lang)}: ", style="bold")
    head.append(f"{project.name} ({word(KIND, project.kind, lang)})  ")
    households = figure(project.households, "households", lang)
    residents = f"{project.population:,.0f}" if project.population is not None else "—"
    estimated = f" ({word(LABELS, 'estimated', lang)})" if project.population_estimated else ""
    head.append(f"{households}, {residents} {word(LABELS, 'residents', lang)}{estimated}\n")
    head.append(f"{word(LABELS, 'profile', lang)}: ", style="bold")
    head.append(f"{result.profile_name.get(lang, result.profile_id)} [{result.profile_label}]")

    table = Table(show_lines=True, expand=False)
    for key in ("status", "requirement", "required", "provided", "shortfall", "citation"):
        right = key in ("required", "provided", "shortfall")
        table.add_column(word(LABELS, key, lang), justify="right" if right else "left", overflow="fold")
    for finding in result.findings:
        status = Text(status_word(finding, lang), style=STATUS_STYLE[status_key(finding)])
        requirement = Text(finding.requirement[lang])
        requirement.append("\n" + finding.message[lang], style="dim")
        citation = Text(finding.citation.text)
        citation.append(f"\n[{word(LABELS, 'from', lang)} {finding.source}]", style="dim")
        table.add_row(
            status,
            requirement,
            required_text(finding, lang),
            figure(finding.provided, finding.unit, lang),
            figure(finding.shortfall, finding.unit, lang) if finding.shortfall else "—",
            citation,
        )
    verdict_style = {"pass": "bold green", "fail": "bold red", "incomplete": "bold yellow"}
    verdict = Text(word(VERDICT, result.verdict, lang), style=verdict_style[result.verdict])
    parts: list[object] = [
        head,
        *quality_texts(result.quality, lang),
        *ledger_texts(result.ledger, lang),
        table,
    ]
    parts.extend(coverage_tables(result, lang))
    parts.extend(network_table(result.network, lang))
    parts.extend(phase_tables(result, lang))
    parts.append(verdict)
    parts.append(Text(counts_line(result.findings, lang), style="dim"))
    if result.warnings:
        warning = Text(f"{word(LABELS, 'warnings', lang)}:\n", style="yellow")
        for line in result.warnings:
            warning.append(f"  • {line}\n")
        parts.append(warning)
    return parts


MAX_LISTED = 15


def coverage_tables(result: CheckResult, lang: str) -> list[object]:
    """Per category: buildings outside any level, with the nearest facility and each level."""
    parts: list[object] = []
    for category in ("eldercare", "childcare"):
        levels = [c for c in result.coverage if c.category == category]
        outside = {row["building"]: row for c in levels for row in c.uncovered}
        if not levels or not outside:
            continue
        method = word(LABELS, levels[0].method, lang)
        title = f"{word(LABELS, 'outside', lang)} {word(CATEGORY, category, lang)} ({method})"
        table = Table(title=title, title_justify="left", show_edge=False)
        table.add_column(word(LABELS, "building", lang))
        table.add_column(word(LABELS, "households", lang), justify="right")
        table.add_column(word(LABELS, "nearest", lang), justify="right")
        table.add_column(word(COLUMNS, "reason", lang))
        for level in levels:
            table.add_column(f"{level.level} {level.within} {level.max_distance_m:g} m", justify="center")
        reach = max(c.max_distance_m for c in levels) * 3
        for building, row in list(outside.items())[:MAX_LISTED]:
            nearest = (
                f"{row['nearest_m']:,.0f} m"
                if row["nearest_m"] is not None
                else reason_word(row.get("reason"), lang) or f"> {reach:,.0f} m"
            )
            marks = ["✘" if any(u["building"] == building for u in c.uncovered) else "✔" for c in levels]
            why = reason_word(row.get("reason"), lang)
            table.add_row(building, str(row["households"]), nearest, why, *marks)
        if len(outside) > MAX_LISTED:
            table.add_row(f"… +{len(outside) - MAX_LISTED}", "", "", "", *["" for _ in levels])
        parts.append(table)
        unsnapped = levels[0].unsnapped
        if unsnapped:
            names = ", ".join(f"{u['kind']} {u['id']}" for u in unsnapped)
            parts.append(Text(f"{word(LABELS, 'unsnapped', lang)}: {names}", style="yellow"))
    return parts


def network_table(health: dict[str, Any] | None, lang: str) -> list[object]:
    """The walking network's health report, when a network was used (check and audit)."""
    rows = health_rows(health, lang)
    if not rows:
        return []
    table = Table(title=rows[0][0], title_justify="left", show_edge=False, show_header=False)
    table.add_column("")
    table.add_column("", justify="right")
    for label, value in rows[1:]:
        table.add_row(label, value)
    return [table]


def phase_tables(result: CheckResult, lang: str) -> list[object]:
    """Phase by phase (cumulative) for each phased-delivery finding; blocked acceptance in red."""
    parts: list[object] = []
    for finding in phased_findings(result):
        title = f"{word(PHASES, 'title', lang)}: {finding.name.get(lang) or finding.id}"
        table = Table(title=title, title_justify="left", show_edge=False)
        for index, header in enumerate(headers(lang)):
            table.add_column(header, justify="right" if 2 <= index <= 6 else "left", overflow="fold")
        for entry, cells in phase_cells(finding, lang):
            style = "bold red" if entry["shortfall"] else None
            table.add_row(*cells, style=style)
        parts.append(table)
    blocked = blocked_phases(result, lang)
    if blocked:
        banner = Text(f"{word(PHASES, 'blocked_banner', lang)} ", style="bold white on red")
        banner.append("; ".join(blocked), style="bold white on red")
        parts.append(banner)
    return parts


QUALITY_STYLE = {"ok": "green", "doubt": "yellow", "missing": "red"}


def quality_texts(quality: DataQuality | None, lang: str) -> list[Text]:
    """The data tier, before any verdict: its status, then each check (ok, verify, missing)."""
    if quality is None:
        return []
    style = {"complete": "bold green", "doubtful": "bold yellow", "incomplete": "bold red"}[quality.status]
    text = Text(quality_headline(quality, lang), style=style)
    for (status, line), check in zip(quality_lines(quality, lang), quality.checks, strict=True):
        text.append(f"\n  [{status}] {line}", style=QUALITY_STYLE[check.status])
    return [text]


def ledger_texts(ledger: InputLedger, lang: str) -> list[Text]:
    """What was dropped or doubted, under the report's head (nothing when nothing was)."""
    if not len(ledger):
        return []
    text = Text(f"{inputs_word('ledger', lang)}:", style="bold yellow")
    for line in ledger_lines(ledger, lang):
        text.append(f"\n  • {line}", style="yellow")
    return [text]


def render_text(result: CheckResult, lang: str = "en", color: bool = False) -> str:
    buffer = io.StringIO()
    console = Console(file=buffer, width=140, force_terminal=color, no_color=not color, highlight=False)
    for part in build_tables(result, lang):
        console.print(part)
    return buffer.getvalue()
