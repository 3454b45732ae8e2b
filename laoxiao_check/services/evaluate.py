"""The pure core: projects, a profile and facilities in; findings and coverage out. No I/O.

``check`` reads one project and calls :func:`evaluate` with it; ``audit`` reads an estate
list, makes each estate a project (one building at the estate's point, its rooms where
the list gives them) and calls :func:`evaluate` with all of them and the city's
facilities. Both go through the same rule kinds (``rules/kinds/``) and the same coverage path
(:func:`laoxiao_check.spatial.coverage.measure`), so a rule or a distance means the same in both.
A notebook or a worker process can call :func:`evaluate` directly.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from itertools import count, repeat
from typing import TYPE_CHECKING, Any

import numpy as np

from laoxiao_check.model.check import CoverageResult, LevelColumns, MapGeometry, Share
from laoxiao_check.model.glossary import KIND, word
from laoxiao_check.model.judged import Judged, RuleFacts
from laoxiao_check.model.messages import Said
from laoxiao_check.model.profile import Profile
from laoxiao_check.model.records import Facility, Finding, Project, deciding, estimated_population
from laoxiao_check.rules import RULE_KINDS, CheckContext, RuleSpec
from laoxiao_check.rules import evaluate as judge_rule
from laoxiao_check.rules.base import as_status
from laoxiao_check.rules.columns import ProjectTable, RuleColumns, judge_columns, reaches_plainly
from laoxiao_check.rules.decimals import shortfall_of
from laoxiao_check.rules.kinds.coverage import Coverage, coverage_levels, judge, judge_coverage, judge_shares
from laoxiao_check.spatial.coverage import measure
from laoxiao_check.spatial.distance import DEFAULT_MAX_SNAP_M, Network

if TYPE_CHECKING:
    from laoxiao_check.spatial.network.noding import NodingOptions

Progress = Callable[[int, int], None]
"""Called with (done, total) as projects are judged."""


@dataclass(frozen=True)
class ProjectEvaluation:
    """One project's results: every rule of its kind, and its coverage per level."""

    project: Project
    """The project with its population completed (given, summed, or estimated)."""
    figures: tuple[Finding | Judged, ...]
    """Per rule, its finding, or its figures where it was judged over columns."""
    shares: tuple[CoverageResult | Share, ...]
    """Per coverage level, its result, or its share where the level was judged over columns."""
    warnings: tuple[str, ...]
    persons_per_household: float
    """The profile's, for the words of a population estimated (:attr:`findings`)."""

    @cached_property
    def coverage(self) -> tuple[CoverageResult, ...]:
        """Every level's result with its words (those judged over columns are judged here again,
        one project at a time: the same answer, with the words)."""
        return tuple(full_result(s) for s in self.shares)

    @cached_property
    def findings(self) -> tuple[Finding, ...]:
        """Every rule's finding with its words: those judged over columns are worded here, by the
        rule kinds' one-project path (the same arithmetic, on a table of one row)."""
        coverage = {c.rule_id: c for c in self.coverage}
        context = CheckContext(persons_per_household=self.persons_per_household, coverage=coverage)
        return tuple(
            f if isinstance(f, Finding) else judge_rule(f.facts.rule, self.project, context)
            for f in self.figures
        )


@dataclass(frozen=True)
class Evaluation:
    projects: tuple[ProjectEvaluation | None, ...]
    """Per project given: its results, or None where it was not to be judged."""
    metric_crs: str | None
    method: str | None
    """``straight_line`` or ``network``; None where coverage was not measured."""
    network_health: dict[str, Any] | None = None
    network_warnings: tuple[str, ...] = ()
    geometry: MapGeometry | None = None
    """What reports draw of a single project evaluated ``with_map``."""


def complete_population(project: Project, persons_per_household: float) -> Project:
    """Population as given, else the buildings' sum, else households × persons per household."""
    if project.population is not None:
        return project
    if project.buildings and all(b.population is not None for b in project.buildings):
        total = sum(b.population or 0 for b in project.buildings)
        return dataclasses.replace(project, population=total)
    if project.households is None:
        return project
    population = estimated_population(project.households, persons_per_household)
    return dataclasses.replace(project, population=population, population_estimated=True)


def evaluate(
    projects: Sequence[Project],
    profile: Profile,
    *,
    facilities: Sequence[Facility] | None = None,
    facilities_crs: str | None = None,
    network: Network | None = None,
    max_snap_m: float = DEFAULT_MAX_SNAP_M,
    noding: NodingOptions | None = None,
    measure_coverage: bool = True,
    however_far: bool = True,
    with_map: bool = False,
    judged: Sequence[bool] | None = None,
    progress: Progress | None = None,
    estate_lists: bool = False,
    scopes: Sequence[str] | None = None,
    metric_crs: str | None = None,
    facilities_beyond: Collection[str] = (),
    facilities_source: str = "",
) -> Evaluation:
    """Judge every project by the rules of its kind, with coverage measured once for all.

    ``facilities``: beyond the projects' own rooms (a city's), with coordinates in
    ``facilities_crs``; None: not given (a category no project has a facility of is then
    not measured rather than failed). ``measure_coverage=False`` leaves the coverage rules out (an audit
    without facilities). ``however_far``: each building's walk to its nearest facility
    however far (``check``), else bounded by the largest level (``audit``). ``judged``:
    per project, whether to judge it at all. ``estate_lists``: the projects are rows of an
    estate list; rule kinds that need a design (phases, storeys) are left out. ``scopes``:
    judge only the rules of these scopes (a community of an audit: its community rules).
    ``metric_crs`` and ``facilities_beyond``: for a partition of a larger audit (see
    :func:`laoxiao_check.spatial.coverage.measure`).
    """
    wanted = [True] * len(projects) if judged is None else list(judged)
    if len(wanted) != len(projects):
        raise ValueError(f"judged: one flag per project ({len(projects)}), not {len(wanted)}")
    completed = [
        _estimated_said(complete_population(p, profile.persons_per_household), p, profile) for p in projects
    ]
    levels = coverage_levels(profile.rules) if measure_coverage else []
    measured = measure(
        completed,
        levels,
        facilities=facilities or (),
        facilities_crs=facilities_crs,
        network=network,
        max_snap_m=max_snap_m,
        noding=noding,
        however_far=however_far,
        with_map=with_map,
        measured=wanted,
        facilities_given=facilities is not None,
        metric_crs=metric_crs,
        facilities_beyond=facilities_beyond,
        facilities_source=facilities_source,
        as_columns=estate_lists,
    )
    shares, row_of = _shares(measured.columns)
    by_kind = {
        kind: tuple(
            r
            for r in profile.rules_for(kind)
            if (measure_coverage or r.kind != "coverage")
            and (not estate_lists or RULE_KINDS[r.kind].judges_estate_lists)
            and (scopes is None or r.scope in scopes)
        )
        for kind in {p.kind for p in completed}
    }
    columns = _over_columns(completed, wanted, by_kind)  # check's one project: a table of one row
    results: list[ProjectEvaluation | None] = []
    total = len(completed)
    for done, project in enumerate(completed, start=1):
        distances, measured.by_project[done - 1] = measured.by_project[done - 1], {}  # judged once, not kept
        coverage: dict[str, CoverageResult | Share] = dict(judge_coverage(distances))
        if (row := row_of.get(done - 1)) is not None:
            coverage.update((rule_id, level[row]) for rule_id, level in shares.items())
        if not wanted[done - 1]:
            results.append(None)
        else:
            results.append(
                _judge(
                    project,
                    profile,
                    by_kind[project.kind],
                    coverage,
                    measured.warnings[done - 1],
                    columns,
                    done - 1,
                )
            )
        if progress and (done % 500 == 0 or done == total):
            progress(done, total)
    return Evaluation(
        projects=tuple(results),
        metric_crs=measured.metric_crs,
        method=measured.method if levels else None,
        network_health=measured.network_health,
        network_warnings=tuple(measured.network_warnings),
        geometry=measured.geometry,
    )


def full_result(share: CoverageResult | Share) -> CoverageResult:
    """A level's result with its words: a share judged over columns judged again on its own."""
    return share if isinstance(share, CoverageResult) else judge(share.columns.distances(share.row))


def _shares(levels: dict[str, LevelColumns]) -> tuple[dict[str, list[Share]], dict[int, int]]:
    """Each level measured as columns, judged (rule id → a share per row), and each project's row."""
    shares: dict[str, list[Share]] = {}
    for rule_id, columns in levels.items():
        judged = judge_shares(columns)
        shares[rule_id] = list(
            map(Share, judged.status, judged.covered, judged.note, judged.ratio, repeat(columns), count())
        )
    first = next(iter(levels.values()), None)  # every level of one measure holds the same projects
    row_of = {} if first is None else {project: row for row, project in enumerate(first.projects)}
    return shares, row_of


_shortfall_of = lru_cache(maxsize=4096)(shortfall_of)
"""A coverage share's shortfall: the same few pairs (1 of 1, 0 of 1) for every estate."""


def _over_columns(
    projects: list[Project], wanted: list[bool], by_kind: dict[str, tuple[RuleSpec, ...]]
) -> dict[str, tuple[RuleFacts, RuleColumns | None]]:
    """The rules judged over columns (every project of the run in one table: an estate list, or
    check's one project), rule id → its shared words and its columns; a coverage rule without a
    gate is in it with no columns (its measured shares are judged, :func:`_shares`); a rule judged
    one project at a time is not."""
    table = ProjectTable.of(projects)
    measured = np.array(wanted)
    columns: dict[str, tuple[RuleFacts, RuleColumns | None]] = {}
    for rule in {r.id: r for rules in by_kind.values() for r in rules}.values():
        rows = measured & table.of_kinds(rule.project_kinds)
        kind = RULE_KINDS[rule.kind]
        judged = judge_columns(rule, kind, table, rows)
        if judged is not None or (isinstance(kind, Coverage) and reaches_plainly(rule)):  # measured shares
            words: dict[str | None, dict[str, str]] = {None: rule.requirement or kind.requirement(rule)}
            if isinstance(kind, Coverage):  # worded by how it was measured, as its findings are
                words.update({m: kind.worded(rule, m) for m in ("network", "straight_line")})
            columns[rule.id] = (RuleFacts(rule, kind.metric, kind.unit, words), judged)
    return columns


def _estimated_said(completed: Project, given: Project, profile: Profile) -> Project:
    """A project whose population this run estimated says so, with the figure's source."""
    if not completed.population_estimated or given.population_estimated:
        return completed
    source = profile.persons_per_household_note or Said(
        "profile {profile}", profile=profile.persons_per_household_source
    )
    warning = Said(
        "population estimated as {households} households × {persons} persons per household ({source}): "
        "give the project's population",
        households=f"{completed.households:,}",
        persons=f"{profile.persons_per_household:g}",
        source=source,
    )
    return dataclasses.replace(completed, warnings=(*completed.warnings, warning))


def _judge(
    project: Project,
    profile: Profile,
    rules: tuple[RuleSpec, ...],
    coverage: dict[str, CoverageResult | Share],
    warnings: list[str],
    columns: dict[str, tuple[RuleFacts, RuleColumns | None]],
    row: int,
) -> ProjectEvaluation:
    full = {rule_id: c for rule_id, c in coverage.items() if isinstance(c, CoverageResult)}
    context = CheckContext(persons_per_household=profile.persons_per_household, coverage=full)
    findings = tuple(_judged(rule, project, context, coverage, columns, row) for rule in rules)
    said = list(warnings)
    if not any(deciding(f) for f in findings):
        which = (
            Said("a {kind} project", kind=Said.of({"en": project.kind, "zh": word(KIND, project.kind, "zh")}))
            if project.kind
            else Said("a project of unknown kind")
        )
        said.append(
            Said(
                "no rule of profile {profile} applies to {which}: nothing was checked",
                profile=profile.id,
                which=which,
            )
        )
    elif not any(deciding(f) and f.status != "not_applicable" for f in findings):
        said.append(
            Said(
                "no binding rule of profile {profile} could be judged on this project (each is not "
                "applicable here): targets and advisory rules are shown, but nothing binding was checked",
                profile=profile.id,
            )
        )
    return ProjectEvaluation(
        project=project,
        figures=findings,
        shares=tuple(coverage[r.id] for r in rules if r.id in coverage),
        warnings=tuple(said),
        persons_per_household=profile.persons_per_household,
    )


def _judged(
    rule: RuleSpec,
    project: Project,
    context: CheckContext,
    coverage: dict[str, CoverageResult | Share],
    columns: dict[str, tuple[RuleFacts, RuleColumns | None]],
    row: int,
) -> Finding | Judged:
    """The rule's figures where the columns judged the row (or its coverage was measured: a
    share against the share required), else its finding judged here."""
    over = columns.get(rule.id)  # not a coverage rule with a gate: its gate words some estates
    measured = coverage.get(rule.id)
    if isinstance(measured, Share) and (over is None or measured.ratio is None):  # judged in words
        measured = context.coverage[rule.id] = full_result(measured)
    if over is None:
        return judge_rule(rule, project, context)
    facts, judged = over
    if facts.rule.kind == "coverage":
        if measured is None or measured.ratio is None:
            return judge_rule(rule, project, context)
        required = rule.params["required_ratio"]
        status = as_status(measured.status)
        missing = _shortfall_of(required, measured.ratio)
        return Judged(facts, status, required, measured.ratio, missing, False, measured.method)
    if judged is not None and judged.judged[row]:
        return judged.at(facts, row)
    return judge_rule(rule, project, context)
