"""Phased delivery (四同步): by each phase, the rooms keep pace with the housing.

Example (Qidong, new estates): 30 m² of eldercare rooms per 100 households. Phase 1 hands
over 600 households and phase 2 another 400; the only eldercare room (300 m²) is in phase 2.
Phase 1 needs 180 m² and has 0: it fails, 180 m² short, although the totals (300 m² for
1,000 households) are met.
"""

from __future__ import annotations

import math
from decimal import Decimal
from typing import Any, ClassVar

from laoxiao_check.model.messages import Said
from laoxiao_check.model.phrasing import category_en, category_zh, plural_en
from laoxiao_check.model.profile import RuleSpec
from laoxiao_check.model.records import Building, Facility, Finding, Project, Status
from laoxiao_check.model.values import DELIVERY_STATUSES, phase_is_date, phase_key
from laoxiao_check.rules.base import (
    CheckContext,
    ParamCheck,
    RuleKind,
    as_number,
    boolean,
    exact,
    fmt,
    positive_number,
    total,
)
from laoxiao_check.rules.rates import Rate, area_per_households, places_per_residents, required_amount


def _rank(status: str | None) -> int:
    return -1 if status is None else DELIVERY_STATUSES.index(status)


def phase_label(phase: str) -> dict[str, str]:
    """``1`` → phase 1 / 第1期; a date stays as written."""
    if not phase_is_date(phase):
        return {"en": f"phase {phase}", "zh": f"第{phase}期"}
    return {"en": f"phase {phase}", "zh": f"{phase}期"}


class PhasedDelivery(RuleKind):
    """By every phase, the rooms delivered so far meet the need of the households delivered so far.

    Give one of ``rate_m2_per_100_households`` (floor area) or ``rate_places_per_1000``
    (places per 1,000 residents). For each phase p (buildings' and facilities' ``phase``, in
    order): required = rate × households of the buildings of phases ≤ p (places: residents,
    rounded up); delivered = the rooms of the category in phases ≤ p. A room whose ``status``
    is behind the most advanced status of phase p's buildings (housing handed over, rooms
    only built: 建而不交) does not count for phase p. ``acceptance_blocked: true`` marks a
    failing phase as barred from completion acceptance (竣工验收) until corrected (Qidong).
    Example: 30 m²/100 households; phase 1 = 600 households, no rooms → 180 m² short.
    A project without phases is ``not_applicable`` (the quantity rules judge it).
    """

    kind = "phased_delivery"
    reads = ("households", "population", "category", "area_m2", "places", "phase", "status")
    judges_estate_lists = False  # needs what only a design gives
    metric = "phased_delivery"
    unit = "m2"
    params: ClassVar[dict[str, ParamCheck]] = {}
    optional_params = {
        "rate_m2_per_100_households": positive_number,
        "rate_places_per_1000": positive_number,
        "acceptance_blocked": boolean,
    }

    def check_params(self, params: dict[str, Any]) -> list[tuple[str, str]]:
        if ("rate_m2_per_100_households" in params) == ("rate_places_per_1000" in params):  # both or neither
            return [
                (
                    "rate_m2_per_100_households",
                    Said("give exactly one of rate_m2_per_100_households and rate_places_per_1000"),
                )
            ]
        return []

    def requirement(self, rule: RuleSpec) -> dict[str, str]:
        en_cat, zh_cat = category_en(rule.category), category_zh(rule.category)
        if "rate_places_per_1000" in rule.params:
            rate = fmt(rule.params["rate_places_per_1000"])
            en = f"by each phase, ≥ {rate} {en_cat} places per 1,000 residents delivered so far"
            zh = f"各期累计：每千人口不少于{rate}个{zh_cat}托位，与住宅同步交付"
        else:
            rate = fmt(rule.params["rate_m2_per_100_households"])
            en = f"by each phase, {en_cat} rooms ≥ {rate} m² per 100 households delivered so far"
            zh = f"各期累计：{zh_cat}服务用房每百户不少于{rate}平方米，与住宅同步交付"
        if rule.params.get("acceptance_blocked"):
            en += "; a failing phase may not hold completion acceptance"
            zh += "；不达标的分期不得组织竣工验收"
        return {"en": en, "zh": zh}

    def rate(self, rule: RuleSpec) -> Rate:
        if "rate_places_per_1000" in rule.params:
            return places_per_residents(rule.params["rate_places_per_1000"])
        return area_per_households(rule.params["rate_m2_per_100_households"])

    def evaluate(self, rule: RuleSpec, project: Project, context: CheckContext) -> Finding:
        rate = self.rate(rule)
        places = rate.denominator == "residents"
        unit = rate.unit
        facilities = project.facilities_of(rule.category)
        buildings = project.buildings
        if not any(b.phase for b in buildings) and not any(f.phase for f in facilities):
            return self.finding(
                rule,
                "not_applicable",
                unit=unit,
                message_en=(
                    "no phases given (分期): the project is delivered at once and the quantity rules judge it"
                ),
                message_zh="未填写分期：项目一次交付，由配建面积、托位条款判定",
            )
        missing = _missing(buildings, facilities, places)
        if missing:
            return self.finding(
                rule,
                "insufficient_data",
                unit=unit,
                message_en="phase or figure missing: " + ", ".join(en for en, _ in missing),
                message_zh="缺少分期或数据：" + "、".join(zh for _, zh in missing),
            )
        residents = _residents(project)
        if places and not residents:
            return self.finding(
                rule,
                "insufficient_data",
                unit=unit,
                message_en="population unknown: give population or households",
                message_zh="人口未知：请填写人口或户数",
            )
        phases = _phase_table(buildings, facilities, residents, rate, _household_scale(project))
        return self._judged(rule, phases, unit, estimated=places and project.population_estimated)

    def _judged(self, rule: RuleSpec, phases: list[dict[str, Any]], unit: str, *, estimated: bool) -> Finding:
        failing = [p for p in phases if p["shortfall"] > 0]
        blocked = bool(rule.params.get("acceptance_blocked"))
        for entry in phases:
            entry["acceptance_blocked"] = blocked and entry["shortfall"] > 0
        shown = failing[0] if failing else phases[-1]
        status: Status = "fail" if failing else "pass"
        u_zh = "个托位" if unit == "places" else "平方米"

        def u_en(count: float) -> str:
            return plural_en(count, "place") if unit == "places" else "m²"

        if failing:
            parts_en = [
                f"{phase_label(p['phase'])['en']}: {fmt(p['shortfall'])} {u_en(p['shortfall'])} short "
                f"({fmt(p['delivered'])} of {fmt(p['required'])} {u_en(p['required'])} "
                f"for {p['households']} households delivered so far)"
                for p in failing
            ]
            parts_zh = [
                f"{phase_label(p['phase'])['zh']}缺{fmt(p['shortfall'])}{u_zh}（累计交付{p['households']}户，"
                f"应配{fmt(p['required'])}{u_zh}，已交付{fmt(p['delivered'])}{u_zh}）"
                for p in failing
            ]
            en, zh = "; ".join(parts_en), "；".join(parts_zh)
            if blocked:
                names_en = ", ".join(phase_label(p["phase"])["en"] for p in failing)
                names_zh = "、".join(phase_label(p["phase"])["zh"] for p in failing)
                en += f". Completion acceptance (竣工验收) of {names_en} may not be organised until corrected"
                zh += f"。{names_zh}在整改到位前建设单位不得组织竣工验收"
        else:
            delivered = shown["delivered"]
            last = f"{fmt(delivered)} {u_en(delivered)} delivered, {fmt(shown['required'])} required"
            phases_en = f"{len(phases)} {plural_en(len(phases), 'phase')}"
            en = f"every phase keeps pace: {phases_en}; at the last, {last}"
            zh = (
                f"各期均同步：共{len(phases)}期，末期应配{fmt(shown['required'])}{u_zh}，"
                f"已交付{fmt(shown['delivered'])}{u_zh}"
            )
        details: dict[str, Any] = {"phases": phases, "phase_unit": unit}
        if blocked and failing:
            details["acceptance_blocked"] = [p["phase"] for p in failing]
        return self.finding(
            rule,
            status,
            required=shown["required"],
            provided=shown["delivered"],
            unit=unit,
            message_en=en,
            message_zh=zh,
            details=details,
            estimated=estimated,
        )


def _missing(
    buildings: tuple[Building, ...], facilities: tuple[Facility, ...], places: bool
) -> list[tuple[str, str]]:
    """What a phased project lacks, as (en, zh): phases, and the figure the rule adds up."""
    missing = [(f"building {b.id}", f"楼栋{b.id}的分期") for b in buildings if b.phase is None]
    missing += [(f"facility {f.id}", f"设施{f.id}的分期") for f in facilities if f.phase is None]
    if places:
        missing += [
            (f"places of facility {f.id}", f"设施{f.id}的托位数") for f in facilities if f.places is None
        ]
    else:
        missing += [
            (f"floor area of facility {f.id}", f"设施{f.id}的建筑面积")
            for f in facilities
            if f.area_m2 is None
        ]
    missing += [
        (f"households of building {b.id}", f"楼栋{b.id}的户数") for b in buildings if b.households is None
    ]
    if not buildings:
        missing.append(("buildings (households by phase)", "楼栋（各期户数）"))
    elif not any(b.households for b in buildings):
        missing.append(("households by phase (no building gives more than 0)", "各期户数（无楼栋户数大于0）"))
    return missing


def _residents(project: Project) -> dict[str, Decimal]:
    """Each building's share of the project's residents, as exact decimals.

    The project's population decides the total (as for the places rule: given, or the
    buildings' sum, or estimated); it is shared out by the buildings' own populations where
    every building gives one, else by their households. Exact shares: the last phase's
    residents are the project's population to the unit, never 4000.0000000000005.
    """
    buildings = project.buildings
    if project.population is None or not buildings:
        return {}
    if all(b.population is not None for b in buildings):
        weights = {b.id: exact(b.population or 0) for b in buildings}
    else:
        weights = {b.id: Decimal(b.households or 0) for b in buildings}
    summed = total(weights.values())
    if summed == 0:
        return {}
    population = exact(project.population)
    return {name: population * weight / summed for name, weight in weights.items()}


def _household_scale(project: Project) -> Decimal:
    """Project households over the buildings' sum: where the project gives its own figure (the
    figure the quantity rules use), the phases are scaled to it."""
    summed = sum(b.households or 0 for b in project.buildings)  # not 0: see _missing
    if project.households is None or project.households == summed:
        return Decimal(1)
    return Decimal(project.households) / Decimal(summed)


def _phase_table(
    buildings: tuple[Building, ...],
    facilities: tuple[Facility, ...],
    residents: dict[str, Decimal],
    rate: Rate,
    scale: Decimal = Decimal(1),
) -> list[dict[str, Any]]:
    places = rate.denominator == "residents"
    given = [b.phase for b in buildings] + [f.phase for f in facilities]
    keys = sorted({phase for phase in given if phase}, key=phase_key)
    building_keys = [(phase_key(b.phase), b) for b in buildings if b.phase]  # every one has a phase here
    facility_keys = [(phase_key(f.phase), f) for f in facilities if f.phase]
    rows: list[dict[str, Any]] = []
    for phase in keys:
        key = phase_key(phase)
        so_far = [b for k, b in building_keys if k <= key]
        in_phase = [b for b in buildings if b.phase == phase]
        housing_rank = max((_rank(b.status) for b in in_phase), default=-1)
        households_exact = Decimal(sum(b.households or 0 for b in so_far)) * scale
        households = int(households_exact.to_integral_value())
        due = [f for k, f in facility_keys if k <= key]
        behind = [f for f in due if f.status is not None and _rank(f.status) < housing_rank]
        counted = [f for f in due if f not in behind]
        if places:
            population = total(residents[b.id] for b in so_far)
            required: Decimal | int = math.ceil(required_amount(exact(rate.value), population, rate.per))
            delivered: Decimal | int = sum(f.places or 0 for f in counted)
        else:
            required = required_amount(exact(rate.value), households_exact, rate.per)
            delivered = total(exact(f.area_m2 or 0) for f in counted)
        shortfall = max(Decimal(required) - Decimal(delivered), Decimal(0))
        row: dict[str, Any] = {
            "phase": phase,
            "households_in_phase": sum(b.households or 0 for b in in_phase),
            "households": households,
            "required": as_number(Decimal(required)),
            "delivered": as_number(Decimal(delivered)),
            "shortfall": as_number(shortfall),
            "status": DELIVERY_STATUSES[housing_rank] if housing_rank >= 0 else None,
            "facilities": [f.id for f in due if f.phase == phase],
            "behind_housing": [f.id for f in behind],
        }
        if places:
            row["residents"] = as_number(round(population, 2))
        rows.append(row)
    return rows
