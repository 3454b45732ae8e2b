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

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from laoxiao_check.io.boundary import read_areas, read_boundary
from laoxiao_check.io.estates import EstateList, FacilityLayer, read_estates, read_facilities
from laoxiao_check.io.network_cache import NetworkFile
from laoxiao_check.io.population import PopulationTable, read_population
from laoxiao_check.model.areas import AreaLayer, Boundary
from laoxiao_check.model.audit import Accessibility, AuditResult, EstateResult, PartitionRecord
from laoxiao_check.model.check import CoverageResult
from laoxiao_check.model.errors import Problem
from laoxiao_check.model.ledger import InputLedger
from laoxiao_check.model.limits import Limits, applied
from laoxiao_check.model.profile import Profile
from laoxiao_check.model.records import Facility, Finding, Project
from laoxiao_check.services.capacity import measure_accessibility
from laoxiao_check.services.evaluate import Evaluation, Progress, ProjectEvaluation, evaluate
from laoxiao_check.services.groups import (
    community_keys,
    community_list,
    judge_city,
    judge_communities,
    judge_districts,
    judge_streets,
    place_facilities,
    street_list,
    unused_names,
    unused_rows,
)
from laoxiao_check.services.ledger import district_entries, estate_entries, facility_entries
from laoxiao_check.services.quality import audit_quality
from laoxiao_check.services.staging import (
    StagedAudit,
    stage_audit,
)
from laoxiao_check.services.summary import summarise
from laoxiao_check.spatial.access import DEFAULT_METHOD as DEFAULT_CATCHMENT
from laoxiao_check.spatial.distance import DEFAULT_MAX_SNAP_M, Network
from laoxiao_check.spatial.geo import WGS84
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
    limits: Limits | None = None,
) -> AuditResult:
    """Read the estate list (and facilities, network, boundary, community and district
    polygons, population table) and audit it."""
    with applied(limits):
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
        facilities_source=staged.facilities.source if staged.facilities else "",
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
    facilities_source: str = "",
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
        facilities_source=facilities_source,
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
        EstateResult(estate)
        if judged is None
        else EstateResult(estate, judged.figures, judged.shares, _worded(judged))
        for estate, judged in zip(estates, evaluation.projects, strict=True)
    ]
    problems = [*staged.problems, *(network_problems or [])]
    facilities = staged.counted_facilities
    projects = staged.projects
    areas = staged.areas
    keys, keys_source = community_keys(estates, population, areas)
    listed_keys = sorted({(e.district, e.community) for e in estates if e.community and not e.reason})
    in_communities = place_facilities(sorted(set(keys) | set(listed_keys)), facilities, problems)
    communities = judge_communities(estates, projects, profile, in_communities, population)
    listed = (community_list(keys, estates, projects, in_communities), keys_source)
    in_streets = street_list(estates, projects, facilities, population)
    streets = judge_streets(estates, projects, profile, in_streets, population)
    districts = judge_districts(estates, projects, profile, facilities, population, listed, in_streets)
    city_group = judge_city(estates, projects, profile, facilities, population, listed, in_streets)
    unused = unused_names(population, communities, districts) if population is not None else []
    if population is not None:
        problems.extend(unused_rows(population, unused))
    summary = summarise(results, profile, facilities, population, city_group, districts)
    return AuditResult(
        profile=profile,
        source=staged.estate_list.source,
        estates=tuple(results),
        problems=tuple(problems),
        columns=staged.estate_list.columns,
        datum=staged.datum,
        coverage_method=evaluation.method,
        metric_crs=evaluation.metric_crs or staged.metric_crs,
        facilities_source=staged.facilities.source if staged.facilities else None,
        network_source=network_source,
        summary=summary,
        estate_lonlat=staged.estate_lonlat,
        network=evaluation.network_health,
        communities=communities,
        streets=streets,
        districts=districts,
        city=city_group,
        accessibility=accessibility,
        areas=areas,
        partitions=partitions,
        partition_by=partition_by,
        quality=audit_quality(
            estates, staged.estate_lonlat, profile, evaluation.method is not None, staged.outside_boundary
        ),
        ledger=audit_ledger(staged).add(
            "rows_skipped",
            len(unused),
            "rows of --population that match no community or district of the list: their residents "
            "are not used (check the names)",
            "--population 中与清单任何社区或区县都不匹配的行：其人口未被使用（请核对名称）",
            unused,
            population.source if population is not None else "",
        ),
    )


def _worded(
    judged: ProjectEvaluation,
) -> Callable[[], tuple[tuple[Finding, ...], tuple[CoverageResult, ...]]]:
    """How the estate's findings and coverage get their words (those judged over columns are
    worded then; the others are already)."""
    return lambda: (judged.findings, judged.coverage)


def facilities_left_out(
    ledger: InputLedger, staged: StagedAudit, kind: str, rows: frozenset[int], en: str, zh: str
) -> InputLedger:
    """One entry for the facilities (by index in the layer) left out of the totals."""
    layer = staged.facilities
    if layer is None:
        return ledger
    examples = (f"{layer.facilities[i].place} {layer.facilities[i].id}" for i in sorted(rows))
    return ledger.add(kind, len(rows), en, zh, examples, layer.source)


def audit_ledger(staged: StagedAudit) -> InputLedger:
    """What the audit left out or doubts: estates not judged or outside the boundary, estates and
    facilities without coordinates, facility rows unread, districts that match no estate's."""
    ledger = estate_entries(
        InputLedger(),
        staged.estates,
        staged.estate_lonlat,
        staged.estate_list.source,
        staged.outside_boundary,
        coverage_measured=staged.measure_coverage,
        far=staged.far_from_rest,
    )
    ledger = facility_entries(ledger, staged.facilities, staged.city)
    ledger = facilities_left_out(
        ledger,
        staged,
        "far_from_rest",
        staged.facilities_far,
        "facilities far from the estates of the list (another city's, or a typo in their "
        "coordinates?): in no total and serving no estate — check them",
        "设施远离清单中的小区（属其他城市，或坐标有误？）：不计入任何合计，也不服务任何小区——请核对",
    )
    ledger = facilities_left_out(
        ledger,
        staged,
        "outside_boundary",
        staged.beyond_boundary,
        "facilities outside --boundary: they serve estates within walking reach, but are not "
        "counted in the totals of the districts and the city",
        "设施位于 --boundary 之外：服务步行可达的小区，但不计入区县和全市合计",
    )
    return district_entries(ledger, staged.estates, staged.counted_facilities)
