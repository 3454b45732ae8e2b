"""Own entrance (独立出入口): every room of the category has its own entrance.

Example (``design`` profile, eldercare): a day-care room reached only through the
residential lobby (``entrance: no``) fails; ``entrance`` not given is insufficient data.
"""

from __future__ import annotations

from typing import ClassVar

from laoxiao_check.model.phrasing import category_en, category_zh
from laoxiao_check.model.profile import RuleSpec
from laoxiao_check.model.records import Facility, Finding, Project
from laoxiao_check.rules.base import CheckContext, ParamCheck, RuleKind
from laoxiao_check.rules.kinds.placement import NO_STOREY, OK, Verdict, judge_rooms, whole_number


class OwnEntrance(RuleKind):
    """Every room of the category has its own entrance (``entrance: yes``).

    Optional ``up_to_storey``: only rooms whose lowest storey is at most this one are
    concerned (rooms higher up are reached by the building's core). Example: a room with
    ``entrance: no`` → fail, named.
    """

    kind = "own_entrance"
    reads = ("entrance",)
    judges_estate_lists = False  # needs what only a design gives
    metric = "placement"
    unit = "rooms"
    params: ClassVar[dict[str, ParamCheck]] = {}
    optional_params = {"up_to_storey": whole_number}

    def requirement(self, rule: RuleSpec) -> dict[str, str]:
        return {
            "en": f"{category_en(rule.category)} rooms have their own entrance",
            "zh": f"{category_zh(rule.category)}服务用房设独立出入口",
        }

    def evaluate(self, rule: RuleSpec, project: Project, context: CheckContext) -> Finding:
        limit = rule.params.get("up_to_storey")

        def judge(room: Facility) -> Verdict:
            if limit is not None:
                storeys = room.storeys
                if storeys is None:
                    return NO_STOREY
                if storeys[0] > limit:
                    return OK
            if room.entrance is None:
                return "unknown", {"en": "own entrance not given (entrance)", "zh": "未填写是否设独立出入口"}
            if not room.entrance:
                return "fail", {"en": "no own entrance", "zh": "未设独立出入口"}
            return OK

        return judge_rooms(self, rule, project, judge, reads="entrance")
