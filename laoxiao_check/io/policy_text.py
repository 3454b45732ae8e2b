"""A policy text's lines, read from the forms it is published in: plain text, a web page saved
from a government site, a Word .docx, a PDF with a text layer.

Each reader gives one paragraph a line and a table one row a line, its cells parted by tabs, so
that :mod:`laoxiao_check.rules.draft` reads every form alike. The readers are well-kept
libraries, installed with the ``draft`` extra (``pip install 'laoxiao-check[draft]'``):
BeautifulSoup with Python's own ``html.parser`` (tolerant of the broken markup government pages
carry, no compiled parser needed), python-docx (paragraphs and tables in document order) and
pypdf (pure Python, reads a PDF's text layer). Plain text is read as UTF-8, else GB18030 (what
Chinese Windows saves)."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from laoxiao_check.model.errors import InputError
from laoxiao_check.model.messages import Said

MAX_POLICY_BYTES = 50_000_000
"""A policy text is tens of kilobytes; a saved page with its images inlined a few megabytes."""
HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml", ".mht")
BLOCKS = (
    "p",
    "div",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "section",
    "article",
    "tr",
    "td",
    "th",
    "table",
)


def read_policy_lines(path: str | Path) -> list[str]:
    """The text's lines (paragraphs; table rows with tab-parted cells); InputError naming the file
    when it cannot be read or holds no text."""
    path = Path(path)
    source = str(path)
    if not path.is_file():
        raise InputError(Said("policy text not found: {path}", path=source))
    size = path.stat().st_size
    if size > MAX_POLICY_BYTES:
        raise InputError(
            Said("{count} bytes: a policy text is far smaller; is this the right file?", count=f"{size:,}"),
            source,
        )
    suffix = path.suffix.lower()
    if suffix == ".docx":
        lines = _docx_lines(path)
    elif suffix == ".pdf":
        lines = _pdf_lines(path)
    else:
        data = path.read_bytes()
        text = _decoded(data, source)
        if suffix in HTML_SUFFIXES or re.match(r"\s*(<!doctype html|<html)", text[:200], re.IGNORECASE):
            lines = _html_lines(text)
        else:
            lines = text.splitlines()
    lines = [line.replace("\u3000", " ").strip() for line in lines]
    if not any(lines):
        raise InputError(Said("the file holds no text to read (a scanned PDF needs OCR first)"), source)
    return lines


def _decoded(data: bytes, source: str) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InputError(Said("cannot read the text: neither UTF-8 nor GB18030"), source)


def _needs_extra(what: str) -> InputError:
    return InputError(
        Said(
            "reading {what} needs the optional readers: pip install 'laoxiao-check[draft]'",
            what=what,
        )
    )


def _html_lines(text: str) -> list[str]:
    try:
        from bs4 import BeautifulSoup
    except ImportError:
        raise _needs_extra("a web page") from None
    soup = BeautifulSoup(text, "html.parser")
    for tag in soup(["script", "style", "noscript", "template", "head"]):
        tag.decompose()
    for node in soup.find_all(string=True):  # a page's line breaks inside a paragraph are spaces
        node.replace_with(re.sub(r"\s+", " ", str(node)))
    for table in soup.find_all("table"):
        rows = []
        for row in table.find_all("tr"):
            cells = [" ".join(cell.get_text(" ").split()) for cell in row.find_all(["td", "th"])]
            if any(cells):
                rows.append("\t".join(cells))
        table.replace_with("\n" + "\n".join(rows) + "\n")
    for br in soup.find_all("br"):
        br.replace_with("\n")
    for tag in soup.find_all(BLOCKS):
        tag.insert_after("\n")
    return soup.get_text().splitlines()


def _docx_lines(path: Path) -> list[str]:
    try:
        import docx
        from docx.opc.exceptions import PackageNotFoundError
        from docx.table import Table
        from docx.text.paragraph import Paragraph
    except ImportError:
        raise _needs_extra("a .docx file") from None
    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, OSError, SyntaxError) as exc:
        # not a Word file, a zip without its parts, or broken XML (lxml's errors are SyntaxErrors)
        raise InputError(
            Said("cannot read the .docx file: {reason}", reason=str(exc)[:200]), str(path)
        ) from None
    lines: list[str] = []
    for element in document.element.body.iterchildren():
        tag = element.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append(Paragraph(element, document).text)
        elif tag == "tbl":
            for row in Table(element, document).rows:
                lines.append("\t".join(" ".join(cell.text.split()) for cell in row.cells))
    return lines


def _pdf_lines(path: Path) -> list[str]:
    try:
        from pypdf import PdfReader
        from pypdf.errors import PyPdfError
    except ImportError:
        raise _needs_extra("a PDF") from None
    try:
        reader = PdfReader(str(path))
        pages = [page.extract_text() or "" for page in reader.pages]
    except (PyPdfError, OSError, ValueError) as exc:
        raise InputError(Said("cannot read the PDF: {reason}", reason=str(exc)[:200]), str(path)) from None
    return _unwrapped("\n".join(pages).splitlines())


SENTENCE_END = ("。", "！", "？", "；", "：", ":", "!", "?")
HEADING_START = re.compile(
    r"^\s*(?:[一二三四五六七八九十]+、|0[1-9]、|[（(][一二三四五六七八九十\d]+[)）]|\d{1,2}\s*[.．、](?!\d))"
)


def _unwrapped(lines: list[str]) -> list[str]:
    """A PDF's lines as paragraphs: a line the page wrapped joined to the next (it ends without a
    sentence's mark and the next starts no heading); a table's rows (after a ``序号`` row, each
    starting with its item number) with tab-parted cells, as the other readers give them."""
    joined: list[str] = []
    in_table = False
    wrapped = False
    for raw in lines:
        line = raw.strip()
        cells = line.split()
        if cells and cells[0] == "序号" and len(cells) >= 3:
            in_table, wrapped = True, False
            joined.append("\t".join(cells))
            continue
        if in_table and len(cells) >= 2 and cells[0].isdigit():
            joined.append("\t".join(cells))
            continue
        in_table = False
        if wrapped and line and not HEADING_START.match(line):
            joined[-1] += line
        else:
            joined.append(line)
        wrapped = bool(line) and not line.endswith(SENTENCE_END) and len(line) > 20
    return joined
