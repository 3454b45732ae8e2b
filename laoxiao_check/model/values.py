"""Parsing of cell and property values: numbers written by people, kinds and categories.

Strict parsing (``check``) accepts ``1200``, ``1,200``, ``1200.0`` and full-width
``１２００``; it rejects ``约300`` or ``1200户`` with a message saying what was expected.
Lenient parsing (``audit`` of scraped lists) also strips a trailing unit such as 户.
"""

from __future__ import annotations

import datetime
import math
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from laoxiao_check.model.messages import Said, message_of

_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")
_PLAIN = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
_SIMPLE_DECIMAL = re.compile(r"-?\d+(\.\d+)?")
"""A cell most number columns hold (``120.4187828``, ``222``): read at once, as the long way would."""
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

    @property
    def message(self) -> str:
        """The message as raised (a :class:`Said`, which ``str(exc)`` would make plain text)."""
        return message_of(self)


@dataclass(frozen=True)
class NumberSpec:
    what: str
    whole: bool = False
    allow_negative: bool = False
    allow_zero: bool = True
    maximum: float = MAX_COUNT
    """The largest magnitude accepted (a hard limit: the arithmetic stays exact below it)."""


HOUSEHOLDS = NumberSpec(Said("households"), whole=True)
RESIDENTS = NumberSpec(Said("residents"))
PLACES = NumberSpec(Said("places"), whole=True)
BEDS = NumberSpec(Said("beds"), whole=True)
AREA = NumberSpec(Said("floor area in m²"), maximum=MAX_AREA_M2)
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


MEMO_AT_MOST = 65_536
"""Distinct cells a :func:`number_reader` remembers (a column of 100,000 estates has a few
thousand distinct household counts); past it, cells are read afresh."""


def number_reader(spec: NumberSpec) -> Callable[[object], float | int | None]:
    """:func:`parse_number` (lenient) for the cells of one column, each distinct cell read once:
    a list of 100,000 estates has a few thousand distinct ``1,234户``. A cell that cannot be read
    raises a fresh :class:`ValueProblem` each time, with the same message."""
    values: dict[tuple[type, object], float | int | None] = {}
    problems: dict[tuple[type, object], str] = {}

    def read(raw: object) -> float | int | None:
        try:
            key = (type(raw), raw)  # 1, 1.0 and True are equal keys: the type tells them apart
            hash(key)
        except TypeError:
            return parse_number(raw, spec, lenient=True)
        if key in values:
            return values[key]
        if key in problems:
            raise ValueProblem(problems[key])
        room = len(values) + len(problems) < MEMO_AT_MOST
        try:
            value = parse_number(raw, spec, lenient=True)
        except ValueProblem as exc:
            if room:
                problems[key] = exc.message
            raise
        if room:
            values[key] = value
        return value

    return read


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
        raise ValueProblem(
            Said("expected {expected}, got {value}", expected=_expected(spec), value=repr(value))
        )
    if isinstance(value, (int, float)):
        number: float | int = value
    elif isinstance(value, str) and _SIMPLE_DECIMAL.fullmatch(value):
        number = float(value)  # nothing to normalise, no unit, no thousands: the same float
    elif not isinstance(value, str):
        raise ValueProblem(
            Said(
                "expected {expected}, got {type} {value}",
                expected=_expected(spec),
                type=type(value).__name__,
                value=_shown(value),
            )
        )
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
            digits = re.sub(r"[^\d.,]", "", text)
            if digits and digits != text:
                raise ValueProblem(
                    Said(
                        "expected {expected}, got {value} (write the figure alone, e.g. {figure})",
                        expected=_expected(spec),
                        value=repr(str(value)),
                        figure=digits.replace(",", ""),
                    )
                )
            raise ValueProblem(
                Said("expected {expected}, got {value}", expected=_expected(spec), value=repr(str(value)))
            )
        number = float(text)
    if isinstance(number, float) and not math.isfinite(number):
        raise ValueProblem(
            Said(
                "expected {expected}, got {value} (not a finite number)",
                expected=_expected(spec),
                value=_shown(value),
            )
        )
    if abs(number) > spec.maximum:
        raise ValueProblem(
            Said(
                "expected {expected}, at most {maximum}; got {value} (beyond what one row can hold)",
                expected=_expected(spec),
                maximum=f"{spec.maximum:,.0f}",
                value=_shown(value),
            )
        )
    if number < 0 and not spec.allow_negative:
        raise ValueProblem(
            Said(
                "expected {expected}, got a negative value {value}",
                expected=_expected(spec),
                value=repr(value),
            )
        )
    if number == 0 and not spec.allow_zero:
        raise ValueProblem(
            Said(
                "expected {expected} greater than zero, got {value}",
                expected=_expected(spec),
                value=repr(value),
            )
        )
    if spec.whole:
        nearest = round(float(number))
        if abs(float(number) - nearest) > 1e-6:  # 300.00000000000006 from a spreadsheet formula is 300
            raise ValueProblem(
                Said(
                    "expected {expected}, got the fraction {value}",
                    expected=_expected(spec),
                    value=repr(value),
                )
            )
        return int(nearest)
    return float(number)


def _shown(value: object, limit: int = 40) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _expected(spec: NumberSpec) -> Said:
    what = spec.what
    if spec.whole and spec.allow_negative:
        return Said("a whole number of {what}", what=what) if what else Said("a whole number")
    if spec.whole:
        return Said("a whole number (≥ 0) of {what}", what=what) if what else Said("a whole number (≥ 0)")
    if spec.allow_negative:
        return Said("a number of {what}", what=what) if what else Said("a number")
    return Said("a number (≥ 0) of {what}", what=what) if what else Said("a number (≥ 0)")


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

LEVEL_WORDS = {
    "project": "project",
    "项目": "project",
    "community": "community",
    "社区": "community",
    "street": "street",
    "township": "street",
    "街道": "street",
    "乡镇": "street",
    "街道（乡镇）": "street",
    "镇": "street",
    "乡": "street",
    "district": "district",
    "区县": "district",
    "区": "district",
    "county": "district",
    "县": "district",
    "city": "city",
    "城市": "city",
    "市": "city",
}
"""The levels as people write them: a project's ``scope``, a population table's ``level``."""


COMMUNITY_TYPE_WORDS = {
    "urban": "urban",
    "城市社区": "urban",
    "城市": "urban",
    "town": "town",
    "乡镇社区": "town",
    "乡镇": "town",
    "镇": "town",
    "农村社区": "town",
}
"""A community's type: a city's (城市社区) or a township's (乡镇社区): Guizhou (五) sets its 90
places for 城市社区 of 20,000 residents or more."""


def parse_choice(value: object, words: dict[str, str], what: str) -> str | None:
    if is_blank(value):
        return None
    key = normalise_text(str(value)).lower()
    if key in words:
        return words[key]
    valid = sorted(set(words))
    raise ValueProblem(
        Said(
            "expected {what} ({words}), got {value}",
            what=what,
            words=" | ".join(valid),
            value=repr(str(value)),
        )
    )


def parse_text(value: object) -> str | None:
    """Text as written (numbers as text; ``12.0`` → ``12``); control characters become �."""
    if is_blank(value):
        return None
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise ValueProblem(
            Said(
                "expected text or a number, got {type} {value}",
                type=type(value).__name__,
                value=_shown(value),
            )
        )
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = normalise_text(str(value)) if not isinstance(value, str) else value.strip()
    return clean_text(text)


def clean_text(text: str) -> str:
    """Text every output can hold: control characters and lone surrogates become �."""
    return _CONTROL.sub("\ufffd", text)


def has_control_characters(value: object) -> bool:
    return isinstance(value, str) and _CONTROL.search(value) is not None


# -- phases, delivery status and placement (分期、交付状态、楼层) ------------------------------

CHINESE_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_ORDER = r"(\d+|[零一二两三四五六七八九十]+)"


def _chinese_number(text: str) -> int | None:
    """``3``, ``三``, ``十二``, ``二十一`` → an int (to 99); None if it is not one."""
    if text.isdigit():
        return int(text)
    if not text or any(c not in CHINESE_DIGITS and c != "十" for c in text):
        return None
    if "十" not in text:
        return CHINESE_DIGITS[text] if len(text) == 1 else None
    tens, _, ones = text.partition("十")
    if len(tens) > 1 or len(ones) > 1 or "十" in ones:
        return None
    return (CHINESE_DIGITS[tens] if tens else 1) * 10 + (CHINESE_DIGITS[ones] if ones else 0)


_PHASE_ORDER = re.compile(rf"^(?:第)?{_ORDER}(?:期|期工程)?$|^(?:phase|p)\s*(\d+)$")
_PHASE_DATE = re.compile(r"^(\d{4})(?:年)?(?:[-/.](\d{1,2})|(\d{1,2})月)?(?:[-/.](\d{1,2})|(\d{1,2})日)?$")
PHASE_EXAMPLES = Said("an order (1, 2, 一期, 第二期, phase 3) or a delivery date (2026, 2026-06, 2026-06-30)")


def _not_a_phase(value: object) -> ValueProblem:
    return ValueProblem(
        Said("expected a phase: {examples}; got {value}", examples=PHASE_EXAMPLES, value=_shown(value))
    )


def parse_phase(value: object) -> str | None:
    """A phase (分期): an order (``1``, ``一期``, ``第2期``) → ``"1"``, or a date → ISO text.

    Dates keep their precision (``2026-06``, ``2026``); :func:`phase_key` orders both kinds.
    """
    if is_blank(value):
        return None
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise _not_a_phase(value)
    if isinstance(value, float):
        if not value.is_integer():
            raise _not_a_phase(value)
        value = int(value)
    text = normalise_text(str(value)).strip().lower().replace(" ", "")
    if text == "首期":
        return "1"
    order = _PHASE_ORDER.match(text)
    if order:
        number = _chinese_number(order.group(1) or order.group(2))
        if number is not None and 1 <= number < 1000:
            return str(number)
    date = _PHASE_DATE.match(text)
    if date:
        year = int(date.group(1))
        month_text = date.group(2) or date.group(3)
        day_text = date.group(4) or date.group(5)
        if day_text and not month_text:
            date = None
        else:
            try:
                month, day = int(month_text or 1), int(day_text or 1)
                datetime.date(year, month, day)
            except ValueError:
                date = None
            else:
                if 1900 <= year <= 2200:
                    parts = [f"{year:04d}"]
                    if month_text:
                        parts.append(f"{month:02d}")
                    if day_text:
                        parts.append(f"{day:02d}")
                    return "-".join(parts)
    raise _not_a_phase(value)


def phase_key(phase: str) -> tuple[int, int, int, int]:
    """Sort key of a phase from :func:`parse_phase`: orders by number, dates by day.

    A coarser date comes after the finer ones it contains (``2026`` after ``2026-06``):
    delivered "in 2026" means by its end.
    """
    if not phase_is_date(phase):
        return (0, int(phase), 0, 0)
    parts = [int(p) for p in phase.split("-")]
    month = parts[1] if len(parts) > 1 else 13
    day = parts[2] if len(parts) > 2 else 32
    return (1, parts[0], month, day)


def phase_is_date(phase: str) -> bool:
    """Orders are below 1000 (:func:`parse_phase`); a year alone (``2026``) is a date."""
    return not phase.isdigit() or int(phase) >= 1000


DELIVERY_STATUSES = ("planned", "built", "accepted", "handed_over")
"""Delivery statuses in order: a later one includes the earlier ones."""
DELIVERY_STATUS_WORDS = {
    "planned": "planned",
    "plan": "planned",
    "designed": "planned",
    "under construction": "planned",
    "规划": "planned",
    "计划": "planned",
    "拟建": "planned",
    "未建": "planned",
    "在建": "planned",
    "施工中": "planned",
    "建设中": "planned",
    "built": "built",
    "completed": "built",
    "已建": "built",
    "建成": "built",
    "已建成": "built",
    "竣工": "built",
    "已竣工": "built",
    "完工": "built",
    "已完工": "built",
    "accepted": "accepted",
    "验收": "accepted",
    "已验收": "accepted",
    "通过验收": "accepted",
    "竣工验收": "accepted",
    "handed_over": "handed_over",
    "handed over": "handed_over",
    "delivered": "handed_over",
    "交付": "handed_over",
    "已交付": "handed_over",
    "移交": "handed_over",
    "已移交": "handed_over",
    "交付使用": "handed_over",
    "交房": "handed_over",
    "已交房": "handed_over",
    "handed-over": "handed_over",
}


def parse_delivery_status(value: object) -> str | None:
    return parse_choice(value, DELIVERY_STATUS_WORDS, Said("a delivery status"))


YES_NO_WORDS = {
    "yes": "yes",
    "y": "yes",
    "true": "yes",
    "1": "yes",
    "是": "yes",
    "有": "yes",
    "独立": "yes",
    "设": "yes",
    "√": "yes",
    "✓": "yes",
    "no": "no",
    "n": "no",
    "false": "no",
    "0": "no",
    "否": "no",
    "没有": "no",
    "不设": "no",
    "×": "no",
    "✗": "no",
}
"""Yes/no answers; 无 is read as blank (unknown) everywhere, so it is not a "no" here."""


INCLUSIVE_WORDS = {
    **YES_NO_WORDS,
    "inclusive": "yes",
    "普惠": "yes",
    "普惠性": "yes",
    "公益性": "yes",
    "公益": "yes",
    "非普惠": "no",
    "营利性": "no",
    "市场化": "no",
}
"""普惠 (inclusive) or not: 公益性 rooms (Qidong's 公益性养老服务用房) are priced below the market
as 普惠 ones are, and count as inclusive."""

OPERATOR_WORDS = {
    "government": "government",
    "public": "government",
    "公办": "government",
    "公办公营": "government",
    "公建公营": "government",
    "政府": "government",
    "政府办": "government",
    "政府运营": "government",
    "国有": "government",
    "public_private": "public_private",
    "公建民营": "public_private",
    "private": "private",
    "民办": "private",
    "民营": "private",
    "社会力量": "private",
    "社会办": "private",
}
"""举办主体: run by the government (公办), built by it and run by others (公建民营), or private (民办)."""


def parse_inclusive(value: object) -> bool | None:
    return _yes_or_no(value, INCLUSIVE_WORDS, Said("inclusive (普惠) or not"))


def parse_operator(value: object) -> str | None:
    return parse_choice(value, OPERATOR_WORDS, Said("operator"))


def parse_yes_no(value: object) -> bool | None:
    return _yes_or_no(value, YES_NO_WORDS, Said("yes or no"))


def _yes_or_no(value: object, words: dict[str, str], what: str) -> bool | None:
    """True or False from a cell of ``words`` (or a bool, 1 or 0); None where blank."""
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)) and value in (0, 1):
        return bool(value)
    if is_blank(value):
        return None
    answer = parse_choice(value, words, what)
    return None if answer is None else answer == "yes"


_STOREY_RANGE = re.compile(r"^(.+?)(?:~|～|–|—|至|到|-)(.+)$")
_BELOW_WORDS = {"地下室": -1, "地下": -1, "半地下": -1, "半地下室": -1, "basement": -1}
_GROUND_WORDS = {"首层": 1, "底层": 1, "地面层": 1, "ground": 1, "g": 1, "gf": 1}
STOREY_EXAMPLES = Said("a storey such as 1, 1F, 一层, B1, -1, 地下一层, or storeys 1-2, 1–3层")


def _not_storeys(text: str) -> ValueProblem:
    return ValueProblem(Said("expected {examples}; got {value}", examples=STOREY_EXAMPLES, value=repr(text)))


def _storey(token: str) -> int | None:
    token = token.strip()
    if token in _BELOW_WORDS:
        return _BELOW_WORDS[token]
    if token in _GROUND_WORDS:
        return _GROUND_WORDS[token]
    below = re.match(r"^(?:地下|负|b)(?:第)?(.+?)(?:层|楼|f)?$", token)
    if below:
        number = _chinese_number(below.group(1))
        return -number if number else None
    number_match = re.match(r"^(?:第)?(-?\d+|[零一二两三四五六七八九十]+)(?:层|楼|f)?$", token) or re.match(
        r"^f(\d+)$", token
    )
    if number_match:
        text = number_match.group(1)
        number = int(text) if re.fullmatch(r"-?\d+", text) else _chinese_number(text)
        return number or None  # there is no storey 0
    return None


_BELOW_PREFIX = re.compile(r"^地下")  # 地下1-2层: both ends below ground (B1-2 stays B1 to 2)


def parse_storeys(text: str) -> tuple[int, int]:
    """Lowest and highest storey of a room: ``1`` → (1, 1); ``B1``/``-1``/``地下一层`` → (-1, -1);
    ``1-2``, ``1–3层``, ``一至二层`` → a range; ``1、3`` → (1, 3). Storey 1 is the ground floor.
    """
    cleaned = normalise_text(str(text)).strip().lower().replace(" ", "")
    tokens = re.split(r"[,，、;；/]", cleaned)
    storeys: list[int] = []
    for token in tokens:
        single = _storey(token)
        if single is not None:
            storeys.append(single)
            continue
        ranged = _STOREY_RANGE.match(token)
        low = _storey(ranged.group(1)) if ranged else None
        high = _storey(ranged.group(2)) if ranged else None
        if ranged and low is not None and low < 0 and high is not None and high > 0:
            # 地下1-2层 / 地下一至二层: the prefix below ground governs both ends
            below = _storey(_BELOW_PREFIX.sub("", ranged.group(1)))
            if below is not None and below > 0 and not ranged.group(2).startswith(("-", "+")):
                high = -high
        if low is None or high is None or abs(low) > 300 or abs(high) > 300:
            raise _not_storeys(text)
        storeys.extend((low, high))
    if not storeys or any(abs(s) > 300 for s in storeys):
        raise _not_storeys(text)
    return min(storeys), max(storeys)


def parse_floor(value: object) -> str | None:
    """The ``floor`` field: text as written, once it reads as storeys (:func:`parse_storeys`)."""
    text = parse_text(value)
    if text is not None:
        parse_storeys(text)
    return text
