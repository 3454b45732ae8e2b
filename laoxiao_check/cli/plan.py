"""`laoxiao-check plan`: where to build next (maximal or set covering over candidate sites)."""

from __future__ import annotations

import click

from laoxiao_check.cli.emit import (
    emit,
    guard,
    network_options,
    network_settings,
    with_provenance,
)
from laoxiao_check.cli.options import (
    PositiveSeconds,
    catchment_opt,
    coords_opt,
    default_kind_opt,
    default_lang,
    facilities_opt,
    facility_coords_opt,
    format_opt,
    join_crossings_opt,
    lang_opt,
    limit_options,
    max_snap_opt,
    network_opt,
    no_cache_opt,
    node_tolerance_opt,
    output_opt,
    prefer_major_opt,
)
from laoxiao_check.model.errors import (
    EXIT_PASS,
)
from laoxiao_check.model.limits import Limits
from laoxiao_check.report import formats_for
from laoxiao_check.rules import profiles


@click.command()
@click.argument("estates", type=click.Path(dir_okay=False))
@click.option(
    "--category",
    type=click.Choice(["childcare", "eldercare"]),
    required=True,
    help="The category of the facilities to place.",
)
@click.option(
    "--add",
    "add",
    type=click.IntRange(min=1),
    default=None,
    metavar="K",
    help="Choose K sites covering the most (maximal covering); omit it for the fewest sites "
    "covering every estate a candidate reaches (set covering).",
)
@click.option(
    "--candidates",
    type=click.Path(dir_okay=False),
    default=None,
    help="Candidate sites (table or layer of points: id, x/y or lng/lat, or a geometry); without "
    "it, points along --network every 200 m.",
)
@facilities_opt
@network_opt
@click.option(
    "--rules",
    "rules",
    default="baseline",
    show_default=True,
    metavar="ID|FILE",
    help="Rule profile: the level's distance and (--objective capacity) the rate come from it.",
)
@click.option(
    "--level",
    default=None,
    metavar="LEVEL",
    help="Coverage level of the profile whose distance counts (e.g. 15min); default: the binding "
    "level with the largest distance.",
)
@click.option(
    "--objective",
    type=click.Choice(["coverage", "capacity"]),
    default="coverage",
    show_default=True,
    help="coverage: households not yet within the distance of a facility; capacity: each estate's "
    "shortfall of places (or m²) after sharing the capacity around it (--catchment).",
)
@click.option(
    "--time-limit",
    "time_limit_s",
    type=PositiveSeconds(),
    default=60.0,
    show_default=True,
    metavar="SECONDS",
    help="Time HiGHS may take to prove the best answer; past it the greedy answer (or HiGHS's "
    "best) is given with its gap to the bound.",
)
@coords_opt
@facility_coords_opt
@click.option(
    "--population",
    "population",
    type=click.Path(dir_okay=False),
    default=None,
    help="Population table with age groups (children_0_3, residents_60plus): capacity is shared "
    "by the age group (--objective capacity).",
)
@catchment_opt
@format_opt(list(formats_for("plan")))
@output_opt
@default_kind_opt
@lang_opt
@max_snap_opt
@node_tolerance_opt
@prefer_major_opt
@join_crossings_opt
@no_cache_opt
@limit_options
def plan(
    estates: str,
    category: str,
    add: int | None,
    candidates: str | None,
    facilities: str | None,
    network: str | None,
    rules: str,
    level: str | None,
    objective: str,
    time_limit_s: float,
    datum: str,
    facilities_datum: str | None,
    population: str | None,
    catchment: str,
    output_format: str | None,
    output: str | None,
    default_kind: str,
    lang: str | None,
    max_snap_m: float,
    node_tolerance_m: float,
    prefer_major_within_m: float,
    join_crossings: bool,
    no_cache: bool,
    limits: Limits,
) -> int:
    """Choose where to build the next facilities for the ESTATES (the list `audit` reads).

    \b
    Exit codes: 0 a plan was made, 2 usage or input error, 3 internal error.
    Example: laoxiao-check plan sample_projects/audit/capacity_estates.csv --rules quanzhou
             --facilities sample_projects/audit/capacity_facilities.geojson
             --candidates sample_projects/audit/candidates.geojson --category childcare --add 2
    """
    from laoxiao_check.services.plan import run_plan

    profile = profiles.load_profile(rules)
    fmt = guard(
        "plan", output_format, output, [estates, facilities, candidates, network, population, *profile.files]
    )
    result = run_plan(
        estates,
        profile,
        category,
        add=add,
        facilities_path=facilities,
        candidates_path=candidates,
        network_path=network,
        level=level,
        objective=objective,
        datum=datum,
        facilities_datum=facilities_datum,
        default_kind=default_kind,
        population_path=population,
        time_limit_s=time_limit_s,
        catchment=catchment,
        **network_settings(
            network, max_snap_m, node_tolerance_m, join_crossings, no_cache, prefer_major_within_m
        ),
        limits=limits,
    )
    result = with_provenance(
        result,
        "plan",
        [
            ("estates", estates),
            ("facilities", facilities),
            ("candidates", candidates),
            ("network", network),
            ("population", population),
        ],
        profile,
        [
            ("--category", category),
            ("--add", add),
            ("--level", level),
            ("--objective", objective),
            ("--time-limit", time_limit_s),
            ("--coords", datum),
            ("--facility-coords", facilities_datum or datum),
            ("--kind", default_kind),
            ("--catchment", catchment),
            *network_options(network, max_snap_m, node_tolerance_m, join_crossings, prefer_major_within_m),
        ],
    )
    emit(fmt.renderer("plan"), None, None, result, output, lang or default_lang())
    return EXIT_PASS
