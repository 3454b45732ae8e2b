"""`rules show`: a resolved profile, each rule with the profile its figure came from."""

from __future__ import annotations

import io

from rich.console import Console
from rich.table import Table
from rich.text import Text

from laoxiao_check.model.glossary import KIND, word
from laoxiao_check.model.profile import Profile
from laoxiao_check.rules import RULE_KINDS


def render_profile(profile: Profile, lang: str) -> str:
    buffer = io.StringIO()
    console = Console(file=buffer, width=150, no_color=True, highlight=False, markup=False)
    title = f"{profile.name.get(lang)} [{profile.id}]"
    if len(profile.chain) > 1:
        title += f"  extends {' → '.join(profile.chain[1:])}"
    console.print(Text(title, style="bold"))
    console.print(f"file: {profile.path}")
    if profile.description:
        console.print(profile.description)
    console.print(
        f"persons per household: {profile.persons_per_household:g} "
        f"[from {profile.persons_per_household_source}]"
    )
    for key, value in sorted(profile.targets.items()):
        if key != "note":
            console.print(f"target {key}: {value} [from {profile.targets_source[key]}]")
    table = Table(show_lines=True)
    for column in ("id", "kind", "applies to", "requirement", "citation", "from"):
        table.add_column(column, overflow="fold", no_wrap=column in ("id", "from"))
    for rule in profile.rules:
        applies = "/".join(word(KIND, k, lang) for k in rule.project_kinds)
        for key, threshold in rule.applies_when.items():
            applies += f"\n{key}" if isinstance(threshold, bool) else f"\n{key} {threshold:g}"
        if rule.scope != "project":
            applies += f"\nscope: {rule.scope}"
        if rule.target_year:
            applies += f"\ntarget {rule.target_year}"
        if rule.informational:
            applies += "\n(informational)"
        citation = rule.citation.text + (f"\n{rule.citation.note}" if rule.citation.note else "")
        table.add_row(
            rule.id,
            rule.kind,
            applies,
            RULE_KINDS[rule.kind].requirement(rule)[lang],
            citation,
            rule.source,
        )
    console.print(table)
    return buffer.getvalue()
