"""`laoxiao-check rules list|show|validate|draft`: the bundled profiles, your own, and a draft
of a new city's read from its policy text."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from laoxiao_check.cli.help import run_language
from laoxiao_check.cli.options import (
    default_lang,
    lang_opt,
    output_opt,
)
from laoxiao_check.model.errors import (
    EXIT_PASS,
    ProfileError,
)
from laoxiao_check.model.messages import Said, say
from laoxiao_check.rules import profiles


@click.group()
def rules() -> None:
    """List, show, validate and draft rule profiles."""


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


@rules.command("draft")
@click.argument("policy", type=click.Path(dir_okay=False))
@click.option(
    "--id", "profile_id", default=None, help="The draft profile's id (default: from the file name)."
)
@click.option("--name", default=None, help="The place's name (default: read from the text's title).")
@click.option(
    "--extends",
    default="baseline",
    show_default=True,
    help="The bundled profile the draft extends; 'none' for none.",
)
@output_opt
@click.option(
    "--explain", is_flag=True, default=False, help="Print each rule beside the sentence it came from."
)
def rules_draft(
    policy: str, profile_id: str | None, name: str | None, extends: str, output: str | None, explain: bool
) -> int:
    """Draft a rule profile from the policy text POLICY (.txt, a saved web page, .docx, .pdf with text)."""
    from laoxiao_check.io.output import guard_output, write_atomic
    from laoxiao_check.services.draft import draft_profile

    if output == "-":
        output = None
    guard_output(output, [policy])
    lang = run_language()
    drafted = draft_profile(
        policy, profile_id=profile_id, name=name, extends="" if extends == "none" else extends
    )
    if output:
        write_atomic(output, drafted.yaml_text)
    else:
        click.echo(drafted.yaml_text, nl=False)
    if explain:
        for line in drafted.explanation:
            click.echo(say(line, lang), err=not output)
    outcome = Said(
        "{rules} rules drafted, {unsure} figures left for you to decide; every rule needs review",
        rules=len(drafted.draft.rules),
        unsure=len(drafted.draft.unsure),
    )
    if output:
        outcome = Said("wrote {path}: {outcome}", path=output, outcome=outcome)
    click.echo(say(outcome, lang), err=True)
    return EXIT_PASS
