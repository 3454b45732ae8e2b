"""``plan``: where to build the next facilities of a category.

:func:`run_plan` reads the files (estate list, existing facilities, candidate sites, network,
population table) and calls :func:`plan_sites`, which opens no file (the network's graph
may be built lazily, as in coverage). The demand is the estate list; a household is covered
when a facility of the category (the city's, or an estate's own rooms) is within the
level's distance, measured as coverage measures it (straight line, or along the network).

- ``objective="coverage"``: each estate not yet covered weighs its households;
- ``objective="capacity"``: each estate weighs its shortfall of places (or m²) after the
  capacity of the facilities around it is shared among all who reach them (``capacity.py``),
  so a site goes where need is unmet even if a small facility is near.

With ``add=K`` the K sites covering the most weight are chosen (maximal covering), else the
fewest sites covering every estate with weight that some candidate reaches (set covering):
``plan.py`` solves both exactly with HiGHS within a time limit, else greedily with its gap.
Candidates come from a file, or (without one) from the walking network: the node nearest
the middle of each cell of a ``CANDIDATE_SPACING_M`` grid, among the cells within the
level's distance of an estate with weight.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from laoxiao_check.io.candidates import CandidateLayer, read_candidates
from laoxiao_check.io.estates import EstateList, FacilityLayer, read_estates, read_facilities
from laoxiao_check.io.network_cache import NetworkFile
from laoxiao_check.io.points import placed, to_lonlat
from laoxiao_check.io.population import PopulationTable, read_population
from laoxiao_check.model.errors import InputError, Problem, UsageError
from laoxiao_check.model.glossary import CATEGORY, word
from laoxiao_check.model.ledger import InputLedger
from laoxiao_check.model.limits import Limits, applied
from laoxiao_check.model.messages import Said
from laoxiao_check.model.plan import PlanResult
from laoxiao_check.model.profile import Profile
from laoxiao_check.services.capacity import category_access, main_level, measure_of, supply_of, to_metric
from laoxiao_check.services.ledger import estate_entries, facility_entries
from laoxiao_check.services.plan_rows import (
    Chosen,
    Demand,
    Sites,
    plan_entries,
)
from laoxiao_check.services.quality import audit_quality
from laoxiao_check.services.staging import estate_project, locate
from laoxiao_check.spatial.access import DEFAULT_METHOD
from laoxiao_check.spatial.covering import DEFAULT_TIME_LIMIT_S, maximal_covering, set_covering
from laoxiao_check.spatial.distance import (
    DEFAULT_MAX_SNAP_M,
    Network,
    distance_method,
    method_for,
)
from laoxiao_check.spatial.geo import WGS84, metric_crs_for_points, transform
from laoxiao_check.spatial.network.noding import NodingOptions
from laoxiao_check.spatial.reach import SameGraph, pairs_within

OBJECTIVES = ("coverage", "capacity")
CANDIDATE_SPACING_M = 200.0
"""Without a candidate file: one candidate per cell of this size along the walking network."""


def run_plan(
    estates_path: str | Path,
    profile: Profile,
    category: str,
    *,
    add: int | None = None,
    facilities_path: str | Path | None = None,
    candidates_path: str | Path | None = None,
    network_path: str | Path | None = None,
    level: str | None = None,
    objective: str = "coverage",
    datum: str = "wgs84",
    facilities_datum: str | None = None,
    max_snap_m: float = DEFAULT_MAX_SNAP_M,
    noding: NodingOptions | None = None,
    use_cache: bool = True,
    default_kind: str = "existing",
    population_path: str | Path | None = None,
    time_limit_s: float = DEFAULT_TIME_LIMIT_S,
    catchment: str = DEFAULT_METHOD,
    limits: Limits | None = None,
) -> PlanResult:
    """Read the inputs and choose the sites (see :func:`plan_sites`)."""
    with applied(limits):
        if candidates_path is None and network_path is None:
            raise UsageError(
                Said(
                    "give --candidates FILE (candidate sites), or --network FILE to place candidates "
                    "along the walking network"
                )
            )
        estate_list = read_estates(estates_path, {}, profile.persons_per_household, default_kind)
        facility_layer = read_facilities(facilities_path) if facilities_path else None
        candidates = read_candidates(candidates_path) if candidates_path else None
        network = NetworkFile(Path(network_path), use_cache) if network_path else None
        population = read_population(population_path) if population_path else None
        return plan_sites(
            estate_list,
            profile,
            category,
            add=add,
            facilities=facility_layer,
            candidates=candidates,
            network=network,
            level=level,
            objective=objective,
            datum=datum,
            facilities_datum=facilities_datum,
            max_snap_m=max_snap_m,
            noding=noding,
            population=population,
            time_limit_s=time_limit_s,
            catchment=catchment,
        )


def plan_sites(
    estate_list: EstateList,
    profile: Profile,
    category: str,
    *,
    add: int | None = None,
    facilities: FacilityLayer | None = None,
    candidates: CandidateLayer | None = None,
    network: Network | None = None,
    level: str | None = None,
    objective: str = "coverage",
    datum: str = "wgs84",
    facilities_datum: str | None = None,
    max_snap_m: float = DEFAULT_MAX_SNAP_M,
    noding: NodingOptions | None = None,
    population: PopulationTable | None = None,
    time_limit_s: float = DEFAULT_TIME_LIMIT_S,
    catchment: str = DEFAULT_METHOD,
) -> PlanResult:
    """Choose ``add`` candidate sites (or the fewest covering all) for ``category``."""
    if objective not in OBJECTIVES:
        raise UsageError(
            Said(
                "--objective {objective}: expected one of {objectives}",
                objective=repr(objective),
                objectives=", ".join(OBJECTIVES),
            )
        )
    if add is not None and add < 1:
        raise UsageError(
            Said("--add {add}: expected a whole number of sites ≥ 1 (omit --add for set covering)", add=add)
        )
    level_name, distance = _plan_level(profile, category, level)
    if candidates is None and network is None:
        raise UsageError(Said("give --candidates FILE, or --network FILE to place candidates along it"))

    demand = _demand(
        estate_list,
        profile,
        category,
        (level_name, distance),
        objective=objective,
        facilities=facilities,
        candidates=candidates,
        network=network,
        datum=datum,
        facilities_datum=facilities_datum,
        max_snap_m=max_snap_m,
        noding=noding,
        population=population,
        catchment=catchment,
    )
    sites = _candidate_sites(
        candidates,
        demand.candidate_lonlat,
        demand.graph,
        demand.estate_xy[demand.located & (demand.weight > 0)],
        distance,
        demand.metric,
    )
    xy = demand.estate_xy
    snapped = (
        np.vstack([xy[demand.located], demand.existing_xy, sites.xy]) if demand.graph is not None else xy
    )
    method = method_for(demand.graph, max_snap_m, snapped, noding)

    rows = np.flatnonzero(demand.located)
    before_pairs = pairs_within(method, demand.existing_xy, xy[rows], distance)
    covered_before = np.zeros(len(demand.estates), dtype=bool)
    covered_before[rows[np.unique(before_pairs.target)]] = True
    weight = np.where(covered_before, 0.0, demand.weight) if objective == "coverage" else demand.weight
    site_pairs = pairs_within(method, sites.xy, xy[rows], distance)
    demand_index = rows[site_pairs.target]
    if add is not None:
        solution = maximal_covering(weight, demand_index, site_pairs.source, len(sites.xy), add, time_limit_s)
    else:
        solution = set_covering(weight, demand_index, site_pairs.source, len(sites.xy), time_limit_s)
    chosen = Chosen(solution, site_pairs, rows, covered_before, weight)
    return PlanResult(
        profile=profile,
        category=category,
        level=level_name,
        max_distance_m=distance,
        method=method.name,
        objective=objective,
        add=add,
        time_limit_s=time_limit_s,
        catchment=catchment,
        inputs={
            "estates": estate_list.source,
            "facilities": facilities.source if facilities else None,
            "candidates": candidates.source if candidates else None,
            "network": demand.network.source if demand.network else None,
        },
        candidates_from=sites.source,
        metric_crs=demand.metric,
        weight_unit=demand.weight_unit,
        solution=solution,
        problems=tuple(demand.problems),
        network=demand.health,
        quality=audit_quality(demand.estates, demand.estate_lonlat, profile, coverage_measured=True),
        ledger=_ledger(estate_list, demand, facilities),
        **plan_entries(demand, sites, chosen, method, objective, distance),
    )


def _ledger(estate_list: EstateList, demand: Demand, facilities: FacilityLayer | None) -> InputLedger:
    """What the plan leaves out: estates not judged or without coordinates (their households are
    in no total), facility rows unread."""
    ledger = estate_entries(
        InputLedger(),
        demand.estates,
        demand.estate_lonlat,
        estate_list.source,
        coverage_measured=True,
        far=demand.far_from_rest,
    )
    return facility_entries(ledger, facilities, demand.city)


def _demand(
    estate_list: EstateList,
    profile: Profile,
    category: str,
    level: tuple[str, float],
    *,
    objective: str,
    facilities: FacilityLayer | None,
    candidates: CandidateLayer | None,
    network: Network | None,
    datum: str,
    facilities_datum: str | None,
    max_snap_m: float,
    noding: NodingOptions | None,
    population: PopulationTable | None,
    catchment: str,
) -> Demand:
    problems = list(estate_list.problems) + (list(facilities.problems) if facilities else [])
    far: dict[int, tuple[float, float]] = {}
    estate_lonlat, facility_lonlat = locate(
        estate_list, facilities, datum, facilities_datum or datum, problems, (far, {})
    )
    estates = estate_list.estates
    judged = np.array([not e.reason for e in estates], dtype=bool)
    located = judged & ~np.isnan(estate_lonlat).any(axis=1)
    if not located.any():
        raise InputError(
            Said("no estate with households and usable coordinates: nothing to plan for"), estate_list.source
        )
    metric = metric_crs_for_points(estate_lonlat[located, 0], estate_lonlat[located, 1], WGS84)
    projects = [
        estate_project(e, estate_list.columns, p) for e, p in zip(estates, estate_lonlat, strict=True)
    ]
    city = placed(facilities.facilities if facilities else (), facility_lonlat)
    districts = facilities.districts if facilities else ()

    candidate_lonlat = (
        _candidate_lonlat(candidates, facilities_datum or datum, problems) if candidates is not None else None
    )
    estate_xy = to_metric(np.where(located[:, None], estate_lonlat, 0.0), metric)
    existing = _existing(estates, projects, located, city, category)
    existing_xy = to_metric(np.array(existing["lonlat"]).reshape(-1, 2), metric)

    health = None
    graph = None
    if network is not None:
        network = SameGraph(network) if not isinstance(network, SameGraph) else network
        graph, health = network.walk_graph(metric, noding)
        problems.extend(Problem(network.source, "", w) for w in _health_warnings(health))

    measure = measure_of(profile, category)
    weight, weight_unit, shortfall_before = _weights(
        objective,
        estates,
        projects,
        located,
        estate_xy,
        city,
        districts,
        category,
        measure,
        existing_xy,
        level,
        network,
        metric,
        max_snap_m,
        noding,
        catchment,
        population,
        profile,
    )

    return Demand(
        problems,
        estates,
        located,
        metric,
        estate_lonlat,
        estate_xy,
        candidate_lonlat,
        existing,
        existing_xy,
        network,
        graph,
        health,
        weight,
        weight_unit,
        shortfall_before,
        tuple(estates[i].place for i in sorted(far) if not estates[i].reason),
        tuple(city),
    )


def _plan_level(profile: Profile, category: str, level: str | None) -> tuple[str, float]:
    """The coverage level to plan with (the one named, else the category's main one) and its distance."""
    found_level = main_level(profile, category, level)
    if found_level is None:
        levels = sorted({lv for lv in _levels(profile, category)})
        raise UsageError(
            Said(
                "--level {level}: profile {profile} has no {category} coverage level of that name; "
                "its levels are {levels}",
                level=level,
                profile=profile.id,
                category=_category(category),
                levels=", ".join(levels) or Said("none"),
            )
            if level
            else Said(
                "profile {profile} has no {category} coverage rule: no distance to plan with",
                profile=profile.id,
                category=_category(category),
            )
        )
    return found_level


def _candidate_sites(
    candidates: CandidateLayer | None,
    candidate_lonlat: np.ndarray | None,
    graph: Any,
    demand_xy: np.ndarray,
    distance: float,
    metric: str,
) -> Sites:
    if candidate_lonlat is not None and candidates is not None:
        xy = to_metric(candidate_lonlat, metric)
        return Sites(
            xy,
            list(candidates.ids),
            list(candidates.names),
            list(candidates.places),
            candidate_lonlat,
            "file",
        )
    assert graph is not None
    xy = network_candidates(graph, demand_xy, distance)
    return Sites(
        xy,
        [f"N{i + 1}" for i in range(len(xy))],
        [""] * len(xy),
        [""] * len(xy),
        _to_lonlat(xy, metric),
        "network",
    )


def _levels(profile: Profile, category: str) -> list[str]:
    from laoxiao_check.rules.kinds.coverage import coverage_levels

    return [lv.level for lv in coverage_levels(profile.rules) if lv.category == category]


def _health_warnings(health: dict[str, Any]) -> list[str]:
    from laoxiao_check.spatial.network.health import health_warnings

    return health_warnings(health)


def _candidate_lonlat(candidates: CandidateLayer, datum: str, problems: list[Problem]) -> np.ndarray:
    """Candidate points in WGS84; a point that does not fit its CRS is an error, not left out."""
    found: list[Problem] = []
    points: list[tuple[float | None, float | None, str, str]] = [
        (float(x), float(y), place, identifier)
        for x, y, place, identifier in zip(
            candidates.x, candidates.y, candidates.places, candidates.ids, strict=True
        )
    ]
    lonlat = to_lonlat(points, candidates.crs, datum, candidates.source, found)
    bad = np.isnan(lonlat).any(axis=1)
    if bad.any():
        raise InputError([p for p in found if p.place] or found)
    problems.extend(found)
    return lonlat


def _to_lonlat(xy: np.ndarray, metric: str) -> np.ndarray:
    lon, lat = transform(xy[:, 0], xy[:, 1], metric, WGS84) if len(xy) else (np.empty(0), np.empty(0))
    return np.column_stack([lon, lat]).reshape(-1, 2)


def _existing(
    estates: Sequence[Any], projects: Sequence[Any], located: np.ndarray, city: Sequence[Any], category: str
) -> dict[str, list[Any]]:
    """Facilities of the category that cover already: the city's and the estates' own rooms."""
    ids, kinds, lonlat = [], [], []
    for facility in city:
        if facility.category == category and facility.x is not None and facility.y is not None:
            ids.append(facility.id)
            kinds.append("facility")
            lonlat.append((facility.x, facility.y))
    for index, project in enumerate(projects):
        if not located[index]:
            continue
        for room in project.facilities_of(category):
            if room.x is not None and room.y is not None:
                ids.append(estates[index].name)
                kinds.append("estate")
                lonlat.append((room.x, room.y))
    return {"ids": ids, "kinds": kinds, "lonlat": lonlat}


def _weights(
    objective: str,
    estates: Sequence[Any],
    projects: Sequence[Any],
    located: np.ndarray,
    estate_xy: np.ndarray,
    city: Sequence[Any],
    districts: Sequence[str],
    category: str,
    measure: Any,
    existing_xy: np.ndarray,
    level: tuple[str, float],
    network: Network | None,
    metric: str,
    max_snap_m: float,
    noding: NodingOptions | None,
    catchment: str,
    population: PopulationTable | None,
    profile: Profile,
) -> tuple[np.ndarray, str, float]:
    """Per estate: what covering it is worth, the unit, and the total shortfall (capacity)."""
    if objective == "coverage":
        weight = np.array([float(e.households or 0) for e in estates])
        return np.where(located, weight, 0.0), "households", 0.0
    kinds = sorted({e.kind for e, here in zip(estates, located, strict=True) if here})
    missing = [kind for kind in kinds if kind not in measure.rates]
    if missing:  # a shortfall without a rate is not zero: it is unknown
        unit = (
            Said("places per 1,000 residents") if measure.unit == "places" else Said("m² per 100 households")
        )
        raise UsageError(
            Said(
                "--objective capacity: profile {profile} sets no {category} rate ({unit}) for "
                "{kinds} estates, which the list holds; use --objective coverage, "
                "--kind, or a profile with the rate",
                profile=profile.id,
                category=_category(category),
                unit=unit,
                kinds=" or ".join(missing),
            )
        )
    supply = supply_of(
        estates, projects, located, city, districts or [""] * len(city), category, measure.unit
    )
    supply_xy = to_metric(supply.lonlat, metric) if len(supply.ids) else np.empty((0, 2))
    method, _ = distance_method(
        network, metric, max_snap_m, noding, np.vstack([estate_xy[located], supply_xy])
    )
    access = category_access(
        estates, located, estate_xy, supply, supply_xy, measure, level, method, catchment, population
    )
    weight = np.array([float(entry["shortfall"] or 0) if entry else 0.0 for entry in access.estates])
    return weight, measure.unit, float(weight.sum())


def network_candidates(graph: Any, near_xy: np.ndarray, reach_m: float) -> np.ndarray:
    """Points along the network: per grid cell, the ground-level node nearest the cell's middle
    (ties: the lower node), in cells within ``reach_m`` of a point of ``near_xy``."""
    if len(near_xy) == 0 or graph.edge_count == 0:
        return np.empty((0, 2))
    usable = graph.edge_ground & graph.edge_preferred
    nodes = np.unique(np.concatenate([graph.edge_u[usable], graph.edge_v[usable]]))
    xy = graph.node_xy[nodes]
    from scipy.spatial import cKDTree

    near = cKDTree(near_xy).query(xy, k=1, distance_upper_bound=reach_m)[0] <= reach_m
    nodes, xy = nodes[near], xy[near]
    if len(nodes) == 0:
        return np.empty((0, 2))
    cell = np.floor(xy / CANDIDATE_SPACING_M).astype(np.int64)
    middle = (cell + 0.5) * CANDIDATE_SPACING_M
    gap = np.hypot(*(xy - middle).T)
    order = np.lexsort((nodes, gap, cell[:, 0], cell[:, 1]))
    cell = cell[order]
    first = np.ones(len(order), dtype=bool)
    first[1:] = np.any(cell[1:] != cell[:-1], axis=1)
    picked: np.ndarray = xy[order][first]
    return picked


__all__ = ["OBJECTIVES", "PlanResult", "plan_sites", "run_plan"]


def _category(category: str) -> Said:
    """A facility category (eldercare, childcare), said in each language."""
    return Said.of({"en": category, "zh": word(CATEGORY, category, "zh")})
