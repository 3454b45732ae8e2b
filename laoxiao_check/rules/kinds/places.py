"""Places per population: required = ceil(rate × population / 1000).

Example (Quanzhou, new estates): 10 nursery places per 1,000 residents; 3,950 residents
need ceil(39.5) = 40 places. A childcare facility without ``places`` makes the result
``insufficient_data``.
"""

from __future__ import annotations

import numpy as np

from laoxiao_check.model.phrasing import category_en, category_zh, plural_en
from laoxiao_check.model.profile import Profile, RuleSpec
from laoxiao_check.model.records import Finding, Project
from laoxiao_check.rules.base import CheckContext, RuleKind, boolean, fmt, positive_number
from laoxiao_check.rules.columns import FAIL, PASS, STATUS_OF, ProjectTable, RuleColumns
from laoxiao_check.rules.decimals import at_least, shortfall
from laoxiao_check.rules.delivery import behind_housing, delivery_said
from laoxiao_check.rules.rates import Rate, places_per_residents, required_of


def provided_places(rule: RuleSpec, project: Project) -> tuple[int, list[str]]:
    """The places of the rule's category and the facilities that give none."""
    facilities = project.facilities_of(rule.category)
    unknown = [f.id for f in facilities if f.places is None]
    return sum(f.places or 0 for f in facilities), unknown


def missing_places_message(unknown: list[str]) -> tuple[str, str]:
    listed = ", ".join(unknown)
    return f"places missing for facility {listed}", f"设施 {listed} 未填写托位数"


class PlacesPerPopulation(RuleKind):
    """At least ``rate_places_per_1000`` places per 1,000 residents.

    required = ceil(rate × population / 1000). Example: 10 per 1,000 and 3,950 residents
    → 40 places.
    """

    kind = "places_per_population"
    reads = ("population", "households", "category", "places", "phase", "status")
    metric = "places"
    unit = "places"
    params = {"rate_places_per_1000": positive_number}
    optional_params = {"acceptance_blocked": boolean}

    def rate(self, rule: RuleSpec) -> Rate:
        return places_per_residents(rule.params["rate_places_per_1000"])

    def requirement(self, rule: RuleSpec) -> dict[str, str]:
        rate = fmt(rule.params["rate_places_per_1000"])
        return {
            "en": f"≥ {rate} {category_en(rule.category)} places per 1,000 residents",
            "zh": f"每千人口不少于{rate}个{category_zh(rule.category)}托位",
        }

    def evaluate(self, rule: RuleSpec, project: Project, context: CheckContext) -> Finding:
        if project.population is None:
            return self.finding(
                rule,
                "insufficient_data",
                message_en="population unknown: give population or households",
                message_zh="人口未知：请填写人口或户数",
            )
        rate = self.rate(rule)
        required = int(required_of(rate, np.array([float(project.population)]))[0])
        provided, unknown = provided_places(rule, project)
        behind, housing = behind_housing(project, rule.category)
        provided -= sum(f.places or 0 for f in behind)
        if unknown:
            en, zh = missing_places_message(unknown)
            return self.finding(
                rule,
                "insufficient_data",
                required=required,
                message_en=en,
                message_zh=zh,
                details={"missing_places": unknown},
            )
        estimated = " (estimated)" if project.population_estimated else ""
        estimated_zh = "（估算）" if project.population_estimated else ""
        pop = fmt(project.population)
        status = STATUS_OF[judge_places(np.array([required]), np.array([provided]))[0][0]]
        basis_en = f"ceil({pop} residents{estimated} × {fmt(rate.value)} / {rate.per})"
        basis_zh = f"{pop}人{estimated_zh} × {fmt(rate.value)} / {rate.per}，向上取整"
        if status == "pass":
            en = f"{provided} {plural_en(provided, 'place')} provided, {required} required ({basis_en})"
            zh = f"已提供{provided}个托位，应提供{required}个（{basis_zh}）"
        else:
            short = required - provided
            en = f"{short} {plural_en(short, 'place')} short: {provided} of {required} ({basis_en})"
            zh = f"缺{required - provided}个托位：已提供{provided}个，应提供{required}个（{basis_zh}）"
        en, zh, details = delivery_said(rule, status, behind, housing, en, zh)
        if project.population_estimated:
            en += f"; ≈ estimated from households × {fmt(context.persons_per_household)} (profile default)"
            zh += f"；≈ 按户数 × {fmt(context.persons_per_household)}人/户估算（标准默认值）"
        return self.finding(
            rule,
            status,
            required=required,
            provided=provided,
            message_en=en,
            message_zh=zh,
            details=details,
            estimated=project.population_estimated,
        )

    def over_table(self, rule: RuleSpec, table: ProjectTable, judged: np.ndarray) -> RuleColumns:
        provided = table.places[rule.category]
        judged = judged & ~np.isnan(table.population) & ~np.isnan(provided)
        required = required_of(self.rate(rule), table.population)
        status, short = judge_places(required, provided)
        return RuleColumns(judged, status, required, provided, short, table.estimated)


def judge_places(required: np.ndarray, provided: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The verdict over columns (an estate per row, or one project): status codes
    (:data:`PASS`, :data:`FAIL`) and shortfall, from the places required
    (:func:`~laoxiao_check.rules.rates.required_of`) and provided."""
    return np.where(at_least(provided, required), PASS, FAIL), shortfall(required, provided)


def city_places_target(profile: Profile) -> tuple[float | None, int | None]:
    """The city's nursery places per 1,000 residents and its year: the city rule with the
    latest target year (the ``targets`` key where the profile has no such rule)."""
    rules = [
        r
        for r in profile.rules
        if r.scope == "city" and r.kind == "places_per_population" and r.category == "childcare"
    ]
    if rules:
        latest = max(rules, key=lambda r: r.target_year or 0)
        return float(latest.params["rate_places_per_1000"]), latest.target_year
    target = profile.targets.get("childcare_places_per_1000")
    return (float(target) if target is not None else None), None
