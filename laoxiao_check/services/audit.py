"""Batch audit of existing estates across a city.

Every estate becomes a project (one building at its point; its rooms where the list gives
them, marked unknown where it does not) and goes through the same core as ``check``
(:func:`laoxiao_check.services.evaluate.evaluate`): the same rule kinds and the same coverage path, with
the city's facilities. Distances for all estates are computed at once per category (one
k-d tree query, or one bounded walk on the network); only the rule arithmetic runs per
estate. :func:`run_audit` reads the files; :func:`audit_estates` is the audit of what was
read, for a notebook or a worker.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from laoxiao_check.io.boundary import read_areas, read_boundary
from laoxiao_check.io.estates import EstateList, FacilityLayer, read_estates, read_facilities
from laoxiao_check.io.network_cache import NetworkFile
from laoxiao_check.io.points import placed, to_lonlat
from laoxiao_check.io.population import PopulationTable, read_population
from laoxiao_check.model.areas import AreaLayer, Boundary
from laoxiao_check.model.audit import Accessibility, AuditResult, EstateResult, GroupResult, PartitionRecord
from laoxiao_check.model.errors import Problem
from laoxiao_check.model.profile import Profile
from laoxiao_check.model.records import (
    Building,
    CommunityFacilities,
    Estate,
    Facility,
    Project,
)
from laoxiao_check.services.capacity import measure_accessibility
from laoxiao_check.services.evaluate import Evaluation, Progress, evaluate
from laoxiao_check.services.summary import summarise
from laoxiao_check.spatial.access import DEFAULT_METHOD as DEFAULT_CATCHMENT
from laoxiao_check.spatial.areas import assign_to_areas, inside_boundary
from laoxiao_check.spatial.distance import DEFAULT_MAX_SNAP_M, Network
from laoxiao_check.spatial.geo import WGS84, metric_crs_for_points
from laoxiao_check.spatial.network.noding import NodingOptions
from laoxiao_check.spatial.reach import SameGraph


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
    communities_path: str | Path | None = None,
    districts_path: str | Path | None = None,
) -> AuditResult:
    """Read the estate list (and facilities, network, boundary, community and district
    polygons, population table) and audit it."""
    inputs = read_inputs(
        estates_path,
        profile,
        facilities_path=facilities_path,
        datum=datum,
        boundary_path=boundary_path,
        boundary_datum=boundary_datum,
        columns=columns,
        default_kind=default_kind,
        sheet=sheet,
        population_path=population_path,
        communities_path=communities_path,
        districts_path=districts_path,
    )
    network = NetworkFile(Path(network_path), use_cache) if network_path else None
    return audit_estates(
        inputs.estate_list,
        profile,
        facilities=inputs.facilities,
        network=network,
        boundary=inputs.boundary,
        datum=datum,
        facilities_datum=facilities_datum,
        max_snap_m=max_snap_m,
        noding=noding,
        progress=progress,
        population=inputs.population,
        catchment=catchment,
        areas=inputs.areas,
    )


@dataclass(frozen=True)
class AuditInputs:
    """The files of an audit but its network, read (``read_inputs``): for one process or partitions."""

    estate_list: EstateList
    facilities: FacilityLayer | None
    boundary: Boundary | None
    population: PopulationTable | None
    areas: tuple[AreaLayer, ...]


def read_inputs(
    estates_path: str | Path,
    profile: Profile,
    *,
    facilities_path: str | Path | None = None,
    datum: str = "wgs84",
    boundary_path: str | Path | None = None,
    boundary_datum: str | None = None,
    columns: dict[str, str] | None = None,
    default_kind: str = "existing",
    sheet: str | None = None,
    population_path: str | Path | None = None,
    communities_path: str | Path | None = None,
    districts_path: str | Path | None = None,
) -> AuditInputs:
    """The estate list, facilities, boundary, population table and polygons of an audit; the
    polygons' longitude/latitude datum is the boundary's (``--boundary-coords``, else ``datum``)."""
    polygons_datum = boundary_datum or datum
    return AuditInputs(
        estate_list=read_estates(
            estates_path, columns or {}, profile.persons_per_household, default_kind, sheet
        ),
        facilities=read_facilities(facilities_path) if facilities_path else None,
        boundary=read_boundary(boundary_path, polygons_datum) if boundary_path else None,
        population=read_population(population_path) if population_path else None,
        areas=tuple(
            read_areas(path, level, polygons_datum)
            for level, path in (("district", districts_path), ("community", communities_path))
            if path
        ),
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
    areas: tuple[AreaLayer, ...] = (),
) -> AuditResult:
    """The audit of estates already read (no file is opened here but the network's, if lazy).

    ``areas``: district and community polygons; estates and facilities take the district
    and community they lie in (the list's own names where they lie in none).
    """
    staged = stage_audit(
        estate_list,
        facilities=facilities,
        boundary=boundary,
        datum=datum,
        facilities_datum=facilities_datum,
        areas=areas,
    )
    network = SameGraph(network) if network is not None else None  # one graph for coverage and access
    evaluation = evaluate_estates(
        staged.projects,
        profile,
        judged=staged.judged,
        facilities=staged.city,
        measure_coverage=staged.measure_coverage,
        network=network,
        max_snap_m=max_snap_m,
        noding=noding,
        progress=progress,
    )
    network_problems = (
        [Problem(network.source, "", w) for w in evaluation.network_warnings] if network is not None else []
    )
    accessibility = estate_accessibility(
        staged,
        profile,
        evaluation.metric_crs,
        network=network,
        max_snap_m=max_snap_m,
        noding=noding,
        population=population,
        catchment=catchment,
    )
    return finish_audit(
        staged,
        profile,
        evaluation,
        network_source=network.source if network else None,
        network_problems=network_problems,
        population=population,
        accessibility=accessibility,
    )


@dataclass(frozen=True)
class StagedAudit:
    """An estate list (and the city's facilities) read, located, placed in the community and
    district polygons and limited to the boundary: what the core is given. ``audit_estates``
    evaluates it at once; ``partition`` in parts."""

    estate_list: EstateList
    estates: tuple[Estate, ...]
    """The list's estates, with their polygons' areas, those outside the boundary marked not judged."""
    projects: list[Project]
    """Each estate as a project (one building at its WGS84 point)."""
    estate_lonlat: np.ndarray
    facilities: FacilityLayer | None
    """The facility layer, with the polygons' areas."""
    city: list[Facility]
    """The city's facilities with WGS84 points (None where unusable)."""
    problems: list[Problem]
    metric_crs: str | None
    """Chosen from every located estate (the report's CRS when coverage is not measured)."""
    datum: str
    areas: tuple[AreaLayer, ...] = ()

    @property
    def judged(self) -> list[bool]:
        return [not e.reason for e in self.estates]

    @property
    def measure_coverage(self) -> bool:
        return self.facilities is not None and self.metric_crs is not None


def stage_audit(
    estate_list: EstateList,
    *,
    facilities: FacilityLayer | None = None,
    boundary: Boundary | None = None,
    datum: str = "wgs84",
    facilities_datum: str | None = None,
    areas: tuple[AreaLayer, ...] = (),
) -> StagedAudit:
    """Locate the estates and facilities (WGS84), place them in the polygons, apply the
    boundary, make each estate a project."""
    problems = list(estate_list.problems) + (list(facilities.problems) if facilities else [])
    estate_lonlat, facility_lonlat = locate(
        estate_list, facilities, datum, facilities_datum or datum, problems
    )
    estates = estate_list.estates
    for layer in areas:
        problems.extend(Problem(layer.source, "", warning) for warning in layer.warnings)
        estates, facilities = assign_areas(
            layer, estates, estate_lonlat, facilities, facility_lonlat, problems
        )
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
    return StagedAudit(
        estate_list, estates, projects, estate_lonlat, facilities, city, problems, metric_crs, datum, areas
    )


def evaluate_estates(
    projects: list[Project],
    profile: Profile,
    *,
    judged: list[bool],
    facilities: list[Facility] | None,
    measure_coverage: bool,
    network: Network | None = None,
    max_snap_m: float = DEFAULT_MAX_SNAP_M,
    noding: NodingOptions | None = None,
    progress: Progress | None = None,
    metric_crs: str | None = None,
    facilities_beyond: frozenset[str] = frozenset(),
) -> Evaluation:
    """The core on estates as projects: their project rules and coverage by the city's
    facilities (WGS84), bounded by the largest level. A partition's worker calls this with
    its estates, the facilities around them and the whole audit's ``metric_crs``."""
    return evaluate(
        projects,
        profile,
        facilities=facilities,
        facilities_crs=WGS84,
        network=network,
        max_snap_m=max_snap_m,
        noding=noding,
        measure_coverage=measure_coverage,
        however_far=False,
        judged=judged,
        progress=progress,
        estate_lists=True,
        scopes=("project",),  # the community and city rules are judged on their groups
        metric_crs=metric_crs,
        facilities_beyond=facilities_beyond,
    )


def estate_accessibility(
    staged: StagedAudit,
    profile: Profile,
    metric_crs: str | None,
    *,
    network: Network | None = None,
    max_snap_m: float = DEFAULT_MAX_SNAP_M,
    noding: NodingOptions | None = None,
    population: PopulationTable | None = None,
    catchment: str = DEFAULT_CATCHMENT,
) -> Accessibility | None:
    """Capacity shared among all who reach it (``capacity.py``), with the city's facilities."""
    if staged.facilities is None or staged.metric_crs is None:
        return None
    return measure_accessibility(
        staged.estates,
        staged.projects,
        staged.estate_lonlat,
        staged.city,
        staged.facilities.districts,
        profile,
        metric_crs=metric_crs or staged.metric_crs,
        judged=staged.judged,
        network=network,
        max_snap_m=max_snap_m,
        noding=noding,
        population=population,
        catchment=catchment,
    )


def finish_audit(
    staged: StagedAudit,
    profile: Profile,
    evaluation: Evaluation,
    *,
    network_source: str | None = None,
    network_problems: list[Problem] | None = None,
    population: PopulationTable | None = None,
    partitions: tuple[PartitionRecord, ...] = (),
    partition_by: str | None = None,
    accessibility: Accessibility | None = None,
) -> AuditResult:
    """The estates' results in the list's order, the groups judged and the summary made."""
    estates = staged.estates
    results = [
        EstateResult(estate) if judged is None else EstateResult(estate, judged.findings, judged.coverage)
        for estate, judged in zip(estates, evaluation.projects, strict=True)
    ]
    problems = [*staged.problems, *(network_problems or [])]
    facilities = staged.facilities
    projects = staged.projects
    areas = staged.areas
    keys, keys_source = community_keys(estates, population, areas)
    listed_keys = sorted({(e.district, e.community) for e in estates if e.community and not e.reason})
    in_communities = place_facilities(sorted(set(keys) | set(listed_keys)), facilities, problems)
    communities = judge_communities(estates, projects, profile, in_communities, population)
    listed = (community_list(keys, estates, projects, in_communities), keys_source)
    districts = judge_districts(estates, projects, profile, facilities, population, listed)
    city_group = judge_city(estates, projects, profile, facilities, population, listed)
    if population is not None:
        problems.extend(unused_rows(population, communities, districts))
    summary = summarise(results, profile, facilities, population)
    return AuditResult(
        profile=profile,
        source=staged.estate_list.source,
        estates=tuple(results),
        problems=tuple(problems),
        columns=staged.estate_list.columns,
        datum=staged.datum,
        coverage_method=evaluation.method,
        metric_crs=evaluation.metric_crs or staged.metric_crs,
        facilities_source=facilities.source if facilities else None,
        network_source=network_source,
        summary=summary,
        estate_lonlat=staged.estate_lonlat,
        network=evaluation.network_health,
        communities=communities,
        districts=districts,
        city=city_group,
        accessibility=accessibility,
        areas=areas,
        partitions=partitions,
        partition_by=partition_by,
    )


class CommunityIndex:
    """Communities as (district, name), looked up by both or by name alone (a set and a dict:
    a city's estates and facilities are placed without scanning its communities each time)."""

    def __init__(self, keys: list[tuple[str, str]]) -> None:
        self.keys = set(keys)
        self.by_name: dict[str, list[tuple[str, str]]] = {}
        for key in keys:
            self.by_name.setdefault(key[1], []).append(key)


def community_of(index: CommunityIndex, district: str, name: str) -> tuple[tuple[str, str] | None, str]:
    """The community of ``index`` that (district, name) means, and why none when none: a
    district given must be the community's own; without one, the name must be unique."""
    if (district, name) in index.keys:
        return (district, name), ""
    if district:
        if ("", name) in index.keys:  # the list names the community without its district
            return ("", name), ""
        return None, f"community {name} of district {district} is not in the list"
    matches = index.by_name.get(name, [])
    if len(matches) == 1:
        return matches[0], ""
    if matches:
        districts = ", ".join(sorted(k[0] for k in matches))
        return None, f"community {name} is in several districts ({districts}): give the district"
    return None, f"community {name} is not in the list"


def place_facilities(
    keys: list[tuple[str, str]], facilities: FacilityLayer | None, problems: list[Problem]
) -> dict[tuple[str, str], list[Facility]]:
    """The city's facilities in each community of ``keys`` (by their community and district);
    a facility whose community cannot be told is left out of every community and reported."""
    placed: dict[tuple[str, str], list[Facility]] = {}
    if not facilities:
        return placed
    index = CommunityIndex(keys)
    for facility, district, community in zip(
        facilities.facilities, facilities.districts, facilities.communities, strict=True
    ):
        if not community:
            continue
        key, why = community_of(index, district, community)
        if key is None:
            problems.append(
                Problem(
                    facilities.source, facility.place, f"{facility.id}: {why}; not counted for a community"
                )
            )
        else:
            placed.setdefault(key, []).append(facility)
    return placed


def community_keys(
    estates: tuple[Estate, ...], population: PopulationTable | None, areas: tuple[AreaLayer, ...]
) -> tuple[list[tuple[str, str]], str]:
    """The city's communities as (district, name), and where the list comes from: the
    ``--communities`` polygons, else the population table's communities, else the estate list's."""
    layer = next((a for a in areas if a.level == "community"), None)
    if layer is not None:
        return list(zip(layer.districts, layer.names, strict=True)), Path(layer.source).name
    if population is not None and (rows := population.areas("community")):
        return rows, Path(population.source).name
    return sorted({(e.district, e.community) for e in estates if e.community}), "the estate list"


def judge_communities(
    estates: tuple[Estate, ...],
    projects: list[Project],
    profile: Profile,
    placed: dict[tuple[str, str], list[Facility]] | None = None,
    population: PopulationTable | None = None,
) -> tuple[GroupResult, ...]:
    """Each community named in the list, its judged estates together, on the community rules.

    A community is the estates sharing a ``community`` (and ``district``) value; its
    households, population and rooms are theirs summed, with the city's facilities in it
    (``placed``: by their ``community`` column or polygon); a category whose rooms any of
    its estates leaves unknown stays unknown. Only rules of scope ``community`` are judged.
    """
    groups: dict[tuple[str, str], list[int]] = {}
    for index, estate in enumerate(estates):
        if estate.community and not estate.reason:
            groups.setdefault((estate.district, estate.community), []).append(index)
    extra = {key: found for key, found in (placed or {}).items() if key in groups}
    return judge_groups("community", groups, estates, projects, profile, extra, population)


def community_list(
    keys: list[tuple[str, str]],
    estates: tuple[Estate, ...],
    projects: list[Project],
    placed: dict[tuple[str, str], list[Facility]],
) -> tuple[CommunityFacilities, ...]:
    """The communities of ``keys`` with the facilities in each (the city's, ``placed``, and the
    estates' own), for the rules on the share of communities served."""
    by_key: dict[tuple[str, str], list[Facility]] = {key: list(placed.get(key, ())) for key in keys}
    index = CommunityIndex(keys)
    for estate, project in zip(estates, projects, strict=True):
        if estate.community and not estate.reason:
            key, _ = community_of(index, estate.district, estate.community)
            if key is not None:
                by_key[key].extend(project.facilities)
    return tuple(CommunityFacilities(d, n, tuple(by_key[(d, n)])) for d, n in keys)


def judge_districts(
    estates: tuple[Estate, ...],
    projects: list[Project],
    profile: Profile,
    facilities: FacilityLayer | None,
    population: PopulationTable | None = None,
    communities: tuple[tuple[CommunityFacilities, ...], str] = ((), ""),
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
    listed, source = communities
    within = {key: (tuple(c for c in listed if c.district == key[1]), source) for key in groups}
    return judge_groups("district", groups, estates, projects, profile, extra, population, within)


def judge_city(
    estates: tuple[Estate, ...],
    projects: list[Project],
    profile: Profile,
    facilities: FacilityLayer | None,
    population: PopulationTable | None = None,
    communities: tuple[tuple[CommunityFacilities, ...], str] = ((), ""),
) -> GroupResult | None:
    """The whole list as the city, with the city's facilities, on the city rules (targets)."""
    judged = [i for i, e in enumerate(estates) if not e.reason]
    extra = {("", ""): list(facilities.facilities)} if facilities else {}
    found = judge_groups(
        "city", {("", ""): judged}, estates, projects, profile, extra, population, {("", ""): communities}
    )
    return found[0] if found else None


def judge_groups(
    scope: str,
    groups: dict[tuple[str, str], list[int]],
    estates: tuple[Estate, ...],
    projects: list[Project],
    profile: Profile,
    facilities: dict[tuple[str, str], list[Facility]],
    population: PopulationTable | None = None,
    communities: dict[tuple[str, str], tuple[tuple[CommunityFacilities, ...], str]] | None = None,
) -> tuple[GroupResult, ...]:
    """Groups of estates (and their facilities beyond the estates' own) on the rules of a scope.

    A group's population is the official one where the population table gives it, else the
    sum of its listed estates' — an estimate of the area's residents (a list seldom holds
    every home of an area), marked so in every finding; ``population_source`` says whether
    the estates' own figures were given (``estates``) or estimated too (``estimated``). A
    table row without a district does not serve a community whose name recurs in two districts.
    """
    if not groups or not any(r.scope == scope for r in profile.rules):
        return ()
    keys = sorted(k for k in groups if groups[k])
    named = Counter(name for _, name in keys)  # a name in two districts
    merged = []
    official: list[bool] = []
    for district, name in keys:
        project = _group_project(
            name, [projects[i] for i in groups[(district, name)]], scope, facilities.get((district, name), [])
        )
        row = population.key(scope, district, name) if population else None
        if row is not None and not row[1] and named[name] > 1:
            row = None  # 白岩社区 of two districts: a row without its district is neither's
        counted = population.residents[row] if population and row else None
        if counted is not None:
            project = replace(project, population=counted, population_estimated=False)
        else:
            project = replace(project, population_estimated=True)
        if communities and (district, name) in communities:
            listed, source = communities[(district, name)]
            project = replace(project, communities=listed or None, communities_source=source)
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
                if any(projects[i].population_estimated for i in groups[(district, name)])
                else "estates",
                findings=judged.findings if judged else (),
                age_groups=population.ages(scope, district, name) if population else {},
            )
        )
    return tuple(results)


def unused_rows(
    population: PopulationTable, communities: tuple[GroupResult, ...], districts: tuple[GroupResult, ...]
) -> list[Problem]:
    """One warning naming the population table's communities and districts that no group of
    the list took (a misspelt name silently changes a denominator otherwise)."""
    taken = {("community", g.district, g.name) for g in communities if g.population_source == "official"}
    taken |= {("community", "", g.name) for g in communities if g.population_source == "official"}
    taken |= {("district", "", g.name) for g in districts if g.population_source == "official"}
    judged = {"community": bool(communities), "district": bool(districts)}
    unused = [
        f"{name} ({level}{', ' + district if district else ''})"
        for level, district, name in population.residents
        if level in judged and judged[level] and (level, district, name) not in taken
    ]
    if not unused:
        return []
    return [
        Problem(
            population.source,
            "",
            f"{len(unused)} row(s) match no community or district of the list, so their residents "
            f"are not used (check the names): {', '.join(unused[:8])}{' …' if len(unused) > 8 else ''}",
        )
    ]


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
        renovation=any(m.renovation for m in members),  # a renovation in it binds the community
    )


def assign_areas(
    layer: AreaLayer,
    estates: tuple[Estate, ...],
    estate_lonlat: np.ndarray,
    facilities: FacilityLayer | None,
    facility_lonlat: np.ndarray,
    problems: list[Problem],
) -> tuple[tuple[Estate, ...], FacilityLayer | None]:
    """Estates and facilities take the district or community polygon they lie in.

    The polygons win over the list's own column; the estates whose column names another
    area, and those in no polygon (which keep the column's name), are counted in a warning.
    """
    level, name = layer.level, Path(layer.source).name
    found, overlapping = assign_to_areas(layer, estate_lonlat)
    if overlapping:
        problems.append(
            Problem(
                layer.source,
                "",
                f"{overlapping} estate(s) lie in more than one {level} of {name} (overlapping "
                "polygons): each is given the first in the layer's order",
            )
        )
    kept: list[Estate] = []
    differ: list[str] = []
    outside = 0
    for estate, index, point in zip(estates, found.tolist(), estate_lonlat, strict=True):
        if index < 0:
            outside += int(not np.isnan(point).any())
            kept.append(estate)
            continue
        area = layer.names[index]
        own = estate.community if level == "community" else estate.district
        if own and own != area:
            differ.append(f"{estate.place} {estate.name}: {own!r} in the list, {area!r} by the polygons")
        if level == "community":
            district = layer.districts[index] or estate.district
            kept.append(replace(estate, community=area, district=district))
        else:
            kept.append(replace(estate, district=area))
    if differ:
        problems.append(
            Problem(
                layer.source,
                "",
                f"{len(differ)} estate(s) name another {level} than the polygon of {name} they lie in; "
                f"the polygons are used (e.g. {'; '.join(differ[:3])})",
            )
        )
    if outside:
        problems.append(
            Problem(
                layer.source,
                "",
                f"{outside} estate(s) lie in no {level} of {name}: the list's own {level} (if any) is kept",
            )
        )
    if facilities is None or not len(facilities.facilities):
        return tuple(kept), facilities
    on_facilities, _ = assign_to_areas(layer, facility_lonlat)
    names = list(facilities.communities if level == "community" else facilities.districts)
    districts = list(facilities.districts)
    for i, index in enumerate(on_facilities.tolist()):
        if index >= 0:
            names[i] = layer.names[index]
            if level == "community" and layer.districts[index]:
                districts[i] = layer.districts[index]
    if level == "community":
        facilities = replace(facilities, communities=tuple(names), districts=tuple(districts))
    else:
        facilities = replace(facilities, districts=tuple(names))
    return tuple(kept), facilities


def leave_out_outside(
    estates: tuple[Estate, ...], lonlat: np.ndarray, boundary: Boundary
) -> tuple[tuple[Estate, ...], list[Problem]]:
    """Estates whose point lies outside the audited area are not judged (they are counted)."""
    inside = inside_boundary(boundary, lonlat)
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
            Facility(
                "eldercare rooms",
                "eldercare",
                area_m2=estate.eldercare_area_m2,
                x=x,
                y=y,
                place=f"{estate.place} {estate.name}",
                in_housing=True,
            )
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
                place=f"{estate.place} {estate.name}",
                in_housing=True,
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
        renovation=estate.renovation,
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
