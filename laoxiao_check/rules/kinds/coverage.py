"""Service-circle coverage: the share of households within a walking distance of a facility.

Parameters: ``level`` (a name, e.g. 15min), ``max_distance_m`` or ``minutes`` with
``speed_kmh``, and ``required_ratio`` (1 = every household). Example (national): the
15-minute circle of GB 50180-2018 as 1,000 m, every household covered. The distances are
measured beforehand for all levels at once (``spatial/coverage.py``, distances and reasons per
building, no verdict); this kind judges them (:func:`judge`) and reports them.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import compress
from typing import Any, ClassVar

import numpy as np

from laoxiao_check.model.check import (
    NOTE_CUT_OFF,
    NOTE_FACILITY_UNSNAPPED,
    NOTE_NO_COORDINATES,
    NOTE_NO_FACILITY_ON_PIECE,
    NOTE_UNSNAPPED,
    CoverageLevel,
    CoverageResult,
    LevelColumns,
    LevelDistances,
    Unmeasured,
)
from laoxiao_check.model.glossary import level_word
from laoxiao_check.model.messages import Said
from laoxiao_check.model.phrasing import a_category_en, category_zh, plural_en
from laoxiao_check.model.profile import RuleSpec
from laoxiao_check.model.records import Finding, Project, Status
from laoxiao_check.rules.base import CheckContext, RuleKind, as_status, boolean, fmt, positive_number, ratio
from laoxiao_check.rules.rates import meets_share, share

WORDED_AT_MOST = 1024
"""Rules worded and kept (:meth:`Coverage.worded`); past it the words are worded afresh."""


def level_name(value: Any) -> str | None:
    return None if isinstance(value, str) and value.strip() else Said("a name such as 15min")


def max_distance_m(params: dict[str, Any]) -> float:
    if "max_distance_m" in params:
        return float(params["max_distance_m"])
    return float(params["minutes"]) * float(params["speed_kmh"]) * 1000.0 / 60.0


class Coverage(RuleKind):
    """At least ``required_ratio`` of households within a level's distance of a facility.

    The distance is ``max_distance_m``, or ``minutes`` at ``speed_kmh``; distances are
    measured beforehand for all levels (``spatial/coverage.py``); this kind judges them.
    Example: the 15-minute circle as 1,000 m, every household covered.
    """

    kind = "coverage"
    reads = ("households", "x", "y", "category", "status")
    _worded: ClassVar[dict[tuple[int, str | None], tuple[RuleSpec, dict[str, str]]]] = {}
    needs_own_rooms = False  # the facilities around count, not only the own rooms
    metric = "coverage"
    unit = "ratio"
    params = {"level": level_name, "required_ratio": ratio}
    optional_params = {
        "max_distance_m": positive_number,
        "minutes": positive_number,
        "speed_kmh": positive_number,
        "less_than": boolean,
    }

    def check_params(self, params: dict[str, Any]) -> list[tuple[str, str]]:
        has_distance = "max_distance_m" in params
        has_time = "minutes" in params or "speed_kmh" in params
        if has_distance and has_time:
            return [("max_distance_m", Said("give max_distance_m or minutes with speed_kmh, not both"))]
        if not has_distance and not ("minutes" in params and "speed_kmh" in params):
            return [("max_distance_m", Said("required: max_distance_m, or minutes with speed_kmh"))]
        return []

    def requirement(self, rule: RuleSpec) -> dict[str, str]:
        return self.worded(rule, None)

    def worded(self, rule: RuleSpec, method: str | None) -> dict[str, str]:
        """The rule in words; with the method measured, how the distance was taken: a straight-line
        figure is never called a walk (步行). Worded once per rule and method (an audit asks for
        every estate)."""
        key = (id(rule), method)
        found = self._worded.get(key)
        if found is None or found[0] is not rule:
            if len(self._worded) >= WORDED_AT_MOST:  # a long-lived process loading many profiles
                self._worded.clear()
            found = self._worded[key] = (rule, self._words(rule, method))
        return found[1]

    def _words(self, rule: RuleSpec, method: str | None) -> dict[str, str]:
        distance = fmt(max_distance_m(rule.params))
        share = f"{rule.params['required_ratio'] * 100:g}%"
        how_en = how_zh = ""
        if "minutes" in rule.params:
            how_en = f" ({fmt(rule.params['minutes'])} min at {fmt(rule.params['speed_kmh'])} km/h)"
            how_zh = f"（{fmt(rule.params['minutes'])}分钟，步速{fmt(rule.params['speed_kmh'])}千米/小时）"
        within_en, within_zh = ("less than", "小于") if rule.params.get("less_than") else ("within", "")
        way_en, way_zh = {
            "network": (" on foot", f"步行{within_zh}{distance}米"),
            "straight_line": (" in a straight line", f"直线距离{within_zh}{distance}米"),
            None: ("", f"{within_zh}{distance}米范围"),
        }[method]
        return {
            "en": f"{share} of households {within_en} {distance} m{how_en} of "
            f"{a_category_en(rule.category)} facility{way_en} [{rule.params['level']}]",
            "zh": f"{share}住户{way_zh}{how_zh}内有{category_zh(rule.category)}设施"
            f"（{level_word(rule.params['level'], 'zh')}）",
        }

    def evaluate(self, rule: RuleSpec, project: Project, context: CheckContext) -> Finding:
        result = context.coverage.get(rule.id)
        if result is None:  # the library called without the measurement (evaluate always measures)
            return self.finding(
                rule,
                "insufficient_data",
                message_en="coverage was not computed",
                message_zh="未计算覆盖率",
            )
        judged = result.ratio is not None  # a share measured: pass or fail
        return self.finding(
            rule,
            as_status(result.status),
            requirement=self.worded(rule, result.method),
            required=rule.params["required_ratio"] if judged else None,
            provided=result.ratio,
            message_en=result.message["en"],
            message_zh=result.message["zh"],
            details={
                "level": result.level,
                "max_distance_m": result.max_distance_m,
                "method": result.method,
                "households_total": result.households_total,
                "households_covered": result.households_covered,
                **({"no_coordinates": True} if result.note == NOTE_NO_COORDINATES else {}),
            },
        )


def judge(measured: LevelDistances | Unmeasured) -> CoverageResult:
    """A project's coverage at one level, judged: the share of its households within the level's
    distance against the share required, or ``insufficient_data`` where it was not measured."""
    if isinstance(measured, Unmeasured):
        return _unmeasured(measured)
    return _result(measured)


def judge_coverage(levels: dict[str, LevelDistances | Unmeasured]) -> dict[str, CoverageResult]:
    """A project's coverage judged at every level measured, rule id → result, in that order."""
    return {rule_id: judge(m) for rule_id, m in levels.items()}


def _result(measured: LevelDistances) -> CoverageResult:
    """One project's coverage at one level, from its buildings' distances (plain Python)."""
    level, method, ids, households = measured.level, measured.method, measured.ids, measured.households
    nearest, covered, reasons, off_main = (
        measured.nearest,
        measured.covered,
        measured.reasons,
        measured.off_main,
    )
    if len(ids) == 1:  # an estate of a list, or a one-building project: the common case, fast
        total = households[0]
        covered_households = total if covered[0] else 0
        uncovered: tuple[dict[str, Any], ...] = (
            ()
            if covered[0]
            else ({"building": ids[0], "households": total, "nearest_m": nearest[0], "reason": reasons[0]},)
        )
        nearest_m = nearest[0]
    else:
        total = sum(households)
        covered_households = sum(compress(households, covered))
        uncovered = tuple(
            {"building": ids[j], "households": households[j], "nearest_m": nearest[j], "reason": reasons[j]}
            for j in range(len(ids))
            if not covered[j]
        )
        reached = [d for d in nearest if d is not None]
        nearest_m = min(reached) if reached else None
    note = estate_note(covered[0], reasons[0], off_main[0]) if len(ids) == 1 else ""
    ratio = share(covered_households, total)
    if ratio is None:
        status: Status = "not_applicable"
        message: Mapping[str, str] = {"en": "the buildings have no households", "zh": "楼栋户数为零"}
    else:
        meets = meets_share(np.array([covered_households]), np.array([total]), level.required_ratio)[0]
        status = "pass" if meets else "fail"
        message = CoverageWords(
            level, method, covered_households, total, ratio, measured.has_facility, len(uncovered)
        )
    return CoverageResult(
        level.rule_id,
        level.category,
        level.level,
        level.max_distance_m,
        method,
        total,
        covered_households,
        ratio,
        level.required_ratio,
        status,
        message,
        uncovered,
        tuple(measured.unsnapped),
        tuple(measured.cut_off_points),
        level.informational,
        measured.metric_crs,
        dict(zip(ids, nearest, strict=True)),
        nearest_m,
        note,
        level.inclusive,
    )


def estate_note(covered: bool, reason: str, off_main: bool) -> str:
    """Why a one-building project (an estate of a list) is not covered, in a few words; or that
    it lies on a piece of the network cut off though a facility is near."""
    if not covered:
        return {
            "unsnapped": NOTE_UNSNAPPED,
            "cut_off": NOTE_CUT_OFF if off_main else NOTE_NO_FACILITY_ON_PIECE,
            "beyond": NOTE_CUT_OFF if off_main else "",
            "facility_unsnapped": NOTE_FACILITY_UNSNAPPED,
        }.get(reason, "")
    return NOTE_CUT_OFF if off_main and reason == "beyond" else ""


@dataclass(frozen=True)
class SharesJudged:
    """A level judged over columns (:func:`judge_shares`), row by row as :class:`LevelColumns`."""

    status: list[Status]
    ratio: list[float | None]
    covered: list[bool]
    """Every household of the row covered (a row of no household: True, as nothing is missed)."""
    note: list[str]


def judge_shares(columns: LevelColumns) -> SharesJudged:
    """Every one-building project of a level at once, as :func:`judge` judges each: the share of
    its households within the distance (1 or 0; none of no household), against the share
    required, exactly."""
    households = np.array(columns.households)
    covered = np.array(columns.covered)
    meets = meets_share(np.where(covered, households, 0), households, columns.level.required_ratio)
    empty = households == 0
    status = np.where(empty, "not_applicable", np.where(meets, "pass", "fail")).tolist()
    shares = np.where(empty, np.nan, np.where(covered, 1.0, 0.0)).tolist()
    ratio = [None if math.isnan(share) else share for share in shares]  # no household to share
    notes = list(map(estate_note, columns.covered, columns.reasons, columns.off_main))
    return SharesJudged(status, ratio, (covered | empty).tolist(), notes)


class CoverageWords(Mapping[str, str]):
    """A measured share in words (``{"en": …, "zh": …}``), worded when first read: an audit of
    100,000 estates measures 400,000 shares and prints the words of few."""

    __slots__ = ("_figures", "_words")

    def __init__(self, *figures: Any) -> None:
        """The figures :func:`_message` words."""
        self._figures = figures
        self._words: dict[str, str] | None = None

    def _worded(self) -> dict[str, str]:
        if self._words is None:
            self._words = _message(*self._figures)
        return self._words

    def __getitem__(self, key: str) -> str:
        return self._worded()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._worded())

    def __len__(self) -> int:
        return len(self._worded())

    def __repr__(self) -> str:
        return repr(self._worded())


def _message(
    level: CoverageLevel,
    method: str,
    covered: int,
    total: int,
    ratio: float,
    has_facility: bool,
    outside: int,
) -> dict[str, str]:
    way_en = "walking along the network" if method == "network" else "in a straight line"
    way_zh = "沿步行路网" if method == "network" else "直线距离"
    en = (
        f"{covered:,} of {total:,} households ({ratio:.1%}) "
        f"{'within' if level.inclusive else 'less than'} {level.max_distance_m:g} m "
        f"of {a_category_en(level.category)} facility {way_en}; {level.required_ratio:.0%} required"
    )
    zh = (
        f"{way_zh}{'' if level.inclusive else '小于'}{level.max_distance_m:g}米内"
        f"有{category_zh(level.category)}设施的住户{covered}户"
        f"/共{total}户（{ratio:.1%}），要求{level.required_ratio:.0%}"
    )
    if not has_facility:
        en += f"; the project has no {level.category} facility"
        zh += f"；项目无{category_zh(level.category)}设施"
    if outside:
        en += f"; {outside} {plural_en(outside, 'building')} outside"
        zh += f"；{outside}栋楼在范围外"
    return {"en": en, "zh": zh}


def _unmeasured(measured: Unmeasured) -> CoverageResult:
    level = measured.level
    return CoverageResult(
        level.rule_id,
        level.category,
        level.level,
        level.max_distance_m,
        measured.method,
        measured.households,
        0,
        None,
        level.required_ratio,
        "insufficient_data",
        measured.why,
        informational=level.informational,
        note=measured.note,
        inclusive=level.inclusive,
    )


def coverage_levels(rules: Sequence[RuleSpec]) -> list[CoverageLevel]:
    return [
        CoverageLevel(
            rule_id=rule.id,
            category=rule.category,
            level=rule.params["level"],
            max_distance_m=max_distance_m(rule.params),
            inclusive=not rule.params.get("less_than"),
            required_ratio=float(rule.params["required_ratio"]),
            informational=rule.informational,
        )
        for rule in rules
        if rule.kind == "coverage"
    ]
