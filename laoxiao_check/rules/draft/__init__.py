"""``rules draft``: a draft rule profile read from a policy text, for a person to review.

The text's lines (from :mod:`laoxiao_check.io.policy_text`) are outlined into paragraphs and
tables under their heading paths (:mod:`.outline`); each sentence's and each table row's figures
are read (:mod:`.figures`); figures of one rule stated in several clauses become one rule citing
them all; and the profile is written in the bundled profiles' YAML (:mod:`.writer`), every rule
with its clause, its sentence and ``review: needed``, every figure read only partly as a comment.
Pure functions of the text: no file is read or written here."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from laoxiao_check.model.messages import Said
from laoxiao_check.rules.draft.aims import read_aims
from laoxiao_check.rules.draft.figures import Figure, Unsure, read_paragraph
from laoxiao_check.rules.draft.outline import Clause, outline
from laoxiao_check.rules.draft.tables import read_table

__all__ = ["Clause", "Draft", "DraftRule", "Figure", "Unsure", "draft_rules"]


@dataclass(frozen=True)
class DraftRule:
    """A rule of the draft: its id, the figure it holds and every clause that states it."""

    id: str
    figure: Figure
    sources: tuple[tuple[Clause, str], ...]
    """(clause, sentence) of each place in the text stating the figure."""

    @property
    def clause(self) -> str:
        cited: list[str] = []
        for clause, _ in self.sources:
            if clause.cited not in cited:
                cited.append(clause.cited)
        return "；".join(cited)


@dataclass(frozen=True)
class Draft:
    rules: tuple[DraftRule, ...]
    unsure: tuple[Unsure, ...]
    title: str
    number: str
    date: str
    place_name: str


_SAME_RULE_KEYS = ("kind", "category", "project_kind", "scope", "target_year")


def rule_id(figure: Figure) -> str:
    """The id a bundled profile gives such a rule (so that a draft overrides the baseline's)."""
    category = figure.category
    if figure.kind == "floor_area_per_households":
        return f"{category}.floor_area.{figure.project_kind}"
    if figure.kind == "site_area_minimum":
        return f"{category}.site_area.{figure.project_kind}"
    if figure.kind == "phased_delivery":
        return f"{category}.phased.{figure.project_kind}"
    if figure.kind == "places_per_population":
        if figure.scope == "project":
            return f"{category}.places.{figure.project_kind}"
        return f"{category}.places.{figure.scope}_{figure.target_year}"
    year = figure.target_year
    if figure.kind == "places_minimum":
        if figure.scope == "city":
            return f"{category}.total_places.city_{year}"
        return f"{category}.community_places"
    if figure.kind == "facility_count":
        if figure.scope == "district":
            return f"{category}.facility_count.county_{year}"
        return f"{category}.facility_count" + (".existing" if figure.project_kind == "existing" else "")
    if figure.kind == "street_share":
        return f"{category}.streets.{figure.scope}_{year}"
    if figure.kind == "inclusive_share":
        return f"{category}.inclusive.{figure.scope}_{year}"
    if figure.kind == "bed_share":
        which = "nursing_beds" if figure.params.get("beds") == "nursing" else "gov_beds"
        return f"{category}.{which}.{figure.scope}_{year}"
    if figure.kind == "beds_per_elderly":
        return (
            f"{category}.{'nursing_1000' if figure.params.get('nursing') else 'beds'}.{figure.scope}_{year}"
        )
    if figure.kind == "total_beds":
        return f"{category}.total_beds.{figure.scope}_{year}"
    if figure.kind == "community_share":
        what = "day_care" if "service_words" in figure.params else "communities"
        return f"{category}.{what}.{figure.scope}_{figure.target_year}"
    if figure.kind == "coverage":
        return f"{category}.coverage.radius"
    if figure.kind == "land_per_resident":
        return f"{category}.land.{figure.scope}"
    return f"{category}.{figure.kind}"


def draft_rules(lines: list[str]) -> Draft:
    """The draft of a policy text given as its lines."""
    text_outline = outline(lines)
    found: list[Figure | Unsure] = []
    for paragraph in text_outline.paragraphs:
        read = read_paragraph(paragraph, read_aims)
        if paragraph.background:  # what is, not what is asked: said for the reviewer, never a rule
            read = [_background_figure(item) for item in read if isinstance(item, Figure)]
        found.extend(read)
    for table in text_outline.tables:
        found.extend(read_table(table))
    rules: dict[str, DraftRule] = {}
    unsure: list[Unsure] = []
    for item in found:
        if isinstance(item, Unsure):
            if all((u.figure, u.sentence) != (item.figure, item.sentence) for u in unsure):
                unsure.append(item)
            continue
        key = rule_id(item)
        held = rules.get(key)
        if held is None:
            rules[key] = DraftRule(key, item, ((item.clause, item.sentence),))
        elif _same_figure(held.figure, item):
            if (item.clause, item.sentence) not in held.sources:
                binding = "binds" if "binds" in (held.figure.binding, item.binding) else held.figure.binding
                params = {**item.params, **held.figure.params}  # acceptance_blocked said in either
                note = _merged_note(held.figure.note, item.note)
                figure = replace(held.figure, binding=binding, params=params, note=note)
                rules[key] = DraftRule(key, figure, (*held.sources, (item.clause, item.sentence)))
        else:
            unsure.append(
                Unsure(
                    _figure_words(item),
                    _another_figure(key, held.figure),
                    item.clause,
                    item.sentence,
                )
            )
    return Draft(
        tuple(rules.values()),
        tuple(unsure),
        title=_title(lines),
        number=_number(lines),
        date=_date(lines),
        place_name=_place_name(lines),
    )


def _background_figure(figure: Figure) -> Unsure:
    return Unsure(
        _figure_words(figure),
        Said("stated in a section on what is (发展基础, 现状): not read as a requirement"),
        figure.clause,
        figure.sentence,
    )


def _another_figure(key: str, held: Figure) -> Said:
    return Said(
        "another figure for rule {id}, which holds {figure} from {clause}: decide which applies",
        id=key,
        figure=_figure_words(held),
        clause=held.clause.cited,
    )


def _figure_words(figure: Figure) -> str:
    return ", ".join(f"{name} {value}" for name, value in figure.params.items() if name != "service_words")


def _same_figure(held: Figure, other: Figure) -> bool:
    if any(getattr(held, key) != getattr(other, key) for key in _SAME_RULE_KEYS):
        return False
    common = set(held.params) & set(other.params)
    return all(held.params[p] == other.params[p] for p in common) and held.applies_when == other.applies_when


def _merged_note(first: str, second: str) -> str:
    return first if not second or second in first else f"{first}; {second}" if first else second


QUOTED_TITLE = re.compile(r"《([^《》]{4,40})》(?:已经|的通知)")
ISSUED = re.compile(r"关于印发(.{4,40}?)的通知")
TITLE = re.compile(r"^[^，,。；;:：]{2,40}?(?:整体解决方案|实施方案|实施意见|规划|方案|意见|办法|细则)$")
NUMBER = re.compile(r"[\u4e00-\u9fff]{1,8}〔\d{4}〕\d{1,4}号")
DATE = re.compile(
    r"(?:成文日期|发布日期|公文生成日期|日期)\s*\]?\s*[:：]?\s*(\d{4}-\d{2}-\d{2}|\d{4}年\d{1,2}月\d{1,2}日)"
)
PLACE = re.compile(r"^(?:(?:(?!社区|小区|城区|园区)[\u4e00-\u9fff]){1,5}(?:省|自治区|市|区|县|州|旗))+")
"""The place a title begins with: 重庆市万州区, 常山市 (not 常山市社区…)."""
NAMED_PLAN = re.compile(r"[\u4e00-\u9fff]{1,10}(?:省|自治区|市|区|县|州|旗)“一老一小”整体解决方案")
HEAD_LINES = 80
"""Where a page gives the document's title, number and date: its first lines."""


def _title(lines: list[str]) -> str:
    head = [line.strip() for line in lines[:HEAD_LINES]]
    joined = "".join(head)  # a title the page (or a PDF) wrapped over two lines
    for pattern in (QUOTED_TITLE, ISSUED):
        if match := pattern.search(joined):
            return match.group(1).strip("《》")
    found = [line for line in head if TITLE.match(line)]
    if found:
        return found[0]
    named = NAMED_PLAN.search("\n".join(lines))  # a page that prints no title, naming it in its text
    return named.group(0) if named else ""


def _number(lines: list[str]) -> str:
    for line in lines[:HEAD_LINES]:
        if match := NUMBER.search(line):
            return match.group(0)
    return ""


def _date(lines: list[str]) -> str:
    for line in lines[:HEAD_LINES]:
        if match := DATE.search(line):
            return match.group(1)
    return ""


def _place_name(lines: list[str]) -> str:
    match = PLACE.match(_title(lines))
    return match.group(0) if match else ""
