"""What the commands share: network options, output guards, rendering to a file or standard output,
the progress bar and how problems are shown."""

from __future__ import annotations

import contextlib
import json
import sys
from pathlib import Path
from typing import Any

import click

from laoxiao_check.cli.help import run_language
from laoxiao_check.cli.options import REQUESTED_FORMAT, noding_options
from laoxiao_check.io.output import atomic_path, guard_output, is_special, write_atomic
from laoxiao_check.model.errors import EXIT_ERROR, LaoxiaoError, Problem, UsageError
from laoxiao_check.model.limits import DEFAULT as DEFAULT_LIMITS
from laoxiao_check.model.messages import Said, say
from laoxiao_check.report.formats import DEFAULT, Command, Format, format_of_suffix, formats_for
from laoxiao_check.report.views.inputs import place_word


def network_settings(
    network: str | None,
    max_snap_m: float,
    node_tolerance_m: float,
    join_crossings: bool,
    no_cache: bool,
    prefer_major_within_m: float | None = None,
) -> dict[str, Any]:
    """The walking-network options of check, audit and plan, as the library takes them."""
    noding = noding_options(node_tolerance_m, join_crossings, prefer_major_within_m) if network else None
    return {"max_snap_m": max_snap_m, "noding": noding, "use_cache": not no_cache}


ALSO_ACCEPTED = {("geojson", ".json")}
"""(format, suffix) pairs taken with an explicit --format although the suffix names another format
(a GeoJSON file is often named .json)."""


def choose_format(command: Command, name: str | None, output: str | None) -> Format:
    """The format of ``--format``, else the one the ``--output`` file's suffix names, else table.

    A suffix that names another format than ``--format`` (``--format json -o r.xlsx``), or one the
    command does not write (``audit -o r.html``), is a usage error: the file would not hold what
    its name says. A suffix no format claims (``.out``) is taken as it is with ``--format``, and
    refused without it."""
    offered = formats_for(command)
    suffix = Path(output).suffix.lower() if output and output != "-" else None
    named = format_of_suffix(suffix) if suffix is not None else None
    if name is not None:
        if named is not None and named.name != name and suffix and (name, suffix) not in ALSO_ACCEPTED:
            raise UsageError(
                Said(
                    "--output {output} ends in {suffix}, which is --format {named}, "
                    "not --format {name}: rename the file or change --format",
                    output=output,
                    suffix=repr(suffix),
                    named=named.name,
                    name=name,
                )
            )
        return offered[name]
    if suffix is None or (suffix == "" and named is not None):
        return offered[DEFAULT]
    if named is None:
        usual = ", ".join(f.suffixes[0] or "(none)" for f in offered.values() if f.suffixes)
        raise UsageError(
            Said(
                "--output {output}: cannot tell the format from its suffix {suffix}; give --format "
                "({formats}) or one of the suffixes {suffixes}",
                output=output,
                suffix=repr(suffix),
                formats=", ".join(offered),
                suffixes=usual,
            )
        )
    if named.name not in offered:
        raise UsageError(
            Said(
                "--output {output}: {command} does not write {format}; its formats are {formats}",
                output=output,
                command=command,
                format=named.name,
                formats=", ".join(offered),
            )
        )
    return named


def with_provenance(
    result: Any,
    command: Command,
    inputs: list[tuple[str, str | None]],
    profile: Any,
    options: list[tuple[str, Any]],
) -> Any:
    """The result with the record of its inputs (path as given, size, SHA-256), profile, options
    and the tool's version, which every JSON, xlsx and HTML report shows."""
    import dataclasses

    from laoxiao_check.services.provenance import record

    return dataclasses.replace(result, provenance=record(command, inputs, profile, options))


def network_options(
    network: str | None,
    max_snap_m: float,
    node_tolerance_m: float,
    join_crossings: bool,
    prefer_major_within_m: float,
) -> list[tuple[str, Any]]:
    """The walking-network options that change a result, for the record (none without a network)."""
    if not network:
        return []
    return [
        ("--max-snap", max_snap_m),
        ("--node-tolerance", node_tolerance_m),
        ("--prefer-major-within", prefer_major_within_m),
        ("--join-crossings", join_crossings),
    ]


def guard(command: Command, name: str | None, output: str | None, inputs: list[str | None]) -> Format:
    """Before any work: --output is never an input (said first: it matters most), the format
    agrees with --output's suffix (``choose_format``), and a binary format has an --output."""
    if output != "-":
        guard_output(output, inputs)
    fmt = choose_format(command, name, output)
    if fmt.needs_output and (not output or output == "-"):
        raise UsageError(Said("--format {format} writes a file: give --output FILE", format=fmt.name))
    return fmt


def emit(render, write, write_file, result, output: str | None, lang: str, said: str = "") -> None:
    """Renders ``result`` to ``output`` (a file, or standard output), streaming it where
    ``write`` (text) or ``write_file`` (a binary file, written piece by piece) can. Written to a
    file, the report's one-line outcome (``said``) follows the file's name on standard error, so
    that the exit code is never the only word on the terminal."""
    REQUESTED_FORMAT.set(None)  # the run got this far: its errors are no longer listed as JSON
    if output == "-":  # the usual spelling of standard output
        output = None
    if output and write_file is not None and not is_special(Path(output)):
        with atomic_path(output) as temporary:  # a failed write: OutputError, the old file kept
            write_file(result, lang, temporary)
    elif output and write is not None:
        with atomic_path(output) as temporary, open(temporary, "w", encoding="utf-8") as handle:
            write(result, lang, handle)
    elif output:
        write_atomic(output, render(result, lang, color=False))
    elif write is not None:
        write(result, lang, sys.stdout)
        return
    else:
        click.echo(render(result, lang, color=sys.stdout.isatty()), nl=False)
        return
    wrote = (
        Said("wrote {path}: {outcome}", path=output, outcome=said)
        if said
        else Said("wrote {path}", path=output)
    )
    click.echo(say(wrote, run_language()), err=True)


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


def show_problems(exc: LaoxiaoError, shown: int | None = None) -> None:
    """The problems on standard error, the first ``shown`` (the limit ``problems_shown``) and a
    count of the rest; under ``--format json`` also all of them, as JSON on standard output."""
    shown = DEFAULT_LIMITS.problems_shown if shown is None else shown
    as_json = REQUESTED_FORMAT.get() == "json"
    REQUESTED_FORMAT.set(None)
    many = len(exc.problems) > 1
    lang = run_language()
    head = Said("Error: {count} problem(s)", count=f"{len(exc.problems):,}") if many else Said("Error:")
    click.echo(say(head, lang), err=True, nl=many)
    bullet = "  • " if many else ("" if lang == "zh" else " ")  # after 错误：, no space
    for problem in exc.problems[:shown]:
        click.echo(f"{bullet}{one_line(problem_text(problem, lang), 2000)}", err=True)
    if len(exc.problems) > shown:
        rest = f"{len(exc.problems) - shown:,}"
        more = (
            Said("  … and {rest} more problem(s) (listed on standard output)", rest=rest)
            if as_json
            else Said("  … and {rest} more problem(s) (all of them with --format json)", rest=rest)
        )
        click.echo(say(more, lang), err=True)
    if as_json:
        problems = [{"source": p.source, "place": p.place, "message": p.message} for p in exc.problems]
        json.dump({"exit_code": EXIT_ERROR, "problems": problems}, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")


def problem_text(problem: Problem, lang: str) -> str:
    """``file › place: message``, the message in ``lang`` where the catalogue says it."""
    where = " › ".join(part for part in (problem.source, place_word(problem.place, lang)) if part)
    message = say(problem.message, lang)
    return f"{where}: {message}" if where else message


def one_line(text: str, limit: int = 300) -> str:
    """Control characters shown escaped, so that a message stays one readable line."""
    cleaned = "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)
    return cleaned if len(cleaned) <= limit else cleaned[: limit - 1] + "…"
