"""A fixed number of places, usually behind a population threshold (``applies_when``).

Example (Guizhou): an urban community of ≥ 20,000 residents has ≥ 90 nursery places;
below 20,000 residents the rule is ``not_applicable``.
"""

from __future__ import annotations

from laoxiao_check.model.phrasing import category_en, category_zh, plural_en
from laoxiao_check.model.profile import RuleSpec
from laoxiao_check.model.records import Finding, Project, Status
from laoxiao_check.rules.base import CheckContext, RuleKind, positive_whole_number
from laoxiao_check.rules.kinds.places import missing_places_message, provided_places


class PlacesMinimum(RuleKind):
    """At least ``min_places`` places, usually behind ``applies_when`` (a population threshold).

    Example (Guizhou): ≥ 90 places in a community of ≥ 20,000 residents.
    """

    kind = "places_minimum"
    reads = ("category", "places")
    metric = "places"
    unit = "places"
    params = {"min_places": positive_whole_number}

    def requirement(self, rule: RuleSpec) -> dict[str, str]:
        minimum = rule.params["min_places"]
        return {
            "en": f"≥ {minimum} {category_en(rule.category)} places",
            "zh": f"{category_zh(rule.category)}托位不少于{minimum}个",
        }

    def evaluate(self, rule: RuleSpec, project: Project, context: CheckContext) -> Finding:
        required = rule.params["min_places"]
        provided, unknown = provided_places(rule, project)
        if unknown:
            en, zh = missing_places_message(unknown)
            return self.finding(rule, "insufficient_data", required=required, message_en=en, message_zh=zh)
        status: Status = "pass" if provided >= required else "fail"
        return self.finding(
            rule,
            status,
            required=required,
            provided=provided,
            message_en=f"{provided} {plural_en(provided, 'place')} provided, {required} required",
            message_zh=f"已提供{provided}个托位，应不少于{required}个",
        )
