"""The plan workbook: summary, chosen sites, estates, candidate sites (A4 landscape)."""

from __future__ import annotations

from openpyxl import Workbook

from laoxiao_check import __version__
from laoxiao_check.model.glossary import PLAN, word
from laoxiao_check.model.plan import PlanResult
from laoxiao_check.report.views.plan import headline, label
from laoxiao_check.report.xlsx.inputs import inputs_sheet
from laoxiao_check.report.xlsx.style import (
    WRAP,
    Column,
    fit_rows,
    label_row,
    network_sheet,
    print_setup,
    table_sheet,
    to_bytes,
)

COUNT = "#,##0"
FIGURE = "#,##0.0##"
DEGREES = "0.000000"


def render(result: PlanResult, lang: str = "zh", color: bool = False) -> bytes:
    def w(key: str) -> str:
        return word(PLAN, key, lang)

    def yes(value: bool | None) -> str:
        return "—" if value is None else w("yes") if value else w("no")

    footer = f"{w('title')} · {result.profile.name[lang]}"
    workbook = Workbook()
    summary = workbook.active
    summary.title = w("summary")
    label_row(summary, "laoxiao-check", f"v{__version__}")
    for key, path in result.inputs.items():
        if path:
            label_row(summary, key, path.replace("\\", "/").rsplit("/", 1)[-1])
    for line in headline(result, lang):
        summary.append([line])
        summary.cell(row=summary.max_row, column=1).alignment = WRAP
    summary.column_dimensions["A"].width = 30
    summary.column_dimensions["B"].width = 70
    fit_rows(summary)
    print_setup(summary, w("summary"), footer=footer, header_rows=0)

    capacity = result.objective == "capacity"
    site_columns = [
        Column(w("site"), "key"),
        Column("名称" if lang == "zh" else "name", "text"),
        Column(w("estates_newly_covered"), "number", number_format=COUNT),
        Column(w("households_newly_covered"), "number", number_format=COUNT),
        Column(label(result, "households_reached", lang), "number", number_format=COUNT),
        *([Column(w("shortfall_reached"), "number", number_format=FIGURE)] if capacity else []),
        Column(w("lon"), "number", number_format=DEGREES),
        Column(w("lat"), "number", number_format=DEGREES),
    ]
    site_rows = [
        [
            s["id"],
            s.get("name") or "",
            s["estates_newly_covered"],
            s["households_newly_covered"],
            s["households_reached"],
            *([s["shortfall_reached"]] if capacity else []),
            s["lon"],
            s["lat"],
        ]
        for s in result.selected
    ]
    table_sheet(workbook, w("selected"), site_columns, site_rows, footer=footer)

    estate_columns = [
        Column(w("estate"), "key"),
        Column(w("district"), "text"),
        Column(w("households"), "number", number_format=COUNT),
        Column(w("covered_before"), "text"),
        Column(w("covered_after"), "text"),
        Column(w("site"), "key"),
        Column(w("weight"), "number", number_format=FIGURE),
    ]
    estate_rows = [
        [
            e["name"],
            e["district"],
            e["households"],
            yes(e["covered_before"]),
            yes(e["covered_after"]),
            e["site"] or "",
            e["weight"],
        ]
        for e in result.estates
    ]
    table_sheet(workbook, w("estates"), estate_columns, estate_rows, footer=footer)

    candidate_columns = [
        Column(w("site"), "key"),
        Column("名称" if lang == "zh" else "name", "text"),
        Column(w("selected"), "text"),
        Column(w("lon"), "number", number_format=DEGREES),
        Column(w("lat"), "number", number_format=DEGREES),
    ]
    candidate_rows = [
        [c["id"], c.get("name") or "", yes(c["selected"]), c["lon"], c["lat"]] for c in result.candidates
    ]
    table_sheet(workbook, w("candidates"), candidate_columns, candidate_rows, footer=footer)
    network_sheet(workbook, result.network, lang, footer)
    inputs_sheet(workbook, result.provenance, result.ledger, lang, footer, result.quality)
    return to_bytes(workbook)
