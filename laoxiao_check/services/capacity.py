"""Capacity-aware accessibility of an estate list: places shared among all who reach them.

For each category the audit measures, the capacity of every facility within the level's
distance (the city's facilities and the estates' own rooms) is shared among all the demand
that reaches it (``access.floating_catchment``: enhanced 2SFCA by default), and each estate's
share is compared with the profile's rate — nursery places per 1,000 residents, or floor
area per 100 households, whichever unit the profile's project rule for the category uses —
and, for nursery places, the city target. Estates' shares add up per community, district
and city; each facility's load is the demand per place (or per m²) that reaches it.

Demand is what the rate divides by (residents, or households); where the population table
gives the age group of the estate's community, district or city (children 0–3 for
childcare, residents 60+ for eldercare), capacity is shared in proportion to that group
instead (each estate's residents × the area's share of the group), and the shares are still
judged per 1,000 residents or per 100 households.

No file is read here (the network's graph may be built lazily, as in coverage).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from laoxiao_check.io.population import PopulationTable
from laoxiao_check.model.audit import NO_DISTRICT, Accessibility, CategoryAccess, Measure
from laoxiao_check.model.glossary import CATEGORY, word
from laoxiao_check.model.messages import Said
from laoxiao_check.model.profile import Profile
from laoxiao_check.model.records import Estate, Facility, Project
from laoxiao_check.rules import RULE_KINDS
from laoxiao_check.rules.kinds.coverage import coverage_levels
from laoxiao_check.rules.kinds.places import city_places_target
from laoxiao_check.rules.rates import amount_per, area_per_households, places_per_residents, required_amount
from laoxiao_check.services.groups import estates_by
from laoxiao_check.spatial.access import DEFAULT_METHOD, decay_thresholds, floating_catchment
from laoxiao_check.spatial.distance import (
    DistanceMethod,
    Network,
    distance_method,
)
from laoxiao_check.spatial.geo import WGS84, transform
from laoxiao_check.spatial.reach import pairs_within

AGE_GROUP = {"childcare": "children_0_3", "eldercare": "residents_60plus"}


def measure_of(profile: Profile, category: str) -> Measure:
    """The unit of the profile's project rule for the category (places per 1,000 residents, or
    floor area per 100 households) and its rate per project kind."""
    rates: dict[str, dict[str, float]] = {"places": {}, "m2": {}}  # unit → project kind → rate
    for kind in ("new", "existing"):
        for rule in profile.rules_for(kind):
            if rule.category != category or rule.scope != "project" or rule.informational:
                continue
            if rule.kind in ("places_per_population", "floor_area_per_households"):
                rate = RULE_KINDS[rule.kind].rate(rule)
                assert rate is not None  # both kinds set a rate
                rates[rate.unit][kind] = float(rate.value)
    if rates["places"] or (category == "childcare" and not rates["m2"]):
        target = city_places_target(profile)[0] if category == "childcare" else None
        city = places_per_residents(float(target) if target else None)  # the city's aim, if any
    else:
        city = area_per_households(None)  # no city target of floor area
    return Measure(category, city.unit, city.denominator, city.per, rates[city.unit], city.value)


def capacity_of(facility: Facility, unit: str) -> float | None:
    value = facility.places if unit == "places" else facility.area_m2
    return None if value is None else float(value)


def main_level(profile: Profile, category: str, level: str | None = None) -> tuple[str, float] | None:
    """(level, metres) of the category's coverage rule: the one named, else the binding one
    with the largest distance."""
    levels = [lv for lv in coverage_levels(profile.rules) if lv.category == category]
    if level is not None:
        levels = [lv for lv in levels if lv.level == level]
    if not levels:
        return None
    main = max(levels, key=lambda lv: (not lv.informational, lv.max_distance_m, lv.level))
    return main.level, main.max_distance_m


def estate_demand(
    estates: Sequence[Estate], measure: Measure, population: PopulationTable | None
) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Per estate: the demand that shares capacity, the rate's denominator, and the basis.

    The age group is the demand only where the table gives it for every estate with
    residents: demand in one unit for some estates and another for the rest would share a
    nursery between 1,000 residents and 40 children as if they were alike."""
    group = AGE_GROUP[measure.category]
    denominator = np.array(
        [
            float(e.households or 0) if measure.denominator == "households" else float(e.population or 0)
            for e in estates
        ]
    )
    shares = [
        population.age_share(group, e.district, e.community) if population and e.population else None
        for e in estates
    ]
    with_residents = [s for s, e in zip(shares, estates, strict=True) if e.population]
    if not with_residents or any(s is None for s in with_residents):
        return denominator.copy(), denominator, [measure.denominator] * len(estates)
    demand = np.array([float(e.population or 0) * (s or 0.0) for e, s in zip(estates, shares, strict=True)])
    return demand, denominator, [group if e.population else measure.denominator for e in estates]


def partial_age_groups(
    estates: Sequence[Estate], measure: Measure, population: PopulationTable | None
) -> str | None:
    """A note when the table gives the age group for some estates' areas but not all."""
    if population is None:
        return None
    group = AGE_GROUP[measure.category]
    given = [
        population.age_share(group, e.district, e.community) is not None for e in estates if e.population
    ]
    if any(given) and not all(given):
        return Said(
            "the population table gives {group} for the areas of {count} of {total} estates "
            "only: demand is {denominator} for all (give it for every area, or for the city)",
            group=group,
            count=f"{sum(given):,}",
            total=f"{len(given):,}",
            denominator=measure.denominator,
        )
    return None


def to_metric(lonlat: np.ndarray, metric_crs: str) -> np.ndarray:
    lonlat = np.asarray(lonlat, dtype=float).reshape(-1, 2)
    x, y = transform(lonlat[:, 0], lonlat[:, 1], WGS84, metric_crs)
    return np.column_stack([x, y]).reshape(-1, 2)


def measure_accessibility(
    estates: Sequence[Estate],
    projects: Sequence[Project],
    estate_lonlat: np.ndarray,
    facilities: Sequence[Facility],
    facility_districts: Sequence[str],
    profile: Profile,
    *,
    metric_crs: str,
    judged: Sequence[bool],
    network: Network | None = None,
    max_snap_m: float = 300.0,
    noding: Any = None,
    population: PopulationTable | None = None,
    catchment: str = DEFAULT_METHOD,
    categories: Sequence[str] = ("childcare", "eldercare"),
) -> Accessibility:
    """Each estate's share of the capacity within its level's distance, per category.

    ``facilities`` are the city's, with WGS84 points (``io.points.placed``); the estates'
    own rooms are the facilities of ``projects`` (one project per estate, at its point).
    """
    located = np.array(judged, dtype=bool) & ~np.isnan(np.asarray(estate_lonlat, float)).any(axis=1)
    estate_xy = to_metric(np.where(located[:, None], estate_lonlat, 0.0), metric_crs)
    wanted = []
    for category in categories:
        level = main_level(profile, category)
        if level is None:
            continue
        measure = measure_of(profile, category)
        supply = supply_of(estates, projects, located, facilities, facility_districts, category, measure.unit)
        supply_xy = to_metric(supply.lonlat, metric_crs) if len(supply.ids) else np.empty((0, 2))
        wanted.append((level, measure, supply, supply_xy))
    if not wanted:
        return Accessibility()
    # one method for every category: the network's edge index must hold every point joined
    points = np.vstack([estate_xy[located], *(supply_xy for *_, supply_xy in wanted)])
    method, _ = distance_method(network, metric_crs, max_snap_m, noding, points)
    found = [
        category_access(
            estates, located, estate_xy, supply, supply_xy, measure, level, method, catchment, population
        )
        for level, measure, supply, supply_xy in wanted
    ]
    return Accessibility(tuple(found))


@dataclass(frozen=True)
class Supply:
    ids: list[str]
    kinds: list[str]
    """``facility`` (the city's) or ``estate`` (an estate's own rooms)."""
    rows: list[str]
    districts: list[str]
    capacity: np.ndarray
    lonlat: np.ndarray
    without_capacity: list[str]


def supply_of(
    estates: Sequence[Estate],
    projects: Sequence[Project],
    located: np.ndarray,
    facilities: Sequence[Facility],
    facility_districts: Sequence[str],
    category: str,
    unit: str,
) -> Supply:
    ids: list[str] = []
    kinds: list[str] = []
    rows: list[str] = []
    districts: list[str] = []
    capacity: list[float] = []
    lonlat: list[tuple[float, float]] = []
    missing: list[str] = []
    for facility, district in zip(facilities, facility_districts, strict=True):
        if facility.category != category or facility.x is None or facility.y is None:
            continue
        amount = capacity_of(facility, unit)
        if amount is None:
            missing.append(facility.id)
            continue
        ids.append(facility.id)
        kinds.append("facility")
        rows.append(facility.place)
        districts.append(district)
        capacity.append(amount)
        lonlat.append((facility.x, facility.y))
    for estate, project, here in zip(estates, projects, located.tolist(), strict=True):
        if not here:
            continue
        for room in project.facilities_of(category):
            amount = capacity_of(room, unit)
            if not amount or room.x is None or room.y is None:
                continue
            ids.append(estate.name)
            kinds.append("estate")
            rows.append(estate.place)
            districts.append(estate.district)
            capacity.append(amount)
            lonlat.append((room.x, room.y))
    return Supply(
        ids,
        kinds,
        rows,
        districts,
        np.array(capacity, dtype=float),
        np.array(lonlat, float).reshape(-1, 2),
        missing,
    )


def category_access(
    estates: Sequence[Estate],
    located: np.ndarray,
    estate_xy: np.ndarray,
    supply: Supply,
    supply_xy: np.ndarray,
    measure: Measure,
    level: tuple[str, float],
    method: DistanceMethod,
    catchment: str,
    population: PopulationTable | None,
) -> CategoryAccess:
    level_name, distance = level
    rows = np.flatnonzero(located)
    pairs = pairs_within(method, supply_xy, estate_xy[rows], distance)
    demand, denominator, basis = estate_demand(estates, measure, population)
    result = floating_catchment(
        demand[rows], supply.capacity, pairs.target, pairs.source, pairs.distance_m, distance, catchment
    )
    entries: list[dict[str, Any] | None] = [None] * len(estates)
    required = np.full(len(estates), np.nan)
    share = np.zeros(len(estates))
    share[rows] = result.share
    rates = [measure.rates.get(estates[index].kind) for index in rows.tolist()]
    rated = np.array([r is not None for r in rates], dtype=bool)
    required[rows[rated]] = required_amount(
        np.array([r for r in rates if r is not None], dtype=float), denominator[rows[rated]], measure.per
    )
    for index, entry in zip(
        rows.tolist(),
        _entries(
            share[rows],
            denominator[rows],
            required[rows],
            rates,
            measure,
            demand[rows],
            [basis[i] for i in rows.tolist()],
            result.facilities_reached,
            pairs.target_joined,
        ),
        strict=True,
    ):
        entries[index] = entry
    groups = _groups(estates, rows, share, denominator, required, measure)
    reaching = np.bincount(pairs.source, minlength=len(supply.ids))
    load = result.load
    facilities = tuple(
        {
            "id": supply.ids[j],
            "kind": supply.kinds[j],
            "row": supply.rows[j],
            "district": supply.districts[j],
            "capacity": float(supply.capacity[j]),
            "demand_reaching": round(float(result.demand_reaching[j]), 3),
            "load": round(float(load[j]), 3),
            "estates_reaching": int(reaching[j]),
            "joined": bool(pairs.source_joined[j]),
        }
        for j in range(len(supply.ids))
    )
    notes: list[str] = []
    if supply.without_capacity:
        what = Said("places") if measure.unit == "places" else Said("floor area (area_m2)")
        notes.append(
            Said(
                "{count} {category} facilit(ies) give no {what} and share nothing: {ids}",
                count=len(supply.without_capacity),
                category=Said.of({"en": measure.category, "zh": word(CATEGORY, measure.category, "zh")}),
                what=what,
                ids=", ".join(supply.without_capacity[:20]),
            )
        )
    if partial := partial_age_groups(estates, measure, population):
        notes.append(partial)
    if not measure.rates:
        notes.append(
            Said(
                "the profile has no project rate for {category}: shares are not judged per estate",
                category=Said.of({"en": measure.category, "zh": word(CATEGORY, measure.category, "zh")}),
            )
        )
    return CategoryAccess(
        measure.category,
        level_name,
        distance,
        pairs.method,
        catchment,
        measure,
        tuple(entries),
        groups["city"][0] if groups["city"] else _group_entry("", "", 0, 0.0, 0.0, None, measure),
        tuple(groups["district"]),
        tuple(groups["community"]),
        facilities,
        tuple(notes),
        tuple(decay_thresholds(distance)),
    )


def _entries(
    share: np.ndarray,
    denominator: np.ndarray,
    required: np.ndarray,
    rates: list[float | None],
    measure: Measure,
    demand: np.ndarray,
    basis: list[str],
    reached: np.ndarray,
    joined: np.ndarray,
) -> list[dict[str, Any]]:
    """Each measured estate's entry (JSON ``estates[].accessibility``), its figures rounded as
    columns: NaN ``required`` where the profile sets no rate for the estate's kind."""
    with np.errstate(divide="ignore", invalid="ignore"):
        per = np.where(denominator != 0, amount_per(share, denominator, measure.per), np.nan)
        of_need = np.where((required != 0) & ~np.isnan(required), share / required, np.nan)
    rate = np.array([np.nan if r is None else r for r in rates], dtype=float)
    target = np.nan if measure.target is None else measure.target
    columns = zip(
        np.round(share, 3).tolist(),
        np.round(per, 3).tolist(),
        np.round(required, 3).tolist(),
        np.round(np.maximum(required - share, 0.0), 3).tolist(),
        np.round(of_need, 4).tolist(),
        (per >= rate - 1e-9).tolist(),
        (per >= target - 1e-9).tolist(),
        np.round(demand, 3).tolist(),
        strict=True,
    )
    entries = []
    for i, row in enumerate(columns):
        accessible, per_i, need, short, of_need_i, meets_rate, meets_target, demand_i = row
        known = per_i == per_i  # not NaN: the estate has a denominator
        entries.append(
            {
                "unit": measure.unit,
                "per": measure.per_label,
                "accessible": accessible,
                "accessible_per": per_i if known else None,
                "rate": rates[i],
                "target": measure.target,
                "required": need if need == need else None,
                "shortfall": short if need == need else None,
                "share_of_need": of_need_i if of_need_i == of_need_i else None,
                "meets_rate": meets_rate if known and rates[i] is not None else None,
                "meets_target": meets_target if known and measure.target is not None else None,
                "demand": demand_i,
                "demand_basis": basis[i],
                "facilities_reached": int(reached[i]),
                "joined": bool(joined[i]),
            }
        )
    return entries


def _group_entry(
    name: str,
    district: str,
    estates: int,
    share: float,
    denominator: float,
    required: float | None,
    measure: Measure,
) -> dict[str, Any]:
    per = amount_per(share, denominator, measure.per) if denominator else None
    required_per = (
        amount_per(required, denominator, measure.per) if required is not None and denominator else None
    )
    return {
        "name": name,
        "district": district,
        "estates": estates,
        "unit": measure.unit,
        "per": measure.per_label,
        measure.denominator: round(denominator, 3),
        "accessible": round(share, 3),
        "accessible_per": None if per is None else round(per, 3),
        "required": None if required is None else round(required, 3),
        "required_per": None if required_per is None else round(required_per, 3),
        "share_of_need": round(share / required, 4) if required else None,
        "meets_rate": None if per is None or required_per is None else bool(per >= required_per - 1e-9),
        "target": measure.target,
        "meets_target": None if per is None or measure.target is None else bool(per >= measure.target - 1e-9),
    }


def _groups(
    estates: Sequence[Estate],
    rows: np.ndarray,
    share: np.ndarray,
    denominator: np.ndarray,
    required: np.ndarray,
    measure: Measure,
) -> dict[str, list[dict[str, Any]]]:
    members = {
        level: estates_by(level, estates, rows.tolist()) for level in ("city", "district", "community")
    }
    if without := [i for i in rows.tolist() if not estates[i].district]:
        members["district"][("", NO_DISTRICT)] = without  # so that the districts add up to the city
    out: dict[str, list[dict[str, Any]]] = {}
    for level, groups in members.items():
        out[level] = []
        for (district, name), indices in sorted(groups.items()):
            need = required[indices]
            total_need = float(need.sum()) if np.isfinite(need).all() else None
            out[level].append(
                _group_entry(
                    name,
                    district if level == "community" else "",
                    len(indices),
                    float(share[indices].sum()),
                    float(denominator[indices].sum()),
                    total_need,
                    measure,
                )
            )
    return out
