"""The network health report: what the graph is made of and what noding joined."""

from __future__ import annotations

from typing import Any

import numpy as np

from laoxiao_check.model.messages import Said
from laoxiao_check.spatial.network.graph import WalkGraph
from laoxiao_check.spatial.network.noding import NodingOptions
from laoxiao_check.spatial.network.snap import DEFAULT_PREFER_MAJOR_WITHIN_M, Snapped


def network_health(
    graph: WalkGraph,
    options: NodingOptions,
    ways_dropped: int = 0,
    source: str = "",
    dropped_by_reason: dict[str, int] | None = None,
    opened_by_tag: int = 0,
) -> dict[str, Any]:
    """A plain, JSON-ready record (the same for a cached graph as for a fresh one).

    ``dropped_by_reason``: how many ways each tag closed (``{"highway=cycleway": 54}``);
    ``opened_by_tag``: ways walked only because ``foot=*`` or ``access=*`` opens them."""
    used = np.zeros(graph.node_count, dtype=bool)
    used[graph.edge_u] = used[graph.edge_v] = True
    total = float(graph.piece_length.sum())
    counts = graph.counts
    return {
        "source": source.replace("\\", "/").rsplit("/", 1)[-1],
        "nodes": int(used.sum()),
        "edges": graph.edge_count,
        "length_m": round(total, 1),
        "pieces": graph.piece_count,
        "largest_piece_share": round(float(graph.piece_length[0]) / total, 4) if total > 0 else None,
        "edges_off_ground": int((~graph.edge_ground).sum()),
        "ways_closed_to_pedestrians": int(ways_dropped),
        "ways_closed_by_tag": {str(k): int(n) for k, n in (dropped_by_reason or {}).items()},
        "ways_opened_by_foot_tag": int(opened_by_tag),
        "node_tolerance_m": options.tolerance_m,
        "end_gaps_joined": counts.end_gaps_joined,
        "junctions_joined": counts.junctions_joined,
        "join_crossings": options.join_crossings,
        "crossings_joined": counts.crossings_joined,
        "crossings_unjoined": counts.crossings_unjoined,
        "crossings_unjoined_same_level": counts.crossings_unjoined_same_level,
    }


def snap_report(snapped: Snapped, prefer_major_within_m: float | None) -> dict[str, Any]:
    """How the buildings joined the network, for the health report: how many joined a larger
    piece's way instead of a nearer way on a small piece (and up to how many metres farther),
    and how many joined a larger piece's way besides a nearer small piece's (and up to how far)."""
    prefer = DEFAULT_PREFER_MAJOR_WITHIN_M if prefer_major_within_m is None else prefer_major_within_m
    detour = _finite(snapped.detour_m)
    fallback = _finite(snapped.fallback_m)
    return {
        "prefer_major_within_m": float(prefer),
        "buildings_joined_larger_way_instead": len(detour),
        "larger_way_instead_farther_m": round(float(detour.max()), 1) if len(detour) else None,
        "buildings_joined_larger_way_too": len(fallback),
        "larger_way_too_up_to_m": round(float(fallback.max()), 1) if len(fallback) else None,
    }


def _finite(values: np.ndarray | None) -> np.ndarray:
    if values is None:
        return np.empty(0)
    found: np.ndarray = values[np.isfinite(values)]
    return found


def health_warnings(health: dict[str, Any]) -> list[str]:
    """What a reviewer should look at in the network itself."""
    found = list(health.get("file_warnings", []))
    instead = health.get("buildings_joined_larger_way_instead")
    if instead:
        found.append(
            Said(
                "walking network: {count} building(s) joined a larger way up to "
                "{farther} m farther than their nearest way, which lies on a "
                "small separate piece (--prefer-major-within {within}; 0 joins "
                "the nearest way)",
                count=instead,
                farther=f"{health['larger_way_instead_farther_m']:g}",
                within=f"{health['prefer_major_within_m']:g}",
            )
        )
    too = health.get("buildings_joined_larger_way_too")
    if too:
        found.append(
            Said(
                "walking network: {count} building(s) whose nearest way lies on a small separate piece also "
                "joined a larger way up to {distance} m away: their walks start "
                "from whichever reaches a facility sooner, not read as cut off",
                count=too,
                distance=f"{health['larger_way_too_up_to_m']:g}",
            )
        )
    same = health["crossings_unjoined_same_level"]
    if same and not health["join_crossings"]:
        found.append(
            Said(
                "walking network: {count} crossing(s) of lines at the same level share no vertex and were "
                "left unjoined (a bridge or tunnel should be tagged as one); if they are real junctions, "
                "use --join-crossings",
                count=same,
            )
        )
    share = health["largest_piece_share"]
    if share is not None and share < 0.9:
        found.append(
            Said(
                "walking network: in {pieces} pieces; the largest holds only {share} of its length",
                pieces=health["pieces"],
                share=f"{share:.1%}",
            )
        )
    return found
