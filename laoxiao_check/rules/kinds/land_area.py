"""Land per resident: the land of stand-alone facilities, against rate × residents.

Example (Wanzhou (十五)): spatial plans give eldercare facilities ≥ 0.2 m² of land per urban
resident, by zone and level — a district's figure: 150,000 residents need 30,000 m² of land
under eldercare facilities. Only facilities that give ``land_area_m2`` (用地面积) have land;
rooms inside housing (an estate list's rooms) carry none and are listed apart, not counted;
a facility of the city's file without it has land not known: short of the figure, the
result is ``insufficient_data``, not a fail.
"""

from __future__ import annotations

from laoxiao_check.model.phrasing import category_en, category_zh, plural_en
from laoxiao_check.model.profile import RuleSpec
from laoxiao_check.model.records import Finding, Project, Status
from laoxiao_check.rules.base import CheckContext, RuleKind, as_number, exact, fmt, positive_number, total


class LandPerResident(RuleKind):
    """At least ``rate_m2_per_resident`` m² of facility land per resident.

    required = rate × population (m²); provided = the sum of ``land_area_m2`` over the
    category's facilities. Facilities without land (rooms in housing) are listed in
    ``details.without_land``; with none giving land at all, the result is
    ``insufficient_data`` (the land is not known, not zero). Example: 0.2 m² × 150,000
    residents = 30,000 m².
    """

    kind = "land_per_resident"
    reads = ("population", "category", "land_area_m2", "district")
    metric = "land_area"
    unit = "m2"
    params = {"rate_m2_per_resident": positive_number}

    def requirement(self, rule: RuleSpec) -> dict[str, str]:
        rate = fmt(rule.params["rate_m2_per_resident"])
        return {
            "en": f"≥ {rate} m² of {category_en(rule.category)} facility land per resident",
            "zh": f"{category_zh(rule.category)}服务设施用地人均不低于{rate}平方米",
        }

    def evaluate(self, rule: RuleSpec, project: Project, context: CheckContext) -> Finding:
        if project.population is None:
            return self.finding(
                rule,
                "insufficient_data",
                message_en="population unknown: give the residents (audit: --population)",
                message_zh="人口未知：请提供常住人口（audit：--population）",
            )
        rate = exact(rule.params["rate_m2_per_resident"])
        required = rate * exact(project.population)
        facilities = project.facilities_of(rule.category)
        with_land = [f for f in facilities if f.land_area_m2 is not None]
        rooms = sorted(f.place or f.id for f in facilities if f.land_area_m2 is None and f.in_housing)
        unknown = sorted(f.id for f in facilities if f.land_area_m2 is None and not f.in_housing)
        details: dict[str, list[str]] = {}
        if rooms:
            details["rooms_in_housing"] = rooms[:50]
        if unknown:
            details["land_unknown"] = unknown[:50]
        estimated = " (estimated)" if project.population_estimated else ""
        estimated_zh = "（估算）" if project.population_estimated else ""
        basis_en = f"{fmt(project.population)} residents{estimated} × {fmt(rate)} m²"
        basis_zh = f"{fmt(project.population)}人{estimated_zh} × {fmt(rate)}平方米"
        if not with_land:
            return self.finding(
                rule,
                "insufficient_data",
                required=required,
                message_en=f"no {category_en(rule.category)} facility gives its land (land_area_m2): "
                f"{fmt(required)} m² required ({basis_en})",
                message_zh=f"无{category_zh(rule.category)}设施填写用地面积（用地面积）：应有"
                f"{fmt(required)}平方米（{basis_zh}）",
                details=details,
            )
        provided = total(exact(f.land_area_m2) for f in with_land if f.land_area_m2 is not None)
        if provided < required and unknown:  # the facilities whose land is not given may hold it
            return self.finding(
                rule,
                "insufficient_data",
                required=required,
                message_en=f"{fmt(provided)} of {fmt(required)} m² of land given ({basis_en}); the land of "
                f"{', '.join(unknown[:5])}{' …' if len(unknown) > 5 else ''} is not given (land_area_m2)",
                message_zh=f"已知用地{fmt(provided)}平方米，应有{fmt(required)}平方米（{basis_zh}）；"
                f"{'、'.join(unknown[:5])}{'等' if len(unknown) > 5 else ''}未填写用地面积",
                details=details,
            )
        status: Status = "pass" if provided >= required else "fail"
        in_housing = f"{len(rooms)} {plural_en(len(rooms), 'room')} in housing"
        apart_en = f"; {in_housing} (no land of their own) not counted" if rooms else ""
        apart_zh = f"；{len(rooms)}处住宅内用房（无独立用地）未计入" if rooms else ""
        if unknown:
            apart_en += f"; land not given for {len(unknown)}, not needed to pass"
            apart_zh += f"；{len(unknown)}处未填写用地面积（不影响达标）"
        if status == "pass":
            en = f"{fmt(provided)} m² of land, {fmt(required)} m² required ({basis_en}){apart_en}"
            zh = f"用地{fmt(provided)}平方米，应有{fmt(required)}平方米（{basis_zh}）{apart_zh}"
        else:
            short = as_number(required - provided)
            en = (
                f"{fmt(short)} m² of land short: {fmt(provided)} of {fmt(required)} m² ({basis_en}){apart_en}"
            )
            zh = (
                f"用地缺{fmt(short)}平方米：现有{fmt(provided)}平方米，"
                f"应有{fmt(required)}平方米（{basis_zh}）{apart_zh}"
            )
        return self.finding(
            rule, status, required=required, provided=provided, message_en=en, message_zh=zh, details=details
        )
