"""What was dropped or doubted on the way in: the input ledger every report shows at its top.

A report is only as good as what it read. Every input the tool left out (rows it could not read,
estates outside the boundary), could not place (no coordinates) or doubts (a district no estate
has, a possible double count) is one entry: its kind, how many, why, and up to five examples.
Adding one is one line where the fact is known::

    ledger = ledger.add("unknown_category", 12, "category words not understood", examples=words)

The kinds' words, in both languages, are ``LEDGER_KINDS``; an unknown kind is shown as it is.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

MAX_EXAMPLES = 5

LEDGER_KINDS: dict[str, dict[str, str]] = {
    "rows_skipped": {"en": "rows left out", "zh": "未读入的行"},
    "not_judged": {"en": "estates not judged", "zh": "未判定的小区"},
    "outside_boundary": {"en": "outside the boundary (not judged)", "zh": "边界外（未判定）"},
    "no_coordinates": {"en": "without usable coordinates", "zh": "无可用坐标"},
    "far_from_rest": {"en": "far from all the others", "zh": "远离其他小区"},
    "unmatched_district": {"en": "district matching no estate's", "zh": "区县名与小区不符"},
    "possible_duplicates": {"en": "possible duplicates (kept)", "zh": "疑似重复（保留）"},
    "duplicates_merged": {"en": "duplicates merged", "zh": "重复已合并"},
    "unknown_category": {"en": "unknown category words", "zh": "无法识别的类别"},
    "location_mismatch": {"en": "location mismatch", "zh": "位置不符"},
}
"""Each kind of entry, as reports name it."""


@dataclass(frozen=True)
class LedgerEntry:
    kind: str
    """A key of ``LEDGER_KINDS`` (``rows_skipped``, ``outside_boundary`` …)."""
    count: int
    reason: str
    """Why, in English (``reason_zh`` in Chinese, where given)."""
    reason_zh: str = ""
    examples: tuple[str, ...] = ()
    """Up to ``MAX_EXAMPLES`` of the rows or names concerned (``row 41 资料缺失小区``)."""
    source: str = ""
    """The file concerned, as given (its name is shown)."""

    def reason_in(self, lang: str) -> str:
        return self.reason_zh if lang == "zh" and self.reason_zh else self.reason

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "count": self.count,
            "reason": self.reason,
            "reason_zh": self.reason_zh or None,
            "examples": list(self.examples),
            "source": self.source.rsplit("/", 1)[-1] or None,
        }


@dataclass(frozen=True)
class InputLedger:
    """The entries, in the order they were added (no entry: nothing dropped or doubted)."""

    entries: tuple[LedgerEntry, ...] = ()

    def add(
        self,
        kind: str,
        count: int,
        reason: str,
        reason_zh: str = "",
        examples: Iterable[str] = (),
        source: str = "",
    ) -> InputLedger:
        """This ledger with one more entry (the same ledger when ``count`` is 0)."""
        if count <= 0:
            return self
        kept = tuple(examples)[:MAX_EXAMPLES]
        return InputLedger((*self.entries, LedgerEntry(kind, count, reason, reason_zh, kept, source)))

    def __len__(self) -> int:
        return len(self.entries)

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self.entries)

    def as_list(self) -> list[dict[str, Any]]:
        return [entry.as_dict() for entry in self.entries]


def kind_word(kind: str, lang: str) -> str:
    return LEDGER_KINDS.get(kind, {}).get(lang, kind)
