"""Single-site minimum: every site of the category has at least the minimum floor area.

Facilities sharing a ``site`` value form one site; a facility without one is a site of its
own, whatever its id (it never merges with a site of the same name).
Example (Yuxi, new estates): each eldercare site ≥ 300 m²; rooms of 180 m² and 150 m² in
site "A" make one 330 m² site, which passes.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from ..models import Facility, Finding, Project
from .base import (
    CheckContext,
    RuleKind,
    RuleSpec,
    category_en,
    category_zh,
    exact,
    fmt,
    positive_number,
)


def site_label(facility: Facility, site_names: set[str]) -> str:
    """The site's name; a room without a site is its own, named by its id."""
    if facility.site:
        return facility.site
    return facility.id if facility.id not in site_names else f"{facility.id} (room {facility.place})"


class SiteAreaMinimum(RuleKind):
    """Every site of the category has at least ``min_site_area_m2`` m² of floor area.

    Rooms sharing ``site`` form one site; a room without one is its own site. Example:
    rooms of 180 and 150 m² in site A make one 330 m² site, which meets a 300 m² minimum.
    """

    kind = "site_area_minimum"
    metric = "site_area"
    unit = "m2"
    params = {"min_site_area_m2": positive_number}

    def requirement(self, rule: RuleSpec) -> dict[str, str]:
        minimum = fmt(rule.params["min_site_area_m2"])
        return {
            "en": f"each {category_en(rule.category)} site ≥ {minimum} m² floor area",
            "zh": f"{category_zh(rule.category)}服务用房单处建筑面积不少于{minimum}平方米",
        }

    def evaluate(self, rule: RuleSpec, project: Project, context: CheckContext) -> Finding:
        minimum = exact(rule.params["min_site_area_m2"])
        facilities = project.facilities_of(rule.category)
        if not facilities:
            return self.finding(
                rule,
                "fail",
                required=minimum,
                provided=0,
                message_en=f"no {category_en(rule.category)} site at all",
                message_zh=f"未配建任何{category_zh(rule.category)}服务用房",
                details={"sites": {}},
            )
        unknown = [f.id for f in facilities if f.area_m2 is None]
        if unknown:
            return self.finding(
                rule,
                "insufficient_data",
                required=minimum,
                message_en=f"floor area missing for facility {', '.join(unknown)}",
                message_zh=f"设施 {', '.join(unknown)} 未填写建筑面积",
                details={"missing_area": unknown},
            )
        sites: dict[str, Decimal] = defaultdict(Decimal)
        site_names = {f.site for f in facilities if f.site}
        for facility in facilities:
            sites[site_label(facility, site_names)] += exact(facility.area_m2 or 0)
        undersized = {site: area for site, area in sites.items() if area < minimum}
        smallest = min(sites.values())
        site_table = {site: float(area) for site, area in sorted(sites.items())}
        if undersized:
            listed_en = ", ".join(f"{s} ({fmt(a)} m²)" for s, a in sorted(undersized.items()))
            listed_zh = "、".join(f"{s}（{fmt(a)}平方米）" for s, a in sorted(undersized.items()))
            return self.finding(
                rule,
                "fail",
                required=minimum,
                provided=smallest,
                message_en=f"site below {fmt(minimum)} m²: {listed_en}",
                message_zh=f"单处面积不足{fmt(minimum)}平方米：{listed_zh}",
                details={"sites": site_table, "undersized": sorted(undersized)},
            )
        return self.finding(
            rule,
            "pass",
            required=minimum,
            provided=smallest,
            message_en=f"{len(sites)} site(s), the smallest {fmt(smallest)} m²",
            message_zh=f"共{len(sites)}处，最小一处{fmt(smallest)}平方米",
            details={"sites": site_table},
        )
