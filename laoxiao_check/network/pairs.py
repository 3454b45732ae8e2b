"""Every (target, source) pair within a walking distance, for floating catchments and siting.

``paths.distances_to_nearest`` answers "how far is the nearest source?" with one virtual
source for all sources. Capacity-aware accessibility and location-allocation need each
source's own reach: every source gets a virtual node of its own (with edges to both ends
of each edge it joins, at the walking cost to that end), and bounded Dijkstra runs from
a block of these nodes at a time (scipy.sparse.csgraph; the block is sized to bound
memory). A target then walks to either end of its own edge, or directly along the edge
when the source sits on the same edge — the same arithmetic as the nearest distance, so a
pair's distance equals ``distances_to_nearest`` with that source alone.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp
from scipy.sparse.csgraph import dijkstra

from .graph import WalkGraph
from .paths import _min_per_key
from .snap import Snapped

BLOCK_CELLS = 16_000_000
"""Distances held at once: sources per Dijkstra block × nodes (128 MB of float64)."""


def pair_distances(
    graph: WalkGraph, sources: Snapped, targets: Snapped, limit_m: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(target, source, metres) of every pair within ``limit_m`` on foot, sorted by target
    then source. Unsnapped points have no pairs."""
    empty = (np.empty(0, np.int64), np.empty(0, np.int64), np.empty(0))
    if len(sources.edge) == 0 or len(targets.edge) == 0 or graph.node_count == 0:
        return empty
    n = graph.node_count
    augmented, source_ids = _with_virtual_sources(graph, sources)
    block = max(1, BLOCK_CELLS // augmented.shape[0])
    t_edge, t_along, t_offset, t_point = targets.edge, targets.along_m, targets.offset_m, targets.point
    t_u, t_v = graph.edge_u[t_edge], graph.edge_v[t_edge]
    t_rest = graph.edge_length[t_edge] - t_along
    found_t, found_s, found_d = [], [], []
    for start in range(0, len(source_ids), block):
        ids = source_ids[start : start + block]
        at_node = dijkstra(
            augmented, directed=True, indices=n + np.arange(start, start + len(ids)), limit=limit_m
        )
        via = np.minimum(at_node[:, t_u] + t_along, at_node[:, t_v] + t_rest) + t_offset
        row, col = np.nonzero(via <= limit_m)
        found_t.append(t_point[col])
        found_s.append(ids[row])
        found_d.append(via[row, col])
    same = _same_edge_pairs(sources, targets, limit_m)
    target = np.concatenate([*found_t, same[0]])
    source = np.concatenate([*found_s, same[1]])
    distance = np.concatenate([*found_d, same[2]])
    if len(target) == 0:
        return empty
    key, distance = _min_per_key(target * sources.count + source, distance)
    return key // sources.count, key % sources.count, distance


def _with_virtual_sources(graph: WalkGraph, sources: Snapped) -> tuple[sp.csr_matrix, np.ndarray]:
    """The adjacency with one extra row per snapped source (edges out of it only, so that
    no walk passes through a source), and the source point of each extra row."""
    n = graph.node_count
    edge = sources.edge
    to_u = sources.offset_m + sources.along_m
    to_v = sources.offset_m + graph.edge_length[edge] - sources.along_m
    point = np.concatenate([sources.point, sources.point])
    node = np.concatenate([graph.edge_u[edge], graph.edge_v[edge]])
    key, weight = _min_per_key(point * n + node, np.concatenate([to_u, to_v]))
    point, node = key // n, key % n
    source_ids, row = np.unique(point, return_inverse=True)
    base = graph.adjacency
    counts = np.bincount(row, minlength=len(source_ids))
    indptr = np.concatenate([base.indptr[: n + 1], base.indptr[n] + np.cumsum(counts)])
    size = n + len(source_ids)
    matrix = sp.csr_matrix(
        (
            np.concatenate([base.data[: base.indptr[n]], weight]),
            np.concatenate([base.indices[: base.indptr[n]], node]),
            indptr,
        ),
        shape=(size, size),
    )
    return matrix, source_ids


def _same_edge_pairs(
    sources: Snapped, targets: Snapped, limit_m: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Pairs that walk directly along an edge both joined."""
    order = np.argsort(sources.edge, kind="stable")
    s_edge = sources.edge[order]
    lo = np.searchsorted(s_edge, targets.edge, side="left")
    hi = np.searchsorted(s_edge, targets.edge, side="right")
    counts = hi - lo
    rows = np.repeat(np.arange(len(targets.edge)), counts)
    starts = np.cumsum(counts) - counts
    s_rows = order[np.arange(counts.sum()) - np.repeat(starts, counts) + np.repeat(lo, counts)]
    cost = (
        sources.offset_m[s_rows]
        + np.abs(sources.along_m[s_rows] - targets.along_m[rows])
        + targets.offset_m[rows]
    )
    keep = cost <= limit_m
    return targets.point[rows[keep]], sources.point[s_rows[keep]], cost[keep]
