"""`laoxiao-check fields`: every input field the tool reads, with its aliases, unit and rules."""

from __future__ import annotations

import json

import click

from laoxiao_check.cli.options import default_lang
from laoxiao_check.model.errors import EXIT_PASS
from laoxiao_check.model.messages import Said, say


@click.command()
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "markdown", "json"]),
    default="table",
    show_default=True,
    help="table: the terminal; markdown: README's table; json: one object per field.",
)
def fields(fmt: str) -> int:
    """List every input field: headers read (Chinese and English), unit or values, rules that need it."""
    from laoxiao_check.report.views.requirement import markdown
    from laoxiao_check.services.requirement import field_rows

    rows = field_rows()
    if fmt == "markdown":
        click.echo(markdown(rows), nl=False)
    elif fmt == "json":
        click.echo(json.dumps([row.__dict__ for row in rows], ensure_ascii=False, indent=1))
    else:
        from rich.console import Console
        from rich.table import Table

        lang = default_lang()
        console = Console()
        headers = (
            Said("field"),
            Said("Chinese"),
            Said("also read as"),
            Said("unit / values"),
            Said("needed by"),
        )
        for table_name in dict.fromkeys(row.table for row in rows):
            table = Table(title=say(table_name, lang), title_justify="left", show_lines=False)
            for column in headers:
                table.add_column(say(column, lang), overflow="fold")
            for row in (r for r in rows if r.table == table_name):
                name = row.name + (" *" if row.required else "")
                table.add_row(
                    name,
                    row.zh,
                    ", ".join(row.aliases),
                    say(row.unit or row.values, lang),
                    ", ".join(row.rules),
                )
            console.print(table)
        console.print(say(Said("* required"), lang))
    return EXIT_PASS
