"""The data requirement: one input field of one input, as ``laoxiao-check fields`` lists it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FieldRow:
    table: str
    """Which input: ``check: sheet buildings/楼栋``, ``audit: estate list`` …"""
    name: str
    zh: str
    aliases: tuple[str, ...]
    """Other headers read as this field (units in brackets are ignored: 面积（㎡）)."""
    required: bool
    unit: str
    values: str
    """The values accepted, for a field of words (kind, category, yes/no …)."""
    rules: tuple[str, ...]
    """The rule kinds whose verdict reads the field."""
