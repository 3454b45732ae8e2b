"""The share of communities with a facility: a city (or district) target.

Example (Quanzhou, 表2 item 6): 社区托育服务设施覆盖率 ≥ 60 % by 2025 — of the city's 40
communities, at least ceil(0.6 × 40) = 24 must have a childcare facility. Example (Yuxi,
Wanzhou): 社区日间照料服务设施覆盖率 ≥ 90 % — only eldercare facilities that are day-care
centres count: those whose ``service`` or name says so (``service_words``: 日间照料…).
"""

from __future__ import annotations

import math
from typing import Any, ClassVar

from laoxiao_check.model.messages import Said
from laoxiao_check.model.phrasing import a_en, category_en, category_zh
from laoxiao_check.model.profile import RuleSpec
from laoxiao_check.model.records import ESTATE_LIST, CommunityFacilities, Facility, Finding, Project, Status
from laoxiao_check.rules.base import CheckContext, RuleKind, boolean, exact, fmt, positive_number, ratio


def _words(value: Any) -> str | None:
    if not isinstance(value, list) or not value or not all(isinstance(v, str) and v.strip() for v in value):
        return Said("a list of words (e.g. [日间照料, 日照中心])")
    return None


def is_of_kind(rule: RuleSpec, facility: Facility) -> bool:
    """Is the facility of the kind the rule's ``service_words`` name (its ``service``, id or name
    contains one)? Every facility is, where the rule names none."""
    words = rule.params.get("service_words")
    if not words:
        return True
    fields = (facility.service, facility.id, facility.name)
    return any(word in field for field in fields if field for word in words)


class CommunityShare(RuleKind):
    """At least ``min_share`` of the communities have a facility of the category.

    required = ceil(min_share × communities) (with ``more_than``: floor(…) + 1, the text's
    "大于"); provided = the communities with at least one
    facility of the category (of the kind ``service_words`` names, if given: a facility
    counts when its ``service`` or its name contains one of the words; with ``min_area_m2``,
    only a facility of at least that floor area counts). The communities are
    those of ``--communities``, else of the population table, else of the estate list (the
    finding says which); none known is ``insufficient_data``.
    """

    kind = "community_share"
    reads: ClassVar[tuple[str, ...]] = ("community", "district", "category", "service", "area_m2")
    metric = "community_share"
    unit = "communities"
    params = {"min_share": ratio}
    optional_params = {"service_words": _words, "more_than": boolean, "min_area_m2": positive_number}
    needs_own_rooms = False  # the communities' facilities are the city's list
    area_words = ("communities", "社区")
    count_key = "communities"
    missing_en = "give a community column or --communities"
    missing_zh = "请提供社区列或 --communities 社区边界"

    def requirement(self, rule: RuleSpec) -> dict[str, str]:
        share = fmt(exact(rule.params["min_share"]) * 100)
        words = rule.params.get("service_words")
        what_en = f"{category_en(rule.category)} facility" + (f" ({'/'.join(words)})" if words else "")
        what_zh = "/".join(words) if words else f"{category_zh(rule.category)}服务设施"
        least = rule.params.get("min_area_m2")
        if least is not None:
            what_en += f" of ≥ {fmt(least)} m²"
            what_zh = f"{fmt(least)}平方米以上{what_zh}"
        en_area, zh_area = self.area_words
        if rule.params.get("more_than"):
            return {
                "en": f"> {share}% of {en_area} with {a_en(what_en)}",
                "zh": f"{zh_area}{what_zh}覆盖率大于{share}%",
            }
        return {
            "en": f"≥ {share}% of {en_area} with {a_en(what_en)}",
            "zh": f"{zh_area}{what_zh}覆盖率不低于{share}%",
        }

    def counts(self, rule: RuleSpec, facility: Facility) -> bool:
        if facility.category != rule.category:
            return False
        least = rule.params.get("min_area_m2")
        if least is not None and (facility.area_m2 is None or exact(facility.area_m2) < exact(least)):
            return False
        return is_of_kind(rule, facility)

    def areas(self, rule: RuleSpec, project: Project) -> tuple[tuple[CommunityFacilities, ...] | None, str]:
        """The areas whose share is counted, with their facilities, and where the list comes from."""
        return project.communities, project.communities_source

    def evaluate(self, rule: RuleSpec, project: Project, context: CheckContext) -> Finding:
        areas, source = self.areas(rule, project)
        en_area, zh_area = self.area_words
        if not areas:
            return self.finding(
                rule,
                "insufficient_data",
                message_en=f"the {en_area} are not known: {self.missing_en}",
                message_zh=f"{zh_area}不明：{self.missing_zh}",
            )
        total = len(areas)
        floor = exact(rule.params["min_share"]) * total
        # "大于90%" (more_than): strictly more than the share; else at least it
        required = math.floor(floor) + 1 if rule.params.get("more_than") else math.ceil(floor)
        served = [c for c in areas if any(self.counts(rule, f) for f in c.facilities)]
        provided = len(served)
        without = sorted(f"{c.district} {c.name}".strip() for c in areas if c not in served)
        status: Status = "pass" if provided >= required else "fail"
        source = source or ESTATE_LIST
        source_zh = "小区清单" if source == ESTATE_LIST else source
        share = f"{provided / total:.1%}"
        en = (
            f"{provided} of {total} {en_area} ({share}) have one, {required} required "
            f"({en_area} from {source})"
        )
        zh = (
            f"{total}个{zh_area}中{provided}个（{share}）已有，应不少于{required}个"
            f"（{zh_area}名单来自{source_zh}）"
        )
        return self.finding(
            rule,
            status,
            required=required,
            provided=provided,
            message_en=en,
            message_zh=zh,
            details={self.count_key: total, "without": without[:50], f"{self.count_key}_from": source},
        )
