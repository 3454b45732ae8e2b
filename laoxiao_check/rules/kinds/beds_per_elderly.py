"""Eldercare beds per 1,000 older residents: a city (or district) target.

Example (Wanzhou): 每千名老年人拥有养老床位数 — 35 beds per 1,000 residents aged 60+ by 2023; a
district of 52,000 older residents needs ceil(35 × 52,000 / 1,000) = 1,820 beds. The older
residents come from the population table's ``residents_60plus`` (60岁以上人口) column; the beds
from the facilities' ``beds`` (床位数). A facility that does not give its beds may hold any
number: short of the figure with such facilities, the result is ``insufficient_data``, not a fail.
"""

from __future__ import annotations

import math

from laoxiao_check.model.phrasing import plural_en
from laoxiao_check.model.profile import RuleSpec
from laoxiao_check.model.records import Facility, Finding, Project, Status
from laoxiao_check.rules.base import CheckContext, RuleKind, boolean, exact, fmt, positive_number
from laoxiao_check.rules.rates import PER_RESIDENTS


class BedsPerElderly(RuleKind):
    """At least ``rate_beds_per_1000_elderly`` eldercare beds per 1,000 residents aged 60+.

    required = ceil(rate × residents 60+ / 1000); provided = the ``beds`` of the category's
    facilities (``nursing: true``: their ``nursing_beds``, Quanzhou's 12 护理型床位 per 1,000).
    Example: 35 per 1,000 and 52,000 older residents → 1,820 beds. Without the older residents
    (``residents_60plus`` of ``--population``) or without any facility giving beds:
    ``insufficient_data``, saying which column to add.
    """

    kind = "beds_per_elderly"
    reads = ("category", "beds", "nursing_beds")
    metric = "beds"
    unit = "beds"
    params = {"rate_beds_per_1000_elderly": positive_number}
    optional_params = {"nursing": boolean}
    needs_own_rooms = False  # beds are the city's facilities', not an estate list's rooms

    def requirement(self, rule: RuleSpec) -> dict[str, str]:
        rate = fmt(rule.params["rate_beds_per_1000_elderly"])
        if rule.params.get("nursing"):
            return {
                "en": f"≥ {rate} nursing beds per 1,000 residents aged 60+",
                "zh": f"每千名老年人拥有养老护理型床位数不少于{rate}张",
            }
        return {
            "en": f"≥ {rate} eldercare beds per 1,000 residents aged 60+",
            "zh": f"每千名老年人拥有养老床位数不少于{rate}张",
        }

    def evaluate(self, rule: RuleSpec, project: Project, context: CheckContext) -> Finding:
        if project.elderly is None:
            return self.finding(
                rule,
                "insufficient_data",
                message_en="residents aged 60+ unknown: add a residents_60plus (60岁以上人口) column "
                "to the population table (--population)",
                message_zh="60岁以上人口未知：请在人口表（--population）中增加“60岁以上人口”列",
            )
        rate = exact(rule.params["rate_beds_per_1000_elderly"])
        required = math.ceil(rate * exact(project.elderly) / PER_RESIDENTS)
        facilities, rooms = _apart(project.facilities_of(rule.category))
        nursing = bool(rule.params.get("nursing"))
        given = [f for f in facilities if (f.nursing_beds if nursing else f.beds) is not None]
        column, header = ("nursing_beds", "护理型床位数") if nursing else ("beds", "床位数")
        basis_en = f"{fmt(project.elderly)} residents aged 60+ × {fmt(rate)} / 1,000"
        basis_zh = f"60岁以上{fmt(project.elderly)}人 × {fmt(rate)} / 1000"
        if not given:
            return self.finding(
                rule,
                "insufficient_data",
                required=required,
                message_en=f"no facility gives its beds: add a {column} ({header}) column; {required} beds "
                f"required ({basis_en})",
                message_zh=f"无设施填写{header}：请增加“{header}”列；应有{required}张（{basis_zh}）",
            )
        return beds_finding(
            self, rule, required, facilities, rooms, nursing=nursing, basis=(basis_en, basis_zh)
        )


def beds_finding(
    kind: RuleKind,
    rule: RuleSpec,
    required: int,
    facilities: list[Facility],
    rooms: list[Facility],
    *,
    nursing: bool = False,
    basis: tuple[str, str] | None = None,
) -> Finding:
    """The beds (or nursing beds) of ``facilities`` against ``required``: a pass where they reach
    it, else a fail only if every facility gives its beds (``insufficient_data`` naming those that
    do not); the rooms inside housing said apart, never counted."""
    column, header = ("nursing_beds", "护理型床位数") if nursing else ("beds", "床位数")
    silent = sorted(f.id for f in facilities if getattr(f, column) is None)
    provided = sum(getattr(f, column) or 0 for f in facilities)
    status: Status = "pass" if provided >= required else "insufficient_data" if silent else "fail"
    what_en, what_zh = ("nursing beds", "护理型床位") if nursing else ("beds", "养老床位")
    en = f"{provided:,} {what_en if provided != 1 else what_en[:-1]}, {required:,} required"
    zh = f"{what_zh}{provided}张，应不少于{required}张"
    if basis is not None:
        en, zh = f"{en} ({basis[0]})", f"{zh}（{basis[1]}）"
    details: dict[str, object] = {f"{column}_unknown": silent[:50]} if silent else {}
    if silent:
        verb = "gives" if len(silent) == 1 else "give"
        en += f"; {len(silent)} {plural_en(len(silent), 'facility', 'facilities')} {verb} no {column}"
        zh += f"；{len(silent)}处设施未填写{header}"
    if rooms:
        details["rooms_in_housing"] = len(rooms)
        en += f"; {len(rooms)} {plural_en(len(rooms), 'room')} in housing (the estate list's) not counted"
        zh += f"；住宅内配套用房（小区清单）{len(rooms)}处不计入"
    return kind.finding(
        rule,
        status,
        required=required,
        provided=provided if status != "insufficient_data" else None,
        message_en=en,
        message_zh=zh,
        details=details,
    )


def _apart(facilities: tuple[Facility, ...]) -> tuple[list[Facility], list[Facility]]:
    """The facilities that may hold beds, and the rooms inside housing (an estate list's rooms,
    which give neither beds nor their kind): listed apart, never counted as beds unknown."""
    return [f for f in facilities if not f.in_housing], [f for f in facilities if f.in_housing]
