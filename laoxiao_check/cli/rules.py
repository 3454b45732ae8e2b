"""`laoxiao-check rules list|show|validate`: the bundled profiles and your own."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from laoxiao_check.cli.help import run_language
from laoxiao_check.cli.options import (
    default_lang,
    lang_opt,
)
from laoxiao_check.model.errors import (
    EXIT_PASS,
    ProfileError,
)
from laoxiao_check.model.messages import Said, say
from laoxiao_check.rules import profiles


@click.group()
def rules() -> None:
    """List, show and validate rule profiles."""


@rules.command("list")
def rules_list() -> int:
    """List the bundled rule profiles."""
    lang = default_lang()
    for profile_id in profiles.bundled_ids():
        profile = profiles.load_profile(profile_id)
        parent = ""
        if len(profile.chain) > 1:
            parent = say(Said("  (extends {parent})", parent=profile.chain[1]), lang)
        name = profile.name["zh"] if lang == "zh" else f"{profile.name['zh']} / {profile.name['en']}"
        click.echo(f"{profile.id:<10} {name}{parent}")
    return EXIT_PASS


@rules.command("show")
@click.argument("profile")
@lang_opt
def rules_show(profile: str, lang: str | None) -> int:
    """Show the resolved rules of PROFILE (a bundled id or a YAML file)."""
    from laoxiao_check.report.table.check import report_width
    from laoxiao_check.report.views.profile import render_profile

    width = report_width(sys.stdout.isatty())
    click.echo(render_profile(profiles.load_profile(profile), lang or default_lang(), width), nl=False)
    return EXIT_PASS


@rules.command("validate")
@click.argument("file", type=click.Path(dir_okay=False))
def rules_validate(file: str) -> int:
    """Validate a YAML rule profile FILE (and what it extends)."""
    if not Path(file).is_file():
        raise ProfileError(Said("file not found: {path}", path=file))
    profile = profiles.load_profile(str(Path(file)))
    valid = Said(
        "{file}: valid profile {id} with {count} rules (extends: {parents})",
        file=file,
        id=repr(profile.id),
        count=len(profile.rules),
        parents=" → ".join(profile.chain[1:]) or Said("none"),
    )
    click.echo(say(valid, run_language()))
    return EXIT_PASS
