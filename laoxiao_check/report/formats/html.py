"""``--format html``: a self-contained review page with coverage maps (`check` only)."""

from __future__ import annotations

from laoxiao_check.report.formats import Format


def check(result, lang: str = "zh", color: bool = False) -> str:
    from laoxiao_check.report.html_report import render

    return render(result, lang, color)


def plan(result, lang: str = "zh", color: bool = False):
    from laoxiao_check.report.plan_html import render

    return render(result, lang, color)


FORMAT = Format(name="html", needs_output=True, check=check, plan=plan)
