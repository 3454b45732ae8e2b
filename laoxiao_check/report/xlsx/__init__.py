"""``--format xlsx``: the review workbook, ready to print."""

from __future__ import annotations

from pathlib import Path

from laoxiao_check.report.formats import Format


def render_check(result, lang: str = "zh", color: bool = False) -> bytes:
    from laoxiao_check.report.xlsx.check import render

    return render(result, lang, color)


def render_audit(result, lang: str = "zh", color: bool = False) -> bytes:
    from laoxiao_check.report.xlsx.audit import render

    return render(result, lang, color)


def render_plan(result, lang: str = "zh", color: bool = False):
    from laoxiao_check.report.xlsx.plan import render

    return render(result, lang, color)


def write_file(result, lang: str, path: Path) -> None:
    """An audit's workbook written row by row (write-only); a check's built whole."""
    from laoxiao_check.model.audit import AuditResult
    from laoxiao_check.model.plan import PlanResult
    from laoxiao_check.report.xlsx.audit import write_file as write_audit

    if isinstance(result, AuditResult):
        write_audit(result, lang, path)
    elif isinstance(result, PlanResult):
        Path(path).write_bytes(render_plan(result, lang))
    else:
        Path(path).write_bytes(render_check(result, lang))


FORMAT = Format(
    name="xlsx",
    needs_output=True,
    check=render_check,
    audit=render_audit,
    plan=render_plan,
    write_file=write_file,
)
FORMATS = (FORMAT,)
