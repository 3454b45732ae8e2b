"""The rates of provision the texts set — nursery places per 1,000 residents, floor area per 100
households — and the share of households covered, computed in one place.

A rule kind that sets such a rate says so with :meth:`RuleKind.rate`; the rule kinds, the city
summary and capacity-aware accessibility all compute with the two functions below, so a figure
"per 1,000" or "per 100" means the same wherever it is shown. The functions work on ``Decimal``
(the rule kinds, exact at the boundary) and on floats and numpy arrays (the summaries) alike.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

PER_RESIDENTS = 1000
"""Places are set per 1,000 residents (每千人口)."""
PER_HOUSEHOLDS = 100
"""Floor areas are set per 100 households (每百户)."""


@dataclass(frozen=True)
class Rate:
    """A rule's rate of provision: ``value`` ``unit`` per ``per`` of the ``denominator``."""

    unit: Literal["places", "m2"]
    denominator: Literal["residents", "households"]
    per: int
    value: Any
    """The figure as the profile gives it (an int or a float: shown as given)."""


def places_per_residents(value: Any) -> Rate:
    return Rate("places", "residents", PER_RESIDENTS, value)


def area_per_households(value: Any) -> Rate:
    return Rate("m2", "households", PER_HOUSEHOLDS, value)


def required_amount(rate: Any, count: Any, per: int) -> Any:
    """What a rate asks of ``count`` residents or households: rate × count / per (no rounding)."""
    return rate * count / per


def amount_per(amount: Any, count: Any, per: int) -> Any:
    """An amount expressed as a rate: amount / count × per."""
    return amount / count * per


def share(part: float, whole: float) -> float | None:
    """The share of households covered (or outside): part / whole; None of none."""
    return part / whole if whole else None
