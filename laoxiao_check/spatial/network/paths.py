"""One multi-source shortest-path pass, bounded by the largest distance of interest.

Sources join their edge at a point; a virtual source node (the adjacency's spare last
row) reaches both ends of each source's edge at the walking cost to that end. One
Dijkstra run from it, cut at ``limit_m``, gives every node's distance to its nearest
source. A target then walks to either end of its own edge (or directly along the edge
when a source sits on the same edge).
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp
from scipy.sparse.csgraph import dijkstra

from laoxiao_check.spatial.network.graph import WalkGraph
from laoxiao_check.spatial.network.snap import Snapped


def _min_per_key(keys: np.ndarray, values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    order = np.lexsort((values, keys))
    keys, values = keys[order], values[order]
    first = np.ones(len(keys), dtype=bool)
    first[1:] = keys[1:] != keys[:-1]
    return keys[first], values[first]


def node_distances(graph: WalkGraph, sources: Snapped, limit_m: float) -> np.ndarray:
    """Distance from every node to the nearest snapped source (inf beyond ``limit_m``)."""
    n = graph.node_count
    edge = sources.edge
    if len(edge) == 0 or n == 0:
        return np.full(n, np.inf)
    to_u = sources.offset_m + sources.along_m
    to_v = sources.offset_m + graph.edge_length[edge] - sources.along_m
    cols, weights = _min_per_key(
        np.concatenate([graph.edge_u[edge], graph.edge_v[edge]]), np.concatenate([to_u, to_v])
    )
    adjacency = graph.adjacency
    indptr = adjacency.indptr.copy()
    indptr[-1] = indptr[-2] + len(cols)
    augmented = sp.csr_matrix(
        (np.concatenate([adjacency.data, weights]), np.concatenate([adjacency.indices, cols]), indptr),
        shape=adjacency.shape,
    )
    distances: np.ndarray = dijkstra(augmented, directed=True, indices=n, limit=limit_m)
    return distances[:n]


def distances_to_nearest(graph: WalkGraph, sources: Snapped, targets: Snapped, limit_m: float) -> np.ndarray:
    """Walking distance from each target to its nearest source; inf if unsnapped or > limit."""
    result = np.full(targets.count, np.inf)
    if len(targets.edge) == 0 or len(sources.edge) == 0:
        return result
    at_node = node_distances(graph, sources, limit_m)
    edge, along = targets.edge, targets.along_m
    via_u = at_node[graph.edge_u[edge]] + along
    via_v = at_node[graph.edge_v[edge]] + graph.edge_length[edge] - along
    best = np.minimum(np.minimum(via_u, via_v), _same_edge(sources, edge, along))
    np.minimum.at(result, targets.point, targets.offset_m + best)
    result[result > limit_m] = np.inf
    return result


def _same_edge(sources: Snapped, target_edge: np.ndarray, target_along: np.ndarray) -> np.ndarray:
    """Walking along the shared edge from a source on the same edge, where there is one."""
    best = np.full(len(target_edge), np.inf)
    if len(sources.edge) == 0:
        return best
    order = np.argsort(sources.edge, kind="stable")
    source_edge = sources.edge[order]
    source_along = sources.along_m[order]
    source_offset = sources.offset_m[order]
    lo = np.searchsorted(source_edge, target_edge, side="left")
    hi = np.searchsorted(source_edge, target_edge, side="right")
    has = np.nonzero(hi > lo)[0]
    if len(has) == 0:
        return best
    counts = hi[has] - lo[has]
    target_rows = np.repeat(has, counts)
    starts = np.cumsum(counts) - counts
    source_rows = np.arange(counts.sum()) - np.repeat(starts, counts) + np.repeat(lo[has], counts)
    cost = source_offset[source_rows] + np.abs(source_along[source_rows] - target_along[target_rows])
    np.minimum.at(best, target_rows, cost)
    return best
