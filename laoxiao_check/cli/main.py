"""Command-line interface: parses options and calls the library; nothing else.

Exit codes: 0 every rule passes; 1 a rule fails or could not be checked; 2 usage or
input error; 3 a bug of ours. :func:`main` is the one boundary where errors become
messages and exit codes: every LaoxiaoError is exit 2, anything unexpected exit 3 (with
the traceback under ``--debug`` or ``LAOXIAO_DEBUG=1``), never 1.
"""

from __future__ import annotations

import contextlib
import os
import sys
import traceback
from pathlib import Path
from typing import Any

import click

from laoxiao_check import __version__
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
    kind_opt,
    lang_opt,
    max_snap_opt,
    network_opt,
    no_cache_opt,
    node_tolerance_opt,
    noding_options,
    output_opt,
    partition_by_opt,
    rules_opt,
    scheduler_opt,
    workers_opt,
)
from laoxiao_check.io.output import atomic_path, guard_output, is_special, refuse_existing, write_atomic
from laoxiao_check.model.errors import (
    EXIT_BUG,
    EXIT_ERROR,
    EXIT_FAIL,
    EXIT_INTERRUPTED,
    EXIT_PASS,
    LaoxiaoError,
    ProfileError,
    UsageError,
)
from laoxiao_check.report import formats_for
from laoxiao_check.rules import profiles


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="laoxiao-check")
@click.option(
    "--debug",
    is_flag=True,
    default=False,
    help="Show the full traceback of an internal error (also: LAOXIAO_DEBUG=1).",
)
def cli(debug: bool) -> None:
    """Check housing projects against 一老一小 eldercare and childcare allocation rules.

    \b
    Exit codes: 0 pass; 1 a rule fails or could not be checked; 2 usage or input
    error (the message names the file and the place); 3 internal error (a bug).
    """
    if debug:
        os.environ["LAOXIAO_DEBUG"] = "1"


@cli.command()
@click.argument("project", type=click.Path(dir_okay=False))
@rules_opt
@format_opt(list(formats_for("check")))
@output_opt
@kind_opt
@lang_opt
@network_opt
@facilities_opt
@facility_coords_opt
@max_snap_opt
@node_tolerance_opt
@join_crossings_opt
@no_cache_opt
def check(
    project: str,
    rules: str,
    facilities: str | None,
    facilities_datum: str | None,
    output_format: str,
    output: str | None,
    kind: str | None,
    lang: str | None,
    network: str | None,
    max_snap_m: float,
    node_tolerance_m: float,
    join_crossings: bool,
    no_cache: bool,
) -> int:
    """Check one PROJECT (.xlsx or .geojson) against a rule profile.

    \b
    Exit codes: 0 pass, 1 fail or incomplete, 2 usage or input error, 3 internal error.
    Example: laoxiao-check check sample_projects/quanzhou_new_estate.xlsx --rules quanzhou
    """
    from laoxiao_check.services.check import check as run_check

    fmt = formats_for("check")[output_format]
    profile = profiles.load_profile(rules)
    guard(fmt, output, [project, network, facilities, *profile.files])
    result = run_check(
        project,
        profile,
        kind=kind,
        facilities_path=facilities,
        facilities_datum=facilities_datum or "wgs84",
        network_path=network,
        **network_settings(network, max_snap_m, node_tolerance_m, join_crossings, no_cache),
    )
    emit(fmt.check, fmt.write, result, output, lang or default_lang())
    return EXIT_PASS if result.verdict == "pass" else EXIT_FAIL


def network_settings(
    network: str | None, max_snap_m: float, node_tolerance_m: float, join_crossings: bool, no_cache: bool
) -> dict[str, Any]:
    """The walking-network options of check and audit, as the library takes them."""
    noding = noding_options(node_tolerance_m, join_crossings) if network else None
    return {"max_snap_m": max_snap_m, "noding": noding, "use_cache": not no_cache}


def guard(fmt, output: str | None, inputs: list[str | None]) -> None:
    """Before any work: a binary format needs --output, and --output is never an input."""
    if fmt.needs_output and (not output or output == "-"):
        raise UsageError(f"--format {fmt.name} writes a file: give --output FILE")
    if output != "-":
        guard_output(output, inputs)


def emit(render, write, result, output: str | None, lang: str, write_file=None) -> None:
    """Renders ``result`` to ``output`` (a file, or standard output), streaming it where
    ``write`` (text) or ``write_file`` (a binary file, written piece by piece) can."""
    if output == "-":  # the usual spelling of standard output
        output = None
    if output and write_file is not None and not is_special(Path(output)):
        try:
            with atomic_path(output) as temporary:
                write_file(result, lang, temporary)
        except OSError as exc:  # a full disk
            raise UsageError(f"cannot write {output}: {exc.strerror or exc}") from None
    elif output and write is not None:
        try:
            with atomic_path(output) as temporary, open(temporary, "w", encoding="utf-8") as handle:
                write(result, lang, handle)
        except OSError as exc:  # a full disk, /dev/full
            raise UsageError(f"cannot write {output}: {exc.strerror or exc}") from None
    elif output:
        write_atomic(output, render(result, lang, color=False))
    elif write is not None:
        write(result, lang, sys.stdout)
        return
    else:
        click.echo(render(result, lang, color=sys.stdout.isatty()), nl=False)
        return
    click.echo(f"wrote {output}", err=True)


@cli.command()
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
@join_crossings_opt
@no_cache_opt
@partition_by_opt
@workers_opt
@scheduler_opt
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
    output_format: str,
    output: str | None,
    default_kind: str,
    lang: str | None,
    catchment: str,
    max_snap_m: float,
    node_tolerance_m: float,
    join_crossings: bool,
    no_cache: bool,
    partition_by: str | None,
    workers: int | None,
    scheduler: str | None,
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

    fmt = formats_for("audit")[output_format]
    profile = profiles.load_profile(rules)
    if partition_by is None and (workers is not None or scheduler is not None):
        raise UsageError(
            "--workers and --scheduler run the parts of a partitioned audit: give --partition-by"
        )
    check_network_pattern(network, partition_by)
    inputs = [estates, facilities, network, boundary, communities, districts, population]
    guard(fmt, output, [*inputs, *profile.files])
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
        **network_settings(network, max_snap_m, node_tolerance_m, join_crossings, no_cache),
    }
    if partition_by is None:
        with progress_bar() as progress:
            result = run_audit(estates, profile, progress=progress, **settings)
    else:
        with runner_for(workers, scheduler) as runner, progress_bar("partitions") as progress:
            result = run_partitioned_audit(
                estates, profile, partition_by=partition_by, runner=runner, progress=progress, **settings
            )
    emit(fmt.audit, fmt.write, result, output, lang or default_lang(), fmt.write_file)
    failed = [p for p in result.partitions if p.status != "done"]
    for part in failed:
        click.echo(f"partition {partition_by} {part.name or '(none)'} failed: {part.reason}", err=True)
    return EXIT_PASS if result.verdict == "pass" and not failed else EXIT_FAIL


@cli.command()
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
@join_crossings_opt
@no_cache_opt
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
    output_format: str,
    output: str | None,
    default_kind: str,
    lang: str | None,
    max_snap_m: float,
    node_tolerance_m: float,
    join_crossings: bool,
    no_cache: bool,
) -> int:
    """Choose where to build the next facilities for the ESTATES (the list `audit` reads).

    \b
    Exit codes: 0 a plan was made, 2 usage or input error, 3 internal error.
    Example: laoxiao-check plan sample_projects/audit/capacity_estates.csv --rules quanzhou
             --facilities sample_projects/audit/capacity_facilities.geojson
             --candidates sample_projects/audit/candidates.geojson --category childcare --add 2
    """
    from laoxiao_check.services.plan import run_plan

    fmt = formats_for("plan")[output_format]
    profile = profiles.load_profile(rules)
    guard(fmt, output, [estates, facilities, candidates, network, population, *profile.files])
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
        **network_settings(network, max_snap_m, node_tolerance_m, join_crossings, no_cache),
    )
    emit(fmt.plan, fmt.write, result, output, lang or default_lang())
    return EXIT_PASS


@contextlib.contextmanager
def progress_bar(what: str = "estates"):
    """A rich progress bar on standard error for long runs, when it is a terminal."""
    if not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

    with Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=True,
    ) as bar:
        task = bar.add_task(what, total=None)

        def update(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield update


@cli.group()
def rules() -> None:
    """List, show and validate rule profiles."""


@rules.command("list")
def rules_list() -> int:
    """List the bundled rule profiles."""
    for profile_id in profiles.bundled_ids():
        profile = profiles.load_profile(profile_id)
        parent = f"  (extends {profile.chain[1]})" if len(profile.chain) > 1 else ""
        click.echo(f"{profile.id:<10} {profile.name['zh']} / {profile.name['en']}{parent}")
    return EXIT_PASS


@rules.command("show")
@click.argument("profile")
@lang_opt
def rules_show(profile: str, lang: str | None) -> int:
    """Show the resolved rules of PROFILE (a bundled id or a YAML file)."""
    from laoxiao_check.report.views.profile import render_profile

    click.echo(render_profile(profiles.load_profile(profile), lang or default_lang()), nl=False)
    return EXIT_PASS


@rules.command("validate")
@click.argument("file", type=click.Path(dir_okay=False))
def rules_validate(file: str) -> int:
    """Validate a YAML rule profile FILE (and what it extends)."""
    if not Path(file).is_file():
        raise ProfileError(f"file not found: {file}")
    profile = profiles.load_profile(str(Path(file)))
    click.echo(
        f"{file}: valid profile {profile.id!r} with {len(profile.rules)} rules "
        f"(extends: {' → '.join(profile.chain[1:]) or 'none'})"
    )
    return EXIT_PASS


@cli.command()
@click.argument("out", type=click.Path(dir_okay=False))
@lang_opt
def template(out: str, lang: str | None) -> int:
    """Write an empty project workbook OUT.xlsx to fill in."""
    from laoxiao_check.io.template import write_template

    if not out.lower().endswith((".xlsx", "/")):
        raise UsageError(f"{out}: the template is an Excel workbook; give a file name ending in .xlsx")
    guard_output(out, [])
    refuse_existing(out)
    write_template(out, lang or default_lang())
    click.echo(f"wrote {out}", err=True)
    return EXIT_PASS


def main(argv: list[str] | None = None) -> None:
    """Entry point: one place where errors become messages and exit codes."""
    sys.exit(run(argv))


def run(argv: list[str] | None = None) -> int:
    """Run the CLI and return its exit code; nothing escapes as a traceback."""
    debug = os.environ.get("LAOXIAO_DEBUG", "") not in ("", "0")
    try:
        code = cli.main(args=argv, prog_name="laoxiao-check", standalone_mode=False)
    except LaoxiaoError as exc:
        show_problems(exc)
        return EXIT_ERROR
    except (click.exceptions.Abort, KeyboardInterrupt):
        click.echo("Interrupted.", err=True)
        return EXIT_INTERRUPTED
    except click.ClickException as exc:
        exc.show()
        return EXIT_ERROR
    except BrokenPipeError:
        # the reader of our standard output went away (`| head`): not an error of ours
        with contextlib.suppress(OSError):
            sys.stdout = open(os.devnull, "w")  # silences the flush at exit
        return EXIT_PASS
    except Exception as exc:  # noqa: BLE001 - the one boundary: a bug must not read as "fails"
        debug = debug or os.environ.get("LAOXIAO_DEBUG", "") not in ("", "0")
        if debug:
            traceback.print_exc()
        what = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
        click.echo(
            f"internal error: {_one_line(what)}; run again with --debug for the details "
            "(and please report it)",
            err=True,
        )
        return EXIT_BUG
    return code if isinstance(code, int) else EXIT_PASS


def show_problems(exc: LaoxiaoError) -> None:
    many = len(exc.problems) > 1
    click.echo(f"Error: {len(exc.problems)} problem(s)" if many else "Error:", err=True, nl=many)
    for problem in exc.problems:
        click.echo(f"{'  • ' if many else ' '}{_one_line(str(problem), 2000)}", err=True)


def _one_line(text: str, limit: int = 300) -> str:
    """Control characters shown escaped, so that a message stays one readable line."""
    cleaned = "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)
    return cleaned if len(cleaned) <= limit else cleaned[: limit - 1] + "…"


if __name__ == "__main__":
    main()
