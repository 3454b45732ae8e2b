"""Results of `plan`: the sites chosen by the covering solver, their reach and what the map draws."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from laoxiao_check.model.errors import Problem
from laoxiao_check.model.ledger import InputLedger
from laoxiao_check.model.profile import Profile
from laoxiao_check.model.provenance import Provenance
from laoxiao_check.model.quality import DataQuality


@dataclass(frozen=True)
class Solution:
    selected: tuple[int, ...]
    """Chosen sites (indices), ascending."""
    value: float
    """MCLP: the weight covered; LSCP: the number of sites."""
    bound: float
    """The best bound proven on the optimum (MCLP: upper; LSCP: lower)."""
    optimal: bool
    """Proven optimal (the value meets the bound)."""
    solver: str
    """``milp`` (HiGHS) or ``greedy``."""
    greedy_value: float
    """The greedy answer's value, for comparison."""
    status: str
    """What HiGHS said (``optimal``, ``time limit``, ``not tried: …``)."""
    uncoverable: tuple[int, ...] = ()
    """Demand points with weight that no site reaches (never covered)."""

    @property
    def gap(self) -> float:
        """Relative gap between the value and the bound (0 when proven optimal)."""
        if self.optimal:
            return 0.0
        top = max(abs(self.bound), abs(self.value))
        return abs(self.bound - self.value) / top if top else 0.0


@dataclass(frozen=True)
class PlanGeometry:
    """What the map draws, in the metric CRS."""

    estate_xy: np.ndarray
    estate_state: tuple[str, ...]
    """Per estate drawn: ``covered`` (before), ``new`` (by a chosen site), ``uncovered``."""
    estate_households: np.ndarray
    estate_served: tuple[bool, ...]
    """Per estate drawn: a chosen site is the nearest chosen site reaching it with weight (its
    shortfall, or its households) — so also estates covered before, under ``capacity``."""
    facility_xy: np.ndarray
    candidate_xy: np.ndarray
    selected_xy: np.ndarray
    selected_ids: tuple[str, ...]
    reach_segments: np.ndarray
    """(m, 2, 2) the network within reach of the chosen sites (network method)."""
    network: np.ndarray
    """(m, 2, 2) the walking network around the estates (empty without one)."""


@dataclass(frozen=True)
class PlanResult:
    profile: Profile
    category: str
    level: str
    max_distance_m: float
    method: str
    objective: str
    add: int | None
    time_limit_s: float
    catchment: str
    inputs: dict[str, str | None]
    candidates_from: str
    """``file`` or ``network``."""
    metric_crs: str
    weight_unit: str
    """What the objective counts: ``households``, or ``places`` / ``m2`` of shortfall."""
    solution: Solution
    selected: tuple[dict[str, Any], ...]
    before: dict[str, Any]
    after: dict[str, Any]
    estates: tuple[dict[str, Any], ...]
    candidates: tuple[dict[str, Any], ...]
    facilities: tuple[dict[str, Any], ...]
    problems: tuple[Problem, ...]
    network: dict[str, Any] | None
    geometry: PlanGeometry
    provenance: Provenance | None = None
    """The inputs, profile, options and version that produced the plan (set by the caller)."""
    quality: DataQuality | None = None
    """The data tier of the estate list (before the plan)."""
    ledger: InputLedger = field(default_factory=InputLedger)
    """What was dropped or doubted on the way in: estates not judged or not located are not planned for."""
