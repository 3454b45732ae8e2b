"""``--format json``: the stable JSON document (``schemas/``); an audit's is streamed."""

from __future__ import annotations

from typing import TextIO

from laoxiao_check.report.formats import Format


def render_check(result, lang: str = "en", color: bool = False) -> str:
    from laoxiao_check.report.json.check import render

    return render(result, lang, color)


def render_audit(result, lang: str = "en", color: bool = False) -> str:
    from laoxiao_check.report.json.audit import render

    return render(result, lang, color)


def render_plan(result, lang: str = "en", color: bool = False) -> str:
    from laoxiao_check.report.json.plan import render

    return render(result, lang, color)


def write(result, lang: str, handle: TextIO) -> None:
    """Streams an audit's document estate by estate; a check's is small and written whole."""
    from laoxiao_check.model.audit import AuditResult
    from laoxiao_check.model.plan import PlanResult
    from laoxiao_check.report.json.audit import write as write_audit

    if isinstance(result, AuditResult):
        write_audit(result, lang, handle)
    elif isinstance(result, PlanResult):
        handle.write(render_plan(result, lang))
    else:
        handle.write(render_check(result, lang))


FORMAT = Format(name="json", check=render_check, audit=render_audit, plan=render_plan, write=write)
FORMATS = (FORMAT,)
