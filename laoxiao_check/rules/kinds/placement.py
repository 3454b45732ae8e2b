"""What the placement kinds share: each room of the category judged on its own.

A placement rule (storeys, own entrance, lift) holds for every room of its category:
required = the number of rooms, provided = the rooms that comply, shortfall = the rooms
that do not, each named with why. A room whose storey, entrance or lift is not given makes
the rule ``insufficient_data`` unless another room already fails. Where no room of the
category gives what the rule reads (``floor``; ``entrance`` for the entrance rule) the rule
is ``not_applicable``, saying that placement was not checked: quantities alone (an estate
list of an audit, a project before design) say nothing of where rooms sit, and the
verdict of such inputs stays what their quantities make it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal

from laoxiao_check.model.messages import Said
from laoxiao_check.model.phrasing import category_en, category_zh, plural_en
from laoxiao_check.model.profile import RuleSpec
from laoxiao_check.model.records import Facility, Finding, Project, Status
from laoxiao_check.rules.base import RuleKind

Verdict = tuple[str, dict[str, str] | None]
"""``("ok", None)``, ``("unknown", {"en": what is missing, …})`` or ``("fail", {"en": why, …})``."""
OK: Verdict = ("ok", None)
"""The room complies (or the rule does not concern it)."""
NO_STOREY: Verdict = ("unknown", {"en": "storey (floor) not given", "zh": "未填写所在楼层"})
"""A room whose storey the rule needs and the input does not give."""


FIELD_ZH = {"floor": "所在楼层", "entrance": "是否设独立出入口"}
"""The fields placement rules read, in Chinese."""


def storey_text(storey: int) -> dict[str, str]:
    if storey < 0:
        return {"en": f"B{-storey}", "zh": f"地下{-storey}层"}
    return {"en": f"storey {storey}", "zh": f"{storey}层"}


def whole_number(value: Any) -> str | None:
    if isinstance(value, bool) or not isinstance(value, int) or value == 0 or abs(value) > 300:
        return Said("a storey as a whole number (1 = ground floor, -1 = first below ground; no 0)")
    return None


def judge_rooms(
    kind: RuleKind,
    rule: RuleSpec,
    project: Project,
    judge: Callable[[Facility], Verdict],
    reads: Literal["floor", "entrance"] = "floor",
) -> Finding:
    """One finding over every room of the rule's category (``reads``: the field it needs)."""
    rooms = project.facilities_of(rule.category)
    if not rooms:
        return kind.finding(
            rule,
            "not_applicable",
            message_en=f"no {category_en(rule.category)} rooms to place",
            message_zh=f"无{category_zh(rule.category)}服务用房",
        )
    if all(getattr(room, reads) is None for room in rooms):
        field_zh = FIELD_ZH[reads]
        return kind.finding(
            rule,
            "not_applicable",
            message_en=f"placement not checked: no {category_en(rule.category)} room gives its {reads}",
            message_zh=f"未审查设置位置：{category_zh(rule.category)}服务用房均未填写{field_zh}",
            details={"not_checked": reads},
        )
    failing: list[tuple[Facility, dict[str, str]]] = []
    unknown: list[tuple[Facility, dict[str, str]]] = []
    said = {"fail": failing, "unknown": unknown}
    for room in rooms:
        verdict, why = judge(room)
        if why is not None:  # a room that complies has nothing to say
            said[verdict].append((room, why))
    details: dict[str, Any] = {
        "rooms": [{"facility": room.id, "floor": room.floor, "problem": why["en"]} for room, why in failing]
    }
    if failing:
        status: Status = "fail"
        en = "; ".join(f"{room.id}: {why['en']}" for room, why in failing)
        zh = "；".join(f"{room.id}：{why['zh']}" for room, why in failing)
    elif unknown:
        details = {"missing": [room.id for room, _ in unknown]}
        return kind.finding(
            rule,
            "insufficient_data",
            required=len(rooms),
            message_en="; ".join(f"{room.id}: {why['en']}" for room, why in unknown),
            message_zh="；".join(f"{room.id}：{why['zh']}" for room, why in unknown),
            details=details,
        )
    else:
        status = "pass"
        what = f"{category_en(rule.category)} {plural_en(len(rooms), 'room')}"
        en = f"the 1 {what} complies" if len(rooms) == 1 else f"all {len(rooms)} {what} comply"
        zh = f"{len(rooms)}处{category_zh(rule.category)}服务用房均符合"
    return kind.finding(
        rule,
        status,
        required=len(rooms),
        provided=len(rooms) - len(failing),
        message_en=en,
        message_zh=zh,
        details=details,
    )
