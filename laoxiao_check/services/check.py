"""The library's entry points; the CLI only parses options and calls these.

They read files and call the pure core (:mod:`laoxiao_check.services.evaluate`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from laoxiao_check.io import read_project
from laoxiao_check.io.fields import Given
from laoxiao_check.io.sidecar import read_sidecar, sidecar_path
from laoxiao_check.model.check import CheckResult
from laoxiao_check.model.errors import UsageError
from laoxiao_check.model.ledger import InputLedger
from laoxiao_check.model.limits import Limits, applied
from laoxiao_check.model.messages import Said
from laoxiao_check.model.profile import Profile
from laoxiao_check.model.records import Facility, Project
from laoxiao_check.model.values import NumberSpec, ValueProblem, parse_number, parse_text
from laoxiao_check.rules.kinds.coverage import coverage_levels
from laoxiao_check.rules.profiles import load_profile
from laoxiao_check.services.communities import judged_per_community
from laoxiao_check.services.evaluate import complete_population, evaluate
from laoxiao_check.services.quality import project_quality
from laoxiao_check.spatial.distance import DEFAULT_MAX_SNAP_M, Network
from laoxiao_check.spatial.geo import WGS84

if TYPE_CHECKING:
    from laoxiao_check.spatial.network.noding import NodingOptions


def check_project(
    project: Project,
    profile: Profile,
    network: Network | None = None,
    max_snap_m: float = DEFAULT_MAX_SNAP_M,
    noding: NodingOptions | None = None,
    facilities: Sequence[Facility] | None = None,
    facilities_crs: str | None = None,
    facilities_source: str = "",
) -> CheckResult:
    """Evaluate every rule of the profile that applies to the project's kind (the core, for one).

    ``network``: io.network.NetworkLines (built here) or network_cache.NetworkFile (cached).
    ``facilities``: the city's around the project (coordinates in ``facilities_crs``), for
    coverage besides the project's own rooms; None: not given.
    """
    evaluation = evaluate(
        [project],
        profile,
        facilities=facilities,
        facilities_crs=facilities_crs,
        network=network,
        max_snap_m=max_snap_m,
        noding=noding,
        with_map=True,
        facilities_source=facilities_source,
    )
    judged = evaluation.projects[0]
    assert judged is not None  # one project, always judged
    return CheckResult(
        project=judged.project,
        profile_id=profile.id,
        profile_name=profile.name,
        profile_label=profile.label,
        profile_documents=profile.cited_documents,
        findings=judged_per_community(judged.project, profile, judged.findings),
        coverage=judged.coverage,
        warnings=(*judged.project.warnings, *evaluation.network_warnings, *judged.warnings),
        geometry=evaluation.geometry,
        network=evaluation.network_health,
        quality=project_quality(judged.project, profile),
    )


def check(
    project_path: str | Path,
    rules: str | Profile,
    *,
    kind: str | None = None,
    name: str | None = None,
    households: int | None = None,
    population: float | None = None,
    facilities_path: str | Path | None = None,
    facilities_datum: str = "wgs84",
    network_path: str | Path | None = None,
    max_snap_m: float = DEFAULT_MAX_SNAP_M,
    noding: NodingOptions | None = None,
    use_cache: bool = True,
    limits: Limits | None = None,
) -> CheckResult:
    """Read a project file (and the city's facilities, a walking network through the graph
    cache), load a profile (unless given) and check.

    The project's fields come from the file, replaced by its sidecar's (``<name>.project.yaml``
    beside it, :func:`project_sidecar`), replaced by ``kind``, ``name``, ``households`` and
    ``population`` where given (``--kind``, ``--name``…), each replacement said in a warning."""
    given = options_given(name, households, population)
    with applied(limits):
        profile = rules if isinstance(rules, Profile) else load_profile(rules)
        sidecar = project_sidecar(project_path)
        beside = read_sidecar(sidecar) if sidecar is not None else ()
        project = read_project(project_path, kind_override=kind, given=(*beside, *given))
        city: list[Facility] | None = None
        ledger = InputLedger()
        if facilities_path:
            city, remarks, ledger = read_city_facilities(facilities_path, facilities_datum)
            project = dataclasses.replace(project, warnings=(*project.warnings, *remarks))
        network = None
        if network_path:
            from laoxiao_check.io.network_cache import NetworkFile

            network = NetworkFile(Path(network_path), use_cache)
        city_crs = WGS84 if city else None
        result = check_project(
            project, profile, network, max_snap_m, noding, city, city_crs, str(facilities_path or "")
        )
        return dataclasses.replace(result, ledger=ledger)


POSITIVE_HOUSEHOLDS = NumberSpec(Said("households"), whole=True, allow_zero=False)
POSITIVE_RESIDENTS = NumberSpec(Said("residents"), allow_zero=False)


def _households(value: Any) -> int | float | None:
    return parse_number(value, POSITIVE_HOUSEHOLDS)


def _residents(value: Any) -> int | float | None:
    return parse_number(value, POSITIVE_RESIDENTS)


OPTION_FIELDS: tuple[tuple[str, str, Callable[[Any], Any]], ...] = (
    ("name", "--name", parse_text),
    ("households", "--households", _households),
    ("population", "--population", _residents),
)
"""The project fields an option gives: (field, option, parser)."""


def options_given(name: Any = None, households: Any = None, population: Any = None) -> tuple[Given, ...]:
    """The project fields given by options (None: not given), each refused (UsageError naming
    the option) unless a name, a whole number of households above 0, a number of residents
    above 0."""
    given = []
    for (field, option, parse), value in zip(OPTION_FIELDS, (name, households, population), strict=True):
        if value is None:
            continue
        try:
            parsed = parse(value)
        except ValueProblem as exc:
            raise UsageError(Said("{option}: {problem}", option=option, problem=exc.message)) from None
        if parsed is None:
            raise UsageError(
                Said("{option}: expected a value, got {value}", option=option, value=repr(value))
            )
        given.append(Given(field, parsed, option))
    return tuple(given)


def project_sidecar(project_path: str | Path) -> Path | None:
    """The sidecar beside the project file (``项目.project.yaml``, ``.yml`` or ``.json``), None
    where there is none: an input of the run, recorded with its hash."""
    return sidecar_path(Path(project_path))


def read_city_facilities(
    path: str | Path, datum: str = "wgs84"
) -> tuple[list[Facility], list[str], InputLedger]:
    """A city's facility layer, its points as WGS84 longitude/latitude (None where unusable),
    with what was said of its rows and the ledger of the rows left out or not placed."""
    from laoxiao_check.io.estates import read_facilities
    from laoxiao_check.io.points import placed, to_lonlat
    from laoxiao_check.services.ledger import facility_entries

    layer = read_facilities(path)
    problems = list(layer.problems)
    lonlat = to_lonlat(
        [(f.x, f.y, f.place, f.id) for f in layer.facilities], layer.crs, datum, layer.source, problems
    )
    city = placed(layer.facilities, lonlat)
    name = Path(layer.source).name
    ledger = facility_entries(InputLedger(), dataclasses.replace(layer, problems=tuple(problems)), city)
    remarks = [f"{name} › {p.place}: {p.message}" if p.place else f"{name}: {p.message}" for p in problems]
    return city, remarks, ledger


__all__ = [
    "check",
    "check_project",
    "complete_population",
    "coverage_levels",
    "options_given",
    "project_sidecar",
]
