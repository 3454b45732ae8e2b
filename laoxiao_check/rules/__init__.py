"""Profiles and rule kinds: pure arithmetic over what they are given (a project, its completed
population, its coverage measured beforehand). They import only ``model``.

:data:`RULE_KINDS` registers the kinds of ``kinds/`` by name; :func:`evaluate` applies the gates
every kind shares (scope, ``applies_when``, rooms a list leaves unknown) before a kind judges.
Adding a kind: write a module in ``kinds/`` with a :class:`RuleKind` subclass and list it here.
"""

from __future__ import annotations

import dataclasses

from laoxiao_check.model.glossary import SCOPE
from laoxiao_check.model.profile import RuleSpec
from laoxiao_check.model.records import SCOPES, Finding, Project
from laoxiao_check.rules.base import CheckContext, RuleKind
from laoxiao_check.rules.kinds.bed_share import BedShare
from laoxiao_check.rules.kinds.beds_per_elderly import BedsPerElderly
from laoxiao_check.rules.kinds.community_share import CommunityShare
from laoxiao_check.rules.kinds.coverage import Coverage
from laoxiao_check.rules.kinds.facility_count import FacilityCount
from laoxiao_check.rules.kinds.floor_area import FloorAreaPerHouseholds
from laoxiao_check.rules.kinds.inclusive_share import InclusiveShare
from laoxiao_check.rules.kinds.land_area import LandPerResident
from laoxiao_check.rules.kinds.lift import LiftFromStorey
from laoxiao_check.rules.kinds.no_figure import NoFigure
from laoxiao_check.rules.kinds.own_entrance import OwnEntrance
from laoxiao_check.rules.kinds.phased_delivery import PhasedDelivery
from laoxiao_check.rules.kinds.places import PlacesPerPopulation
from laoxiao_check.rules.kinds.places_minimum import PlacesMinimum
from laoxiao_check.rules.kinds.site_area import SiteAreaMinimum
from laoxiao_check.rules.kinds.storey_limits import StoreyLimits
from laoxiao_check.rules.kinds.street_share import StreetShare
from laoxiao_check.rules.kinds.total_beds import TotalBeds

RULE_KINDS: dict[str, RuleKind] = {
    kind.kind: kind
    for kind in (
        FloorAreaPerHouseholds(),
        SiteAreaMinimum(),
        PlacesPerPopulation(),
        PlacesMinimum(),
        FacilityCount(),
        LandPerResident(),
        CommunityShare(),
        StreetShare(),
        InclusiveShare(),
        BedsPerElderly(),
        BedShare(),
        TotalBeds(),
        Coverage(),
        PhasedDelivery(),
        StoreyLimits(),
        OwnEntrance(),
        LiftFromStorey(),
        NoFigure(),
    )
}

APPLIES_WHEN_KEYS = {
    "population_at_least": ("population", "residents", "人", "人口"),
    "households_at_least": ("households", "households", "户", "户数"),
}
APPLIES_WHEN_FLAGS = {
    "renovation": ("renovation", "old-estate renovation (改造) projects", "老旧小区改造项目"),
    "urban": ("urban", "urban communities (城市社区)", "城市社区"),
}
"""``applies_when`` keys that take ``true``: the rule binds only projects marked so."""


def evaluate(rule: RuleSpec, project: Project, context: CheckContext) -> Finding:
    """Evaluate one rule, after its threshold (``applies_when``), if any.

    Where the project's rooms of the rule's category are unknown (``Project.unknown_rooms``),
    the finding is ``insufficient_data`` with the requirement still computed.
    """
    kind = RULE_KINDS[rule.kind]
    if rule.scope != "project" and SCOPES.index(rule.scope) < SCOPES.index(project.scope):
        # a rule per community is not met by a whole district's totals (one nursery of 96
        # places is not one per community of a 300,000-resident district)
        level, own = SCOPE[rule.scope], SCOPE[project.scope]
        return kind.finding(
            rule,
            "not_applicable",
            message_en=f"set for each {level['en']}: not judged on a whole {own['en']}'s totals "
            f"(audit judges each {level['en']} of a list)",
            message_zh=f"按每个{level['zh']}要求，不以整个{own['zh']}的合计判定"
            f"（audit 按名单逐个{level['zh']}判定）",
            details={"scope": rule.scope, "checked_at": rule.scope},
        )
    if SCOPES.index(rule.scope) > SCOPES.index(project.scope):
        level = SCOPE[rule.scope]
        return kind.finding(
            rule,
            "not_applicable",
            message_en=f"checked at {level['en']} level, not on one project (if the project forms the whole "
            f"{level['en']}, declare scope: {rule.scope} with its population)",
            message_zh=f"在{level['zh']}层面核查，不针对单个项目（如项目即为整个{level['zh']}，请声明范围为{level['zh']}并填写人口）",
            details={"scope": rule.scope, "checked_at": rule.scope},
        )
    why = project.unknown_rooms.get(rule.category)
    if why is not None and kind.needs_own_rooms:
        without = dataclasses.replace(
            project,
            facilities=tuple(f for f in project.facilities if f.category != rule.category),
            unknown_rooms={},
        )
        judged = evaluate(rule, without, context)
        if judged.status == "not_applicable":
            return judged
        return dataclasses.replace(
            judged,
            status="insufficient_data",
            provided=None,
            shortfall=None,
            message={"en": f"rooms unknown: {why['en']}", "zh": f"用房情况不明：{why['zh']}"},
        )
    for key, threshold in rule.applies_when.items():
        if key == "urban":  # Guizhou (五): 城市社区, not a township's community
            if project.community_type is None:
                return kind.finding(
                    rule,
                    "insufficient_data",
                    message_en="applies to urban communities (城市社区): the community's type is not known "
                    "(add community_type, 社区类型, to the population table)",
                    message_zh="本条适用于城市社区：社区类型不明（请在人口表中增加“社区类型”列）",
                )
            if project.community_type != "urban":
                return kind.finding(
                    rule,
                    "not_applicable",
                    message_en="applies to urban communities (城市社区); this is a township's community",
                    message_zh="本条适用于城市社区；本社区为乡镇社区",
                )
            continue
        if key in APPLIES_WHEN_FLAGS:
            attribute, words_en, words_zh = APPLIES_WHEN_FLAGS[key]
            if not getattr(project, attribute):
                own = SCOPE[project.scope]
                if project.scope == "project":
                    unmarked_en, unmarked_zh = "the project is not marked as one", "本项目未标注为改造项目"
                else:  # a community (or wider) judged on the estates of the list in it
                    unmarked_en = f"the {own['en']} holds no estate marked as one"
                    unmarked_zh = f"本{own['zh']}无标注为改造的小区"
                return kind.finding(
                    rule,
                    "not_applicable",
                    message_en=f"applies to {words_en}; {unmarked_en} ({attribute}: yes)",
                    message_zh=f"本条适用于{words_zh}；{unmarked_zh}（老旧小区改造：是）",
                )
            continue
        attribute, word_en, word_zh, name_zh = APPLIES_WHEN_KEYS[key]
        value = getattr(project, attribute)
        if value is None:
            return kind.finding(
                rule,
                "insufficient_data",
                message_en=f"{attribute} unknown: the rule applies from {threshold:g} {word_en}",
                message_zh=f"{name_zh}未知：本条适用于{threshold:g}{word_zh}以上",
            )
        if value < threshold:
            own = SCOPE[project.scope]
            return kind.finding(
                rule,
                "not_applicable",
                message_en=f"applies from {threshold:g} {word_en}; the {own['en']} has {value:g}",
                message_zh=f"本条适用于{threshold:g}{word_zh}以上，本{own['zh']}为{value:g}{word_zh}",
            )
    return kind.evaluate(rule, project, context)


__all__ = [
    "APPLIES_WHEN_FLAGS",
    "APPLIES_WHEN_KEYS",
    "RULE_KINDS",
    "CheckContext",
    "RuleKind",
    "RuleSpec",
    "evaluate",
]
