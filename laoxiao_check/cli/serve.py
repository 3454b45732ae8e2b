"""`laoxiao-check serve`: the review desk in the browser (the ``[web]`` extra)."""

from __future__ import annotations

import importlib.util

import click

from laoxiao_check.cli.help import run_language
from laoxiao_check.model.errors import EXIT_PASS, UsageError
from laoxiao_check.model.messages import Said, say

WEB_PACKAGES = ("starlette", "uvicorn", "multipart")


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option(
    "--port", default=8000, show_default=True, type=click.IntRange(1, 65535), help="Port to listen on."
)
@click.option("--open", "open_browser", is_flag=True, default=False, help="Open the desk in the browser.")
def serve(host: str, port: int, open_browser: bool) -> int:
    """Start the review desk: check projects and audit estate lists in the browser.

    \b
    Binds to this computer only unless --host says otherwise (there is no login).
    Example: laoxiao-check serve --open
    """
    missing = [name for name in WEB_PACKAGES if importlib.util.find_spec(name) is None]
    if missing:
        raise UsageError(
            Said(
                "serve needs the web extra ({missing} missing): pip install 'laoxiao-check[web]'",
                missing=", ".join(missing),
            )
        )
    from laoxiao_check.web.server import address, is_local
    from laoxiao_check.web.server import serve as run_desk

    lang = run_language()
    if not is_local(host):
        warning = Said(
            "warning: --host {host} lets other computers reach the desk, and it has no login: "
            "anyone who can reach it can upload files and read the results",
            host=host,
        )
        click.echo(say(warning, lang), err=True)
    said = Said("the review desk is at {url} (Ctrl+C stops it)", url=address(host, port))
    click.echo(say(said, lang), err=True)
    try:
        run_desk(host, port, open_browser)
    except KeyboardInterrupt:  # Ctrl+C is how a desk is stopped: not an interrupted run
        pass
    click.echo(say(Said("the review desk has stopped"), lang), err=True)
    return EXIT_PASS
