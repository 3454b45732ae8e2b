"""``--format table``: the terminal table (the default)."""

from __future__ import annotations

from laoxiao_check.report.formats import Format


def render_check(result, lang: str = "en", color: bool = False) -> str:
    from laoxiao_check.report.table.check import render_text

    return render_text(result, lang, color)


def render_audit(result, lang: str = "en", color: bool = False) -> str:
    from laoxiao_check.report.table.audit import render_text

    return render_text(result, lang, color)


def render_plan(result, lang: str = "en", color: bool = False) -> str:
    from laoxiao_check.report.table.plan import render_text

    return render_text(result, lang, color)


FORMAT = Format(name="table", check=render_check, audit=render_audit, plan=render_plan)
FORMATS = (FORMAT,)
