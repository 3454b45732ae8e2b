"""A walking graph built from LineStrings: every segment between two vertices is an edge.

Vertices that coincide (to the centimetre) are one node, so lines connect where they share
a vertex; lines that merely cross (a bridge over a road) do not. Everything is vectorised.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
import shapely

NODE_PRECISION_M = 0.01


@dataclass(frozen=True)
class WalkGraph:
    node_xy: np.ndarray
    """(n, 2) node coordinates, metres."""
    edge_u: np.ndarray
    edge_v: np.ndarray
    edge_length: np.ndarray
    segments: np.ndarray
    """One shapely LineString per edge, from u to v."""
    tree: shapely.STRtree
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
    parts = shapely.get_parts(np.asarray(lines, dtype=object))
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
    keys = np.round(np.concatenate([starts, ends]) / NODE_PRECISION_M).astype(np.int64)
    unique_keys, inverse = np.unique(keys, axis=0, return_inverse=True)
    inverse = inverse.ravel()
    node_xy = unique_keys.astype(float) * NODE_PRECISION_M
    m = len(starts)
    u, v = inverse[:m], inverse[m:]
    keep = u != v  # drop zero-length segments
    u, v = u[keep], v[keep]
    s_xy, e_xy = node_xy[u], node_xy[v]
    length = np.hypot(*(e_xy - s_xy).T)
    segments = shapely.linestrings(np.stack([s_xy, e_xy], axis=1))
    return WalkGraph(
        node_xy=node_xy,
        edge_u=u,
        edge_v=v,
        edge_length=length,
        segments=segments,
        tree=shapely.STRtree(segments),
        adjacency=_adjacency(u, v, length, len(node_xy)),
    )


def _adjacency(u: np.ndarray, v: np.ndarray, length: np.ndarray, n: int) -> sp.csr_matrix:
    """Symmetric CSR with one entry per node pair: the shortest of parallel edges."""
    rows = np.concatenate([u, v])
    cols = np.concatenate([v, u])
    weights = np.concatenate([length, length])
    order = np.lexsort((weights, cols, rows))
    rows, cols, weights = rows[order], cols[order], weights[order]
    first = np.ones(len(rows), dtype=bool)
    first[1:] = (rows[1:] != rows[:-1]) | (cols[1:] != cols[:-1])
    rows, cols, weights = rows[first], cols[first], weights[first]
    indptr = np.zeros(n + 2, dtype=np.int64)
    np.add.at(indptr, rows + 1, 1)
    indptr = np.cumsum(indptr)
    return sp.csr_matrix((weights, cols, indptr), shape=(n + 1, n + 1))
