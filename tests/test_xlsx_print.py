"""The xlsx reports opened in a real spreadsheet program: LibreOffice Calc prints them to PDF.

Every workbook (check in Chinese and English, audit in both) is converted once, headless. The
PDF's text layer (``pdftotext -bbox``) is then read page by page against the workbook:

- every page belongs to one sheet (its header line is the sheet's title);
- the table's rows are found down the left edge (column A), and each row's band on the page
  holds every character of that row's cells: a wrapped cell taller than its row spills into
  the next band (or under the previous one) and is missed here, a cut cell loses characters;
- no two words on a page overlap (text running over a neighbouring row or column);
- the print scale is readable: Latin text is at least 70 % of its 11-point size;
- the page count of each sheet is as expected, one page wide.

Skips only where LibreOffice, poppler-utils or the Carlito font (Calibri's metric twin, so
columns come out as in Excel and WPS) is missing: `scripts/install-test-browser.sh`.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import openpyxl
import pytest
from conftest import SAMPLES

from laoxiao_check.cli.main import main

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
AUDIT = SAMPLES / "audit"
CHECK_ARGS = ["check", SAMPLES / "quanzhou_new_estate_short.xlsx", "--rules", "quanzhou"]
RIVERSIDE_ARGS = [
    "check",
    SAMPLES / "quanzhou_riverside.geojson",
    "--rules",
    "quanzhou",
    "--network",
    SAMPLES / "quanzhou_riverside_network.geojson",
]
AUDIT_ARGS = [
    "audit",
    AUDIT / "estates.csv",
    "--rules",
    "quanzhou",
    "--facilities",
    AUDIT / "facilities.geojson",
    "--network",
    AUDIT / "network.geojson",
    "--coords",
    "gcj02",
]
REPORTS = {
    "check_zh": [*CHECK_ARGS, "--lang", "zh"],
    "check_en": [*CHECK_ARGS, "--lang", "en"],
    "riverside_en": [*RIVERSIDE_ARGS, "--lang", "en"],
    "audit_zh": [*AUDIT_ARGS, "--lang", "zh"],
    "audit_en": [*AUDIT_ARGS, "--lang", "en"],
}
# Pages of each sheet, in sheet order (each one page wide).
PAGES = {
    # Inputs (files, profile, options, version; what was dropped: issue 23); a check's rooms
    # before it and its buildings after it, an appendix (issue 25)
    # results: 20 rules since the texts' city and county figures (issue 26)
    "check_zh": [1, 3, 1, 1, 1, 1],
    "check_en": [1, 3, 1, 1, 1, 1],
    "riverside_en": [1, 3, 2, 1, 1, 1, 1],  # 32 rows of buildings outside the circles; the network
    # … streets, levels (city and county targets), capacity in reach, the network's health
    "audit_zh": [1, 1, 1, 4, 1, 2, 1, 1, 2],
    "audit_en": [1, 1, 1, 4, 1, 2, 1, 1, 2],
}
FONT_PT = 11
CARLITO_LINE = 1.296  # height of an 11-pt Carlito word box in pdftotext, in em (measured on a 100 % page)
MIN_SCALE = 0.70


def missing_tools() -> str | None:
    if not SOFFICE:
        return "LibreOffice (soffice) is not installed; see scripts/install-test-browser.sh"
    for tool in ("pdftotext", "pdftoppm"):
        if not shutil.which(tool):
            return f"{tool} (poppler-utils) is not installed; see scripts/install-test-browser.sh"
    fonts = ""
    if shutil.which("fc-list"):
        fonts = subprocess.run(["fc-list"], capture_output=True, text=True).stdout
    if "Carlito" not in fonts:
        return "the Carlito font (fonts-crosextra-carlito) is not installed"
    return None


@dataclass(frozen=True)
class Word:
    text: str
    x0: float
    y0: float
    x1: float
    y1: float


@dataclass(frozen=True)
class Page:
    width: float
    height: float
    words: list[Word]


@pytest.fixture(scope="session")
def printed(tmp_path_factory) -> dict[str, tuple[Path, list[Page]]]:
    """Each report as an xlsx and as the pages LibreOffice prints of it (converted in one call)."""
    reason = missing_tools()
    if reason:
        pytest.skip(reason)
    folder = tmp_path_factory.mktemp("xlsx-print")
    for name, args in REPORTS.items():
        out = folder / f"{name}.xlsx"
        with pytest.raises(SystemExit) as exit_info:
            main([str(a) for a in [*args, "--format", "xlsx", "--output", out]])
        assert exit_info.value.code in (0, 1) and out.exists()
    profile = folder / "lo-profile"
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            *[str(folder / f"{name}.xlsx") for name in REPORTS],
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    return {name: (folder / f"{name}.xlsx", read_pages(folder / f"{name}.pdf")) for name in REPORTS}


def read_pages(pdf: Path) -> list[Page]:
    xhtml = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True, timeout=60
    ).stdout
    root = ET.fromstring(re.sub(r"<!DOCTYPE[^>]*>", "", xhtml))
    pages = []
    for page in root.iter("{http://www.w3.org/1999/xhtml}page"):
        words = [
            Word(w.text or "", *(float(w.get(k)) for k in ("xMin", "yMin", "xMax", "yMax")))
            for w in page.iter("{http://www.w3.org/1999/xhtml}word")
        ]
        pages.append(Page(float(page.get("width")), float(page.get("height")), words))
    return pages


def lines(words: list[Word]) -> list[list[Word]]:
    """Words grouped by line (same top within 2 pt), top to bottom."""
    grouped: list[list[Word]] = []
    for word in sorted(words, key=lambda w: (w.y0, w.x0)):
        if grouped and abs(grouped[-1][0].y0 - word.y0) <= 2:
            grouped[-1].append(word)
        else:
            grouped.append([word])
    return grouped


def title_and_body(page: Page) -> tuple[str, list[Word]]:
    """The page header (the sheet's title) and the table's words (without the footer)."""
    by_line = lines(page.words)
    title = "".join(w.text for w in by_line[0])
    body = [w for line in by_line[1:-1] for w in line]
    return title, body


# -- what a spreadsheet program shows in a cell --------------------------------------------


def shown(cell) -> str:
    """The cell as displayed, for the number formats the reports use."""
    value = cell.value
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    fmt = cell.number_format
    literal = "".join(re.findall(r'"([^"]*)"', fmt))
    code = re.sub(r'"[^"]*"', "", fmt).split(";")[0]
    if code == "General":
        return f"{int(value)}"  # the integer part: General shows more or fewer decimals by width
    decimals = code.split(".")[1] if "." in code else ""
    most = sum(ch in "0#" for ch in decimals)
    least = decimals.count("0")
    number = Decimal(str(value)) * (100 if "%" in code else 1)
    number = number.quantize(Decimal(1).scaleb(-most), rounding=ROUND_HALF_UP)  # as spreadsheets round
    text = f"{number:,f}" if "," in code else f"{number:f}"
    while most > least and text.endswith("0"):
        text, most = text[:-1], most - 1
    text = text.rstrip(".") if most == 0 else text
    return text + ("%" if "%" in code else "") + literal


def chars(text: str) -> Counter:
    return Counter(ch for ch in text if not ch.isspace())


def sheet_rows(sheet, first: int = 1) -> list[tuple[str, Counter]]:
    """(text of column A, characters of the whole row) per row from ``first`` that starts with
    column A; a row without column A counts with the row above."""
    rows: list[tuple[str, Counter]] = []
    for row in sheet.iter_rows(min_row=first):
        texts = [shown(cell) for cell in row]
        start = re.sub(r"\s", "", texts[0])
        if start:
            rows.append((start, chars("".join(texts))))
        elif rows and any(texts):
            rows[-1] = (rows[-1][0], rows[-1][1] + chars("".join(texts)))
    return rows


def header_count(sheet) -> int:
    titles = sheet.print_title_rows or ""
    match = re.search(r"\$?(\d+):\$?(\d+)", titles)
    return int(match.group(2)) if match else 0


def bands(body: list[Word], expected: list[tuple[str, Counter]]) -> list[tuple[int, float]]:
    """(index of the row, its top on the page) for the rows whose column A starts a line at the left edge."""
    left = min(w.x0 for w in body)
    tops, index = [], 0
    for line in lines([w for w in body if w.x0 <= left + 1.5]):
        word = re.sub(r"\s", "", line[0].text)
        if index < len(expected) and expected[index][0].startswith(word):
            tops.append((index, line[0].y0))
            index += 1
    return tops


def check_sheet_pages(sheet, pages: list[Page]) -> list[str]:
    """Problems of one sheet's printed pages: rows whose characters are not all in their band.

    The header rows (repeated on every page) form one band above the first row of data.
    """
    repeat = header_count(sheet)
    header = sum(
        (chars("".join(shown(c) for c in row)) for row in sheet.iter_rows(max_row=repeat)), Counter()
    )
    expected = sheet_rows(sheet, first=repeat + 1)
    problems, done = [], 0
    for number, page in enumerate(pages, start=1):
        _, body = title_and_body(page)
        assert body, f"{sheet.title}: page {number} is empty"
        queue = expected[done:]
        data = _below_header(body, header) if repeat else body
        found = bands(data, queue)
        assert found and found[0][0] == 0, (
            f"{sheet.title} p.{number}: row {done + 1} of data is not at the top"
        )
        # cells of one row start at its top, give or take the difference between the Latin and
        # the CJK font's ascent: half a line
        heights = sorted(w.y1 - w.y0 for w in body)
        slack = heights[len(heights) // 2] / 2
        if repeat:
            above = chars("".join(w.text for w in body if w.y0 < found[0][1] - slack))
            if header - above:
                problems.append(
                    f"{sheet.title} p.{number}, header: missing {''.join((header - above).elements())!r}"
                )
        for position, (index, top) in enumerate(found):
            bottom = found[position + 1][1] if position + 1 < len(found) else page.height
            inside = chars("".join(w.text for w in data if top - slack <= w.y0 < bottom - slack))
            missing = queue[index][1] - inside
            if missing:
                text = "".join(sorted(missing.elements()))[:40]
                problems.append(f"{sheet.title} p.{number}, row '{queue[index][0][:30]}': missing {text!r}")
        done += len(found)
    if done != len(expected):
        problems.append(f"{sheet.title}: {done} of {len(expected)} rows found on its pages")
    return problems


def _below_header(body: list[Word], header: Counter) -> list[Word]:
    """The words under the header rows: lines are taken from the top until the header's
    characters are all seen."""
    seen: Counter = Counter()
    for number, line in enumerate(lines(body)):
        if not header - seen:
            return [w for later in lines(body)[number:] for w in later]
        seen += chars("".join(w.text for w in line))
    return []


def overlaps(body: list[Word]) -> list[str]:
    """Words whose boxes intersect: text printed over other text."""
    found = []
    ordered = sorted(body, key=lambda w: w.y0)
    for i, a in enumerate(ordered):
        for b in ordered[i + 1 :]:
            if b.y0 >= a.y1:
                break
            dy = min(a.y1, b.y1) - max(a.y0, b.y0)
            dx = min(a.x1, b.x1) - max(a.x0, b.x0)
            if dx > 1 and dy > 0.3 * min(a.y1 - a.y0, b.y1 - b.y0):
                found.append(f"{a.text!r} over {b.text!r}")
    return found


def pages_by_sheet(book, pages: list[Page]) -> dict[str, list[Page]]:
    """Each sheet's pages, by the page header (its words joined: a title's spaces are not seen)."""
    sheets: dict[str, list[Page]] = {name: [] for name in book.sheetnames}
    by_title = {re.sub(r"\s", "", name): name for name in book.sheetnames}
    for page in pages:
        title, _ = title_and_body(page)
        assert title in by_title, f"a page headed {title!r} belongs to no sheet {book.sheetnames}"
        sheets[by_title[title]].append(page)
    return sheets


@pytest.mark.parametrize("name", list(REPORTS))
def test_every_cell_is_printed_in_its_row(printed, name) -> None:
    path, pages = printed[name]
    book = openpyxl.load_workbook(path)
    by_sheet = pages_by_sheet(book, pages)
    problems = []
    for sheet in book.worksheets:
        problems += check_sheet_pages(sheet, by_sheet[sheet.title])
    assert not problems, "\n".join(problems[:15])


@pytest.mark.parametrize("name", list(REPORTS))
def test_no_text_overlaps_and_nothing_leaves_the_page(printed, name) -> None:
    _, pages = printed[name]
    for number, page in enumerate(pages, start=1):
        _, body = title_and_body(page)
        found = overlaps(body)
        assert not found, f"page {number}: " + "; ".join(found[:10])
        assert all(0 <= w.x0 and w.x1 <= page.width for w in body), f"page {number}: text off the page"


@pytest.mark.parametrize("name", list(REPORTS))
def test_pages_are_a4_landscape_readable_and_as_many_as_expected(printed, name) -> None:
    path, pages = printed[name]
    book = openpyxl.load_workbook(path)
    by_sheet = pages_by_sheet(book, pages)
    counts = [len(by_sheet[sheet]) for sheet in book.sheetnames]
    assert counts == PAGES[name], (book.sheetnames, counts)
    for page in pages:
        assert (round(page.width), round(page.height)) == (842, 595)  # A4 landscape, in points
        title, body = title_and_body(page)
        latin = sorted(w.y1 - w.y0 for w in body if w.text.isascii() and any(c.isalnum() for c in w.text))
        # a page all in Chinese (a zh workbook's problems): its words' boxes are as tall
        latin = latin or sorted(w.y1 - w.y0 for w in body)
        scale = latin[len(latin) // 2] / (FONT_PT * CARLITO_LINE)
        assert scale >= MIN_SCALE, f"{title}: printed at {scale:.0%}"
