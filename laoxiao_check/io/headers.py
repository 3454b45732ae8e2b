"""Where a table's header is: title rows above it, a group row over it, merged cells.

Spreadsheets as people make them seldom start with the field names in row 1: a title
merged across row 1 (``泉州市既有小区一老一小设施统计表``), a blank row, then a header of
one or two rows — a group row (``基本信息`` merged over ``小区名称 / 区县 / 户数``) above the
field row, and fields that need no group merged down both rows. The header is the row
(or pair of rows) among the first :data:`HEADER_SCAN_ROWS` that names the most known
fields (:mod:`.fields`); the rows above it are skipped and said, never read as data.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from laoxiao_check.io.fields import (
    BUILDING_FIELDS,
    ESTATE_FIELDS,
    FACILITY_FIELDS,
    PROJECT_FIELDS,
    normalise_header,
)
from laoxiao_check.io.workbook import HEADER_ROWS
from laoxiao_check.model.messages import Said
from laoxiao_check.model.values import clean_text, is_blank

HEADER_SCAN_ROWS = HEADER_ROWS
"""The header is looked for in this many rows at the top of a sheet."""

ALL_HEADERS: frozenset[str] = frozenset(
    normalise_header(word)
    for fields in (ESTATE_FIELDS, FACILITY_FIELDS, BUILDING_FIELDS, PROJECT_FIELDS)
    for field in fields
    for word in field.headers
)
"""Every header word of every input, normalised: what a header row is recognised by."""


@dataclass(frozen=True)
class Header:
    """The header found: its labels (one per column) and where it was."""

    labels: tuple[Any, ...]
    row: int
    """The 0-based index of the field row (the last header row): data starts below it."""
    first: int
    """The 0-based index of the first header row (``row - 1`` for a two-row header)."""

    @property
    def data_start(self) -> int:
        return self.row + 1

    def note(self, sheet: str, rows: Sequence[Sequence[Any]]) -> str | None:
        """One line saying which rows were taken as the header and which skipped (None: row 1)."""
        if self.row == 0:
            return None
        where = f"{sheet} › " if sheet else ""
        header = (
            Said(
                "rows {first}–{last} (a group row over the field row)",
                first=self.first + 1,
                last=self.row + 1,
            )
            if self.first < self.row
            else Said("row {row}", row=self.row + 1)
        )
        if self.first == 0:
            return Said("{where}header read from {header}", where=where, header=header)
        titles = [_first_text(rows[i]) for i in range(self.first)]
        shown = "; ".join(repr(t) for t in titles if t) or Said("blank")
        skipped = Said("row {row}", row=1) if self.first == 1 else Said("rows 1–{last}", last=self.first)
        return Said(
            "{where}header read from {header}; {skipped} above it skipped ({shown}), not read as data",
            where=where,
            header=header,
            skipped=skipped,
            shown=shown,
        )


def _first_text(row: Sequence[Any]) -> str:
    for value in row:
        if not is_blank(value):
            text = clean_text(str(value).strip())
            return text if len(text) <= 40 else text[:39] + "…"
    return ""


def _matches(labels: Iterable[Any], known: frozenset[str]) -> int:
    return len({key for key in (normalise_header(v) for v in labels) if key and key in known})


def _combined(upper: Sequence[Any], lower: Sequence[Any], known: frozenset[str]) -> tuple[Any, ...]:
    """A two-row header read column by column: the group and field together when that is known
    (``养老服务用房`` over ``面积(㎡)``), else the field row's label when known, else the
    group row's label when known (a field merged down both rows keeps its name only in the
    upper cell when merged cells are not filled), else the field row's label."""
    width = max(len(upper), len(lower))
    labels: list[Any] = []
    group: Any = None
    for i in range(width):
        top = upper[i] if i < len(upper) else None
        bottom = lower[i] if i < len(lower) else None
        group = top if not is_blank(top) else group  # a group merged across: its first cell
        joined = f"{clean_text(str(group)).strip()}{bottom}" if not is_blank(group) else None
        if joined is not None and not is_blank(bottom) and normalise_header(joined) in known:
            labels.append(joined)  # the more specific name: 养老服务用房面积, not 面积
        elif normalise_header(bottom) in known:
            labels.append(bottom)
        elif normalise_header(top) in known or (is_blank(bottom) and not is_blank(top)):
            labels.append(top)
        else:
            labels.append(bottom)
    return tuple(labels)


def find_header(rows: Sequence[Sequence[Any]], known: frozenset[str] = ALL_HEADERS) -> Header:
    """The header of a table whose rows are ``rows`` (see the module's docstring).

    Row 1 stays the header when no row names more known fields than it does: a sheet of
    unknown columns reads as before (and its missing columns are said by the reader).
    """
    best = Header(tuple(rows[0]) if rows else (), 0, 0)
    best_score: float = _matches(best.labels, known) if rows else 0
    for index in range(1, min(len(rows), HEADER_SCAN_ROWS)):
        if _has_figures(rows[index]):
            continue  # a row with figures is data (a value may be a field's word: community)
        single = tuple(rows[index])
        candidates = [(single, index)]
        if not _has_figures(rows[index - 1]):
            candidates.append((_combined(rows[index - 1], single, known), index - 1))
        for labels, first in candidates:
            score: float = _matches(labels, known)
            if first < index and any(a not in (b, c) for a, b, c in _pairs(labels, rows, index)):
                score += 0.5  # a group joined to its fields names them better than the fields alone
            if score > best_score:
                best, best_score = Header(labels, index, first), score
    if best.first == best.row > 0 and _is_group_row(rows[best.row - 1], rows[best.row]):
        best = Header(best.labels, best.row, best.row - 1)
    return best


def _pairs(labels: Sequence[Any], rows: Sequence[Sequence[Any]], index: int) -> list[tuple[Any, Any, Any]]:
    """Each combined label with the field row's and the group row's cell of its column."""
    lower, upper = rows[index], rows[index - 1]
    return [
        (label, lower[i] if i < len(lower) else None, upper[i] if i < len(upper) else None)
        for i, label in enumerate(labels)
    ]


_FIGURE = re.compile(r"^\s*[-+]?[0-9][0-9,]*(?:\.[0-9]+)?\s*$")


def _has_figures(row: Sequence[Any]) -> bool:
    """Does a row hold a number or a date (data, never a header)?"""
    for value in row:
        if isinstance(value, bool) or is_blank(value):
            continue
        if isinstance(value, (int, float, datetime.date)) or (
            isinstance(value, str) and _FIGURE.match(value)
        ):
            return True
    return False


def _is_group_row(upper: Sequence[Any], lower: Sequence[Any]) -> bool:
    """Is ``upper`` the group row of a two-row header whose merged cells were filled (a field
    merged down both rows shows its name in both)?"""
    return any(not is_blank(a) and a == b for a, b in zip(upper, lower, strict=False))
