"""The rows of a plan's result: the demand it was solved for, the candidate sites, and for each
chosen site, estate, candidate and facility the entry the reports show; coverage before and after
and what the map draws."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from laoxiao_check.model.errors import Problem
from laoxiao_check.model.plan import PlanGeometry, Solution
from laoxiao_check.model.records import Estate, Facility
from laoxiao_check.rules.rates import share
from laoxiao_check.spatial.distance import (
    DistanceMethod,
    Network,
    WalkingNetwork,
)
from laoxiao_check.spatial.reach import Pairs


@dataclass(frozen=True)
class Chosen:
    """The solver's answer and what it was given: the pairs of sites and estates within reach."""

    solution: Solution
    site_pairs: Pairs
    rows: np.ndarray
    """The located estates (the demand points), by index in the list."""
    covered_before: np.ndarray
    weight: np.ndarray


def plan_entries(
    demand: Demand, sites: Sites, chosen: Chosen, method: DistanceMethod, objective: str, distance: float
) -> dict[str, Any]:
    """The plan's rows (chosen sites, estates, candidates, facilities), coverage before and after
    and its map, as keyword arguments of :class:`PlanResult`."""
    estates, located, weight = demand.estates, demand.located, chosen.weight
    site_pairs, rows, covered_before = chosen.site_pairs, chosen.rows, chosen.covered_before
    selected_sites = chosen.solution.selected
    assigned = _assign(site_pairs, rows, selected_sites, weight)
    households = np.array([float(e.households or 0) for e in estates])
    covered_after = covered_before.copy()
    covered_after[list(assigned)] = True
    selected = tuple(
        _site_entry(
            j,
            sites.ids,
            sites.names,
            sites.rows,
            sites.lonlat,
            assigned,
            site_pairs,
            rows,
            households,
            weight,
            demand.weight_unit,
            covered_before,
        )
        for j in selected_sites
    )
    before, after = _before_after(
        objective,
        households,
        located,
        covered_before,
        covered_after,
        weight,
        assigned,
        demand.shortfall_before,
    )
    site_of = {i: sites.ids[j] for i, j in assigned.items()}
    existing = demand.existing
    return {
        "selected": selected,
        "before": before,
        "after": after,
        "estates": tuple(
            _estate_entry(e, i, demand.estate_lonlat, located, covered_before, covered_after, site_of, weight)
            for i, e in enumerate(estates)
        ),
        "candidates": candidate_entries(sites, set(selected_sites), site_pairs),
        "facilities": tuple(
            {"id": fid, "kind": kind, "lon": _round(lon, 7), "lat": _round(lat, 7)}
            for fid, kind, (lon, lat) in zip(
                existing["ids"], existing["kinds"], existing["lonlat"], strict=True
            )
        ),
        "geometry": _geometry(
            method,
            assigned,
            demand.estate_xy,
            located,
            covered_before,
            covered_after,
            households,
            demand.existing_xy,
            sites.xy,
            selected_sites,
            sites.ids,
            distance,
        ),
    }


def candidate_entries(sites: Sites, chosen: set[int], site_pairs: Pairs) -> tuple[dict[str, Any], ...]:
    return tuple(
        {
            "id": sites.ids[j],
            "name": sites.names[j],
            "row": sites.rows[j],
            "lon": _round(sites.lonlat[j, 0], 7),
            "lat": _round(sites.lonlat[j, 1], 7),
            "selected": j in chosen,
            "joined": bool(site_pairs.source_joined[j]),
        }
        for j in range(len(sites.ids))
    )


def _before_after(
    objective: str,
    households: np.ndarray,
    located: np.ndarray,
    covered_before: np.ndarray,
    covered_after: np.ndarray,
    weight: np.ndarray,
    assigned: dict[int, int],
    shortfall_before: float,
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Coverage before and after the chosen sites (and the shortfall reached, by capacity)."""
    total = float(households[located].sum())
    before = _coverage_state(households, located, covered_before, total)
    after = _coverage_state(households, located, covered_after, total)
    if objective == "capacity":
        reached = float(sum(weight[i] for i in assigned))
        before["shortfall"] = round(float(shortfall_before), 3)
        after["shortfall_reached"] = round(reached, 3)
        after["shortfall_unreached"] = round(max(float(shortfall_before) - reached, 0.0), 3)
    return before, after


def _round(value: float, digits: int) -> float | None:
    return None if value != value else round(float(value), digits)


def _assign(pairs: Pairs, rows: np.ndarray, selected: tuple[int, ...], weight: np.ndarray) -> dict[int, int]:
    """Estate → the nearest chosen site (ties: the lower site) for every estate with weight
    that a chosen site reaches."""
    chosen = np.isin(pairs.source, np.array(selected, dtype=np.int64))
    estate = rows[pairs.target[chosen]]
    site, distance = pairs.source[chosen], pairs.distance_m[chosen]
    keep = weight[estate] > 0
    estate, site, distance = estate[keep], site[keep], distance[keep]
    order = np.lexsort((site, distance, estate))
    assigned: dict[int, int] = {}
    for i, j in zip(estate[order].tolist(), site[order].tolist(), strict=True):
        assigned.setdefault(i, j)
    return assigned


def _site_entry(
    j: int,
    ids: list[str],
    names: list[str],
    rows_of: list[str],
    lonlat: np.ndarray,
    assigned: dict[int, int],
    pairs: Pairs,
    rows: np.ndarray,
    households: np.ndarray,
    weight: np.ndarray,
    weight_unit: str,
    covered_before: np.ndarray,
) -> dict[str, Any]:
    """A chosen site: the estates it newly covers (those it is the nearest chosen site of and
    no facility covered before), and the weight within its reach."""
    mine = [i for i, site in assigned.items() if site == j]
    new = [i for i in mine if not covered_before[i]]
    reached = [i for i in rows[pairs.target[pairs.source == j]].tolist() if weight[i] > 0]
    entry = {
        "id": ids[j],
        "name": names[j],
        "row": rows_of[j],
        "lon": _round(lonlat[j, 0], 7),
        "lat": _round(lonlat[j, 1], 7),
        "estates_newly_covered": len(new),
        "households_newly_covered": int(sum(households[i] for i in new)),
        "estates_reached": len(reached),
        "households_reached": int(sum(households[i] for i in reached)),
    }
    if weight_unit != "households":
        entry["shortfall_reached"] = round(float(sum(weight[i] for i in mine)), 3)
    return entry


def _coverage_state(
    households: np.ndarray, located: np.ndarray, covered: np.ndarray, total: float
) -> dict[str, Any]:
    count = float(households[located & covered].sum())
    return {
        "households_total": int(total),
        "households_covered": int(count),
        "ratio": round(ratio, 4) if (ratio := share(count, total)) is not None else None,
    }


def _estate_entry(
    estate: Any,
    index: int,
    lonlat: np.ndarray,
    located: np.ndarray,
    before: np.ndarray,
    after: np.ndarray,
    site_of: dict[int, str],
    weight: np.ndarray,
) -> dict[str, Any]:
    measured = bool(located[index])
    return {
        "name": estate.name,
        "row": estate.place,
        "district": estate.district,
        "community": estate.community,
        "households": estate.households,
        "lon": _round(lonlat[index, 0], 7),
        "lat": _round(lonlat[index, 1], 7),
        "covered_before": bool(before[index]) if measured else None,
        "covered_after": bool(after[index]) if measured else None,
        "site": site_of.get(index),
        "weight": round(float(weight[index]), 3) if measured else None,
        "reason": estate.reason or None,
    }


def _geometry(
    method: DistanceMethod,
    assigned: dict[int, int],
    estate_xy: np.ndarray,
    located: np.ndarray,
    before: np.ndarray,
    after: np.ndarray,
    households: np.ndarray,
    existing_xy: np.ndarray,
    candidate_xy: np.ndarray,
    selected: tuple[int, ...],
    ids: list[str],
    distance: float,
) -> PlanGeometry:
    rows = np.flatnonzero(located)
    state = tuple("covered" if before[i] else "new" if after[i] else "uncovered" for i in rows.tolist())
    chosen = candidate_xy[list(selected)] if selected else np.empty((0, 2))
    reach = np.empty((0, 2, 2))
    network = np.empty((0, 2, 2))
    if isinstance(method, WalkingNetwork):
        if len(chosen):
            reach = method.reachable(chosen, distance)
        network = method.segments(np.vstack([estate_xy[rows], existing_xy, chosen]), distance * 0.5)
    return PlanGeometry(
        estate_xy[rows],
        state,
        households[rows],
        tuple(i in assigned for i in rows.tolist()),
        existing_xy,
        candidate_xy,
        chosen,
        tuple(ids[j] for j in selected),
        reach,
        network,
    )


@dataclass(frozen=True)
class Demand:
    """The estates located in the metric CRS, the facilities that cover them already, the walking
    graph, and what each estate weighs in the objective."""

    problems: list[Problem]
    estates: Sequence[Estate]
    located: np.ndarray
    metric: str
    estate_lonlat: np.ndarray
    estate_xy: np.ndarray
    candidate_lonlat: np.ndarray | None
    existing: dict[str, Any]
    existing_xy: np.ndarray
    network: Network | None
    graph: Any
    health: dict[str, Any] | None
    weight: np.ndarray
    weight_unit: str
    shortfall_before: float
    far_from_rest: tuple[str, ...] = ()
    """The places of estates refused for lying far from all the others."""
    city: tuple[Facility, ...] = ()
    """The city's facilities with WGS84 points (None where unusable), for the ledger."""


@dataclass(frozen=True)
class Sites:
    """The candidate sites: from a file, or placed along the network."""

    xy: np.ndarray
    ids: list[str]
    names: list[str]
    rows: list[str]
    lonlat: np.ndarray
    source: str
    """``file`` or ``network``."""
