"""Results of `audit`: each estate's findings and coverage, the communities, districts and city
judged on their own rules, the partitions run, and capacity-aware accessibility."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np

from laoxiao_check.model.areas import AreaLayer
from laoxiao_check.model.check import CoverageResult, Share
from laoxiao_check.model.errors import Problem
from laoxiao_check.model.judged import Judged
from laoxiao_check.model.ledger import InputLedger
from laoxiao_check.model.profile import Profile
from laoxiao_check.model.provenance import Provenance
from laoxiao_check.model.quality import DataQuality
from laoxiao_check.model.records import (
    Estate,
    Finding,
    deciding,
    verdict_of,
)

NO_DISTRICT = "—"
"""The district of the estates (and facilities) whose row names none, in the summary and the
capacity tables: a row of its own, so that the districts add up to the city ("(no district)")."""


@dataclass(frozen=True)
class Measure:
    """How a category's capacity is counted and judged under a profile."""

    category: str
    unit: str
    """``places`` or ``m2``."""
    denominator: str
    """``residents`` or ``households``."""
    per: int
    """1,000 (residents) or 100 (households)."""
    rates: dict[str, float]
    """Project kind → the profile's rate (per ``per`` of the denominator)."""
    target: float | None
    """The city target in the same unit (nursery places per 1,000 residents), if any."""

    @property
    def per_label(self) -> str:
        return f"{self.per}_{self.denominator}"


@dataclass(frozen=True)
class CategoryAccess:
    """One category's accessibility over an estate list."""

    category: str
    level: str
    max_distance_m: float
    method: str
    """``straight_line`` or ``network``."""
    catchment: str
    """``e2sfca`` or ``2sfca``."""
    measure: Measure
    estates: tuple[dict[str, Any] | None, ...]
    """Per estate of the list: its entry, or None where it was not measured."""
    city: dict[str, Any]
    districts: tuple[dict[str, Any], ...]
    communities: tuple[dict[str, Any], ...]
    facilities: tuple[dict[str, Any], ...]
    notes: tuple[str, ...] = ()
    decay: tuple[tuple[float, float], ...] = ()
    """The E2SFCA decay's zones (upper bound in metres, weight): see
    :func:`laoxiao_check.spatial.access.decay_thresholds`."""

    def header(self) -> dict[str, Any]:
        return {
            "category": self.category,
            "level": self.level,
            "max_distance_m": self.max_distance_m,
            "method": self.method,
            "catchment": self.catchment,
            "decay": (
                [{"up_to_m": round(b, 3), "weight": w} for b, w in self.decay]
                if self.catchment == "e2sfca"
                else [{"up_to_m": self.max_distance_m, "weight": 1.0}]
            ),
            "unit": self.measure.unit,
            "per": self.measure.per_label,
            "rates": self.measure.rates,
            "target": self.measure.target,
        }

    def summary(self) -> dict[str, Any]:
        return {
            **self.header(),
            "city": self.city,
            "districts": list(self.districts),
            "communities": list(self.communities),
            "facilities": list(self.facilities),
            "notes": list(self.notes),
        }


@dataclass(frozen=True)
class Accessibility:
    categories: tuple[CategoryAccess, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)

    def of_estate(self, index: int) -> list[dict[str, Any]]:
        """The estate's entries, one per category measured (JSON ``estates[].accessibility``)."""
        return [
            {"category": c.category, "level": c.level, **entry}
            for c in self.categories
            if (entry := c.estates[index]) is not None
        ]

    def summary(self) -> dict[str, Any]:
        """JSON ``summary.accessibility``."""
        return {"categories": [c.summary() for c in self.categories]}


@dataclass(frozen=True)
class GroupResult:
    """A community (or district) of the list judged as one: its estates' figures together."""

    name: str
    district: str
    estates: int
    households: int
    population: float
    population_source: str
    """``official`` (the population table), ``estates`` (the sum of the estates' figures) or
    ``estimated`` (some were estimated)."""
    findings: tuple[Finding, ...]
    age_groups: dict[str, float] = field(default_factory=dict)
    """Official residents 60+ and children 0–3 (``residents_60plus``, ``children_0_3``) where given."""
    facilities: dict[str, int] = field(default_factory=dict)
    """A street's facilities by category (the facility list's in it and its estates' rooms:
    ``eldercare_facilities``, ``childcare_facilities``), shown beside its figures."""

    @property
    def verdict(self) -> str:
        """As a project's, on the binding rules only; ``not_applicable`` when no binding rule of
        the level applied to it (a community without an estate under renovation; a city whose
        rules are all targets), which is neither a pass nor a gap."""
        if all(f.status == "not_applicable" for f in self.findings if deciding(f)):
            return "not_applicable"
        return verdict_of(self.findings)

    def figures(self) -> dict[str, Any]:
        """The group's name and figures, as JSON and the layers give them beside its results."""
        return {
            "name": self.name,
            "district": self.district,
            "estates": self.estates,
            "households": self.households,
            "population": self.population,
            "population_source": self.population_source,
            **self.age_groups,
            **self.facilities,
            "verdict": self.verdict,
        }


@dataclass(frozen=True)
class EstateResult:
    estate: Estate
    figures: tuple[Finding | Judged, ...] = ()
    """Per rule, its finding, or its figures where it was judged over columns: what the summary
    and the compact reports read."""
    shares: tuple[CoverageResult | Share, ...] = ()
    """Per coverage level, its result, or its share where the level was judged over columns."""
    worded: Callable[[], tuple[tuple[Finding, ...], tuple[CoverageResult, ...]]] | None = None
    """Builds every rule's finding and every level's result with their words (where some were
    judged over columns)."""

    @cached_property
    def _whole(self) -> tuple[tuple[Finding, ...], tuple[CoverageResult, ...]]:
        if self.worded is not None:
            return self.worded()
        findings = tuple(f for f in self.figures if isinstance(f, Finding))
        return findings, tuple(c for c in self.shares if isinstance(c, CoverageResult))

    @property
    def findings(self) -> tuple[Finding, ...]:
        """Every rule's finding with its words, built when a report first prints them."""
        return self._whole[0]

    @property
    def coverage(self) -> tuple[CoverageResult, ...]:
        """Every level's result with its words, built when a report first prints them."""
        return self._whole[1]

    @cached_property
    def verdict(self) -> str:
        """Worked out once (the summary, each district and every report ask for it)."""
        return "not_judged" if self.estate.reason else verdict_of(self.figures)


@dataclass(frozen=True)
class PartitionRecord:
    """One part of a partitioned audit (a city or a district of the list) and how it went."""

    name: str
    estates: int
    status: str
    """``done`` or ``failed`` (its estates are then not judged, with the reason)."""
    reason: str = ""
    network_source: str | None = None
    network: dict[str, Any] | None = None
    """The health report of the partition's walking network (its box of the file, or its own file)."""
    seconds: float = 0.0
    """Wall time of the partition's task (not in the JSON, which is reproducible)."""
    worker: str = ""
    """Where it ran: host and process id (not in the JSON)."""
    peak_rss_mb: float = 0.0
    """The peak memory of that process so far (not in the JSON)."""


@dataclass(frozen=True)
class AuditResult:
    profile: Profile
    source: str
    estates: tuple[EstateResult, ...]
    problems: tuple[Problem, ...]
    columns: dict[str, str]
    datum: str
    coverage_method: str | None
    metric_crs: str | None
    facilities_source: str | None
    network_source: str | None
    summary: dict[str, Any] = field(default_factory=dict)
    estate_lonlat: np.ndarray | None = None
    """(n, 2) WGS84 longitude/latitude of each estate after --coords conversion (NaN: none)."""
    network: dict[str, Any] | None = None
    """The walking network's health report (network/health.py); None without a network."""
    communities: tuple[GroupResult, ...] = ()
    """The community-scope rules judged on each community of the list (its estates together)."""
    districts: tuple[GroupResult, ...] = ()
    """The district-scope rules judged on each district of the list, with its facilities."""
    streets: tuple[GroupResult, ...] = ()
    """The street-scope rules judged on each street or township (街道、乡镇) of the list."""
    city: GroupResult | None = None
    """The city-scope rules (targets) judged on the whole list with the city's facilities."""
    accessibility: Accessibility | None = None
    """Capacity-aware accessibility (floating catchments, capacity.py); None without facilities."""
    areas: tuple[AreaLayer, ...] = ()
    """The community and district polygons given (``--communities``, ``--districts``)."""
    partitions: tuple[PartitionRecord, ...] = ()
    """A partitioned audit's parts (``--partition-by``), in the list's order; empty otherwise."""
    partition_by: str | None = None
    """``city`` or ``district`` in a partitioned audit."""
    quality: DataQuality | None = None
    """The data tier of the list: households, residents, rooms, locations (before the verdicts)."""
    ledger: InputLedger = field(default_factory=InputLedger)
    """What was dropped or doubted on the way in (shown at the top of every report)."""
    provenance: Provenance | None = None
    """The inputs, profile, options and version that produced the result (set by the caller)."""

    @property
    def levels(self) -> tuple[tuple[str, GroupResult], ...]:
        """Every group judged on its scope's rules, as (scope, group): communities, streets,
        districts, city."""
        groups = [("community", g) for g in self.communities] + [("street", g) for g in self.streets]
        groups += [("district", g) for g in self.districts]
        if self.city is not None:
            groups.append(("city", self.city))
        return tuple((scope, g) for scope, g in groups if g.findings)

    @property
    def verdict(self) -> str:
        """fail if an estate, a community, a district or the city fails its rules; else
        incomplete if one could not be judged (or an estate not at all); else pass."""
        verdicts = {e.verdict for e in self.estates} | {g.verdict for _, g in self.levels}
        verdicts.discard("not_applicable")
        return "fail" if "fail" in verdicts else "incomplete" if verdicts - {"pass"} else "pass"
