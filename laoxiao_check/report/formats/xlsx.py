"""``--format xlsx``: the review workbook, ready to print."""

from __future__ import annotations

from pathlib import Path

from . import Format


def check(result, lang: str = "zh", color: bool = False) -> bytes:
    from ..xlsx_report import render

    return render(result, lang, color)


def audit(result, lang: str = "zh", color: bool = False) -> bytes:
    from ..audit_xlsx import render

    return render(result, lang, color)


def plan(result, lang: str = "zh", color: bool = False):
    from ..plan_xlsx import render

    return render(result, lang, color)


def write_file(result, lang: str, path: Path) -> None:
    """An audit's workbook written row by row (write-only); a check's built whole."""
    from ...audit import AuditResult
    from ...siting import PlanResult
    from ..audit_xlsx import write_file as write_audit

    if isinstance(result, AuditResult):
        write_audit(result, lang, path)
    elif isinstance(result, PlanResult):
        Path(path).write_bytes(plan(result, lang))
    else:
        Path(path).write_bytes(check(result, lang))


FORMAT = Format(name="xlsx", needs_output=True, check=check, audit=audit, plan=plan, write_file=write_file)
