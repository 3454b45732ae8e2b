"""A share of eldercare beds: nursing beds at least, government-run beds at most.

Example (Wanzhou): 护理型床位占比 ≥ 55 % — of 2,000 beds at least ceil(0.55 × 2,000) = 1,100
are nursing beds (``nursing_beds``, 护理型床位数, of each facility's ``beds``); and the beds of
government-run institutions (``operator: government``, 公办) at most a share of all beds. A
facility that gives beds but not its nursing beds (or its operator) may count either way: the
result is decided only where every way gives the same answer, else ``insufficient_data``.
"""

from __future__ import annotations

from typing import Any

from laoxiao_check.model.messages import Said
from laoxiao_check.model.phrasing import plural_en
from laoxiao_check.model.profile import RuleSpec
from laoxiao_check.model.records import Facility, Finding, Project
from laoxiao_check.rules.base import CheckContext, RuleKind, as_status, boolean, exact, fmt, ratio
from laoxiao_check.rules.rates import share_bound, share_status

WHICH = {
    "nursing": ("nursing beds", "护理型床位", "nursing_beds", "护理型床位数"),
    "government": ("government-run beds (公办)", "公办养老机构床位", "operator", "举办主体"),
}
"""The beds a share counts: (English, Chinese, the column that tells, its Chinese header)."""


def _which(value: Any) -> str | None:
    return None if value in WHICH else Said("nursing or government")


class BedShare(RuleKind):
    """``beds`` (``nursing`` or ``government``) make at least ``min_share`` (or at most
    ``max_share``) of the category's beds.

    whole = the ``beds`` of the facilities giving them; nursing: part = their ``nursing_beds``;
    government: part = the beds of those with ``operator: government``. At least: required =
    ceil(min_share × whole) (``more_than``, the text's "超过": floor(…) + 1), pass iff part ≥
    required; at most: required (a ceiling) = floor(max_share × whole), pass iff part ≤ it (the
    shortfall is then the beds beyond it). Example: 55 % of 2,000 beds → 1,100 nursing beds.
    """

    kind = "bed_share"
    reads = ("category", "beds", "nursing_beds", "operator")
    metric = "bed_share"
    unit = "beds"
    params = {"beds": _which}
    optional_params = {"min_share": ratio, "max_share": ratio, "more_than": boolean}
    needs_own_rooms = False

    def check_params(self, params: dict[str, Any]) -> list[tuple[str, str]]:
        if ("min_share" in params) == ("max_share" in params):
            return [("min_share", Said("one of min_share or max_share"))]
        if "max_share" in params and "more_than" in params:
            return [("more_than", Said("more_than goes with min_share"))]
        return []

    def requirement(self, rule: RuleSpec) -> dict[str, str]:
        en, zh, _, _ = WHICH[rule.params["beds"]]
        if "max_share" in rule.params:
            share = fmt(exact(rule.params["max_share"]) * 100)
            return {"en": f"{en} ≤ {share}% of eldercare beds", "zh": f"{zh}占比不超过{share}%"}
        share = fmt(exact(rule.params["min_share"]) * 100)
        if rule.params.get("more_than"):
            return {"en": f"{en} > {share}% of eldercare beds", "zh": f"{zh}占比超过{share}%"}
        return {"en": f"{en} ≥ {share}% of eldercare beds", "zh": f"{zh}占比不低于{share}%"}

    def evaluate(self, rule: RuleSpec, project: Project, context: CheckContext) -> Finding:
        which = rule.params["beds"]
        en_what, zh_what, column, header = WHICH[which]
        given = [(f, beds) for f in project.facilities_of(rule.category) if (beds := f.beds)]
        whole = sum(beds for _, beds in given)
        if not whole:
            return self.finding(
                rule,
                "insufficient_data",
                message_en="no facility gives its beds: add a beds (床位数) column",
                message_zh="无设施填写床位数：请增加“床位数”列",
            )
        at_most = "max_share" in rule.params
        part, silent = _part(which, given)
        unknown = sum(beds for _, beds in silent)
        bound = share_bound(
            rule.params["max_share" if at_most else "min_share"],
            whole,
            at_most=at_most,
            more_than=bool(rule.params.get("more_than")),
        )
        status = as_status(share_status(part, unknown, bound, at_most=at_most))
        share = f"{part / whole:.1%}"
        if at_most:
            en = f"{part} {en_what} of {whole} ({share}), at most {bound} allowed"
            zh = f"{whole}张床位中{zh_what}{part}张（{share}），应不超过{bound}张"
        else:
            en = f"{part} {en_what} of {whole} ({share}), {bound} required"
            zh = f"{whole}张床位中{zh_what}{part}张（{share}），应不少于{bound}张"
        details: dict[str, object] = {"beds": whole}
        if silent:
            details[f"{column}_unknown"] = [f.id for f, _ in silent][:50]
            count = len(silent)
            facilities = plural_en(count, "facility", "facilities")
            verb = "does" if count == 1 else "do"
            en += f"; {count} {facilities} ({unknown} {plural_en(unknown, 'bed')}) {verb} not give {column}"
            zh += f"；{count}处设施（{unknown}张床位）未填写{header}"
        return self.finding(
            rule,
            status,
            required=bound,
            provided=part if status != "insufficient_data" else None,
            message_en=en,
            message_zh=zh,
            details=details,
            at_most=at_most,  # a ceiling: the shortfall is the beds beyond it
        )


def _part(which: str, given: list[tuple[Facility, int]]) -> tuple[int, list[tuple[Facility, int]]]:
    """The beds counted and the facilities (with their beds) that do not say."""
    if which == "nursing":  # a facility's nursing beds are among its beds
        silent = [(f, beds) for f, beds in given if f.nursing_beds is None]
        return sum(min(f.nursing_beds, beds) for f, beds in given if f.nursing_beds is not None), silent
    silent = [(f, beds) for f, beds in given if f.operator is None]
    return sum(beds for f, beds in given if f.operator == "government"), silent
