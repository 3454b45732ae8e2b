"""The share of streets and townships (街道、乡镇) with a centre: a city (or district) target.

Example (Guizhou (五)): 乡(镇、街道)层面区域养老服务中心建有率达60% by 2025 — of a city's 12
streets and townships, at least ceil(0.6 × 12) = 8 must have a regional eldercare centre: an
eldercare facility whose ``service`` or name says so (``service_words``), optionally of a
least floor area (``min_area_m2``). Example (Qidong 三(一)3): every street (街道) — not the
towns — has a comprehensive centre: ``names_ending: [街道]`` counts only the areas so named.
A facility is in the street its ``street`` column names, or that of its estate.
"""

from __future__ import annotations

from typing import Any

from laoxiao_check.model.messages import Said
from laoxiao_check.model.profile import RuleSpec
from laoxiao_check.model.records import CommunityFacilities, Project
from laoxiao_check.rules.kinds.community_share import CommunityShare, _words


def _endings(value: Any) -> str | None:
    return None if _words(value) is None else Said("a list of name endings (e.g. [街道])")


class StreetShare(CommunityShare):
    """At least ``min_share`` of the streets and townships have a facility of the category.

    As ``community_share``, over the streets and townships (街道（乡镇）) of the list: required =
    ceil(min_share × streets) (``more_than``: floor(…) + 1); provided = the streets with a
    facility of the category (``service_words``: whose service or name contains one;
    ``min_area_m2``: of at least that floor area). ``names_ending``: only the streets whose name
    ends so are counted (Qidong's 所有街道: ``[街道]``). Example: 60 % of 12 → 8 streets.
    """

    kind = "street_share"
    reads = ("street", "district", "category", "service", "area_m2")
    metric = "street_share"
    unit = "streets"
    optional_params = {**CommunityShare.optional_params, "names_ending": _endings}
    area_words = ("streets and townships", "街道（乡镇）")
    count_key = "streets"
    missing_en = "give a street (街道（乡镇）) column in the estate list or the facilities"
    missing_zh = "请在小区清单或设施清单中提供“街道（乡镇）”列"

    def areas(self, rule: RuleSpec, project: Project) -> tuple[tuple[CommunityFacilities, ...] | None, str]:
        streets, endings = project.streets, rule.params.get("names_ending")
        if streets and endings:
            streets = tuple(s for s in streets if s.name.endswith(tuple(endings)))
        return streets, project.streets_source
