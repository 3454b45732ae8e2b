"""At least a number of facilities of the category, counted as rooms or as institutions.

Example (Wanzhou, existing estates under renovation): a community childcare facility is a
required item (改造必备项目): at least 1 childcare facility. Example (Guizhou (五)): "1个以上托育
机构" counts institutions (``count: institutions``): two rooms of one nursery (the same
``institution``, 机构名称) are one institution; a room that names none is one of its own.
"""

from __future__ import annotations

from typing import Any

from laoxiao_check.model.messages import Said
from laoxiao_check.model.phrasing import category_en, category_zh, plural_en
from laoxiao_check.model.profile import RuleSpec
from laoxiao_check.model.records import Facility, Finding, Project, Status
from laoxiao_check.rules.base import CheckContext, RuleKind, as_status, positive_whole_number
from laoxiao_check.rules.kinds.community_share import _words, is_of_kind
from laoxiao_check.rules.rates import share_status


def _counted_as(value: Any) -> str | None:
    return None if value in ("rooms", "institutions") else Said("rooms or institutions")


def institutions(facilities: tuple[Facility, ...]) -> tuple[int, int]:
    """How many institutions the rooms are, and how many more they may be: those naming the same
    ``institution`` are one; a facility naming none is one of its own; an estate list's rooms
    (rooms in housing) naming none may or may not be one (each counted in the second figure)."""
    known = {
        ("institution", f.institution) if f.institution else ("facility", f.id, f.place)
        for f in facilities
        if f.institution or not f.in_housing
    }
    return len(known), sum(1 for f in facilities if f.in_housing and not f.institution)


class FacilityCount(RuleKind):
    """At least ``min_count`` facilities of the category (``count: institutions``: rooms of the
    same ``institution`` count once; ``service_words``: only those whose service or name says so).

    Example (Wanzhou renovation): at least 1 childcare facility.
    """

    kind = "facility_count"
    reads = ("category", "institution", "service")
    metric = "facility_count"
    unit = "facilities"
    params = {"min_count": positive_whole_number}
    optional_params = {"count": _counted_as, "service_words": _words}

    def requirement(self, rule: RuleSpec) -> dict[str, str]:
        minimum = rule.params["min_count"]
        category = category_en(rule.category)
        words = rule.params.get("service_words")
        kind_en = f" ({'/'.join(words)})" if words else ""
        kind_zh = f"（{'/'.join(words)}）" if words else ""
        if rule.params.get("count") == "institutions":
            return {
                "en": f"≥ {minimum} {category} {plural_en(minimum, 'institution')}{kind_en}",
                "zh": f"至少{minimum}个{category_zh(rule.category)}机构{kind_zh}",
            }
        return {
            "en": f"≥ {minimum} {category} {plural_en(minimum, 'facility', 'facilities')}{kind_en}",
            "zh": f"至少{minimum}处{category_zh(rule.category)}服务设施{kind_zh}",
        }

    def evaluate(self, rule: RuleSpec, project: Project, context: CheckContext) -> Finding:
        required = rule.params["min_count"]
        rooms = tuple(f for f in project.facilities_of(rule.category) if is_of_kind(rule, f))
        words = rule.params.get("service_words")
        kind_en = f" whose 服务类型 (service) or name says {'/'.join(words)}" if words else ""
        kind_zh = f"（服务类型或名称含{'/'.join(words)}）" if words else ""
        if rule.params.get("count") == "institutions":
            provided, unsure = institutions(rooms)
            status = as_status(share_status(provided, unsure, required))
            institution = plural_en(provided, "institution")
            en = f"{provided} {category_en(rule.category)} {institution}{kind_en}, {required} required"
            zh = f"现有{category_zh(rule.category)}机构{provided}个{kind_zh}，应不少于{required}个"
            if unsure:  # an estate list's rooms: run by an institution, or by none, or by one counted
                unnamed = f"{unsure} {plural_en(unsure, 'room')} of the estate list"
                en += f"; {unnamed} {'names' if unsure == 1 else 'name'} no institution (机构名称)"
                zh += f"；小区清单中{unsure}处配套用房未注明机构名称"
            return self.finding(
                rule,
                status,
                required=required,
                provided=provided if status != "insufficient_data" else None,
                unit="institutions",
                message_en=en,
                message_zh=zh,
                details={"rooms_without_institution": unsure} if unsure else {},
            )
        provided = len(rooms)
        counted: Status = "pass" if provided >= required else "fail"
        return self.finding(
            rule,
            counted,
            required=required,
            provided=provided,
            message_en=f"{provided} {category_en(rule.category)} "
            f"{plural_en(provided, 'facility', 'facilities')}{kind_en}, {required} required",
            message_zh=f"现有{category_zh(rule.category)}设施{provided}处{kind_zh}，应不少于{required}处",
        )
