"""The library's entry points; the CLI only parses options and calls these."""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from pathlib import Path

from . import checks
from .checks import CheckContext, RuleSpec
from .checks.coverage import max_distance_m
from .coverage import DEFAULT_MAX_SNAP_M, CoverageLevel, Network, project_coverage
from .io import read_project
from .models import CheckResult, Project
from .network.noding import NodingOptions
from .network_cache import NetworkFile
from .profiles import Profile, load_profile


def complete_population(project: Project, persons_per_household: float) -> Project:
    """Population as given, else the buildings' sum, else households × persons per household."""
    if project.population is not None:
        return project
    if project.buildings and all(b.population is not None for b in project.buildings):
        total = sum(b.population for b in project.buildings)  # type: ignore[misc]
        return dataclasses.replace(project, population=total)
    if project.households is None:
        return project
    estimate = Decimal(project.households) * Decimal(repr(persons_per_household))
    population = int(estimate) if estimate == estimate.to_integral_value() else float(estimate)
    return dataclasses.replace(project, population=population, population_estimated=True)


def coverage_levels(rules: tuple[RuleSpec, ...]) -> list[CoverageLevel]:
    return [
        CoverageLevel(
            rule_id=rule.id,
            category=rule.category,
            level=rule.params["level"],
            max_distance_m=max_distance_m(rule.params),
            required_ratio=float(rule.params["required_ratio"]),
            informational=rule.informational,
        )
        for rule in rules
        if rule.kind == "coverage"
    ]


def check_project(
    project: Project,
    profile: Profile,
    network: Network | None = None,
    max_snap_m: float = DEFAULT_MAX_SNAP_M,
    noding: NodingOptions | None = None,
) -> CheckResult:
    """Evaluate every rule of the profile that applies to the project's kind.

    ``network``: io.network.NetworkLines (built here) or network_cache.NetworkFile (cached).
    """
    project = complete_population(project, profile.persons_per_household)
    rules = profile.rules_for(project.kind)
    coverage, warnings, geometry = project_coverage(
        project, coverage_levels(rules), network, max_snap_m, noding
    )
    context = CheckContext(persons_per_household=profile.persons_per_household, coverage=coverage)
    findings = tuple(checks.evaluate(rule, project, context) for rule in rules)
    if not any(not f.details.get("informational") for f in findings):
        warnings = [
            *warnings,
            f"no rule of profile {profile.id} applies to a {project.kind or 'project of unknown kind'} "
            "project: nothing was checked",
        ]
    return CheckResult(
        project=project,
        profile_id=profile.id,
        profile_name=profile.name,
        profile_documents=profile.cited_documents,
        findings=findings,
        coverage=tuple(coverage[r.id] for r in rules if r.id in coverage),
        warnings=(*project.warnings, *warnings),
        geometry=geometry,
        network=geometry.network_health if geometry is not None else None,
    )


def check(
    project_path: str | Path,
    rules: str | Profile,
    *,
    kind: str | None = None,
    network_path: str | Path | None = None,
    max_snap_m: float = DEFAULT_MAX_SNAP_M,
    noding: NodingOptions | None = None,
    use_cache: bool = True,
) -> CheckResult:
    """Read a project file (and a walking network, through the graph cache), load a
    profile (unless given) and check."""
    profile = rules if isinstance(rules, Profile) else load_profile(rules)
    project = read_project(project_path, kind_override=kind)
    network = NetworkFile(Path(network_path), use_cache) if network_path else None
    return check_project(project, profile, network, max_snap_m, noding)
