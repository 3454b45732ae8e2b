"""Results of `check`: the findings of a project, its coverage per level and what its map draws."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from laoxiao_check.model.ledger import InputLedger
from laoxiao_check.model.provenance import Provenance
from laoxiao_check.model.quality import DataQuality
from laoxiao_check.model.records import (
    Citation,
    Finding,
    Project,
    Verdict,
    verdict_of,
)


@dataclass(frozen=True)
class CoverageLevel:
    rule_id: str
    category: str
    level: str
    max_distance_m: float
    required_ratio: float
    informational: bool = False
    inclusive: bool = True
    """A building at exactly ``max_distance_m`` is covered (≤); False: only nearer (< , 应小于)."""


@dataclass(frozen=True)
class CoverageResult:
    rule_id: str
    category: str
    level: str
    max_distance_m: float
    method: str
    households_total: int
    households_covered: int
    ratio: float | None
    required_ratio: float
    status: str
    message: Mapping[str, str]
    """What was found, ``{"en": …, "zh": …}`` (worded when first read)."""
    uncovered: tuple[dict[str, Any], ...] = ()
    unsnapped: tuple[dict[str, Any], ...] = ()
    cut_off: tuple[dict[str, Any], ...] = ()
    """Buildings and facilities joined to a piece of the network apart from its largest."""
    informational: bool = False
    metric_crs: str = ""
    distances: dict[str, float | None] = field(default_factory=dict)
    """Building id → distance to the nearest facility (None beyond the search range)."""
    nearest_m: float | None = None
    """The nearest of the buildings' distances (an estate's own distance)."""
    note: str = ""
    """Why not measured or not covered, in a few words (estate lists)."""
    inclusive: bool = True
    """As the level's: False where a building must be nearer than the distance (< , 应小于)."""

    @property
    def within(self) -> str:
        """``≤`` or ``<``: how the level's distance bounds it, for headers."""
        return "≤" if self.inclusive else "<"

    @property
    def covered(self) -> bool | None:
        """Every household covered? None where not measured."""
        if self.status not in ("pass", "fail", "not_applicable") or self.status == "not_applicable":
            return (
                None if self.status != "not_applicable" else self.households_covered == self.households_total
            )
        return self.households_covered == self.households_total

    def as_estate_dict(self) -> dict[str, Any]:
        """The compact record of one estate of a list (audit JSON)."""
        return {
            "category": self.category,
            "level": self.level,
            "max_distance_m": self.max_distance_m,
            "method": self.method,
            "status": self.status,
            "covered": self.covered,
            "nearest_m": self.nearest_m,
            "informational": self.informational,
            "note": self.note,
        }

    def as_dict(self) -> dict[str, Any]:
        return {
            "category": self.category,
            "level": self.level,
            "max_distance_m": self.max_distance_m,
            "method": self.method,
            "households_total": self.households_total,
            "households_covered": self.households_covered,
            "ratio": self.ratio,
            "required_ratio": self.required_ratio,
            "status": self.status,
            "informational": self.informational,
            "crs": self.metric_crs,
            "message": self.message["en"],
            "message_zh": self.message["zh"],
            "uncovered": list(self.uncovered),
            "unsnapped": list(self.unsnapped),
            "cut_off": list(self.cut_off),
        }


@dataclass(frozen=True)
class Catchment:
    """Where a category's facilities reach within a level's distance, for maps and layers."""

    category: str
    level: str
    max_distance_m: float
    method: str
    centres: np.ndarray
    """(k, 2) facility points (straight line: circles of max_distance_m around them)."""
    segments: np.ndarray
    """(m, 2, 2) reachable pieces of the network (network method; empty otherwise)."""


@dataclass(frozen=True)
class MapGeometry:
    """The project in its metric CRS: what reports draw. Plain arrays, no I/O."""

    crs: str
    building_ids: tuple[str, ...]
    building_xy: np.ndarray
    building_households: np.ndarray
    facility_ids: tuple[str, ...]
    facility_categories: tuple[str, ...]
    facility_xy: np.ndarray
    network: np.ndarray
    """(m, 2, 2) the walking network's segments around the project (empty without one)."""
    catchments: tuple[Catchment, ...]
    network_health: dict[str, Any] | None = None
    """The walking network's health report (network.health), None without a network."""
    facility_areas: tuple[float | None, ...] = ()
    """Floor area (m²) of each of the project's rooms, as ``facility_ids`` (None: not given)."""
    city_ids: tuple[str, ...] = ()
    """The city's facilities (``--facilities``) near the project: ids, categories, points, areas."""
    city_categories: tuple[str, ...] = ()
    city_xy: np.ndarray = field(default_factory=lambda: np.empty((0, 2)))
    city_areas: tuple[float | None, ...] = ()
    city_places: tuple[int | None, ...] = ()


@dataclass(frozen=True)
class CheckResult:
    project: Project
    profile_id: str
    profile_name: dict[str, str]
    profile_documents: tuple[Citation, ...]
    findings: tuple[Finding, ...]
    coverage: tuple[Any, ...] = ()
    warnings: tuple[str, ...] = ()
    geometry: Any = None
    """coverage.MapGeometry: the project in its metric CRS, for maps and GIS layers."""
    network: dict[str, Any] | None = None
    """The walking network's health report (network/health.py); None without a network."""
    quality: DataQuality | None = None
    """The data tier: are the inputs complete and plausible (shown before the verdicts)."""
    ledger: InputLedger = field(default_factory=InputLedger)
    """What was dropped or doubted on the way in (shown at the top of every report)."""
    provenance: Provenance | None = None
    """The inputs, profile, options and version that produced the result (set by the caller)."""
    profile_label: str = ""
    """How reports name the profile: ``Profile.label`` (the id of a bundled profile; a custom one
    by its file and SHA-256), set by ``services.check``."""

    @property
    def verdict(self) -> Verdict:
        return verdict_of(self.findings)


NOTE_NO_COORDINATES = "no coordinates"


NOTE_UNSNAPPED = "not on the walking network"


NOTE_CUT_OFF = "on a piece of the walking network cut off from its largest"


NOTE_NO_FACILITY_ON_PIECE = "its piece of the walking network holds no facility of the category"


NOTE_NONE_PLACED = "no facility of the category could be placed (no usable coordinates)"


NOTE_NO_FACILITY_GIVEN = "no facility of the category given"


NOTE_FACILITY_UNSNAPPED = "no facility of the category joins the walking network"


@dataclass(frozen=True, slots=True)
class LevelDistances:
    """One project's buildings measured at one coverage level, without a verdict: each building's
    distance to the nearest facility of the category, whether it lies within the level's distance
    and why not (the coverage rule kind judges it: :func:`laoxiao_check.rules.kinds.coverage.judge`)."""

    level: CoverageLevel
    method: str
    metric_crs: str
    ids: list[str]
    households: list[int]
    nearest: list[float | None]
    """Per building: metres to the nearest facility (None beyond the search range)."""
    covered: list[bool]
    reasons: list[str]
    """Per building, why it is not covered: ``unsnapped``, ``no_facility``, ``cut_off``,
    ``facility_unsnapped`` or ``beyond``."""
    unsnapped: list[dict[str, Any]]
    cut_off_points: list[dict[str, Any]]
    has_facility: bool
    off_main: list[bool]
    """Per building: on a piece of the network apart from its largest."""


@dataclass(frozen=True)
class LevelColumns:
    """Every one-building project (an estate of a list) measured at one level, as columns: what
    :class:`LevelDistances` holds of each, row by row (``projects``: the project of each row)."""

    level: CoverageLevel
    method: str
    metric_crs: str
    projects: list[int]
    ids: list[str]
    households: list[int]
    nearest: list[float | None]
    covered: list[bool]
    reasons: list[str]
    off_main: list[bool]
    has_facility: bool
    unsnapped: dict[int, list[dict[str, Any]]]
    """Row → the building and rooms that do not join the network (rows without any: absent)."""
    cut_off_points: dict[int, list[dict[str, Any]]]
    """Project → its points on pieces cut off (a map's)."""

    def distances(self, row: int) -> LevelDistances:
        """The row as the one-project path takes it."""
        return LevelDistances(
            self.level,
            self.method,
            self.metric_crs,
            self.ids[row : row + 1],
            self.households[row : row + 1],
            self.nearest[row : row + 1],
            self.covered[row : row + 1],
            self.reasons[row : row + 1],
            self.unsnapped.get(row, []),
            self.cut_off_points.get(self.projects[row], []),
            self.has_facility,
            self.off_main[row : row + 1],
        )


@dataclass(slots=True)
class Share:
    """One estate's coverage at one level as a summary and a compact report read it: its status,
    whether it is covered and why not, judged over columns; the level, the method and the distance
    are its row of ``columns`` (the full :class:`CoverageResult`, with its words, is
    ``judge(columns.distances(row))``, built where a report prints it)."""

    status: str
    covered: bool | None
    note: str
    ratio: float | None
    columns: LevelColumns
    row: int

    @property
    def method(self) -> str:
        return self.columns.method

    @property
    def nearest_m(self) -> float | None:
        return self.columns.nearest[self.row]

    @property
    def level(self) -> str:
        return self.columns.level.level

    @property
    def rule_id(self) -> str:
        return self.columns.level.rule_id

    @property
    def category(self) -> str:
        return self.columns.level.category

    @property
    def max_distance_m(self) -> float:
        return self.columns.level.max_distance_m

    @property
    def informational(self) -> bool:
        return self.columns.level.informational

    @property
    def within(self) -> str:
        return "≤" if self.columns.level.inclusive else "<"


@dataclass(frozen=True, slots=True)
class Unmeasured:
    """A project's coverage at one level that could not be measured, and why (no coordinates, no
    facility of the category given or placed)."""

    level: CoverageLevel
    method: str
    households: int
    why: dict[str, str]
    """``{"en": …, "zh": …}``."""
    note: str
