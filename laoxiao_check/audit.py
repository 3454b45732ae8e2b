"""Batch audit of existing estates across a city.

Every estate gets the same rule results as ``check`` (missing rooms count as zero where the
columns are present) and, when city facilities are given, its coverage by them. Distances
for all estates are computed at once per category (one k-d tree query, or one bounded
Dijkstra pass on the network); only the cheap rule arithmetic runs per estate.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np

from . import checks
from .audit_summary import summarise
from .checks import RULE_KINDS, CheckContext, RuleKind, RuleSpec
from .checks.coverage import max_distance_m
from .coverage import DEFAULT_MAX_SNAP_M, DistanceMethod, StraightLine, WalkingNetwork
from .errors import Problem
from .geo import (
    WGS84,
    check_coordinates,
    is_geographic,
    looks_geographic,
    metric_crs_for_points,
    to_wgs84,
    transform,
)
from .io.boundary import Boundary, read_boundary
from .io.estates import EstateList, FacilityLayer, read_estates, read_facilities
from .models import Estate, Facility, Finding, Project, verdict_of
from .network.health import health_warnings
from .network.noding import NodingOptions
from .network_cache import NetworkFile
from .profiles import Profile

Progress = Callable[[int, int], None]
"""Called with (done, total) as estates are judged."""


@dataclass(frozen=True)
class EstateCoverage:
    rule_id: str
    category: str
    level: str
    max_distance_m: float
    method: str
    status: str
    covered: bool | None
    nearest_m: float | None
    informational: bool
    note: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "category": self.category,
            "level": self.level,
            "max_distance_m": self.max_distance_m,
            "method": self.method,
            "status": self.status,
            "covered": self.covered,
            "nearest_m": self.nearest_m,
            "informational": self.informational,
            "note": self.note,
        }


@dataclass(frozen=True)
class EstateResult:
    estate: Estate
    findings: tuple[Finding, ...] = ()
    coverage: tuple[EstateCoverage, ...] = ()

    @property
    def verdict(self) -> str:
        return "not_judged" if self.estate.reason else verdict_of(self.findings)


@dataclass(frozen=True)
class AuditResult:
    profile: Profile
    source: str
    estates: tuple[EstateResult, ...]
    problems: tuple[Problem, ...]
    columns: dict[str, str]
    datum: str
    coverage_method: str | None
    metric_crs: str | None
    facilities_source: str | None
    network_source: str | None
    summary: dict[str, Any] = field(default_factory=dict)
    estate_lonlat: np.ndarray | None = None
    """(n, 2) WGS84 longitude/latitude of each estate after --coords conversion (NaN: none)."""
    network: dict[str, Any] | None = None
    """The walking network's health report (network/health.py); None without a network."""

    @property
    def verdict(self) -> str:
        verdicts = {e.verdict for e in self.estates}
        return "fail" if "fail" in verdicts else "incomplete" if verdicts - {"pass"} else "pass"


def run_audit(
    estates_path: str | Path,
    profile: Profile,
    *,
    facilities_path: str | Path | None = None,
    network_path: str | Path | None = None,
    datum: str = "wgs84",
    facilities_datum: str | None = None,
    boundary_path: str | Path | None = None,
    boundary_datum: str | None = None,
    columns: dict[str, str] | None = None,
    max_snap_m: float = DEFAULT_MAX_SNAP_M,
    default_kind: str = "existing",
    progress: Progress | None = None,
    sheet: str | None = None,
    noding: NodingOptions | None = None,
    use_cache: bool = True,
) -> AuditResult:
    estate_list = read_estates(
        estates_path, columns or {}, profile.persons_per_household, default_kind, sheet
    )
    facility_layer = read_facilities(facilities_path) if facilities_path else None
    network = NetworkFile(Path(network_path), use_cache) if network_path else None
    problems = list(estate_list.problems) + (list(facility_layer.problems) if facility_layer else [])
    estate_lonlat, facility_lonlat = locate(
        estate_list, facility_layer, datum, facilities_datum or datum, problems
    )
    estates = estate_list.estates
    if boundary_path:
        boundary = read_boundary(boundary_path, boundary_datum or datum)
        problems.extend(Problem(boundary.source, "", warning) for warning in boundary.warnings)
        estates, outside = leave_out_outside(estates, estate_lonlat, boundary)
        problems.extend(outside)

    results = judge_rules(estates, estate_list.columns, profile, progress)
    known = ~np.isnan(estate_lonlat).any(axis=1)
    metric_crs = metric_crs_for_points(*estate_lonlat[known].T, WGS84) if known.any() else None
    method_name = None
    network_health = None
    if facility_layer is not None and metric_crs:
        estate_xy = np.column_stack(transform(*estate_lonlat.T, WGS84, metric_crs))
        facility_xy = np.column_stack(transform(*facility_lonlat.T, WGS84, metric_crs))
        method: DistanceMethod = StraightLine()
        if network is not None:
            graph, network_health = network.walk_graph(metric_crs, noding)
            problems.extend(Problem(network.source, "", w) for w in health_warnings(network_health))
            method = WalkingNetwork(graph, max_snap_m, np.vstack([estate_xy, facility_xy]))
        method_name = method.name
        levels = [r for r in profile.rules if r.kind == "coverage"]
        results = add_coverage(results, levels, estate_xy, facility_layer.facilities, facility_xy, method)
    summary = summarise(results, profile, facility_layer)
    return AuditResult(
        profile=profile,
        source=estate_list.source,
        estates=tuple(results),
        problems=tuple(problems),
        columns=estate_list.columns,
        datum=datum,
        coverage_method=method_name,
        metric_crs=metric_crs,
        facilities_source=facility_layer.source if facility_layer else None,
        network_source=network.source if network else None,
        summary=summary,
        estate_lonlat=estate_lonlat,
        network=network_health,
    )


def leave_out_outside(
    estates: tuple[Estate, ...], lonlat: np.ndarray, boundary: Boundary
) -> tuple[tuple[Estate, ...], list[Problem]]:
    """Estates whose point lies outside the audited area are not judged (they are counted)."""
    inside = boundary.contains(lonlat)
    name = Path(boundary.source).name
    kept, problems = [], []
    for estate, is_inside in zip(estates, inside.tolist(), strict=True):
        if not is_inside and not estate.reason:
            estate = replace(
                estate,
                reason=f"outside the boundary ({name})",
                reason_zh=f"不在边界范围内（{name}）",
            )
            problems.append(Problem(boundary.source, estate.place, f"{estate.name}: {estate.reason}"))
        kept.append(estate)
    return tuple(kept), problems


def estate_project(estate: Estate, columns: dict[str, str]) -> Project:
    """The estate as a project: its rooms from the columns the list has.

    A column that is present but blank counts as zero rooms; a category whose columns the
    list lacks is marked unknown, so that its rules report ``insufficient_data`` (with what
    would be required) instead of a false fail.
    """
    facilities = []
    unknown: dict[str, dict[str, str]] = {}
    if "eldercare_area_m2" not in columns:
        unknown["eldercare"] = {
            "en": "the list has no eldercare floor area column (eldercare_area_m2)",
            "zh": "名单无养老用房面积列",
        }
    elif estate.eldercare_area_m2:
        facilities.append(Facility("eldercare rooms", "eldercare", area_m2=estate.eldercare_area_m2))
    has_area, has_places = "childcare_area_m2" in columns, "childcare_places" in columns
    if not has_area and not has_places:
        unknown["childcare"] = {
            "en": "the list has no childcare column (childcare_area_m2, childcare_places)",
            "zh": "名单无托育用房面积或托位数列",
        }
    elif estate.childcare_area_m2 or estate.childcare_places:
        facilities.append(
            Facility(
                "childcare rooms",
                "childcare",
                area_m2=estate.childcare_area_m2 if has_area else None,
                places=estate.childcare_places if has_places else None,
            )
        )
    return Project(
        name=estate.name,
        kind=estate.kind,
        households=estate.households,
        households_source="project",
        population=estate.population,
        population_estimated=estate.population_estimated,
        crs=None,
        facilities=tuple(facilities),
        unknown_rooms=unknown,
    )


def judge_rules(
    estates: tuple[Estate, ...], columns: dict[str, str], profile: Profile, progress: Progress | None
) -> list[EstateResult]:
    """The allocation rules of each judged estate (coverage comes separately)."""
    context = CheckContext(persons_per_household=profile.persons_per_household)
    by_kind = {
        kind: [r for r in profile.rules_for(kind) if r.kind != "coverage"] for kind in ("new", "existing")
    }
    results = []
    total = len(estates)
    for done, estate in enumerate(estates, start=1):
        if estate.reason:
            results.append(EstateResult(estate))
        else:
            project = estate_project(estate, columns)
            findings = tuple(checks.evaluate(rule, project, context) for rule in by_kind[estate.kind])
            results.append(EstateResult(estate, findings))
        if progress and (done % 500 == 0 or done == total):
            progress(done, total)
    return results


def locate(
    estates: EstateList,
    facilities: FacilityLayer | None,
    datum: str,
    facilities_datum: str,
    problems: list[Problem],
) -> tuple[np.ndarray, np.ndarray]:
    """Estate and facility points as WGS84 longitude/latitude (NaN where unknown or implausible)."""
    estate_lonlat = _to_wgs84(
        [(e.x, e.y, e.place, e.name) for e in estates.estates], estates.crs, datum, estates.source, problems
    )
    if facilities is None:
        return estate_lonlat, np.empty((0, 2))
    facility_lonlat = _to_wgs84(
        [(f.x, f.y, f.place, f.id) for f in facilities.facilities],
        facilities.crs,
        facilities_datum,
        facilities.source,
        problems,
    )
    return estate_lonlat, facility_lonlat


LIST_SPREAD_KM = 50.0
"""A row this far from the middle of its list (and 20× its median distance) is a typo."""


def _to_wgs84(
    points: list[tuple[float | None, float | None, str, str]],
    crs: str | None,
    datum: str,
    source: str,
    problems: list[Problem],
) -> np.ndarray:
    """Rows whose coordinates do not fit the CRS are left out of coverage, each with its reason."""
    x = np.array([np.nan if p[0] is None else p[0] for p in points], dtype=float)
    y = np.array([np.nan if p[1] is None else p[1] for p in points], dtype=float)
    known = ~(np.isnan(x) | np.isnan(y))
    check = check_coordinates(x[known], y[known], crs, spread_floor_km=LIST_SPREAD_KM)
    rows = np.nonzero(known)[0]
    for index, message in sorted(check.errors.items()):
        _, _, place, name = points[rows[index]]
        problems.append(Problem(source, place, f"{name}: {message}; left out of coverage"))
    x[rows[check.bad]] = np.nan
    y[rows[check.bad]] = np.nan
    problems.extend(Problem(source, "", warning) for warning in check.warnings)
    known = ~(np.isnan(x) | np.isnan(y))
    if crs is None:
        if known.any() and not looks_geographic(x[known], y[known]):
            problems.append(
                Problem(
                    source,
                    "",
                    f"{int(known.sum())} row(s) with coordinates that are not "
                    "longitude/latitude and no CRS: left out of coverage",
                )
            )
            x[:], y[:] = np.nan, np.nan
        crs = WGS84
    if not is_geographic(crs):
        lon, lat = transform(x, y, crs, WGS84)
    else:
        if crs not in (WGS84, "EPSG:4490"):
            x, y = transform(x, y, crs, WGS84)
        lon, lat = to_wgs84(x, y, datum)
    return np.column_stack([lon, lat]).reshape(-1, 2)


def add_coverage(
    results: list[EstateResult],
    levels: list[RuleSpec],
    estate_xy: np.ndarray,
    facilities: tuple[Facility, ...],
    facility_xy: np.ndarray,
    method: DistanceMethod,
) -> list[EstateResult]:
    """Each judged estate's distance to the nearest facility of each category, all at once."""
    judged = np.array([not r.estate.reason for r in results])
    located = judged & ~np.isnan(estate_xy).any(axis=1)
    coverage_kind = RULE_KINDS["coverage"]
    per_estate: dict[int, list[tuple[EstateCoverage, Finding]]] = defaultdict(list)
    for category in sorted({lv.category for lv in levels}):
        category_levels = [lv for lv in levels if lv.category == category]
        limit = max(max_distance_m(lv.params) for lv in category_levels)
        own = np.array([_has_own(r.estate, category) for r in results]) & located
        of_category = np.array([f.category == category for f in facilities], dtype=bool)
        city = of_category & ~np.isnan(facility_xy).any(axis=1) if len(facility_xy) else of_category
        if of_category.any() and not city.any() and not own.any():
            # the city has such facilities, but none could be placed: not measured, never "all fail"
            for level in category_levels:
                reach = max_distance_m(level.params)
                record = partial(
                    _coverage_pair, coverage_kind, level, reach, method.name, coverage_kind.requirement(level)
                )
                for i in np.nonzero(judged)[0].tolist():
                    per_estate[i].append(
                        record("insufficient_data", None, None, NOTE_NONE_PLACED, results[i].estate)
                    )
            continue
        sources = np.vstack([facility_xy[city] if len(facility_xy) else np.empty((0, 2)), estate_xy[own]])
        targets = np.nonzero(located)[0]
        distance, snapped, _, _ = method.nearest(sources, estate_xy[targets], limit)
        cut_off = (
            method.off_main(estate_xy[targets])[0]
            if isinstance(method, WalkingNetwork)
            else np.zeros(len(targets), dtype=bool)
        ).tolist()
        self_served = own[targets]  # an estate's own rooms serve its households on the spot
        distance = np.where(self_served, 0.0, distance)
        snapped = snapped | self_served
        nearest_m = np.where(np.isfinite(distance), np.round(distance, 1), np.nan).tolist()
        snapped_list = snapped.tolist()
        for level in category_levels:
            reach = max_distance_m(level.params)
            requirement = coverage_kind.requirement(level)
            covered_list = (snapped & (distance <= reach)).tolist()

            record = partial(_coverage_pair, coverage_kind, level, reach, method.name, requirement)

            def add(i: int, status: str, covered: bool | None, nearest: float | None, note: str) -> None:
                per_estate[i].append(record(status, covered, nearest, note, results[i].estate))  # noqa: B023

            for k, i in enumerate(targets.tolist()):
                nearest = None if nearest_m[k] != nearest_m[k] else nearest_m[k]
                note = NOTE_CUT_OFF if cut_off[k] else "" if snapped_list[k] else NOTE_UNSNAPPED
                add(i, "pass" if covered_list[k] else "fail", covered_list[k], nearest, note)
            for i in np.nonzero(judged & ~located)[0].tolist():
                add(i, "insufficient_data", None, None, NOTE_NO_COORDINATES)
    updated = []
    for i, result in enumerate(results):
        pairs = per_estate.get(i, [])
        updated.append(
            EstateResult(
                result.estate, result.findings + tuple(p[1] for p in pairs), tuple(p[0] for p in pairs)
            )
        )
    return updated


NOTE_UNSNAPPED = "not on the walking network"
NOTE_CUT_OFF = "on a piece of the walking network cut off from its largest"
NOTE_NO_COORDINATES = "no coordinates"
NOTE_NONE_PLACED = "no facility of the category could be placed (no usable coordinates)"
NOTE_ZH = {
    NOTE_UNSNAPPED: "未接入路网",
    NOTE_CUT_OFF: "所在路网与主路网不连通",
    NOTE_NO_COORDINATES: "缺少坐标",
    NOTE_NONE_PLACED: "该类设施均无可用坐标",
}


def _has_own(estate: Estate, category: str) -> bool:
    if category == "eldercare":
        return bool(estate.eldercare_area_m2)
    return bool(estate.childcare_area_m2 or estate.childcare_places)


def _coverage_pair(
    kind: RuleKind,
    rule: RuleSpec,
    reach: float,
    method: str,
    requirement: dict[str, str],
    status: str,
    covered: bool | None,
    nearest: float | None,
    note: str,
    estate: Estate,
) -> tuple[EstateCoverage, Finding]:
    coverage = EstateCoverage(
        rule.id,
        rule.category,
        rule.params["level"],
        reach,
        method,
        status,
        covered,
        nearest,
        rule.informational,
        note,
    )
    where = (
        f"{nearest:g} m"
        if nearest is not None
        else f"more than {reach:g} m"
        if status != "insufficient_data"
        else "unknown"
    )
    if status == "insufficient_data":
        en, zh = f"coverage not measured: {note}", f"无法计算覆盖：{NOTE_ZH.get(note, note)}"
    elif covered:
        en, zh = f"a facility {where} away (≤ {reach:g} m)", f"最近设施{where}（≤{reach:g}米）"
    else:
        en = f"nearest facility {where} away (> {reach:g} m)" + (f"; {note}" if note else "")
        zh = f"最近设施{where}，超出{reach:g}米" + (f"；{NOTE_ZH[note]}" if note else "")
    finding = kind.finding(
        rule,
        status,
        required=rule.params["required_ratio"] if status != "insufficient_data" else None,
        provided=(1.0 if covered else 0.0) if status != "insufficient_data" else None,
        message_en=en,
        message_zh=zh,
        details={
            "level": rule.params["level"],
            "max_distance_m": reach,
            "method": method,
            "nearest_m": nearest,
            "households": estate.households,
        },
        requirement=requirement,
    )
    return coverage, finding
