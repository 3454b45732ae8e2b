"""A city's aims read from a sentence or an indicator table's row: shares (of streets and
townships with a centre, of inclusive places, of nursing or government-run beds, of communities
with a facility), beds per 1,000 older residents, totals of beds and of nursery places, and
institutions in every county. Each is a target for its year (``scope: city``, or ``district``
for a county's institutions); one without a year, or of a kind no rule checks, is an
:class:`~laoxiao_check.rules.draft.figures.Unsure`."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from laoxiao_check.model.messages import Said
from laoxiao_check.rules.draft.figures import (
    AT_MOST,
    BEDS,
    BOUNDED,
    CMP,
    CURRENT_WORDS,
    DAY_CARE_WORDS,
    LESS_THAN,
    MORE_THAN,
    NUM,
    YEAR,
    Figure,
    Found,
    Unsure,
    _joined,
    _Place,
    _value,
    _with,
    category_in,
)
from laoxiao_check.rules.draft.outline import Clause

SHARE = re.compile(
    rf"(?P<subject>[^,，;；。、:：]{{2,40}}?)(?P<what>覆盖率|覆盖面|建有率|达标率|配套率|占比|比例|比重)"
    rf"(?:均|须|应)?(?P<verb>提高到|提升到|稳定在)?\s*(?P<cmp>{BOUNDED})?\s*(?P<v>{NUM})\s*%(?P<after>以上)?"
)
BED_SHARE = re.compile(
    rf"(?P<subject>[^,，;；。、:：%\d]{{0,16}}?(?:护理型?|政府运营(?:养老)?)床位数?[^,，;；。、:：%\d]{{0,12}}?)"
    rf"(?P<what>占比|比例|比重)?(?P<verb>提高到|提升到|稳定在)?\s*(?P<cmp>{BOUNDED})?\s*(?P<v>{NUM})\s*%"
    rf"(?P<after>以上)?"
)
"""护理型床位占比不低于55%, 护理型床位数占养老机构床位比例达到75%, 政府运营床位不超过40%."""
BEDS_PER_ELDERLY = re.compile(
    rf"每千名?老年人口?(?:拥有)?(?P<what>[^,，;；。\d]{{0,10}}?)床位数?\s*(?P<cmp>{CMP})\s*(?P<v>{NUM})\s*张"
)
TOTAL_BEDS = re.compile(
    rf"养老(?:服务)?床位(?:总量|总数)?\s*(?:达到|达|不少于|不低于|至少)\s*"
    rf"(?P<v>{NUM})\s*张"
)
TOTAL_PLACES = re.compile(
    r"(?:全市|全区|全县|全省)(?:婴幼儿)?托位(?:数|总数|总量)?\s*(?:达到|达|不少于|不低于|至少)\s*"
    r"(?P<v>\d+?)(?P<unit>\s*个|(?=20\d\d年))"
)
"""全区托位数达到4000个; a page that runs the figure into the next year (达到40002025年底) is read
with a note."""
STREETS_ALL = re.compile(
    rf"所有(?P<areas>街道|乡镇|镇街|乡镇[(（]?街道[)）]?|街道[(（]?乡镇[)）]?)(?:均|都)?(?:至少)?"
    rf"(?:建成|建有|设有|配建)(?:(?P<v>{NUM})\s*(?:个|所|处|家))?(?P<what>[^,，;；。]{{0,80}}?(?:中心|机构))"
)
"""全市所有街道至少建成一所…综合性养老服务中心: every street with the centre."""
COUNTY_COUNT = re.compile(
    rf"(?:每个|各)县[(（]市、?区[)）](?:均|都)?(?:至少)?(?:建有|建成|设有)\s*(?P<v>{NUM})\s*(?:个|所|家|处)"
    rf"(?:以上)?(?P<what>[^,，;；。]{{2,40}}?(?:机构|中心|整合点))"
)
"""每个县(市、区)至少建成1个婴幼儿照护服务机构: institutions in every district (county)."""
COVER_ALL = re.compile(r"实现(?P<subject>[^,，;；。]{2,30}?)全覆盖")
"""实现城乡社区养老服务设施全覆盖: a share of 100 %."""
SERVICE_PHRASES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("区域性养老服务中心", ("区域性养老服务中心", "区域养老服务中心")),
    ("区域养老服务中心", ("区域养老服务中心", "区域性养老服务中心")),
    ("综合性养老服务中心", ("综合性养老服务中心", "综合养老服务中心")),
    ("综合养老服务中心", ("综合养老服务中心", "综合性养老服务中心")),
    ("综合功能", ("综合",)),
    ("失能照护", ("失能照护",)),
    ("医疗卫生和养老服务资源整合", ("资源整合", "医养结合")),
    ("医养结合", ("医养结合",)),
)
"""The centres and institutions the drafting tells apart, each with the words a facility's
``service`` or name says (``service_words``): the text's own word first, then its other
spelling (区域性 / 区域, 综合性 / 综合); 医疗卫生和养老服务 is 医养."""
GENERIC_FACILITY = re.compile(
    r"^(?:县级|市级|区级)?(?:婴幼儿照护服务|婴幼儿照护|托育服务|托育|养老服务|养老)(?:机构|中心)$"
)
"""A county's institution of the category only (婴幼儿照护服务机构, 托育机构): no service words."""


def read_aims(
    text: str,
    quote: str,
    clause: Clause,
    free: Callable[[re.Match[str]], bool],
    at: Callable[[re.Match[str]], tuple[_Place, int | None]],
) -> list[Found]:
    """The aims of a sentence (in its plain form), where no rate read before took their words."""
    found: list[Found] = []
    for match in BEDS_PER_ELDERLY.finditer(text):
        if free(match):
            found.append(_beds_per_elderly(match, *at(match), clause, quote))
    for match in TOTAL_BEDS.finditer(text):
        lead = re.split(r"[,，;；。、]", text[max(0, match.start() - 8) : match.start()])[-1]
        if free(match) and not re.search(r"新增|护理|普惠|每千", lead):  # 新增…床位500张: beds added
            found.append(_city_total("total_beds", match, *at(match), clause, quote))
    for match in TOTAL_PLACES.finditer(text):
        if free(match):
            found.append(_city_total("places_minimum", match, *at(match), clause, quote))
    for match in STREETS_ALL.finditer(text):
        if free(match):
            found.append(_all_streets(match, *at(match), clause, quote))
    for match in COUNTY_COUNT.finditer(text):
        if free(match):
            found.append(_county_count(match, *at(match), clause, quote))
    for match in COVER_ALL.finditer(text):
        if free(match):
            found.extend(_cover_all(match, *at(match), clause, quote))
    for pattern in (BED_SHARE, SHARE):
        for match in pattern.finditer(text):
            if free(match):
                found.extend(_share(match, *at(match), clause, quote))
    for match in BEDS.finditer(text):
        if free(match) and (re.search(CMP, text) or YEAR.search(text)) and not CURRENT_WORDS.search(text):
            at(match)  # its words taken: the figure is only a comment
            found.append(
                Unsure(
                    match.group(0), Said("beds: a figure of beds the drafting does not read"), clause, quote
                )
            )
    return found


def _share(
    match: re.Match[str],
    place: _Place,
    year: int | None,
    clause: Clause,
    quote: str,
) -> list[Found]:
    subject = match.group("subject") + (match.group("what") or "")
    facility = re.search(r"设施|机构|中心|站|托位|床位|用房", subject)
    reach = match.group("what") == "覆盖面" and "社区" in subject  # 社区托育服务覆盖面
    if not (facility or reach) or not (category_in(subject) or re.search("照料|床位|一老一小", subject)):
        return []
    if CURRENT_WORDS.search(place.sentence[: place.start]) or not (
        match.group("cmp") or match.group("after") or match.group("verb")
    ):
        return []
    return share_rule(
        subject,
        float(match.group("v")),
        bound_of(match.group("cmp")),
        year,
        clause,
        quote,
    )


def bound_of(said: str | None) -> str:
    """``at_least``, ``more_than`` (超过), ``at_most`` (不超过, ≤) or ``less_than`` (小于) for a
    comparison as written (none: 提高到 60%, 60%以上 — at least)."""
    if said:
        for bound, words in (("more_than", MORE_THAN), ("at_most", AT_MOST), ("less_than", LESS_THAN)):
            if re.fullmatch(words, said):
                return bound
    return "at_least"


def service_words(what: str) -> list[str] | None:
    """The words a facility of the centre or institution the text names says (``service_words``);
    None for one the drafting cannot tell apart."""
    for phrase, words in SERVICE_PHRASES:
        if phrase in what:
            return list(words)
    return None


def share_rule(
    subject: str, percent: float, bound: str, year: int | None, clause: Clause, quote: str
) -> list[Found]:
    """The rule of a share the text sets (a sentence's or an indicator table's), by what it is a
    share of: beds, inclusive places, streets and townships, communities."""
    figure = f"{percent:g}% ({subject})"

    def unsure(reason: Said) -> list[Found]:
        return [Unsure(figure, reason, clause, quote)]

    if bound == "less_than" and "政府运营" in subject:
        return unsure(Said("less than (小于): the rule reads at most (不超过); decide which the text means"))
    if bound in ("at_most", "less_than") and "政府运营" not in subject:
        return unsure(Said("an upper bound on a share: read only for government-run beds (政府运营床位)"))
    share = round(percent / 100, 4)
    if "床位" in subject:
        which = "government" if "政府运营" in subject else "nursing" if "护理" in subject else None
        if which is None:
            if "普惠" in subject:
                return unsure(Said("an inclusive (普惠) share of beds: no rule kind checks it"))
            return unsure(
                Said("a share of beds other than nursing or government-run ones: no rule kind checks it")
            )
        params: dict[str, Any] = {"beds": which}
        params["max_share" if bound == "at_most" else "min_share"] = share
        if bound == "more_than":
            params["more_than"] = True
        return city_target("bed_share", "eldercare", params, year, clause, quote, figure)
    if "普惠" in subject:
        if "托位" not in subject:
            return unsure(
                Said("an inclusive (普惠) share of what is not nursery places: no rule kind checks it")
            )
        if bound == "more_than":
            return unsure(Said("more than (超过) an inclusive share: the rule reads at least; decide"))
        return city_target("inclusive_share", "childcare", {"min_share": share}, year, clause, quote, figure)
    category = "eldercare" if "照料" in subject else category_in(subject)
    if re.search(r"(?<!城)乡|(?<!城)镇|街道", subject) and re.search(r"中心|机构", subject):
        words = service_words(subject)
        if category is None or words is None:
            return unsure(
                Said("a share of streets and townships with a centre the drafting cannot tell from others")
            )
        params = {"min_share": share, "service_words": words}
        if bound == "more_than":
            params["more_than"] = True
        return city_target("street_share", category, params, year, clause, quote, figure)
    community = re.search(r"社区", subject) and not re.search(
        r"(?<!城)乡|(?<!城)镇|街道|县|居家社区|新建|配套(?!率)|配建", subject
    )
    if not community or not re.search(r"覆盖率|覆盖面|建有率|配套率", subject):
        return unsure(
            Said("a share that no rule kind checks yet (only shares of communities with a facility are)")
        )
    categories = ["eldercare", "childcare"] if "一老一小" in subject else [category] if category else []
    if not categories:
        return unsure(Said("a share whose category the sentence does not say"))
    params = {"min_share": share}
    if bound == "more_than":
        params["more_than"] = True
    if "日间照料" in subject or "日照" in subject:
        params["service_words"] = list(DAY_CARE_WORDS)
    note = "覆盖面 (reach) read as the share of communities with a facility" if "覆盖面" in subject else ""
    found: list[Found] = []
    for each in categories:
        found += city_target("community_share", each, dict(params), year, clause, quote, figure, note)
    return found


def city_target(
    kind: str,
    category: str,
    params: dict[str, Any],
    year: int | None,
    clause: Clause,
    quote: str,
    figure: str,
    note: str = "",
) -> list[Found]:
    """A city's aim for its year: a target, or a comment where the text gives no year."""
    if year is None:
        return [Unsure(figure, Said("a city's aim with no year it is set for"), clause, quote)]
    return [
        Figure(
            kind,
            category,
            "any",
            params,
            clause,
            quote,
            scope="city",
            target_year=year,
            binding="target",
            note=note,
        )
    ]


def _beds_per_elderly(
    match: re.Match[str],
    place: _Place,
    year: int | None,
    clause: Clause,
    quote: str,
) -> Found:
    """每千名老年人拥有养老护理型床位数达到12张: beds (护理型: nursing beds) per 1,000 older residents."""
    params: dict[str, Any] = {"rate_beds_per_1000_elderly": _value(match.group("v"))}
    if "护理" in match.group("what"):
        params["nursing"] = True
    figure = f"{match.group('v')} beds per 1,000 older residents"
    return city_target("beds_per_elderly", "eldercare", params, year, clause, quote, figure)[0]


def _city_total(
    kind: str,
    match: re.Match[str],
    place: _Place,
    year: int | None,
    clause: Clause,
    quote: str,
) -> Found:
    """全市养老服务床位总量达到5.6万张 (``total_beds``), 全区托位数达到4000个 (``places_minimum``
    of the city)."""
    value = float(match.group("v"))
    if kind == "total_beds":
        category, params, figure = "eldercare", {"min_beds": int(value)}, f"{match.group('v')} beds"
    else:
        category, params, figure = "childcare", {"min_places": int(value)}, f"{match.group('v')} places"
    if not value.is_integer():
        return Unsure(figure, Said("a total that is not a whole number"), clause, quote)
    note = ""
    if kind == "places_minimum" and not match.group("unit").strip():
        said = match.group("v")
        note = f"the text runs {said} into the year after it (no 个): read as {said} places"
    return city_target(kind, category, params, year, clause, quote, figure, note)[0]


def _all_streets(
    match: re.Match[str],
    place: _Place,
    year: int | None,
    clause: Clause,
    quote: str,
) -> Found:
    """全市所有街道至少建成一所…综合性养老服务中心: every street (or township) with the centre."""
    what = match.group("what")
    figure = f"{match.group('v') or 1} {what} ({match.group('areas')})"
    if match.group("v") and float(match.group("v")) != 1:
        return Unsure(
            figure, Said("several centres in every street: the rule counts streets with one"), clause, quote
        )
    category = category_in(what)
    words = service_words(what)
    if category is None or words is None:
        return Unsure(
            figure,
            Said("a share of streets and townships with a centre the drafting cannot tell from others"),
            clause,
            quote,
        )
    params: dict[str, Any] = {"min_share": 1.0, "service_words": words}
    areas = match.group("areas")
    if areas == "街道":
        params["names_ending"] = ["街道"]
    note = f"所有{areas}: every one; a {areas} counts when a facility in it says {words[0]}"
    return city_target("street_share", category, params, year, clause, quote, figure, note)[0]


def _county_count(
    match: re.Match[str],
    place: _Place,
    year: int | None,
    clause: Clause,
    quote: str,
) -> Found:
    """每个县(市、区)至少建成1个婴幼儿照护服务机构: institutions (or facilities) in every district."""
    what = match.group("what")
    figure = f"{match.group('v')} {what}"
    category = category_in(what)
    if category is None:
        return Unsure(
            figure, Said("a count per county whose category the sentence does not say"), clause, quote
        )
    if "示范" in what:
        return Unsure(
            figure,
            Said("a demonstration (示范) institution: whether one is, is not in the data"),
            clause,
            quote,
        )
    params: dict[str, Any] = {"min_count": int(float(match.group("v")))}
    if what.endswith("机构"):
        params["count"] = "institutions"
    if not GENERIC_FACILITY.match(what):
        words = service_words(what)
        if words is None:
            return Unsure(
                figure,
                Said("an institution of a kind the drafting cannot tell from others: give its service words"),
                clause,
                quote,
            )
        params["service_words"] = words
    return Figure(
        "facility_count",
        category,
        "any",
        params,
        clause,
        quote,
        scope="district",
        target_year=year,
        binding="target" if year is not None else place.binding(),
    )


def _cover_all(
    match: re.Match[str],
    place: _Place,
    year: int | None,
    clause: Clause,
    quote: str,
) -> list[Found]:
    """实现城乡社区养老服务设施全覆盖: every community with a facility (a share of 100 %)."""
    subject = match.group("subject")
    if not re.search(r"设施|机构|中心|站", subject) or not (category_in(subject) or "一老一小" in subject):
        return []
    found = share_rule(f"{subject}覆盖率", 100.0, "at_least", year, clause, quote)
    return [
        _with(item, note=_joined(item.note, "全覆盖 read as 100 %")) if isinstance(item, Figure) else item
        for item in found
    ]
