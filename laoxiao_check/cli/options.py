"""Command-line options shared by several commands, defined once."""

from __future__ import annotations

import functools
import locale
import math
import os
from collections.abc import Callable
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any

import click

from laoxiao_check.model.limits import DEFAULT, MB, Limits
from laoxiao_check.model.messages import Said
from laoxiao_check.model.records import PROJECT_KINDS

if TYPE_CHECKING:
    from click.decorators import FC

    from laoxiao_check.spatial.network.noding import NodingOptions


_chosen_lang: list[str] = []
"""The language ``--lang`` gave before the command (``laoxiao-check --lang zh check …``), if any."""


def choose_lang(lang: str | None) -> None:
    """The run's language as ``--lang`` gave it before the command (None: not given)."""
    _chosen_lang[:] = [lang] if lang else []


def default_lang() -> str:
    """The language ``--lang`` gave before the command; else Chinese where the locale is
    Chinese, else English."""
    if _chosen_lang:
        return _chosen_lang[0]
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = os.environ.get(variable)
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    current = locale.getlocale()[0] or ""
    return "zh" if current.lower().startswith("zh") else "en"


rules_opt = click.option(
    "--rules",
    "rules",
    required=True,
    metavar="ID|FILE",
    help="Rule profile: a bundled id (see `rules list`) or a path to your own YAML profile.",
)
lang_opt = click.option(
    "--lang",
    type=click.Choice(["zh", "en"]),
    default=None,
    help="Language of the report; default: Chinese where the locale is Chinese, else English.",
)
kind_opt = click.option(
    "--kind",
    type=click.Choice(PROJECT_KINDS),
    default=None,
    help="Project kind (new / existing); overrides the kind given in the file.",
)


# click.ParamType: not subscripted, as PositiveMetres below.
class ProjectFigure(click.ParamType):  # type: ignore[type-arg]
    """A project figure given on the command line: a positive whole number (households) or a
    positive number (residents), finite and within what one row can hold."""

    def __init__(self, what: str, whole: bool) -> None:
        from laoxiao_check.model.values import NumberSpec

        self.name = what
        self.spec = NumberSpec(what, whole=whole, allow_zero=False)

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int | float:
        from laoxiao_check.model.values import ValueProblem, parse_number

        what, shown = self.spec.what, repr(value)
        expected = (
            Said("expected a positive whole number of {what}, got {value}", what=what, value=shown)
            if self.spec.whole
            else Said("expected a positive number of {what}, got {value}", what=what, value=shown)
        )
        try:
            number = parse_number(value, self.spec)
        except ValueProblem as exc:
            if "at most" in str(exc):
                most = f"{self.spec.maximum:,.0f}"
                expected = (
                    Said(
                        "expected a positive whole number of {what}, got {value} (at most {most})",
                        what=what,
                        value=shown,
                        most=most,
                    )
                    if self.spec.whole
                    else Said(
                        "expected a positive number of {what}, got {value} (at most {most})",
                        what=what,
                        value=shown,
                        most=most,
                    )
                )
            self.fail(expected, param, ctx)
        if number is None:
            self.fail(expected, param, ctx)
        return number


class ProjectName(click.ParamType):  # type: ignore[type-arg]
    """A project name: text that is not blank."""

    name = "TEXT"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        from laoxiao_check.model.values import parse_text

        text = parse_text(value)
        if text is None:
            self.fail(Said("expected the project's name, got nothing"), param, ctx)
        return text


name_opt = click.option(
    "--name",
    "name",
    type=ProjectName(),
    default=None,
    metavar="TEXT",
    help="Project name; overrides the name given in the file or its sidecar.",
)
households_opt = click.option(
    "--households",
    "households",
    type=ProjectFigure(Said("households"), whole=True),
    default=None,
    metavar="N",
    help="The project's households; overrides those given in the file or its sidecar.",
)
population_opt = click.option(
    "--population",
    "population",
    type=ProjectFigure(Said("residents"), whole=False),
    default=None,
    metavar="N",
    help="The project's residents; overrides the population given in the file or its sidecar.",
)
default_kind_opt = click.option(
    "--kind",
    "default_kind",
    type=click.Choice(PROJECT_KINDS),
    default="existing",
    show_default=True,
    help="Kind of estates whose row gives none.",
)
all_opt = click.option(
    "--all",
    "show_all",
    is_flag=True,
    default=False,
    help="Table: also list the rules of wider levels (city, district, community targets) not judged "
    "on one project; without it they are counted on one line.",
)
output_opt = click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, writable=True),
    default=None,
    help="Write the report to this file (atomically) instead of standard output.",
)


REQUESTED_FORMAT: ContextVar[str | None] = ContextVar("laoxiao_format", default=None)
"""The --format of the command running: errors are listed whole as JSON under ``--format json``."""


def _remember_format(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    REQUESTED_FORMAT.set(value)
    return value


def format_opt(choices: list[str]) -> Callable[[FC], FC]:
    """``--format`` of a command that writes ``choices``; its help names their file suffixes."""
    from laoxiao_check.report.formats import DEFAULT as TABLE
    from laoxiao_check.report.formats import all_formats

    formats = all_formats()
    suffixes = ", ".join(s for name in choices if name != TABLE for s in formats[name].suffixes[:1])
    return click.option(
        "--format",
        "output_format",
        type=click.Choice(choices),
        default=None,
        callback=_remember_format,
        help=f"Output format; default: the one the --output file's suffix names ({suffixes}; .txt "
        "or none: table), else table. A suffix naming another format than --format is refused. "
        "json: an input error's problems are listed whole on standard output.",
    )


network_opt = click.option(
    "--network",
    "network",
    type=click.Path(dir_okay=False),
    default=None,
    help="Walking network (GeoJSON, GeoPackage or Shapefile of LineStrings, any CRS, or an "
    "OpenStreetMap extract .osm.pbf): coverage is measured along it instead of in a straight line.",
)


# click.ParamType is generic in recent click (8.5) but not in 8.1 or 8.2, which pyproject allows:
# subscripting it would fail there at import.
class PositiveMetres(click.ParamType):  # type: ignore[type-arg]
    """A finite distance in metres greater than zero (``nan`` and ``inf`` are refused)."""

    name: str = Said("metres")
    """The unit, as messages name it."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> float:
        try:
            number = float(value)
        except (TypeError, ValueError):
            self.fail(
                Said("expected a number of {unit}, got {value}", unit=self.name, value=repr(value)),
                param,
                ctx,
            )
        if not math.isfinite(number) or number <= 0:
            self.fail(
                Said(
                    "expected a finite number of {unit} greater than 0, got {value}",
                    unit=self.name,
                    value=repr(value),
                ),
                param,
                ctx,
            )
        return number


max_snap_opt = click.option(
    "--max-snap",
    "max_snap_m",
    type=PositiveMetres(),
    metavar="METRES",
    default=300.0,
    show_default=True,
    help="Metres: a building or facility farther than this from every network edge is "
    "reported as unsnapped and never counted as covered.",
)


class NonNegativeMetres(PositiveMetres):
    """A finite distance in metres, 0 or more (``nan`` and ``inf`` are refused)."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> float:
        try:
            number = float(value)
        except (TypeError, ValueError):
            self.fail(
                Said("expected a number of {unit}, got {value}", unit=self.name, value=repr(value)),
                param,
                ctx,
            )
        if not math.isfinite(number) or number < 0:
            self.fail(
                Said(
                    "expected a finite number of {unit}, 0 or more, got {value}",
                    unit=self.name,
                    value=repr(value),
                ),
                param,
                ctx,
            )
        return number


DEFAULT_PREFER_MAJOR_WITHIN_M = 50.0
"""As ``spatial.network.snap.DEFAULT_PREFER_MAJOR_WITHIN_M`` (not imported: it loads scipy)."""

prefer_major_opt = click.option(
    "--prefer-major-within",
    "prefer_major_within_m",
    type=NonNegativeMetres(),
    metavar="METRES",
    default=DEFAULT_PREFER_MAJOR_WITHIN_M,
    show_default=True,
    help="Metres: a building or facility whose nearest way lies on a small separate piece of the "
    "walking network (under 500 m) joins a larger piece's way instead when that way is at most this "
    "much farther; a larger piece's way farther still (within --max-snap) is joined as well, so "
    "the point is not read as cut off. 0 joins the nearest way only.",
)
node_tolerance_opt = click.option(
    "--node-tolerance",
    "node_tolerance_m",
    type=click.FloatRange(min=0),
    metavar="METRES",
    default=0.5,
    show_default=True,
    help="Metres: a line end this close to another line of the walking network is joined to it "
    "(a T-junction or an end gap drawn without a shared vertex); 0 joins only shared vertices.",
)
join_crossings_opt = click.option(
    "--join-crossings",
    is_flag=True,
    default=False,
    help="Join walking-network lines of the same level where they cross without a shared vertex "
    "(default: left apart, as a bridge over a road).",
)
no_cache_opt = click.option(
    "--no-cache",
    "no_cache",
    is_flag=True,
    default=False,
    help="Build the walking graph afresh instead of using (and filling) the graph cache "
    "($LAOXIAO_CACHE_DIR, else the user's cache folder).",
)


def noding_options(
    node_tolerance_m: float, join_crossings: bool, prefer_major_within_m: float | None = None
) -> NodingOptions:
    from laoxiao_check.spatial.network.noding import NodingOptions

    return NodingOptions(
        tolerance_m=node_tolerance_m,
        join_crossings=join_crossings,
        prefer_major_within_m=prefer_major_within_m,
    )


facilities_opt = click.option(
    "--facilities",
    type=click.Path(dir_okay=False),
    default=None,
    help="The city's facilities (table or layer with category, area_m2, places, x/y or geometry): "
    "coverage is measured against them too (besides a project's own rooms).",
)
facility_coords_opt = click.option(
    "--facility-coords",
    "facilities_datum",
    type=click.Choice(["wgs84", "gcj02", "bd09"]),
    default=None,
    help="Datum of the facilities' longitude/latitude (gcj02: Amap, Tencent; bd09: Baidu); "
    "default: wgs84 (where the command has --coords: as --coords).",
)
coords_opt = click.option(
    "--coords",
    "datum",
    type=click.Choice(["wgs84", "gcj02", "bd09"]),
    default="wgs84",
    show_default=True,
    help="Datum of longitude/latitude in the inputs: gcj02 (Amap, Tencent) and bd09 (Baidu) "
    "are converted to WGS84 before any distance is measured.",
)
catchment_opt = click.option(
    "--catchment",
    type=click.Choice(["e2sfca", "2sfca"]),
    default="e2sfca",
    show_default=True,
    help="How capacity is shared among the demand that reaches it: enhanced 2SFCA (step decay "
    "1 / 0.68 / 0.22 over thirds of the level's distance) or plain 2SFCA (no decay).",
)


class PositiveSeconds(PositiveMetres):
    """A finite number of seconds greater than zero."""

    name = Said("seconds")


partition_by_opt = click.option(
    "--partition-by",
    "partition_by",
    type=click.Choice(["city", "district"]),
    default=None,
    help="Audit the list in parts, one per city (城市) or district (区县) column value: each part "
    "reads only its own network (its file of a --network pattern such as 'nets/{city}.gpkg', or its "
    "area of one file). Alone: the parts run one after another here; with --workers or --scheduler, "
    "on Dask. The JSON is the same wherever the parts run.",
)
workers_opt = click.option(
    "--workers",
    "workers",
    type=click.IntRange(min=1),
    default=None,
    metavar="N",
    help="Run the parts of --partition-by on a local Dask cluster of N processes "
    "(pip install 'laoxiao-check[dask]').",
)
scheduler_opt = click.option(
    "--scheduler",
    "scheduler",
    default=None,
    metavar="ADDRESS",
    help="Run the parts of --partition-by on an existing Dask cluster, e.g. tcp://10.0.0.5:8786 "
    "(every worker needs laoxiao-check and the input files at the same paths).",
)


def _limit_opt(name: str, metavar: str, help_text: str) -> Callable[[FC], FC]:
    return click.option(name, type=click.IntRange(min=1), default=None, metavar=metavar, help=help_text)


_LIMIT_OPTIONS = (
    _limit_opt(
        "--max-file-mb",
        "MB",
        f"Largest input file read, in MB (default {DEFAULT.file_bytes // MB}; a project file "
        f"{DEFAULT.project_workbook_bytes // MB}).",
    ),
    _limit_opt(
        "--max-inflated-mb",
        "MB",
        f"Largest size of a workbook once unzipped, in MB (default {DEFAULT.inflated_bytes // MB}).",
    ),
    _limit_opt(
        "--max-rows",
        "N",
        f"Most rows of a sheet or table, or features of a layer (default {DEFAULT.rows:,}).",
    ),
    _limit_opt(
        "--max-cells", "N", f"Most cells of a sheet or table held at once (default {DEFAULT.cells:,})."
    ),
    _limit_opt(
        "--max-vertices",
        "N",
        f"Most coordinates of all geometries of one file (default {DEFAULT.vertices:,}).",
    ),
)
LIMIT_PARAMETERS = ("max_file_mb", "max_inflated_mb", "max_rows", "max_cells", "max_vertices")


def limits_from(
    max_file_mb: int | None = None,
    max_inflated_mb: int | None = None,
    max_rows: int | None = None,
    max_cells: int | None = None,
    max_vertices: int | None = None,
) -> Limits:
    """The command line's limits: the defaults, raised (or lowered) by the options given."""
    file_bytes = None if max_file_mb is None else max_file_mb * MB
    return DEFAULT.with_overrides(
        file_bytes=file_bytes,
        project_workbook_bytes=file_bytes,
        inflated_bytes=None if max_inflated_mb is None else max_inflated_mb * MB,
        rows=max_rows,
        cells=max_cells,
        vertices=max_vertices,
    )


def limit_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """The input limits' options (model/limits.py), given to the command as one ``limits``."""

    @functools.wraps(command)
    def with_limits(*args: Any, **kwargs: Any) -> Any:
        figures = {name: kwargs.pop(name) for name in LIMIT_PARAMETERS}
        return command(*args, limits=limits_from(**figures), **kwargs)

    for option in reversed(_LIMIT_OPTIONS):
        with_limits = option(with_limits)
    return with_limits
