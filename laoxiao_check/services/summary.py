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

    figures = _FigureTable.of([r for r in results if not r.estate.reason])
    city = _summary_of(
        results,
        figures,
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
                figures,
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
    figures: _FigureTable,
    profile: Profile,
    places_in_facilities: int,
    has_facilities: bool,
    official: float | None = None,
    unknown: dict[str, str] | None = None,
) -> dict[str, Any]:
    """The summary of a group of estates (the city's or a district's); ``figures``: the city's
    judged estates as columns, of which the group's are read."""
    verdicts: defaultdict[str, int] = defaultdict(int)
    for result in results:
        verdicts[result.verdict] += 1
    judged = [r for r in results if not r.estate.reason]
    group = figures.within(judged)
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
        "rules": group.rule_entries(),
        "coverage": group.level_entries(),
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
_CODE = {status: code for code, status in enumerate(STATUSES)}
_NOT_APPLICABLE = _CODE["not_applicable"]


class _FigureTable:
    """The city's judged estates as columns, one set per rule (row, status, required,
    shortfall) and coverage level (row, covered): a group's totals (the city's, a district's)
    are a few array sums over its rows, exact as decimals."""

    def __init__(
        self,
        households: np.ndarray,
        row_of: dict[int, int],
        rules: dict[str, dict[str, Any]],
        levels: dict[str, dict[str, Any]],
    ) -> None:
        self.households = households
        self.row_of = row_of
        """id() of an estate's result → its row."""
        self.rules = rules
        self.levels = levels

    @classmethod
    def of(cls, judged: list[EstateResult]) -> _FigureTable:
        rules: dict[str, dict[str, Any]] = {}
        levels: dict[str, dict[str, Any]] = {}
        for row, result in enumerate(judged):
            for position, figure in enumerate(result.figures):
                if figure.metric != "coverage":
                    if figure.id not in rules:
                        rules[figure.id] = {"head": _rule_head(figure), "rows": []}
                    rules[figure.id]["rows"].append(
                        (
                            row,
                            position,
                            _CODE[figure.status],
                            _or_nan(figure.required),
                            _or_nan(figure.shortfall),
                            figure.estimated,
                        )
                    )
            for position, item in enumerate(result.shares):
                if item.rule_id not in levels:
                    names = ("category", "level", "max_distance_m", "within", "method", "informational")
                    levels[item.rule_id] = {"head": {k: getattr(item, k) for k in names}, "rows": []}
                covered = -1 if item.covered is None else int(bool(item.covered))
                levels[item.rule_id]["rows"].append((row, position, covered))
        names = ("row", "position", "status", "required", "shortfall", "estimated")
        for rule in rules.values():
            rule.update(zip(names, map(np.array, zip(*rule.pop("rows"), strict=True)), strict=True))
        for level in levels.values():
            rows = level.pop("rows")
            level.update(zip((*names[:2], "covered"), map(np.array, zip(*rows, strict=True)), strict=True))
        households = np.array([r.estate.households or 0 for r in judged], dtype=float)
        return cls(households, {id(r): row for row, r in enumerate(judged)}, rules, levels)

    def within(self, judged: list[EstateResult]) -> _FigureGroup:
        """The figures of these estates (of those the table was built on)."""
        rows = np.zeros(len(self.households), dtype=bool)
        rows[[self.row_of[id(r)] for r in judged]] = True
        return _FigureGroup(self, rows)


def _rule_head(figure: Finding | Judged) -> dict[str, Any]:
    head = {"id": figure.id, "category": figure.category, "metric": figure.metric}
    return {**head, "unit": figure.unit, "binding": figure.binding}


def _or_nan(figure: float | int | None) -> float:
    return np.nan if figure is None else float(figure)


class _FigureGroup:
    """A group's rows of the city's figures: its rules and levels in the order its estates
    first give them."""

    def __init__(self, table: _FigureTable, rows: np.ndarray) -> None:
        self.table = table
        self.rows = rows

    def _present(self, entries: dict[str, dict[str, Any]]) -> list[tuple[str, np.ndarray]]:
        """Each entry some row of the group gives (with its mask), in the order first given."""
        present = []
        for key, entry in entries.items():
            mine = self.rows[entry["row"]]
            if mine.any():
                first = int(np.argmax(mine))
                present.append(((int(entry["row"][first]), int(entry["position"][first])), key, mine))
        return [(key, mine) for _, key, mine in sorted(present, key=lambda p: p[0])]

    def rule_entries(self) -> list[dict[str, Any]]:
        """Each rule's counts and totals over the group (``summary.rules[]``)."""
        return [
            self._rule_entry(self.table.rules[key], mine) for key, mine in self._present(self.table.rules)
        ]

    def level_entries(self) -> list[dict[str, Any]]:
        """Each coverage level's estates and households outside it (``summary.coverage[]``)."""
        levels = self.table.levels
        return [self._level_entry(levels[key], mine) for key, mine in self._present(levels)]

    @staticmethod
    def _rule_entry(rule: dict[str, Any], mine: np.ndarray) -> dict[str, Any]:
        statuses, required, shortfall = rule["status"][mine], rule["required"][mine], rule["shortfall"][mine]
        counts = dict(zip(STATUSES, np.bincount(statuses, minlength=len(STATUSES)).tolist(), strict=True))
        gaps = shortfall[~np.isnan(shortfall) & (shortfall != 0)]
        counted = ~np.isnan(required) & (statuses != _NOT_APPLICABLE)
        judged_here = counts["pass"] + counts["fail"]
        return {
            **rule["head"],
            **counts,
            "shortfall_total": exact_total(gaps),
            "required_total": exact_total(required[counted]),
            "estimated": bool(rule["estimated"][mine][counted].any()),
            "pass_share": round(counts["pass"] / judged_here, 4) if judged_here else None,
        }

    def _level_entry(self, level: dict[str, Any], mine: np.ndarray) -> dict[str, Any]:
        rows, covered = level["row"][mine], level["covered"][mine]
        measured = rows[covered >= 0]
        outside = rows[covered == 0]
        households_measured = int(self.table.households[measured].sum())
        households_outside = int(self.table.households[outside].sum())
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
