"""``--format html``: a self-contained review page with coverage maps (`check` only)."""

from __future__ import annotations

from laoxiao_check.report.formats import Format


def render_check(result, lang: str = "zh", color: bool = False) -> str:
    from laoxiao_check.report.html.check import render

    return render(result, lang, color)


def render_plan(result, lang: str = "zh", color: bool = False):
    from laoxiao_check.report.html.plan import render

    return render(result, lang, color)


FORMAT = Format(name="html", needs_output=True, check=render_check, plan=render_plan)
FORMATS = (FORMAT,)
