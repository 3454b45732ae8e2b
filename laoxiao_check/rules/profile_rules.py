"""A profile's rules: each rule's spec built from its YAML (its kind's parameters checked, its
citation resolved to a document, its binding), and the checks every part of a profile shares
(keys allowed, names in both languages). :mod:`laoxiao_check.rules.profiles` reads, layers and
merges the profiles with these."""

from __future__ import annotations

import dataclasses
import difflib
from typing import Any

from laoxiao_check.model.errors import ProblemList, shown
from laoxiao_check.model.messages import Said
from laoxiao_check.model.records import BINDINGS, CATEGORIES, PROJECT_KINDS, SCOPES, Citation, ProjectKind
from laoxiao_check.rules import APPLIES_WHEN_FLAGS, APPLIES_WHEN_KEYS, RULE_KINDS, RuleSpec
from laoxiao_check.rules.base import RuleKind, is_category, is_number, is_project_kind

RULE_COMMON_KEYS = (
    "kind",
    "category",
    "project_kind",
    "name",
    "citation",
    "applies_when",
    "informational",
    "binding",
    "scope",
    "target_year",
    "review",
)
REVIEW_MARKS = ("needed", "done")
"""``review``: a drafted rule (``rules draft``) awaits a person's check, or has had it."""
CITATION_KEYS = ("document", "clause", "note")
LANG_KEYS = ("zh", "en")


def rule_order(rule: RuleSpec) -> tuple[int, int, str]:
    category = CATEGORIES.index(rule.category) if rule.category in CATEGORIES else len(CATEGORIES)
    return (category, list(RULE_KINDS).index(rule.kind), rule.id)


def rule_spec(
    problems: ProblemList,
    place: str,
    rule_id: str,
    body: dict[str, Any],
    inherited: RuleSpec | None,
    documents: dict[str, Citation],
    profile_id: str,
) -> RuleSpec | None:
    kind_name = body.get("kind", inherited.kind if inherited and "kind" not in body else None)
    if kind_name is None:
        problems.add(
            f"{place}.kind", Said("required for a new rule; one of: {kinds}", kinds=", ".join(RULE_KINDS))
        )
        return None
    if not isinstance(kind_name, str) or kind_name not in RULE_KINDS:
        problems.add(
            f"{place}.kind",
            Said(
                "unknown rule kind {kind}; expected one of: {kinds}",
                kind=shown(kind_name),
                kinds=", ".join(RULE_KINDS),
            ),
        )
        return None
    kind = RULE_KINDS[kind_name]
    allowed = (*RULE_COMMON_KEYS, *kind.params, *kind.optional_params)
    before = len(problems.problems)
    check_keys(problems, place, body, allowed)

    replacing = inherited is None or "kind" in body
    base: dict[str, Any] = {} if replacing or inherited is None else spec_as_body(inherited)
    merged = {**base, **body}

    category = merged.get("category")
    if not is_category(category):
        problems.add(f"{place}.category", expected_one_of(CATEGORIES, category))
    project_kind = merged.get("project_kind")
    project_kinds: tuple[ProjectKind, ...]
    if project_kind == "any":
        project_kinds = tuple(k for k in PROJECT_KINDS if is_project_kind(k))
    elif isinstance(project_kind, list) and project_kind and all(is_project_kind(k) for k in project_kind):
        project_kinds = tuple(k for k in project_kind if is_project_kind(k))
    elif is_project_kind(project_kind):
        project_kinds = (project_kind,)
    else:
        problems.add(
            f"{place}.project_kind",
            Said("expected new, existing, any or a list of them, got {value}", value=shown(project_kind)),
        )
        project_kinds = ()
    for param, check in {**kind.params, **kind.optional_params}.items():
        if param not in merged:
            if param in kind.params:
                problems.add(f"{place}.{param}", Said("required for kind {kind}", kind=kind_name))
            continue
        expected = check(merged[param])
        if expected:
            problems.add(
                f"{place}.{param}",
                Said("expected {expected}, got {value}", expected=expected, value=shown(merged[param])),
            )
    for param, expected in kind.check_params(merged):
        problems.add(f"{place}.{param}", expected)
    if "name" in merged:
        check_lang(problems, f"{place}.name", merged["name"], required=False)
    if "review" in body and body["review"] not in REVIEW_MARKS:
        problems.add(f"{place}.review", expected_one_of(REVIEW_MARKS, body["review"]))
    applies_when = _applies_when(problems, place, merged)
    scope = merged.get("scope", "project")
    if scope not in SCOPES:
        problems.add(f"{place}.scope", expected_one_of(SCOPES, scope))
        scope = "project"
    target_year = merged.get("target_year")
    if target_year is not None and (
        isinstance(target_year, bool) or not isinstance(target_year, int) or not 1990 <= target_year <= 2100
    ):
        problems.add(
            f"{place}.target_year",
            Said(
                "expected the year the target is set for (e.g. 2025), got {value}", value=shown(target_year)
            ),
        )
        target_year = None
    if "binding" in body and "informational" not in body:  # said here: wins over what is inherited
        merged["informational"] = body["binding"] == "advisory"
    informational = _binding(problems, place, merged, target_year)
    if kind.advisory_only:
        if merged.get("binding", "advisory") != "advisory" or target_year is not None:
            problems.add(
                f"{place}.binding",
                Said("a {kind} rule is advisory: it sets no figure to judge by", kind=kind_name),
            )
        informational = True

    citation = _rule_citation(problems, place, body, documents, kind, inherited, replacing)
    if len(problems.problems) > before or citation is None or not is_category(category):
        return None
    params = {p: merged[p] for p in (*kind.params, *kind.optional_params) if p in merged}
    changed_here = replacing or any(
        k in body
        for k in (*kind.params, *kind.optional_params, "applies_when", "category", "scope", "target_year")
    )
    spec = RuleSpec(
        id=rule_id,
        kind=kind_name,
        category=category,
        project_kinds=project_kinds,
        name={k: str(v) for k, v in (merged.get("name") or {}).items()},
        citation=citation,
        source=profile_id if changed_here or inherited is None else inherited.source,
        params=params,
        applies_when={k: float(v) for k, v in applies_when.items()},
        informational=informational,
        scope=scope,
        target_year=target_year,
    )
    return dataclasses.replace(spec, requirement=kind.requirement(spec))


def _applies_when(problems: ProblemList, place: str, merged: dict[str, Any]) -> dict[str, Any]:
    """A rule's ``applies_when``: flags (true) and thresholds (numbers ≥ 0), each checked."""
    applies_when = merged.get("applies_when") or {}
    if not isinstance(applies_when, dict):
        problems.add(f"{place}.applies_when", Said("expected a mapping"))
        applies_when = {}
    check_keys(problems, f"{place}.applies_when", applies_when, (*APPLIES_WHEN_KEYS, *APPLIES_WHEN_FLAGS))
    for key, value in applies_when.items():
        if key in APPLIES_WHEN_FLAGS:
            if value is not True:
                problems.add(
                    f"{place}.applies_when.{key}", Said("expected true, got {value}", value=shown(value))
                )
        elif not is_number(value) or value < 0:
            problems.add(
                f"{place}.applies_when.{key}",
                Said("expected a finite number ≥ 0, got {value}", value=shown(value)),
            )
    return applies_when


def _rule_citation(
    problems: ProblemList,
    place: str,
    body: dict[str, Any],
    documents: dict[str, Citation],
    kind: RuleKind,
    inherited: RuleSpec | None,
    replacing: bool,
) -> Citation | None:
    """The rule's own citation; an override keeps its parent's only where it changes no figure, no
    reach and not whether the rule binds."""
    citation = _citation(problems, place, body.get("citation"), documents)
    if citation is None and inherited is not None and not replacing:
        scope_keys = (
            "applies_when",
            "category",
            "project_kind",
            "scope",
            "target_year",
            "binding",
            "informational",
        )
        changed = [p for p in (*kind.params, *kind.optional_params, *scope_keys) if p in body]
        if changed:
            problems.add(
                f"{place}.citation",
                Said(
                    "required when a profile changes a figure or where a rule applies ({keys}): "
                    "say which document sets it",
                    keys=", ".join(changed),
                ),
            )
        citation = inherited.citation
    elif citation is None and "citation" not in body:
        problems.add(f"{place}.citation", Said("required: document and clause of the figure"))
    return citation


def _binding(problems: ProblemList, place: str, merged: dict[str, Any], target_year: int | None) -> bool:
    """Check ``binding`` (binds, target, advisory) against ``target_year`` and ``informational``;
    returns whether the rule is advisory (informational)."""
    informational = merged.get("informational", False)
    if not isinstance(informational, bool):
        problems.add(
            f"{place}.informational", Said("expected true or false, got {value}", value=shown(informational))
        )
        informational = False
    said = merged.get("binding")
    if said is None:
        return informational
    if said not in BINDINGS:
        problems.add(f"{place}.binding", expected_one_of(BINDINGS, said))
    elif said == "target" and target_year is None:
        problems.add(
            f"{place}.target_year", Said("required for a target: the year it is set for (e.g. 2025)")
        )
    elif said != "target" and target_year is not None:
        problems.add(
            f"{place}.binding",
            Said("a rule with target_year {year} is a target, not {binding}", year=target_year, binding=said),
        )
    elif said == "binds" and informational:
        problems.add(
            f"{place}.binding", Said("a binding rule cannot be informational: say binding: advisory")
        )
    return bool(informational or said == "advisory")


def spec_as_body(spec: RuleSpec) -> dict[str, Any]:
    return {
        "kind": spec.kind,
        "category": spec.category,
        "project_kind": list(spec.project_kinds),
        "name": dict(spec.name),
        "applies_when": dict(spec.applies_when),
        "informational": spec.informational,
        "scope": spec.scope,
        "target_year": spec.target_year,
        **spec.params,
    }


def _citation(
    problems: ProblemList, place: str, value: Any, documents: dict[str, Citation]
) -> Citation | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        problems.add(f"{place}.citation", Said("expected a mapping with document and clause"))
        return None
    check_keys(problems, f"{place}.citation", value, CITATION_KEYS)
    document = value.get("document")
    if not isinstance(document, str) or document not in documents:
        problems.add(
            f"{place}.citation.document",
            Said(
                "expected the id of a document listed under `documents` ({ids}), got {value}",
                ids=", ".join(sorted(documents)) or Said("none listed"),
                value=shown(document),
            ),
        )
        return None
    base = documents[document]
    note = str(value.get("note", "")).strip()
    return Citation(
        document=base.document,
        number=base.number,
        date=base.date,
        clause=str(value.get("clause", "")),
        note=note or base.note,
    )


def check_keys(problems: ProblemList, place: str, mapping: dict[str, Any], allowed: tuple[str, ...]) -> None:
    for key in mapping:
        if key not in allowed:
            near = difflib.get_close_matches(str(key), allowed, n=1)
            where = f"{place}.{key}" if place else str(key)
            problems.add(
                where,
                Said(
                    "unknown key {key}; did you mean {near}? Expected one of: {keys}",
                    key=shown(key),
                    near=shown(near[0]),
                    keys=", ".join(allowed),
                )
                if near
                else Said(
                    "unknown key {key} Expected one of: {keys}", key=shown(key), keys=", ".join(allowed)
                ),
            )


def check_lang(problems: ProblemList, place: str, value: Any, *, required: bool) -> None:
    if value is None and not required:
        return
    if not isinstance(value, dict) or not all(isinstance(value.get(k), str) for k in LANG_KEYS):
        problems.add(
            place,
            Said("expected names in both languages {{zh: ..., en: ...}}, got {value}", value=shown(value)),
        )
        return
    check_keys(problems, place, value, LANG_KEYS)


def expected_text(value: Any) -> Said:
    return Said("expected text, got {value}", value=shown(value))


def expected_one_of(choices: tuple[str, ...], value: Any) -> Said:
    return Said("expected one of {choices}, got {value}", choices=", ".join(choices), value=shown(value))
