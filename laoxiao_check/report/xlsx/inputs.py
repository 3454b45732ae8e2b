"""The workbook sheet "Inputs" (输入与选项): the files, profile, options and version that produced
the report, then what was dropped or doubted on the way in. Prints on A4 like every sheet."""

from __future__ import annotations

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from laoxiao_check.model.glossary import SHEETS, word
from laoxiao_check.model.ledger import InputLedger, kind_word
from laoxiao_check.model.provenance import Provenance
from laoxiao_check.model.quality import DataQuality, quality_word
from laoxiao_check.report.views.inputs import (
    entry_line,
    inputs_word,
    ledger_lines,
    provenance_rows,
    quality_headline,
    quality_lines,
)
from laoxiao_check.report.xlsx.style import STATUS_FILL, Column, label_row, table_sheet
from laoxiao_check.report.xlsx.words import Reword, no_reword


def inputs_sheet(
    workbook: Workbook,
    provenance: Provenance | None,
    ledger: InputLedger,
    lang: str,
    footer: str,
    quality: DataQuality | None = None,
    reword: Reword = no_reword,
) -> None:
    """One row per input file, profile file and option (with bytes and SHA-256), then one per
    ledger entry; no sheet when there is neither (a result built without the command line).
    ``reword``: the ledger's and checks' lines in the workbook's language (rows by number, an
    estate's reasons)."""
    if provenance is None and not len(ledger):
        return

    def w(key: str) -> str:
        return inputs_word(key, lang)

    rows: list[list[object]] = [list(row) for row in provenance_rows(provenance, lang)] if provenance else []
    if quality is not None:
        rows.append([quality_headline(quality, lang), None, None, None])
        rows += [[status, reword(line), None, None] for status, line in quality_lines(quality, lang)]
    if len(ledger):
        rows.append([w("ledger"), None, None, None])
        for entry in ledger:
            rows.append([kind_word(entry.kind, lang), reword(entry_line(entry, lang)), entry.count, None])
    table_sheet(
        workbook,
        word(SHEETS, "inputs", lang),
        [
            Column(w("what"), "text", 22),
            Column(w("value"), "long", 60),
            Column(w("size"), "text", 12),
            Column(w("sha256"), "text", 66),
        ],
        rows,
        footer=footer,
    )


def quality_row(sheet: Worksheet, quality: DataQuality | None, lang: str) -> None:
    """The data tier on a summary sheet: its status, then each check (marked when not ok)."""
    if quality is None:
        return
    lines = "\n".join(f"• [{status}] {line}" for status, line in quality_lines(quality, lang))
    label_row(sheet, inputs_word("quality", lang), f"{quality_headline(quality, lang)}\n{lines}")
    if quality.status != "complete":
        sheet.cell(row=sheet.max_row, column=2).fill = STATUS_FILL["incomplete"]


def ledger_row(
    sheet: Worksheet,
    ledger: InputLedger,
    lang: str,
    compact: bool = False,
    quality: DataQuality | None = None,
) -> None:
    """The ledger at the top of a summary sheet, marked for attention: one labelled line of every
    entry and its reason, or (``compact``, a summary of narrow columns) one row: the data tier's
    status and how many inputs were dropped or doubted (the checks, reasons and examples are on
    the sheet "Inputs", ``inputs_sheet``)."""
    if compact:
        status = quality_word(f"{quality.status}_short", lang) if quality is not None else "—"
        dropped = sum(e.count for e in ledger)
        what = inputs_word("quality", lang)
        if dropped:
            short = inputs_word("ledger_short", lang)
            what += f" · {dropped}项{short}" if lang == "zh" else f" · {dropped:,} {short}"
        label_row(sheet, f"⚠ {what}", status)  # the detail: on the sheet "Inputs" (inputs_sheet)
        if len(ledger) or (quality is not None and quality.status != "complete"):
            sheet.cell(row=sheet.max_row, column=2).fill = STATUS_FILL["incomplete"]
        sheet.cell(row=sheet.max_row, column=1).font = Font(bold=False)  # a line, not a table's header
        return
    if not len(ledger):
        return
    lines = ledger_lines(ledger, lang, examples=False)
    label_row(sheet, inputs_word("ledger", lang), "\n".join(f"• {line}" for line in lines))
    sheet.cell(row=sheet.max_row, column=2).fill = STATUS_FILL["incomplete"]
