"""What every rule kind shares: its parameters, its words, how a finding is built."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any, ClassVar, TypeGuard, get_args

from laoxiao_check.model.messages import Said
from laoxiao_check.model.profile import RuleSpec
from laoxiao_check.model.records import Category, Finding, Project, ProjectKind, Status
from laoxiao_check.rules.decimals import shortfall_of
from laoxiao_check.rules.rates import Rate

if TYPE_CHECKING:  # coverage.py imports this module
    from laoxiao_check.model.check import CoverageResult

ParamCheck = Callable[[Any], str | None]
"""Returns None when a parameter value is acceptable, else what was expected."""


MAX_FIGURE = 1e9
"""No figure of a profile is larger (it would be a typo, and beyond exact arithmetic)."""


def is_category(value: object) -> TypeGuard[Category]:
    """One of the categories of :data:`models.Category` (``eldercare``, ``childcare``)."""
    return value in get_args(Category)


def is_project_kind(value: object) -> TypeGuard[ProjectKind]:
    """One of the project kinds of :data:`models.ProjectKind` (``new``, ``existing``)."""
    return value in get_args(ProjectKind)


STATUSES = frozenset(get_args(Status))
"""The statuses a finding may have (asked for every finding of an audit: looked up once)."""


def is_status(value: object) -> TypeGuard[Status]:
    """One of the statuses of :data:`models.Status`."""
    return value in STATUSES


def as_status(value: str) -> Status:
    """A status computed elsewhere (coverage.py) as one of :data:`models.Status`."""
    if not is_status(value):
        raise ValueError(f"not a status: {value!r}")
    return value


def is_number(value: Any) -> bool:
    """A finite int or float, not a bool, within :data:`MAX_FIGURE`."""
    return (
        not isinstance(value, bool)
        and isinstance(value, (int, float))
        and math.isfinite(value)
        and abs(value) <= MAX_FIGURE
    )


def positive_number(value: Any) -> str | None:
    if not is_number(value) or value <= 0:
        return Said("a finite number greater than 0 (at most {most})", most=f"{MAX_FIGURE:,.0f}")
    return None


def positive_whole_number(value: Any) -> str | None:
    if not is_number(value) or not isinstance(value, int) or value <= 0:
        return Said("a whole number greater than 0")
    return None


def boolean(value: Any) -> str | None:
    if not isinstance(value, bool):
        return Said("true or false")
    return None


def ratio(value: Any) -> str | None:
    if not is_number(value) or not 0 <= value <= 1:
        return Said("a share between 0 and 1 (1 = every household)")
    return None


@dataclass
class CheckContext:
    """What checks may need besides the project: profile defaults, coverage results."""

    persons_per_household: float
    coverage: dict[str, CoverageResult] = field(default_factory=dict)
    """Rule id → its coverage, computed beforehand for all levels (coverage.py)."""


def exact(value: float | int) -> Decimal:
    """A float as the decimal a person wrote (30.1 -> 30.1), so comparisons are exact."""
    return Decimal(repr(value)) if isinstance(value, float) else Decimal(value)


def total(values: Iterable[Decimal]) -> Decimal:
    """The exact sum of decimals (0 of none)."""
    return Decimal(sum(values))


def as_number(value: Decimal) -> float | int:
    return int(value) if value == value.to_integral_value() else float(value)


class RuleKind:
    """A kind of rule: what a profile's rule of this kind checks and how.

    The extension point of the rules. A kind is a subclass in its own module under
    ``rules/kinds/`` (its docstring says what it checks, with a worked example), registered by
    one line in :data:`laoxiao_check.rules.RULE_KINDS`. Profiles hold only its parameters
    and a citation; the profile loader validates them with :attr:`params` and
    :meth:`check_params`, so a misspelt or missing parameter is a located profile error.

    To add a kind: write the module (class attributes below, :meth:`requirement`,
    :meth:`evaluate`), register it, add its row to README's rule-kind table (a test holds
    the table to the classes) and its cases to ``tests/cases/rules.yaml``.
    """

    kind: ClassVar[str]
    """The name profiles give in ``kind:`` (e.g. ``floor_area_per_households``)."""
    metric: ClassVar[str]
    """What is measured (``floor_area``, ``places``…): groups findings in summaries."""
    reads: ClassVar[tuple[str, ...]] = ()
    """The input fields its verdict reads (``households``, ``area_m2``…: the names of
    :mod:`laoxiao_check.io.fields`), for ``laoxiao-check fields`` and README's field table."""
    unit: ClassVar[str]
    """Unit of ``required`` and ``provided`` (``m2``, ``places``, ``ratio``…)."""
    params: ClassVar[dict[str, ParamCheck]]
    """Required parameters → a check returning None or what was expected."""
    optional_params: ClassVar[dict[str, ParamCheck]] = {}
    """Parameters that may be given, checked the same way."""
    needs_own_rooms: ClassVar[bool] = True
    """Does the verdict depend on the project's own rooms of the category? Where a list leaves
    them unknown, such a rule is ``insufficient_data``; kinds that look at facilities around
    (coverage, the share of communities served by the city's facilities) say no."""
    advisory_only: ClassVar[bool] = False
    """A kind that never decides (a requirement without a figure): its rules are advisory whatever
    the profile says, and ``binding: binds`` or ``target`` on one is refused."""
    judges_estate_lists: ClassVar[bool] = True
    """Can a row of an estate list (households, population, rooms per category) be judged by
    this kind? Kinds that need what only a design gives (phases, storeys, entrances) say no,
    and ``audit`` leaves them out."""

    def check_params(self, params: dict[str, Any]) -> list[tuple[str, str]]:
        """Problems of parameters taken together, as (key, what was expected)."""
        return []

    def rate(self, rule: RuleSpec) -> Rate | None:
        """The rate of provision the rule sets (places per 1,000 residents, m² per 100 households),
        for kinds that set one; summaries compute with it (:mod:`laoxiao_check.rules.rates`)."""
        return None

    def requirement(self, rule: RuleSpec) -> dict[str, str]:
        """The rule in words, ``{"en": …, "zh": …}``: shown beside every finding."""
        raise NotImplementedError

    def evaluate(self, rule: RuleSpec, project: Project, context: CheckContext) -> Finding:
        """Judge one project; build the result with :meth:`finding`.

        Pure: no I/O, no state. ``project.population`` is already completed (given, summed
        over buildings, or estimated and marked so); categories in
        ``project.unknown_rooms`` never reach here (see :func:`laoxiao_check.rules.evaluate`).
        """
        raise NotImplementedError

    def finding(
        self,
        rule: RuleSpec,
        status: Status,
        *,
        required: Decimal | float | None = None,
        provided: Decimal | float | None = None,
        message_en: str,
        message_zh: str,
        details: dict[str, Any] | None = None,
        metric: str | None = None,
        unit: str | None = None,
        requirement: dict[str, str] | None = None,
        estimated: bool = False,
        at_most: bool = False,
    ) -> Finding:
        """A finding of this rule: the shortfall is computed from required and provided.
        ``estimated``: ``required`` comes from a population estimated from households;
        ``at_most``: ``required`` is a ceiling, and the shortfall what is provided beyond it."""
        missing = None
        if status in ("pass", "fail") and required is not None and provided is not None:
            low, high = (provided, required) if at_most else (required, provided)
            missing = shortfall_of(float(low), float(high))
        return Finding(
            id=rule.id,
            category=rule.category,
            metric=metric or self.metric,
            status=status,
            required=_plain(required),
            provided=_plain(provided),
            unit=unit or self.unit,
            shortfall=missing,
            citation=rule.citation,
            source=rule.source,
            requirement=requirement or rule.requirement or self.requirement(rule),
            message={"en": message_en, "zh": message_zh},
            name=rule.name,
            details={"informational": rule.informational, **(details or {})},
            informational=rule.informational,
            scope=rule.scope,
            target_year=rule.target_year,
            estimated=estimated,
        )


def _plain(value: Decimal | float | None) -> float | int | None:
    if value is None:
        return None
    if isinstance(value, Decimal):
        return as_number(value)
    return value


def fmt(value: float | int | Decimal) -> str:
    """A figure for messages: no trailing zeros, thousands not separated."""
    number = as_number(Decimal(str(value)))
    if isinstance(number, float):
        return f"{number:.2f}".rstrip("0").rstrip(".")
    return str(number)
