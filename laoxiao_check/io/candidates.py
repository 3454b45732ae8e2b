"""Candidate sites for ``plan``: vacant plots, community centres… (a table or a layer of points).

Read by the same table reader as estate lists and facility layers (``tables.read_table``).
Unlike those lists, a candidate list is short and written by a planner for this purpose: a
row whose point cannot be read, or an id given twice, is an error naming its place (all
problems of the file together), never a silent omission.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from laoxiao_check.io.estates import FACILITY_COLUMNS, match_columns
from laoxiao_check.io.tables import read_table
from laoxiao_check.model.errors import InputError, ProblemList
from laoxiao_check.model.messages import Said, message_of
from laoxiao_check.model.values import COORDINATE, ValueProblem, parse_number, parse_text

CANDIDATE_COLUMNS: dict[str, tuple[str, ...]] = {
    "id": ("id", "编号", "候选编号", "地块编号", "site"),
    "name": ("name", "名称", "地块名称", "选址名称"),
    "x": FACILITY_COLUMNS["x"],
    "y": FACILITY_COLUMNS["y"],
}


@dataclass(frozen=True)
class CandidateLayer:
    source: str
    ids: tuple[str, ...]
    names: tuple[str, ...]
    places: tuple[str, ...]
    """``row 7`` or ``feature 6``: where each candidate was read."""
    x: np.ndarray
    y: np.ndarray
    crs: str | None


def read_candidates(path: str | Path) -> CandidateLayer:
    """Every row a candidate site with a point; ids default to the name, else ``S1``, ``S2``… by row."""
    table = read_table(path)
    columns = match_columns(table, CANDIDATE_COLUMNS, {})
    has_points = table.points is not None
    if not has_points and not {"x", "y"} <= columns.keys():
        missing = ", ".join(c for c in ("x", "y") if c not in columns)
        raise InputError(
            Said(
                "missing column(s) {missing} (or lng/lat, 经度/纬度, or a point geometry); the columns are "
                "{columns}: each candidate site needs its point",
                missing=missing,
                columns=", ".join(table.headers) or Said("none"),
            ),
            table.source,
        )
    if not table.rows:
        raise InputError(Said("no candidate sites: the file has a header but no rows"), table.source)
    problems = ProblemList(table.source)
    ids: list[str] = []
    names: list[str] = []
    x = np.full(len(table.rows), np.nan)
    y = np.full(len(table.rows), np.nan)
    seen: dict[str, str] = {}
    for index, (row, place) in enumerate(zip(table.rows, table.places, strict=True)):
        given = parse_text(row.get(columns["id"])) if "id" in columns else None
        name = (parse_text(row.get(columns["name"])) if "name" in columns else None) or ""
        identifier = given or name or f"S{index + 1}"
        names.append(name)
        if identifier in seen:
            problems.add(
                place, Said("id {id} is used twice: also at {place}", id=identifier, place=seen[identifier])
            )
        seen.setdefault(identifier, place)
        ids.append(identifier)
        if has_points and table.points is not None and not np.isnan(table.points[index]).any():
            x[index], y[index] = table.points[index]
            continue
        if "x" not in columns or "y" not in columns:
            problems.add(place, Said("candidate {id}: no point geometry", id=identifier))
            continue
        for field, target in (("x", x), ("y", y)):
            raw = row.get(columns[field])
            try:
                value = parse_number(raw, COORDINATE)
            except ValueProblem as exc:
                problems.add(place, Said("{name}: {message}", name=columns[field], message=message_of(exc)))
                continue
            if value is None or value == 0:
                problems.add(
                    place,
                    Said(
                        "{column}: candidate {id} has no coordinate (got {raw})",
                        column=columns[field],
                        id=identifier,
                        raw=repr(raw),
                    ),
                )
                continue
            target[index] = float(value)
    problems.raise_if_any()
    return CandidateLayer(table.source, tuple(ids), tuple(names), tuple(table.places), x, y, table.crs)
