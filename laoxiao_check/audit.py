"""Batch audit of existing estates across a city.

Every estate becomes a project (one building at its point; its rooms where the list gives
them, marked unknown where it does not) and goes through the same core as ``check``
(:func:`laoxiao_check.core.evaluate`): the same rule kinds and the same coverage path, with
the city's facilities. Distances for all estates are computed at once per category (one
k-d tree query, or one bounded walk on the network); only the rule arithmetic runs per
estate. :func:`run_audit` reads the files; :func:`audit_estates` is the audit of what was
read, for a notebook or a worker.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np

from .access import DEFAULT_METHOD as DEFAULT_CATCHMENT
from .audit_summary import summarise
from .capacity import Accessibility, measure_accessibility
from .core import Progress, evaluate
from .coverage import DEFAULT_MAX_SNAP_M, CoverageResult, Network
from .errors import Problem
from .geo import (
    WGS84,
    metric_crs_for_points,
)
from .io.boundary import Boundary, read_boundary
from .io.estates import EstateList, FacilityLayer, read_estates, read_facilities
from .io.points import placed, to_lonlat
from .io.population import PopulationTable, read_population
from .models import Building, Estate, Facility, Finding, Project, verdict_of
from .network.noding import NodingOptions
from .network_cache import NetworkFile
from .profiles import Profile
from .reach import SameGraph


@dataclass(frozen=True)
class GroupResult:
    """A community (or district) of the list judged as one: its estates' figures together."""

    name: str
    district: str
    estates: int
    households: int
    population: float
    population_source: str
    """``estates`` (the sum of the estates' figures) or ``estimated`` (some were estimated)."""
    findings: tuple[Finding, ...]

    @property
    def verdict(self) -> str:
        return verdict_of(self.findings)


@dataclass(frozen=True)
class EstateResult:
    estate: Estate
    findings: tuple[Finding, ...] = ()
    coverage: tuple[CoverageResult, ...] = ()

    @property
    def verdict(self) -> str:
        return "not_judged" if self.estate.reason else verdict_of(self.findings)


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
    city: GroupResult | None = None
    """The city-scope rules (targets) judged on the whole list with the city's facilities."""
    accessibility: Accessibility | None = None
    """Capacity-aware accessibility (floating catchments, capacity.py); None without facilities."""

    @property
    def verdict(self) -> str:
        verdicts = {e.verdict for e in self.estates}
        return "fail" if "fail" in verdicts else "incomplete" if verdicts - {"pass"} else "pass"


def run_audit(
    estates_path: str | Path,
    profile: Profile,
    *,
    facilities_path: str | Path | None = None,
    network_path: str | Path | None = None,
    datum: str = "wgs84",
    facilities_datum: str | None = None,
    boundary_path: str | Path | None = None,
    boundary_datum: str | None = None,
    columns: dict[str, str] | None = None,
    max_snap_m: float = DEFAULT_MAX_SNAP_M,
    default_kind: str = "existing",
    progress: Progress | None = None,
    sheet: str | None = None,
    noding: NodingOptions | None = None,
    use_cache: bool = True,
    population_path: str | Path | None = None,
    catchment: str = DEFAULT_CATCHMENT,
) -> AuditResult:
    """Read the estate list (and facilities, network, boundary, population table) and audit it."""
    estate_list = read_estates(
        estates_path, columns or {}, profile.persons_per_household, default_kind, sheet
    )
    facility_layer = read_facilities(facilities_path) if facilities_path else None
    network = NetworkFile(Path(network_path), use_cache) if network_path else None
    boundary = read_boundary(boundary_path, boundary_datum or datum) if boundary_path else None
    population = read_population(population_path) if population_path else None
    return audit_estates(
        estate_list,
        profile,
        facilities=facility_layer,
        network=network,
        boundary=boundary,
        datum=datum,
        facilities_datum=facilities_datum,
        max_snap_m=max_snap_m,
        noding=noding,
        progress=progress,
        population=population,
        catchment=catchment,
    )


def audit_estates(
    estate_list: EstateList,
    profile: Profile,
    *,
    facilities: FacilityLayer | None = None,
    network: Network | None = None,
    boundary: Boundary | None = None,
    datum: str = "wgs84",
    facilities_datum: str | None = None,
    max_snap_m: float = DEFAULT_MAX_SNAP_M,
    noding: NodingOptions | None = None,
    progress: Progress | None = None,
    population: PopulationTable | None = None,
    catchment: str = DEFAULT_CATCHMENT,
) -> AuditResult:
    """The audit of estates already read (no file is opened here but the network's, if lazy)."""
    problems = list(estate_list.problems) + (list(facilities.problems) if facilities else [])
    estate_lonlat, facility_lonlat = locate(
        estate_list, facilities, datum, facilities_datum or datum, problems
    )
    estates = estate_list.estates
    if boundary is not None:
        problems.extend(Problem(boundary.source, "", warning) for warning in boundary.warnings)
        estates, outside = leave_out_outside(estates, estate_lonlat, boundary)
        problems.extend(outside)

    known = ~np.isnan(estate_lonlat).any(axis=1)
    metric_crs = (
        metric_crs_for_points(estate_lonlat[known, 0], estate_lonlat[known, 1], WGS84)
        if known.any()
        else None
    )
    projects = [
        estate_project(estate, estate_list.columns, point)
        for estate, point in zip(estates, estate_lonlat, strict=True)
    ]
    city = placed(facilities.facilities if facilities else (), facility_lonlat)
    network = SameGraph(network) if network is not None else None  # one graph for coverage and access
    evaluation = evaluate(
        projects,
        profile,
        facilities=city,
        facilities_crs=WGS84,
        network=network,
        max_snap_m=max_snap_m,
        noding=noding,
        measure_coverage=facilities is not None and metric_crs is not None,
        however_far=False,
        judged=[not e.reason for e in estates],
        progress=progress,
        estate_lists=True,
        scopes=("project",),  # the community and city rules are judged on their groups
    )
    results = [
        EstateResult(estate) if judged is None else EstateResult(estate, judged.findings, judged.coverage)
        for estate, judged in zip(estates, evaluation.projects, strict=True)
    ]
    if network is not None:
        problems.extend(Problem(network.source, "", w) for w in evaluation.network_warnings)
    communities = judge_communities(estates, projects, profile, population)
    districts = judge_districts(estates, projects, profile, facilities, population)
    city_group = judge_city(estates, projects, profile, facilities, population)
    summary = summarise(results, profile, facilities)
    accessibility = None
    if facilities is not None and metric_crs is not None:  # capacity shared among all who reach it
        accessibility = measure_accessibility(
            estates,
            projects,
            estate_lonlat,
            city,
            facilities.districts,
            profile,
            metric_crs=evaluation.metric_crs or metric_crs,
            judged=[not e.reason for e in estates],
            network=network,
            max_snap_m=max_snap_m,
            noding=noding,
            population=population,
            catchment=catchment,
        )
    return AuditResult(
        profile=profile,
        source=estate_list.source,
        estates=tuple(results),
        problems=tuple(problems),
        columns=estate_list.columns,
        datum=datum,
        coverage_method=evaluation.method,
        metric_crs=evaluation.metric_crs or metric_crs,
        facilities_source=facilities.source if facilities else None,
        network_source=network.source if network else None,
        summary=summary,
        estate_lonlat=estate_lonlat,
        network=evaluation.network_health,
        communities=communities,
        districts=districts,
        city=city_group,
        accessibility=accessibility,
    )


def judge_communities(
    estates: tuple[Estate, ...],
    projects: list[Project],
    profile: Profile,
    population: PopulationTable | None = None,
) -> tuple[GroupResult, ...]:
    """Each community named in the list, its judged estates together, on the community rules.

    A community is the estates sharing a ``community`` (and ``district``) value; its
    households, population and rooms are theirs summed; a category whose rooms any of its
    estates leaves unknown stays unknown. Only rules of scope ``community`` are judged here.
    """
    groups: dict[tuple[str, str], list[int]] = {}
    for index, estate in enumerate(estates):
        if estate.community and not estate.reason:
            groups.setdefault((estate.district, estate.community), []).append(index)
    return judge_groups("community", groups, estates, projects, profile, {}, population)


def judge_districts(
    estates: tuple[Estate, ...],
    projects: list[Project],
    profile: Profile,
    facilities: FacilityLayer | None,
    population: PopulationTable | None = None,
) -> tuple[GroupResult, ...]:
    """Each district named in the list, with the city's facilities in it, on the district rules."""
    groups: dict[tuple[str, str], list[int]] = {}
    for index, estate in enumerate(estates):
        if estate.district and not estate.reason:
            groups.setdefault(("", estate.district), []).append(index)
    extra: dict[tuple[str, str], list[Facility]] = {}
    if facilities:
        for facility, district in zip(facilities.facilities, facilities.districts, strict=True):
            if district:
                extra.setdefault(("", district), []).append(facility)
    return judge_groups("district", groups, estates, projects, profile, extra, population)


def judge_city(
    estates: tuple[Estate, ...],
    projects: list[Project],
    profile: Profile,
    facilities: FacilityLayer | None,
    population: PopulationTable | None = None,
) -> GroupResult | None:
    """The whole list as the city, with the city's facilities, on the city rules (targets)."""
    judged = [i for i, e in enumerate(estates) if not e.reason]
    extra = {("", ""): list(facilities.facilities)} if facilities else {}
    found = judge_groups("city", {("", ""): judged}, estates, projects, profile, extra, population)
    return found[0] if found else None


def judge_groups(
    scope: str,
    groups: dict[tuple[str, str], list[int]],
    estates: tuple[Estate, ...],
    projects: list[Project],
    profile: Profile,
    facilities: dict[tuple[str, str], list[Facility]],
    population: PopulationTable | None = None,
) -> tuple[GroupResult, ...]:
    """Groups of estates (and their facilities beyond the estates' own) on the rules of a scope.

    A group's population is the official one where the population table gives it, else the
    sum of its estates' (marked estimated where any estate's was).
    """
    if not groups or not any(r.scope == scope for r in profile.rules):
        return ()
    keys = sorted(k for k in groups if groups[k])
    merged = []
    official: list[bool] = []
    for district, name in keys:
        project = _group_project(
            name, [projects[i] for i in groups[(district, name)]], scope, facilities.get((district, name), [])
        )
        counted = population.lookup(scope, district, name) if population else None
        if counted is not None:
            project = replace(project, population=counted, population_estimated=False)
        official.append(counted is not None)
        merged.append(project)
    evaluation = evaluate(merged, profile, measure_coverage=False, estate_lists=True, scopes=(scope,))
    results = []
    for (district, name), project, judged, is_official in zip(
        keys, merged, evaluation.projects, official, strict=True
    ):
        results.append(
            GroupResult(
                name=name,
                district=district,
                estates=len(groups[(district, name)]),
                households=project.households or 0,
                population=project.population or 0,
                population_source="official"
                if is_official
                else "estimated"
                if project.population_estimated
                else "estates",
                findings=judged.findings if judged else (),
            )
        )
    return tuple(results)


def _group_project(
    name: str, members: list[Project], scope: str = "community", extra: list[Facility] | None = None
) -> Project:
    unknown: dict[str, dict[str, str]] = {}
    for member in members:
        unknown.update(member.unknown_rooms)
    kinds = {m.kind for m in members}
    return Project(
        name=name,
        kind="existing" if "existing" in kinds or len(kinds) != 1 else next(iter(kinds)),
        households=sum(m.households or 0 for m in members),
        households_source="project",
        population=sum(m.population or 0 for m in members),
        population_estimated=any(m.population_estimated for m in members),
        crs=WGS84,
        facilities=tuple(f for m in members for f in m.facilities) + tuple(extra or ()),
        unknown_rooms=unknown,
        scope=scope,  # type: ignore[arg-type]
    )


def leave_out_outside(
    estates: tuple[Estate, ...], lonlat: np.ndarray, boundary: Boundary
) -> tuple[tuple[Estate, ...], list[Problem]]:
    """Estates whose point lies outside the audited area are not judged (they are counted)."""
    inside = boundary.contains(lonlat)
    name = Path(boundary.source).name
    kept, problems = [], []
    for estate, is_inside in zip(estates, inside.tolist(), strict=True):
        if not is_inside and not estate.reason:
            estate = replace(
                estate,
                reason=f"outside the boundary ({name})",
                reason_zh=f"不在边界范围内（{name}）",
            )
            problems.append(Problem(boundary.source, estate.place, f"{estate.name}: {estate.reason}"))
        kept.append(estate)
    return tuple(kept), problems


def estate_project(estate: Estate, columns: dict[str, str], lonlat: np.ndarray | None = None) -> Project:
    """The estate as a project: one building at its point (WGS84), its rooms from the columns
    the list has, located at the same point (they serve the estate on the spot).

    A column that is present but blank counts as zero rooms; a category whose columns the
    list lacks is marked unknown, so that its rules report ``insufficient_data`` (with what
    would be required) instead of a false fail.
    """
    x = y = None
    if lonlat is not None and not np.isnan(lonlat).any():
        x, y = float(lonlat[0]), float(lonlat[1])
    facilities = []
    unknown: dict[str, dict[str, str]] = {}
    if "eldercare_area_m2" not in columns:
        unknown["eldercare"] = {
            "en": "the list has no eldercare floor area column (eldercare_area_m2)",
            "zh": "名单无养老用房面积列",
        }
    elif estate.eldercare_area_m2:
        facilities.append(
            Facility("eldercare rooms", "eldercare", area_m2=estate.eldercare_area_m2, x=x, y=y)
        )
    has_area, has_places = "childcare_area_m2" in columns, "childcare_places" in columns
    if not has_area and not has_places:
        unknown["childcare"] = {
            "en": "the list has no childcare column (childcare_area_m2, childcare_places)",
            "zh": "名单无托育用房面积或托位数列",
        }
    elif estate.childcare_area_m2 or estate.childcare_places:
        facilities.append(
            Facility(
                "childcare rooms",
                "childcare",
                area_m2=estate.childcare_area_m2 if has_area else None,
                places=estate.childcare_places if has_places else None,
                x=x,
                y=y,
            )
        )
    return Project(
        name=estate.name,
        kind=estate.kind,
        households=estate.households,
        households_source="project",
        population=estate.population,
        population_estimated=estate.population_estimated,
        crs=WGS84,
        buildings=(Building(estate.name, estate.households, x=x, y=y, place=estate.place),),
        facilities=tuple(facilities),
        unknown_rooms=unknown,
    )


def locate(
    estates: EstateList,
    facilities: FacilityLayer | None,
    datum: str,
    facilities_datum: str,
    problems: list[Problem],
) -> tuple[np.ndarray, np.ndarray]:
    """Estate and facility points as WGS84 longitude/latitude (NaN where unknown or implausible)."""
    estate_lonlat = to_lonlat(
        [(e.x, e.y, e.place, e.name) for e in estates.estates], estates.crs, datum, estates.source, problems
    )
    if facilities is None:
        return estate_lonlat, np.empty((0, 2))
    facility_lonlat = to_lonlat(
        [(f.x, f.y, f.place, f.id) for f in facilities.facilities],
        facilities.crs,
        facilities_datum,
        facilities.source,
        problems,
    )
    return estate_lonlat, facility_lonlat
