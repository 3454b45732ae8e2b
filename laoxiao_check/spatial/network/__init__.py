"""Walking networks: graph from lines, snapping to edges, multi-source shortest paths.

No I/O here: lines arrive as shapely geometries in a metric CRS (see ``io/network.py``).
"""

from laoxiao_check.spatial.network.graph import WalkGraph, graph_from_lines
from laoxiao_check.spatial.network.paths import distances_to_nearest
from laoxiao_check.spatial.network.snap import Snapped, snap_index, snap_points

__all__ = ["Snapped", "WalkGraph", "distances_to_nearest", "graph_from_lines", "snap_index", "snap_points"]
