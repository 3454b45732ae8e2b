"""A walking graph built from LineStrings: every segment between two vertices is an edge.

Vertices that coincide (to the millimetre) are one node, so lines connect where they share
a vertex. Dangling line ends within a tolerance of another line are joined to it, and lines
that cross without a shared vertex stay apart unless asked (see noding.py). Each edge
remembers whether buildings may join it (ground level) and which piece (connected
component) it belongs to. Everything is vectorised.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp
import shapely
from scipy.sparse.csgraph import connected_components
from scipy.spatial import cKDTree

from laoxiao_check.spatial.network.noding import NodingCounts, NodingOptions, node_segments

NODE_PRECISION_M = 0.001
INDEX_SPACING_M = 100.0
MIN_PIECE_M = 500.0
"""Points join a piece of the network shorter than this (and shorter than the largest piece)
only when no edge of a larger piece is within the snapping distance."""


@dataclass(frozen=True)
class WalkGraph:
    node_xy: np.ndarray
    """(n, 2) node coordinates, metres."""
    edge_u: np.ndarray
    edge_v: np.ndarray
    edge_length: np.ndarray
    adjacency: sp.csr_matrix
    """(n + 1) × (n + 1), both directions of each edge; the last row is kept free for a
    virtual source (see paths.py)."""
    edge_ground: np.ndarray
    """Per edge: may buildings and facilities join it? (not a tunnel, bridge, indoor way or
    layer ≠ 0; every edge where the lines carry no such tags)."""
    edge_piece: np.ndarray
    """Per edge: its piece (connected component), numbered by decreasing length."""
    piece_length: np.ndarray
    """Per piece: total length of its edges, metres (decreasing)."""
    counts: NodingCounts = field(default_factory=NodingCounts)

    @property
    def node_count(self) -> int:
        """Nodes numbered (some may be left without edges by merging)."""
        return len(self.node_xy)

    @property
    def edge_count(self) -> int:
        return len(self.edge_u)

    @property
    def piece_count(self) -> int:
        return len(self.piece_length)

    @property
    def edge_preferred(self) -> np.ndarray:
        """Per edge: in a piece that points join first (not a small cut-off piece)."""
        if self.piece_count == 0:
            return np.zeros(0, dtype=bool)
        small: np.ndarray = self.piece_length < min(MIN_PIECE_M, float(self.piece_length[0]))
        preferred: np.ndarray = ~small[self.edge_piece]
        return preferred

    def segments(self) -> np.ndarray:
        return np.stack([self.node_xy[self.edge_u], self.node_xy[self.edge_v]], axis=1)


def graph_from_lines(
    lines: np.ndarray,
    ground: np.ndarray | None = None,
    level: np.ndarray | None = None,
    options: NodingOptions | None = None,
) -> WalkGraph:
    """Build the graph from (Multi)LineStrings in a metric CRS.

    ``ground`` (bool) and ``level`` (int) give each line's tags (see io/network.py); without
    them every line is at ground level.
    """
    parts = np.asarray(lines, dtype=object)
    line_of_part = np.arange(len(parts))
    kinds = shapely.get_type_id(parts)
    if not np.all(kinds == 1):
        parts, line_of_part = shapely.get_parts(parts, return_index=True)
        is_line = shapely.get_type_id(parts) == 1  # LineStrings only
        parts, line_of_part = parts[is_line], line_of_part[is_line]
    coords, part_index = shapely.get_coordinates(parts, return_index=True)
    same_line = part_index[1:] == part_index[:-1]
    if len(coords) < 2 or not same_line.any():
        return graph_from_segments(np.empty((0, 2)), np.empty((0, 2)))
    segment_line = line_of_part[part_index[:-1][same_line]]
    return graph_from_segments(
        coords[:-1][same_line],
        coords[1:][same_line],
        ground=None if ground is None else np.asarray(ground, dtype=bool)[segment_line],
        level=None if level is None else np.asarray(level, dtype=np.int64)[segment_line],
        options=options,
    )


def graph_from_segments(
    starts: np.ndarray,
    ends: np.ndarray,
    ground: np.ndarray | None = None,
    level: np.ndarray | None = None,
    options: NodingOptions | None = None,
) -> WalkGraph:
    """Build the graph from segment end points, (m, 2) each, and per-segment tags."""
    options = options or NodingOptions()
    m = len(starts)
    ground = np.ones(m, dtype=bool) if ground is None else ground
    level = np.zeros(m, dtype=np.int64) if level is None else level
    cells = np.round(np.concatenate([starts, ends]) / NODE_PRECISION_M).astype(np.int64)
    node_xy, inverse = _merge_vertices(cells)
    u, v = inverse[:m], inverse[m:]
    keep = u != v  # drop zero-length segments
    u, v, ground, level = u[keep], v[keep], ground[keep], level[keep]
    node_xy, u, v, origin, counts = node_segments(node_xy, u, v, level, options)
    ground = ground[origin]
    keep = u != v  # segments shorter than the tolerance collapse
    u, v, ground = u[keep], v[keep], ground[keep]
    length = np.hypot(*(node_xy[v] - node_xy[u]).T)
    n = len(node_xy)
    adjacency = _adjacency(u, v, length, n)
    edge_piece, piece_length = _pieces(adjacency, u, length, n)
    return WalkGraph(
        node_xy=node_xy,
        edge_u=u,
        edge_v=v,
        edge_length=length,
        adjacency=adjacency,
        edge_ground=ground,
        edge_piece=edge_piece,
        piece_length=piece_length,
        counts=counts,
    )


def _pieces(
    adjacency: sp.csr_matrix, u: np.ndarray, length: np.ndarray, n: int
) -> tuple[np.ndarray, np.ndarray]:
    """Each edge's piece, pieces numbered by decreasing total length (ties: first edge)."""
    if len(u) == 0:
        return np.empty(0, dtype=np.int64), np.empty(0)
    _, label = connected_components(adjacency[:n, :n], directed=False)
    edge_label = label[u]
    used, edge_label = np.unique(edge_label, return_inverse=True)
    total = np.bincount(edge_label, weights=length)
    first_edge = np.full(len(used), len(u))
    np.minimum.at(first_edge, edge_label, np.arange(len(u)))
    order = np.lexsort((first_edge, -total))
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order))
    return rank[edge_label], total[order]


@dataclass(frozen=True)
class EdgeIndex:
    """A k-d tree of sample points along some edges, at most ``spacing_m`` apart.

    Every point of an edge lies within ``spacing_m / 2`` of one of its samples, so the
    edges within distance d of a point are among those with a sample within
    d + spacing_m / 2: a ball query that is exact, without one geometry object per edge.
    """

    tree: cKDTree | None
    sample_edge: np.ndarray
    spacing_m: float

    @classmethod
    def build(cls, graph: WalkGraph, edges: np.ndarray, spacing_m: float = INDEX_SPACING_M) -> EdgeIndex:
        starts = graph.node_xy[graph.edge_u[edges]]
        ends = graph.node_xy[graph.edge_v[edges]]
        length = graph.edge_length[edges]
        pieces = np.maximum(1, np.ceil(length / spacing_m)).astype(np.int64)
        row = np.repeat(np.arange(len(edges)), pieces)
        first = np.cumsum(pieces) - pieces
        k = np.arange(len(row)) - np.repeat(first, pieces)
        t = (k + 0.5) / pieces[row]
        samples = starts[row] + (ends[row] - starts[row]) * t[:, None]
        tree = cKDTree(samples, balanced_tree=False, compact_nodes=False) if len(samples) else None
        return cls(tree, np.asarray(edges)[row], spacing_m)

    @classmethod
    def around(cls, graph: WalkGraph, xy: np.ndarray, reach_m: float, edges: np.ndarray) -> EdgeIndex:
        """An index of the chosen edges (bool mask) that come within ``reach_m`` of the points' box."""
        if len(xy):
            lo, hi = xy.min(axis=0) - reach_m, xy.max(axis=0) + reach_m
            a, b = graph.node_xy[graph.edge_u], graph.node_xy[graph.edge_v]
            near = np.all(np.maximum(a, b) >= lo, axis=1) & np.all(np.minimum(a, b) <= hi, axis=1)
            edges = edges & near
        return cls.build(graph, np.flatnonzero(edges))


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
