"""The stable JSON document of a check (schema: ``schemas/check-result.schema.json``)."""

from __future__ import annotations

import json
from typing import Any

from laoxiao_check import __version__
from laoxiao_check.model.check import CheckResult
from laoxiao_check.model.records import Finding, Project

SCHEMA_VERSION = "1.0"


def finding_dict(finding: Finding) -> dict[str, Any]:
    return {
        "id": finding.id,
        "category": finding.category,
        "metric": finding.metric,
        "status": finding.status,
        "required": finding.required,
        "provided": finding.provided,
        "unit": finding.unit,
        "shortfall": finding.shortfall,
        "citation": finding.citation.as_dict(),
        "source": finding.source,
        "requirement": finding.requirement,
        "message": finding.message["en"],
        "message_zh": finding.message["zh"],
        "informational": bool(finding.details.get("informational", False)),
        "binding": finding.binding,
        "estimated": finding.estimated,
        "scope": finding.scope,
        "target_year": finding.target_year,
        "details": {k: v for k, v in finding.details.items() if k != "informational"},
    }


def result_dict(result: CheckResult) -> dict[str, Any]:
    project = result.project
    return {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "laoxiao-check", "version": __version__},
        "project": {
            "name": project.name,
            "kind": project.kind,
            "scope": project.scope,
            "households": project.households,
            "households_source": project.households_source,
            "population": project.population,
            "population_estimated": project.population_estimated,
            "buildings": len(project.buildings),
            "facilities": len(project.facilities),
            "source": {"file": project.source.rsplit("/", 1)[-1], "sha256": project.source_sha256},
        },
        "profile": {
            "id": result.profile_id,
            "name": result.profile_name,
            "documents": [c.as_dict() for c in result.profile_documents],
        },
        "provenance": result.provenance.as_dict() if result.provenance else None,
        "data_quality": result.quality.as_dict() if result.quality else None,
        "input_ledger": result.ledger.as_list(),
        "inputs": inputs_dict(project),
        "verdict": result.verdict,
        "results": [finding_dict(f) for f in result.findings],
        "coverage": [c.as_dict() for c in result.coverage],
        "network": result.network,
        "warnings": list(result.warnings),
    }


BUILDING_KEYS = ("id", "households", "population", "phase", "status", "x", "y")
ROOM_KEYS = (
    "id", "name", "category", "area_m2", "places", "floor", "site", "phase", "status", "entrance", "lift",
    "off_site", "centre_area_m2", "land_area_m2", "service", "x", "y",
)  # fmt: skip


def inputs_dict(project: Project) -> dict[str, list[dict[str, Any]]]:
    """What was checked, so the document stands alone: the buildings and the rooms as read
    (coordinates in the project file's own CRS)."""
    return {
        "buildings": [{k: getattr(b, k) for k in BUILDING_KEYS} for b in project.buildings],
        "rooms": [{k: getattr(f, k) for k in ROOM_KEYS} for f in project.facilities],
    }


def render(result: CheckResult, lang: str = "en", color: bool = False) -> str:
    return json.dumps(result_dict(result), ensure_ascii=False, indent=2) + "\n"
