"""Floor area per households: required = rate × households / 100, no rounding.

Example (Quanzhou, new estates): 30 m² per 100 households; 1,234 households need
370.2 m² of eldercare rooms; the eldercare facilities' ``area_m2`` are summed.
"""

from __future__ import annotations

from laoxiao_check.model.glossary import category_en, category_zh
from laoxiao_check.model.profile import RuleSpec
from laoxiao_check.model.records import Finding, Project, Status
from laoxiao_check.rules.base import CheckContext, RuleKind, boolean, exact, fmt, positive_number, total
from laoxiao_check.rules.delivery import behind_housing, delivery_said
from laoxiao_check.rules.rates import Rate, area_per_households, required_amount


class FloorAreaPerHouseholds(RuleKind):
    """Rooms of the category have at least ``rate`` m² of floor area per 100 households.

    required = rate × households / 100 (no rounding); provided = the sum of ``area_m2``.
    Example: 30 m² per 100 households, 1,234 households → 370.2 m² required.
    """

    kind = "floor_area_per_households"
    reads = ("households", "category", "area_m2", "phase", "status")
    metric = "floor_area"
    unit = "m2"
    params = {"rate_m2_per_100_households": positive_number}
    optional_params = {"acceptance_blocked": boolean}

    def rate(self, rule: RuleSpec) -> Rate:
        return area_per_households(rule.params["rate_m2_per_100_households"])

    def requirement(self, rule: RuleSpec) -> dict[str, str]:
        rate = fmt(rule.params["rate_m2_per_100_households"])
        return {
            "en": f"{category_en(rule.category)} rooms ≥ {rate} m² floor area per 100 households",
            "zh": f"{category_zh(rule.category)}服务用房每百户建筑面积不少于{rate}平方米",
        }

    def evaluate(self, rule: RuleSpec, project: Project, context: CheckContext) -> Finding:
        if project.households is None:
            return self.finding(
                rule,
                "insufficient_data",
                message_en="households unknown: give the project's households or each building's",
                message_zh="总户数未知：请填写项目总户数或各楼栋户数",
            )
        facilities = project.facilities_of(rule.category)
        unknown = [f.id for f in facilities if f.area_m2 is None]
        rate = self.rate(rule)
        required = required_amount(exact(rate.value), project.households, rate.per)
        if unknown:
            return self.finding(
                rule,
                "insufficient_data",
                required=required,
                message_en=f"floor area missing for facility {', '.join(unknown)}",
                message_zh=f"设施 {', '.join(unknown)} 未填写建筑面积",
                details={"missing_area": unknown},
            )
        behind, housing = behind_housing(project, rule.category)
        provided = total(exact(f.area_m2 or 0) for f in facilities if f not in behind)
        status: Status = "pass" if provided >= required else "fail"
        basis_en = f"{project.households} households × {fmt(rate.value)} m² / {rate.per}"
        basis_zh = f"{project.households}户 × {fmt(rate.value)}平方米 / {rate.per}"
        if status == "pass":
            en = f"{fmt(provided)} m² provided, {fmt(required)} m² required ({basis_en})"
            zh = f"已配建{fmt(provided)}平方米，应配建{fmt(required)}平方米（{basis_zh}）"
        else:
            gap = fmt(required - provided)
            en = f"{gap} m² short: {fmt(provided)} of {fmt(required)} m² ({basis_en})"
            zh = f"缺{gap}平方米：已配建{fmt(provided)}平方米，应配建{fmt(required)}平方米（{basis_zh}）"
        en, zh, details = delivery_said(rule, status, behind, housing, en, zh)
        return self.finding(
            rule, status, required=required, provided=provided, message_en=en, message_zh=zh, details=details
        )
