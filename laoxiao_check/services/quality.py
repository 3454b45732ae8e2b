"""The data tier of a run (model/quality.py): made from the inputs as read, before the verdicts."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from laoxiao_check.model.phrasing import category_en, category_zh, plural_en
from laoxiao_check.model.profile import Profile
from laoxiao_check.model.quality import PLAUSIBLE_PERSONS_PER_HOUSEHOLD, DataQuality, QualityCheck
from laoxiao_check.model.records import Estate, Project

MAX_ROWS = 10


def _first(places: Sequence[str]) -> tuple[str, ...]:
    return tuple(places[:MAX_ROWS])


def _needs_coverage(profile: Profile) -> bool:
    return any(rule.kind == "coverage" for rule in profile.rules)


def project_quality(project: Project, profile: Profile) -> DataQuality:
    """The checks of one project (its population already completed, estimates marked)."""
    checks = [_households(project), _population(project)]
    ratio = _persons_per_household(project)
    if ratio is not None:
        checks.append(ratio)
    checks.append(_rooms(project))
    if _needs_coverage(profile):
        checks.append(_buildings_located(project))
    return DataQuality(tuple(checks))


HOUSEHOLDS_SOURCE = {
    "project": ("the project", "项目填写"),
    "sidecar": ("the project's sidecar", "项目附带文件"),
    "option": ("--households", "--households选项"),
    "buildings": ("the buildings' sum", "楼栋合计"),
}
"""Where a project's households came from (``Project.households_source``), as the data check
says it."""


def _households(project: Project) -> QualityCheck:
    if project.households is None:
        return QualityCheck(
            "households",
            "missing",
            "households not given (project or buildings)",
            "未填写总户数（项目或楼栋）",
        )
    source, source_zh = HOUSEHOLDS_SOURCE.get(project.households_source, ("", ""))
    return QualityCheck(
        "households",
        "ok",
        f"{project.households:,} households ({source})",
        f"总户数{project.households}户（{source_zh}）",
    )


def _population(project: Project) -> QualityCheck:
    if project.population is None:
        return QualityCheck("population", "missing", "residents not given", "未填写居住人口")
    if project.population_estimated:
        return QualityCheck(
            "population",
            "doubt",
            f"residents estimated ({project.population:,.0f} from households × persons per household): "
            "give the planned population",
            f"居住人口为估算值（{project.population:,.0f}人，按户数×户均人口）：请填写规划人口",
        )
    return QualityCheck(
        "population",
        "ok",
        f"{project.population:,.0f} residents given",
        f"居住人口{project.population:,.0f}人（已填写）",
    )


def _persons_per_household(project: Project) -> QualityCheck | None:
    if not project.households or project.population is None or project.population_estimated:
        return None
    ratio = project.population / project.households
    low, high = PLAUSIBLE_PERSONS_PER_HOUSEHOLD
    if low <= ratio <= high:
        return QualityCheck(
            "persons_per_household", "ok", f"{ratio:.2f} residents per household", f"户均{ratio:.2f}人"
        )
    return QualityCheck(
        "persons_per_household",
        "doubt",
        f"{ratio:.2f} residents per household, outside the plausible {low:g}–{high:g}: "
        "check households and residents",
        f"户均{ratio:.2f}人，超出合理范围{low:g}–{high:g}：请核对户数与人口",
    )


def _rooms(project: Project) -> QualityCheck:
    no_area = [f.id for f in project.facilities if f.area_m2 is None]
    no_places = [f.id for f in project.facilities if f.category == "childcare" and f.places is None]
    counts = {c: len(project.facilities_of(c)) for c in ("eldercare", "childcare")}
    listed_en = ", ".join(f"{n} {category_en(c)}" for c, n in counts.items())
    listed_zh = "，".join(f"{category_zh(c)}{n}处" for c, n in counts.items())
    if no_area:
        return QualityCheck(
            "rooms",
            "missing",
            f"rooms listed: {listed_en}; floor area missing for {len(no_area)}",
            f"配套用房：{listed_zh}；{len(no_area)}处未填写建筑面积",
            _first(no_area),
        )
    if no_places:
        return QualityCheck(
            "rooms",
            "missing",
            f"rooms listed: {listed_en}; places missing for {len(no_places)} childcare rooms",
            f"配套用房：{listed_zh}；{len(no_places)}处托育用房未填写托位数",
            _first(no_places),
        )
    return QualityCheck(
        "rooms",
        "ok",
        f"rooms listed: {listed_en}, each with category and area",
        f"配套用房：{listed_zh}，类别与面积齐全",
    )


def _buildings_located(project: Project) -> QualityCheck:
    unplaced = [b.id for b in project.buildings if b.x is None or b.y is None]
    total = len(project.buildings)
    if not total:
        return QualityCheck(
            "coordinates",
            "missing",
            "no buildings listed: the walk to facilities cannot be measured",
            "未列出楼栋：无法测算步行距离",
        )
    if unplaced:
        return QualityCheck(
            "coordinates",
            "missing",
            f"{len(unplaced)} of {total} buildings without coordinates: left out of the service circle",
            f"{total}栋中{len(unplaced)}栋无坐标：未计入服务圈",
            _first(unplaced),
        )
    return QualityCheck("coordinates", "ok", f"all {total} buildings located", f"{total}栋楼均有坐标")


SHARED_POINT_ESTATES = 10
"""So many estates at one point are a geocoder's fallback (a district's centre), not estates."""


def _shared_points(estates: Sequence[Estate], lonlat: np.ndarray) -> list[QualityCheck]:
    """Estates sharing a point with many others: their coverage and distances are doubtful."""
    known = ~np.isnan(lonlat).any(axis=1)
    if known.sum() < SHARED_POINT_ESTATES:
        return []
    _, inverse, counts = np.unique(
        np.round(lonlat[known], 6), axis=0, return_inverse=True, return_counts=True
    )
    crowded = counts[inverse.ravel()] >= SHARED_POINT_ESTATES
    if not crowded.any():
        return []
    rows = np.flatnonzero(known)[crowded]
    places = [f"{estates[i].place} {estates[i].name}" for i in rows]
    spots = int((counts >= SHARED_POINT_ESTATES).sum())
    return [
        QualityCheck(
            "shared_points",
            "doubt",
            f"{len(places):,} estates share {spots:,} {plural_en(spots, 'point')}, "
            f"{SHARED_POINT_ESTATES} or more at each: "
            "coordinates of a geocoder's fallback (a district's centre)? their distances are doubtful",
            f"{len(places)}个小区共用{spots}个坐标点（每点至少{SHARED_POINT_ESTATES}个）："
            "可能是地理编码的默认点（如区县中心），其距离测算存疑",
            _first(places),
        )
    ]


def audit_quality(
    estates: Sequence[Estate],
    lonlat: np.ndarray | None,
    profile: Profile,
    coverage_measured: bool,
    outside: Sequence[str] = (),
) -> DataQuality:
    """The checks of an estate list: households, residents, their ratio, rooms, locations —
    of the estates audited (``outside``: the places of those outside ``--boundary``, left out)."""
    if outside:
        keep = [i for i, e in enumerate(estates) if e.place not in set(outside)]
        estates = [estates[i] for i in keep]
        lonlat = None if lonlat is None else lonlat[keep]
    total = len(estates)
    no_households = [f"{e.place} {e.name}" for e in estates if e.households is None]
    checks = [
        QualityCheck(
            "households",
            "missing" if no_households else "ok",
            f"{total - len(no_households):,} of {total:,} estates give households"
            + (" (the rest are not judged)" if no_households else ""),
            f"{total}个小区中{total - len(no_households)}个填写了户数"
            + ("（其余未判定）" if no_households else ""),
            _first(no_households),
        )
    ]
    estimated = [f"{e.place} {e.name}" for e in estates if e.households is not None and e.population is None]
    estimated += [f"{e.place} {e.name}" for e in estates if e.population_estimated]
    if len(no_households) == total:
        checks.append(
            QualityCheck(
                "population",
                "missing",
                "no estate gives households: nothing can be judged",
                "没有小区填写户数：无法判定",
            )
        )
        return DataQuality(tuple(checks))
    checks.append(
        QualityCheck(
            "population",
            "doubt" if estimated else "ok",
            f"{len(estimated):,} estates' residents estimated from households × persons per household"
            if estimated
            else "every estate gives its residents",
            f"{len(estimated)}个小区的人口按户数×户均人口估算" if estimated else "各小区均填写了人口",
            _first(estimated),
        )
    )
    low, high = PLAUSIBLE_PERSONS_PER_HOUSEHOLD
    odd = [
        f"{e.place} {e.name} ({e.population / e.households:.2f})"
        for e in estates
        if e.households
        and e.population is not None
        and not e.population_estimated
        and not low <= e.population / e.households <= high
    ]
    if odd:
        checks.append(
            QualityCheck(
                "persons_per_household",
                "doubt",
                f"{len(odd):,} estates with residents per household outside {low:g}–{high:g}: "
                "check their figures",
                f"{len(odd)}个小区户均人口超出{low:g}–{high:g}：请核对",
                _first(odd),
            )
        )
    for category, column in (("eldercare", "eldercare_area_m2"), ("childcare", "childcare_area_m2")):
        unknown = [f"{e.place} {e.name}" for e in estates if getattr(e, column) is None and not e.reason]
        if unknown:
            checks.append(
                QualityCheck(
                    f"rooms_{category}",
                    "missing",
                    f"{len(unknown):,} estates without {category_en(category)} floor area: "
                    "its rules cannot be judged there",
                    f"{len(unknown)}个小区未填写{category_zh(category)}用房面积：相关规则无法判定",
                    _first(unknown),
                )
            )
    if lonlat is not None:
        checks.extend(_shared_points(estates, lonlat))
    if coverage_measured and _needs_coverage(profile) and lonlat is not None:
        unplaced = [
            f"{e.place} {e.name}" for e, point in zip(estates, lonlat, strict=True) if np.isnan(point).any()
        ]
        checks.append(
            QualityCheck(
                "coordinates",
                "missing" if unplaced else "ok",
                f"{total - len(unplaced):,} of {total:,} estates located"
                + (": the rest are left out of the service circle" if unplaced else ""),
                f"{total}个小区中{total - len(unplaced)}个有可用坐标"
                + ("：其余未计入服务圈" if unplaced else ""),
                _first(unplaced),
            )
        )
    return DataQuality(tuple(checks))
