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


def audit_formats() -> dict[str, Format]:
    """Output formats of `audit` (imported on use: they pull in geopandas)."""
    from . import audit_json, audit_layers, audit_terminal, audit_xlsx

    return {
        "table": Format("table", audit_terminal.render_text),
        "json": Format("json", audit_json.render),
        "xlsx": Format("xlsx", audit_xlsx.render, needs_output=True),
        "geojson": Format("geojson", audit_layers.render_geojson, needs_output=True),
        "gpkg": Format("gpkg", audit_layers.render_gpkg, needs_output=True),
    }


AUDIT_FORMAT_NAMES = ["table", "json", "xlsx", "geojson", "gpkg"]

__all__ = ["AUDIT_FORMAT_NAMES", "FORMATS", "Format", "audit_formats"]
