"""The words a review workbook shows where the other formats show an id or an English word.

A Chinese workbook is printed and filed with an approval opinion, so it reads in Chinese
throughout (issue 25): a rule by its title, a circle by its name (十五分钟生活圈), a row of an
input by 第41行, an option's value by its word. Only proper names, file names, codes (GB 50180,
GCJ-02, ``--coords``) and hashes stay as they are. The JSON, HTML and terminal keep the ids.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from laoxiao_check.model.glossary import (
    PROFILE_WORDS,
    word,
)
from laoxiao_check.report.views.inputs import place_word

Reword = Callable[[str], str]
"""Text of an input's problem or ledger line → the same in the workbook's language."""


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
