"""The registry of output formats: one package each under ``report/``, found by looking, never
listed by hand.

A format package (``report/table``, ``report/xlsx``, …) defines ``FORMATS`` in its
``__init__``: one ``Format(...)`` per format it writes (``report/layers`` writes two, GeoJSON
and GeoPackage), each with its name, whether it must be written to a file, and how it renders the
result of `check`, `audit` and `plan` (None where it cannot), one module per command inside
the package. Adding a format is adding a package. Format packages import their heavy libraries
(openpyxl, geopandas) inside their renderers, so listing the formats stays cheap.
``report/views`` holds the format-neutral words and rows and is not a format.
"""

from __future__ import annotations

import pkgutil
from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module
from pathlib import Path
from typing import Any, Literal, TextIO

Command = Literal["check", "audit", "plan"]
Renderer = Callable[..., "bytes | str"]
"""(result, lang, color=False) -> str for text formats, bytes for binary ones."""

DEFAULT = "table"


@dataclass(frozen=True)
class Format:
    name: str
    needs_output: bool = False
    """Binary formats must be written to --output."""
    check: Renderer | None = None
    """Renders a :class:`~laoxiao_check.model.records.CheckResult`."""
    audit: Renderer | None = None
    """Renders an :class:`~laoxiao_check.services.audit.AuditResult`."""
    plan: Renderer | None = None
    """Renders a :class:`~laoxiao_check.services.plan.PlanResult` (``plan``)."""
    write: Callable[[Any, str, TextIO], None] | None = None
    """(result, lang, text_handle): streams a large text document instead of building it."""
    write_file: Callable[[Any, str, Path], None] | None = None
    """(result, lang, path): writes a large binary document to a file piece by piece instead
    of building it in memory (the path is the temporary file of an atomic write)."""


NOT_FORMATS = ("views",)
"""Packages of ``report/`` that are not formats."""


def all_formats() -> dict[str, Format]:
    """Every format of the format packages by name, the default (``table``) first."""
    report = import_module("laoxiao_check.report")
    found: dict[str, Format] = {}
    for module in sorted(pkgutil.iter_modules(report.__path__), key=lambda m: m.name):
        if not module.ispkg or module.name in NOT_FORMATS:
            continue
        for fmt in import_module(f"{report.__name__}.{module.name}").FORMATS:
            found[fmt.name] = fmt
    return dict(sorted(found.items(), key=lambda item: (item[0] != DEFAULT, item[0])))


def formats_for(command: Command) -> dict[str, Format]:
    """The formats that render the result of ``command``."""
    return {name: fmt for name, fmt in all_formats().items() if getattr(fmt, command) is not None}


__all__ = ["DEFAULT", "Format", "all_formats", "formats_for"]
