"""Synthetic city walking networks for benchmarks: a jittered street grid with gaps."""

from __future__ import annotations

import numpy as np

SPACING_M = 80.0


def grid_network(nodes: int, seed: int = 7) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Node coordinates (n, 2) and edge end indices (u, v) of a grid of about ``nodes`` nodes.

    Nodes are jittered by up to ±15 m and 8 % of the street segments are missing, so
    shortest paths are not trivial and some blocks are reached the long way round.
    """
    rng = np.random.default_rng(seed)
    side = round(np.sqrt(nodes))
    ix, iy = np.meshgrid(np.arange(side), np.arange(side), indexing="ij")
    xy = np.column_stack([ix.ravel(), iy.ravel()]).astype(float) * SPACING_M
    xy += rng.uniform(-15, 15, size=xy.shape)
    xy += (500_000.0, 2_750_000.0)  # somewhere in a Gauss-Krüger zone
    index = np.arange(side * side).reshape(side, side)
    u = np.concatenate([index[:-1, :].ravel(), index[:, :-1].ravel()])
    v = np.concatenate([index[1:, :].ravel(), index[:, 1:].ravel()])
    keep = rng.random(len(u)) > 0.08
    return xy, u[keep], v[keep]


def pick(count: int, population: int, seed: int) -> np.ndarray:
    return np.sort(np.random.default_rng(seed).choice(population, size=count, replace=False))


def print_table(header: tuple[str, ...], rows: list) -> None:
    """A Markdown table, numbers right-aligned, for README."""
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(header)]
    print("| " + " | ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)) + " |")
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for row in rows:
        print("| " + " | ".join(c.rjust(w) for c, w in zip(row, widths, strict=True)) + " |")


def street_lines(xy: np.ndarray, block: int = 10) -> list[np.ndarray]:
    """The streets of a square grid of nodes (``grid_network``'s ``xy``) as polylines of
    ``block`` segments each, along both axes: what a city's street file holds."""
    side = round(np.sqrt(len(xy)))
    grid = xy.reshape(side, side, 2)
    lines = []
    for axis in (0, 1):
        streets = grid if axis == 1 else grid.transpose(1, 0, 2)
        for street in streets:
            for start in range(0, side - 1, block):
                lines.append(street[start : start + block + 1])
    return lines


def country_sites(count: int, seed: int = 30) -> np.ndarray:
    """(count, 2) longitude/latitude of city centres spread over eastern and central China,
    on a jittered grid (cities at least about 150 km apart)."""
    rng = np.random.default_rng(seed)
    columns = int(np.ceil(np.sqrt(count * 1.4)))
    rows = int(np.ceil(count / columns))
    lon = np.linspace(103.0, 121.0, columns)
    lat = np.linspace(23.0, 39.0, max(rows, 2))
    sites = np.array([(x, y) for y in lat for x in lon][:count], dtype=float)
    return sites + rng.uniform(-0.4, 0.4, size=sites.shape)
