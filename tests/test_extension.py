"""Adding a rule kind is its module and one registration line (docs/architecture.md)."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import SAMPLES

from laoxiao_check import rules as checks
from laoxiao_check.model.profile import RuleSpec
from laoxiao_check.model.records import Finding, Project
from laoxiao_check.rules.base import CheckContext, RuleKind, positive_whole_number


class BuildingCount(RuleKind):
    """At least ``min_buildings`` buildings (a throwaway kind for this test)."""

    kind = "building_count"
    metric = "buildings"
    unit = "buildings"
    params = {"min_buildings": positive_whole_number}

    def requirement(self, rule: RuleSpec) -> dict[str, str]:
        minimum = rule.params["min_buildings"]
        return {"en": f"≥ {minimum} buildings", "zh": f"至少{minimum}栋楼"}

    def evaluate(self, rule: RuleSpec, project: Project, context: CheckContext) -> Finding:
        required, provided = rule.params["min_buildings"], len(project.buildings)
        status = "pass" if provided >= required else "fail"
        return self.finding(
            rule, status, required=required, provided=provided, message_en="counted", message_zh="已计数"
        )


def test_a_new_rule_kind_is_its_module_and_one_registration_line(
    monkeypatch, tmp_path: Path, run_cli
) -> None:
    monkeypatch.setitem(checks.RULE_KINDS, BuildingCount.kind, BuildingCount())  # the one line
    profile = tmp_path / "mine.yaml"
    profile.write_text(
        "name: {zh: 我的, en: Mine}\nextends: quanzhou\nrules:\n"
        "  buildings.count:\n    kind: building_count\n    category: eldercare\n    project_kind: any\n"
        "    min_buildings: 9\n    citation: {document: quanzhou2022, clause: test}\n",
        encoding="utf-8",
    )
    result = run_cli("check", SAMPLES / "quanzhou_new_estate.xlsx", "--rules", profile, "--format", "json")
    finding = next(f for f in json.loads(result.out)["results"] if f["id"] == "buildings.count")
    assert (finding["status"], finding["required"], finding["provided"]) == ("fail", 9, 8)
    assert result.code == 1
