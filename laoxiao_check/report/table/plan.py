"""The terminal summary of a plan: the chosen sites and coverage before and after."""

from __future__ import annotations

import io

from rich.table import Table
from rich.text import Text

from laoxiao_check.model.glossary import PLAN, word
from laoxiao_check.model.messages import say
from laoxiao_check.model.plan import PlanResult
from laoxiao_check.report.table.check import ledger_texts, quality_texts, report_console
from laoxiao_check.report.views.plan import headline, label


def render_text(result: PlanResult, lang: str = "en", color: bool = False) -> str:
    def w(key: str) -> str:
        return word(PLAN, key, lang)

    buffer = io.StringIO()
    console = report_console(buffer, color, markup=False)
    console.print(
        Text(f"{w('title')} — {result.profile.name[lang]} [{say(result.profile.label, lang)}]", style="bold")
    )
    for text in [*quality_texts(result.quality, lang), *ledger_texts(result.ledger, lang)]:
        console.print(text)
    for line in headline(result, lang):
        console.print(line)
    table = Table(title=w("selected"), title_justify="left")
    keys = ["site", "lon", "lat", "estates_newly_covered", "households_newly_covered", "households_reached"]
    if result.objective == "capacity":
        keys.append("shortfall_reached")
    for key in keys:
        table.add_column(label(result, key, lang), justify="left" if key == "site" else "right")
    for site in result.selected:
        cells = [
            site["id"],
            f"{site['lon']:.6f}",
            f"{site['lat']:.6f}",
            f"{site['estates_newly_covered']:,}",
            f"{site['households_newly_covered']:,}",
            f"{site['households_reached']:,}",
        ]
        if result.objective == "capacity":
            cells.append(f"{site['shortfall_reached']:,.1f}")
        table.add_row(*cells)
    console.print(table)
    shown = [p for p in result.problems if p.place][:10]
    if shown:
        console.print(f"{w('problems')}: {len(result.problems)}")
        for problem in shown:
            console.print(f"  {problem.place}: {problem.message}")
    return buffer.getvalue()
