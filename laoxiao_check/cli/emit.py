"""What the commands share: network options, output guards, rendering to a file or standard output,
the progress bar and how problems are shown."""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path
from typing import Any

import click

from laoxiao_check.cli.options import (
    noding_options,
)
from laoxiao_check.io.output import atomic_path, guard_output, is_special, write_atomic
from laoxiao_check.model.errors import (
    LaoxiaoError,
    UsageError,
)


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


def emit(render, write, write_file, result, output: str | None, lang: str) -> None:
    """Renders ``result`` to ``output`` (a file, or standard output), streaming it where
    ``write`` (text) or ``write_file`` (a binary file, written piece by piece) can."""
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
    click.echo(f"wrote {output}", err=True)


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


def show_problems(exc: LaoxiaoError) -> None:
    many = len(exc.problems) > 1
    click.echo(f"Error: {len(exc.problems)} problem(s)" if many else "Error:", err=True, nl=many)
    for problem in exc.problems:
        click.echo(f"{'  • ' if many else ' '}{one_line(str(problem), 2000)}", err=True)


def one_line(text: str, limit: int = 300) -> str:
    """Control characters shown escaped, so that a message stays one readable line."""
    cleaned = "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)
    return cleaned if len(cleaned) <= limit else cleaned[: limit - 1] + "…"
