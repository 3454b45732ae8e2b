"""Parsing of cell and property values: numbers written by people, kinds and categories.

Strict parsing (``check``) accepts ``1200``, ``1,200``, ``1200.0`` and full-width
``１２００``; it rejects ``约300`` or ``1200户`` with a message saying what was expected.
Lenient parsing (``audit`` of scraped lists) also strips a trailing unit such as 户.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass

_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")
_PLAIN = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
_UNIT_SUFFIX = re.compile(r"^(.*?\d)\s*(户|戶|人|个|個|位|托位|栋|幢|座|套|㎡|m2|m²|平方米|平米)$")

MAX_COUNT = 1_000_000_000
"""Hard limit of households, residents and places in one row: beyond it the figure is an error."""
MAX_AREA_M2 = 1_000_000_000
"""Hard limit of a floor or land area in m² (1,000 km²)."""
MAX_COORDINATE = 1e9
"""Hard limit of a coordinate's magnitude (metres with a zone prefix stay far below it)."""
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
"""Control characters and lone surrogates: no report format can hold them."""

MISSING_WORDS = {"", "-", "—", "–", "/", "n/a", "na", "none", "null", "暂无", "暂无资料", "无", "未知"}


class ValueProblem(ValueError):
    """A value that cannot be read; the message says what was expected."""


@dataclass(frozen=True)
class NumberSpec:
    what: str
    whole: bool = False
    allow_negative: bool = False
    allow_zero: bool = True
    maximum: float = MAX_COUNT
    """The largest magnitude accepted (a hard limit: the arithmetic stays exact below it)."""


HOUSEHOLDS = NumberSpec("households", whole=True)
RESIDENTS = NumberSpec("residents")
PLACES = NumberSpec("places", whole=True)
AREA = NumberSpec("floor area in m²", maximum=MAX_AREA_M2)
COORDINATE = NumberSpec("", allow_negative=True, maximum=MAX_COORDINATE)


TOTAL_WORDS = {
    "合计",
    "总计",
    "小计",
    "共计",
    "汇总",
    "总数",
    "total",
    "totals",
    "sum",
    "subtotal",
    "grandtotal",
}


def is_total_label(value: object) -> bool:
    """A row labelled 合计 / Total sums the rows above: counting it would double them."""
    if not isinstance(value, str):
        return False
    return re.sub(r"[\s:：_\-]", "", normalise_text(value)).lower() in TOTAL_WORDS


def normalise_text(value: str) -> str:
    """NFKC-normalise (full-width digits and commas become ASCII) and strip."""
    return unicodedata.normalize("NFKC", value).strip()


def is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and value.strip() == "")


def parse_number(value: object, spec: NumberSpec, *, lenient: bool = False) -> float | int | None:
    """Return the number in ``value`` or None when blank; raise ValueProblem otherwise."""
    if is_blank(value):
        return None
    if isinstance(value, bool):
        raise ValueProblem(f"expected {_expected(spec)}, got {value!r}")
    if isinstance(value, (int, float)):
        number: float | int = value
    elif not isinstance(value, str):
        raise ValueProblem(f"expected {_expected(spec)}, got {type(value).__name__} {_shown(value)}")
    else:
        text = normalise_text(str(value))
        if lenient:
            if text.lower() in MISSING_WORDS:
                return None
            match = _UNIT_SUFFIX.match(text)
            if match:
                text = match.group(1).strip()
            text = text.replace(" ", "")
        if _THOUSANDS.match(text):
            text = text.replace(",", "")
        if not _PLAIN.match(text):
            hint = ""
            digits = re.sub(r"[^\d.,]", "", text)
            if digits and digits != text:
                hint = f" (write the figure alone, e.g. {digits.replace(',', '')})"
            raise ValueProblem(f"expected {_expected(spec)}, got {str(value)!r}{hint}")
        number = float(text)
    if isinstance(number, float) and not math.isfinite(number):
        raise ValueProblem(f"expected {_expected(spec)}, got {_shown(value)} (not a finite number)")
    if abs(number) > spec.maximum:
        raise ValueProblem(
            f"expected {_expected(spec)}, at most {spec.maximum:,.0f}; got {_shown(value)} "
            "(beyond what one row can hold)"
        )
    if number < 0 and not spec.allow_negative:
        raise ValueProblem(f"expected {_expected(spec)}, got a negative value {value!r}")
    if number == 0 and not spec.allow_zero:
        raise ValueProblem(f"expected {_expected(spec)} greater than zero, got {value!r}")
    if spec.whole:
        nearest = round(float(number))
        if abs(float(number) - nearest) > 1e-6:  # 300.00000000000006 from a spreadsheet formula is 300
            raise ValueProblem(f"expected {_expected(spec)}, got the fraction {value!r}")
        return int(nearest)
    return float(number)


def _shown(value: object, limit: int = 40) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _expected(spec: NumberSpec) -> str:
    kind = "a whole number" if spec.whole else "a number"
    sign = "" if spec.allow_negative else " (≥ 0)"
    return f"{kind}{sign} of {spec.what}" if spec.what else f"{kind}{sign}"


PROJECT_KIND_WORDS = {
    "new": "new",
    "新建": "new",
    "新建住宅": "new",
    "新建小区": "new",
    "新建居住区": "new",
    "existing": "existing",
    "已建成": "existing",
    "已建": "existing",
    "既有": "existing",
    "老城区": "existing",
    "已建成住宅区": "existing",
    "已建成小区": "existing",
}

CATEGORY_WORDS = {
    "eldercare": "eldercare",
    "elder care": "eldercare",
    "elderly": "eldercare",
    "养老": "eldercare",
    "养老服务": "eldercare",
    "养老服务设施": "eldercare",
    "childcare": "childcare",
    "child care": "childcare",
    "nursery": "childcare",
    "托育": "childcare",
    "托育服务": "childcare",
    "婴幼儿照护": "childcare",
}


def parse_choice(value: object, words: dict[str, str], what: str) -> str | None:
    if is_blank(value):
        return None
    key = normalise_text(str(value)).lower()
    if key in words:
        return words[key]
    valid = sorted(set(words))
    raise ValueProblem(f"expected {what} ({' | '.join(valid)}), got {str(value)!r}")


def parse_text(value: object) -> str | None:
    """Text as written (numbers as text; ``12.0`` → ``12``); control characters become �."""
    if is_blank(value):
        return None
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise ValueProblem(f"expected text or a number, got {type(value).__name__} {_shown(value)}")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = normalise_text(str(value)) if not isinstance(value, str) else value.strip()
    return clean_text(text)


def clean_text(text: str) -> str:
    """Text every output can hold: control characters and lone surrogates become �."""
    return _CONTROL.sub("\ufffd", text)


def has_control_characters(value: object) -> bool:
    return isinstance(value, str) and _CONTROL.search(value) is not None


YES_NO_WORDS = {
    "yes": True,
    "y": True,
    "true": True,
    "1": True,
    "是": True,
    "有": True,
    "no": False,
    "n": False,
    "false": False,
    "0": False,
    "否": False,
    "无": False,
}


def parse_yes_no(value: object, what: str) -> bool | None:
    """``yes``/``是``/``true``/1 or ``no``/``否``/``false``/0; None when blank."""
    if is_blank(value):
        return None
    if isinstance(value, bool):
        return value
    key = normalise_text(str(value)).lower()
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        key = "1" if value == 1 else "0" if value == 0 else key
    if key in YES_NO_WORDS:
        return YES_NO_WORDS[key]
    raise ValueProblem(f"expected yes or no for {what} (是/否, true/false), got {str(value)!r}")
