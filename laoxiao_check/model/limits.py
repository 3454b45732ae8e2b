"""How much input the tool reads before it refuses: every limit in one place.

Each limit is a named figure with what it bounds, the unit and how to raise it. Readers
compare against the figures of the :class:`Limits` in force (``DEFAULT`` for the command
line, ``SERVE`` for uploads to the review desk); exceeding one raises
:class:`laoxiao_check.model.errors.LimitError` (exit 2) naming the limit, the figure found
and the option that raises it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, fields, replace

MB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """The bounds in force for one run. All sizes in bytes, counts as counts."""

    file_bytes: int = 200 * MB
    """An input file on disk (workbook, GeoJSON, CSV, network extract)."""
    project_workbook_bytes: int = 20 * MB
    """A single project's workbook on disk (an estate list may be larger: ``file_bytes``)."""
    inflated_bytes: int = 1024 * MB
    """The sum of a workbook's parts once inflated, read from the zip directory."""
    compression_ratio: int = 200
    """A workbook part may inflate to at most this many times its compressed size."""
    rows: int = 1_000_000
    """Rows of one sheet or table, or features of one layer."""
    columns: int = 500
    """Columns actually used by a sheet's header (its filled cells, not its dimension)."""
    cells: int = 20_000_000
    """Cells of one sheet or table held at once (each filled row as wide as the columns read)."""
    vertices: int = 5_000_000
    """Coordinates of all geometries of one file together."""
    profile_bytes: int = 1 * MB
    """A rule profile YAML file."""
    problems_shown: int = 200
    """Problems of one file shown in the terminal; the rest are counted (all in --format json)."""

    def with_overrides(self, **figures: int | None) -> Limits:
        """These limits with the figures given (None: keep)."""
        given = {k: v for k, v in figures.items() if v is not None}
        unknown = set(given) - {f.name for f in fields(self)}
        if unknown:
            raise ValueError(f"unknown limits: {sorted(unknown)}")
        return replace(self, **given)


DEFAULT = Limits()
"""The command line's limits (auditors with big machines raise them with options)."""

SERVE = Limits(
    file_bytes=50 * MB,
    inflated_bytes=256 * MB,
    rows=200_000,
    cells=5_000_000,
    vertices=1_000_000,
    profile_bytes=256 * 1024,
)
"""The review desk's limits for uploads from people we do not know."""


_IN_FORCE: ContextVar[Limits] = ContextVar("laoxiao_limits", default=DEFAULT)


def in_force() -> Limits:
    """The limits the readers apply now (``DEFAULT`` unless a service applies others)."""
    return _IN_FORCE.get()


@contextmanager
def applied(limits: Limits | None) -> Iterator[Limits]:
    """Within this block the readers apply ``limits`` (None: those already in force)."""
    if limits is None:
        yield _IN_FORCE.get()
        return
    token = _IN_FORCE.set(limits)
    try:
        yield limits
    finally:
        _IN_FORCE.reset(token)
