"""The input ledger of a run (``model.ledger.InputLedger``): what the services know was left out
or is in doubt, counted with its reason and a few examples. Each fact is one ``ledger.add`` here;
reports render the ledger at their top."""

from __future__ import annotations

import difflib
from collections import Counter
from collections.abc import Sequence

import numpy as np

from laoxiao_check.io.estates import FacilityLayer
from laoxiao_check.model.ledger import InputLedger
from laoxiao_check.model.messages import Said
from laoxiao_check.model.records import Estate, Facility


def facility_entries(
    ledger: InputLedger, layer: FacilityLayer | None, placed: Sequence[Facility]
) -> InputLedger:
    """The facility rows left out (their problem said why) and those without usable coordinates."""
    if layer is None:
        return ledger
    kept = {f.place for f in layer.facilities}
    ledger = ledger.add(
        "unknown_category",
        sum(n for _, n in layer.unknown_words),
        "facilities left out: their category word is not known (养老, 托育, 养老院, 托育园 … are; "
        "`laoxiao-check fields` lists them)",
        "设施未计入：类别用词无法识别（可用：养老、托育、养老院、托育园等，见 laoxiao-check fields）",
        (f"{word} ×{n}" for word, n in layer.unknown_words),
        layer.source,
    )
    ledger = ledger.add(
        "duplicates_merged",
        len(layer.merged),
        "facility rows listing again a facility of an earlier row (the same id and category): counted once",
        "设施行重复列出前面已有的设施（编号与类别相同）：只计一次",
        (f"{place} {given} (= {first})" for place, given, first in layer.merged),
        layer.source,
    )
    merged_places = {place for place, _, _ in layer.merged}
    dropped: dict[str, str] = {}
    for problem in layer.problems:
        if problem.place in merged_places:
            continue  # merged, counted above
        if problem.place.startswith("column "):
            continue  # said of a column (the unknown category words, above), not of a row
        if problem.place and problem.place not in kept:
            dropped.setdefault(problem.place, problem.message)
    reasons = Counter(dropped.values())
    ledger = ledger.add(
        "rows_skipped",
        len(dropped),
        "facility rows that could not be read: "
        + "; ".join(f"{why} ({n})" for why, n in reasons.most_common(3)),
        "无法读取的设施行：" + "；".join(f"{why}（{n}）" for why, n in reasons.most_common(3)),
        (f"{place}: {why}" for place, why in dropped.items()),
        layer.source,
    )
    unplaced = [f for f in placed if f.x is None or f.y is None]
    return ledger.add(
        "no_coordinates",
        len(unplaced),
        "facilities without usable coordinates: left out of coverage and capacity",
        "设施无可用坐标：不计入覆盖和容量测算",
        (f"{f.place} {f.id}" for f in unplaced),
        layer.source,
    )


def estate_entries(
    ledger: InputLedger,
    estates: Sequence[Estate],
    lonlat: np.ndarray,
    source: str,
    outside: Sequence[str] = (),
    coverage_measured: bool = False,
    far: Sequence[str] = (),
) -> InputLedger:
    """The estates not judged (unreadable or missing figures; outside the boundary), those judged
    but not located, and possible double counts (same name in the same district, or in districts
    whose names differ only by a suffix: 鲤城 and 鲤城区)."""
    outside_places = set(outside)
    not_judged = [e for e in estates if e.reason and e.place not in outside_places]
    ledger = ledger.add(
        "not_judged",
        len(not_judged),
        "estates whose figures could not be read or are missing (not judged, counted)",
        "小区数据无法读取或缺失（未判定，已计数）",
        (
            Said.of(
                {
                    "en": f"{e.place} {e.name}: {e.reason}",
                    "zh": f"{e.place} {e.name}：{e.reason_zh or e.reason}",
                }
            )
            for e in not_judged
        ),
        source,
    )
    left_out = [e for e in estates if e.place in outside_places]
    ledger = ledger.add(
        "outside_boundary",
        len(left_out),
        "estates outside --boundary: not judged, and not in any sum",
        "小区位于 --boundary 之外：未判定，不计入合计",
        (f"{e.place} {e.name}" for e in left_out),
        source,
    )
    far_places = set(far)
    far_estates = [e for e in estates if e.place in far_places]
    ledger = ledger.add(
        "far_from_rest",
        len(far_estates),
        "estates whose coordinates lie far from all the others (a typo, or an estate of another "
        "city?): judged and counted, their coverage not measured — check them, or give --boundary",
        "小区坐标远离其他小区（录入错误，或属其他城市？）：已判定并计入合计，未测算覆盖——"
        "请核对，或给出 --boundary",
        (f"{e.place} {e.name}" for e in far_estates),
        source,
    )
    if coverage_measured:
        unplaced = [
            e
            for e, point in zip(estates, lonlat, strict=True)
            if not e.reason and np.isnan(point).any() and e.place not in far_places
        ]
        ledger = ledger.add(
            "no_coordinates",
            len(unplaced),
            "estates without usable coordinates: judged, but their coverage not measured",
            "小区无可用坐标：已判定，但未测算覆盖",
            (f"{e.place} {e.name}" for e in unplaced),
            source,
        )
    doubles = possible_duplicates(estates)
    return ledger.add(
        "possible_duplicates",
        len(doubles),
        "estates with the same name in the same district (or one spelt with and without its suffix): "
        "kept, check for a double count",
        "同一区县（或仅后缀不同的区县名）中同名的小区：均保留，请核对是否重复计数",
        doubles,
        source,
    )


def _district_stem(name: str) -> str:
    for suffix in ("区", "县", "市", "旗"):
        if len(name) > 2 and name.endswith(suffix):
            return name[: -len(suffix)]
    return name


def possible_duplicates(estates: Sequence[Estate]) -> list[str]:
    """The rows that repeat an earlier row's name in its district (district names compared
    without their suffix), as ``row 7 海景花园 (row 3)``."""
    seen: dict[tuple[str, str], str] = {}
    found = []
    for estate in estates:
        key = (estate.name, _district_stem(estate.district))
        if key in seen:
            found.append(f"{estate.place} {estate.name} ({seen[key]})")
        else:
            seen[key] = estate.place
    return found


def district_entries(
    ledger: InputLedger, estates: Sequence[Estate], layer: FacilityLayer | None
) -> InputLedger:
    """Facilities whose district no estate has (their places count for the city, for no district
    of the list), each unknown name with a did-you-mean (鲤城 → 鲤城区)."""
    if layer is None:
        return ledger
    known = sorted({e.district for e in estates if e.district})
    if not known:
        return ledger
    unmatched = Counter(d for d in layer.districts if d and d not in known)
    examples = []
    for name, count in unmatched.most_common():
        close = difflib.get_close_matches(name, known, n=1, cutoff=0.5)
        hint = f" → {close[0]}?" if close else ""
        examples.append(f"{name}{hint} ({count})")
    return ledger.add(
        "unmatched_district",
        sum(unmatched.values()),
        "facilities whose district names no estate's district: shown as a district of their own "
        "(no estates) and counted for the city, never for the estates' district (check the spelling)",
        "设施所在区县与任何小区的区县名不符：单列为一个区县（无小区），计入全市，不计入小区所在区县（请核对名称）",
        examples,
        layer.source,
    )
