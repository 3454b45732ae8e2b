"""The share of places that are inclusive (普惠): a city (or district) target.

Example (Yuxi, Wanzhou): 普惠性托位占比 ≥ 60 % — of a city's 1,005 nursery places, at least
ceil(0.6 × 1,005) = 603 must be inclusive. A facility says so in its ``inclusive`` / 普惠
column (公益性 counts as inclusive); the places of a facility that does not say are counted
in the whole and are decided only where either answer gives the same verdict, else the result
is ``insufficient_data`` naming them.
"""

from __future__ import annotations

from laoxiao_check.model.phrasing import category_en, category_zh, plural_en
from laoxiao_check.model.profile import RuleSpec
from laoxiao_check.model.records import Finding, Project
from laoxiao_check.rules.base import CheckContext, RuleKind, as_status, exact, fmt, ratio
from laoxiao_check.rules.rates import share_bound, share_status


class InclusiveShare(RuleKind):
    """At least ``min_share`` of the category's places are inclusive (普惠).

    whole = the places of the category's facilities that give ``places`` (the facility list's: an
    estate list's rooms say nothing of 普惠, and are listed apart); required =
    ceil(min_share × whole); provided = the places of those marked ``inclusive: yes``. Places
    whose facility does not say are counted in the whole and decide nothing unless the verdict
    is the same either way (else ``insufficient_data``, naming them). Example: 60 % of 1,005
    places → 603 inclusive places.
    """

    kind = "inclusive_share"
    reads = ("category", "places", "inclusive")
    metric = "inclusive_share"
    unit = "places"
    params = {"min_share": ratio}
    needs_own_rooms = False  # a city's places are its facilities', whatever an estate list leaves unknown

    def requirement(self, rule: RuleSpec) -> dict[str, str]:
        share = fmt(exact(rule.params["min_share"]) * 100)
        return {
            "en": f"≥ {share}% of {category_en(rule.category)} places inclusive (普惠)",
            "zh": f"普惠性{category_zh(rule.category)}托位占比不低于{share}%",
        }

    def evaluate(self, rule: RuleSpec, project: Project, context: CheckContext) -> Finding:
        of_category = project.facilities_of(rule.category)
        # (facility, its places) of the facility list; an estate list's rooms apart
        counted = [(f, places) for f in of_category if (places := f.places) and not f.in_housing]
        rooms = [places for f in of_category if (places := f.places) and f.in_housing]
        whole = sum(places for _, places in counted)
        if not whole:
            return self.finding(
                rule,
                "insufficient_data",
                message_en=f"no {category_en(rule.category)} places given (places)",
                message_zh=f"无{category_zh(rule.category)}托位数据（托位数）",
            )
        inclusive = sum(places for f, places in counted if f.inclusive)
        silent = [(f, places) for f, places in counted if f.inclusive is None]
        unknown = sum(places for _, places in silent)
        required = share_bound(rule.params["min_share"], whole)
        status = as_status(share_status(inclusive, unknown, required))
        en = (
            f"{inclusive} of {whole} {plural_en(whole, 'place')} inclusive ({inclusive / whole:.1%}), "
            f"{required} required"
        )
        zh = f"{whole}个托位中普惠性{inclusive}个（{inclusive / whole:.1%}），应不少于{required}个"
        details: dict[str, object] = {"places": whole}
        if silent:
            names = [f.id for f, _ in silent]
            details["inclusive_unknown"] = names[:50]
            en += (
                f"; {unknown} {plural_en(unknown, 'place')} of {len(silent)} "
                f"{plural_en(len(silent), 'facility', 'facilities')} not marked inclusive or not (inclusive)"
            )
            zh += f"；{len(silent)}处设施的{unknown}个托位未注明是否普惠（请填写“普惠”列）"
        if rooms:  # an estate list's rooms: it says nothing of 普惠, and they may be its facilities' twice
            apart = sum(rooms)
            details["rooms_in_housing"] = {"rooms": len(rooms), "places": apart}
            en += f"; {apart} {plural_en(apart, 'place')} of the estate list's rooms not counted (no 普惠)"
            zh += f"；小区清单配套用房托位{apart}个不计入（未注明普惠）"
        provided = inclusive if status != "insufficient_data" else None
        return self.finding(
            rule, status, required=required, provided=provided, message_en=en, message_zh=zh, details=details
        )
