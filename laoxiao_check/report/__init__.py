"""Output formats, each an entry in :data:`FORMATS`; every format renders a CheckResult."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..models import CheckResult
from . import json_report, terminal


@dataclass(frozen=True)
class Format:
    name: str
    render: Callable[..., bytes | str]
    """(result, lang, color=False) -> str for text formats, bytes for binary ones."""
    needs_output: bool = False
    """Binary formats must be written to --output."""


FORMATS: dict[str, Format] = {
    "table": Format("table", terminal.render_text),
    "json": Format("json", json_report.render),
}

__all__ = ["FORMATS", "Format"]
