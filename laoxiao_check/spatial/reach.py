"""Who reaches whom within a distance: every (demand point, site) pair, by the coverage methods.

Coverage asks how far the *nearest* facility is; floating catchments (``access.py``) and
siting (``plan.py``) need *every* facility or candidate site within a level's distance of
every demand point. The distances come from the same two methods as coverage
(:class:`~laoxiao_check.spatial.distance.StraightLine`,
:class:`~laoxiao_check.spatial.distance.WalkingNetwork`):
a k-d tree's sparse distance matrix, or a bounded Dijkstra per block of sites on the same
graph with the same snapping (``network/pairs.py``). No I/O.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from laoxiao_check.spatial.distance import BRUTE_FORCE_PAIRS, DistanceMethod, Network, WalkingNetwork


@dataclass(frozen=True)
class Pairs:
    """Every (target, source) pair within ``limit_m``, sorted by target then source."""

    target: np.ndarray
    source: np.ndarray
    distance_m: np.ndarray
    target_count: int
    source_count: int
    limit_m: float
    method: str
    target_joined: np.ndarray
    """Per target: measured at all (joined the network; always in a straight line)."""
    source_joined: np.ndarray

    def within(self, limit_m: float) -> Pairs:
        """The pairs within a shorter distance."""
        keep = self.distance_m <= limit_m
        return Pairs(
            self.target[keep],
            self.source[keep],
            self.distance_m[keep],
            self.target_count,
            self.source_count,
            limit_m,
            self.method,
            self.target_joined,
            self.source_joined,
        )


def pairs_within(method: DistanceMethod, sources: np.ndarray, targets: np.ndarray, limit_m: float) -> Pairs:
    """Every pair of a target and a source within ``limit_m`` (metres, inclusive)."""
    sources = np.asarray(sources, dtype=float).reshape(-1, 2)
    targets = np.asarray(targets, dtype=float).reshape(-1, 2)
    if isinstance(method, WalkingNetwork):
        from laoxiao_check.spatial.network.pairs import pair_distances

        source_snap, target_snap = method.snap(sources), method.snap(targets)
        t, s, d = pair_distances(method.graph, source_snap, target_snap, limit_m)
        return Pairs(
            t,
            s,
            d,
            len(targets),
            len(sources),
            limit_m,
            method.name,
            target_snap.snapped,
            source_snap.snapped,
        )
    t, s, d = _straight_pairs(sources, targets, limit_m)
    every = np.ones(len(targets), dtype=bool)
    return Pairs(
        t, s, d, len(targets), len(sources), limit_m, method.name, every, np.ones(len(sources), bool)
    )


def _straight_pairs(
    sources: np.ndarray, targets: np.ndarray, limit_m: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    if len(sources) == 0 or len(targets) == 0:
        return np.empty(0, np.int64), np.empty(0, np.int64), np.empty(0)
    if len(sources) * len(targets) <= BRUTE_FORCE_PAIRS:
        gaps = targets[:, None, :] - sources[None, :, :]
        t, s = np.nonzero(np.sqrt((gaps**2).sum(axis=2)) <= limit_m)
    else:
        from scipy.spatial import cKDTree

        near = cKDTree(targets).sparse_distance_matrix(
            cKDTree(sources), limit_m * (1 + 1e-9) + 1e-6, output_type="ndarray"
        )
        t, s = near["i"], near["j"]
    # ordered by (target, source): one sort of a single key, cheaper than a lexsort of two
    t, s = np.divmod(np.sort(t.astype(np.int64) * len(sources) + s), len(sources))
    # one formula for the distance whichever way the pairs were found (same input, same bytes)
    dx = targets[t, 0] - sources[s, 0]
    dy = targets[t, 1] - sources[s, 1]
    d = np.sqrt(dx * dx + dy * dy)
    keep = d <= limit_m
    return t[keep], s[keep], d[keep]


class SameGraph:
    """A walking network whose graph is built (or read from the cache) once per run, though
    coverage, accessibility and siting each ask for it."""

    def __init__(self, network: Network) -> None:
        self.network = network
        self.source = network.source
        self._built: dict[tuple[str, Any], Any] = {}

    def walk_graph(self, metric_crs: str, options: Any = None) -> Any:
        key = (metric_crs, options)
        if key not in self._built:
            self._built[key] = self.network.walk_graph(metric_crs, options)
        return self._built[key]
