"""``--format json``: the stable JSON document (``schemas/``); an audit's is streamed."""

from __future__ import annotations

from typing import TextIO

from . import Format


def check(result, lang: str = "en", color: bool = False) -> str:
    from ..json_report import render

    return render(result, lang, color)


def audit(result, lang: str = "en", color: bool = False) -> str:
    from ..audit_json import render

    return render(result, lang, color)


def plan(result, lang: str = "en", color: bool = False) -> str:
    from ..plan_json import render

    return render(result, lang, color)


def write(result, lang: str, handle: TextIO) -> None:
    """Streams an audit's document estate by estate; a check's is small and written whole."""
    from ...audit import AuditResult
    from ...siting import PlanResult
    from ..audit_json import write as write_audit

    if isinstance(result, AuditResult):
        write_audit(result, lang, handle)
    elif isinstance(result, PlanResult):
        handle.write(plan(result, lang))
    else:
        handle.write(check(result, lang))


FORMAT = Format(name="json", check=check, audit=audit, plan=plan, write=write)
