"""Rule profiles as resolved: a profile (its documents, defaults and rules) and each rule's spec.

Read and validated from YAML by `rules/profiles.py`; judged by the rule kinds in `rules/kinds/`."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from laoxiao_check.model.messages import Said
from laoxiao_check.model.records import (
    Binding,
    Category,
    Citation,
    ProjectKind,
    Scope,
    binding_of,
)


@dataclass(frozen=True)
class RuleSpec:
    """One resolved rule of a profile: its kind, parameters and citation."""

    id: str
    kind: str
    category: Category
    project_kinds: tuple[ProjectKind, ...]
    name: dict[str, str]
    citation: Citation
    source: str
    params: dict[str, Any]
    applies_when: dict[str, float] = field(default_factory=dict)
    """Thresholds (``population_at_least``…: numbers) and flags (``renovation``: true)."""
    informational: bool = False
    scope: Scope = "project"
    """The level the rule binds: ``project`` rules are judged on each project; wider ones on
    the community, district or city (a project judges them only when it declares that scope)."""
    target_year: int | None = None
    """A target (aim) to reach by this year, rather than a binding requirement."""
    requirement: dict[str, str] | None = None
    """The rule in words, worded once when the profile is loaded (None: worded on use)."""

    @property
    def binding(self) -> Binding:
        """``binds`` (a requirement its clause makes one: it decides verdicts), ``target`` (an aim
        for ``target_year``: shown as met or missed, never deciding) or ``advisory`` (shown only)."""
        return binding_of(self.target_year, self.informational)


@dataclass(frozen=True)
class Profile:
    id: str
    name: dict[str, str]
    path: str
    chain: tuple[str, ...]
    """This profile and its ancestors, nearest first."""
    description: dict[str, str]
    """Language → the profile's description (a profile may give English alone)."""
    documents: dict[str, Citation]
    persons_per_household: float
    persons_per_household_source: str
    persons_per_household_note: str
    """Where the figure comes from (shown wherever a population is estimated with it)."""
    targets: dict[str, Any]
    targets_source: dict[str, str]
    rules: tuple[RuleSpec, ...]
    cited_documents: tuple[Citation, ...] = field(default=())
    files: tuple[str, ...] = ()
    """The YAML files this profile was read from, its own first (bundled ones included)."""
    sha256: str = ""
    """A custom profile's SHA-256 (see ``rules.profiles``); empty for a bundled profile."""

    @property
    def label(self) -> str:
        """How reports name the profile: a bundled one by its id; a custom one as
        ``custom profile <file> sha256:<hash>``, so that it can never pass for a bundled one (a
        :class:`Said`: its English in JSON, ``自定义规则配置 <file> sha256:<hash>`` in a Chinese
        report, ``say(label, lang)``)."""
        if not self.sha256:
            return self.id
        name = self.path.replace(chr(92), "/").rsplit("/", 1)[-1]
        return Said("custom profile {file} sha256:{sha256}", file=name, sha256=self.sha256)

    def rules_for(self, project_kind: str) -> tuple[RuleSpec, ...]:
        return tuple(r for r in self.rules if project_kind in r.project_kinds)
