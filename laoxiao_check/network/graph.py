"""A walking graph built from LineStrings: every segment between two vertices is an edge.

Vertices that coincide (to the centimetre) are one node, so lines connect where they share
a vertex; lines that merely cross (a bridge over a road) do not. Everything is vectorised.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
import shapely
from scipy.spatial import cKDTree

NODE_PRECISION_M = 0.001
INDEX_SPACING_M = 100.0


@dataclass(frozen=True)
class WalkGraph:
    node_xy: np.ndarray
    """(n, 2) node coordinates, metres."""
    edge_u: np.ndarray
    edge_v: np.ndarray
    edge_length: np.ndarray
    index: EdgeIndex
    """Finds the edges near a point (see snap.py)."""
    adjacency: sp.csr_matrix
    """(n + 1) × (n + 1), both directions of each edge; the last row is kept free for a
    virtual source (see paths.py)."""

    @property
    def node_count(self) -> int:
        return len(self.node_xy)

    @property
    def edge_count(self) -> int:
        return len(self.edge_u)


def graph_from_lines(lines: np.ndarray) -> WalkGraph:
    """Build the graph from (Multi)LineStrings in a metric CRS."""
    parts = np.asarray(lines, dtype=object)
    kinds = shapely.get_type_id(parts)
    if not np.all(kinds == 1):
        parts = shapely.get_parts(parts)
        parts = parts[shapely.get_type_id(parts) == 1]  # LineStrings only
    coords, line_index = shapely.get_coordinates(parts, return_index=True)
    if len(coords) < 2:
        return graph_from_segments(np.empty((0, 2)), np.empty((0, 2)))
    same_line = line_index[1:] == line_index[:-1]
    starts = coords[:-1][same_line]
    ends = coords[1:][same_line]
    return graph_from_segments(starts, ends)


def graph_from_segments(starts: np.ndarray, ends: np.ndarray) -> WalkGraph:
    """Build the graph from segment end points, (m, 2) each."""
    cells = np.round(np.concatenate([starts, ends]) / NODE_PRECISION_M).astype(np.int64)
    node_xy, inverse = _merge_vertices(cells)
    m = len(starts)
    u, v = inverse[:m], inverse[m:]
    keep = u != v  # drop zero-length segments
    u, v = u[keep], v[keep]
    s_xy, e_xy = node_xy[u], node_xy[v]
    length = np.hypot(*(e_xy - s_xy).T)
    return WalkGraph(
        node_xy=node_xy,
        edge_u=u,
        edge_v=v,
        edge_length=length,
        index=EdgeIndex.build(s_xy, e_xy, length),
        adjacency=_adjacency(u, v, length, len(node_xy)),
    )


@dataclass(frozen=True)
class EdgeIndex:
    """A k-d tree of sample points along the edges, at most ``spacing_m`` apart.

    Every point of an edge lies within ``spacing_m / 2`` of one of its samples, so the
    edges within distance d of a point are among those with a sample within
    d + spacing_m / 2: a ball query that is exact, without one geometry object per edge.
    """

    tree: cKDTree
    sample_edge: np.ndarray
    spacing_m: float

    @classmethod
    def build(
        cls, starts: np.ndarray, ends: np.ndarray, length: np.ndarray, spacing_m: float = INDEX_SPACING_M
    ) -> EdgeIndex:
        pieces = np.maximum(1, np.ceil(length / spacing_m)).astype(np.int64)
        edge = np.repeat(np.arange(len(length)), pieces)
        first = np.cumsum(pieces) - pieces
        k = np.arange(len(edge)) - np.repeat(first, pieces)
        t = (k + 0.5) / pieces[edge]
        samples = starts[edge] + (ends[edge] - starts[edge]) * t[:, None]
        tree = cKDTree(samples, balanced_tree=False, compact_nodes=False) if len(samples) else None
        return cls(tree, edge, spacing_m)


def _merge_vertices(cells: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Unique grid cells (one node each) and each vertex's node, via one 1-D key."""
    if len(cells) == 0:
        return np.empty((0, 2)), np.empty(0, dtype=np.int64)
    low = cells.min(axis=0)
    shifted = cells - low
    if shifted.max() < 2**31:
        keys = (shifted[:, 0] << 32) | shifted[:, 1]
        unique_keys, inverse = np.unique(keys, return_inverse=True)
        unique_cells = np.column_stack([unique_keys >> 32, unique_keys & 0xFFFFFFFF]) + low
    else:  # an extent beyond 2,000 km at millimetre precision
        unique_cells, inverse = np.unique(cells, axis=0, return_inverse=True)
    return unique_cells.astype(float) * NODE_PRECISION_M, inverse.ravel()


def _adjacency(u: np.ndarray, v: np.ndarray, length: np.ndarray, n: int) -> sp.csr_matrix:
    """Symmetric CSR with one entry per node pair: the shortest of parallel edges."""
    rows, cols = np.concatenate([u, v]), np.concatenate([v, u])
    matrix = sp.csr_matrix((np.concatenate([length, length]), (rows, cols)), shape=(n + 1, n + 1))
    if matrix.nnz == len(rows):  # no parallel edges (summed duplicates would shrink nnz)
        matrix.sort_indices()
        return matrix
    low, high = np.minimum(u, v), np.maximum(u, v)
    pair = low.astype(np.int64) * (n + 1) + high
    order = np.argsort(pair, kind="stable")
    pair = pair[order]
    first = np.ones(len(pair), dtype=bool)
    first[1:] = pair[1:] != pair[:-1]
    starts = np.flatnonzero(first)
    length = np.minimum.reduceat(length[order], starts) if len(starts) else length
    low, high = low[order][starts], high[order][starts]
    rows = np.concatenate([low, high])
    cols = np.concatenate([high, low])
    weights = np.concatenate([length, length])
    matrix = sp.csr_matrix((weights, (rows, cols)), shape=(n + 1, n + 1))
    matrix.sort_indices()
    return matrix
