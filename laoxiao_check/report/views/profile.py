"""`rules show`: a resolved profile, each rule with the profile its figure came from."""

from __future__ import annotations

import io

from rich.console import Console
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from laoxiao_check.model.glossary import BINDING, CONDITIONS, KIND, PROFILE_VIEW, SCOPE, TARGETS, word
from laoxiao_check.model.messages import say
from laoxiao_check.model.profile import Profile, RuleSpec
from laoxiao_check.rules import RULE_KINDS

WIDE = 120
"""From this many cells on, the rules are a table; below, each rule is stacked on a few lines."""

COLUMNS = ("id", "rule", "applies", "binds", "requirement", "citation", "verified", "from")


def render_profile(profile: Profile, lang: str, width: int = WIDE) -> str:
    """The resolved profile as text ``width`` cells wide: its rules a table from :data:`WIDE`
    cells on, else each rule stacked (its id and binding, then a labelled line for each of
    the rest, folded under itself), no line wider than ``width``."""

    def w(key: str) -> str:
        return word(PROFILE_VIEW, key, lang)

    buffer = io.StringIO()
    console = Console(file=buffer, width=width, no_color=True, highlight=False, markup=False)
    title = f"{profile.name.get(lang)} [{say(profile.label, lang)}]"
    if len(profile.chain) > 1:
        title += f"  {w('extends')} {' → '.join(profile.chain[1:])}"
    console.print(Text(title, style="bold", overflow="fold"))
    console.print(Text(f"{w('file')}: {profile.path}", overflow="fold"))
    description = profile.description.get(lang) or profile.description.get("en")
    if description:
        console.print(Text(description, overflow="fold"))
    console.print(
        Text(
            f"{w('persons_per_household')}: {profile.persons_per_household:g} "
            f"[{w('from')} {profile.persons_per_household_source}]",
            overflow="fold",
        )
    )
    for key, value in sorted(profile.targets.items()):
        if key != "note":
            source = profile.targets_source[key]
            line = f"{w('target')} {word(TARGETS, key, lang)}: {value} [{w('from')} {source}]"
            console.print(Text(line, overflow="fold"))
    rows = [_cells(profile, rule, lang) for rule in profile.rules]
    if width >= WIDE:
        table = Table(show_lines=True)
        for column in COLUMNS:
            table.add_column(w(column), overflow="fold", no_wrap=column in ("id", "from"))
        for cells in rows:
            table.add_row(*(cells[column] for column in COLUMNS))
        console.print(table)
    else:
        for cells in rows:
            console.print()
            console.print(Text(f"{cells['id']}  {cells['binds']}", style="bold", overflow="fold"))
            grid = Table.grid(padding=(0, 1, 0, 0))
            grid.add_column(no_wrap=True)
            grid.add_column(overflow="fold")
            for column in COLUMNS[1:]:
                if column != "binds":
                    grid.add_row(f"{w(column)}:", cells[column])
            console.print(Padding(grid, (0, 0, 0, 2)))
    return "".join(line.rstrip(" ") + "\n" for line in buffer.getvalue().splitlines())


def _cells(profile: Profile, rule: RuleSpec, lang: str) -> dict[str, str]:
    """A rule's cells in ``rules show``, by column."""
    applies = "/".join(word(KIND, k, lang) for k in rule.project_kinds)
    for key, threshold in rule.applies_when.items():
        condition = word(CONDITIONS, key, lang)
        applies += f"\n{condition}" if isinstance(threshold, bool) else f"\n{condition} {threshold:g}"
    if rule.scope != "project":
        applies += f"\n{word(PROFILE_VIEW, 'scope', lang)}{word(SCOPE, rule.scope, lang)}"
    binding = word(BINDING, rule.binding, lang) + (f" {rule.target_year}" if rule.target_year else "")
    note = rule.citation.note if lang == "en" else ""  # our notes are English; the mark is its own column
    return {
        "id": rule.id,
        "rule": rule.name.get(lang) or rule.kind,
        "applies": applies,
        "binds": binding,
        "requirement": RULE_KINDS[rule.kind].requirement(rule)[lang],
        "citation": rule.citation.text + (f"\n{note}" if note else ""),
        "verified": word(PROFILE_VIEW, how_verified(profile, rule), lang),
        "from": rule.source,
    }


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
