"""The words people write for a facility's kind, and the category each one means.

Facility lists name institutions, not categories: 养老院, 敬老院, 日间照料中心, 托育园, 托儿所,
幼儿园托班 … Each word here maps to ``eldercare`` (养老) or ``childcare`` (托育, under-3s) and
says where the word is used — a seed policy text (document id of ``rules/*.yaml`` and the
passage) or, for words of the national system, the standard's name. A word that is not
here is *unknown*: the reader leaves the facility out and counts it, and an audit where too
many are unknown stops (``io/estates.read_facilities``).

Matching is on the NFKC-normalised, lower-cased text: the whole cell, else the longest word
the cell ends with (``鲤城区海滨街道日间照料中心`` is a 日间照料中心). A 幼儿园 alone is a
kindergarten (ages 3–6) and is *not* childcare for under-3s; it is refused with that reason.
"""

from __future__ import annotations

from dataclasses import dataclass

from laoxiao_check.model.messages import Said
from laoxiao_check.model.values import ValueProblem, is_blank, normalise_text


@dataclass(frozen=True)
class FacilityWord:
    word: str
    category: str
    """``eldercare`` or ``childcare``."""
    source: str
    """Where the word is used for such a facility: ``document: passage``."""
    service: bool = False
    """The word names a kind of service (日间照料中心): kept as the facility's ``service``
    when its own service column is blank, for rules on one kind of facility."""


def _words(
    category: str, rows: tuple[tuple[str, str], ...], service: bool = False
) -> tuple[FacilityWord, ...]:
    return tuple(FacilityWord(word, category, source, service) for word, source in rows)


FACILITY_WORDS: tuple[FacilityWord, ...] = (
    # The categories themselves, in both languages.
    *_words(
        "eldercare",
        (
            ("eldercare", "category name"),
            ("elder care", "category name"),
            ("elderly", "category name"),
            ("养老", "category name (类别)"),
            ("养老服务", "category name"),
            ("养老服务设施", "GB 50180-2018 附录B 养老服务设施"),
            ("养老设施", "category name"),
        ),
    ),
    *_words(
        "childcare",
        (
            ("childcare", "category name"),
            ("child care", "category name"),
            ("nursery", "category name"),
            ("托育", "category name (类别)"),
            ("托育服务", "category name"),
            ("托育服务设施", "quanzhou2022: 社区托育服务设施覆盖率"),
            ("托育设施", "category name"),
            ("婴幼儿照护", "yuxi2022: 3岁以下婴幼儿照护服务"),
            ("婴幼儿照护服务机构", "yuxi2022: 普惠性婴幼儿照护机构"),
        ),
    ),
    # Institutions for the old.
    *_words(
        "eldercare",
        (
            ("养老院", "qidong2022: 打造“没有围墙的养老院”"),
            ("敬老院", "yuxi2022: 公办农村敬老院48个; guizhou2022: 中心敬老院(社会福利院)"),
            ("农村敬老院", "yuxi2022: 公办农村敬老院48个"),
            ("中心敬老院", "guizhou2022: 中心敬老院(社会福利院)"),
            ("社会福利院", "guizhou2022: 中心敬老院(社会福利院); wanzhou2022: 万州第二社会福利院"),
            ("福利院", "guizhou2022: 社会福利院"),
            ("养老机构", "every seed: 养老机构"),
            ("公办养老机构", "yuxi2022: 城市公办养老机构7个"),
            ("民办养老机构", "yuxi2022: 民办养老机构4个"),
            ("护理院", "yuxi2022: 老年病医院、护理院"),
            ("老年公寓", "yuxi2022: 元江县老年公寓"),
            ("养老服务中心", "yuxi2022: 城乡社区居家养老服务中心"),
            ("居家养老服务中心", "yuxi2022: 城乡社区居家养老服务中心"),
            ("社区养老服务中心", "quanzhou2022: 社区养老服务照料中心"),
            ("养老服务照料中心", "quanzhou2022: 社区养老服务照料中心"),
            ("养老服务站", "yuxi2022: 互助养老服务站"),
            ("居家养老服务站", "qidong2022: 村(居)居家养老服务站"),
            ("社区养老服务站", "quanzhou2022: 农村社区居家养老服务站"),
            ("互助养老服务站", "yuxi2022: 农村互助养老服务站"),
            ("幸福院", "yuxi2022: 农村幸福院173个"),
            ("农村幸福院", "yuxi2022: 农村幸福院173个"),
            ("养老服务综合体", "qidong2022: 农村养老服务综合体"),
            ("长者食堂", "quanzhou2022: 长者食堂"),
            ("老年食堂", "eldercare meal service (助餐), as 长者食堂"),
        ),
    ),
    *_words(
        "eldercare",
        (
            ("日间照料中心", "quanzhou2022: 养老机构、日间照料中心"),
            ("日间照料", "yuxi2022: 社区日间照料服务设施覆盖率; wanzhou2022: 社区日间照料机构覆盖率"),
            ("日照中心", "short for 日间照料中心 (rules/yuxi.yaml service_words)"),
            ("老年人日间照料中心", "GB 50180-2018 附录B 老年人日间照料中心(托老所)"),
            ("托老所", "GB 50180-2018 附录B 老年人日间照料中心(托老所)"),
            ("社区日间照料中心", "yuxi2022 / wanzhou2022: 社区日间照料"),
        ),
        service=True,
    ),
    # Institutions for the under-3s.
    *_words(
        "childcare",
        (
            ("托育机构", "every seed: 托育机构"),
            ("托育园", "yuxi2022: “托育机构+社区托育园”"),
            ("社区托育园", "yuxi2022: “托育机构+社区托育园”"),
            ("托儿所", "wanzhou2022: 《万州区托儿所建设试点工作方案》"),
            ("托育中心", "quanzhou2022: 县级区域综合托育中心"),
            ("综合托育中心", "quanzhou2022: 县级区域综合托育中心"),
            ("托育服务中心", "as 托育中心"),
            ("托育点", "qidong2022: 家庭托育点; 按照安全标准改造建设托育点"),
            ("家庭托育点", "qidong2022: 家庭托育点管理办法"),
            ("社区托育点", "qidong2022: 托育点"),
            ("普惠托育", "quanzhou2022 / qidong2022: 普惠托育"),
            ("普惠托育机构", "quanzhou2022 / qidong2022: 普惠托育"),
            ("托班", "yuxi2022: 鼓励有条件的公办幼儿园开设托班,招收2—3岁幼儿"),
            ("幼儿园托班", "yuxi2022: 公办幼儿园开设托班,招收2—3岁幼儿"),
            ("早教托育", "childcare centre offering early education and care"),
        ),
    ),
)

_BY_WORD = {normalise_text(w.word).lower(): w for w in FACILITY_WORDS}
_LONGEST_FIRST = sorted(_BY_WORD, key=len, reverse=True)

NOT_CHILDCARE = {
    "幼儿园": Said(
        "a kindergarten (幼儿园, ages 3–6) is not childcare for under-3s unless it runs a 托班: "
        "write 幼儿园托班 or 托育 for one that does"
    ),
    "kindergarten": Said(
        "a kindergarten (ages 3–6) is not childcare for under-3s unless it runs a nursery class (托班)"
    ),
}
"""Words that look like a category but are none, with the reason said to the user."""


def facility_word(value: str) -> FacilityWord | None:
    """The word a category cell means, or None when no known word names it."""
    key = normalise_text(value).lower()
    if key in _BY_WORD:
        return _BY_WORD[key]
    if key in NOT_CHILDCARE:
        return None
    return next((_BY_WORD[w] for w in _LONGEST_FIRST if len(w) > 1 and key.endswith(w)), None)


def why_unknown(value: str) -> str:
    """The reason a cell names no category (a kindergarten is not childcare, or unknown)."""
    key = normalise_text(value).lower()
    for word, reason in NOT_CHILDCARE.items():
        if key.endswith(word):
            return reason
    return Said("not a known eldercare or childcare word")


def known_words(category: str | None = None) -> list[str]:
    """The words, in the table's order (for `laoxiao-check fields` and messages)."""
    return [w.word for w in FACILITY_WORDS if category in (None, w.category)]


def parse_category(value: object) -> str | None:
    """The category a cell names (strict: a project's rooms), None when blank."""
    if is_blank(value):
        return None
    word = facility_word(str(value))
    if word is None:
        raise ValueProblem(
            Said(
                "expected a facility category (养老 | 托育 | eldercare | childcare, or an institution "
                "such as 养老院, 日间照料中心, 托育园, 托儿所), got {value}: {reason}",
                value=repr(str(value)),
                reason=why_unknown(str(value)),
            )
        )
    return word.category
