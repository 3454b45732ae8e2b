"""`laoxiao-check template`: an empty project workbook to fill in."""

from __future__ import annotations

import click

from laoxiao_check.cli.help import run_language
from laoxiao_check.cli.options import (
    default_lang,
    lang_opt,
)
from laoxiao_check.io.output import guard_output, refuse_existing
from laoxiao_check.model.errors import (
    EXIT_PASS,
    UsageError,
)
from laoxiao_check.model.messages import Said, say


@click.command()
@click.argument("out", type=click.Path(dir_okay=False))
@lang_opt
def template(out: str, lang: str | None) -> int:
    """Write an empty project workbook OUT.xlsx to fill in."""
    from laoxiao_check.io.template import write_template

    if not out.lower().endswith((".xlsx", "/")):
        raise UsageError(
            Said("{path}: the template is an Excel workbook; give a file name ending in .xlsx", path=out)
        )
    guard_output(out, [])
    refuse_existing(out)
    write_template(out, lang or default_lang())
    click.echo(say(Said("wrote {path}", path=out), run_language()), err=True)
    return EXIT_PASS
