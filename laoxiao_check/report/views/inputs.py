"""What every report shows of its inputs: the ledger of what was dropped or doubted (at its top)
and the record of the files, profile, options and version that produced it."""

from __future__ import annotations

import json
import re
from typing import Any

from laoxiao_check.model.glossary import CATCHMENT, CATEGORY, INPUT_ROLES, INPUTS, KIND, SCOPE, WORKBOOK, word
from laoxiao_check.model.ledger import InputLedger, LedgerEntry, kind_word
from laoxiao_check.model.messages import say
from laoxiao_check.model.provenance import Provenance
from laoxiao_check.model.quality import DataQuality, quality_word

_PLACE = re.compile(r"\b(row|feature) (\d+)\b")


def place_word(place: str, lang: str) -> str:
    """``row 41`` → ``第41行``, ``feature 3`` → ``第3个要素`` in Chinese (anywhere in the text)."""
    if lang != "zh" or not place:
        return say(place, lang) if place else place
    place = say(place, lang)  # a place said (``line 5, column 7``): in the catalogue's words
    return _PLACE.sub(lambda m: word(WORKBOOK, m.group(1), lang).format(n=m.group(2)), place)


def inputs_word(key: str, lang: str) -> str:
    return word(INPUTS, key, lang)


def entry_line(entry: LedgerEntry, lang: str, examples: bool = True) -> str:
    """``estates not judged: 2 — figures unreadable … (e.g. row 41 …; row 43 …)``"""
    where = f" [{entry.source.rsplit('/', 1)[-1]}]" if entry.source else ""
    line = f"{kind_word(entry.kind, lang)}: {entry.count:,}{where} — {entry.reason_in(lang)}"
    if examples and entry.examples:
        sep = "；" if lang == "zh" else "; "
        shown = (place_word(say(example, lang), lang) for example in entry.examples)
        line += f" ({inputs_word('examples', lang)} {sep.join(shown)})"
    return line


def ledger_lines(ledger: InputLedger, lang: str, examples: bool = True) -> list[str]:
    return [entry_line(entry, lang, examples) for entry in ledger]


def quality_headline(quality: DataQuality, lang: str) -> str:
    """``Data: inputs complete, some figures to verify`` — the first line of every report."""
    return f"{inputs_word('quality', lang)}: {quality_word(quality.status, lang)}"


def quality_lines(quality: DataQuality, lang: str) -> list[tuple[str, str]]:
    """(status word, line) of each check, with the first rows concerned."""
    lines = []
    for check in quality.checks:
        text = check.zh if lang == "zh" else check.en
        if check.rows:
            sep = "；" if lang == "zh" else "; "
            rows = (place_word(row, lang) for row in check.rows[:5])
            text += f" ({inputs_word('examples', lang)} {sep.join(rows)})"
        lines.append((quality_word(check.status, lang), text))
    return lines


def option_value(value: Any) -> str:
    """An option's value as a person reads it: ``wgs84``, ``300``, ``yes``/``no`` as JSON gives."""
    if isinstance(value, str):
        return value
    if isinstance(value, float) and value.is_integer():
        return f"{value:g}"
    return json.dumps(value, ensure_ascii=False)


DATUMS = {"wgs84": "WGS84", "gcj02": "GCJ-02", "bd09": "BD-09"}
"""Coordinate systems by their codes."""


def option_word(name: str, value: Any, lang: str) -> str:
    """An option's value in the report's language (``existing`` → 已建成, ``true`` → 是, none → —;
    a figure or a path as it is)."""
    if lang != "zh":
        return option_value(value)
    if value is None:
        return "—"
    if isinstance(value, bool):
        return word(WORKBOOK, "yes" if value else "no", lang)
    if not isinstance(value, str):
        return option_value(value)
    for table in (KIND, CATEGORY, CATCHMENT, SCOPE):
        if value in table:
            return table[value][lang]
    return DATUMS.get(value.lower(), value)


def provenance_rows(record: Provenance, lang: str) -> list[tuple[str, str, str, str]]:
    """(what, value, bytes, SHA-256) rows: the tool, the command, each input file (by its role),
    the profile and its files, then each option (its value in words)."""

    def w(key: str) -> str:
        return inputs_word(key, lang)

    colon = "：" if lang == "zh" else ": "
    rows: list[tuple[str, str, str, str]] = [
        (w("tool"), f"laoxiao-check {record.version}", "", ""),
        (w("command"), f"laoxiao-check {record.command}" if lang == "zh" else record.command, "", ""),
    ]
    for item in record.inputs:
        size = "" if item.size is None else f"{item.size:,}"
        rows.append(
            (f"{w('input')}{colon}{word(INPUT_ROLES, item.role, lang)}", item.path, size, item.sha256 or "")
        )
    source = w("bundled") if record.profile_source == "bundled" else record.profile_source
    rows.append((w("profile"), f"{record.profile_id} ({source})", "", ""))
    for item in record.profile_files:
        size = "" if item.size is None else f"{item.size:,}"
        path = item.path
        if path.startswith("bundled:") and lang == "zh":
            path = f"{w('bundled')}{colon}{path.removeprefix('bundled:')}"
        rows.append((f"{w('profile')}{colon}{w('path')}", path, size, item.sha256 or ""))
    for name, value in record.options:
        rows.append((f"{w('option')} {name}", option_word(name, value, lang), "", ""))
    return rows
