"""A total of eldercare beds: a city (or district) target.

Example (Quanzhou 主要指标 1): 全市养老服务床位总量达到5.6万张 by 2025 — the beds (``beds``, 床位数)
of the city's eldercare facilities add up to at least 56,000. A facility that does not give its
beds may hold any number: short of the figure with such facilities, the result is
``insufficient_data``, not a fail.
"""

from __future__ import annotations

from laoxiao_check.model.phrasing import plural_en
from laoxiao_check.model.profile import RuleSpec
from laoxiao_check.model.records import Finding, Project, Status
from laoxiao_check.rules.base import CheckContext, RuleKind, positive_whole_number
from laoxiao_check.rules.kinds.beds_per_elderly import _apart


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
        required = rule.params["min_beds"]
        facilities, rooms = _apart(project.facilities_of(rule.category))
        provided = sum(f.beds or 0 for f in facilities)
        silent = sorted(f.id for f in facilities if f.beds is None)
        status: Status = "pass" if provided >= required else "insufficient_data" if silent else "fail"
        en = f"{provided:,} {plural_en(provided, 'bed')}, {required:,} required"
        zh = f"养老床位{provided}张，应不少于{required}张"
        if silent:
            en += f"; {len(silent)} {plural_en(len(silent), 'facility', 'facilities')} give no beds"
            zh += f"；{len(silent)}处设施未填写床位数"
        if rooms:
            en += f"; {len(rooms)} {plural_en(len(rooms), 'room')} in housing (the estate list's) not counted"
            zh += f"；住宅内配套用房（小区清单）{len(rooms)}处不计入"
        return self.finding(
            rule,
            status,
            required=required,
            provided=provided if status != "insufficient_data" else None,
            message_en=en,
            message_zh=zh,
            details={
                **({"beds_unknown": silent[:50]} if silent else {}),
                **({"rooms_in_housing": len(rooms)} if rooms else {}),
            },
        )
