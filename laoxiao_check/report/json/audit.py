"""The JSON document of an audit: each rule named once, each estate a compact record.

A city's list has many estates judged on the same few rules, so the rules (citation, words,
binding) are written once under ``rules``, the coverage levels once under ``coverage_levels``
and the accessibility categories once under ``summary.accessibility``; each estate carries its
figures as short rows aligned with them (fields named under ``estate_fields``; ``null`` where a
rule or level does not apply to it). A record is a few hundred bytes: 100,000 estates stay
within tens of MB. The messages in words are those of the table, HTML and Excel reports;
:func:`expand` turns a document back into one dictionary per estate for a notebook.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from operator import attrgetter, itemgetter
from typing import Any, TextIO

from laoxiao_check import __version__
from laoxiao_check.model.audit import AuditResult, EstateResult, GroupResult, PartitionRecord
from laoxiao_check.model.judged import Judged
from laoxiao_check.model.records import Finding
from laoxiao_check.report.json.check import finding_dict

SCHEMA_VERSION = "2.0"
RESULT_FIELDS = ("status", "required", "provided", "shortfall", "estimated", "why")
"""``why``: for a rule not judged (insufficient data, not applicable), the index of its words in
the document's ``why`` list (the same words for many estates are written once)."""
COVERAGE_FIELDS = ("status", "covered", "nearest_m", "note")
ACCESS_FIELDS = (
    "accessible",
    "accessible_per",
    "rate",
    "required",
    "shortfall",
    "share_of_need",
    "meets_rate",
    "meets_target",
    "demand",
    "demand_basis",
    "facilities_reached",
    "joined",
)
FACILITY_FIELDS = (
    "id",
    "kind",
    "row",
    "district",
    "capacity",
    "demand_reaching",
    "load",
    "estates_reaching",
    "joined",
)
"""A supplier of capacity (a facility of the city's file, or an estate's own rooms) in
``summary.accessibility.categories[].facilities``: one row each, these fields."""
RESULT_ROW = attrgetter(*RESULT_FIELDS[:-1])
COVERAGE_ROW = attrgetter(*COVERAGE_FIELDS)
ACCESS_ROW = itemgetter(*ACCESS_FIELDS)
FACILITY_ROW = itemgetter(*FACILITY_FIELDS)
PER_RESULT = ("status", "required", "provided", "shortfall", "estimated", "message", "message_zh", "details")
"""What a finding says of one estate; the rest of it (citation, words, binding…) is the rule's."""


@dataclass(frozen=True)
class Layout:
    """The order of an audit's rules, coverage levels and accessibility categories, which the
    rows of every estate follow."""

    rules: dict[str, dict[str, Any]]
    levels: dict[str, dict[str, Any]]
    access: tuple[tuple[str, str], ...]
    why: dict[tuple[str, str], int]
    """The words of the findings not judged, each once, in order of first use."""

    def row(self, finding: Finding | Judged) -> list[Any]:
        """A finding as its row of ``RESULT_FIELDS``: its figures and the index of its words."""
        why = self.why[_words_of(finding)] if _unjudged(finding) else None
        return [*RESULT_ROW(finding), why]

    @classmethod
    def of(cls, result: AuditResult) -> Layout:
        rules: dict[str, dict[str, Any]] = {}
        levels: dict[str, dict[str, Any]] = {}
        why: dict[tuple[str, str], int] = {}
        for estate in result.estates:
            for finding in estate.figures:
                if finding.id not in rules:
                    rules[finding.id] = _rule_entry(_worded(estate, finding))
                if _unjudged(finding):
                    why.setdefault(_words_of(finding), len(why))
            for c in estate.shares:
                if c.rule_id not in levels:
                    levels[c.rule_id] = {
                        "id": c.rule_id,
                        "category": c.category,
                        "level": c.level,
                        "max_distance_m": c.max_distance_m,
                        "method": c.method,
                        "informational": c.informational,
                    }
        access = (
            tuple((c.category, c.level) for c in result.accessibility.categories)
            if result.accessibility
            else ()
        )
        return cls(rules, levels, access, why)


def _worded(estate: EstateResult, figures: Finding | Judged) -> Finding:
    """A rule's finding with its words (built where it was judged over columns)."""
    if isinstance(figures, Finding):
        return figures
    return next(f for f in estate.findings if f.id == figures.id)


def _unjudged(finding: Finding | Judged) -> bool:
    """A rule not judged (insufficient data, not applicable): its words say why; a judged rule's
    follow from its figures."""
    return finding.status not in ("pass", "fail")


def _words_of(finding: Finding | Judged) -> tuple[str, str]:
    assert isinstance(finding, Finding)  # a rule judged over columns passed or failed: no words of why
    return finding.message["en"], finding.message["zh"]


def _rule_entry(finding: Finding) -> dict[str, Any]:
    """A rule as the estates' findings share it (the words of the first estate measured)."""
    whole = finding_dict(finding)
    return {"id": finding.id, **{k: v for k, v in whole.items() if k not in PER_RESULT and k != "id"}}


def estate_dict(
    result: EstateResult, layout: Layout, accessibility: list[dict[str, Any] | None]
) -> dict[str, Any]:
    """One estate's compact record: its figures, then rows aligned with the layout
    (``accessibility``: the estate's entry per category of the layout, None where unmeasured)."""
    estate = result.estate
    by_rule = {f.id: f for f in result.figures}
    details = {}
    for finding in result.figures:
        extra = _details(finding, layout.rules[finding.id])
        if extra:
            details[finding.id] = extra
    by_level = {c.rule_id: c for c in result.shares}
    record: dict[str, Any] = {
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
        "results": [
            None if (f := by_rule.get(rule_id)) is None else layout.row(f) for rule_id in layout.rules
        ],
        "coverage": [
            None if (c := by_level.get(rule_id)) is None else list(COVERAGE_ROW(c))
            for rule_id in layout.levels
        ],
        "accessibility": [None if a is None else list(ACCESS_ROW(a)) for a in accessibility],
    }
    if details:
        record["details"] = details
    return record


def _details(finding: Finding | Judged, rule: dict[str, Any]) -> dict[str, Any]:
    """What one estate's finding says beyond its row: the rule's details where it has any (not a
    coverage rule's, which its coverage row and level give), and its words where they differ."""
    extra: dict[str, Any] = {}
    if finding.metric != "coverage" and isinstance(finding, Finding):  # a Judged has no details
        extra.update({k: v for k, v in finding.details.items() if k != "informational"})
    if finding.requirement != rule["requirement"]:
        extra["requirement"] = finding.requirement
    return extra


def _access_summary(result: AuditResult) -> dict[str, Any] | None:
    """``summary.accessibility``, each category's suppliers as rows (an estate's own rooms are
    one: a list of 100,000 estates has 100,000 of them)."""
    if result.accessibility is None:
        return None
    summary = result.accessibility.summary()
    for category in summary["categories"]:
        category["facility_fields"] = list(FACILITY_FIELDS)
        category["facilities"] = [list(FACILITY_ROW(f)) for f in category["facilities"]]
    return summary


def _access_of(result: AuditResult, index: int) -> list[dict[str, Any] | None]:
    """The estate's entry per accessibility category (the layout's order), None where unmeasured."""
    return [c.estates[index] for c in result.accessibility.categories] if result.accessibility else []


def audit_dict(result: AuditResult) -> dict[str, Any]:
    layout = Layout.of(result)
    estates = [estate_dict(e, layout, _access_of(result, i)) for i, e in enumerate(result.estates)]
    return {**_head(result, layout), "estates": estates, **_tail(result)}


def _head(result: AuditResult, layout: Layout) -> dict[str, Any]:
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
            "streets": [community_dict(c) for c in result.streets],
            "accessibility": _access_summary(result),
        },
        "estate_fields": {
            "results": list(RESULT_FIELDS),
            "coverage": list(COVERAGE_FIELDS),
            "accessibility": list(ACCESS_FIELDS),
        },
        "rules": list(layout.rules.values()),
        "coverage_levels": list(layout.levels.values()),
        "accessibility_categories": [{"category": c, "level": level} for c, level in layout.access],
        "why": [{"en": en, "zh": zh} for en, zh in layout.why],
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


_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))
"""One encoder for every estate's record (``json.dumps`` with options builds one per call)."""


def _dumps(value: Any) -> str:
    # compact: city-sized documents go through json's C encoder (indenting is 10× slower)
    return _ENCODER.encode(value)


def write(result: AuditResult, lang: str, handle: TextIO) -> None:
    """The same document as :func:`render`, written estate by estate (no whole copy in memory)."""
    layout = Layout.of(result)
    head, tail = _dumps(_head(result, layout)), _dumps(_tail(result))
    handle.write(head[:-1] + ',"estates":[')
    for index, estate in enumerate(result.estates):
        handle.write(("," if index else "") + _dumps(estate_dict(estate, layout, _access_of(result, index))))
    handle.write("]," + tail[1:] + "\n")


def render(result: AuditResult, lang: str = "en", color: bool = False) -> str:
    return _dumps(audit_dict(result)) + "\n"


def expand(document: dict[str, Any]) -> list[dict[str, Any]]:
    """An audit document's estates as one dictionary each: ``results``, ``coverage`` and
    ``accessibility`` as lists of dictionaries, each with its rule's, level's or category's
    fields (for a notebook: ``pandas.json_normalize(expand(doc), "results", ["name"])``)."""
    fields = document["estate_fields"]
    rules, levels = document["rules"], document["coverage_levels"]
    categories = document["accessibility_categories"]
    out = []
    for estate in document["estates"]:
        details = estate.get("details", {})
        record = {
            k: v for k, v in estate.items() if k not in ("results", "coverage", "accessibility", "details")
        }
        record["results"] = [
            {
                **rule,
                **dict(zip(fields["results"], row, strict=True)),
                **_words(document["why"], dict(zip(fields["results"], row, strict=True))["why"]),
                "details": details.get(rule["id"], {}),
            }
            for rule, row in zip(rules, estate["results"], strict=True)
            if row is not None
        ]
        record["coverage"] = [
            {**level, **dict(zip(fields["coverage"], row, strict=True))}
            for level, row in zip(levels, estate["coverage"], strict=True)
            if row is not None
        ]
        record["accessibility"] = [
            {**category, **dict(zip(fields["accessibility"], row, strict=True))}
            for category, row in zip(categories, estate["accessibility"], strict=True)
            if row is not None
        ]
        out.append(record)
    return out


def _words(why: list[dict[str, str]], index: int | None) -> dict[str, str]:
    return {} if index is None else {"message": why[index]["en"], "message_zh": why[index]["zh"]}


def suppliers(category: dict[str, Any]) -> list[dict[str, Any]]:
    """One category's suppliers of ``summary.accessibility`` as dictionaries."""
    return [dict(zip(category["facility_fields"], row, strict=True)) for row in category["facilities"]]
