"""At least a number of facilities of the category.

Example (Wanzhou, existing estates under renovation): a community childcare facility is a
required item (改造必备项目): at least 1 childcare facility.
"""

from __future__ import annotations

from laoxiao_check.model.phrasing import category_en, category_zh
from laoxiao_check.model.profile import RuleSpec
from laoxiao_check.model.records import Finding, Project, Status
from laoxiao_check.rules.base import CheckContext, RuleKind, positive_whole_number


class FacilityCount(RuleKind):
    """At least ``min_count`` facilities of the category.

    Example (Wanzhou renovation): at least 1 childcare facility.
    """

    kind = "facility_count"
    reads = ("category",)
    metric = "facility_count"
    unit = "facilities"
    params = {"min_count": positive_whole_number}

    def requirement(self, rule: RuleSpec) -> dict[str, str]:
        minimum = rule.params["min_count"]
        return {
            "en": f"≥ {minimum} {category_en(rule.category)} facility(ies)",
            "zh": f"至少{minimum}处{category_zh(rule.category)}服务设施",
        }

    def evaluate(self, rule: RuleSpec, project: Project, context: CheckContext) -> Finding:
        required = rule.params["min_count"]
        provided = len(project.facilities_of(rule.category))
        status: Status = "pass" if provided >= required else "fail"
        return self.finding(
            rule,
            status,
            required=required,
            provided=provided,
            message_en=f"{provided} {category_en(rule.category)} facility(ies), {required} required",
            message_zh=f"现有{category_zh(rule.category)}设施{provided}处，应不少于{required}处",
        )
