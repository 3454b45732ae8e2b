"""Capacity-aware accessibility: floating catchments (2SFCA and enhanced 2SFCA). No I/O.

Nearest-facility coverage counts a household as served when any facility is within the
level's distance, however many others share it. A floating catchment shares each
facility's capacity (nursery places, eldercare floor area) among all the demand that
reaches it:

1. for each facility j, its ratio ``R_j = S_j / Σ_i W(d_ij) P_i`` over the demand points i
   within the distance (``S_j`` its capacity, ``P_i`` the demand at i);
2. for each demand point i, its accessibility ``A_i = Σ_j W(d_ij) R_j`` (capacity per unit
   of demand), and its share of capacity ``A_i P_i``.

The shares add up to the capacity of the facilities some demand reaches, so they can be
summed over a community, a district or the city. ``1 / R_j`` is the facility's load
(demand per place). Plain 2SFCA (Luo & Wang 2003) weighs every pair within the distance
by 1; the enhanced 2SFCA (Luo & Qi 2009), the default, by a step decay over three equal
zones of the distance: 1.00 up to a third, 0.68 up to two thirds, 0.22 up to the whole
distance (their weights; each bound inclusive, as in PySAL ``access.weights.step_fn``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

METHODS = ("e2sfca", "2sfca")
DEFAULT_METHOD = "e2sfca"
DECAY_ZONES: tuple[tuple[float, float], ...] = ((1 / 3, 1.0), (2 / 3, 0.68), (1.0, 0.22))
"""(fraction of the level's distance, weight) of the enhanced 2SFCA's step decay."""


def decay_thresholds(max_distance_m: float) -> list[tuple[float, float]]:
    """The decay's zones in metres: (upper bound, weight)."""
    return [(max_distance_m * fraction, weight) for fraction, weight in DECAY_ZONES]


def pair_weights(distance_m: np.ndarray, max_distance_m: float, method: str = DEFAULT_METHOD) -> np.ndarray:
    """W(d) of each pair: 1 within the distance (2SFCA), or the step decay (E2SFCA); 0 beyond."""
    if method not in METHODS:
        raise ValueError(f"unknown floating-catchment method {method!r}: expected one of {METHODS}")
    distance_m = np.asarray(distance_m, dtype=float)
    if method == "2sfca":
        return np.where(distance_m <= max_distance_m, 1.0, 0.0)
    weight = np.zeros(len(distance_m))
    for bound, value in reversed(decay_thresholds(max_distance_m)):
        weight = np.where(distance_m <= bound, value, weight)
    return weight


@dataclass(frozen=True)
class FloatingCatchment:
    demand_reaching: np.ndarray
    """Per facility: Σ_i W(d_ij) P_i, the (weighted) demand within its catchment."""
    ratio: np.ndarray
    """Per facility: capacity per unit of demand R_j (NaN where no demand reaches it)."""
    accessibility: np.ndarray
    """Per demand point: A_i, capacity per unit of its demand (0 where no facility reaches it)."""
    share: np.ndarray
    """Per demand point: A_i P_i, its share of the capacity around it."""
    facilities_reached: np.ndarray
    """Per demand point: how many facilities (with a capacity) are within the distance."""

    @property
    def load(self) -> np.ndarray:
        """Per facility: demand per unit of capacity, 1 / R_j (0 where none reaches it; inf
        where demand reaches a facility of no capacity)."""
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(self.demand_reaching > 0, 1 / np.where(self.ratio > 0, self.ratio, 0), 0.0)


def floating_catchment(
    demand: np.ndarray,
    capacity: np.ndarray,
    demand_index: np.ndarray,
    facility_index: np.ndarray,
    distance_m: np.ndarray,
    max_distance_m: float,
    method: str = DEFAULT_METHOD,
) -> FloatingCatchment:
    """2SFCA / E2SFCA from the (demand point, facility, distance) pairs within reach.

    ``demand`` (n,) and ``capacity`` (m,) are non-negative; pairs beyond ``max_distance_m``
    are ignored. Sums run in the pairs' order (sorted by demand point, then facility), so
    the same input gives the same bits.
    """
    demand = np.asarray(demand, dtype=float)
    capacity = np.asarray(capacity, dtype=float)
    weight = pair_weights(distance_m, max_distance_m, method)
    inside = weight > 0
    i, j, w = np.asarray(demand_index)[inside], np.asarray(facility_index)[inside], weight[inside]
    reaching = np.bincount(j, weights=w * demand[i], minlength=len(capacity))
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(reaching > 0, capacity / np.where(reaching > 0, reaching, 1), np.nan)
    usable = ~np.isnan(ratio[j])
    accessibility = np.bincount(i[usable], weights=w[usable] * ratio[j[usable]], minlength=len(demand))
    reached = np.bincount(i, minlength=len(demand))
    return FloatingCatchment(reaching, ratio, accessibility, accessibility * demand, reached)
