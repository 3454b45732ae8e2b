"""`laoxiao-check check`: one project against a profile (its verdict, rules, coverage and map)."""

from __future__ import annotations

import functools

import click

from laoxiao_check.cli.emit import (
    emit,
    guard,
    network_options,
    network_settings,
    with_provenance,
)
from laoxiao_check.cli.options import (
    all_opt,
    default_lang,
    facilities_opt,
    facility_coords_opt,
    format_opt,
    households_opt,
    join_crossings_opt,
    kind_opt,
    lang_opt,
    limit_options,
    max_snap_opt,
    name_opt,
    network_opt,
    no_cache_opt,
    node_tolerance_opt,
    output_opt,
    population_opt,
    prefer_major_opt,
    rules_opt,
)
from laoxiao_check.model.glossary import STATUS, word
from laoxiao_check.model.limits import Limits
from laoxiao_check.model.messages import Said
from laoxiao_check.model.records import exit_code
from laoxiao_check.report import formats_for
from laoxiao_check.rules import profiles


@click.command()
@click.argument("project", type=click.Path(dir_okay=False))
@rules_opt
@format_opt(list(formats_for("check")))
@output_opt
@kind_opt
@name_opt
@households_opt
@population_opt
@lang_opt
@all_opt
@network_opt
@facilities_opt
@facility_coords_opt
@max_snap_opt
@node_tolerance_opt
@prefer_major_opt
@join_crossings_opt
@no_cache_opt
@limit_options
def check(
    project: str,
    rules: str,
    facilities: str | None,
    facilities_datum: str | None,
    output_format: str | None,
    output: str | None,
    kind: str | None,
    name: str | None,
    households: int | None,
    population: float | None,
    lang: str | None,
    show_all: bool,
    network: str | None,
    max_snap_m: float,
    node_tolerance_m: float,
    prefer_major_within_m: float,
    join_crossings: bool,
    no_cache: bool,
    limits: Limits,
) -> int:
    """Check one PROJECT (.xlsx or .geojson) against a rule profile.

    \b
    Exit codes: 0 pass, 1 fail or incomplete, 2 usage or input error, 3 internal error.
    Example: laoxiao-check check sample_projects/quanzhou_new_estate.xlsx --rules quanzhou
    """
    from laoxiao_check.services.check import check as run_check
    from laoxiao_check.services.check import project_sidecar

    profile = profiles.load_profile(rules)
    sidecar = project_sidecar(project)
    beside = str(sidecar) if sidecar else None
    fmt = guard("check", output_format, output, [project, beside, network, facilities, *profile.files])
    result = run_check(
        project,
        profile,
        kind=kind,
        name=name,
        households=households,
        population=population,
        facilities_path=facilities,
        facilities_datum=facilities_datum or "wgs84",
        network_path=network,
        **network_settings(
            network, max_snap_m, node_tolerance_m, join_crossings, no_cache, prefer_major_within_m
        ),
        limits=limits,
    )
    result = with_provenance(
        result,
        "check",
        [("project", project), ("sidecar", beside), ("facilities", facilities), ("network", network)],
        profile,
        [
            ("--kind", kind or result.project.kind),
            *[
                (option, value)
                for option, value in (
                    ("--name", name),
                    ("--households", households),
                    ("--population", population),
                )
                if value is not None
            ],
            *([("--facility-coords", facilities_datum or "wgs84")] if facilities else []),
            *network_options(network, max_snap_m, node_tolerance_m, join_crossings, prefer_major_within_m),
        ],
    )
    render = fmt.renderer("check")
    if fmt.name == "table":
        render = functools.partial(render, show_all=show_all)
    verdict = Said.of({"en": result.verdict, "zh": word(STATUS, result.verdict, "zh")})
    emit(
        render, None, None, result, output, lang or default_lang(), Said("verdict {verdict}", verdict=verdict)
    )
    return exit_code(result.verdict)
