"""The words a review workbook shows where the other formats show an id or an English word.

A Chinese workbook is printed and filed with an approval opinion, so it reads in Chinese
throughout (issue 25): a rule by its title, a circle by its name (十五分钟生活圈), a row of an
input by 第41行, an option's value by its word. Only proper names, file names, codes (GB 50180,
GCJ-02, ``--coords``) and hashes stay as they are. The JSON, HTML and terminal keep the ids.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from laoxiao_check.model.glossary import (
    CATCHMENT,
    CATEGORY,
    INPUT_ROLES,
    INPUTS,
    KIND,
    PROFILE_WORDS,
    SCOPE,
    WORKBOOK,
    word,
)
from laoxiao_check.model.provenance import Provenance

Reword = Callable[[str], str]
"""Text of an input's problem or ledger line → the same in the workbook's language."""

_PLACE = re.compile(r"\b(row|feature) (\d+)\b")


def place_word(place: str, lang: str) -> str:
    """``row 41`` → ``第41行``, ``feature 3`` → ``第3个要素`` in Chinese (anywhere in the text)."""
    if lang != "zh" or not place:
        return place
    return _PLACE.sub(lambda m: word(WORKBOOK, m.group(1), lang).format(n=m.group(2)), place)


def rule_title(rule_id: str, names: Mapping[str, str], lang: str) -> str:
    """A rule as a Chinese workbook heads its row: its title (the profile's ``name``); the id in
    English, where it is the key a reader finds in the JSON."""
    if lang == "zh":
        return names.get("zh") or rule_id
    return rule_id


def source_word(source: str, profile_id: str, profile_name: Mapping[str, str], lang: str) -> str:
    """The profile a rule's figure came from: the project's own by its name, one it extends by
    its word (``baseline`` → 通用基准) or id."""
    if lang != "zh":
        return source
    if source == profile_id:
        return profile_name.get("zh") or source
    return word(PROFILE_WORDS, source, lang)


DATUMS = {"wgs84": "WGS84", "gcj02": "GCJ-02", "bd09": "BD-09"}
"""Coordinate systems by their codes."""


def option_word(name: str, value: Any, lang: str) -> str | None:
    """An option's value in Chinese (``existing`` → 已建成, ``true`` → 是, none → —); None where
    the value is as the other formats show it (a figure, a path)."""
    if lang != "zh":
        return None
    if value is None:
        return "—"
    if isinstance(value, bool):
        return word(WORKBOOK, "yes" if value else "no", lang)
    if not isinstance(value, str):
        return None
    for table in (KIND, CATEGORY, CATCHMENT, SCOPE):
        if value in table:
            return table[value][lang]
    return DATUMS.get(value.lower())


def provenance_words(record: Provenance, rows: list[list[Any]], lang: str) -> list[list[Any]]:
    """The rows of ``views.inputs.provenance_rows`` with Chinese words for what the other formats
    give as keys: the command (``laoxiao-check audit``), each input's role, a bundled profile file,
    each option's value."""
    if lang != "zh":
        return rows
    out = [list(row) for row in rows]
    out[1][1] = f"laoxiao-check {record.command}"
    bundled = word(INPUTS, "bundled", lang)
    for row in out[2:]:
        what, value = str(row[0]), row[1]
        for item in record.inputs:
            if what == f"{word(INPUTS, 'input', lang)}: {item.role}":
                row[0] = f"{word(INPUTS, 'input', lang)}：{word(INPUT_ROLES, item.role, lang)}"
        if isinstance(value, str) and value.startswith("bundled:"):
            row[1] = f"{bundled}：{value.removeprefix('bundled:')}"
    options = {f"{word(INPUTS, 'option', lang)} {name}": (name, value) for name, value in record.options}
    for row in out:
        if row[0] in options:
            name, value = options[str(row[0])]
            shown = option_word(name, value, lang)
            if shown is not None:
                row[1] = shown
    return out


def no_reword(text: str) -> str:
    return text


def reasons_reworded(pairs: list[tuple[str, str]], lang: str) -> Reword:
    """Text whose English reasons (an estate's, as the reader worded it) read in Chinese, and its
    rows and features by number (:func:`place_word`)."""
    if lang != "zh":
        return no_reword
    known = sorted({en: zh for en, zh in pairs if en and zh}.items(), key=lambda p: -len(p[0]))

    def reword(text: str) -> str:
        for en, zh in known:
            text = text.replace(en, zh)
        return place_word(text, lang)

    return reword
