"""What the readers need to say their messages in the user's language (:mod:`laoxiao_check.model.messages`):
a list of phrases joined so that each is said, a value problem's own message, the words of
fields, roles and levels that messages name."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from laoxiao_check.model.messages import Said

_JOINS: dict[str, Callable[[str, str], Said]] = {
    "; ": lambda a, b: Said("{a}; {b}", a=a, b=b),
    ", ": lambda a, b: Said("{a}, {b}", a=a, b=b),
    " and ": lambda a, b: Said("{a} and {b}", a=a, b=b),
    " or ": lambda a, b: Said("{a} or {b}", a=a, b=b),
}


def listed(items: Sequence[str], separator: str = "; ") -> str:
    """``separator.join(items)``, as one message whose items (each a :class:`Said` or data) and
    separators are said in the report's language; halved at each level, so a long list stays
    shallow."""
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    middle = len(items) // 2
    return _JOINS[separator](listed(items[:middle], separator), listed(items[middle:], separator))


def message_of(exc: BaseException) -> str:
    """The message an exception was raised with (a :class:`Said` stays one), else its text."""
    if len(exc.args) == 1 and isinstance(exc.args[0], str):
        return exc.args[0]
    return str(exc)


def term(english: str, chinese: dict[str, str]) -> str:
    """An identifier a message shows (a field, role or level): itself in English, its Chinese
    from ``chinese`` where it has one."""
    return Said.of({"en": english, "zh": chinese[english]}) if english in chinese else english
