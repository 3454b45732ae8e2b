"""A total of eldercare beds: a city (or district) target.

Example (Quanzhou 主要指标 1): 全市养老服务床位总量达到5.6万张 by 2025 — the beds (``beds``, 床位数)
of the city's eldercare facilities add up to at least 56,000. A facility that does not give its
beds may hold any number: short of the figure with such facilities, the result is
``insufficient_data``, not a fail.
"""

from __future__ import annotations

from laoxiao_check.model.profile import RuleSpec
from laoxiao_check.model.records import Finding, Project
from laoxiao_check.rules.base import CheckContext, RuleKind, positive_whole_number
from laoxiao_check.rules.kinds.beds_per_elderly import _apart, beds_finding


class TotalBeds(RuleKind):
    """At least ``min_beds`` eldercare beds in the area.

    provided = the ``beds`` of the category's facilities; pass iff provided ≥ min_beds; short of
    it while a facility gives no beds: ``insufficient_data`` (naming them). Example: 56,000 beds.
    """

    kind = "total_beds"
    reads = ("category", "beds")
    metric = "beds"
    unit = "beds"
    params = {"min_beds": positive_whole_number}
    needs_own_rooms = False

    def requirement(self, rule: RuleSpec) -> dict[str, str]:
        minimum = rule.params["min_beds"]
        return {"en": f"≥ {minimum:,} eldercare beds in all", "zh": f"养老床位总量不少于{minimum}张"}

    def evaluate(self, rule: RuleSpec, project: Project, context: CheckContext) -> Finding:
        facilities, rooms = _apart(project.facilities_of(rule.category))
        return beds_finding(self, rule, rule.params["min_beds"], facilities, rooms)
