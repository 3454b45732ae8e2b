"""Command-line interface: parses options and calls the library; nothing else.

Exit codes: 0 every rule passes; 1 a rule fails or could not be checked; 2 usage or
input error. Every LaoxiaoError becomes a message on standard error and exit code 2 here.
"""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path

import click

from . import __version__, profiles
from .errors import EXIT_ERROR, EXIT_FAIL, EXIT_PASS, LaoxiaoError, ProfileError, UsageError
from .options import (
    default_lang,
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
    rules_opt,
)
from .output import atomic_path, write_atomic
from .report import AUDIT_FORMAT_NAMES, FORMATS, audit_formats


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="laoxiao-check")
def cli() -> None:
    """Check housing projects against 一老一小 eldercare and childcare allocation rules."""


@cli.command()
@click.argument("project", type=click.Path(dir_okay=False))
@rules_opt
@format_opt(list(FORMATS))
@output_opt
@kind_opt
@lang_opt
@network_opt
@max_snap_opt
@node_tolerance_opt
@join_crossings_opt
@no_cache_opt
def check(
    project: str,
    rules: str,
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
    Exit codes: 0 pass, 1 fail or incomplete, 2 usage or input error.
    Example: laoxiao-check check sample_projects/quanzhou_new_estate.xlsx --rules quanzhou
    """
    from .api import check as run_check  # geometry libraries load only for commands that need them

    result = run_check(
        project,
        rules,
        kind=kind,
        network_path=network,
        max_snap_m=max_snap_m,
        noding=noding_options(node_tolerance_m, join_crossings),
        use_cache=not no_cache,
    )
    emit(FORMATS[output_format], result, output, lang or default_lang())
    return EXIT_PASS if result.verdict == "pass" else EXIT_FAIL


def emit(fmt, result, output: str | None, lang: str) -> None:
    if fmt.needs_output and not output:
        raise UsageError(f"--format {fmt.name} writes a file: give --output FILE")
    if output and fmt.write is not None:
        with atomic_path(output) as temporary, open(temporary, "w", encoding="utf-8") as handle:
            fmt.write(result, lang, handle)
    elif output:
        write_atomic(output, fmt.render(result, lang, color=False))
    elif fmt.write is not None:
        fmt.write(result, lang, sys.stdout)
        return
    else:
        click.echo(fmt.render(result, lang, color=sys.stdout.isatty()), nl=False)
        return
    click.echo(f"wrote {output}", err=True)


@cli.command()
@click.argument("estates", type=click.Path(dir_okay=False))
@rules_opt
@click.option(
    "--facilities",
    type=click.Path(dir_okay=False),
    default=None,
    help="City facilities (table or layer with category, area_m2, places, x/y or geometry): "
    "coverage of each estate is measured against them.",
)
@network_opt
@click.option(
    "--coords",
    "datum",
    type=click.Choice(["wgs84", "gcj02", "bd09"]),
    default="wgs84",
    show_default=True,
    help="Datum of longitude/latitude in the inputs: gcj02 (Amap, Tencent) and bd09 (Baidu) "
    "are converted to WGS84 before any distance is measured.",
)
@click.option(
    "--facility-coords",
    "facilities_datum",
    type=click.Choice(["wgs84", "gcj02", "bd09"]),
    default=None,
    help="Datum of the facilities' longitude/latitude; default: as --coords.",
)
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
    help="Datum of the boundary's longitude/latitude; default: as --coords.",
)
@click.option(
    "--column",
    "column_map",
    multiple=True,
    metavar="FIELD=HEADER",
    help="Map your own column name to a field, e.g. --column households=总户数 (repeatable).",
)
@format_opt(AUDIT_FORMAT_NAMES)
@output_opt
@click.option(
    "--kind",
    "default_kind",
    type=click.Choice(["new", "existing"]),
    default="existing",
    show_default=True,
    help="Kind of estates whose row gives none.",
)
@lang_opt
@max_snap_opt
@node_tolerance_opt
@join_crossings_opt
@no_cache_opt
def audit(
    estates: str,
    rules: str,
    facilities: str | None,
    network: str | None,
    datum: str,
    facilities_datum: str | None,
    boundary: str | None,
    boundary_datum: str | None,
    column_map: tuple[str, ...],
    output_format: str,
    output: str | None,
    default_kind: str,
    lang: str | None,
    max_snap_m: float,
    node_tolerance_m: float,
    join_crossings: bool,
    no_cache: bool,
) -> int:
    """Audit a list of ESTATES (xlsx, csv, GeoJSON, GeoPackage): one row per estate.

    \b
    Columns (English or Chinese): name, households, population, kind, district,
    community, x/y (or lng/lat, or a geometry), eldercare_area_m2, childcare_area_m2,
    childcare_places. Rows that cannot be judged are reported and counted, never fatal.
    Exit codes: 0 every estate passes, 1 otherwise, 2 usage or input error.
    Example: laoxiao-check audit sample_projects/audit/estates.csv --rules quanzhou
             --facilities sample_projects/audit/facilities.geojson
    """
    from .audit import run_audit
    from .io.estates import ESTATE_COLUMNS, parse_column_map

    formats = audit_formats()
    fmt = formats[output_format]
    if fmt.needs_output and not output:
        raise UsageError(f"--format {fmt.name} writes a file: give --output FILE")
    profile = profiles.load_profile(rules)
    mapping = parse_column_map(column_map, ESTATE_COLUMNS)
    with progress_bar() as progress:
        result = run_audit(
            estates,
            profile,
            facilities_path=facilities,
            network_path=network,
            datum=datum,
            facilities_datum=facilities_datum,
            boundary_path=boundary,
            boundary_datum=boundary_datum,
            columns=mapping,
            max_snap_m=max_snap_m,
            default_kind=default_kind,
            progress=progress,
            noding=noding_options(node_tolerance_m, join_crossings),
            use_cache=not no_cache,
        )
    emit(fmt, result, output, lang or default_lang())
    return EXIT_PASS if result.verdict == "pass" else EXIT_FAIL


@contextlib.contextmanager
def progress_bar():
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
        task = bar.add_task("estates", total=None)

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
    from .report.profile_view import render_profile

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
    from .io.template import write_template

    write_template(out, lang or default_lang())
    click.echo(f"wrote {out}", err=True)
    return EXIT_PASS


def main(argv: list[str] | None = None) -> None:
    """Entry point: one place where errors become messages and exit codes."""
    try:
        code = cli.main(args=argv, prog_name="laoxiao-check", standalone_mode=False)
    except LaoxiaoError as exc:
        click.echo(
            f"Error: {len(exc.problems)} problem(s)" if len(exc.problems) > 1 else "Error:",
            err=True,
            nl=len(exc.problems) > 1,
        )
        for problem in exc.problems:
            prefix = "  • " if len(exc.problems) > 1 else " "
            click.echo(f"{prefix}{problem}", err=True)
        sys.exit(EXIT_ERROR)
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(EXIT_ERROR)
    except KeyboardInterrupt:
        click.echo("Interrupted.", err=True)
        sys.exit(130)
    sys.exit(code if isinstance(code, int) else EXIT_PASS)


if __name__ == "__main__":
    main()
