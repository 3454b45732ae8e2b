"""The JSON document of a plan (``plan --format json``): same input, same bytes."""

from __future__ import annotations

import json
from typing import Any

from laoxiao_check import __version__
from laoxiao_check.model.plan import PlanResult

SCHEMA_VERSION = "1.0"


def solution_dict(result: PlanResult) -> dict[str, Any]:
    solution = result.solution
    return {
        "problem": "maximal_covering" if result.add is not None else "set_covering",
        "optimal": solution.optimal,
        "solver": solution.solver,
        "value": round(solution.value, 3),
        "bound": round(solution.bound, 3) if solution.bound == solution.bound else None,
        "gap": round(solution.gap, 6),
        "greedy_value": round(solution.greedy_value, 3),
        "status": solution.status,
        "time_limit_s": result.time_limit_s,
        "uncoverable_estates": len(solution.uncoverable),
    }


def plan_dict(result: PlanResult) -> dict[str, Any]:
    def name(path: str | None) -> str | None:
        return path.replace("\\", "/").rsplit("/", 1)[-1] if path else None

    return {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "laoxiao-check", "version": __version__},
        "profile": {"id": result.profile.id, "name": result.profile.name},
        "input": {
            **{key: name(path) for key, path in result.inputs.items()},
            "candidates_from": result.candidates_from,
            "crs": result.metric_crs,
        },
        "provenance": result.provenance.as_dict() if result.provenance else None,
        "data_quality": result.quality.as_dict() if result.quality else None,
        "input_ledger": result.ledger.as_list(),
        "category": result.category,
        "level": result.level,
        "max_distance_m": result.max_distance_m,
        "method": result.method,
        "objective": result.objective,
        "weight_unit": result.weight_unit,
        "add": result.add,
        "solution": solution_dict(result),
        "selected": list(result.selected),
        "coverage_before": result.before,
        "coverage_after": result.after,
        "estates": list(result.estates),
        "candidates": list(result.candidates),
        "facilities": list(result.facilities),
        "network": result.network,
        "problems": [{"place": p.place, "message": p.message} for p in result.problems],
    }


def render(result: PlanResult, lang: str = "en", color: bool = False) -> str:
    return json.dumps(plan_dict(result), ensure_ascii=False, indent=1) + "\n"
