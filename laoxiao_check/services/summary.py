"""City-wide and per-district summary of an audit: counts, totals, coverage, places.

Every district's figures add up to the city's: estates without a district are the district
``NO_DISTRICT`` ("—", shown as "(no district)"), and a district that only the facilities name
(鲤城 where the estates say 鲤城区) is a row of its own, with its places and no estate. The
nursery places per 1,000 residents agree with the places rules judged on the city and each
district: where such a rule has no data (an estate's or a facility's places unknown), no ratio
is given, and ``per_1000_unknown`` says why."""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, Any

import numpy as np

from laoxiao_check.io.estates import FacilityLayer
from laoxiao_check.io.population import PopulationTable
from laoxiao_check.model.audit import NO_DISTRICT, GroupResult
from laoxiao_check.model.profile import Profile
from laoxiao_check.rules import RULE_KINDS
from laoxiao_check.rules.decimals import exact_total
from laoxiao_check.rules.kinds.places import city_places_target
from laoxiao_check.rules.rates import PER_RESIDENTS, amount_per, share

if TYPE_CHECKING:
    from laoxiao_check.model.audit import EstateResult
    from laoxiao_check.model.check import CoverageResult, Share
    from laoxiao_check.model.judged import Judged
    from laoxiao_check.model.records import Finding


def summarise(
    results: list[EstateResult],
    profile: Profile,
    facilities: FacilityLayer | None,
    population: PopulationTable | None = None,
    city_group: GroupResult | None = None,
    district_groups: tuple[GroupResult, ...] = (),
) -> dict[str, Any]:
    """City-wide and per-district summary; places per 1,000 residents divide by the official
    residents where the population table gives them, else by the judged estates' sum.

    ``city_group``, ``district_groups``: the city and districts judged on their own rules; where
    their places rule has no data, the summary gives no ratio either (and says why)."""
    by_district: dict[str, list[EstateResult]] = defaultdict(list)
    for result in results:
        by_district[result.estate.district or NO_DISTRICT].append(result)
    facility_places: dict[str, int] = defaultdict(int)
    if facilities:
        for facility, district in zip(facilities.facilities, facilities.districts, strict=True):
            if facility.category == "childcare" and facility.places:
                facility_places[district or NO_DISTRICT] += facility.places
    for name in facility_places:  # a district only the facilities name: its places are counted too
        by_district.setdefault(name, [])
    groups = {g.name: g for g in district_groups}

    def official(level: str, name: str) -> float | None:
        return population.lookup(level, "", name) if population is not None else None

    city = _summary_of(
        results,
        profile,
        sum(facility_places.values()),
        facilities is not None,
        official("city", ""),
        places_unknown(city_group),
    )
    districts = [
        {
            "district": name,
            **_summary_of(
                group,
                profile,
                facility_places.get(name, 0),
                facilities is not None,
                official("district", name),
                places_unknown(groups.get(name)),
            ),
        }
        for name, group in sorted(by_district.items())
    ]
    return {"city": city, "districts": districts}


def _summary_of(
    results: list[EstateResult],
    profile: Profile,
    places_in_facilities: int,
    has_facilities: bool,
    official: float | None = None,
    unknown: dict[str, str] | None = None,
) -> dict[str, Any]:
    verdicts: defaultdict[str, int] = defaultdict(int)
    for result in results:
        verdicts[result.verdict] += 1
    judged = [r for r in results if not r.estate.reason]
    figures = _FigureTable.of(judged)
    rules = [figures.rule_entry(rule) for rule in figures.rules]
    coverage = [figures.level_entry(level) for level in figures.levels]
    population = sum(r.estate.population or 0 for r in judged)
    return {
        "estates": {
            "total": len(results),
            "judged": len(judged),
            "not_judged": verdicts["not_judged"],
            "pass": verdicts["pass"],
            "fail": verdicts["fail"],
            "incomplete": verdicts["incomplete"],
        },
        "households": sum(r.estate.households or 0 for r in judged),
        "population": round(population, 1),
        "population_estimated_estates": sum(1 for r in judged if r.estate.population_estimated),
        "rules": rules,
        "coverage": coverage,
        "childcare_places": _childcare_places(
            judged, profile, places_in_facilities, has_facilities, official, population, unknown
        ),
        "not_judged": [
            {
                "row": r.estate.place,
                "name": r.estate.name,
                "reason": r.estate.reason,
                "reason_zh": r.estate.reason_zh,
            }
            for r in results
            if r.estate.reason
        ],
    }


STATUSES = ("pass", "fail", "insufficient_data", "not_applicable")


class _FigureTable:
    """A group's estates as columns, one per rule (status, required, shortfall) and coverage
    level (covered, households), in the order the estates first give them: each rule's totals
    are a few array sums, exact as decimals."""

    def __init__(self, households: np.ndarray) -> None:
        self.households = households
        self.rules: dict[str, dict[str, Any]] = {}
        self.levels: dict[str, dict[str, Any]] = {}

    @classmethod
    def of(cls, judged: list[EstateResult]) -> _FigureTable:
        table = cls(np.array([r.estate.households or 0 for r in judged], dtype=float))
        for row, result in enumerate(judged):
            for figure in result.figures:
                if figure.metric != "coverage":
                    table._rule(figure)["rows"].append(
                        (row, figure.status, figure.required, figure.shortfall, figure.estimated)
                    )
            for item in result.shares:
                table._level(item)["rows"].append((row, item.covered))
        return table

    def _rule(self, figure: Finding | Judged) -> dict[str, Any]:
        if figure.id not in self.rules:
            head = {"id": figure.id, "category": figure.category, "metric": figure.metric}
            self.rules[figure.id] = {
                "head": {**head, "unit": figure.unit, "binding": figure.binding},
                "rows": [],
            }
        return self.rules[figure.id]

    def _level(self, item: CoverageResult | Share) -> dict[str, Any]:
        if item.rule_id not in self.levels:
            names = ("category", "level", "max_distance_m", "within", "method", "informational")
            self.levels[item.rule_id] = {"head": {k: getattr(item, k) for k in names}, "rows": []}
        return self.levels[item.rule_id]

    def rule_entry(self, rule_id: str) -> dict[str, Any]:
        """A rule's counts and totals over the group (``summary.rules[]``)."""
        rule = self.rules[rule_id]
        _, statuses, required, shortfall, estimated = zip(*rule["rows"], strict=True)
        counts = {status: statuses.count(status) for status in STATUSES}
        gaps = np.array([g for g in shortfall if g], dtype=float)
        counted = [
            (r, e)
            for r, e, s in zip(required, estimated, statuses, strict=True)
            if r is not None and s != "not_applicable"
        ]
        judged_here = counts["pass"] + counts["fail"]
        return {
            **rule["head"],
            **counts,
            "shortfall_total": exact_total(gaps),
            "required_total": exact_total(np.array([r for r, _ in counted], dtype=float)),
            "estimated": any(e for _, e in counted),
            "pass_share": round(counts["pass"] / judged_here, 4) if judged_here else None,
        }

    def level_entry(self, rule_id: str) -> dict[str, Any]:
        """A coverage level's estates and households outside it (``summary.coverage[]``)."""
        level = self.levels[rule_id]
        rows = [(row, covered) for row, covered in level["rows"] if covered is not None]
        measured = np.array([row for row, _ in rows], dtype=int)
        outside = np.array([row for row, covered in rows if not covered], dtype=int)
        households_measured = int(self.households[measured].sum())
        households_outside = int(self.households[outside].sum())
        share_outside = share(households_outside, households_measured)
        return {
            **level["head"],
            "estates_measured": len(measured),
            "estates_outside": len(outside),
            "households_measured": households_measured,
            "households_outside": households_outside,
            "share_outside": round(share_outside, 4) if share_outside is not None else None,
        }


def _childcare_places(
    judged: list[EstateResult],
    profile: Profile,
    places_in_facilities: int,
    has_facilities: bool,
    official: float | None,
    population: float,
    unknown: dict[str, str] | None,
) -> dict[str, Any]:
    """The nursery places of the estates and facilities, per 1,000 residents (official where
    given), against the city target; no ratio where the places are not known (``unknown``)."""
    with_places = [r for r in judged if r.estate.childcare_places is not None]
    places_in_estates = sum(r.estate.childcare_places or 0 for r in with_places) if with_places else None
    places = (places_in_estates or 0) + (places_in_facilities if has_facilities else 0)
    known_places = places_in_estates is not None or has_facilities
    denominator = official if official is not None else population
    if unknown is None and places_in_estates is None and has_facilities and judged:
        unknown = ESTATE_PLACES_UNKNOWN
    per_1000 = (
        round(amount_per(places, denominator, PER_RESIDENTS), 3)
        if denominator and known_places and unknown is None
        else None
    )
    target, target_year = city_places_target(profile)
    return {
        "places_in_estates": places_in_estates,
        "places_in_facilities": places_in_facilities if has_facilities else None,
        "per_1000_residents": per_1000,
        "residents_counted": "official" if official is not None else "estates",
        "city_target_per_1000": target,
        "city_target_year": target_year,
        "meets_city_target": (per_1000 >= target) if per_1000 is not None and target else None,
        "profile_rate_per_1000": _places_rates(profile),
        "per_1000_unknown": unknown,
    }


ESTATE_PLACES_UNKNOWN = {
    "en": "the estate list gives no nursery places (childcare_places): the estates' own places are unknown",
    "zh": "小区名单无托位数列：小区自有托位未知",
}


def places_unknown(group: GroupResult | None) -> dict[str, str] | None:
    """Why the group's nursery places are not known (its childcare places rule has no data,
    in the rule's own words), or None: the summary's ratio then agrees with the rule."""
    if group is None:
        return None
    for finding in group.findings:
        if finding.metric == "places" and finding.category == "childcare":
            if finding.status == "insufficient_data":
                return {"en": finding.message["en"], "zh": finding.message["zh"]}
    return None


def _places_rates(profile: Profile) -> dict[str, Any]:
    """The profile's nursery places per 1,000 residents for each project kind (estate rules)."""
    rates = {}
    for kind in ("new", "existing"):
        for rule in profile.rules_for(kind):
            if rule.kind == "places_per_population" and rule.scope == "project":
                rate = RULE_KINDS[rule.kind].rate(rule)
                if rate is not None:
                    rates[kind] = rate.value
    return rates
