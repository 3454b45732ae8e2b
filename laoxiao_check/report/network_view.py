"""The walking network's health report and the reasons a building is outside, in zh and en."""

from __future__ import annotations

from typing import Any

HEALTH_ROWS = (
    ("source", {"en": "Network file", "zh": "路网文件"}),
    ("nodes", {"en": "Nodes", "zh": "节点"}),
    ("edges", {"en": "Edges", "zh": "路段"}),
    ("length_m", {"en": "Length (m)", "zh": "总长（米）"}),
    ("pieces", {"en": "Pieces (not connected to each other)", "zh": "互不连通的片数"}),
    ("largest_piece_share", {"en": "Largest piece's share of length", "zh": "最大连通片长度占比"}),
    ("edges_off_ground", {"en": "Edges off the ground (tunnel, bridge, indoor, layer)", "zh": "非地面路段"}),
    (
        "ways_closed_to_pedestrians",
        {"en": "Ways closed to pedestrians (dropped)", "zh": "禁止步行的道路（已剔除）"},
    ),
    ("node_tolerance_m", {"en": "Node tolerance (m)", "zh": "接合容差（米）"}),
    ("junctions_joined", {"en": "T-junctions joined", "zh": "接合的丁字路口"}),
    ("end_gaps_joined", {"en": "End gaps joined", "zh": "接合的端点缝隙"}),
    ("crossings_joined", {"en": "Crossings joined", "zh": "接合的交叉"}),
    ("crossings_unjoined", {"en": "Crossings left unjoined", "zh": "未接合的交叉（如桥梁）"}),
)

REASONS = {
    "beyond": {"en": "too far", "zh": "超出距离"},
    "cut_off": {"en": "cut off", "zh": "路网不连通"},
    "unsnapped": {"en": "not on network", "zh": "未接入路网"},
    "no_facility": {"en": "no facility", "zh": "无设施"},
}


def health_rows(health: dict[str, Any] | None, lang: str) -> list[tuple[str, str]]:
    """(label, value) rows, values formatted for people."""
    if not health:
        return []
    rows = []
    for key, label in HEALTH_ROWS:
        value = health.get(key)
        if key == "largest_piece_share":
            text = "—" if value is None else f"{value:.1%}"
        elif isinstance(value, bool):
            text = str(value)
        elif isinstance(value, int | float):
            text = f"{value:,g}" if isinstance(value, float) and key != "length_m" else f"{value:,.0f}"
        else:
            text = str(value)
        rows.append((label[lang], text))
    title = {"en": "Walking network", "zh": "步行路网"}[lang]
    return [(title, ""), *rows]


def reason_word(reason: str | None, lang: str) -> str:
    return REASONS.get(reason or "", {"en": "", "zh": ""})[lang]
