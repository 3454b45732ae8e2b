"""The command group and its one error boundary; each command is a module of this package.

Exit codes: 0 every rule passes; 1 a rule fails or could not be checked; 2 usage or
input error (running out of memory included: an input too large for this machine); 3 a bug
of ours. :func:`main` is the one boundary where errors become
messages and exit codes: every LaoxiaoError is exit 2, anything unexpected exit 3 (with
the traceback under ``--debug`` or ``LAOXIAO_DEBUG=1``), never 1.
"""

from __future__ import annotations

import contextlib
import gc
import os
import sys
import traceback
from collections.abc import Callable
from typing import Any

import click

from laoxiao_check import __version__
from laoxiao_check.cli.emit import one_line, show_problems
from laoxiao_check.cli.help import (
    LocalContext,
    choose_language,
    format_commands,
    localise,
    localise_click,
    run_language,
)
from laoxiao_check.model.errors import (
    EXIT_BUG,
    EXIT_ERROR,
    EXIT_FAIL,
    EXIT_INTERRUPTED,
    EXIT_PASS,
    LaoxiaoError,
)
from laoxiao_check.model.lazy import resolve
from laoxiao_check.model.messages import Said, say
from laoxiao_check.services.runtime import collector_paused

localise_click()  # click's own messages (usage errors) in the run's language too

COMMANDS = {
    "audit": "laoxiao_check.cli.audit:audit",
    "check": "laoxiao_check.cli.check:check",
    "fields": "laoxiao_check.cli.fields:fields",
    "plan": "laoxiao_check.cli.plan:plan",
    "rules": "laoxiao_check.cli.rules:rules",
    "serve": "laoxiao_check.cli.serve:serve",
    "template": "laoxiao_check.cli.template:template",
}
"""Each command's module, imported when the command is run (or listed by ``--help``): a check
does not load the audit's readers and writers."""


class LazyGroup(click.Group):
    """A group whose commands are imported on first use (click's documented lazy loading); its
    help and theirs in the run's language (:mod:`laoxiao_check.cli.help`)."""

    context_class = LocalContext

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in COMMANDS:
            return None
        command = resolve(COMMANDS[cmd_name])
        assert isinstance(command, click.Command)
        return localise(command)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        format_commands(self, ctx, formatter)

    @property
    def all_commands(self) -> dict[str, click.Command]:
        """Every command, imported (documentation and tests)."""
        ctx = click.Context(self)
        return {name: command for name in self.list_commands(ctx) if (command := self.get_command(ctx, name))}


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="laoxiao-check")
@click.option(
    "--lang",
    type=click.Choice(["zh", "en"]),
    expose_value=False,
    help="Language of the help and messages (each command's --lang also sets its report's).",
)
@click.option(
    "--debug",
    is_flag=True,
    default=False,
    help="Show the full traceback of an internal error (also: LAOXIAO_DEBUG=1).",
)
def cli(debug: bool) -> None:
    """Check housing projects against 一老一小 eldercare and childcare allocation rules.

    \b
    Exit codes: 0 pass; 1 a binding rule fails or could not be checked; 2 usage or input
    error (the message names the file and the place); 3 internal error (a bug).
    """
    if debug:
        os.environ["LAOXIAO_DEBUG"] = "1"


def main(argv: list[str] | None = None) -> None:
    """Entry point: one place where errors become messages and exit codes."""
    sys.exit(run(argv))


def run(argv: list[str] | None = None) -> int:
    """Run the CLI and return its exit code; nothing escapes as a traceback.

    While it runs, "Exception ignored in …" reports (a writer's generators closed after a
    failed write: openpyxl's write-only sheets) are not printed, except under ``--debug``."""
    previous_hook = sys.unraisablehook
    sys.unraisablehook = _quiet_unraisable(previous_hook)
    debug_before = os.environ.get("LAOXIAO_DEBUG")
    code = EXIT_BUG
    try:
        with collector_paused():  # a million long-lived objects in an audit (services/runtime.py)
            code = _run(argv)
        return code
    finally:
        if code not in (EXIT_PASS, EXIT_FAIL):
            gc.collect()  # a failed writer's objects finalised now, while the hook is quiet
        sys.unraisablehook = previous_hook
        if debug_before is None:  # --debug holds for this run only (a library caller's next run too)
            os.environ.pop("LAOXIAO_DEBUG", None)
        else:
            os.environ["LAOXIAO_DEBUG"] = debug_before


def _run(argv: list[str] | None) -> int:
    debug = os.environ.get("LAOXIAO_DEBUG", "") not in ("", "0")
    choose_language(sys.argv[1:] if argv is None else argv)
    out_of_memory = False
    try:
        code = cli.main(args=argv, prog_name="laoxiao-check", standalone_mode=False)
    except LaoxiaoError as exc:
        show_problems(exc)
        return EXIT_ERROR
    except (click.exceptions.Abort, KeyboardInterrupt):
        click.echo(say(Said("Interrupted."), run_language()), err=True)
        return EXIT_INTERRUPTED
    except click.ClickException as exc:
        exc.message = say(exc.message, run_language())  # type: ignore[misc]  # ours (BadParameter's), said
        exc.show()
        return EXIT_ERROR
    except BrokenPipeError:
        # the reader of our standard output went away (`| head`): not an error of ours
        with contextlib.suppress(OSError):
            sys.stdout = open(os.devnull, "w")  # silences the flush at exit
        return EXIT_PASS
    except MemoryError:
        out_of_memory = True  # answered below, once the traceback's memory is released
    except Exception as exc:  # noqa: BLE001 - the one boundary: a bug must not read as "fails"
        debug = debug or os.environ.get("LAOXIAO_DEBUG", "") not in ("", "0")
        if debug:
            traceback.print_exc()
        what = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
        internal = Said(
            "internal error: {what}; run again with --debug for the details (and please report it)",
            what=one_line(what),
        )
        click.echo(say(internal, run_language()), err=True)
        return EXIT_BUG
    if out_of_memory:
        gc.collect()
        click.echo(say(out_of_memory_message(argv), run_language()), err=True)
        return EXIT_ERROR
    return code if isinstance(code, int) else EXIT_PASS


def out_of_memory_message(argv: list[str] | None) -> str:
    """Running out of memory is an input too large for this machine (exit 2), not a bug."""
    args = list(sys.argv[1:] if argv is None else argv)
    command = next((a for a in args if a in COMMANDS), None) or Said("the command")
    return Said(
        "Error: input too large for this machine: {command} ran out of memory. Run it on a "
        "machine with more memory (and raise the input limits only there), or split the input: "
        "a shorter estate list, a smaller area, or `audit --partition-by district`.",
        command=command,
    )


def _quiet_unraisable(previous: Callable[[Any], object]) -> Callable[[Any], None]:
    def hook(unraisable: Any) -> None:
        if os.environ.get("LAOXIAO_DEBUG", "") not in ("", "0"):
            previous(unraisable)

    return hook


if __name__ == "__main__":
    main()
