"""`laoxiao-check audit`: an estate list against a profile, at once or partition by partition."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

from laoxiao_check.cli.emit import (
    emit,
    guard,
    network_options,
    network_settings,
    progress_bar,
    with_provenance,
)
from laoxiao_check.cli.help import run_language
from laoxiao_check.cli.options import (
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
    partition_by_opt,
    prefer_major_opt,
    rules_opt,
    scheduler_opt,
    workers_opt,
)
from laoxiao_check.model.errors import (
    UsageError,
)
from laoxiao_check.model.glossary import SCOPE, word
from laoxiao_check.model.limits import Limits
from laoxiao_check.model.messages import Said, say
from laoxiao_check.model.records import exit_code
from laoxiao_check.report import formats_for
from laoxiao_check.rules import profiles

if TYPE_CHECKING:
    from laoxiao_check.model.audit import AuditResult


@click.command()
@click.argument("estates", type=click.Path(dir_okay=False))
@rules_opt
@facilities_opt
@network_opt
@coords_opt
@facility_coords_opt
@click.option(
    "--boundary",
    type=click.Path(dir_okay=False),
    default=None,
    help="Polygons of the audited area (any CRS): estates outside are counted, not judged.",
)
@click.option(
    "--boundary-coords",
    "boundary_datum",
    type=click.Choice(["wgs84", "gcj02", "bd09"]),
    default=None,
    help="Datum of the longitude/latitude of the boundary, communities and districts layers; "
    "default: as --coords.",
)
@click.option(
    "--communities",
    type=click.Path(dir_okay=False),
    default=None,
    help="Community polygons (any CRS; a name column, optionally 区县): estates and facilities "
    "take the community they lie in, for the community rules.",
)
@click.option(
    "--districts",
    type=click.Path(dir_okay=False),
    default=None,
    help="District polygons (any CRS; a name column): estates and facilities take the district "
    "they lie in, for the district rules and the summary.",
)
@click.option(
    "--column",
    "column_map",
    multiple=True,
    metavar="FIELD=HEADER",
    help="Map your own column name to a field, e.g. --column households=总户数 (repeatable).",
)
@click.option(
    "--population",
    "population",
    type=click.Path(dir_okay=False),
    default=None,
    help="Official residents per community, district and city (table: name, level, residents): "
    "the denominators of the community, district and city rules instead of the estates' sums.",
)
@click.option(
    "--sheet",
    default=None,
    metavar="NAME",
    help="Sheet of an .xlsx estate list (or layer of a GeoPackage); default: the first visible one.",
)
@format_opt(list(formats_for("audit")))
@output_opt
@default_kind_opt
@lang_opt
@catchment_opt
@max_snap_opt
@node_tolerance_opt
@prefer_major_opt
@join_crossings_opt
@no_cache_opt
@partition_by_opt
@workers_opt
@scheduler_opt
@limit_options
def audit(
    estates: str,
    rules: str,
    facilities: str | None,
    network: str | None,
    datum: str,
    facilities_datum: str | None,
    boundary: str | None,
    boundary_datum: str | None,
    communities: str | None,
    districts: str | None,
    column_map: tuple[str, ...],
    population: str | None,
    sheet: str | None,
    output_format: str | None,
    output: str | None,
    default_kind: str,
    lang: str | None,
    catchment: str,
    max_snap_m: float,
    node_tolerance_m: float,
    prefer_major_within_m: float,
    join_crossings: bool,
    no_cache: bool,
    partition_by: str | None,
    workers: int | None,
    scheduler: str | None,
    limits: Limits,
) -> int:
    """Audit a list of ESTATES (xlsx, csv, GeoJSON, GeoPackage): one row per estate.

    \b
    Columns (English or Chinese): name, households, population, kind, district,
    community, x/y (or lng/lat, or a geometry), eldercare_area_m2, childcare_area_m2,
    childcare_places. Rows that cannot be judged are reported and counted, never fatal.
    Exit codes: 0 every estate, community, district and the city pass, 1 otherwise,
    2 usage or input error,
    3 internal error.
    Example: laoxiao-check audit sample_projects/audit/estates.csv --rules quanzhou
             --facilities sample_projects/audit/facilities.geojson
    """
    from laoxiao_check.io.estates import ESTATE_COLUMNS, parse_column_map
    from laoxiao_check.services.audit import run_audit
    from laoxiao_check.services.partition import check_network_pattern, run_partitioned_audit
    from laoxiao_check.services.runners import runner_for

    profile = profiles.load_profile(rules)
    if partition_by is None and (workers is not None or scheduler is not None):
        raise UsageError(
            Said("--workers and --scheduler run the parts of a partitioned audit: give --partition-by")
        )
    check_network_pattern(network, partition_by)
    inputs = [estates, facilities, network, boundary, communities, districts, population]
    fmt = guard("audit", output_format, output, [*inputs, *profile.files])
    mapping = parse_column_map(column_map, ESTATE_COLUMNS)
    settings: dict[str, Any] = {
        "facilities_path": facilities,
        "network_path": network,
        "datum": datum,
        "facilities_datum": facilities_datum,
        "boundary_path": boundary,
        "boundary_datum": boundary_datum,
        "columns": mapping,
        "default_kind": default_kind,
        "sheet": sheet,
        "population_path": population,
        "catchment": catchment,
        "communities_path": communities,
        "districts_path": districts,
        **network_settings(
            network, max_snap_m, node_tolerance_m, join_crossings, no_cache, prefer_major_within_m
        ),
        "limits": limits,
    }
    if partition_by is None:
        with progress_bar() as progress:
            result = run_audit(estates, profile, progress=progress, **settings)
    else:
        with runner_for(workers, scheduler) as runner, progress_bar("partitions") as progress:
            result = run_partitioned_audit(
                estates, profile, partition_by=partition_by, runner=runner, progress=progress, **settings
            )
    result = with_provenance(
        result,
        "audit",
        [
            ("estates", estates),
            ("facilities", facilities),
            ("network", network),
            ("boundary", boundary),
            ("communities", communities),
            ("districts", districts),
            ("population", population),
        ],
        profile,
        [
            ("--coords", datum),
            ("--facility-coords", facilities_datum or datum),
            ("--boundary-coords", boundary_datum or datum),
            ("--column", list(column_map)),
            ("--sheet", sheet),
            ("--kind", default_kind),
            ("--catchment", catchment),
            *network_options(network, max_snap_m, node_tolerance_m, join_crossings, prefer_major_within_m),
            ("--partition-by", partition_by),
        ],
    )
    emit(
        fmt.renderer("audit"), *fmt.writers("audit"), result, output, lang or default_lang(), outcome(result)
    )
    failed = report_failed_partitions(result, partition_by)
    return exit_code(result.verdict, parts_failed=bool(failed))


def outcome(result: AuditResult) -> str:
    """The line beside a written report's name: the estates judged and how."""
    counts = result.summary["city"]["estates"]
    figures = {k: f"{counts[k]:,}" for k in ("judged", "pass", "fail", "incomplete", "not_judged")}
    return (
        Said(
            "{judged} estates judged: {passed} pass, {failed} fail, {incomplete} incomplete; "
            "{not_judged} not judged",
            judged=figures["judged"],
            passed=figures["pass"],
            failed=figures["fail"],
            incomplete=figures["incomplete"],
            not_judged=figures["not_judged"],
        )
        if counts["not_judged"]
        else Said(
            "{judged} estates judged: {passed} pass, {failed} fail, {incomplete} incomplete",
            judged=figures["judged"],
            passed=figures["pass"],
            failed=figures["fail"],
            incomplete=figures["incomplete"],
        )
    )


def report_failed_partitions(result: AuditResult, partition_by: str | None) -> list[Any]:
    """Each partition that failed, said on standard error; the failed ones."""
    failed = [p for p in result.partitions if p.status != "done"]
    for part in failed:
        failure = Said(
            "partition {field} {name} failed: {reason}",
            field=Said.of({"en": str(partition_by), "zh": word(SCOPE, str(partition_by), "zh")}),
            name=part.name or Said("(none)"),
            reason=part.reason,
        )
        click.echo(say(failure, run_language()), err=True)
    return failed
