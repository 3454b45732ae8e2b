"""The review sheet of a check as a PDF: A4 portrait, laid out to be filed with an approval
opinion (审查意见) and to stand alone.

Page one (two for a large project) holds the project, the profile and its documents, the
verdict, one table of the project's rules with each rule's arithmetic and clause, the coverage
of the service circles, the rooms checked and the maps; the appendix holds the buildings, the
data checks and the record of the inputs (their SHA-256) and the tool's version.

WeasyPrint lays out an HTML page of our own (no script, no file or URL fetched) and embeds the
CJK font it names: a generic ``sans-serif`` would lose the Chinese glyphs on a machine whose
default font has none, so the sheet names an installed CJK font or refuses to write.
"""

from __future__ import annotations

import shutil
import subprocess
from functools import lru_cache
from html import escape
from typing import Any

from laoxiao_check import __version__
from laoxiao_check.model.check import CheckResult
from laoxiao_check.model.errors import OutputError
from laoxiao_check.model.glossary import CATEGORY, LABELS, REVIEW_SHEET, SECTIONS, VERDICT, word
from laoxiao_check.model.messages import said_all
from laoxiao_check.model.phrasing import figure
from laoxiao_check.report.html.inputs import (
    buildings_table,
    data_table,
    ledger_section,
    provenance_section,
    quality_section,
    rooms_section,
)
from laoxiao_check.report.html.svg_map import coverage_map
from laoxiao_check.report.views.findings import (
    COVERAGE_COLUMNS,
    counts_line,
    coverage_cells,
    own_first,
    required_text,
    status_key,
    status_word,
)
from laoxiao_check.report.views.rooms import (
    list_word,
)
from laoxiao_check.report.views.summary import summary_rows

CJK_FONTS = (
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
    "Microsoft YaHei",
    "PingFang SC",
    "Noto Serif CJK SC",
)
"""The Chinese fonts the sheet names, in order of preference: the first installed is embedded."""

STYLE = """
@page { size: A4; margin: 13mm 12mm 15mm; font-family: "%(font)s";
  @bottom-left { content: "%(footer)s"; font-size: 7pt; color: #666; }
  @bottom-right { content: "%(page)s " counter(page) " %(of)s " counter(pages) " %(pages)s";
                  font-size: 7pt; color: #666; } }
* { box-sizing: border-box; }
body { font-family: "%(font)s"; font-size: 8.5pt; line-height: 1.35; color: #1d1d1d; margin: 0; }
h1 { font-size: 15pt; margin: 0 0 2mm; }
h2 { font-size: 10.5pt; margin: 4mm 0 1.5mm; border-bottom: 0.4pt solid #1f4e78; color: #1f4e78; }
table { border-collapse: collapse; width: 100%%; margin: 0 0 2mm; }
th, td { border: 0.4pt solid #bbb; padding: 1mm 1.4mm; vertical-align: top; text-align: left; }
th { background: #1f4e78; color: #fff; font-weight: 700; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
td.num { text-align: right; white-space: nowrap; }
.grid th { background: #eef3f8; color: #1d1d1d; width: 20mm; font-weight: 700; }
.grid td { width: 73mm; word-break: break-all; }
code { font-family: "%(font)s"; }
.verdict { display: inline-block; padding: 1mm 4mm; font-weight: 700; font-size: 11pt; }
.pass, .target_pass { background: #c6efce; } .fail { background: #ffc7ce; }
.insufficient_data, .target_fail { background: #ffeb9c; } .not_applicable { background: #ededed; }
.advisory { color: #595959; }
.status { white-space: nowrap; font-weight: 700; }
.arith { color: #444; font-size: 7.5pt; }
.note { color: #666; font-size: 7.5pt; }
.maps { display: flex; gap: 3mm; break-inside: avoid; }
.maps figure { flex: 1; margin: 0; }
.maps figcaption { font-weight: 700; margin-bottom: 1mm; }
svg.map { width: 100%%; height: auto; max-height: 85mm; border: 0.4pt solid #ccc; }
.appendix { break-before: page; }
.quality ul, .ledger ul { margin: 0 0 2mm; padding-left: 5mm; }
.quality h2, .ledger h2, .provenance h2 { font-size: 9.5pt; }
code { font-size: 6.5pt; word-break: break-all; }
"""


def render(result: CheckResult, lang: str = "zh", color: bool = False) -> bytes:
    """The review sheet as PDF bytes (``color`` is for terminals and ignored)."""
    font = cjk_font(lang)
    try:
        from weasyprint import HTML
    except (ImportError, OSError) as exc:  # OSError: Pango, its system library, is missing
        raise OutputError(
            f"the PDF cannot be written: WeasyPrint or its Pango library is missing ({exc}); "
            "install the project again (pip install laoxiao-check) and Pango "
            "(Debian/Ubuntu: apt-get install libpango-1.0-0 libpangoft2-1.0-0), or write --format html"
        ) from None
    document = HTML(string=review_sheet(result, lang, font), url_fetcher=_nothing_fetched)
    pdf: bytes = document.write_pdf()
    return pdf


def _nothing_fetched(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    """The sheet is self-contained: no file or address is ever read while it is laid out."""
    raise ValueError(f"the review sheet fetches nothing ({url[:80]})")


@lru_cache(maxsize=1)
def installed_cjk_fonts() -> tuple[str, ...]:
    """The families fontconfig knows for Chinese (empty where ``fc-list`` is not installed)."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return ()
    try:
        listed = subprocess.run(
            [fc_list, ":lang=zh", "family"], capture_output=True, text=True, timeout=30, check=False
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return ()
    return tuple(sorted({name.strip() for line in listed.splitlines() for name in line.split(",")}))


def cjk_font(lang: str) -> str:
    """The CJK font the sheet names: the first of :data:`CJK_FONTS` installed, else an error
    (an English sheet too: project and document names are Chinese)."""
    installed = set(installed_cjk_fonts())
    for font in CJK_FONTS:
        if font in installed:
            return font
    raise OutputError(word(REVIEW_SHEET, "font_missing", lang).format(fonts=", ".join(CJK_FONTS)))


def review_sheet(result: CheckResult, lang: str, font: str) -> str:
    """The sheet as HTML for WeasyPrint (no script, every style inline)."""
    e = escape
    footer = f"laoxiao-check {__version__} · {result.project.source.rsplit('/', 1)[-1]}"
    style = STYLE % {
        "font": font,
        "footer": _css_string(footer),
        "page": _css_string(word(REVIEW_SHEET, "page", lang)),
        "of": _css_string(word(REVIEW_SHEET, "of", lang)),
        "pages": _css_string(word(REVIEW_SHEET, "pages", lang)),
    }
    cells = [
        f"<th>{e(label)}</th><td>{e(value).replace(chr(10), '<br>')}</td>"
        for label, value in summary_rows(result, lang)
        if value
    ]
    grid = "".join(f"<tr>{''.join(cells[i : i + 2])}</tr>" for i in range(0, len(cells), 2))
    verdict_class = {"pass": "pass", "fail": "fail", "incomplete": "insufficient_data"}[result.verdict]
    verdict = word(VERDICT, result.verdict, lang)
    return f"""<!doctype html>
<html lang="{"zh-CN" if lang == "zh" else "en"}"><head><meta charset="utf-8">
<title>{e(word(REVIEW_SHEET, "title", lang))} — {e(result.project.name)}</title>
<style>{style}</style></head><body>
<h1>{e(word(REVIEW_SHEET, "title", lang))}{"：" if lang == "zh" else ": "}{e(result.project.name)}</h1>
<p><span class="verdict {verdict_class}">{e(verdict)}</span>
<span class="note">{e(counts_line(result.findings, lang))}</span></p>
<table class="grid">{grid}</table>
{_rules(result, lang)}
{_coverage(result, lang)}
{rooms_section(result.project, lang)}
{_maps(result, lang, font)}
{_warnings(result, lang)}
<section class="appendix">
<h2>{e(word(REVIEW_SHEET, "appendix", lang))} — {e(list_word("buildings", lang))}</h2>
{buildings_table(result.project, lang)}
{quality_section(result.quality, lang)}
{ledger_section(result.ledger, lang)}
{provenance_section(result.provenance, lang)}
</section>
</body></html>
"""


def _css_string(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")


def _rules(result: CheckResult, lang: str) -> str:
    """One table of the project's rules: status, the rule and its arithmetic, the figures, the clause."""
    own, wider = own_first(result.findings, result.project.scope)
    head = "".join(
        f"<th>{escape(word(LABELS, key, lang))}</th>"
        for key in ("status", "requirement", "required", "provided", "shortfall", "citation")
    )
    rows = "".join(
        f'<tr data-rule="{escape(f.id)}"><td class="status {status_key(f)}">'
        f"{escape(status_word(f, lang, sep=chr(10))).replace(chr(10), '<br>')}</td>"
        f'<td>{escape(f.requirement[lang])}<div class="arith">{escape(f.message[lang])}</div></td>'
        f'<td class="num">{escape(required_text(f, lang))}</td>'
        f'<td class="num">{escape(figure(f.provided, f.unit, lang))}</td>'
        f'<td class="num">{escape(figure(f.shortfall, f.unit, lang)) if f.shortfall else "—"}</td>'
        f'<td class="note">{escape(f.citation.text)}</td></tr>'
        for f in own
    )
    folded = (
        f'<p class="note">{escape(word(REVIEW_SHEET, "wider", lang).format(count=len(wider)))}</p>'
        if wider
        else ""
    )
    return (
        f"<h2>{escape(word(REVIEW_SHEET, 'rules', lang))}</h2>"
        f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>{folded}"
    )


SHEET_COVERAGE = tuple(key for key in COVERAGE_COLUMNS if key != "required_share")
"""The coverage table's columns on the sheet (the share required is in each rule's words)."""


def _coverage(result: CheckResult, lang: str) -> str:
    if not result.coverage:
        return ""
    headers = [word(LABELS, key, lang) for key in SHEET_COVERAGE]
    rows = [
        tuple(
            cell
            for key, cell in zip(COVERAGE_COLUMNS, coverage_cells(c, lang), strict=True)
            if key in SHEET_COVERAGE
        )
        for c in result.coverage
    ]
    numeric = tuple(SHEET_COVERAGE.index(key) for key in ("distance", "households_covered", "share"))
    return f"<h2>{escape(word(SECTIONS, 'coverage', lang))}</h2>" + data_table(headers, rows, numeric=numeric)


def _maps(result: CheckResult, lang: str, font: str) -> str:
    """The maps side by side, their text in the sheet's font (an SVG names none of its own)."""
    named = f'<svg font-family="{escape(font)}" '
    figures = "".join(
        f"<figure><figcaption>{escape(word(CATEGORY, category, lang))}</figcaption>"
        f"{svg.replace('<svg ', named, 1)}</figure>"
        for category in ("eldercare", "childcare")
        if (svg := coverage_map(result, category, lang))
    )
    if not figures:
        return ""
    return f'<h2>{escape(word(SECTIONS, "maps", lang))}</h2><div class="maps">{figures}</div>'


def _warnings(result: CheckResult, lang: str) -> str:
    if not result.warnings:
        return ""
    items = "".join(f"<li>{escape(w)}</li>" for w in said_all(result.warnings, lang))
    return f'<h2>{escape(word(SECTIONS, "warnings", lang))}</h2><ul class="note">{items}</ul>'
