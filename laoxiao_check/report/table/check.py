"""The terminal report of ``check`` (rich), as wide as the terminal: a table of the rules from
:data:`WIDE` cells on, each rule stacked on a few lines below it (readable at 80 columns). The
project's own rules come first; the rules of wider levels not judged on it (a city's targets) are
counted on one line, which ``check --all`` replaces with the rules themselves."""

from __future__ import annotations

import io
import os
from typing import Any

from rich import box
from rich.console import Console, Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from laoxiao_check.model.check import CheckResult
from laoxiao_check.model.glossary import CATEGORY, COLUMNS, KIND, LABELS, PHASES, VERDICT, level_word, word
from laoxiao_check.model.ledger import InputLedger
from laoxiao_check.model.messages import said_all, say
from laoxiao_check.model.phrasing import figure, metres
from laoxiao_check.model.quality import DataQuality
from laoxiao_check.model.records import Finding
from laoxiao_check.report.views.findings import (
    counts_line,
    folded_line,
    folded_title,
    own_first,
    required_text,
    status_key,
    status_word,
)
from laoxiao_check.report.views.inputs import inputs_word, ledger_lines, quality_headline, quality_lines
from laoxiao_check.report.views.network import health_rows, reason_word
from laoxiao_check.report.views.phases import blocked_phases, headers, phase_cells, phased_findings
from laoxiao_check.report.views.rooms import ROOM_FIGURES, building_rows, list_word, room_headers, room_rows

STATUS_STYLE = {
    "pass": "green",
    "fail": "bold red",
    "not_applicable": "dim",
    "insufficient_data": "yellow",
    "target_fail": "yellow",
    "target_pass": "green",
    "advisory": "dim",
}


WIDE = 120
"""From this many cells on, the rules are a table; below, each rule is stacked on a few lines."""

DEFAULT_WIDTH = 100
"""The width of a report that goes to a file or a pipe when ``COLUMNS`` is not set."""


def report_width(terminal: bool) -> int:
    """The width to render at: the terminal's, as rich measures it, when the report goes to one;
    else ``COLUMNS`` where set, else :data:`DEFAULT_WIDTH`."""
    if terminal:
        return Console().width
    columns = os.environ.get("COLUMNS", "").strip()
    return int(columns) if columns.isdigit() and int(columns) > 0 else DEFAULT_WIDTH


def report_console(
    buffer: io.StringIO, color: bool, width: int | None = None, markup: bool = True
) -> Console:
    """The console a terminal report is written to: ``width`` cells wide (None: :func:`report_width`),
    colours only where it goes to a terminal."""
    return Console(
        file=buffer,
        width=width or report_width(color),
        force_terminal=color,
        no_color=not color,
        highlight=False,
        markup=markup,
    )


def build_tables(result: CheckResult, lang: str, width: int = WIDE, show_all: bool = False) -> list[object]:
    """The report's parts, in order, for a console ``width`` cells wide (``show_all``: list the
    rules of wider levels instead of counting them on one line)."""
    project = result.project
    head = Text()
    head.append(f"{word(LABELS, 'project', lang)}: ", style="bold")
    head.append(f"{project.name} ({word(KIND, project.kind, lang)})  ")
    households = figure(project.households, "households", lang)
    residents = f"{project.population:,.0f}" if project.population is not None else "—"
    if lang == "zh":  # "1,850户，5,920人（估算）": Chinese marks, no spaces
        estimated = f"（{word(LABELS, 'estimated', lang)}）" if project.population_estimated else ""
        head.append(f"{households}，{residents}{word(LABELS, 'residents', lang)}{estimated}\n")
    else:
        estimated = f" ({word(LABELS, 'estimated', lang)})" if project.population_estimated else ""
        head.append(f"{households}, {residents} {word(LABELS, 'residents', lang)}{estimated}\n")
    head.append(f"{word(LABELS, 'profile', lang)}: ", style="bold")
    head.append(f"{result.profile_name.get(lang, result.profile_id)} [{say(result.profile_label, lang)}]")

    verdict_style = {"pass": "bold green", "fail": "bold red", "incomplete": "bold yellow"}
    verdict = Text(word(VERDICT, result.verdict, lang), style=verdict_style[result.verdict])
    parts: list[object] = [
        head,
        *quality_texts(result.quality, lang),
        *ledger_texts(result.ledger, lang),
        *findings_parts(result, lang, width, show_all),
    ]
    parts.extend(coverage_tables(result, lang))
    parts.extend(inputs_parts(result, lang, width))
    parts.extend(network_table(result.network, lang))
    parts.extend(phase_tables(result, lang, width))
    parts.append(verdict if width >= WIDE else Group(Text(""), verdict))
    parts.append(Text(counts_line(result.findings, lang), style="dim"))
    if result.warnings:  # each a bullet whose text wraps under itself, not under the bullet
        listed = Table.grid(padding=(0, 1, 0, 0))
        listed.add_column(no_wrap=True)
        listed.add_column(overflow="fold")
        for line in said_all(result.warnings, lang):
            listed.add_row("  •", line)
        parts.append(Group(Text(f"{word(LABELS, 'warnings', lang)}:", style="yellow"), listed))
    return parts


BUILDINGS_LISTED = 40
"""Buildings named in the terminal (a workbook or PDF lists them all)."""


def inputs_parts(result: CheckResult, lang: str, width: int) -> list[object]:
    """What was checked: the rooms (a table, or a line each when narrow) and the buildings with
    their households on one wrapped line (the first :data:`BUILDINGS_LISTED`)."""
    project = result.project
    rows = room_rows(project, lang)
    parts: list[object] = [Text("\n" + list_word("rooms", lang), style="bold")]
    if not rows:
        parts.append(Text(list_word("none", lang), style="dim"))
    elif width >= WIDE:
        table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
        for index, header in enumerate(room_headers(lang)):
            table.add_column(header, justify="right" if index in ROOM_FIGURES else "left")
        for row in rows:
            table.add_row(*row)
        parts.append(table)
    else:
        headers = room_headers(lang)
        colon, sep = ("：", "；") if lang == "zh" else (": ", "; ")
        for row in rows:
            given = [f"{h}{colon}{c}" for h, c in zip(headers[2:], row[2:], strict=True) if c != "—"]
            parts.append(Padding(Text(f"{row[0]} · {row[1]} · " + sep.join(given)), (0, 0, 0, 2)))
    if project.buildings:
        sep = "、" if lang == "zh" else ", "
        named = sep.join(f"{b[0]} {b[1]}" for b in building_rows(project, lang)[:BUILDINGS_LISTED])
        more = len(project.buildings) - BUILDINGS_LISTED
        tail = f"{sep}… (+{more})" if more > 0 else ""
        count, households = len(project.buildings), list_word("households", lang)
        title = (
            f"{list_word('buildings', lang)}（{count}栋，{households}）："
            if lang == "zh"
            else f"{list_word('buildings', lang)} ({count}; {households.lower()}): "
        )
        parts.append(Text(f"{title}{named}{tail}", style="dim"))
    return parts


def findings_parts(result: CheckResult, lang: str, width: int, show_all: bool) -> list[object]:
    """The rules: the project's own first, then the wider levels' (listed with ``show_all``,
    else counted on one line); a table from :data:`WIDE` cells on, else stacked."""
    scope = result.project.scope
    own, wider = own_first(result.findings, scope)
    wide = width >= WIDE
    parts: list[object] = []
    if wide:
        parts.append(findings_table(own + wider if show_all else own, lang))
    else:
        parts.extend(stacked(finding, lang) for finding in own)
    if wider and show_all and not wide:
        parts.append(Text("\n" + folded_title(scope, lang), style="bold"))
        parts.extend(stacked(finding, lang) for finding in wider)
    elif wider and not show_all:
        parts.append(Text(("" if wide else "\n") + folded_line(wider, scope, lang), style="dim"))
    return parts


def findings_table(findings: list[Finding], lang: str) -> Table:
    """One row per rule: status, requirement and finding, required, provided, shortfall, clause."""
    table = Table(show_lines=True, expand=False)
    for key in ("status", "requirement", "required", "provided", "shortfall", "citation"):
        right = key in ("required", "provided", "shortfall")
        table.add_column(word(LABELS, key, lang), justify="right" if right else "left", overflow="fold")
    for finding in findings:
        status = Text(status_word(finding, lang), style=STATUS_STYLE[status_key(finding)])
        requirement = Text(finding.requirement[lang])
        requirement.append("\n" + finding.message[lang], style="dim")
        table.add_row(
            status,
            requirement,
            required_text(finding, lang),
            figure(finding.provided, finding.unit, lang),
            shortfall_text(finding, lang),
            citation_text(finding, lang, "\n"),
        )
    return table


def stacked(finding: Finding, lang: str) -> RenderableType:
    """One rule on a few lines: its status and requirement; required, provided and shortfall
    (where it has figures); what was found, with the arithmetic; the clause that sets it."""
    head = Table.grid(padding=(0, 2, 0, 0))  # the requirement wraps under itself, not the status
    head.add_column(no_wrap=True)
    head.add_column(overflow="fold")  # a run of Chinese without spaces is folded, never cut off
    head.add_row(
        Text(status_word(finding, lang), style=STATUS_STYLE[status_key(finding)]),
        Text(finding.requirement[lang], style="bold"),
    )
    body = Text()
    if any(value is not None for value in (finding.required, finding.provided, finding.shortfall)):
        figures = (
            (word(LABELS, "required", lang), required_text(finding, lang)),
            (word(LABELS, "provided", lang), figure(finding.provided, finding.unit, lang)),
            (word(LABELS, "shortfall", lang), shortfall_text(finding, lang)),
        )
        body.append(" · ".join(f"{label} {value}" for label, value in figures))
        body.append("\n")
    body.append(finding.message[lang])
    body.append("\n")
    body.append_text(citation_text(finding, lang, " "))
    return Group(Text(""), head, Padding(body, (0, 0, 0, 2), expand=False))


def shortfall_text(finding: Finding, lang: str) -> str:
    return figure(finding.shortfall, finding.unit, lang) if finding.shortfall else "—"


def citation_text(finding: Finding, lang: str, sep: str) -> Text:
    """The clause, then ``[from quanzhou]`` (the profile that set the figure) after ``sep``."""
    citation = Text(finding.citation.text)
    citation.append(f"{sep}[{word(LABELS, 'from', lang)} {finding.source}]", style="dim")
    return citation


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
            head = f"{level_word(level.level, lang)} {level.within} {metres(level.max_distance_m, lang)}"
            table.add_column(head, justify="center")
        reach = max(c.max_distance_m for c in levels) * 3
        for building, row in list(outside.items())[:MAX_LISTED]:
            nearest = (
                metres(row["nearest_m"], lang)
                if row["nearest_m"] is not None
                else reason_word(row.get("reason"), lang) or f"> {metres(reach, lang)}"
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


def phase_tables(result: CheckResult, lang: str, width: int = WIDE) -> list[object]:
    """Phase by phase (cumulative) for each phased-delivery finding; blocked acceptance in red
    (below :data:`WIDE` cells, each phase on a few lines instead of a row of ten columns)."""
    parts: list[object] = []
    for finding in phased_findings(result):
        title = f"{word(PHASES, 'title', lang)}: {finding.name.get(lang) or finding.id}"
        if width < WIDE:
            parts.append(Text("\n" + title, style="bold"))
            parts.extend(stacked_phase(entry, cells, lang) for entry, cells in phase_cells(finding, lang))
            continue
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


def stacked_phase(entry: dict[str, Any], cells: list[str], lang: str) -> RenderableType:
    """One phase: its name, then each figure given as ``label value`` (``—`` left out)."""
    style = "bold red" if entry["shortfall"] else ""
    labelled = zip(headers(lang)[1:], cells[1:], strict=True)
    said = [f"{label} {cell}" for label, cell in labelled if cell != "—"]
    return Group(Text(cells[0], style=style), Padding(Text(" · ".join(said), style=style), (0, 0, 0, 2)))


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


def render_text(
    result: CheckResult,
    lang: str = "en",
    color: bool = False,
    width: int | None = None,
    show_all: bool = False,
) -> str:
    """The report as text ``width`` cells wide (None: :func:`report_width`, ``color`` saying
    that it goes to a terminal); ``show_all`` lists the rules of wider levels (``check --all``)."""
    width = width or report_width(color)
    buffer = io.StringIO()
    console = report_console(buffer, color, width)
    for part in build_tables(result, lang, width, show_all):
        console.print(part)
    text = buffer.getvalue()
    if color:
        return text
    return "".join(line.rstrip(" ") + "\n" for line in text.splitlines())  # cells padded to width
