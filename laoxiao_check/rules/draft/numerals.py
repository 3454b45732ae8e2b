"""Numbers as policy texts write them, made plain for the figure patterns.

A policy text writes ``三十平方米``, ``百分之六十``, ``2万人``, ``３０㎡`` or ``30m²``; the
patterns of :mod:`.figures` read one form: ASCII digits, ``%`` and ``平方米``. ``plain`` turns
a sentence into that form (its quote is kept as written)."""

from __future__ import annotations

import re
import unicodedata

from laoxiao_check.model.values import CHINESE_DIGITS

DIGITS = CHINESE_DIGITS
"""零〇一二两…九 (one table with the phases' 一期 of ``model/values.py``)."""
UNITS = {"十": 10, "百": 100, "千": 1000}
CHINESE_NUMBER = "[零〇一二两三四五六七八九十百千万点]+"

_UNIT_AFTER = r"(?=平方米|米|个|张|所|处|家|人|户|%|分钟)"
_CHINESE_BEFORE_UNIT = re.compile(rf"(?<![每第\d.])({CHINESE_NUMBER}){_UNIT_AFTER}")
_PERCENT_WORDS = re.compile(rf"百分之({CHINESE_NUMBER}|\d+(?:\.\d+)?)")
_TEN_THOUSAND = re.compile(r"(\d+(?:\.\d+)?)万(?=人|个|张|平方米)")
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?![\d.]))")
"""2,000 平方米: a thousands separator (a clause's comma is followed by words, not three digits)."""
_SQUARE_METRES = re.compile(r"(?:㎡|m²|m2|平方米|平米)(?![a-zA-Z0-9])")


def chinese_number(text: str) -> float | None:
    """``三十`` → 30, ``三百五十`` → 350, ``两千`` → 2000, ``零点二`` → 0.2, ``二万`` → 20000;
    None for what is no number (``一老一小``)."""
    if not text:
        return None
    whole, _, fraction = text.partition("点")
    if "点" in fraction:
        return None
    high, _, low = whole.rpartition("万")
    if "万" in whole:
        upper = _below_ten_thousand(high) if high else 1
        lower = _below_ten_thousand(low) if low else 0
        if upper is None or lower is None:
            return None
        value: float = upper * 10_000 + lower
    else:
        below = _below_ten_thousand(whole) if whole else 0
        if below is None:
            return None
        value = below
    if fraction:
        if not all(char in DIGITS for char in fraction):
            return None
        value += float("0." + "".join(str(DIGITS[char]) for char in fraction))
    return value


def _below_ten_thousand(text: str) -> int | None:
    total = 0
    digit: int | None = None
    for char in text:
        if char in DIGITS:
            if digit is not None:  # 二零二五: digits in a row are a year, not read here
                return None
            digit = DIGITS[char]
        elif char in UNITS:
            total += (1 if digit is None else digit) * UNITS[char]
            digit = None
        else:
            return None
    return total + (digit or 0)


def _as_digits(value: float) -> str:
    return f"{value:g}"


def plain(text: str) -> str:
    """The sentence with its numbers in digits, ``%`` and ``平方米`` (full-width forms folded)."""
    text = unicodedata.normalize("NFKC", text).replace("％", "%")
    text = _THOUSANDS.sub("", text)
    text = _SQUARE_METRES.sub("平方米", text)
    text = _PERCENT_WORDS.sub(_percent, text)
    text = _CHINESE_BEFORE_UNIT.sub(_digits, text)
    text = _TEN_THOUSAND.sub(lambda m: _as_digits(float(m.group(1)) * 10_000), text)
    return text


def _percent(match: re.Match[str]) -> str:
    said = match.group(1)
    value = float(said) if said[0].isdigit() else chinese_number(said)
    return match.group(0) if value is None else f"{_as_digits(value)}%"


def _digits(match: re.Match[str]) -> str:
    if match.group(1) in ("百", "千", "万"):  # 平方米/百户, 千人: a base, not a count
        return match.group(0)
    value = chinese_number(match.group(1))
    return match.group(0) if value is None else _as_digits(value)
