"""Noding with a tolerance: join line ends that stop on, or just short of, another line.

Road centrelines from CAD drawings and many shapefiles end *on* another line without
sharing a vertex with it, or stop a few centimetres short. Only dangling ends (nodes of
degree one) can be such defects, so only they are examined:

- a dangling end within the tolerance of another edge of the same level is joined to it:
  merged with that edge's end node when the nearest point is within the tolerance of it
  (an *end gap*), else the edge is split at the nearest point (a *T-junction*);
- edges that cross in their interiors without a shared vertex (a bridge over a road, or a
  crossing drawn without a vertex) are counted and, with ``join_crossings``, split at the
  crossing point and joined there when both are of the same level.

Candidates come from a uniform grid of cells hashed in numpy: every segment is listed in
the cells its bounding box touches; pairs of segments sharing a cell, or a point's cells,
are tested exactly. No Python loop runs over segments.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from scipy.sparse.csgraph import connected_components

from laoxiao_check.model.errors import InputError
from laoxiao_check.model.messages import Said

DEFAULT_NODE_TOLERANCE_M = 0.5
LONG_SPAN_CELLS = 16
_EPS_M = 1e-6


@dataclass(frozen=True)
class NodingOptions:
    """The network options: what joins lines that do not share a vertex (``tolerance_m``,
    ``join_crossings``: part of the graph cache's key), and how points join the lines
    (``prefer_major_within_m``, see ``network/snap.py``: not part of the key, the graph is
    the same)."""

    tolerance_m: float = DEFAULT_NODE_TOLERANCE_M
    join_crossings: bool = False
    prefer_major_within_m: float | None = None
    """``--prefer-major-within`` (None: ``snap.DEFAULT_PREFER_MAJOR_WITHIN_M``)."""


@dataclass(frozen=True)
class NodingCounts:
    end_gaps_joined: int = 0
    """Dangling ends merged with another line's vertex (a gap up to the tolerance)."""
    junctions_joined: int = 0
    """Dangling ends joined to another line's interior (the line is split there)."""
    crossings_joined: int = 0
    crossings_unjoined: int = 0
    """Crossings without a shared vertex left apart (bridges, or data needing --join-crossings)."""
    crossings_unjoined_same_level: int = 0
    """Of those, crossings between ways of the same level (no bridge or tunnel tag to explain them)."""


def node_segments(
    node_xy: np.ndarray,
    u: np.ndarray,
    v: np.ndarray,
    level: np.ndarray,
    options: NodingOptions,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, NodingCounts]:
    """Join dangling ends and (optionally) crossings.

    Returns new node coordinates, edge ends, each new edge's original segment and counts.
    Edges keep their direction and order; split edges become consecutive pieces.
    """
    m = len(u)
    origin = np.arange(m)
    if m == 0:
        return node_xy, u, v, origin, NodingCounts()
    grid = SegmentGrid.build(node_xy[u], node_xy[v])
    n = len(node_xy)
    new_xy: list[np.ndarray] = []
    splits_seg: list[np.ndarray] = []
    splits_along: list[np.ndarray] = []
    splits_node: list[np.ndarray] = []
    merge_a: list[np.ndarray] = []
    merge_b: list[np.ndarray] = []
    counts: dict[str, int] = {}

    if options.tolerance_m > 0:
        ends = _join_ends(node_xy, u, v, level, grid, options.tolerance_m)
        dangling, edge, along, at_end = ends
        counts["junctions_joined"] = int((~at_end).sum())
        # an end gap: merge with the nearer end node of the edge it reaches
        gap_edge, gap_along = edge[at_end], along[at_end]
        length = np.hypot(*(node_xy[v[gap_edge]] - node_xy[u[gap_edge]]).T)
        target = np.where(gap_along <= length - gap_along, u[gap_edge], v[gap_edge])
        # two facing ends find each other: one gap
        gaps = np.unique(
            np.column_stack([np.minimum(dangling[at_end], target), np.maximum(dangling[at_end], target)]),
            axis=0,
        )
        counts["end_gaps_joined"] = len(gaps)
        merge_a.append(dangling[at_end])
        merge_b.append(target)
        # a T-junction: a new node on the edge, the end merged with it
        t_edge, t_along, t_end = edge[~at_end], along[~at_end], dangling[~at_end]
        fresh = n + np.arange(len(t_edge))
        start = node_xy[u[t_edge]]
        direction = node_xy[v[t_edge]] - start
        t_len = np.hypot(*direction.T)
        new_xy.append(start + direction * (t_along / np.maximum(t_len, 1e-18))[:, None])
        splits_seg.append(t_edge)
        splits_along.append(t_along)
        splits_node.append(fresh)
        merge_a.append(t_end)
        merge_b.append(fresh)
        n += len(t_edge)

    a, b, point, along_a, along_b = _crossings(node_xy, u, v, grid)
    same = level[a] == level[b]
    if options.join_crossings:
        join = same
        fresh = n + np.arange(int(join.sum()))
        new_xy.append(point[join])
        splits_seg += [a[join], b[join]]
        splits_along += [along_a[join], along_b[join]]
        splits_node += [fresh, fresh]
        n += len(fresh)
    else:
        join = np.zeros(len(a), dtype=bool)
    counts["crossings_joined"] = int(join.sum())
    counts["crossings_unjoined"] = int((~join).sum())
    counts["crossings_unjoined_same_level"] = int((~join & same).sum())

    xy = np.vstack([node_xy, *new_xy]) if new_xy else node_xy
    if splits_seg:
        u, v, origin = _apply_splits(
            u, v, np.concatenate(splits_seg), np.concatenate(splits_along), np.concatenate(splits_node)
        )
    if merge_a and sum(len(x) for x in merge_a):
        rep = _merge(len(xy), np.concatenate(merge_a), np.concatenate(merge_b))
        u, v = rep[u], rep[v]
    return xy, u, v, origin, NodingCounts(**counts)


MAX_GRID_CELLS = 20_000_000
"""At most about this many (segment, cell) entries along the segments of one grid."""


@dataclass(frozen=True)
class SegmentGrid:
    """Segments listed by the grid cells their bounding boxes touch, sorted by cell."""

    cell_m: float
    origin: np.ndarray
    key: np.ndarray
    segment: np.ndarray
    width: int

    @classmethod
    def build(cls, starts: np.ndarray, ends: np.ndarray) -> SegmentGrid:
        length = np.hypot(*(ends - starts).T)
        too_long = length > MAX_SEGMENT_M
        if too_long.any():
            raise InputError(
                Said(
                    "the walking network holds {count} straight segment(s) longer than "
                    "{km} km between two vertices (the longest "
                    "{longest} km): no footway runs so far without a bend — "
                    "is it a walking network of the place "
                    "audited, in the CRS it declares?",
                    count=f"{int(too_long.sum()):,}",
                    km=f"{MAX_SEGMENT_M / 1000:g}",
                    longest=f"{float(length.max()) / 1000:,.0f}",
                )
            )
        # cells of a typical segment's length: few cells per segment, few segments per cell;
        # never so small that the cells along all segments pass MAX_GRID_CELLS (a way drawn
        # across a continent must not ask for terabytes)
        cell = float(np.clip(np.median(length), 10.0, 1000.0)) if len(length) else 100.0
        cell = max(cell, 2 * float(length.sum()) / MAX_GRID_CELLS) if len(length) else cell
        lo = np.minimum(starts, ends)
        hi = np.maximum(starts, ends)
        origin = lo.min(axis=0) - cell
        c0 = np.floor((lo - origin) / cell).astype(np.int64)
        c1 = np.floor((hi - origin) / cell).astype(np.int64)
        width = int(c1[:, 1].max()) + 3
        # a long diagonal segment's box holds many cells it never meets: list it by the
        # cells along it instead (so one 50 km line in a city of 50 m segments stays cheap)
        extent = c1 - c0 + 1
        long = extent[:, 0] * extent[:, 1] > LONG_SPAN_CELLS
        if not long.any():
            segment, cx, cy = _expand_boxes(c0, c1)
        else:
            boxed = np.flatnonzero(~long)
            segment, cx, cy = _expand_boxes(c0[boxed], c1[boxed])
            segment = boxed[segment]
            more = _cells_along(np.flatnonzero(long), starts, ends, origin, cell)
            segment, cx, cy = (np.concatenate([a, b]) for a, b in zip((segment, cx, cy), more, strict=True))
        key = cx * width + cy
        order = np.argsort(key, kind="stable")
        return cls(cell, origin, key[order], segment[order], width)

    def near_points(self, xy: np.ndarray, radius: float) -> tuple[np.ndarray, np.ndarray]:
        """(point, segment) pairs whose cells meet the box of ``radius`` around each point."""
        c0 = np.floor((xy - radius - self.origin) / self.cell_m).astype(np.int64)
        c1 = np.floor((xy + radius - self.origin) / self.cell_m).astype(np.int64)
        point, cx, cy = _expand_boxes(c0, c1)
        key = cx * self.width + cy
        lo = np.searchsorted(self.key, key, side="left")
        hi = np.searchsorted(self.key, key, side="right")
        rows, positions = _ranges(lo, hi)
        pairs = np.unique(np.column_stack([point[rows], self.segment[positions]]), axis=0)
        return pairs[:, 0], pairs[:, 1]

    def pairs(self) -> tuple[np.ndarray, np.ndarray]:
        """Pairs of segments that share a cell (a pair sharing several cells repeats)."""
        first = np.ones(len(self.key), dtype=bool)
        first[1:] = self.key[1:] != self.key[:-1]
        starts = np.flatnonzero(first)
        end = np.repeat(np.append(starts[1:], len(self.key)), np.diff(np.append(starts, len(self.key))))
        rows, partners = _ranges(np.arange(len(self.key)) + 1, end)
        return self.segment[rows], self.segment[partners]


def _expand_boxes(c0: np.ndarray, c1: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every cell (cx, cy) of each box [c0, c1], with the box's row number (in no set order)."""
    nx = c1[:, 0] - c0[:, 0] + 1
    ny = c1[:, 1] - c0[:, 1] + 1
    small = (nx <= 2) & (ny <= 2)  # most boxes: one cell, or two, or four
    rows, xs, ys = [], [], []
    for dx in (0, 1):
        for dy in (0, 1):
            chosen = np.flatnonzero(small & (nx > dx) & (ny > dy))
            rows.append(chosen)
            xs.append(c0[chosen, 0] + dx)
            ys.append(c0[chosen, 1] + dy)
    large = np.flatnonzero(~small)
    count = nx[large] * ny[large]
    row = np.repeat(large, count)
    k = np.arange(int(count.sum())) - np.repeat(np.cumsum(count) - count, count)
    rows.append(row)
    xs.append(c0[row, 0] + k % nx[row])
    ys.append(c0[row, 1] + k // nx[row])
    return np.concatenate(rows), np.concatenate(xs), np.concatenate(ys)


MAX_SEGMENT_M = 200_000.0
"""A straight segment of a walking way longer than this (between two vertices) is no way of a
city: refused before the grid (ways drawn round the globe would cost gigabytes)."""


def _cells_along(
    chosen: np.ndarray, starts: np.ndarray, ends: np.ndarray, origin: np.ndarray, cell: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The cells a segment passes through, for long segments: the cells of points every
    half cell along it, and their eight neighbours (which hold any corner it clips)."""
    length = np.hypot(*(ends[chosen] - starts[chosen]).T)
    count = np.ceil(length / (cell / 2)).astype(np.int64) + 1
    row = np.repeat(np.arange(len(chosen)), count)
    k = np.arange(int(count.sum())) - np.repeat(np.cumsum(count) - count, count)
    t = k / (count[row] - 1)
    a, b = starts[chosen][row], ends[chosen][row]
    points = a + (b - a) * t[:, None]
    base = np.floor((points - origin) / cell).astype(np.int64)
    offsets = np.array([(dx, dy) for dx in (-1, 0, 1) for dy in (-1, 0, 1)])
    cells = (base[:, None, :] + offsets[None, :, :]).reshape(-1, 2)
    segment = np.repeat(chosen[row], len(offsets))
    unique = np.unique(np.column_stack([segment, cells]), axis=0)
    return unique[:, 0], unique[:, 1], unique[:, 2]


def _ranges(lo: np.ndarray, hi: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For each row i, the positions lo[i] .. hi[i] - 1: (row, position) pairs."""
    count = np.maximum(hi - lo, 0)
    row = np.repeat(np.arange(len(lo)), count)
    position = np.arange(int(count.sum())) - np.repeat(np.cumsum(count) - count, count) + lo[row]
    return row, position


def _project(xy: np.ndarray, start: np.ndarray, end: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Distance from each point to its segment, distance along it, and the segment's length."""
    direction = end - start
    length = np.hypot(*direction.T)
    t = np.einsum("ij,ij->i", xy - start, direction) / np.maximum(length * length, 1e-18)
    t = np.clip(t, 0.0, 1.0)
    nearest = start + direction * t[:, None]
    return np.hypot(*(xy - nearest).T), t * length, length


def _join_ends(
    node_xy: np.ndarray, u: np.ndarray, v: np.ndarray, level: np.ndarray, grid: SegmentGrid, tolerance: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Each dangling end's nearest other edge of the same level within the tolerance.

    Returns (end node, edge, distance along the edge, whether the nearest point is within
    the tolerance of one of the edge's ends).
    """
    n = len(node_xy)
    degree = np.bincount(u, minlength=n) + np.bincount(v, minlength=n)
    dangling = np.flatnonzero(degree == 1)
    empty = np.empty(0, dtype=np.int64)
    if len(dangling) == 0:
        return empty, empty, np.empty(0), np.empty(0, dtype=bool)
    own = np.full(n, -1, dtype=np.int64)  # the one edge of each dangling node
    edges = np.arange(len(u))
    own[u[degree[u] == 1]] = edges[degree[u] == 1]
    own[v[degree[v] == 1]] = edges[degree[v] == 1]
    row, edge = grid.near_points(node_xy[dangling], tolerance)
    end = dangling[row]
    mine = own[end]
    keep = (edge != mine) & (level[edge] == level[mine])
    end, edge = end[keep], edge[keep]
    distance, along, length = _project(node_xy[end], node_xy[u[edge]], node_xy[v[edge]])
    keep = distance <= tolerance
    end, edge, distance, along, length = end[keep], edge[keep], distance[keep], along[keep], length[keep]
    # the nearest edge per end (ties: the lowest edge number, so the result is reproducible)
    order = np.lexsort((edge, distance, end))
    end, edge, along, length = end[order], edge[order], along[order], length[order]
    first = np.ones(len(end), dtype=bool)
    first[1:] = end[1:] != end[:-1]
    end, edge, along, length = end[first], edge[first], along[first], length[first]
    at_end = (along <= tolerance) | (length - along <= tolerance)
    return end, edge, along, at_end


def _crossings(
    node_xy: np.ndarray, u: np.ndarray, v: np.ndarray, grid: SegmentGrid
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Pairs of edges crossing in both interiors, with the point and the distance along each."""
    a, b = grid.pairs()
    shared = (u[a] == u[b]) | (u[a] == v[b]) | (v[a] == u[b]) | (v[a] == v[b])
    a, b = a[~shared], b[~shared]
    lo, hi = np.minimum(node_xy[u], node_xy[v]), np.maximum(node_xy[u], node_xy[v])
    overlap = np.all((lo[a] <= hi[b]) & (lo[b] <= hi[a]), axis=1)
    a, b = a[overlap], b[overlap]
    p, r = node_xy[u[a]], node_xy[v[a]] - node_xy[u[a]]
    q, s = node_xy[u[b]], node_xy[v[b]] - node_xy[u[b]]
    denominator = r[:, 0] * s[:, 1] - r[:, 1] * s[:, 0]
    qp = q - p
    with np.errstate(divide="ignore", invalid="ignore"):
        t = (qp[:, 0] * s[:, 1] - qp[:, 1] * s[:, 0]) / denominator
        w = (qp[:, 0] * r[:, 1] - qp[:, 1] * r[:, 0]) / denominator
    len_a, len_b = np.hypot(*r.T), np.hypot(*s.T)
    inside = (
        (denominator != 0)
        & (t * len_a > _EPS_M)
        & ((1 - t) * len_a > _EPS_M)
        & (w * len_b > _EPS_M)
        & ((1 - w) * len_b > _EPS_M)
    )
    a, b, t, w, r, len_a, len_b = (x[inside] for x in (a, b, t, w, r, len_a, len_b))
    # a pair sharing several cells was found several times: keep it once, in a fixed order
    low, high = np.minimum(a, b), np.maximum(a, b)
    order = np.lexsort((high, low))
    distinct = np.ones(len(order), dtype=bool)
    distinct[1:] = (low[order][1:] != low[order][:-1]) | (high[order][1:] != high[order][:-1])
    keep = order[distinct]
    a, b, t, w, r, len_a, len_b = (x[keep] for x in (a, b, t, w, r, len_a, len_b))
    point = node_xy[u[a]] + r * t[:, None]
    return a, b, point, t * len_a, w * len_b


def _apply_splits(
    u: np.ndarray, v: np.ndarray, seg: np.ndarray, along: np.ndarray, node: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Split segments at the given nodes, ordered along each; returns new u, v and origin."""
    order = np.lexsort((node, along, seg))
    seg, node = seg[order], node[order]
    first = np.ones(len(seg), dtype=bool)
    first[1:] = seg[1:] != seg[:-1]
    last = np.ones(len(seg), dtype=bool)
    last[:-1] = seg[1:] != seg[:-1]
    previous = np.empty_like(node)
    previous[1:] = node[:-1]
    piece_u = np.where(first, u[seg], previous)
    # pieces: one ending at each split node, then one from the last split node to v
    all_u = np.concatenate([piece_u, node[last]])
    all_v = np.concatenate([node, v[seg[last]]])
    all_origin = np.concatenate([seg, seg[last]])
    untouched = np.ones(len(u), dtype=bool)
    untouched[seg] = False
    kept = np.flatnonzero(untouched)
    all_u = np.concatenate([u[kept], all_u])
    all_v = np.concatenate([v[kept], all_v])
    all_origin = np.concatenate([kept, all_origin])
    rank = np.concatenate([np.zeros(len(kept)), np.arange(len(piece_u)) + 1.0, np.full(last.sum(), np.inf)])
    order = np.lexsort((rank, all_origin))
    return all_u[order], all_v[order], all_origin[order]


def _merge(n: int, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Each node's representative after merging the pairs (a, b).

    A group keeps the position of a node that was not dangling (new split nodes and
    junctions stay on their line); among equals the lowest number wins.
    """
    graph = sp.coo_matrix((np.ones(len(a)), (a, b)), shape=(n, n))
    _, label = connected_components(graph, directed=False)
    degree_one = np.zeros(n, dtype=bool)
    degree_one[a] = True  # the ends that were moved
    priority = degree_one.astype(np.int64) * n + np.arange(n)
    best = np.full(label.max() + 1, np.iinfo(np.int64).max)
    np.minimum.at(best, label, priority)
    representative: np.ndarray = best[label] % n
    return representative
