"""Single-site minimum: every site of the category has at least the minimum floor area.

Facilities sharing a ``site`` value form one site; a facility without one is a site of its
own, whatever its id (it never merges with a site of the same name). A room that is the
project's share of a pooled centre elsewhere (``off_site``) is judged by the centre: where the
profile allows pooling (``min_pooled_centre_m2``, Quanzhou 二(一)3: a township centre of
≥ 2,000 m²), the centre's whole floor area (``centre_area_m2``) must meet that minimum;
without it, the share is a site like any other.
Example (Yuxi, new estates): each eldercare site ≥ 300 m²; rooms of 180 m² and 150 m² in
site "A" make one 330 m² site, which passes.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from laoxiao_check.model.phrasing import category_en, category_zh, plural_en
from laoxiao_check.model.profile import RuleSpec
from laoxiao_check.model.records import Facility, Finding, Project
from laoxiao_check.rules.base import CheckContext, RuleKind, exact, fmt, positive_number


def _centre_name(facility: Facility) -> str:
    return facility.site or facility.id


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
    reads = ("category", "area_m2", "site", "off_site", "centre_area_m2")
    metric = "site_area"
    unit = "m2"
    params = {"min_site_area_m2": positive_number}
    optional_params = {"min_pooled_centre_m2": positive_number}

    def requirement(self, rule: RuleSpec) -> dict[str, str]:
        minimum = fmt(rule.params["min_site_area_m2"])
        return {
            "en": f"each {category_en(rule.category)} site ≥ {minimum} m² floor area",
            "zh": f"{category_zh(rule.category)}服务用房单处建筑面积不少于{minimum}平方米",
        }

    def evaluate(self, rule: RuleSpec, project: Project, context: CheckContext) -> Finding:
        minimum = exact(rule.params["min_site_area_m2"])
        pooled_minimum = rule.params.get("min_pooled_centre_m2")
        facilities = project.facilities_of(rule.category)
        centres = [f for f in facilities if f.off_site] if pooled_minimum is not None else []
        unknown = [f.id for f in facilities if f.area_m2 is None and f not in centres]
        if unknown:  # a room of its own without area: its site cannot be judged, pooled or not
            return self.finding(
                rule,
                "insufficient_data",
                required=minimum,
                message_en=f"floor area missing for facility {', '.join(unknown)}",
                message_zh=f"设施 {', '.join(unknown)} 未填写建筑面积",
                details={"missing_area": unknown},
            )
        if centres and pooled_minimum is not None:
            return self._with_centres(rule, minimum, exact(pooled_minimum), facilities, centres)
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
                message_en=f"{plural_en(len(undersized), 'site')} below {fmt(minimum)} m²: {listed_en}",
                message_zh=f"单处面积不足{fmt(minimum)}平方米：{listed_zh}",
                details={"sites": site_table, "undersized": sorted(undersized)},
            )
        return self.finding(
            rule,
            "pass",
            required=minimum,
            provided=smallest,
            message_en=f"{len(sites)} {plural_en(len(sites), 'site')}, the smallest {fmt(smallest)} m²",
            message_zh=f"共{len(sites)}处，最小一处{fmt(smallest)}平方米",
            details={"sites": site_table},
        )

    def _with_centres(
        self,
        rule: RuleSpec,
        minimum: Decimal,
        pooled_minimum: Decimal,
        facilities: tuple[Facility, ...],
        centres: list[Facility],
    ) -> Finding:
        """On-site rooms against the site minimum; pooled centres against the pooled minimum."""
        unknown = [f.id for f in centres if f.centre_area_m2 is None]
        if unknown:
            return self.finding(
                rule,
                "insufficient_data",
                required=pooled_minimum,
                message_en="the pooled centre's floor area (centre_area_m2) is missing for "
                + ", ".join(unknown),
                message_zh=f"设施 {', '.join(unknown)} 为异地集中配建，未填写中心建筑面积",
                details={"missing_centre_area": unknown},
            )
        own = [f for f in facilities if not f.off_site]
        own_sites: dict[str, Decimal] = defaultdict(Decimal)
        names = {f.site for f in own if f.site}
        for facility in own:
            own_sites[site_label(facility, names)] += exact(facility.area_m2 or 0)
        pooled = {_centre_name(f): exact(f.centre_area_m2 or 0) for f in centres}
        small_own = {s: a for s, a in own_sites.items() if a < minimum}
        small_centres = {s: a for s, a in pooled.items() if a < pooled_minimum}
        table = {
            **{s: float(a) for s, a in sorted(own_sites.items())},
            **{f"{s} (pooled centre)": float(a) for s, a in sorted(pooled.items())},
        }
        details = {"sites": table, "pooled_centres": {s: float(a) for s, a in sorted(pooled.items())}}
        if small_own or small_centres:
            en = "; ".join(
                [f"site below {fmt(minimum)} m²: {s} ({fmt(a)} m²)" for s, a in sorted(small_own.items())]
                + [
                    f"pooled centre below {fmt(pooled_minimum)} m²: {s} ({fmt(a)} m²)"
                    for s, a in sorted(small_centres.items())
                ]
            )
            zh = "；".join(
                [
                    f"单处面积不足{fmt(minimum)}平方米：{s}（{fmt(a)}平方米）"
                    for s, a in sorted(small_own.items())
                ]
                + [
                    f"集中设置的照料中心不足{fmt(pooled_minimum)}平方米：{s}（{fmt(a)}平方米）"
                    for s, a in sorted(small_centres.items())
                ]
            )
            worst = min([*small_own.values(), *small_centres.values()])
            required = minimum if worst in small_own.values() else pooled_minimum
            return self.finding(
                rule, "fail", required=required, provided=worst, message_en=en, message_zh=zh, details=details
            )
        smallest, count, least = min(pooled.values()), len(pooled), fmt(pooled_minimum)
        centres_en = f"{count} {plural_en(count, 'centre')}"
        en = f"pooled into {centres_en} of ≥ {least} m², the smallest {fmt(smallest)} m²"
        zh = f"集中设置于{count}处照料中心（不少于{least}平方米），最小一处{fmt(smallest)}平方米"
        if own_sites:
            sites_en = f"{len(own_sites)} {plural_en(len(own_sites), 'site')}"
            en += f"; {sites_en} on the estate, the smallest {fmt(min(own_sites.values()))} m²"
            zh += f"；小区内{len(own_sites)}处，最小一处{fmt(min(own_sites.values()))}平方米"
        return self.finding(
            rule,
            "pass",
            required=pooled_minimum,
            provided=smallest,
            message_en=en,
            message_zh=zh,
            details=details,
        )
