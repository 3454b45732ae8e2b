"""The network health report: what the graph is made of and what noding joined."""

from __future__ import annotations

from typing import Any

import numpy as np

from laoxiao_check.spatial.network.graph import WalkGraph
from laoxiao_check.spatial.network.noding import NodingOptions


def network_health(
    graph: WalkGraph, options: NodingOptions, ways_dropped: int = 0, source: str = ""
) -> dict[str, Any]:
    """A plain, JSON-ready record (the same for a cached graph as for a fresh one)."""
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
        "node_tolerance_m": options.tolerance_m,
        "end_gaps_joined": counts.end_gaps_joined,
        "junctions_joined": counts.junctions_joined,
        "join_crossings": options.join_crossings,
        "crossings_joined": counts.crossings_joined,
        "crossings_unjoined": counts.crossings_unjoined,
        "crossings_unjoined_same_level": counts.crossings_unjoined_same_level,
    }


def health_warnings(health: dict[str, Any]) -> list[str]:
    """What a reviewer should look at in the network itself."""
    found = list(health.get("file_warnings", []))
    same = health["crossings_unjoined_same_level"]
    if same and not health["join_crossings"]:
        found.append(
            f"walking network: {same} crossing(s) of lines at the same level share no vertex and were "
            "left unjoined (a bridge or tunnel should be tagged as one); if they are real junctions, "
            "use --join-crossings"
        )
    share = health["largest_piece_share"]
    if share is not None and share < 0.9:
        found.append(
            f"walking network: in {health['pieces']} pieces; the largest holds only {share:.1%} of its length"
        )
    return found
