"""Storey limits of rooms: lowest and highest storey, below ground allowed or not.

Example (national, JGJ 39-2016 4.1.3): childcare living rooms are not below ground; a
nursery on ``B1`` (or ``地下一层``, ``-1``) fails, naming the room. With
``highest_storey: 3`` (GB 50016-2014 5.4.4, in the optional ``design`` profile) a nursery
on ``4`` or ``3-4`` fails too.
"""

from __future__ import annotations

import dataclasses
from typing import Any, ClassVar

from laoxiao_check.model.messages import Said
from laoxiao_check.model.phrasing import category_en, category_zh
from laoxiao_check.model.profile import RuleSpec
from laoxiao_check.model.records import Facility, Finding, Project
from laoxiao_check.rules.base import CheckContext, ParamCheck, RuleKind, boolean
from laoxiao_check.rules.kinds.placement import NO_STOREY, OK, Verdict, judge_rooms, storey_text, whole_number


def word_list(value: Any) -> str | None:
    ok = isinstance(value, list) and value and all(isinstance(w, str) and w.strip() for w in value)
    return None if ok else Said("a list of words, e.g. [办公, 厨房]")


class StoreyLimits(RuleKind):
    """Every room of the category lies within the storeys allowed.

    Parameters (at least one): ``below_ground: false`` (no storey below ground),
    ``lowest_storey``, ``highest_storey`` (1 = ground floor). A room's ``floor`` may span
    storeys (``1-2``): all of them must be allowed. Example: ``highest_storey: 3`` and a room
    on ``3-4`` → fail, "storey 4 above storey 3".
    """

    kind = "storey_limits"
    reads = ("floor", "service", "category")
    judges_estate_lists = False  # needs what only a design gives
    metric = "placement"
    unit = "rooms"
    params: ClassVar[dict[str, ParamCheck]] = {}
    optional_params = {
        "below_ground": boolean,
        "lowest_storey": whole_number,
        "highest_storey": whole_number,
        "except_rooms": word_list,
    }

    def check_params(self, params: dict[str, Any]) -> list[tuple[str, str]]:
        if not any(k in params for k in self.optional_params if k != "except_rooms"):
            return [("below_ground", Said("give below_ground, lowest_storey or highest_storey"))]
        low, high = params.get("lowest_storey"), params.get("highest_storey")
        if isinstance(low, int) and isinstance(high, int) and low > high:
            return [("lowest_storey", Said("at most highest_storey ({high}), got {low}", high=high, low=low))]
        return []

    def requirement(self, rule: RuleSpec) -> dict[str, str]:
        en, zh = [], []
        if rule.params.get("below_ground") is False:
            en.append("not below ground")
            zh.append("不得设在地下或半地下")
        if "lowest_storey" in rule.params:
            en.append(f"not below {storey_text(rule.params['lowest_storey'])['en']}")
            zh.append(f"不低于{storey_text(rule.params['lowest_storey'])['zh']}")
        if "highest_storey" in rule.params:
            en.append(f"not above {storey_text(rule.params['highest_storey'])['en']}")
            zh.append(f"不高于{storey_text(rule.params['highest_storey'])['zh']}")
        if rule.params.get("below_ground") is True and not en:
            en.append("below ground allowed")
            zh.append("可设在地下")
        words = rule.params.get("except_rooms")
        if words:
            return {  # a clause on some rooms only (JGJ 39 4.1.3: 生活用房, not offices or kitchens)
                "en": f"{category_en(rule.category)} living rooms "
                + ", ".join(en)
                + f" (rooms named {', '.join(words)} not judged)",
                "zh": f"{category_zh(rule.category)}生活用房"
                + "，".join(zh)
                + f"（{'、'.join(w for w in words if not w.isascii()) or '、'.join(words)}等用房不在此列）",
            }
        return {
            "en": f"{category_en(rule.category)} rooms " + ", ".join(en),
            "zh": f"{category_zh(rule.category)}服务用房" + "，".join(zh),
        }

    def evaluate(self, rule: RuleSpec, project: Project, context: CheckContext) -> Finding:
        params = rule.params

        def judge(room: Facility) -> Verdict:
            storeys = room.storeys
            if storeys is None:
                return NO_STOREY
            low, high = storeys
            problems_en: list[str] = []
            problems_zh: list[str] = []
            below = params.get("below_ground") is False and low < 0
            if below:  # "on B1", "位于地下1层": the storey says it is below ground
                problems_en.append(f"on {storey_text(low)['en']}")
                problems_zh.append(f"位于{storey_text(low)['zh']}")
            if "lowest_storey" in params and low < params["lowest_storey"]:
                floor = storey_text(params["lowest_storey"])
                on = storey_text(low)  # named once: "on B1, below storey 2"
                problems_en.append(f"below {floor['en']}" if below else f"{on['en']} below {floor['en']}")
                problems_zh.append(f"低于{floor['zh']}" if below else f"{on['zh']}低于{floor['zh']}")
            if "highest_storey" in params and high > params["highest_storey"]:
                ceiling = storey_text(params["highest_storey"])
                problems_en.append(f"{storey_text(high)['en']} above {ceiling['en']}")
                problems_zh.append(f"{storey_text(high)['zh']}高于{ceiling['zh']}")
            if problems_en:
                return "fail", {"en": ", ".join(problems_en), "zh": "，".join(problems_zh)}
            return OK

        words = [str(w).lower() for w in params.get("except_rooms", ())]
        if words:
            project = excluding_rooms(project, rule.category, words)
        return judge_rooms(self, rule, project, judge)


def excluding_rooms(project: Project, category: str, words: list[str]) -> Project:
    """The project without the category's rooms whose id, place or service names one of ``words``
    (an office or a kitchen, where a clause binds living rooms only)."""

    def named(room: Facility) -> bool:
        return any(w in str(v).lower() for v in (room.id, room.place, room.service) if v for w in words)

    kept = tuple(f for f in project.facilities if f.category != category or not named(f))
    return dataclasses.replace(project, facilities=kept)
