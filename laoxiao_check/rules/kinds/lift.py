"""A lift for rooms from a given storey up (and, optionally, below ground).

Example (national, JGJ 450-2018 5.6.4): eldercare rooms on the 2nd storey or above, or
below ground, are reached by a barrier-free lift; a room on ``2`` with ``lift: no`` fails.
"""

from __future__ import annotations

from laoxiao_check.model.phrasing import category_en, category_zh
from laoxiao_check.model.profile import RuleSpec
from laoxiao_check.model.records import Facility, Finding, Project
from laoxiao_check.rules.base import CheckContext, RuleKind, boolean
from laoxiao_check.rules.kinds.placement import NO_STOREY, OK, Verdict, judge_rooms, storey_text, whole_number


class LiftFromStorey(RuleKind):
    """Rooms of the category on ``from_storey`` or above have a lift (``lift: yes``).

    With ``below_ground: true`` rooms below ground need one too. Rooms entirely below
    ``from_storey`` (and above ground) need none. Example: from storey 2; rooms on ``1``
    (no lift) and ``2-3`` (lift: yes) pass; a room on ``2`` with ``lift: no`` fails.
    """

    kind = "lift_from_storey"
    reads = ("floor", "lift")
    judges_estate_lists = False  # needs what only a design gives
    metric = "placement"
    unit = "rooms"
    params = {"from_storey": whole_number}
    optional_params = {"below_ground": boolean}

    def requirement(self, rule: RuleSpec) -> dict[str, str]:
        storey = storey_text(rule.params["from_storey"])
        below_en = " or below ground" if rule.params.get("below_ground") else ""
        below_zh = "或地下" if rule.params.get("below_ground") else ""
        return {
            "en": (
                f"{category_en(rule.category)} rooms on {storey['en']} or above{below_en} "
                "are served by a lift"
            ),
            "zh": f"{category_zh(rule.category)}服务用房位于{storey['zh']}及以上{below_zh}时应设电梯",
        }

    def evaluate(self, rule: RuleSpec, project: Project, context: CheckContext) -> Finding:
        from_storey = rule.params["from_storey"]
        below_ground = bool(rule.params.get("below_ground"))

        def judge(room: Facility) -> Verdict:
            storeys = room.storeys
            if storeys is None:
                return NO_STOREY
            low, high = storeys
            needs = high >= from_storey or (below_ground and low < 0)
            if not needs:
                return OK
            if room.lift is None:
                return "unknown", {"en": "lift not given (lift)", "zh": "未填写是否设电梯"}
            if not room.lift:
                where = storey_text(high if high >= from_storey else low)
                return "fail", {
                    "en": f"on {where['en']} without a lift",
                    "zh": f"位于{where['zh']}但未设电梯",
                }
            return OK

        return judge_rooms(self, rule, project, judge)
