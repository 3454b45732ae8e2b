"""The first tier of every run: are the inputs complete and plausible, before any verdict?

Plan-checking systems check in tiers — the file, then the data's quality, then the rules —
so that a reviewer reads "the population is an estimate" before "the places rule passes".
A :class:`DataQuality` is that middle tier: one :class:`QualityCheck` per question (households
given? residents given or estimated? residents per household plausible? rooms with area and
category? buildings located?), each ``ok``, ``doubt`` (the verdicts stand, on figures to
verify) or ``missing`` (a rule that needs it cannot be judged). Every report shows it at its
top; ``services/quality.py`` makes it from the inputs as read.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from laoxiao_check.model.plausibility import USUAL_PERSONS_PER_HOUSEHOLD

QualityStatus = Literal["ok", "doubt", "missing"]

PLAUSIBLE_PERSONS_PER_HOUSEHOLD = USUAL_PERSONS_PER_HOUSEHOLD
"""Residents per household outside this band are named for checking (model/plausibility.py)."""

QUALITY_WORDS: dict[str, dict[str, str]] = {
    "complete": {"en": "inputs complete and plausible", "zh": "数据完整、合理"},
    "doubtful": {"en": "inputs complete, some figures to verify", "zh": "数据完整，部分数值需核实"},
    "incomplete": {
        "en": "inputs incomplete: some rules cannot be judged",
        "zh": "数据不完整：部分规则无法判定",
    },
    "complete_short": {"en": "complete", "zh": "完整"},
    "doubtful_short": {"en": "to verify", "zh": "需核实"},
    "incomplete_short": {"en": "incomplete", "zh": "不完整"},
    "ok": {"en": "ok", "zh": "合格"},
    "doubt": {"en": "verify", "zh": "需核实"},
    "missing": {"en": "missing", "zh": "缺失"},
}


@dataclass(frozen=True)
class QualityCheck:
    key: str
    """``households``, ``population``, ``persons_per_household``, ``rooms``, ``coordinates`` …"""
    status: QualityStatus
    en: str
    zh: str
    rows: tuple[str, ...] = ()
    """Up to ten places concerned (``row 12 样例小区``, ``B3``)."""

    def as_dict(self) -> dict[str, Any]:
        return {"key": self.key, "status": self.status, "en": self.en, "zh": self.zh, "rows": list(self.rows)}


@dataclass(frozen=True)
class DataQuality:
    checks: tuple[QualityCheck, ...] = ()

    @property
    def status(self) -> str:
        """``incomplete`` if a check is missing, else ``doubtful`` if one is a doubt, else ``complete``."""
        found = {c.status for c in self.checks}
        return "incomplete" if "missing" in found else "doubtful" if "doubt" in found else "complete"

    def as_dict(self) -> dict[str, Any]:
        return {"status": self.status, "checks": [c.as_dict() for c in self.checks]}


def quality_word(key: str, lang: str) -> str:
    return QUALITY_WORDS.get(key, {}).get(lang, key)
