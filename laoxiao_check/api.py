"""The library's entry points; the CLI only parses options and calls these.

They read files and call the pure core (:mod:`laoxiao_check.core`).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from .core import complete_population, coverage_levels, evaluate
from .coverage import DEFAULT_MAX_SNAP_M, Network
from .io import read_project
from .models import CheckResult, Project
from .profiles import Profile, load_profile

if TYPE_CHECKING:
    from .network.noding import NodingOptions


def check_project(
    project: Project,
    profile: Profile,
    network: Network | None = None,
    max_snap_m: float = DEFAULT_MAX_SNAP_M,
    noding: NodingOptions | None = None,
) -> CheckResult:
    """Evaluate every rule of the profile that applies to the project's kind (the core, for one).

    ``network``: io.network.NetworkLines (built here) or network_cache.NetworkFile (cached).
    """
    evaluation = evaluate(
        [project], profile, network=network, max_snap_m=max_snap_m, noding=noding, with_map=True
    )
    judged = evaluation.projects[0]
    assert judged is not None  # one project, always judged
    return CheckResult(
        project=judged.project,
        profile_id=profile.id,
        profile_name=profile.name,
        profile_documents=profile.cited_documents,
        findings=judged.findings,
        coverage=judged.coverage,
        warnings=(*judged.project.warnings, *evaluation.network_warnings, *judged.warnings),
        geometry=evaluation.geometry,
        network=evaluation.network_health,
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
    network = None
    if network_path:
        from .network_cache import NetworkFile  # the network stack loads only when a network is given

        network = NetworkFile(Path(network_path), use_cache)
    return check_project(project, profile, network, max_snap_m, noding)


__all__ = ["check", "check_project", "complete_population", "coverage_levels"]
