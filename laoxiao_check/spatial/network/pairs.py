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

from laoxiao_check.spatial.network.graph import WalkGraph
from laoxiao_check.spatial.network.paths import _min_per_key
from laoxiao_check.spatial.network.snap import Snapped

BLOCK_CELLS = 16_000_000
"""Distances held at once: sources per Dijkstra block × nodes (128 MB of float64)."""


def pair_distances(
    graph: WalkGraph, sources: Snapped, targets: Snapped, limit_m: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(target, source, metres) of every pair within ``limit_m`` on foot, sorted by target
    then source. Unsnapped points have no pairs.

    Sources are taken by square cells: a walk of at most ``limit_m`` from a source never leaves
    the box of its edge's ends widened by ``limit_m``, so each cell's Dijkstra runs on the nodes
    of that box alone (a few thousand in a city, not the million of the whole graph), and only
    the targets joined to an edge with an end in the box are looked at.
    """
    empty = (np.empty(0, np.int64), np.empty(0, np.int64), np.empty(0))
    if len(sources.edge) == 0 or len(targets.edge) == 0 or graph.node_count == 0:
        return empty
    size = max(CELL_TIMES_DISTANCE * limit_m, MIN_CELL_M)
    xy = graph.node_xy
    nodes_in = _Cells(xy, np.arange(graph.node_count), size)
    t_u, t_v = graph.edge_u[targets.edge], graph.edge_v[targets.edge]
    rows = np.arange(len(targets.edge))
    targets_in = _Cells(np.vstack([xy[t_u], xy[t_v]]), np.concatenate([rows, rows]), size)
    t_rest = graph.edge_length[targets.edge] - targets.along_m

    ends = np.concatenate([graph.edge_u[sources.edge], graph.edge_v[sources.edge]])
    owner = np.concatenate([sources.point, sources.point])
    lo = np.full((sources.count, 2), np.inf)
    hi = np.full((sources.count, 2), -np.inf)
    np.minimum.at(lo, owner, xy[ends])
    np.maximum.at(hi, owner, xy[ends])
    joined = np.flatnonzero(np.isfinite(lo[:, 0]))
    cell = np.floor(lo[joined] / size).astype(np.int64)
    order = np.lexsort((joined, cell[:, 1], cell[:, 0]))
    joined, cell = joined[order], cell[order]
    new_cell = np.r_[True, np.any(cell[1:] != cell[:-1], axis=1)]
    group_of = np.full(sources.count, -1, dtype=np.int64)
    group_of[joined] = np.cumsum(new_cell) - 1
    first = np.flatnonzero(new_cell)
    # the sources' joining rows, by group
    row_order = np.argsort(group_of[sources.point], kind="stable")
    row_bounds = np.searchsorted(group_of[sources.point][row_order], np.arange(len(first) + 1))

    found: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
    local = np.full(graph.node_count, -1, dtype=np.int64)
    for index, (begin, stop) in enumerate(zip(first, np.r_[first[1:], len(joined)], strict=True)):
        group = joined[begin:stop]
        box_lo, box_hi = lo[group].min(axis=0) - limit_m, hi[group].max(axis=0) + limit_m
        near = targets_in.within(box_lo, box_hi)
        if len(near) == 0:
            continue
        nodes = nodes_in.within(box_lo, box_hi)
        local[nodes] = np.arange(len(nodes))
        mine = row_order[row_bounds[index] : row_bounds[index + 1]]
        found.append(
            _group_pairs(graph, sources, targets, group, mine, nodes, local, near, t_u, t_v, t_rest, limit_m)
        )
        local[nodes] = -1
    same = _same_edge_pairs(sources, targets, limit_m)
    target = np.concatenate([*(f[0] for f in found), same[0]])
    source = np.concatenate([*(f[1] for f in found), same[1]])
    distance = np.concatenate([*(f[2] for f in found), same[2]])
    if len(target) == 0:
        return empty
    key, distance = _min_per_key(target * sources.count + source, distance)
    return key // sources.count, key % sources.count, distance


CELL_TIMES_DISTANCE = 2.0
MIN_CELL_M = 250.0
"""Sources are grouped by square cells this many times the distance wide (at least MIN_CELL_M):
wider cells mean fewer Dijkstra runs on larger pieces of the graph."""


class _Cells:
    """Items (nodes, or targets' joining rows) bucketed in square cells by a point of theirs, to
    list those in a box without scanning them all."""

    def __init__(self, xy: np.ndarray, items: np.ndarray, size: float) -> None:
        self.size = size
        cell = np.floor(xy / size).astype(np.int64)
        self.low = cell.min(axis=0)
        self.span = int(cell[:, 1].max() - self.low[1]) + 1
        key = (cell[:, 0] - self.low[0]) * self.span + (cell[:, 1] - self.low[1])
        order = np.argsort(key, kind="stable")
        self.keys = key[order]
        self.items = items[order]
        self.columns = int(cell[:, 0].max() - self.low[0]) + 1

    def within(self, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
        """The items of the cells that the box touches, ascending, each once."""
        c0 = np.floor(lo / self.size).astype(np.int64) - self.low
        c1 = np.floor(hi / self.size).astype(np.int64) - self.low
        y0, y1 = max(int(c0[1]), 0), min(int(c1[1]), self.span - 1)
        parts = []
        for x in range(max(int(c0[0]), 0), min(int(c1[0]), self.columns - 1) + 1):
            a = np.searchsorted(self.keys, x * self.span + y0, side="left")
            b = np.searchsorted(self.keys, x * self.span + y1, side="right")
            parts.append(self.items[a:b])
        return np.unique(np.concatenate(parts)) if parts else np.empty(0, dtype=np.int64)


def _group_pairs(
    graph: WalkGraph,
    sources: Snapped,
    targets: Snapped,
    group: np.ndarray,
    mine: np.ndarray,
    nodes: np.ndarray,
    local: np.ndarray,
    row_of: np.ndarray,
    t_u: np.ndarray,
    t_v: np.ndarray,
    t_rest: np.ndarray,
    limit_m: float,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The pairs of a group of sources (``mine``: their joining rows) on the subgraph of
    ``nodes`` (``local``: node → its row), with the targets' joining rows ``row_of``."""
    adjacency = graph.adjacency
    starts, stops = adjacency.indptr[nodes], adjacency.indptr[nodes + 1]
    counts = stops - starts
    position = np.repeat(starts - np.cumsum(counts) + counts, counts) + np.arange(counts.sum())
    cols = local[adjacency.indices[position]]
    rows = np.repeat(np.arange(len(nodes)), counts)
    inside = cols >= 0
    edge = sources.edge[mine]
    point = np.searchsorted(group, sources.point[mine])
    to_u = sources.offset_m[mine] + sources.along_m[mine]
    to_v = sources.offset_m[mine] + graph.edge_length[edge] - sources.along_m[mine]
    size = len(nodes) + len(group)
    # a source joined to two edges that share a node: keep the cheaper way to it (the graph's
    # own entries are one per node pair already)
    key, weight = _min_per_key(
        (len(nodes) + np.concatenate([point, point])) * size
        + np.concatenate([local[graph.edge_u[edge]], local[graph.edge_v[edge]]]),
        np.concatenate([to_u, to_v]),
    )
    matrix = sp.csr_matrix(
        (
            np.concatenate([adjacency.data[position][inside], weight]),
            (np.concatenate([rows[inside], key // size]), np.concatenate([cols[inside], key % size])),
        ),
        shape=(size, size),
    )
    u_local, v_local = local[t_u[row_of]], local[t_v[row_of]]
    found_t, found_s, found_d = [], [], []
    block = max(1, BLOCK_CELLS // size)
    for start in range(0, len(group), block):
        chunk = np.arange(start, min(start + block, len(group)))
        at_node = dijkstra(matrix, directed=True, indices=len(nodes) + chunk, limit=limit_m)
        padded = np.hstack([at_node[:, : len(nodes)], np.full((len(chunk), 1), np.inf)])
        via_u = padded[:, np.where(u_local >= 0, u_local, len(nodes))] + targets.along_m[row_of]
        via_v = padded[:, np.where(v_local >= 0, v_local, len(nodes))] + t_rest[row_of]
        via = np.minimum(via_u, via_v) + targets.offset_m[row_of]
        r, c = np.nonzero(via <= limit_m)
        found_t.append(targets.point[row_of[c]])
        found_s.append(group[chunk[r]])
        found_d.append(via[r, c])
    return np.concatenate(found_t), np.concatenate(found_s), np.concatenate(found_d)


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
