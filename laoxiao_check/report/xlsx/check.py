"""The review workbook of one project: summary, results, coverage. Ready to print."""

from __future__ import annotations

from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment

from laoxiao_check.model.check import CheckResult
from laoxiao_check.model.glossary import (
    CATEGORY,
    COLUMNS,
    LABELS,
    PHASES,
    SHEETS,
    TITLE,
    UNIT,
    WORKBOOK,
    level_word,
    word,
)
from laoxiao_check.model.messages import said_all
from laoxiao_check.model.records import Finding
from laoxiao_check.report.views.findings import (
    in_report_order,
    level_status,
    status_key,
    status_word,
)
from laoxiao_check.report.views.network import reason_word
from laoxiao_check.report.views.phases import PHASE_COLUMNS, blocked_phases, phase_cells, phased_findings
from laoxiao_check.report.views.summary import summary_rows
from laoxiao_check.report.xlsx.inputs import inputs_sheet, ledger_row, quality_row
from laoxiao_check.report.xlsx.project import buildings_sheet, rooms_sheet
from laoxiao_check.report.xlsx.style import (
    STATUS_FILL,
    TITLE_FONT,
    Cell,
    Column,
    fit_rows,
    label_row,
    network_sheet,
    print_setup,
    table_sheet,
    to_bytes,
)
from laoxiao_check.report.xlsx.words import rule_title, source_word

OUTSIDE_LISTED = 40
"""Rows of buildings outside the circles the coverage sheet lists; beyond, one row a circle says
how many, and the building list (the appendix) gives each building's distances."""


def unit_format(value: Any, unit: str, lang: str) -> str | None:
    """The number format that shows a figure with its unit: ``555 m²``, ``100.0%``."""
    if not isinstance(value, int | float):
        return None
    if unit == "ratio":
        return "0.0%"
    digits = "#,##0" if float(value).is_integer() else "#,##0.0#"
    suffix = word(UNIT, unit, lang)
    if not suffix:
        return digits
    return f'{digits}" {suffix}"' if lang == "en" else f'{digits}"{suffix}"'


def required_format(finding: Finding, lang: str) -> str | None:
    """The required figure's number format; one computed from an estimated population is a
    number still (it sums, it sorts), shown ``≈ 26个托位``."""
    number_format = unit_format(finding.required, finding.unit, lang)
    return f'"≈ "{number_format}' if finding.estimated and number_format else number_format


def render(result: CheckResult, lang: str = "zh", color: bool = False) -> bytes:
    names = [word(SHEETS, key, lang) for key in ("summary", "results", "coverage")]
    head = {key: word(COLUMNS, key, lang) for key in COLUMNS}
    footer = result.project.name
    workbook = Workbook()
    summary_sheet(workbook, result, lang, names[0], footer)

    findings = in_report_order(result.findings, result.project.scope)
    rows = [
        [
            rule_title(f.id, f.name, lang),
            status_word(f, lang, sep="\n"),
            f.requirement[lang],
            Cell(f.required, required_format(f, lang)),
            *[Cell(v, unit_format(v, f.unit, lang)) for v in (f.provided, f.shortfall)],
            f.citation.text,
            source_word(f.source, result.profile_id, result.profile_name, lang),
            f.message[lang],
        ]
        for f in findings
    ]
    columns = [
        Column(head["id"], "key"),
        Column(head["status"], "text", 14),
        Column(head["requirement"], "long", 28),
        Column(head["required"], "number"),
        Column(head["provided"], "number"),
        Column(head["shortfall"], "number"),
        Column(head["citation"], "long", 30),
        Column(head["profile"], "text", 10),
        Column(head["finding"], "long", 32),
    ]
    table_sheet(
        workbook,
        names[1],
        columns,
        rows,
        status_column=1,
        status_values=[status_key(f) for f in findings],
        footer=footer,
    )

    metres = '#,##0" m"' if lang == "en" else '#,##0"米"'
    count = "#,##0"
    columns = [
        Column(head["category"], "text"),
        Column(head["level"], "text"),
        Column(head["distance_m"], "number", number_format=metres),
        Column(head["method"], "text"),
        Column(head["households"], "number", number_format=count),
        Column(head["covered"], "number", number_format=count),
        Column(head["share"], "number", number_format="0.0%"),
        Column(head["required_share"], "number", number_format="0.0%"),
        Column(head["status"], "text"),
        Column(head["outside"], "text", 16),
        Column(head["outside_households"], "number", number_format=count),
        Column(head["nearest_m"], "number", number_format=metres),
        Column(head["reason"], "text", 12),
    ]
    rows, statuses = [], []
    listed = sum(len(c.uncovered) for c in result.coverage) <= OUTSIDE_LISTED
    for c in result.coverage:
        base = [
            word(CATEGORY, c.category, lang),
            level_word(c.level, lang) if lang == "zh" else c.level,
            c.max_distance_m,
            word(LABELS, c.method, lang),
            c.households_total,
            c.households_covered,
            c.ratio,
            c.required_ratio,
            level_status(c.status, c.informational, lang),
        ]
        if not c.uncovered:
            rows.append([*base, None, None, None, None])
            statuses.append(c.status)
        elif not listed:
            many = word(WORKBOOK, "outside_many", lang).format(
                count=f"{len(c.uncovered):,}", sheet=word(SHEETS, "buildings", lang)
            )
            rows.append([*base, many, sum(u["households"] or 0 for u in c.uncovered), None, None])
            statuses.append(c.status)
        for u in c.uncovered if listed else ():
            why = reason_word(u.get("reason"), lang) or None
            rows.append([*base, u["building"], u["households"], u["nearest_m"], why])
            statuses.append(c.status)
    table_sheet(workbook, names[2], columns, rows, status_column=8, status_values=statuses, footer=footer)
    network_sheet(workbook, result.network, lang, footer)
    phase_sheet(workbook, result, lang, footer)
    rooms_sheet(workbook, result, lang, footer)
    inputs_sheet(workbook, result.provenance, result.ledger, lang, footer, result.quality)
    buildings_sheet(workbook, result, lang, footer)
    return to_bytes(workbook)


def summary_sheet(workbook: Workbook, result: CheckResult, lang: str, name: str, footer: str) -> None:
    """The review's first page: the project, the verdict, the warnings and data checks (one page)."""
    summary = workbook.active
    summary.title = name
    summary.append([TITLE[lang]])
    summary["A1"].font = TITLE_FONT
    for label, value in summary_rows(result, lang):
        label_row(summary, label, value)
    verdict_row = 2 + 6
    summary.cell(row=verdict_row, column=2).fill = STATUS_FILL[
        {"pass": "pass", "fail": "fail", "incomplete": "incomplete"}[result.verdict]
    ]
    if result.warnings:  # implausible figures, assumed CRS…: shown to whoever prints the report
        lines = "\n".join(f"• {w}" for w in said_all(result.warnings, lang))
        label_row(summary, word(LABELS, "warnings", lang), lines)
        summary.cell(row=summary.max_row, column=2).fill = STATUS_FILL["incomplete"]
    quality_row(summary, result.quality, lang)
    ledger_row(summary, result.ledger, lang)
    if blocked := blocked_phases(result, lang):  # Qidong 四(二)3: shown where the review opens
        label_row(
            summary,
            word(PHASES, "acceptance", lang),
            word(PHASES, "blocked_banner", lang) + "\n" + "\n".join(blocked),
        )
        summary.cell(row=summary.max_row, column=2).fill = STATUS_FILL["fail"]
    summary.column_dimensions["A"].width = 18
    summary.column_dimensions["B"].width = 90
    summary["A1"].alignment = Alignment(vertical="top")
    fit_rows(summary)
    print_setup(summary, name, footer=footer, header_rows=0)
    summary.sheet_properties.pageSetUpPr.fitToPage = True  # the review's first page: one page
    summary.page_setup.fitToWidth = summary.page_setup.fitToHeight = 1


def phase_sheet(workbook: Workbook, result: CheckResult, lang: str, footer: str) -> None:
    """Sheet 分期 / phases: one row per phase of each phased-delivery finding (only if any)."""
    findings = phased_findings(result)
    if not findings:
        return
    numeric = {"households_in_phase", "households", "required", "delivered", "shortfall"}
    columns = [Column(word(PHASES, "rule", lang), "key")]
    for key in PHASE_COLUMNS:
        kind = "number" if key in numeric else "long" if key in ("facilities", "behind_housing") else "text"
        columns.append(Column(word(PHASES, key, lang), kind))
    rows, statuses = [], []
    for finding in findings:
        unit = finding.details.get("phase_unit", finding.unit)
        for entry, cells in phase_cells(finding, lang):
            values: list[Any] = [
                rule_title(finding.id, finding.name, lang),
                cells[0],
                cells[1],
                entry["households_in_phase"],
                entry["households"],
            ]
            values += [
                Cell(entry[k], unit_format(entry[k], unit, lang))
                for k in ("required", "delivered", "shortfall")
            ]
            values += cells[7:]
            rows.append(values)
            statuses.append("fail" if entry["shortfall"] else "pass")
    table_sheet(
        workbook,
        word(PHASES, "sheet", lang),
        columns,
        rows,
        status_column=len(columns) - 1,
        status_values=statuses,
        footer=footer,
    )
