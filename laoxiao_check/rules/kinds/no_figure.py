"""A requirement the text states without a figure: shown with its clause, never judged.

Example (Yuxi 三(六)): existing estates make up gaps in eldercare rooms (补足) by purchase, swap,
lease or conversion, and the plan gives no figure. A checker that failed such an estate on
another place's figure (Guangdong's 15 m² per 100 households) would cite a text that does not
bind it; this kind says what the text asks and that no figure exists, so the reviewer sees it.
"""

from __future__ import annotations

from typing import Any

from laoxiao_check.model.messages import Said
from laoxiao_check.model.phrasing import category_en, category_zh
from laoxiao_check.model.profile import RuleSpec
from laoxiao_check.model.records import Finding, Project
from laoxiao_check.rules.base import CheckContext, RuleKind


def asks(value: Any) -> str | None:
    ok = isinstance(value, dict) and all(
        isinstance(value.get(k), str) and value[k].strip() for k in ("zh", "en")
    )
    return (
        None
        if ok
        else Said(
            "what the text asks, in both languages: {example}", example="{zh: 补足…, en: make up gaps…}"
        )
    )


class NoFigure(RuleKind):
    """The text asks for something but sets no figure to judge it by: ``not_applicable``, saying so.

    Parameters: ``asks`` (``{zh, en}``, what the clause asks). Always advisory (the profile
    marks it ``binding: advisory``): it never decides a verdict, and no other document's figure
    is put in its place. Example: Yuxi existing estates, 补足, no figure in 三(六).
    """

    kind = "no_figure"
    reads = ()
    metric = "no_figure"
    unit = "none"
    needs_own_rooms = False
    advisory_only = True
    params = {"asks": asks}

    def requirement(self, rule: RuleSpec) -> dict[str, str]:
        return {
            "en": f"{category_en(rule.category)}: {rule.params['asks']['en']} (no figure in the text)",
            "zh": f"{category_zh(rule.category)}：{rule.params['asks']['zh']}（原文无量化指标）",
        }

    def evaluate(self, rule: RuleSpec, project: Project, context: CheckContext) -> Finding:
        clause = rule.citation.text
        return self.finding(
            rule,
            "not_applicable",
            message_en=f"no figure in {clause}: not judged on another document's figure",
            message_zh=f"{clause}未规定量化指标：不以其他文件的指标代替判定",
            details={"no_figure": True},
        )
