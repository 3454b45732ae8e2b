"""The library's entry points; the CLI only parses options and calls these."""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from pathlib import Path

from . import checks
from .checks import CheckContext
from .io import read_project
from .models import CheckResult, Project
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


def check_project(project: Project, profile: Profile) -> CheckResult:
    """Evaluate every rule of the profile that applies to the project's kind."""
    project = complete_population(project, profile.persons_per_household)
    context = CheckContext(persons_per_household=profile.persons_per_household)
    findings = tuple(checks.evaluate(rule, project, context) for rule in profile.rules_for(project.kind))
    return CheckResult(
        project=project,
        profile_id=profile.id,
        profile_name=profile.name,
        profile_documents=profile.cited_documents,
        findings=findings,
        warnings=project.warnings,
    )


def check(
    project_path: str | Path, rules: str, *, kind: str | None = None
) -> CheckResult:
    """Read a project file, load a profile (bundled id or YAML path) and check."""
    profile = load_profile(rules)
    project = read_project(project_path, kind_override=kind)
    return check_project(project, profile)
