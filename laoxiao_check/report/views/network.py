"""The walking network's health report and the reasons a building is outside, in zh and en."""

from __future__ import annotations

from typing import Any

from laoxiao_check.model.glossary import HEALTH_KEYS, NETWORK, REASONS, word


def health_rows(health: dict[str, Any] | None, lang: str) -> list[tuple[str, str]]:
    """(label, value) rows, values formatted for people."""
    if not health:
        return []
    rows = []
    for key in HEALTH_KEYS:
        if key not in health:  # a figure of how buildings joined: only where buildings were measured
            continue
        value = health.get(key)
        if key == "ways_closed_by_tag":
            text = "; ".join(f"{tag}: {count:,}" for tag, count in (value or {}).items()) or "—"
        elif key in _SNAP_FIGURES and value:
            metres = health.get(_SNAP_FIGURES[key])
            text = f"{value:,} ({'≤' if key.endswith('too') else '+'}{metres:g} m)"
        elif key == "largest_piece_share":
            text = "—" if value is None else f"{value:.1%}"
        elif isinstance(value, bool):
            text = str(value)
        elif isinstance(value, int | float):
            text = f"{value:,g}" if isinstance(value, float) and key != "length_m" else f"{value:,.0f}"
        else:
            text = str(value)
        rows.append((word(NETWORK, key, lang), text))
    return [(word(NETWORK, "title", lang), ""), *rows]


_SNAP_FIGURES = {
    "buildings_joined_larger_way_instead": "larger_way_instead_farther_m",
    "buildings_joined_larger_way_too": "larger_way_too_up_to_m",
}
"""A count of buildings, and the figure in metres shown beside it."""


def reason_word(reason: str | None, lang: str) -> str:
    return word(REASONS, reason, lang) if reason in REASONS else ""
