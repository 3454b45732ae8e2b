"""Phased-delivery findings as rows for every report: one row per phase, cumulative."""

from __future__ import annotations

from typing import Any

from laoxiao_check.model.check import CheckResult
from laoxiao_check.model.glossary import DELIVERY_STATUS, PHASES, word
from laoxiao_check.model.phrasing import figure
from laoxiao_check.model.records import Finding

PHASE_COLUMNS = (
    "phase",
    "housing_status",
    "households_in_phase",
    "households",
    "required",
    "delivered",
    "shortfall",
    "facilities",
    "behind_housing",
    "acceptance",
)


def phased_findings(result: CheckResult) -> list[Finding]:
    """Findings that carry ``details["phases"]`` (the ``phased_delivery`` kind)."""
    return [f for f in result.findings if f.details.get("phases")]


def phase_label(phase: str, lang: str) -> str:
    if phase.isdigit() and int(phase) < 1000:
        return f"第{phase}期" if lang == "zh" else f"phase {phase}"
    return phase


def phase_cells(finding: Finding, lang: str) -> list[tuple[dict[str, Any], list[str]]]:
    """Each phase entry with its cells for people, in :data:`PHASE_COLUMNS` order."""
    unit = finding.details.get("phase_unit", finding.unit)
    rows = []
    for entry in finding.details["phases"]:
        status = entry.get("status")
        cells = [
            phase_label(str(entry["phase"]), lang),
            word(DELIVERY_STATUS, status, lang) if status else "—",
            f"{entry['households_in_phase']:,}",
            f"{entry['households']:,}",
            figure(entry["required"], unit, lang),
            figure(entry["delivered"], unit, lang),
            figure(entry["shortfall"], unit, lang) if entry["shortfall"] else "—",
            ", ".join(entry.get("facilities") or []) or "—",
            ", ".join(entry.get("behind_housing") or []) or "—",
            word(PHASES, "blocked" if entry.get("acceptance_blocked") else "open", lang),
        ]
        rows.append((entry, cells))
    return rows


def blocked_phases(result: CheckResult, lang: str) -> list[str]:
    """``eldercare: phase 1`` for each phase whose completion acceptance is blocked."""
    lines = []
    for finding in phased_findings(result):
        for phase in finding.details.get("acceptance_blocked") or []:
            name = finding.name.get(lang) or finding.id
            lines.append(f"{phase_label(str(phase), lang)} · {name}")
    for finding in result.findings:  # a quantity rule without phases (缩建, 不建, 建而不交)
        if finding.details.get("acceptance_blocked") is True:
            lines.append(finding.name.get(lang) or finding.id)
    return lines


def headers(lang: str) -> list[str]:
    return [word(PHASES, key, lang) for key in PHASE_COLUMNS]
