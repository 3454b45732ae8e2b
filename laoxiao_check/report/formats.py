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
from dataclasses import dataclass, field
from importlib import import_module
from typing import Literal

from laoxiao_check.model.lazy import lazy

Command = Literal["check", "audit", "plan"]
Renderer = Callable[..., "bytes | str"]
"""(result, lang, color=False) -> str for text formats, bytes for binary ones."""

DEFAULT = "table"


@dataclass(frozen=True)
class Format:
    """An output format: what it renders, each as ``"module:function"``, loaded on first use."""

    name: str
    needs_output: bool = False
    """Binary formats must be written to --output."""
    renderers: dict[str, str] = field(default_factory=dict)
    """Command (``check``, ``audit``, ``plan``) → its renderer, (result, lang, color=False) -> str
    or bytes. A command without one is not offered that format."""
    audit_stream: str | None = None
    """(audit result, lang, text handle): streams an audit's large text document instead of building it."""
    audit_file: str | None = None
    """(audit result, lang, path): writes an audit's large binary document to a file piece by piece
    instead of building it in memory (the path is the temporary file of an atomic write)."""
    suffixes: tuple[str, ...] = ()
    """The output file suffixes (lower case, with the dot; ``""`` for none) that mean this format
    when ``--format`` is not given: ``-o r.xlsx`` writes xlsx. The first is the usual one."""

    def renders(self, command: str) -> bool:
        return command in self.renderers

    def renderer(self, command: str) -> Renderer:
        """The renderer of ``command``'s result (its module is imported when it is called)."""
        return lazy(self.renderers[command])

    def writers(self, command: str) -> tuple[Callable[..., None] | None, Callable[..., None] | None]:
        """(text stream, file) writers of ``command``'s result, where the format streams it."""
        if command != "audit":
            return None, None
        return (
            lazy(self.audit_stream) if self.audit_stream else None,
            lazy(self.audit_file) if self.audit_file else None,
        )


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
    return {name: fmt for name, fmt in all_formats().items() if fmt.renders(command)}


def format_of_suffix(suffix: str) -> Format | None:
    """The format an output file's suffix (``.xlsx``, ``""``) names, of any command; None if none."""
    suffix = suffix.lower()
    return next((fmt for fmt in all_formats().values() if suffix in fmt.suffixes), None)


__all__ = ["DEFAULT", "Format", "all_formats", "format_of_suffix", "formats_for"]
