"""``--format xlsx``: the review workbook, ready to print."""

from __future__ import annotations

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


FORMAT = Format(name="xlsx", needs_output=True, check=check, audit=audit, plan=plan)
