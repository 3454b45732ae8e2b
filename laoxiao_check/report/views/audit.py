"""The words an audit report shows in every format: statuses, labels, the rules that judged, where
a population comes from."""

from __future__ import annotations

from typing import Any

from laoxiao_check.model.audit import NO_DISTRICT
from laoxiao_check.model.glossary import (
    AUDIT,
    STATUS,
    word,
)


def audit_word(key: str, lang: str) -> str:
    """An audit's label, or a status (pass, fail, incomplete …) in the words of every report."""
    return word(STATUS if key in STATUS else AUDIT, key, lang)


def judged_rules(summary: dict[str, Any]) -> list[dict[str, Any]]:
    """The rules that judged at least one estate: a rule that applied to none (phasing or
    placement, which an estate list cannot show) only lengthens a printed summary (JSON keeps it)."""
    return [r for r in summary["rules"] if r["pass"] + r["fail"] + r["insufficient_data"] > 0]


def population_source_word(source: str, lang: str) -> str:
    key = {"official": "official", "estates": "from_estates"}.get(source, "estimated_sum")
    return audit_word(key, lang)


def district_name(name: str, lang: str) -> str:
    """A district as reports show it: the estates without one are "(no district)"."""
    return audit_word("no_district", lang) if name == NO_DISTRICT else name
