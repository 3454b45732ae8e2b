"""Service-circle coverage: the share of households within a walking distance of a facility.

Parameters: ``level`` (a name, e.g. 15min), ``max_distance_m`` or ``minutes`` with
``speed_kmh``, and ``required_ratio`` (1 = every household). Example (national): the
15-minute circle of GB 50180-2018 as 1,000 m, every household covered. The distances are
computed beforehand for all levels at once (``coverage.py``); this kind reports them.
"""

from __future__ import annotations

from typing import Any

from laoxiao_check.model.glossary import category_en, category_zh
from laoxiao_check.model.records import Finding, Project
from laoxiao_check.rules.base import CheckContext, RuleKind, RuleSpec, as_status, fmt, positive_number, ratio


def level_name(value: Any) -> str | None:
    return None if isinstance(value, str) and value.strip() else "a name such as 15min"


def max_distance_m(params: dict[str, Any]) -> float:
    if "max_distance_m" in params:
        return float(params["max_distance_m"])
    return float(params["minutes"]) * float(params["speed_kmh"]) * 1000.0 / 60.0


class Coverage(RuleKind):
    """At least ``required_ratio`` of households within a level's distance of a facility.

    The distance is ``max_distance_m``, or ``minutes`` at ``speed_kmh``; distances are
    computed beforehand for all levels (``coverage.py``), this kind reports them.
    Example: the 15-minute circle as 1,000 m, every household covered.
    """

    kind = "coverage"
    needs_own_rooms = False  # the facilities around count, not only the own rooms
    metric = "coverage"
    unit = "ratio"
    params = {"level": level_name, "required_ratio": ratio}
    optional_params = {
        "max_distance_m": positive_number,
        "minutes": positive_number,
        "speed_kmh": positive_number,
    }

    def check_params(self, params: dict[str, Any]) -> list[tuple[str, str]]:
        has_distance = "max_distance_m" in params
        has_time = "minutes" in params or "speed_kmh" in params
        if has_distance and has_time:
            return [("max_distance_m", "give max_distance_m or minutes with speed_kmh, not both")]
        if not has_distance and not ("minutes" in params and "speed_kmh" in params):
            return [("max_distance_m", "required: max_distance_m, or minutes with speed_kmh")]
        return []

    def requirement(self, rule: RuleSpec) -> dict[str, str]:
        distance = fmt(max_distance_m(rule.params))
        share = f"{rule.params['required_ratio'] * 100:g}%"
        how_en = how_zh = ""
        if "minutes" in rule.params:
            how_en = f" ({fmt(rule.params['minutes'])} min at {fmt(rule.params['speed_kmh'])} km/h)"
            how_zh = f"（{fmt(rule.params['minutes'])}分钟，步速{fmt(rule.params['speed_kmh'])}千米/小时）"
        return {
            "en": f"{share} of households within {distance} m{how_en} of a "
            f"{category_en(rule.category)} facility [{rule.params['level']}]",
            "zh": f"{share}住户步行{distance}米{how_zh}内有{category_zh(rule.category)}设施"
            f"（{rule.params['level']}）",
        }

    def evaluate(self, rule: RuleSpec, project: Project, context: CheckContext) -> Finding:
        result = context.coverage.get(rule.id)
        if result is None:
            return self.finding(
                rule, "insufficient_data", message_en="coverage was not computed", message_zh="未计算覆盖率"
            )
        required = rule.params["required_ratio"]
        return self.finding(
            rule,
            as_status(result.status),
            required=required if result.status in ("pass", "fail") else None,
            provided=result.ratio if result.status in ("pass", "fail") else None,
            message_en=result.message["en"],
            message_zh=result.message["zh"],
            details={
                "level": result.level,
                "max_distance_m": result.max_distance_m,
                "method": result.method,
                "households_total": result.households_total,
                "households_covered": result.households_covered,
            },
        )
