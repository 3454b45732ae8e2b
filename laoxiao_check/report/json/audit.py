"""The JSON document of an audit."""

from __future__ import annotations

import json
from typing import Any, TextIO

from laoxiao_check import __version__
from laoxiao_check.model.audit import AuditResult, EstateResult, GroupResult, PartitionRecord
from laoxiao_check.report.json.check import finding_dict

SCHEMA_VERSION = "1.0"


def estate_dict(result: EstateResult, accessibility: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    estate = result.estate
    return {
        "name": estate.name,
        "row": estate.place,
        "district": estate.district,
        "community": estate.community,
        "kind": estate.kind,
        "households": estate.households,
        "population": estate.population,
        "population_estimated": estate.population_estimated,
        "verdict": result.verdict,
        "reason": estate.reason or None,
        "reason_zh": estate.reason_zh or None,
        "results": [finding_dict(f) for f in result.findings],
        "coverage": [c.as_estate_dict() for c in result.coverage],
        "accessibility": accessibility or [],
    }


def _access_of(result: AuditResult, index: int) -> list[dict[str, Any]]:
    return result.accessibility.of_estate(index) if result.accessibility else []


def audit_dict(result: AuditResult) -> dict[str, Any]:
    estates = [estate_dict(e, _access_of(result, i)) for i, e in enumerate(result.estates)]
    return {**_head(result), "estates": estates, **_tail(result)}


def _head(result: AuditResult) -> dict[str, Any]:
    return {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "laoxiao-check", "version": __version__},
        "profile": {"id": result.profile.id, "name": result.profile.name},
        "input": {
            "estates": result.source.rsplit("/", 1)[-1],
            "columns": result.columns,
            "coords": result.datum,
            "facilities": result.facilities_source.rsplit("/", 1)[-1] if result.facilities_source else None,
            "network": result.network_source.rsplit("/", 1)[-1] if result.network_source else None,
            "coverage_method": result.coverage_method,
            "crs": result.metric_crs,
            **({"partition_by": result.partition_by} if result.partition_by else {}),
        },
        "provenance": result.provenance.as_dict() if result.provenance else None,
        "data_quality": result.quality.as_dict() if result.quality else None,
        "input_ledger": result.ledger.as_list(),
        "network": result.network,
        **({"partitions": [partition_dict(p) for p in result.partitions]} if result.partition_by else {}),
        "verdict": result.verdict,
        "summary": {
            **result.summary,
            "city": {**result.summary["city"], **_city_results(result)},
            "districts": [
                {**entry, **_group_results(result.districts, entry["district"])}
                for entry in result.summary["districts"]
            ],
            "communities": [community_dict(c) for c in result.communities],
            "accessibility": result.accessibility.summary() if result.accessibility else None,
        },
    }


def partition_dict(part: PartitionRecord) -> dict[str, Any]:
    """A part of a partitioned audit: how it went, and its walking network's health report.
    Its time and worker are left out: the document is the same wherever the parts ran."""
    return {
        "name": part.name,
        "estates": part.estates,
        "status": part.status,
        "reason": part.reason or None,
        "network": part.network,
    }


def _group_results(groups: tuple[GroupResult, ...], name: str) -> dict[str, Any]:
    """A district's rules judged on it (population and its source), beside its counts."""
    for group in groups:
        if group.name == name:
            return {
                "population_official": group.population if group.population_source == "official" else None,
                "population_source": group.population_source,
                **group.age_groups,
                "results": [finding_dict(f) for f in group.findings],
            }
    return {"results": []}


def _city_results(result: AuditResult) -> dict[str, Any]:
    """The city rules (targets) judged on the whole list, beside the city's counts."""
    if result.city is None:
        return {"results": []}
    return {
        "population_official": result.city.population
        if result.city.population_source == "official"
        else None,
        "population_source": result.city.population_source,
        **result.city.age_groups,
        "results": [finding_dict(f) for f in result.city.findings],
    }


def community_dict(group: GroupResult) -> dict[str, Any]:
    return {**group.figures(), "results": [finding_dict(f) for f in group.findings]}


def _tail(result: AuditResult) -> dict[str, Any]:
    return {"problems": [{"place": p.place, "message": p.message} for p in result.problems]}


def _dumps(value: Any) -> str:
    # compact: city-sized documents go through json's C encoder (indenting is 10× slower)
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def write(result: AuditResult, lang: str, handle: TextIO) -> None:
    """The same document as :func:`render`, written estate by estate (no whole copy in memory)."""
    head, tail = _dumps(_head(result)), _dumps(_tail(result))
    handle.write(head[:-1] + ',"estates":[')
    for index, estate in enumerate(result.estates):
        handle.write(("," if index else "") + _dumps(estate_dict(estate, _access_of(result, index))))
    handle.write("]," + tail[1:] + "\n")


def render(result: AuditResult, lang: str = "en", color: bool = False) -> str:
    return _dumps(audit_dict(result)) + "\n"
