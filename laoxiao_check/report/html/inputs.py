"""The HTML report's sections of its inputs: what was dropped or doubted (at the top), the
record of the files, profile, options and version that produced it (a small table at the end),
and the tables of what was checked (rooms, buildings)."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from laoxiao_check.model.ledger import InputLedger
from laoxiao_check.model.provenance import Provenance
from laoxiao_check.model.quality import DataQuality
from laoxiao_check.model.records import Project
from laoxiao_check.report.views.inputs import (
    inputs_word,
    ledger_lines,
    provenance_rows,
    quality_headline,
    quality_lines,
)
from laoxiao_check.report.views.rooms import (
    BUILDING_FIGURES,
    ROOM_FIGURES,
    building_headers,
    building_rows,
    list_word,
    room_headers,
    room_rows,
)


def quality_section(quality: DataQuality | None, lang: str) -> str:
    """The data tier, before the verdicts: its status and each check, marked ok / verify / missing."""
    if quality is None:
        return ""
    items = "".join(
        f'<li class="q-{check.status}"><b>{escape(status)}</b> {escape(line)}</li>'
        for (status, line), check in zip(quality_lines(quality, lang), quality.checks, strict=True)
    )
    return (
        f'<section class="quality q-{quality.status}"><h2>{escape(quality_headline(quality, lang))}</h2>'
        f"<ul>{items}</ul></section>"
    )


def ledger_section(ledger: InputLedger, lang: str) -> str:
    if not len(ledger):
        return ""
    items = "".join(f"<li>{escape(line)}</li>" for line in ledger_lines(ledger, lang))
    return f'<section class="ledger"><h2>{escape(inputs_word("ledger", lang))}</h2><ul>{items}</ul></section>'


def provenance_section(record: Provenance | None, lang: str) -> str:
    if record is None:
        return ""
    head = "".join(f"<th>{escape(inputs_word(k, lang))}</th>" for k in ("what", "value", "size", "sha256"))
    body = "".join(
        f'<tr><td>{escape(what)}</td><td>{escape(value)}</td><td class="num">{escape(size)}</td>'
        f"<td><code>{escape(sha)}</code></td></tr>"
        for what, value, size, sha in provenance_rows(record, lang)
    )
    return (
        f'<section class="provenance"><h2>{escape(inputs_word("provenance", lang))}</h2>'
        f'<table class="provenance"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></section>'
    )


def data_table(
    headers: list[str], rows: Sequence[Sequence[str]], numeric: tuple[int, ...] = (), css: str = ""
) -> str:
    """A table of text cells, the columns at ``numeric`` right-aligned (the rooms, the buildings)."""
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    body = "".join(
        "<tr>"
        + "".join(
            f'<td class="num">{escape(cell)}</td>' if i in numeric else f"<td>{escape(cell)}</td>"
            for i, cell in enumerate(row)
        )
        + "</tr>"
        for row in rows
    )
    klass = f' class="{css}"' if css else ""
    return f"<table{klass}><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def rooms_section(project: Project, lang: str) -> str:
    """The rooms checked, headed (or a line saying none is planned)."""
    rows = room_rows(project, lang)
    title = f"<h2>{escape(list_word('rooms', lang))}</h2>"
    if not rows:
        return f'{title}<p class="note">{escape(list_word("none", lang))}</p>'
    return title + data_table(room_headers(lang), rows, numeric=ROOM_FIGURES, css="rooms")


def buildings_table(project: Project, lang: str) -> str:
    """The buildings with their households (and population, phase, delivery where given)."""
    rows = building_rows(project, lang)
    return data_table(building_headers(lang), rows, numeric=BUILDING_FIGURES, css="buildings")
