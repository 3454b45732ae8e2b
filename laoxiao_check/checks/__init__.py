"""Rule kinds, one module each, registered by name.

Adding a kind: write a module with a :class:`RuleKind` subclass and list it here.
"""

from __future__ import annotations

from ..models import Finding, Project
from .base import CheckContext, RuleKind, RuleSpec
from .coverage import Coverage
from .facility_count import FacilityCount
from .floor_area import FloorAreaPerHouseholds
from .places import PlacesPerPopulation
from .places_minimum import PlacesMinimum
from .site_area import SiteAreaMinimum

RULE_KINDS: dict[str, RuleKind] = {
    kind.kind: kind
    for kind in (
        FloorAreaPerHouseholds(),
        SiteAreaMinimum(),
        PlacesPerPopulation(),
        PlacesMinimum(),
        FacilityCount(),
        Coverage(),
    )
}

APPLIES_WHEN_KEYS = {
    "population_at_least": ("population", "residents", "人", "人口"),
    "households_at_least": ("households", "households", "户", "户数"),
}


def evaluate(rule: RuleSpec, project: Project, context: CheckContext) -> Finding:
    """Evaluate one rule, after its threshold (``applies_when``), if any."""
    kind = RULE_KINDS[rule.kind]
    for key, threshold in rule.applies_when.items():
        attribute, word_en, word_zh, name_zh = APPLIES_WHEN_KEYS[key]
        value = getattr(project, attribute)
        if value is None:
            return kind.finding(
                rule,
                "insufficient_data",
                message_en=f"{attribute} unknown: the rule applies from {threshold:g} {word_en}",
                message_zh=f"{name_zh}未知：本条适用于{threshold:g}{word_zh}以上",
            )
        if value < threshold:
            return kind.finding(
                rule,
                "not_applicable",
                message_en=f"applies from {threshold:g} {word_en}; the project has {value:g}",
                message_zh=f"本条适用于{threshold:g}{word_zh}以上，本项目为{value:g}{word_zh}",
            )
    return kind.evaluate(rule, project, context)


__all__ = ["APPLIES_WHEN_KEYS", "RULE_KINDS", "CheckContext", "RuleKind", "RuleSpec", "evaluate"]
