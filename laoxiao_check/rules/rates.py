"""The rates of provision the texts set — nursery places per 1,000 residents, floor area per 100
households — and the share of households covered, computed in one place.

A rule kind that sets such a rate says so with :meth:`RuleKind.rate`; the rule kinds, the city
summary and capacity-aware accessibility all compute with the functions below, so a figure
"per 1,000" or "per 100" means the same wherever it is shown: :func:`required_of` (what a rate
asks of each project, exact, over an array: the rule kinds, one project or a whole list),
:func:`required_amount` and :func:`amount_per` (the formula itself, on ``Decimal``, floats or
arrays: the summaries), :func:`meets_share` and :func:`share` (households covered).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal

import numpy as np

from laoxiao_check.rules.decimals import decimal_of

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


EXACT_PRODUCT = 2.0**53
"""Below it, a whole numerator times a whole count is an exact float."""


def required_of(rate: Rate, counts: np.ndarray) -> np.ndarray:
    """What the rate asks of each count (households or residents; NaN: unknown), exactly: floor
    area as the float nearest rate × count / per (370.2 m² of 1,234 households at 30 per 100),
    places rounded up, ceil(rate × count / per) (40 places of 3,950 residents at 10 per 1,000).

    The one place the texts' rates become figures: ``check`` calls it on one row, ``audit`` on
    every estate at once. The rate is a fraction of whole numbers (30.25 = 121/4); with a whole
    count, rate × count is then a whole number over a whole divisor, exact in floats below 2⁵³,
    and places are its quotient rounded up by its remainder. A count with decimals (an estimated
    population) or a product beyond 2⁵³ is worked out with decimals.
    """
    counts = np.asarray(counts)
    numerator, denominator = decimal_of(rate.value).as_integer_ratio()
    divisor = denominator * rate.per
    product = counts * float(numerator)
    exact = (counts == np.round(counts)) & (np.abs(product) < EXACT_PRODUCT) & (float(divisor) == divisor)
    if rate.unit == "places":
        remainder = np.fmod(product, float(divisor))
        amounts = (product - remainder) / float(divisor) + (remainder > 0)
    else:
        amounts = product / float(divisor)
    for i in np.flatnonzero(~exact & ~np.isnan(counts)).tolist():
        amount = _exact_amount(rate, counts[i])
        amounts[i] = float(math.ceil(amount) if rate.unit == "places" else amount)
    return amounts


def _exact_amount(rate: Rate, count: float) -> Decimal:
    return Decimal(required_amount(decimal_of(rate.value), decimal_of(count), rate.per))


def amount_per(amount: Any, count: Any, per: int) -> Any:
    """An amount expressed as a rate: amount / count × per."""
    return amount / count * per


def meets_share(covered: np.ndarray, total: np.ndarray, required_ratio: float) -> np.ndarray:
    """covered ≥ required_ratio × total, row by row, exactly (the ratio as the decimal written:
    0.9 of 10 households is 9): households and the ratio's digits multiplied as Python integers."""
    numerator, denominator = decimal_of(required_ratio).as_integer_ratio()
    reached = np.asarray(covered, dtype=object) * denominator
    asked = np.asarray(total, dtype=object) * numerator
    meets: np.ndarray = reached >= asked
    return meets


def share(part: float, whole: float) -> float | None:
    """The share of households covered (or outside): part / whole; None of none."""
    return part / whole if whole else None


def share_bound(share_of: float, whole: int, *, at_most: bool = False, more_than: bool = False) -> int:
    """The whole count a share of ``whole`` asks, exactly (the share as the decimal written): at
    least ceil(share × whole) (60 % of 1,005 places is 603); more than it, floor(share × whole)
    + 1 (超过 60 % of 1,000 beds is 601); at most floor(share × whole) (40 % of 1,001 beds
    allows 400)."""
    amount = decimal_of(share_of) * whole
    return math.floor(amount) + (1 if more_than else 0) if at_most or more_than else math.ceil(amount)


def share_status(part: int, unknown: int, bound: int, *, at_most: bool = False) -> str:
    """``pass``, ``fail`` or ``insufficient_data`` of a count against its bound, where ``unknown``
    more may or may not belong to the part (facilities that do not say): decided only where
    every way of counting them gives the same answer."""
    if at_most:
        return "pass" if part + unknown <= bound else "fail" if part > bound else "insufficient_data"
    return "pass" if part >= bound else "fail" if part + unknown < bound else "insufficient_data"
