"""Where to build next: maximal covering and set covering of demand by candidate sites. No I/O.

- **Maximal covering** (MCLP, Church & ReVelle 1974): choose at most ``k`` sites to cover the
  largest weight of demand points (households not yet covered, or their shortfall of
  places), a point being covered when a chosen site is within the level's distance.
- **Set covering** (LSCP, Toregas et al. 1971): the fewest sites that cover every demand
  point some site can reach.

Both are solved exactly as mixed-integer programs with HiGHS (``scipy.optimize.milp``),
within a time limit (``DEFAULT_TIME_LIMIT_S``). A greedy answer is always computed as well
(the site that adds the most, ties to the lower index). When HiGHS does not prove its
answer optimal within the limit, or the instance has more than ``MAX_MILP_PAIRS`` pairs,
the better of the greedy answer and HiGHS's best is returned with its gap to the best
bound known: HiGHS's dual bound, the LP relaxation, or (MCLP) the greedy online bound
``f(S) + sum of the k largest marginal gains`` (Minoux 1978; Leskovec et al. 2007).

Before solving, demand points are reduced to those with weight that some site reaches, and
points reached by exactly the same sites are merged (their weights added), which leaves
the optimum unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from laoxiao_check.model.plan import Solution

DEFAULT_TIME_LIMIT_S = 60.0
"""HiGHS's time limit per solve; past it the greedy answer (or HiGHS's best) is returned with its gap."""
MAX_MILP_PAIRS = 5_000_000
"""Demand-site pairs (after merging) beyond which HiGHS is not tried: greedy with its bound."""
_TOLERANCE = 1e-6


@dataclass(frozen=True)
class _Reduced:
    incidence: sp.csr_matrix
    """Merged demand groups × sites, 1 where a site reaches the group."""
    weight: np.ndarray
    """Per group: the weight of its points."""
    uncoverable: tuple[int, ...]


def _reduce(
    weight: np.ndarray, demand_index: np.ndarray, site_index: np.ndarray, site_count: int
) -> _Reduced:
    weight = np.asarray(weight, dtype=float)
    demand_index = np.asarray(demand_index, dtype=np.int64)
    site_index = np.asarray(site_index, dtype=np.int64)
    wanted = weight[demand_index] > 0
    demand_index, site_index = demand_index[wanted], site_index[wanted]
    reached = np.zeros(len(weight), dtype=bool)
    reached[demand_index] = True
    uncoverable = tuple(np.flatnonzero((weight > 0) & ~reached).tolist())
    points = np.flatnonzero(reached)
    matrix = sp.csr_matrix(
        (np.ones(len(demand_index)), (demand_index, site_index)), shape=(len(weight), site_count)
    )[points]
    matrix.sum_duplicates()
    matrix.sort_indices()
    matrix.data[:] = 1.0
    groups: dict[bytes, int] = {}
    group_of = np.empty(len(points), dtype=np.int64)
    for row in range(len(points)):
        key = matrix.indices[matrix.indptr[row] : matrix.indptr[row + 1]].tobytes()
        group_of[row] = groups.setdefault(key, len(groups))
    first = np.full(len(groups), len(points))
    np.minimum.at(first, group_of, np.arange(len(points)))
    incidence = matrix[first].tocsr()
    merged = np.bincount(group_of, weights=weight[points], minlength=len(groups))
    return _Reduced(incidence, merged, uncoverable)


def maximal_covering(
    weight: np.ndarray,
    demand_index: np.ndarray,
    site_index: np.ndarray,
    site_count: int,
    k: int,
    time_limit_s: float = DEFAULT_TIME_LIMIT_S,
) -> Solution:
    """At most ``k`` sites covering the largest weight (pairs: demand point i reached by site j)."""
    if k < 1:
        raise ValueError("k must be at least 1")
    reduced = _reduce(weight, demand_index, site_index, site_count)
    if reduced.incidence.nnz == 0 or not reduced.incidence.shape[1]:  # no site reaches any demand
        return Solution((), 0.0, 0.0, True, "greedy", 0.0, "nothing to cover", reduced.uncoverable)
    greedy, greedy_value, online_bound = _greedy_max_cover(reduced, k)
    greedy = _prefer_earlier(reduced, _drop_idle(reduced, greedy))
    if greedy_value >= online_bound - _TOLERANCE * max(1.0, online_bound):
        return Solution(
            tuple(sorted(greedy)),
            greedy_value,
            greedy_value,
            True,
            "greedy",
            greedy_value,
            "greedy meets its bound",
            reduced.uncoverable,
        )
    if reduced.incidence.nnz > MAX_MILP_PAIRS:
        status = f"not tried: {reduced.incidence.nnz:,} pairs > {MAX_MILP_PAIRS:,}"
        return _fallback(greedy, greedy_value, online_bound, greedy_value, status, reduced, maximise=True)
    chosen, value, bound, status = _milp_max_cover(reduced, k, time_limit_s)
    bound = min(bound, online_bound)
    if status == "optimal" and chosen is not None:
        chosen = _prefer_earlier(reduced, _drop_idle(reduced, chosen))
        return Solution(
            tuple(sorted(chosen)), value, value, True, "milp", greedy_value, status, reduced.uncoverable
        )
    if chosen is not None and value > greedy_value + _TOLERANCE:
        chosen = _prefer_earlier(reduced, _drop_idle(reduced, chosen))
        return Solution(
            tuple(sorted(chosen)),
            value,
            bound,
            value >= bound - _TOLERANCE,
            "milp",
            greedy_value,
            status,
            reduced.uncoverable,
        )
    return _fallback(greedy, greedy_value, bound, greedy_value, status, reduced, maximise=True)


def set_covering(
    weight: np.ndarray,
    demand_index: np.ndarray,
    site_index: np.ndarray,
    site_count: int,
    time_limit_s: float = DEFAULT_TIME_LIMIT_S,
) -> Solution:
    """The fewest sites covering every demand point of positive weight that some site reaches."""
    reduced = _reduce(weight, demand_index, site_index, site_count)
    if reduced.incidence.nnz == 0:
        return Solution((), 0.0, 0.0, True, "greedy", 0.0, "nothing to cover", reduced.uncoverable)
    greedy = _prefer_earlier(reduced, _greedy_set_cover(reduced))
    greedy_value = float(len(greedy))
    if reduced.incidence.nnz > MAX_MILP_PAIRS:
        bound = _lp_bound_set_cover(reduced, time_limit_s)
        status = f"not tried: {reduced.incidence.nnz:,} pairs > {MAX_MILP_PAIRS:,}"
        return _fallback(greedy, greedy_value, bound, greedy_value, status, reduced, maximise=False)
    chosen, value, bound, status = _milp_set_cover(reduced, time_limit_s)
    if status == "optimal" and chosen is not None:
        chosen = _prefer_earlier(reduced, chosen)
        return Solution(
            tuple(sorted(chosen)), value, value, True, "milp", greedy_value, status, reduced.uncoverable
        )
    if chosen is not None and value < greedy_value - _TOLERANCE:
        chosen = _prefer_earlier(reduced, _drop_redundant(reduced, chosen))
        value = float(len(chosen))
        return Solution(
            tuple(sorted(chosen)),
            value,
            bound,
            value <= bound + _TOLERANCE,
            "milp",
            greedy_value,
            status,
            reduced.uncoverable,
        )
    return _fallback(greedy, greedy_value, bound, greedy_value, status, reduced, maximise=False)


def _fallback(
    chosen: list[int],
    value: float,
    bound: float,
    greedy_value: float,
    status: str,
    reduced: _Reduced,
    *,
    maximise: bool,
) -> Solution:
    proven = value >= bound - _TOLERANCE if maximise else value <= bound + _TOLERANCE
    return Solution(
        tuple(sorted(chosen)), value, bound, proven, "greedy", greedy_value, status, reduced.uncoverable
    )


def covered_weight(reduced_or_incidence: sp.csr_matrix, weight: np.ndarray, chosen: list[int]) -> float:
    """The weight of the demand groups reached by at least one chosen site."""
    if not chosen:
        return 0.0
    hits = reduced_or_incidence[:, chosen].sum(axis=1).A1 > 0
    return float(weight[hits].sum())


def _greedy_max_cover(reduced: _Reduced, k: int) -> tuple[list[int], float, float]:
    """Greedy picks and their value, and the best online upper bound met on the way."""
    by_site = reduced.incidence.T.tocsr()
    open_weight = reduced.weight.copy()
    chosen: list[int] = []
    value = 0.0
    bound = np.inf
    for _ in range(k):
        gains = by_site @ open_weight
        top = np.sort(gains)[::-1][:k].sum()
        bound = min(bound, value + float(top))
        best = int(np.argmax(gains))
        if gains[best] <= 0:
            break
        chosen.append(best)
        value += float(gains[best])
        open_weight[by_site.indices[by_site.indptr[best] : by_site.indptr[best + 1]]] = 0.0
    gains = by_site @ open_weight
    bound = min(bound, value + float(np.sort(gains)[::-1][:k].sum()))
    return chosen, value, bound


def _greedy_set_cover(reduced: _Reduced) -> list[int]:
    by_site = reduced.incidence.T.tocsr()
    open_groups = np.ones(reduced.incidence.shape[0])
    chosen: list[int] = []
    while open_groups.any():
        gains = by_site @ open_groups
        best = int(np.argmax(gains))
        chosen.append(best)
        open_groups[by_site.indices[by_site.indptr[best] : by_site.indptr[best + 1]]] = 0.0
    return _drop_redundant(reduced, chosen)


def _drop_redundant(reduced: _Reduced, chosen: list[int]) -> list[int]:
    """Set covering: leave out sites (last chosen first) whose groups all stay covered."""
    kept = list(chosen)
    counts = np.asarray(reduced.incidence[:, kept].sum(axis=1)).ravel() if kept else np.zeros(0)
    for site in reversed(list(chosen)):
        column = reduced.incidence[:, [site]].toarray().ravel() > 0
        if np.all(counts[column] >= 2):
            kept.remove(site)
            counts[column] -= 1
    return kept


def _prefer_earlier(reduced: _Reduced, chosen: list[int]) -> list[int]:
    """Each chosen site replaced by the first candidate (in the file's order) that reaches
    exactly the same demand: of two candidates at one point the earlier is named, whichever
    the solver took (other ties between equal answers are the solver's, still reproducible)."""
    by_site = reduced.incidence.T.tocsr()
    first: dict[bytes, int] = {}
    for site in range(by_site.shape[0]):
        reach = by_site.indices[by_site.indptr[site] : by_site.indptr[site + 1]]
        first.setdefault(np.sort(reach).tobytes(), site)
    swapped = []
    for site in chosen:
        reach = by_site.indices[by_site.indptr[site] : by_site.indptr[site + 1]]
        earlier = first[np.sort(reach).tobytes()]
        swapped.append(earlier if earlier not in chosen and earlier not in swapped else site)
    return swapped


def _drop_idle(reduced: _Reduced, chosen: list[int]) -> list[int]:
    """Maximal covering: leave out chosen sites that add nothing (a solver may pick them when
    fewer than k sites cover all there is)."""
    kept = sorted(chosen)
    full = covered_weight(reduced.incidence, reduced.weight, kept)
    for site in sorted(chosen, reverse=True):
        trial = [s for s in kept if s != site]
        if covered_weight(reduced.incidence, reduced.weight, trial) >= full - _TOLERANCE * max(1.0, full):
            kept = trial
    return kept


def _solve(
    cost: np.ndarray,
    constraints: list,  # type: ignore[type-arg]
    integrality: np.ndarray,
    time_limit_s: float,
) -> tuple[np.ndarray | None, float, str]:
    from scipy.optimize import Bounds, milp

    result = milp(
        cost,
        constraints=constraints,
        integrality=integrality,
        bounds=Bounds(0, 1),
        options={"time_limit": time_limit_s, "mip_rel_gap": 0.0, "presolve": True},
    )
    status = {0: "optimal", 1: "time limit"}.get(result.status, f"HiGHS status {result.status}")
    dual = getattr(result, "mip_dual_bound", None)
    return result.x, float(dual) if dual is not None else np.nan, status


def _milp_max_cover(
    reduced: _Reduced, k: int, time_limit_s: float
) -> tuple[list[int] | None, float, float, str]:
    from scipy.optimize import LinearConstraint

    groups, sites = reduced.incidence.shape
    cover = sp.hstack([-reduced.incidence, sp.identity(groups, format="csr")], format="csr")
    count = sp.csr_matrix(np.concatenate([np.ones(sites), np.zeros(groups)])[None, :])
    x, dual, status = _solve(
        np.concatenate([np.zeros(sites), -reduced.weight]),
        [LinearConstraint(cover, -np.inf, 0), LinearConstraint(count, -np.inf, k)],
        np.concatenate([np.ones(sites), np.zeros(groups)]),
        time_limit_s,
    )
    if x is None:
        return None, 0.0, -dual if np.isfinite(dual) else np.inf, status
    chosen = np.flatnonzero(x[:sites] > 0.5).tolist()
    value = covered_weight(reduced.incidence, reduced.weight, chosen)  # exact, not the solver's float
    return chosen, value, -dual if np.isfinite(dual) else np.inf, status


def _milp_set_cover(reduced: _Reduced, time_limit_s: float) -> tuple[list[int] | None, float, float, str]:
    from scipy.optimize import LinearConstraint

    sites = reduced.incidence.shape[1]
    x, dual, status = _solve(
        np.ones(sites),
        [LinearConstraint(reduced.incidence, 1, np.inf)],
        np.ones(sites),
        time_limit_s,
    )
    bound = float(np.ceil(dual - _TOLERANCE)) if np.isfinite(dual) else 0.0
    if x is None:
        return None, np.inf, max(bound, _lp_bound_set_cover(reduced, time_limit_s)), status
    chosen = np.flatnonzero(x > 0.5).tolist()
    return chosen, float(len(chosen)), bound, status


def _lp_bound_set_cover(reduced: _Reduced, time_limit_s: float) -> float:
    """The LP relaxation's optimum, rounded up: no cover has fewer sites."""
    from scipy.optimize import linprog

    sites = reduced.incidence.shape[1]
    result = linprog(
        np.ones(sites),
        A_ub=-reduced.incidence,
        b_ub=-np.ones(reduced.incidence.shape[0]),
        bounds=(0, 1),
        method="highs",
        options={"time_limit": time_limit_s},
    )
    return float(np.ceil(result.fun - _TOLERANCE)) if result.status == 0 else 1.0
