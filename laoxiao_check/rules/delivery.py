"""Delivery with the housing (同步交付), without phases: rooms whose delivery status is behind the
housing's are not delivered.

All five seed texts ask that the facilities be planned, built, accepted and delivered with the
housing (四同步; Qidong 四(二)3 names 建而不交, built but not handed over). Where a project gives
no phases, the quantity rules (floor area, places) count only the rooms whose status is not
behind the most advanced status of its buildings: housing handed over with rooms only built is
short by those rooms. Rooms or buildings without a status are not compared. With phases, the
phased-delivery rule judges it phase by phase.
"""

from __future__ import annotations

from typing import Any

from laoxiao_check.model.glossary import DELIVERY_STATUS, word
from laoxiao_check.model.profile import RuleSpec
from laoxiao_check.model.records import Facility, Project
from laoxiao_check.model.values import DELIVERY_STATUSES


def behind_housing(project: Project, category: str) -> tuple[list[Facility], str | None]:
    """A new estate's rooms of the category behind the housing's delivery status, and that status
    (None: an existing estate, no building gives a status, or the category is phased)."""
    if project.kind != "new":  # 四同步 binds new estates; existing ones make rooms up (调剂, 补足)
        return [], None
    if any(b.phase for b in project.buildings) or any(f.phase for f in project.facilities_of(category)):
        return [], None  # the phased-delivery rule judges it phase by phase
    ranks = [DELIVERY_STATUSES.index(b.status) for b in project.buildings if b.status in DELIVERY_STATUSES]
    if not ranks:
        return [], None
    housing = max(ranks)
    behind = [
        f
        for f in project.facilities_of(category)
        if f.status in DELIVERY_STATUSES and DELIVERY_STATUSES.index(f.status) < housing
    ]
    return behind, DELIVERY_STATUSES[housing]


def behind_words(behind: list[Facility], housing: str) -> tuple[str, str]:
    """What the finding says of rooms not delivered with the housing."""
    rooms = ", ".join(f"{f.id} ({f.status})" for f in behind)
    rooms_zh = "、".join(f"{f.id}（{word(DELIVERY_STATUS, str(f.status), 'zh')}）" for f in behind)
    return (
        f"not delivered with the housing ({word(DELIVERY_STATUS, housing, 'en')}): "
        f"{rooms} not counted (同步交付)",
        f"未与住宅同步交付（住宅{word(DELIVERY_STATUS, housing, 'zh')}）：{rooms_zh}不计入（同步交付）",
    )


def acceptance_words() -> tuple[str, str]:
    """Qidong 四(二)3: a failing case blocks completion acceptance until corrected."""
    return (
        "completion acceptance (竣工验收) may not be organised until corrected",
        "整改到位前建设单位不得组织竣工验收",
    )


def delivery_said(
    rule: RuleSpec, status: str, behind: list[Facility], housing: str | None, en: str, zh: str
) -> tuple[str, str, dict[str, Any]]:
    """A quantity finding's words and details with the rooms not delivered with the housing and,
    where the profile says so (Qidong 四(二)3), completion acceptance blocked while it fails."""
    details: dict[str, Any] = {}
    if behind and housing:
        more_en, more_zh = behind_words(behind, housing)
        en, zh = f"{en}; {more_en}", f"{zh}；{more_zh}"
        details["behind_housing"] = [f.id for f in behind]
    if status == "fail" and rule.params.get("acceptance_blocked"):
        more_en, more_zh = acceptance_words()
        en, zh = f"{en}; {more_en}", f"{zh}；{more_zh}"
        details["acceptance_blocked"] = True
    return en, zh, details
