"""The checkable figures of a policy text's sentences and table rows: pure functions of text.

Each figure is read with what it needs to become a rule — its kind and parameters, the category
(养老 or 托育), the projects it binds (新建 or 已建成 / 老城区 / 老旧小区), the level it binds (a
project, a community, a district, the city), the year of a target (到2025年…) and whether it
binds at all (应 / 须 / 按…标准配建, against 鼓励 / 可). A figure read only partly — no category,
no scope, a forecast, or a kind of figure no rule kind checks (普惠 shares of beds, beds added) —
is an :class:`Unsure`, written for the reviewer to decide and never guessed into a rule.

A city's aims (:mod:`.aims`, read after the rates) become the kinds that judge them: shares
of streets and townships with a centre (``street_share``), of inclusive nursery places
(``inclusive_share``), of nursing or government-run beds (``bed_share``), beds per 1,000 older
residents (``beds_per_elderly``), a total of beds (``total_beds``) or of nursery places
(``places_minimum`` at ``scope: city``), and institutions in every county (``facility_count``
at ``scope: district``)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from laoxiao_check.model.messages import Said
from laoxiao_check.rules import RULE_KINDS
from laoxiao_check.rules.draft.numerals import plain
from laoxiao_check.rules.draft.outline import Clause, Paragraph


def _figure_param(kind: str) -> str:
    """The parameter of a rule kind that holds its figure (the rate, the minimum): named by the
    kind itself, so that a rate's name is written in its kind's module only."""
    return next(iter(RULE_KINDS[kind].params))


PLACES_RATE = _figure_param("places_per_population")
PHASED_RATES = tuple(RULE_KINDS["phased_delivery"].optional_params)
"""The rates a phased delivery takes from the rule beside it (area per households, places)."""
NUM = r"\d+(?:\.\d+)?"
AT_LEAST = r"不低于|不少于|不小于|不得少于|不得低于|达到|达|至少|≥|>=|以上"
MORE_THAN = r"大于|高于|超过|多于|>|＞"
CMP = rf"(?:{AT_LEAST}|{MORE_THAN})"
AT_MOST = r"不超过|不高于|不大于|≤|<="
LESS_THAN = r"小于|<|＜"
BOUNDED = rf"(?:{AT_LEAST}|{MORE_THAN}|{AT_MOST}|{LESS_THAN})"
"""A share's comparison, an upper bound (不超过, 小于) included: read by :func:`bound_of`."""
RANGE = r"\s*[~～〜\-—–至到]\s*"

ELDERCARE_WORDS = ("养老", "老年", "日间照料", "照料中心", "敬老", "为老")
CHILDCARE_WORDS = ("托育", "托位", "婴幼儿", "托儿", "育儿", "托幼")
NEW_WORDS = re.compile(r"新建(?:城区|住宅|居住|小区|居民|社区)")
EXISTING_WORDS = re.compile(r"已建成|已建(?:住宅|小区|居住)|老城区|旧城区|老旧小区|既有(?:住宅|小区)")
MUST_WORDS = re.compile(r"应|须|必须|不得")
MAY_WORDS = re.compile(r"鼓励|支持|可以")
FORECAST_WORDS = re.compile(r"预计|预测|测算")
CURRENT_WORDS = re.compile(r"截至|目前|现有|已有|末[,，]")
YEAR = re.compile(r"(?:到|至)?(20\d\d)年(?:底|末|前)?")
PLAN_PERIOD = re.compile(r"十四五”?(?:期间|时期|末)")
"""“十四五”期间: the five-year plan 2021–2025, whose aims are set for its last year."""
PLAN_PERIOD_END = 2025
DAY_CARE_WORDS = ["日间照料", "日照中心", "日托", "day care"]

PER_100 = re.compile(
    rf"每百户(?:住宅)?(?:建筑面积|用房面积|面积)?(?:按)?\s*(?P<cmp>{CMP})?\s*"
    rf"(?:(?P<low>{NUM}){RANGE})?(?P<v>{NUM})\s*平方米(?P<after>以上)?"
)
PER_100_AFTER = re.compile(
    rf"(?P<cmp>{CMP})?\s*(?:(?P<low>{NUM}){RANGE})?(?P<v>{NUM})\s*平方米\s*/\s*(?:每)?百户"
)
"""不少于20平方米/百户: the rate written unit first."""
AREA_ALONE = re.compile(rf"(?P<cmp>{CMP})\s*(?:(?P<low>{NUM}){RANGE})?(?P<v>{NUM})\s*平方米")
SITE = re.compile(rf"(?:单处|每处|单个)[^,，;；。]{{0,12}}?(?P<cmp>{CMP})\s*(?P<v>{NUM})\s*平方米")
POOLED = re.compile(rf"集中[^。]*?(?:不少于|不低于|不小于)\s*(?P<v>{NUM})\s*平方米")
PLACES = re.compile(
    rf"每千(?:名)?(?:常住)?(?:人口|人)(?:拥有)?(?:3岁以下)?(?:婴幼儿)?(?P<count>托位数?)?\s*"
    rf"(?P<each>分别)?(?P<cmp>{CMP})?\s*(?:(?P<low>{NUM}){RANGE})?(?P<v>{NUM})\s*个(?P<unit>托位)?"
)
EACH_VALUE = re.compile(rf"(?P<v>{NUM})\s*个")
RADIUS = re.compile(
    rf"服务半径[^,，;；。]{{0,8}}?(?P<cmp>小于|不大于|不超过|不宜大于|不宜超过|≤|<)?\s*"
    rf"(?:(?P<low>{NUM}){RANGE})?(?P<v>{NUM})\s*米(?P<after>以内|之内|范围内)?"
)
LAND = re.compile(rf"人均(?:用地|用地面积)[^,，;；。]{{0,6}}?(?P<cmp>{CMP})\s*(?P<v>{NUM})\s*平方米")
COMMUNITY_PLACES = re.compile(
    rf"(?P<pop>{NUM})\s*人(?:口)?(?:及)?以上(?:的)?(?P<area>城市|城镇)?社区[^,，;；。]{{0,6}}?"
    rf"(?P<cmp>{CMP})\s*(?P<v>{NUM})\s*个托位"
)
COMMUNITY_COUNT = re.compile(
    rf"(?:所有|每个|各)(?:城市|城镇|城乡)?社区[^,，;；。]{{0,8}}?(?P<v>{NUM})\s*(?:个|所|处)(?:以上)?"
    rf"(?P<what>[^,，;；。]{{0,12}}?(?:机构|设施|中心|站))"
)
REQUIRED_ITEM = re.compile(
    r"老旧小区改造[^。]*?(?P<what>[^,，;；。]{2,16}?(?:设施|用房|机构))为(?:改造)?必备项目"
)
BEDS = re.compile(rf"床位[^,，;；。]{{0,10}}?(?:{BOUNDED})?\s*{NUM}\s*(?:张|%)|{NUM}\s*张")


@dataclass(frozen=True)
class Figure:
    """A figure read whole: the rule it becomes."""

    kind: str
    category: str
    project_kind: str
    """``new``, ``existing`` or ``any``."""
    params: dict[str, Any]
    clause: Clause
    sentence: str
    scope: str = "project"
    target_year: int | None = None
    binding: str = "binds"
    applies_when: dict[str, Any] = field(default_factory=dict)
    note: str = ""


@dataclass(frozen=True)
class Unsure:
    """A figure read only partly: written as a comment with its clause, for the reviewer."""

    figure: str
    reason: Said
    clause: Clause
    sentence: str


Found = Figure | Unsure


def category_in(text: str) -> str | None:
    """``eldercare`` or ``childcare`` where the text names one of them only; else None."""
    elder = any(word in text for word in ELDERCARE_WORDS)
    child = any(word in text for word in CHILDCARE_WORDS)
    if elder == child:
        return None
    return "eldercare" if elder else "childcare"


def sentences(text: str) -> list[str]:
    return [part.strip() for part in re.findall(r"[^。！？!?]+[。！？!?]?", text) if part.strip()]


@dataclass(frozen=True)
class _Place:
    """A figure's place in its sentence (read in the plain form)."""

    sentence: str
    start: int
    end: int

    def clause(self) -> tuple[int, int]:
        """Bounds of the ；-clause holding the figure."""
        left = max(self.sentence.rfind(mark, 0, self.start) for mark in ";；")
        rights = [i for i in (self.sentence.find(mark, self.end) for mark in ";；") if i >= 0]
        return left + 1, min(rights) if rights else len(self.sentence)

    def segments(self) -> list[str]:
        """The comma segments of the clause, the figure's own first, then those after it, then
        those before it (nearest first)."""
        low, high = self.clause()
        before = re.split(r"[,，]", self.sentence[low : self.start])
        after = re.split(r"[,，]", self.sentence[self.end : high])
        own = before[-1] + self.sentence[self.start : self.end] + after[0]
        return [own, *after[1:], *reversed(before[:-1])]

    def category(self) -> str | None:
        for segment in self.segments():
            found = category_in(segment)
            if found:
                return found
        return None

    def project_kind(self) -> str | None:
        low, high = self.clause()
        for text, nearest in ((self.sentence[low : self.start], -1), (self.sentence[self.end : high], 0)):
            hits = [(m.start(), "new") for m in NEW_WORDS.finditer(text)]
            hits += [(m.start(), "existing") for m in EXISTING_WORDS.finditer(text)]
            if hits:
                return sorted(hits)[nearest][1]
        return None

    def year_before(self) -> int | None:
        years = [m for m in YEAR.finditer(self.sentence, 0, self.start)]
        return int(years[-1].group(1)) if years else None

    def binding(self) -> str:
        """``advisory`` where the clause only encourages the figure (鼓励 / 支持 / 可 before it, and
        no 应 / 须 / 不得); else ``binds``."""
        low, high = self.clause()
        if MAY_WORDS.search(self.sentence[low : self.start]) and not MUST_WORDS.search(
            self.sentence[low:high]
        ):
            return "advisory"
        return "binds"


def _value(text: str) -> float | int:
    number = float(text)
    return int(number) if number.is_integer() else number


def _range_note(match: re.Match[str], unit: str, lower_end: bool = True) -> str:
    if not match.groupdict().get("low"):
        return ""
    end = "lower" if lower_end else "upper"
    return f"range {match.group('low')}–{match.group('v')} {unit} in the text: its {end} end taken"


SentenceReader = Callable[
    [
        str,
        str,
        Clause,
        Callable[[re.Match[str]], bool],
        Callable[[re.Match[str]], "tuple[_Place, int | None]"],
    ],
    list["Figure | Unsure"],
]
"""Reads more of a sentence (its plain text, its quote, its clause), given ``free`` (are a
match's words untaken?) and ``at`` (take them, giving its place and the year it is set for)."""


def read_paragraph(paragraph: Paragraph, read_more: SentenceReader | None = None) -> list[Found]:
    """Every figure of a paragraph's sentences (``read_more``: the readers of :mod:`.aims`)."""
    found: list[Found] = []
    context_year: int | None = None
    sentences_read = sentences(paragraph.text)
    delivered_together = (
        "四同步" in paragraph.text or "同步交付" in paragraph.text or "同步验收" in paragraph.text
    )
    acceptance_blocked = bool(re.search(r"不得[^。]{0,6}竣工验收", paragraph.text))
    for quote in sentences_read:
        text = plain(quote)
        figures = _read_sentence(text, quote, paragraph, context_year, read_more)
        found.extend(figures)
        years = YEAR.findall(text)
        if years:
            context_year = int(years[-1])
    found = _pooled_centres(found, paragraph, sentences_read)
    if delivered_together:
        found.extend(_phased(found))
    if acceptance_blocked:
        found = [_blocked(item) for item in found]
    return found


def _blocked(item: Found) -> Found:
    if (
        isinstance(item, Figure)
        and item.project_kind == "new"
        and item.kind
        in (
            "floor_area_per_households",
            "phased_delivery",
        )
    ):
        note = "the text bars completion acceptance (竣工验收) until the rooms are built and handed over"
        return _with(item, params={**item.params, "acceptance_blocked": True}, note=_joined(item.note, note))
    return item


def _with(item: Figure, **changes: Any) -> Figure:
    from dataclasses import replace

    return replace(item, **changes)


def _joined(*notes: str) -> str:
    return "; ".join(note for note in notes if note)


def _phased(found: list[Found]) -> list[Found]:
    """四同步 (同步规划、同步建设、同步验收、同步交付) beside a new estates' rate: the rooms are
    delivered with each phase of the housing."""
    phased: list[Found] = []
    for item in found:
        if not isinstance(item, Figure) or item.project_kind != "new" or item.binding != "binds":
            continue
        if item.kind not in ("floor_area_per_households", "places_per_population") or item.scope != "project":
            continue
        params = {key: value for key, value in item.params.items() if key in PHASED_RATES}
        note = "the text asks for 四同步 (planned, built, accepted and delivered with the housing)"
        phased.append(_with(item, kind="phased_delivery", params=params, note=note, target_year=None))
    return phased


def _pooled_centres(found: list[Found], paragraph: Paragraph, quotes: list[str]) -> list[Found]:
    """A pooled centre (鼓励将配建指标进行适度集中…不少于2000平方米) read into the site rule it loosens."""
    for quote in quotes:
        text = plain(quote)
        match = POOLED.search(text)
        if not match or "每百户" in text or SITE.search(text):
            continue
        for index, item in enumerate(found):
            if isinstance(item, Figure) and item.kind == "site_area_minimum":
                note = f"a pooled centre of at least {match.group('v')} m² counts: {quote}"
                params = {**item.params, "min_pooled_centre_m2": _value(match.group("v"))}
                found[index] = _with(item, params=params, note=_joined(item.note, note))
                break
        else:
            found.append(
                Unsure(
                    f"{match.group('v')} m²",
                    Said("a pooled centre's area with no site rule beside it"),
                    paragraph.clause,
                    quote,
                )
            )
    return found


def _read_sentence(
    text: str, quote: str, paragraph: Paragraph, context_year: int | None, read_more: SentenceReader | None
) -> list[Found]:
    found: list[Found] = []
    taken: list[tuple[int, int]] = []

    def free(match: re.Match[str]) -> bool:
        return not any(match.start() < end and start < match.end() for start, end in taken)

    def take(match: re.Match[str]) -> _Place:
        taken.append((match.start(), match.end()))
        return _Place(text, match.start(), match.end())

    def at(match: re.Match[str]) -> tuple[_Place, int | None]:
        """The figure's place (taken: no later pattern reads its words) and the year it is set for."""
        place = take(match)
        return place, _target_year(place, paragraph, context_year)

    clause = paragraph.clause
    per_100_seen = False
    for pattern in (PER_100, PER_100_AFTER):
        for match in pattern.finditer(text):
            if free(match):
                per_100_seen = True
                found.append(_area_rule(match, take(match), clause, quote, "floor_area_per_households"))
    for match in SITE.finditer(text):
        if free(match):
            found.append(_area_rule(match, take(match), clause, quote, "site_area_minimum"))
    if per_100_seen:  # 按每百户不少于30平方米…,不少于20平方米的标准配建托育用房: the rate goes on
        for match in AREA_ALONE.finditer(text):
            if free(match) and not POOLED.search(text[: match.end()]):
                found.append(_area_rule(match, take(match), clause, quote, "floor_area_per_households"))
    for match in COMMUNITY_PLACES.finditer(text):
        found.append(_community(match, *at(match), clause, quote, "places_minimum"))
    for match in COMMUNITY_COUNT.finditer(text):
        if free(match):
            found.append(_community(match, *at(match), clause, quote, "facility_count"))
    for match in PLACES.finditer(text):
        if free(match) and (match.group("count") or match.group("unit")):
            found.extend(_places(match, *at(match), clause, quote))
    for match in RADIUS.finditer(text):
        if free(match):
            found.append(_radius(match, take(match), clause, quote))
    for match in LAND.finditer(text):
        if free(match):
            found.append(_land(match, take(match), clause, quote))
    for match in REQUIRED_ITEM.finditer(text):
        found.append(_required_item(match, take(match), clause, quote))
    if read_more is not None:  # the city's aims (.aims), where the rates left the words free
        found.extend(read_more(text, quote, clause, free, at))
    return found


def _area_rule(match: re.Match[str], place: _Place, clause: Clause, quote: str, kind: str) -> Found:
    figure = f"{match.group('v')} m²"
    category = place.category()
    project_kind = place.project_kind()
    if category is None:
        return Unsure(
            figure, Said("an area whose category (养老 or 托育) the sentence does not say"), clause, quote
        )
    if project_kind is None:
        return Unsure(figure, Said("an area with no scope (新建 or 已建成) in its sentence"), clause, quote)
    value = match.groupdict().get("low") or match.group("v")
    param = _figure_param(kind)
    note = _joined(_range_note(match, "m²"), _year_note(place))
    return Figure(
        kind,
        category,
        project_kind,
        {param: _value(value)},
        clause,
        quote,
        binding=place.binding(),
        note=note,
    )


def _year_note(place: _Place) -> str:
    year = place.year_before()
    return f"the sentence names {year}: a standard for every project, read as binding" if year else ""


def _target_year(place: _Place, paragraph: Paragraph, context_year: int | None) -> int | None:
    """The year a target is set for: said before it in its sentence (or “十四五”期间 before it:
    the plan's last year), else the paragraph's year before it (力争…), else the year of the
    aims' section."""
    period = PLAN_PERIOD_END if PLAN_PERIOD.search(place.sentence, 0, place.start) else None
    return place.year_before() or period or context_year or paragraph.section_year


def _places(
    match: re.Match[str],
    place: _Place,
    year: int | None,
    clause: Clause,
    quote: str,
) -> list[Found]:
    figure = f"{match.group('v')} places per 1,000 residents"
    if FORECAST_WORDS.search(place.sentence[: place.start]):
        return [Unsure(figure, Said("a forecast (预计), not a requirement or a target"), clause, quote)]
    if not match.group("cmp") and not match.group("each"):
        return []  # 每千人口托位数0.91个: what is, not what is asked
    project_kind = place.project_kind()
    value = match.groupdict().get("low") or match.group("v")
    if project_kind is not None:
        note = _joined(_range_note(match, "places"), _year_note(place))
        rule = Figure(
            "places_per_population",
            "childcare",
            project_kind,
            {PLACES_RATE: _value(value)},
            clause,
            quote,
            binding=place.binding(),
            note=note,
        )
        return [rule]
    if match.group("each"):  # 2023年、2024年、2025年…分别达到3.2个、3.9个、4.5个
        years = [int(y) for y in re.findall(r"(20\d\d)年", place.sentence[: place.start])]
        values = EACH_VALUE.findall(place.sentence[match.start("each") :].split("，")[0].split(",")[0])
        if not years or len(years) != len(values):
            return [
                Unsure(
                    figure, Said("figures for several years that do not pair with the years"), clause, quote
                )
            ]
        return [city_places(float(v), year, clause, quote) for year, v in zip(years, values, strict=True)]
    if year is None:
        return [
            Unsure(
                figure,
                Said("places per 1,000 residents with no scope (新建 or 已建成) and no year"),
                clause,
                quote,
            )
        ]
    return [city_places(float(value), year, clause, quote)]


def city_places(value: float, year: int, clause: Clause, quote: str) -> Figure:
    return Figure(
        "places_per_population",
        "childcare",
        "any",
        {PLACES_RATE: _value(str(value))},
        clause,
        quote,
        scope="city",
        target_year=year,
        binding="target",
    )


def _community(
    match: re.Match[str],
    place: _Place,
    year: int | None,
    clause: Clause,
    quote: str,
    kind: str,
) -> Found:
    binding = "target" if year is not None else place.binding()
    if kind == "places_minimum":
        category: str | None = "childcare"
        params: dict[str, Any] = {"min_places": int(float(match.group("v")))}
        applies_when: dict[str, Any] = {"population_at_least": _value(match.group("pop"))}
        if match.group("area") == "城市":  # 城市社区: urban communities only (城镇 takes the towns' too)
            applies_when["urban"] = True
        figure = f"{match.group('v')} places"
    else:
        category = category_in(match.group("what"))
        params = {"min_count": int(float(match.group("v")))}
        if match.group("what").endswith("机构"):  # 托育机构: institutions, not rooms
            params["count"] = "institutions"
        applies_when = {}
        figure = f"{match.group('v')} {match.group('what')}"
    if category is None:
        return Unsure(
            figure, Said("a count per community whose category the sentence does not say"), clause, quote
        )
    return Figure(
        kind,
        category,
        "any",
        params,
        clause,
        quote,
        scope="community",
        target_year=year,
        binding=binding,
        applies_when=applies_when,
    )


def _radius(match: re.Match[str], place: _Place, clause: Clause, quote: str) -> Found:
    figure = f"{match.group('v')} m"
    category = place.category()
    if category is None:
        return Unsure(
            figure, Said("a service radius whose category the sentence does not say"), clause, quote
        )
    distance = _value(match.group("v"))
    params: dict[str, Any] = {"level": f"radius{distance}", "max_distance_m": distance, "required_ratio": 1.0}
    if match.group("cmp") in ("小于", "<"):
        params["less_than"] = True
    binding = place.binding()
    if match.group("cmp") in ("不宜大于", "不宜超过"):
        binding = "advisory"
    note = _range_note(match, "m", lower_end=False)
    return Figure("coverage", category, "any", params, clause, quote, binding=binding, note=note)


def _land(match: re.Match[str], place: _Place, clause: Clause, quote: str) -> Found:
    figure = f"{match.group('v')} m² per resident"
    category = place.category()
    if category is None:
        return Unsure(
            figure, Said("land per resident whose category the sentence does not say"), clause, quote
        )
    note = "land of the spatial plan, judged per district (audit)"
    params = {"rate_m2_per_resident": _value(match.group("v"))}
    return Figure(
        "land_per_resident",
        category,
        "any",
        params,
        clause,
        quote,
        scope="district",
        binding=place.binding(),
        note=note,
    )


def _required_item(match: re.Match[str], place: _Place, clause: Clause, quote: str) -> Found:
    category = category_in(match.group("what"))
    if category is None:
        return Unsure(
            match.group("what"),
            Said("a facility required in renovations whose category is not said"),
            clause,
            quote,
        )
    note = f"{match.group('what')}为改造必备项目: one facility per community of a renovated old estate"
    return Figure(
        "facility_count",
        category,
        "existing",
        {"min_count": 1},
        clause,
        quote,
        scope="community",
        applies_when={"renovation": True},
        note=note,
    )
