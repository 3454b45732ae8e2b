"""Exact decimal arithmetic over columns: a figure is the decimal a person wrote (30.1, not the
binary float nearest it), for one project or 100,000 estates in one call.

The rules compare, subtract and add figures as decimals, so that 370.2 m² provided meets 370.2 m²
required however the floats round. Over arrays, a figure of at most six decimals is taken as a
whole number of millionths — exact in a float below 2⁵³ — and compared, subtracted and added as
such; the few rows left (a figure of more decimals, or beyond a billion) are worked out with
:class:`decimal.Decimal`, one by one. The single-project ``check`` calls the same functions on
arrays of one row: one implementation of each boundary.
"""

from __future__ import annotations

from decimal import Decimal

import numpy as np

SCALE = 1_000_000.0
"""Figures of at most six decimals are whole numbers of millionths."""
SCALED_LIMIT = 1e9
"""Below it, two figures of six decimals are distinct floats (and a millionth is whole)."""
EXACT_SUM = 2.0**53
"""Whole millionths add up exactly while their sum stays below it."""


def decimal_of(value: float) -> Decimal:
    """A float as the decimal a person wrote (its shortest repr: 370.2, not 370.19999…)."""
    return Decimal(repr(float(value)))


def as_plain(value: float) -> int | float:
    """A figure as JSON shows it: a whole number as an int (370), else the float (370.2)."""
    return int(value) if float(value).is_integer() else float(value)


def millionths(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The figures as whole millionths (floats), and where that is exact: at most six decimals
    and below :data:`SCALED_LIMIT` (NaN: never)."""
    scaled: np.ndarray = np.round(values * SCALE)
    return scaled, (scaled / SCALE == values) & (np.abs(values) < SCALED_LIMIT)


def _by_decimals(whole: np.ndarray, *columns: np.ndarray) -> list[int]:
    """The rows to work out with decimals: not whole millionths, and no figure NaN."""
    known = ~whole
    for column in columns:
        known &= ~np.isnan(column)
    return np.flatnonzero(known).tolist()


def at_least(provided: np.ndarray, required: np.ndarray) -> np.ndarray:
    """provided ≥ required, row by row, as decimals (NaN rows: False)."""
    a, b = np.asarray(provided), np.asarray(required)
    (scaled_a, whole_a), (scaled_b, whole_b) = millionths(a), millionths(b)
    result: np.ndarray = scaled_a >= scaled_b
    for i in _by_decimals(whole_a & whole_b, a, b):
        result[i] = decimal_of(a[i]) >= decimal_of(b[i])
    return result


def difference(minuend: np.ndarray, subtrahend: np.ndarray) -> np.ndarray:
    """minuend − subtrahend, row by row, as the float of the exact decimal difference."""
    a, b = np.asarray(minuend), np.asarray(subtrahend)
    (scaled_a, whole_a), (scaled_b, whole_b) = millionths(a), millionths(b)
    result: np.ndarray = (scaled_a - scaled_b) / SCALE
    for i in _by_decimals(whole_a & whole_b, a, b):
        result[i] = float(decimal_of(a[i]) - decimal_of(b[i]))
    return result


def exact_total(values: np.ndarray) -> float:
    """The sum of figures as exact decimals, as a float (0.1 + 0.2 is 0.3)."""
    scaled, whole = millionths(values)
    if whole.all() and float(np.sum(np.abs(scaled))) < EXACT_SUM:
        return float(np.sum(scaled)) / SCALE
    return float(sum(decimal_of(v) for v in values.tolist()))


def shortfall_of(required: float, provided: float) -> int | float:
    """How much one figure misses another: required − provided as exact decimals, never below 0.
    The definition :func:`shortfall` computes over columns (one finding at a time, for the
    findings built one by one)."""
    return as_plain(float(max(decimal_of(required) - decimal_of(provided), Decimal(0))))


def shortfall(required: np.ndarray, provided: np.ndarray) -> np.ndarray:
    """How much is missing, row by row: required − provided, never below 0 (exact decimals)."""
    missing: np.ndarray = np.maximum(difference(required, provided), 0.0)
    return missing
