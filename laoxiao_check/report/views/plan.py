"""The words a plan shows in every format: column labels and the headline."""

from __future__ import annotations

from laoxiao_check.model.glossary import CATEGORY, PLAN, UNIT, word
from laoxiao_check.model.plan import PlanResult


def label(result: PlanResult, key: str, lang: str) -> str:
    """A column's words; what a site reaches depends on the objective."""
    if key == "households_reached" and result.objective == "capacity":
        key = "households_reached_short"
    return word(PLAN, key, lang)


def headline(result: PlanResult, lang: str) -> list[str]:
    """The plan in a few lines (also the summary sheet's and page's)."""

    def w(key: str) -> str:
        return word(PLAN, key, lang)

    solution = result.solution
    problem = w("maximal_covering").format(k=result.add) if result.add is not None else w("set_covering")
    unit = word(UNIT, result.weight_unit, lang) if result.weight_unit != "households" else w("households")
    before, after = result.before, result.after
    proof = w("optimal") if solution.optimal else f"{w('not_optimal')} ({w('gap')} {solution.gap:.2%})"
    way = {"network": ("walking network", "步行路网"), "straight_line": ("straight line", "直线距离")}
    lines = [
        f"{word(CATEGORY, result.category, lang)} · {result.level} ≤ {result.max_distance_m:g} m · "
        f"{way[result.method][lang == 'zh']}",
        f"{w('objective')}: {w(result.objective)} ({unit}); {problem}",
        f"{w('selected')}: {len(result.selected)}; {w(solution.solver)}; {proof}; "
        f"{w('greedy_value')} {solution.greedy_value:,.1f} / {solution.value:,.1f}",
        f"{w('before')}: {before['households_covered']:,} / {before['households_total']:,}"
        + (f" ({before['ratio']:.1%})" if before["ratio"] is not None else "")
        + f" → {w('after')}: {after['households_covered']:,} / {after['households_total']:,}"
        + (f" ({after['ratio']:.1%})" if after["ratio"] is not None else ""),
    ]
    if result.objective == "capacity":
        lines.append(
            f"{w('shortfall')}: {before['shortfall']:,.1f} {unit}; {w('shortfall_reached')} "
            f"{after['shortfall_reached']:,.1f}; "
            f"{w('shortfall_unreached')} {after['shortfall_unreached']:,.1f}"
        )
    if solution.uncoverable:
        lines.append(f"{w('uncoverable')}: {len(solution.uncoverable)}")
    return lines
