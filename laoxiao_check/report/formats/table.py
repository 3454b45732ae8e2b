"""``--format table``: the terminal table (the default)."""

from __future__ import annotations

from laoxiao_check.report.formats import Format


def check(result, lang: str = "en", color: bool = False) -> str:
    from laoxiao_check.report.terminal import render_text

    return render_text(result, lang, color)


def audit(result, lang: str = "en", color: bool = False) -> str:
    from laoxiao_check.report.audit_terminal import render_text

    return render_text(result, lang, color)


def plan(result, lang: str = "en", color: bool = False) -> str:
    from laoxiao_check.report.plan_terminal import render_text

    return render_text(result, lang, color)


FORMAT = Format(name="table", check=check, audit=audit, plan=plan)
