"""``--format xlsx``: the review workbook, ready to print."""

from __future__ import annotations

from pathlib import Path

from laoxiao_check.report.formats import Format


def check(result, lang: str = "zh", color: bool = False) -> bytes:
    from laoxiao_check.report.xlsx_report import render

    return render(result, lang, color)


def audit(result, lang: str = "zh", color: bool = False) -> bytes:
    from laoxiao_check.report.audit_xlsx import render

    return render(result, lang, color)


def plan(result, lang: str = "zh", color: bool = False):
    from laoxiao_check.report.plan_xlsx import render

    return render(result, lang, color)


def write_file(result, lang: str, path: Path) -> None:
    """An audit's workbook written row by row (write-only); a check's built whole."""
    from laoxiao_check.audit import AuditResult
    from laoxiao_check.report.audit_xlsx import write_file as write_audit
    from laoxiao_check.siting import PlanResult

    if isinstance(result, AuditResult):
        write_audit(result, lang, path)
    elif isinstance(result, PlanResult):
        Path(path).write_bytes(plan(result, lang))
    else:
        Path(path).write_bytes(check(result, lang))


FORMAT = Format(name="xlsx", needs_output=True, check=check, audit=audit, plan=plan, write_file=write_file)
