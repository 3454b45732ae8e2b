"""`rules show`: a resolved profile, each rule with the profile its figure came from."""

from __future__ import annotations

import io

from rich.console import Console
from rich.table import Table
from rich.text import Text

from laoxiao_check.model.glossary import BINDING, CONDITIONS, KIND, PROFILE_VIEW, SCOPE, TARGETS, word
from laoxiao_check.model.profile import Profile, RuleSpec
from laoxiao_check.rules import RULE_KINDS


def render_profile(profile: Profile, lang: str) -> str:
    def w(key: str) -> str:
        return word(PROFILE_VIEW, key, lang)

    buffer = io.StringIO()
    console = Console(file=buffer, width=150, no_color=True, highlight=False, markup=False)
    title = f"{profile.name.get(lang)} [{profile.label}]"
    if len(profile.chain) > 1:
        title += f"  {w('extends')} {' → '.join(profile.chain[1:])}"
    console.print(Text(title, style="bold"))
    console.print(f"{w('file')}: {profile.path}")
    description = profile.description.get(lang) or profile.description.get("en")
    if description:
        console.print(description)
    console.print(
        f"{w('persons_per_household')}: {profile.persons_per_household:g} "
        f"[{w('from')} {profile.persons_per_household_source}]"
    )
    for key, value in sorted(profile.targets.items()):
        if key != "note":
            source = profile.targets_source[key]
            console.print(f"{w('target')} {word(TARGETS, key, lang)}: {value} [{w('from')} {source}]")
    table = Table(show_lines=True)
    for column in ("id", "rule", "applies", "binds", "requirement", "citation", "verified", "from"):
        table.add_column(w(column), overflow="fold", no_wrap=column in ("id", "from"))
    for rule in profile.rules:
        applies = "/".join(word(KIND, k, lang) for k in rule.project_kinds)
        for key, threshold in rule.applies_when.items():
            condition = word(CONDITIONS, key, lang)
            applies += f"\n{condition}" if isinstance(threshold, bool) else f"\n{condition} {threshold:g}"
        if rule.scope != "project":
            applies += f"\n{w('scope')}{word(SCOPE, rule.scope, lang)}"
        binding = word(BINDING, rule.binding, lang) + (f" {rule.target_year}" if rule.target_year else "")
        note = rule.citation.note if lang == "en" else ""  # our notes are English; the mark is its own column
        citation = rule.citation.text + (f"\n{note}" if note else "")
        table.add_row(
            rule.id,
            rule.name.get(lang) or rule.kind,
            applies,
            binding,
            RULE_KINDS[rule.kind].requirement(rule)[lang],
            citation,
            w(how_verified(profile, rule)),
            rule.source,
        )
    console.print(table)
    return buffer.getvalue()


MARKS = ("VERIFIED-P", "VERIFIED-S", "UNVERIFIED")
"""How sure we are of a figure (shared/standards.md): seen in the text, in a secondary source, or not."""


def how_verified(profile: Profile, rule: RuleSpec) -> str:
    """The mark the rule's citation or its document carries (shared/standards.md); a figure cited
    without one is from a text read in full (the seed documents): ``text seen``."""
    notes = [rule.citation.note] + [
        d.note for d in profile.documents.values() if d.document == rule.citation.document
    ]
    for mark in MARKS:
        if any(mark in note for note in notes):
            return mark
    return "text seen"
