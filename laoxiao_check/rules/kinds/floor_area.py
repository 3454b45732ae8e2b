"""Floor area per households: required = rate × households / 100, no rounding.

Example (Quanzhou, new estates): 30 m² per 100 households; 1,234 households need
370.2 m² of eldercare rooms; the eldercare facilities' ``area_m2`` are summed.
"""

from __future__ import annotations

import numpy as np

from laoxiao_check.model.phrasing import category_en, category_zh
from laoxiao_check.model.profile import RuleSpec
from laoxiao_check.model.records import Finding, Project
from laoxiao_check.rules.base import (
    CheckContext,
    RuleKind,
    boolean,
    exact,
    fmt,
    positive_number,
    total,
)
from laoxiao_check.rules.columns import FAIL, PASS, STATUS_OF, ProjectTable, RuleColumns
from laoxiao_check.rules.decimals import as_plain, at_least, shortfall
from laoxiao_check.rules.delivery import behind_housing, delivery_said
from laoxiao_check.rules.rates import Rate, area_per_households, required_of


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
        if unknown:
            return self.finding(
                rule,
                "insufficient_data",
                required=as_plain(required_of(rate, np.array([project.households]))[0]),
                message_en=f"floor area missing for facility {', '.join(unknown)}",
                message_zh=f"设施 {', '.join(unknown)} 未填写建筑面积",
                details={"missing_area": unknown},
            )
        behind, housing = behind_housing(project, rule.category)
        provided = float(total(exact(f.area_m2 or 0) for f in facilities if f not in behind))
        status, required, short = self.judge_area(rule, np.array([project.households]), np.array([provided]))
        basis_en = f"{project.households} households × {fmt(rate.value)} m² / {rate.per}"
        basis_zh = f"{project.households}户 × {fmt(rate.value)}平方米 / {rate.per}"
        if status[0] == PASS:
            en = f"{fmt(provided)} m² provided, {fmt(required[0])} m² required ({basis_en})"
            zh = f"已配建{fmt(provided)}平方米，应配建{fmt(required[0])}平方米（{basis_zh}）"
        else:
            gap = fmt(short[0])
            en = f"{gap} m² short: {fmt(provided)} of {fmt(required[0])} m² ({basis_en})"
            zh = f"缺{gap}平方米：已配建{fmt(provided)}平方米，应配建{fmt(required[0])}平方米（{basis_zh}）"
        said = STATUS_OF[status[0]]
        en, zh, details = delivery_said(rule, said, behind, housing, en, zh)
        return self.finding(
            rule,
            said,
            required=as_plain(required[0]),
            provided=as_plain(provided),
            message_en=en,
            message_zh=zh,
            details=details,
        )

    def over_table(self, rule: RuleSpec, table: ProjectTable, judged: np.ndarray) -> RuleColumns:
        provided = table.area[rule.category]
        judged = judged & ~np.isnan(table.households) & ~np.isnan(provided)
        status, required, short = self.judge_area(rule, table.households, provided)
        return RuleColumns(judged, status, required, provided, short, np.zeros_like(judged))

    def judge_area(
        self, rule: RuleSpec, households: np.ndarray, provided: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The arithmetic over columns (an estate per row, or one project): status codes
        (:data:`PASS`, :data:`FAIL`), required and shortfall in m² from households (known) and the
        floor area provided."""
        required = required_of(self.rate(rule), households)
        meets = at_least(provided, required)
        return np.where(meets, PASS, FAIL), required, shortfall(required, provided)
