"""Output formats: one module each in this package, found by looking, never listed by hand.

A format module defines ``FORMAT = Format(...)``: its name, whether it must be written to a
file, and how it renders the result of `check`, `audit` and `plan` (None where it cannot).
Adding a format is adding a module here. Format modules import their heavy libraries
(openpyxl, geopandas) inside their renderers, so listing the formats stays cheap.
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
    """Renders a :class:`~laoxiao_check.models.CheckResult`."""
    audit: Renderer | None = None
    """Renders an :class:`~laoxiao_check.audit.AuditResult`."""
    plan: Renderer | None = None
    """Renders a :class:`~laoxiao_check.siting.PlanResult` (``plan``)."""
    write: Callable[[Any, str, TextIO], None] | None = None
    """(result, lang, text_handle): streams a large text document instead of building it."""
    write_file: Callable[[Any, str, Path], None] | None = None
    """(result, lang, path): writes a large binary document to a file piece by piece instead
    of building it in memory (the path is the temporary file of an atomic write)."""


def all_formats() -> dict[str, Format]:
    """Every format module of this package by name, the default (``table``) first."""
    found: dict[str, Format] = {}
    for module in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        fmt = import_module(f"{__name__}.{module.name}").FORMAT
        found[fmt.name] = fmt
    return dict(sorted(found.items(), key=lambda item: (item[0] != DEFAULT, item[0])))


def formats_for(command: Command) -> dict[str, Format]:
    """The formats that render the result of ``command``."""
    return {name: fmt for name, fmt in all_formats().items() if getattr(fmt, command) is not None}


__all__ = ["DEFAULT", "Format", "all_formats", "formats_for"]
