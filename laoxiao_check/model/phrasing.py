"""Figures and words put together for people: a figure with its unit (``555平方米``), a distance
(``1,000米``), English plurals and articles, a category's name. The words themselves are the
tables of :mod:`laoxiao_check.model.glossary`."""

from __future__ import annotations

from laoxiao_check.model.glossary import CATEGORY, UNIT, word


def figure(value: float | int | None, unit: str, lang: str) -> str:
    """A figure with its unit for people: ``1,234.5 m²``, ``555平方米``, ``87.5%``."""
    if value is None:
        return "—"
    if unit == "ratio":
        return f"{value * 100:.1f}%"
    text = f"{value:,.2f}".rstrip("0").rstrip(".") if isinstance(value, float) else f"{value:,}"
    suffix = word(UNIT, unit, lang)
    if lang == "en" and value == 1:
        suffix = UNIT_ONE.get(unit, suffix)
    return f"{text} {suffix}".strip() if lang == "en" else f"{text}{suffix}"


UNIT_ONE = {
    "places": "place",
    "facilities": "facility",
    "communities": "community",
    "streets": "street",
    "institutions": "institution",
    "beds": "bed",
    "households": "household",
    "rooms": "room",
}
"""The English units of :data:`UNIT` said of one (``1 place``, ``2 places``)."""


def plural_en(count: float | int, singular: str, plural: str | None = None) -> str:
    """The English noun for ``count``: ``place`` for 1, ``places`` otherwise (``plural`` where it
    is not ``singular + "s"``: ``facility``/``facilities``). The number is the caller's to write."""
    return singular if count == 1 else (plural or f"{singular}s")


def metres(value: float, lang: str) -> str:
    """A distance for people: ``1,000 m``, ``1,000米``."""
    return f"{value:,.0f}米" if lang == "zh" else f"{value:,.0f} m"


def category_en(category: str) -> str:
    return CATEGORY[category]["en"]


def a_category_en(category: str) -> str:
    """``an eldercare``, ``a childcare``: the category with its article, as in "of an eldercare
    facility"."""
    return a_en(category_en(category))


def a_en(noun: str) -> str:
    """``an eldercare facility``, ``a childcare facility``: a noun phrase with its English article
    (by its first letter, which is right for this glossary's words)."""
    return f"{'an' if noun[:1].lower() in 'aeiou' else 'a'} {noun}"


def category_zh(category: str) -> str:
    return CATEGORY[category]["zh"]
