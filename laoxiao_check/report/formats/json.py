"""``--format json``: the stable JSON document (``schemas/``); an audit's is streamed."""

from __future__ import annotations

from typing import TextIO

from laoxiao_check.report.formats import Format


def check(result, lang: str = "en", color: bool = False) -> str:
    from laoxiao_check.report.json_report import render

    return render(result, lang, color)


def audit(result, lang: str = "en", color: bool = False) -> str:
    from laoxiao_check.report.audit_json import render

    return render(result, lang, color)


def plan(result, lang: str = "en", color: bool = False) -> str:
    from laoxiao_check.report.plan_json import render

    return render(result, lang, color)


def write(result, lang: str, handle: TextIO) -> None:
    """Streams an audit's document estate by estate; a check's is small and written whole."""
    from laoxiao_check.audit import AuditResult
    from laoxiao_check.report.audit_json import write as write_audit
    from laoxiao_check.siting import PlanResult

    if isinstance(result, AuditResult):
        write_audit(result, lang, handle)
    elif isinstance(result, PlanResult):
        handle.write(plan(result, lang))
    else:
        handle.write(check(result, lang))


FORMAT = Format(name="json", check=check, audit=audit, plan=plan, write=write)
