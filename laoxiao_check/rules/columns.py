"""Rules over columns: an estate list's rows judged rule by rule, all rows in one call.

An audit judges 100,000 estates on the same few rules. :class:`ProjectTable` holds what the
quantity rules read (households, residents, the floor area and places of each category) as
columns; :func:`judge_columns` gives a rule's status, required, provided and shortfall for every
row whose rule reaches its arithmetic plainly, with the kind's own arithmetic over arrays
(``judge_area``, ``judge_places``) — the function
``check`` also calls on a table of one row, so each boundary has one implementation.

A row is judged one by one instead (the object path, :func:`laoxiao_check.rules.evaluate`) where
the rule would say more than its figures: a gate (scope, ``applies_when``, rooms unknown), a figure
missing, rooms behind the housing's delivery, a completion barred. Those rows are few in a list;
their findings carry the words. A row judged over columns becomes a :class:`Judged`, and its
full finding (words included) is built only where a report prints it, by the same object path.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Protocol, runtime_checkable

import numpy as np

from laoxiao_check.model.judged import Judged, RuleFacts
from laoxiao_check.model.profile import RuleSpec
from laoxiao_check.model.records import Category, Project, Status
from laoxiao_check.rules.base import exact, total

CATEGORIES: tuple[Category, ...] = ("eldercare", "childcare")
PASS, FAIL = 0, 1
"""The status codes of a rule judged over columns."""
STATUS_OF: dict[int, Status] = {PASS: "pass", FAIL: "fail"}


@dataclass(frozen=True)
class ProjectTable:
    """Projects (estates of a list) as columns: what the quantity rules read, row by row."""

    kind: list[str | None]
    """The project kind (``new``, ``existing``; None unknown)."""
    households: np.ndarray
    """float; NaN: unknown."""
    population: np.ndarray
    """Completed (given, summed or estimated); NaN: unknown."""
    estimated: np.ndarray
    plain: np.ndarray
    """The project's own level, no delivery status or phase anywhere: a rule reaches its
    arithmetic without a gate but its thresholds and its category's rooms unknown."""
    area: dict[str, np.ndarray]
    """Category → the floor area of its rooms (NaN: a room gives none)."""
    places: dict[str, np.ndarray]
    """Category → the places of its rooms (NaN: a room gives none)."""
    rooms_unknown: dict[str, np.ndarray]
    """Category → the rows whose rooms of it an estate list leaves unknown."""

    def of_kinds(self, kinds: Sequence[str]) -> np.ndarray:
        """The rows of projects of these kinds (a rule's ``project_kinds``)."""
        return np.array([kind in kinds for kind in self.kind], dtype=bool)

    @classmethod
    def of(cls, projects: Sequence[Project]) -> ProjectTable:
        n = len(projects)
        households = np.full(n, np.nan)
        population = np.full(n, np.nan)
        area: dict[str, np.ndarray] = {c: np.full(n, np.nan) for c in CATEGORIES}
        places: dict[str, np.ndarray] = {c: np.full(n, np.nan) for c in CATEGORIES}
        for i, p in enumerate(projects):
            if p.households is not None:
                households[i] = p.households
            if p.population is not None:
                population[i] = p.population
            for category in CATEGORIES:
                rooms = p.facilities_of(category)
                areas = [f.area_m2 for f in rooms if f.area_m2 is not None]
                if len(areas) == len(rooms):
                    area[category][i] = _sum_exactly(areas)
                given = [f.places for f in rooms if f.places is not None]
                if len(given) == len(rooms):
                    places[category][i] = sum(given)
        return cls(
            kind=[p.kind for p in projects],
            households=households,
            population=population,
            estimated=np.array([p.population_estimated for p in projects]),
            plain=np.array([_plain(p) for p in projects], dtype=bool),
            area=area,
            places=places,
            rooms_unknown={
                c: np.array([c in p.unknown_rooms for p in projects], dtype=bool) for c in CATEGORIES
            },
        )


def _sum_exactly(areas: list[float]) -> float:
    """The figures' sum as exact decimals, as a float; one figure is itself (an estate's one room
    of a category: no decimal arithmetic for 100,000 of them)."""
    if len(areas) == 1:
        return float(areas[0])
    return float(total(exact(a) for a in areas))


def _plain(project: Project) -> bool:
    """The project's own level, and no delivery status or phase on a building or a room."""
    return (
        project.scope == "project"
        and not any(b.status or b.phase for b in project.buildings)
        and not any(f.status or f.phase for f in project.facilities)
    )


@dataclass(frozen=True)
class RuleColumns:
    """One rule over every row: ``judged`` marks the rows judged here; the rest go one by one."""

    judged: np.ndarray
    status: np.ndarray
    required: np.ndarray
    provided: np.ndarray
    shortfall: np.ndarray
    estimated: np.ndarray

    @cached_property
    def rows(self) -> list[tuple[Status, int | float, int | float, int | float, bool]]:
        """The columns as Python rows (status, required, provided, shortfall, estimated), each
        figure as JSON shows it (:func:`~laoxiao_check.rules.decimals.as_plain`)."""
        statuses = [STATUS_OF[code] for code in self.status.tolist()]
        figures = [_plain_column(c) for c in (self.required, self.provided, self.shortfall)]
        return list(zip(statuses, *figures, self.estimated.tolist(), strict=True))

    def at(self, facts: RuleFacts, row: int) -> Judged:
        """The row's figures (an estate's), as a finding reads them."""
        return Judged(facts, *self.rows[row])


def _plain_column(column: np.ndarray) -> list[int | float]:
    """:func:`~laoxiao_check.rules.decimals.as_plain` of each figure: whole ones as ints."""
    whole = (np.isfinite(column) & (column == np.floor(column))).tolist()
    return [int(v) if w else v for v, w in zip(column.tolist(), whole, strict=True)]


def reaches_plainly(rule: RuleSpec) -> bool:
    """Does every project of its kinds reach the rule's verdict without a gate's words: the
    project's own level, no threshold, no flag (:func:`laoxiao_check.rules.evaluate`)?"""
    return rule.scope == "project" and not rule.applies_when


@runtime_checkable
class OverTable(Protocol):
    """A rule kind with a column form (floor area, places)."""

    def over_table(self, rule: RuleSpec, table: ProjectTable, judged: np.ndarray) -> RuleColumns:
        """The rule's figures for the rows of ``judged`` that reach its arithmetic plainly."""
        ...


def judge_columns(rule: RuleSpec, kind: object, table: ProjectTable, rows: np.ndarray) -> RuleColumns | None:
    """The rule over the table's ``rows`` (a mask: the projects of its kinds), or None where its
    kind has no column form, or where its gates would word rows the table cannot tell apart (a
    flag in ``applies_when``, a wider level) or its failures carry more (``acceptance_blocked``)."""
    if not isinstance(kind, OverTable) or rule.params.get("acceptance_blocked") or rule.scope != "project":
        return None  # a wider level's rule, or words where it fails
    judged = rows & table.plain & ~table.rooms_unknown[rule.category]
    for key, threshold in rule.applies_when.items():
        if key == "population_at_least":
            judged &= table.population >= threshold
        elif key == "households_at_least":
            judged &= table.households >= threshold
        else:  # a flag (renovation)
            return None
    return kind.over_table(rule, table, judged)
