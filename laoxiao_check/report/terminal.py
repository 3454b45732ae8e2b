"""The terminal table (rich)."""

from __future__ import annotations

import io

from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..models import CheckResult
from .words import KIND, LABELS, STATUS, STATUS_STYLE, VERDICT, figure, word


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
    head.append(f"{result.profile_name.get(lang, result.profile_id)} [{result.profile_id}]")

    table = Table(show_lines=True, expand=False)
    for key in ("status", "requirement", "required", "provided", "shortfall", "citation"):
        justify = "right" if key in ("required", "provided", "shortfall") else "left"
        table.add_column(word(LABELS, key, lang), justify=justify, overflow="fold")
    for finding in result.findings:
        status = Text(word(STATUS, finding.status, lang), style=STATUS_STYLE[finding.status])
        requirement = Text(finding.requirement[lang])
        requirement.append("\n" + finding.message[lang], style="dim")
        citation = Text(finding.citation.text)
        citation.append(f"\n[{word(LABELS, 'from', lang)} {finding.source}]", style="dim")
        table.add_row(
            status,
            requirement,
            figure(finding.required, finding.unit, lang),
            figure(finding.provided, finding.unit, lang),
            figure(finding.shortfall, finding.unit, lang) if finding.shortfall else "—",
            citation,
        )
    verdict_style = {"pass": "bold green", "fail": "bold red", "incomplete": "bold yellow"}
    verdict = Text(word(VERDICT, result.verdict, lang), style=verdict_style[result.verdict])
    parts: list[object] = [head, table, verdict]
    if result.warnings:
        warning = Text(f"{word(LABELS, 'warnings', lang)}:\n", style="yellow")
        for line in result.warnings:
            warning.append(f"  • {line}\n")
        parts.append(warning)
    return parts


def render_text(result: CheckResult, lang: str = "en", color: bool = False) -> str:
    buffer = io.StringIO()
    console = Console(file=buffer, width=140, force_terminal=color, no_color=not color,
                      highlight=False)
    for part in build_tables(result, lang):
        console.print(part)
    return buffer.getvalue()
