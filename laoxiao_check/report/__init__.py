"""Output formats, each an entry in :data:`FORMATS`; every format renders a CheckResult."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from . import json_report, terminal


@dataclass(frozen=True)
class Format:
    name: str
    render: Callable[..., bytes | str]
    """(result, lang, color=False) -> str for text formats, bytes for binary ones."""
    needs_output: bool = False
    """Binary formats must be written to --output."""
    write: Callable[..., None] | None = None
    """(result, lang, text_handle): streams a large text document instead of building it."""


def _lazy(module: str, function: str) -> Callable[..., bytes | str]:
    """Import heavy formats (geopandas, openpyxl) only when used."""

    def render(*args, **kwargs):
        from importlib import import_module

        return getattr(import_module(f"{__name__}.{module}"), function)(*args, **kwargs)

    return render


FORMATS: dict[str, Format] = {
    "table": Format("table", terminal.render_text),
    "json": Format("json", json_report.render),
    "xlsx": Format("xlsx", _lazy("xlsx_report", "render"), needs_output=True),
    "html": Format("html", _lazy("html_report", "render"), needs_output=True),
    "geojson": Format("geojson", _lazy("layers", "render_geojson"), needs_output=True),
    "gpkg": Format("gpkg", _lazy("layers", "render_gpkg"), needs_output=True),
}


def audit_formats() -> dict[str, Format]:
    """Output formats of `audit` (imported on use: they pull in geopandas)."""
    from . import audit_json, audit_layers, audit_terminal, audit_xlsx

    return {
        "table": Format("table", audit_terminal.render_text),
        "json": Format("json", audit_json.render, write=audit_json.write),
        "xlsx": Format("xlsx", audit_xlsx.render, needs_output=True),
        "geojson": Format("geojson", audit_layers.render_geojson, needs_output=True),
        "gpkg": Format("gpkg", audit_layers.render_gpkg, needs_output=True),
    }


AUDIT_FORMAT_NAMES = ["table", "json", "xlsx", "geojson", "gpkg"]

__all__ = ["AUDIT_FORMAT_NAMES", "FORMATS", "Format", "audit_formats"]
