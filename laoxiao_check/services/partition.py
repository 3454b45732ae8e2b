"""A partitioned audit: the estates of a list split by city or district, each part measured
by a task that reads only its own walking network, in this process or on a Dask cluster.

The driver reads the estate list and the facilities whole (they are tables; the problems
and the group judgments need every row), locates them and chooses the one metric CRS of
the audit from every estate, exactly as :func:`laoxiao_check.services.audit.audit_estates` does.
Each partition then gets its estates as projects, the facilities (and the other
partitions' estates' rooms) within the largest walking distance of them, and the network
around them: its own file (``--network 'nets/{city}.gpkg'``) or the part of one file within
its estates' box and a margin. A task runs the pure core on that
(:func:`laoxiao_check.services.audit.evaluate_estates`) and returns the per-estate results; the
driver puts them back in the list's order and judges communities, districts and the city
and sums the summary once, over every estate (sums, never averages of averages).

So the answer does not depend on where the tasks run: a run on a cluster gives the same
document, byte for byte, as the same command run in one process (``--partition-by``
without ``--workers``, which runs the partitions one after another here). Without a
network it is also the answer of the audit without ``--partition-by``. With a network, a
partition walks on its own network: its pieces and its health report are those of its
file or box, not of one country-wide graph (in which every city but the largest would lie
"cut off from the largest piece").

A partition that fails (its network missing or corrupt, a bug, a worker that died) is
reported with its name and reason; its estates are not judged (with that reason) and the
others complete. Only when every partition fails does the run fail: an input error when
each failed on its input, else an internal error.
"""

from __future__ import annotations

import contextlib
import gc
import math
import os
import string
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from laoxiao_check.model.audit import AuditResult, PartitionRecord
from laoxiao_check.model.check import CoverageResult, Share
from laoxiao_check.model.errors import InputError, LaoxiaoError, Problem, UsageError
from laoxiao_check.model.glossary import SCOPE, word
from laoxiao_check.model.judged import Judged
from laoxiao_check.model.limits import Limits, applied, in_force
from laoxiao_check.model.messages import Said
from laoxiao_check.model.profile import Profile
from laoxiao_check.model.records import Estate, Facility, Finding, Project
from laoxiao_check.rules.kinds.coverage import coverage_levels
from laoxiao_check.services.audit import estate_accessibility, evaluate_estates, finish_audit
from laoxiao_check.services.evaluate import Evaluation, Progress, ProjectEvaluation, complete_population
from laoxiao_check.services.runners import (
    InProcess,
    Runner,
)
from laoxiao_check.services.runtime import collector_paused
from laoxiao_check.services.staging import StagedAudit, stage_audit
from laoxiao_check.spatial.access import DEFAULT_METHOD as DEFAULT_CATCHMENT
from laoxiao_check.spatial.coverage import measured_metric_crs
from laoxiao_check.spatial.distance import DEFAULT_MAX_SNAP_M
from laoxiao_check.spatial.network.graph import MIN_PIECE_M

if TYPE_CHECKING:
    from laoxiao_check.io.estates import EstateList, FacilityLayer
    from laoxiao_check.io.network_cache import NetworkFile
    from laoxiao_check.io.population import PopulationTable
    from laoxiao_check.model.areas import AreaLayer, Boundary
    from laoxiao_check.spatial.network.noding import NodingOptions

PARTITION_FIELDS = ("city", "district")
"""The estate-list columns an audit may be partitioned by."""
MARGIN_SAFETY = 1.5
"""Margins in degrees are this much wider than the metres they stand for (a degree's length
varies over the ellipsoid; a metric CRS's scale exceeds 1 away from its central meridian)."""
METRES_PER_DEGREE_LAT = 110_574.0
METRES_PER_DEGREE_LON_EQUATOR = 111_320.0

Box = tuple[float, float, float, float]
"""WGS84 (lon_min, lat_min, lon_max, lat_max)."""
ACCESSIBILITY_LEFT_OUT = Said(
    "capacity-aware accessibility (places shared among all who reach them) is not measured in an "
    "audit partitioned with a walking network: run it without --partition-by, or without --network "
    "for a straight-line measure"
)
EstateFindings = tuple[tuple[Finding | Judged, ...], tuple[CoverageResult | Share, ...]]
"""An estate's rules and coverage levels as a worker judged them: figures where it judged them
over columns (their words are built on the driver, where a report prints them)."""


# --- what a partition reads -------------------------------------------------------------


@dataclass(frozen=True)
class NetworkSource:
    """The audit's ``--network``: one file (each partition reads its box of it) or a pattern
    naming one file per partition (``nets/{city}.gpkg``)."""

    path: str
    use_cache: bool = True

    @property
    def per_partition(self) -> bool:
        return bool(pattern_fields(self.path))

    def for_partition(self, field: str, name: str, box: Box | None) -> NetworkFile:
        from laoxiao_check.io.network_cache import NetworkFile

        if not self.per_partition:
            return NetworkFile(Path(self.path), self.use_cache, box)
        if not name or any(c in name for c in "/\\\0") or name in (".", ".."):
            raise InputError(
                Said(
                    "the {field} {name} cannot name a network file ({path})",
                    field=Said.of({"en": field, "zh": word(SCOPE, field, "zh")}),
                    name=repr(name),
                    path=self.path,
                )
            )
        return NetworkFile(Path(self.path.format(**{field: name})), self.use_cache)


def pattern_fields(path: str) -> set[str]:
    """The ``{field}`` names of a network path (none for a plain file name)."""
    try:
        return {name for _, name, _, _ in string.Formatter().parse(path) if name is not None}
    except ValueError:  # a lone brace: a file name that happens to hold one
        return set()


def check_network_pattern(path: str | None, partition_by: str | None) -> None:
    """A ``{field}`` pattern needs ``--partition-by`` of that field, and names no other."""
    if path is None:
        return
    fields = pattern_fields(path)
    if not fields:
        return
    if partition_by is None:
        raise UsageError(
            Said(
                "--network {path}: a pattern with {field} names one file per partition: "
                "give --partition-by city|district",
                path=path,
                field="{" + sorted(fields)[0] + "}",
            )
        )
    if fields != {partition_by}:
        raise UsageError(
            Said(
                "--network {path}: the only field a pattern may name is {field} "
                "(--partition-by {partition_by}); found {found}",
                path=path,
                field="{" + partition_by + "}",
                partition_by=partition_by,
                found=", ".join("{" + f + "}" for f in sorted(fields)),
            )
        )


# --- one partition's task ---------------------------------------------------------------


@dataclass(frozen=True)
class PartitionTask:
    """Everything a worker needs to audit one partition: plain, picklable data."""

    field: str
    name: str
    profile: Profile
    projects: tuple[Project, ...]
    judged: tuple[bool, ...]
    facilities: tuple[Facility, ...] | None
    """The city's facilities near the partition (WGS84), and the other estates' rooms there."""
    facilities_beyond: frozenset[str]
    measure_coverage: bool
    metric_crs: str | None
    network: NetworkSource | None
    network_box: Box | None
    max_snap_m: float = DEFAULT_MAX_SNAP_M
    noding: NodingOptions | None = None
    limits: Limits | None = None
    """The input limits in force where the task was made: a worker reads its network under them."""

    @property
    def label(self) -> str:
        return partition_label(self.field, self.name)


def partition_label(field: str, name: str) -> str:
    return f"{field} {name or '(none)'}"


@dataclass(frozen=True)
class PartitionOutcome:
    """What a task returns: the partition's evaluation, or why it failed."""

    name: str
    evaluation: Evaluation | None
    """Its network's health and warnings and the metric CRS (``projects`` left empty)."""
    results: tuple[EstateFindings | None, ...] = ()
    """Per estate of the partition: its findings and coverage (None: not judged) — only what
    the driver uses, so that the least is sent back."""
    network_source: str | None = None
    error: str = ""
    error_kind: str = ""
    """``input`` (an input error: exit 2 if every partition has one), ``internal`` or ``worker``."""
    seconds: float = 0.0
    worker: str = ""
    peak_rss_mb: float = 0.0


def run_partition(task: PartitionTask) -> PartitionOutcome:
    """Audit one partition (in a worker process, or here). Never raises: a failure is returned."""
    start = time.perf_counter()
    source = None
    try:
        with applied(task.limits), collector_paused():  # the network is read lazily within
            network = (
                task.network.for_partition(task.field, task.name, task.network_box) if task.network else None
            )
            source = network.source if network is not None else None
            evaluation = evaluate_estates(
                list(task.projects),
                task.profile,
                judged=list(task.judged),
                facilities=None if task.facilities is None else list(task.facilities),
                measure_coverage=task.measure_coverage,
                network=network,
                max_snap_m=task.max_snap_m,
                noding=task.noding,
                metric_crs=task.metric_crs,
                facilities_beyond=task.facilities_beyond,
            )
        results = tuple(None if p is None else (p.figures, p.shares) for p in evaluation.projects)
        evaluation = replace(evaluation, projects=(), geometry=None)
        return _outcome(task, start, evaluation, source, results=results)
    except LaoxiaoError as exc:
        reason = "; ".join(str(p) for p in exc.problems)
        return _outcome(task, start, None, source, reason, "input")
    except Exception as exc:  # noqa: BLE001 - a bug in one partition must not stop the others
        what = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
        return _outcome(task, start, None, source, f"internal error: {what}", "internal")


def _outcome(
    task: PartitionTask,
    start: float,
    evaluation: Evaluation | None,
    source: str | None,
    error: str = "",
    kind: str = "",
    results: tuple[EstateFindings | None, ...] = (),
) -> PartitionOutcome:
    import resource
    import socket

    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return PartitionOutcome(
        name=task.name,
        evaluation=evaluation,
        results=results,
        network_source=source,
        error=error,
        error_kind=kind,
        seconds=time.perf_counter() - start,
        worker=f"{socket.gethostname()}:{os.getpid()}",
        peak_rss_mb=peak_kb / 1024,
    )


# --- where tasks run --------------------------------------------------------------------


# --- the driver -------------------------------------------------------------------------


def run_partitioned_audit(
    estates_path: str | Path,
    profile: Profile,
    *,
    partition_by: str,
    runner: Runner | None = None,
    facilities_path: str | Path | None = None,
    network_path: str | None = None,
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
    communities_path: str | Path | None = None,
    districts_path: str | Path | None = None,
    catchment: str = DEFAULT_CATCHMENT,
    limits: Limits | None = None,
) -> AuditResult:
    """Read the list, facilities, boundary, polygons and population table as ``run_audit``
    does, and audit it partition by partition (``runner``: where; default: in this process)."""
    from laoxiao_check.services.audit import read_inputs

    with applied(limits):
        check_network_pattern(network_path, partition_by)
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
        check_partition_column(inputs.estate_list, partition_by)
        network = NetworkSource(network_path, use_cache) if network_path else None
        if network is not None and not network.per_partition and not Path(network_path or "").is_file():
            raise InputError(Said("network file not found: {path}", path=str(network_path)))
        return audit_partitioned(
            inputs.estate_list,
            profile,
            partition_by=partition_by,
            runner=runner,
            facilities=inputs.facilities,
            network=network,
            boundary=inputs.boundary,
            datum=datum,
            facilities_datum=facilities_datum,
            max_snap_m=max_snap_m,
            noding=noding,
            progress=progress,
            population=inputs.population,
            areas=inputs.areas,
            catchment=catchment,
        )


def check_partition_column(estate_list: EstateList, partition_by: str) -> None:
    from laoxiao_check.io.estates import ESTATE_COLUMNS

    if partition_by not in PARTITION_FIELDS:
        raise UsageError(
            Said(
                "--partition-by {partition_by}: expected one of {fields}",
                partition_by=partition_by,
                fields=", ".join(PARTITION_FIELDS),
            )
        )
    if partition_by not in estate_list.columns:
        headers = "/".join(ESTATE_COLUMNS[partition_by][:4])
        raise InputError(
            Said(
                "--partition-by {partition_by}: the list has no {partition_by} column (expected a column "
                "named {headers}, or map yours with --column {partition_by}=HEADER)",
                partition_by=partition_by,
                headers=headers,
            ),
            estate_list.source,
        )


def audit_partitioned(
    estate_list: EstateList,
    profile: Profile,
    *,
    partition_by: str,
    runner: Runner | None = None,
    facilities: FacilityLayer | None = None,
    network: NetworkSource | None = None,
    boundary: Boundary | None = None,
    datum: str = "wgs84",
    facilities_datum: str | None = None,
    max_snap_m: float = DEFAULT_MAX_SNAP_M,
    noding: NodingOptions | None = None,
    progress: Progress | None = None,
    population: PopulationTable | None = None,
    areas: tuple[AreaLayer, ...] = (),
    catchment: str = DEFAULT_CATCHMENT,
) -> AuditResult:
    """The audit of estates already read, one task per partition (see the module's docstring).

    Capacity-aware accessibility (``capacity.py``) is measured here, over every estate, in a
    straight line; with a walking network it is left out (a note says so): its pairs on foot
    would need each partition's walks, which the tasks do not return yet."""
    check_partition_column(estate_list, partition_by)
    staged = stage_audit(
        estate_list,
        facilities=facilities,
        boundary=boundary,
        datum=datum,
        facilities_datum=facilities_datum,
        areas=areas,
    )
    parts = split(staged.estates, partition_by)
    tasks = partition_tasks(staged, profile, partition_by, parts, network, max_snap_m, noding)
    sizes = [_task_size(task) for task in tasks]
    outcomes: dict[int, PartitionOutcome] = {}
    with _results_kept():
        for index, value in (runner or InProcess()).run(run_partition, tasks, sizes):
            outcomes[index] = _as_outcome(tasks[index], value)
            gc.freeze()  # see _results_kept
            if progress:
                progress(len(outcomes), len(tasks))
    ordered = [outcomes[i] for i in range(len(tasks))]
    failed = [(task, o) for task, o in zip(tasks, ordered, strict=True) if o.evaluation is None]
    if failed and len(failed) == len(tasks):
        raise_all_failed(staged, failed)
    staged = mark_failed(staged, parts, ordered, partition_by)
    evaluation = merge(staged, profile, parts, ordered, network is not None)
    problems = [
        Problem(o.network_source or "", partition_label(partition_by, o.name), warning)
        for o in ordered
        if o.evaluation is not None
        for warning in o.evaluation.network_warnings
    ]
    accessibility = None
    if network is None:
        accessibility = estate_accessibility(
            staged, profile, evaluation.metric_crs, population=population, catchment=catchment
        )
    elif staged.facilities is not None and staged.metric_crs is not None:
        problems.append(Problem("", "", ACCESSIBILITY_LEFT_OUT))
    if failed:  # the groups and the summary count the other partitions only: say so where they are read
        names = ", ".join(o.name or "(none)" for _, o in failed)
        problems.append(
            Problem(
                "",
                "",
                Said(
                    "{count} partition(s) failed ({names}): their estates are not judged, and the "
                    "city's (and their districts') results and summary count the other partitions only",
                    count=len(failed),
                    names=names,
                ),
            )
        )
    if network is not None and network.per_partition and staged.facilities is not None:
        problems.append(
            Problem(
                network.path,
                "",
                Said(
                    "one network file per partition: a facility across the partition's edge is reached "
                    "only from the partition's own streets (within --max-snap of them, the last stretch in "
                    "a straight line); for walks across edges give one file for all, read by box"
                ),
            )
        )
    records = tuple(
        PartitionRecord(
            name=o.name,
            estates=len(indices),
            status="done" if o.evaluation is not None else "failed",
            reason=o.error,
            network_source=o.network_source,
            network=o.evaluation.network_health if o.evaluation is not None else None,
            seconds=o.seconds,
            worker=o.worker,
            peak_rss_mb=o.peak_rss_mb,
        )
        for o, (_, indices) in zip(ordered, parts, strict=True)
    )
    return finish_audit(
        staged,
        profile,
        evaluation,
        network_source=network.path if network else None,
        network_problems=problems,
        population=population,
        partitions=records,
        partition_by=partition_by,
        accessibility=accessibility,
    )


@contextlib.contextmanager
def _results_kept() -> Iterator[None]:
    """The results received so far are moved out of the garbage collector's sight while more
    arrive (``gc.freeze``): else every partition unpickled (millions of small objects) sets
    off full collections over all the earlier ones — 9× slower with 8 partitions held."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def split(estates: Sequence[Estate], partition_by: str) -> list[tuple[str, list[int]]]:
    """The list's estates by the value of the column, in the order each value first appears."""
    groups: dict[str, list[int]] = {}
    for index, estate in enumerate(estates):
        groups.setdefault(getattr(estate, partition_by), []).append(index)
    return list(groups.items())


def partition_tasks(
    staged: StagedAudit,
    profile: Profile,
    partition_by: str,
    parts: list[tuple[str, list[int]]],
    network: NetworkSource | None,
    max_snap_m: float,
    noding: NodingOptions | None,
) -> list[PartitionTask]:
    """Each partition's estates, the facilities within reach of them and its network's box.

    Facilities (the city's, and the other partitions' estates' own rooms, which serve every
    estate as in the single-process audit) are given within the largest walking distance of
    the partition's estates; the network within that distance, the snapping distance and the
    length of a piece that counts as large (so that points join the same edges as they would
    on a larger graph).
    """
    judged = staged.judged
    measure = staged.measure_coverage
    metric_crs = measured_metric_crs(staged.projects, judged) if measure else None
    levels = coverage_levels(profile.rules) if measure else []
    reach_m = max((level.max_distance_m for level in levels), default=0.0)
    network_reach_m = reach_m + max_snap_m + MIN_PIECE_M + (noding.tolerance_m if noding else 0.5)
    lonlat = np.array(
        [
            (p.buildings[0].x, p.buildings[0].y) if located else (np.nan, np.nan)
            for p, located in zip(staged.projects, _located(staged.projects, judged), strict=True)
        ],
        dtype=float,
    ).reshape(-1, 2)
    city_placed = [f for f in staged.city if f.x is not None and f.y is not None]
    city_unplaced = [f for f in staged.city if f.x is None or f.y is None]
    rooms = [
        (index, facility)
        for index, p in enumerate(staged.projects)
        if not np.isnan(lonlat[index]).any()
        for facility in p.facilities
        if facility.x is not None and facility.y is not None
    ]
    beyond = frozenset(f.category for f in city_placed) | frozenset(f.category for _, f in rooms)
    city_xy = np.array([(f.x, f.y) for f in city_placed], dtype=float).reshape(-1, 2)
    room_xy = np.array([(f.x, f.y) for _, f in rooms], dtype=float).reshape(-1, 2)
    room_owner = np.array([i for i, _ in rooms], dtype=np.int64)
    tasks = []
    for name, indices in parts:
        own = lonlat[indices]
        own = own[~np.isnan(own).any(axis=1)]
        box = _box(own) if len(own) and measure else None
        facilities: tuple[Facility, ...] | None = None
        if staged.facilities is not None:
            near: list[Facility] = []
            if box is not None:
                area = widen(box, reach_m)
                near = [city_placed[k] for k in np.flatnonzero(_inside(city_xy, area)).tolist()]
                mine = np.zeros(len(staged.projects), dtype=bool)
                mine[indices] = True
                others = _inside(room_xy, area) & ~mine[room_owner] if len(rooms) else np.zeros(0, bool)
                near += [rooms[k][1] for k in np.flatnonzero(others).tolist()]
            facilities = tuple(near + city_unplaced)
        tasks.append(
            PartitionTask(
                field=partition_by,
                name=name,
                profile=profile,
                projects=tuple(staged.projects[i] for i in indices),
                judged=tuple(judged[i] for i in indices),
                facilities=facilities,
                facilities_beyond=beyond if staged.facilities is not None else frozenset(),
                measure_coverage=measure,
                metric_crs=metric_crs,
                network=network,
                network_box=None if box is None else widen(box, network_reach_m),
                max_snap_m=max_snap_m,
                noding=noding,
                limits=in_force(),
            )
        )
    return tasks


def _located(projects: Sequence[Project], judged: Sequence[bool]) -> list[bool]:
    """Per estate: measured (judged, with a point)?"""
    return [
        bool(j) and bool(p.buildings) and all(b.x is not None and b.y is not None for b in p.buildings)
        for p, j in zip(projects, judged, strict=True)
    ]


def _box(lonlat: np.ndarray) -> Box:
    low, high = lonlat.min(axis=0), lonlat.max(axis=0)
    return float(low[0]), float(low[1]), float(high[0]), float(high[1])


def widen(box: Box, metres: float) -> Box:
    """The box grown by at least ``metres`` on every side (in degrees, with a safety factor)."""
    dlat = MARGIN_SAFETY * metres / METRES_PER_DEGREE_LAT
    top = min(89.0, max(abs(box[1]), abs(box[3])) + dlat)
    dlon = MARGIN_SAFETY * metres / (METRES_PER_DEGREE_LON_EQUATOR * math.cos(math.radians(top)))
    return (
        max(-180.0, box[0] - dlon),
        max(-90.0, box[1] - dlat),
        min(180.0, box[2] + dlon),
        min(90.0, box[3] + dlat),
    )


def _inside(xy: np.ndarray, box: Box) -> np.ndarray:
    if len(xy) == 0:
        return np.zeros(0, dtype=bool)
    inside: np.ndarray = (
        (xy[:, 0] >= box[0]) & (xy[:, 0] <= box[2]) & (xy[:, 1] >= box[1]) & (xy[:, 1] <= box[3])
    )
    return inside


def _task_size(task: PartitionTask) -> float:
    """What to start first: the partition's own network file's size, else its estates."""
    if task.network is not None and task.network.per_partition and task.name:
        with contextlib.suppress(OSError, KeyError, ValueError, IndexError):
            return float(os.path.getsize(task.network.path.format(**{task.field: task.name})))
    return float(len(task.projects))


def _as_outcome(task: PartitionTask, value: Any) -> PartitionOutcome:
    if isinstance(value, PartitionOutcome):
        return value
    what = f"{type(value).__name__}: {value}" if str(value) else type(value).__name__
    return PartitionOutcome(
        task.name, None, error=Said("the worker could not run it ({what})", what=what), error_kind="worker"
    )


def raise_all_failed(staged: StagedAudit, failed: list[tuple[PartitionTask, PartitionOutcome]]) -> None:
    """Nothing could be done: an input error when every partition failed on its input, else a bug."""
    problems = [Problem(o.network_source or "", task.label, o.error) for task, o in failed]
    if all(o.error_kind == "input" for _, o in failed):
        raise InputError(problems)
    raise PartitionsFailed(
        "every partition failed: " + "; ".join(f"{p.place}: {p.message}" for p in problems)
    )


class PartitionsFailed(RuntimeError):
    """Every partition failed, not all on their input (an internal error: exit 3)."""


def mark_failed(
    staged: StagedAudit, parts: list[tuple[str, list[int]]], outcomes: list[PartitionOutcome], field: str
) -> StagedAudit:
    """The estates of failed partitions are not judged, with the partition's reason."""
    estates = list(staged.estates)
    for (name, indices), outcome in zip(parts, outcomes, strict=True):
        if outcome.evaluation is not None:
            continue
        label = partition_label(field, name)
        brief = outcome.error if len(outcome.error) <= 300 else outcome.error[:299] + "…"
        for index in indices:
            if not estates[index].reason:
                estates[index] = replace(
                    estates[index],
                    reason=f"partition {label} failed: {brief}",
                    reason_zh=f"分区 {label} 未完成：{brief}",
                )
    return replace(staged, estates=tuple(estates))


def merge(
    staged: StagedAudit,
    profile: Profile,
    parts: list[tuple[str, list[int]]],
    outcomes: list[PartitionOutcome],
    has_network: bool,
) -> Evaluation:
    """The partitions' results as one evaluation of the whole list, in the list's order."""
    projects: list[Any] = [None] * len(staged.estates)
    metric_crs = None
    for (_, indices), outcome in zip(parts, outcomes, strict=True):
        if outcome.evaluation is None:
            continue
        metric_crs = metric_crs or outcome.evaluation.metric_crs
        for index, judged in zip(indices, outcome.results, strict=True):
            if judged is not None:  # the project as the worker judged it: its population completed
                project = complete_population(staged.projects[index], profile.persons_per_household)
                projects[index] = ProjectEvaluation(
                    project, *judged, warnings=(), persons_per_household=profile.persons_per_household
                )
    measured = staged.measure_coverage and bool(coverage_levels(profile.rules))
    method = ("network" if has_network else "straight_line") if measured else None
    return Evaluation(projects=tuple(projects), metric_crs=metric_crs, method=method)
