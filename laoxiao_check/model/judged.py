"""A rule judged over columns on one project: its figures without its words.

An audit judges the quantity rules of 100,000 estates over columns
(:mod:`laoxiao_check.rules.columns`); each estate's result is then a :class:`Judged`, which reads
like a :class:`~laoxiao_check.model.records.Finding` where summaries and compact reports read one
(status, required, provided, shortfall, binding). Its words are built only where a report prints
them (:attr:`laoxiao_check.model.audit.EstateResult.findings`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from laoxiao_check.model.profile import RuleSpec
from laoxiao_check.model.records import Binding, Category, Status, binding_of


@dataclass(frozen=True)
class RuleFacts:
    """What every finding of one rule shares (its words, unit, binding): worked out once."""

    rule: RuleSpec
    metric: str
    unit: str
    requirements: dict[str | None, dict[str, str]]
    """The rule in words by how it was measured (a coverage rule's: ``network``,
    ``straight_line``); ``None``: the words of every other rule."""
    id: str = field(init=False)
    """The rule's id (read for every estate and rule: kept, not looked up)."""
    binding: Binding = field(init=False)
    """Whether the rule binds, is a target or advice (read for every estate's verdict: kept)."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "id", self.rule.id)
        object.__setattr__(self, "binding", binding_of(self.rule.target_year, self.rule.informational))

    @property
    def category(self) -> Category:
        return self.rule.category


@dataclass(frozen=True, slots=True)
class Judged:
    """One rule's figures on one project, judged over columns (a pass or a fail)."""

    facts: RuleFacts
    status: Status
    required: float | int
    provided: float | int
    shortfall: float | int
    estimated: bool
    method: str | None = None
    """How a coverage rule's distances were measured (its words say so)."""

    @property
    def id(self) -> str:
        return self.facts.id

    @property
    def category(self) -> Category:
        return self.facts.category

    @property
    def metric(self) -> str:
        return self.facts.metric

    @property
    def unit(self) -> str:
        return self.facts.unit

    @property
    def binding(self) -> Binding:
        return self.facts.binding

    @property
    def requirement(self) -> dict[str, str]:
        return self.facts.requirements[self.method]

    @property
    def details(self) -> dict[str, Any]:
        return {"informational": self.facts.rule.informational}
