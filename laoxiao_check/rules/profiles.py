"""Rule profiles: load YAML safely, resolve ``extends``, validate every key.

A profile is a YAML mapping::

    id: quanzhou                      # optional; defaults to the file name
    name: {zh: 泉州市, en: Quanzhou}
    extends: national                 # a bundled id or a path relative to this file
    documents:                        # what the citations refer to
      qz2022: {title: ..., number: 泉政办〔2022〕57号, date: 2022-12-29}
    defaults: {persons_per_household: 3.2}
    targets: {childcare_places_per_1000: 4.5}
    rules:
      eldercare.site_area.new:        # same id as the parent's rule: overrides it
        min_site_area_m2: 400
        citation: {document: qz2022, clause: 二(一)3}
      some.parent.rule: null          # removes a parent's rule

A rule that is new in a profile gives ``kind``, ``category``, ``project_kind``, its
parameters and ``citation``; an override of a parent's rule gives only what changes,
and must give its own citation when it changes a figure. Misspelled keys are errors.
"""

from __future__ import annotations

import dataclasses
import difflib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from laoxiao_check.model.errors import Problem, ProblemList, ProfileError
from laoxiao_check.model.plausibility import USUAL_PERSONS_PER_HOUSEHOLD
from laoxiao_check.model.profile import Profile
from laoxiao_check.model.records import BINDINGS, CATEGORIES, PROJECT_KINDS, SCOPES, Citation, ProjectKind
from laoxiao_check.rules import APPLIES_WHEN_FLAGS, APPLIES_WHEN_KEYS, RULE_KINDS, RuleSpec
from laoxiao_check.rules.base import RuleKind, is_category, is_number, is_project_kind

TOP_KEYS = ("id", "name", "extends", "description", "documents", "defaults", "targets", "rules")
DOCUMENT_KEYS = ("title", "number", "date", "issuer", "note")
DEFAULT_KEYS = ("persons_per_household", "persons_per_household_note")
ALIASES = {"national": "baseline"}
"""Former ids of bundled profiles: ``national`` was renamed ``baseline`` (it is no national
document); profiles that ``extends: national`` keep working."""
TARGET_KEYS = ("childcare_places_per_1000", "note")
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
)
CITATION_KEYS = ("document", "clause", "note")
LANG_KEYS = ("zh", "en")


def bundled_rules_dir() -> Path:
    """The bundled profiles: inside the installed package, or ``rules/`` in a checkout."""
    packaged = Path(str(resources.files("laoxiao_check"))) / "_rules"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "rules"


def bundled_ids() -> list[str]:
    return sorted(p.stem for p in bundled_rules_dir().glob("*.yaml"))


class _UniqueKeyLoader(yaml.SafeLoader):
    """SafeLoader that refuses a key given twice in one mapping."""


def _construct_mapping(loader: _UniqueKeyLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node)
        if not isinstance(key, (str, int, float, bool)) and key is not None:
            raise yaml.constructor.ConstructorError(
                None,
                None,
                f"a key must be text or a number, got a {type(key).__name__} ({key!r})",
                key_node.start_mark,
            )
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"key {key!r} given twice", key_node.start_mark
            )
        seen.add(key)
    return loader.construct_mapping(node)


_UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)

MAX_ALIASES = 100
"""A profile needs few YAML aliases (*ref); many are a "billion laughs" expansion."""
MAX_EXTENDS_DEPTH = 16
"""How many profiles may stand above one another through ``extends``."""


def _count_aliases(text: str) -> int:
    return sum(isinstance(event, yaml.AliasEvent) for event in yaml.parse(text, Loader=yaml.SafeLoader))


def resolve_reference(reference: str, relative_to: Path | None = None) -> Path:
    """A bundled id or a path to a YAML file."""
    candidate = Path(reference)
    if relative_to is not None and not candidate.is_absolute():
        candidate = relative_to / candidate
    if candidate.suffix.lower() in (".yaml", ".yml") or candidate.is_file():
        if not candidate.is_file():
            raise ProfileError(f"rule profile file not found: {candidate}")
        return candidate
    bundled = bundled_rules_dir() / f"{ALIASES.get(reference, reference)}.yaml"
    if bundled.is_file():
        return bundled
    raise ProfileError(
        f"unknown rule profile {reference!r}: expected a bundled id "
        f"({', '.join(bundled_ids())}) or a path to a .yaml file"
    )


def load_profile(reference: str) -> Profile:
    """Load, resolve and validate a profile by bundled id or file path."""
    return _resolve(resolve_reference(reference), ())


@dataclass
class _Layer:
    """One file's validated content, before merging with its parents."""

    id: str
    path: Path
    raw: dict[str, Any]


def _read_layer(path: Path) -> _Layer:
    source = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ProfileError(f"cannot read the profile: {exc}", source) from None
    try:
        aliases = _count_aliases(text)
        if aliases > MAX_ALIASES:
            raise ProfileError(
                f"{aliases} YAML aliases (*name): at most {MAX_ALIASES} are accepted in a profile", source
            )
        raw = yaml.load(text, Loader=_UniqueKeyLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise ProfileError([Problem(source, where, f"not valid YAML: {problem}")]) from None
    except RecursionError:
        raise ProfileError("not valid YAML: nested too deeply", source) from None
    if not isinstance(raw, dict):
        raise ProfileError(
            f"expected a mapping of profile keys ({', '.join(TOP_KEYS)}), got {type(raw).__name__}",
            source,
        )
    problems = ProblemList(source)
    _check_keys(problems, "", raw, TOP_KEYS)
    _check_lang(problems, "name", raw.get("name"), required=True)
    for key in ("id", "extends", "description"):
        if key in raw and not isinstance(raw[key], str):
            problems.add(key, f"expected text, got {raw[key]!r}")
    sections: dict[str, dict[Any, Any]] = {}
    for key, allowed in (
        ("documents", None),
        ("defaults", DEFAULT_KEYS),
        ("targets", TARGET_KEYS),
        ("rules", None),
    ):
        value = raw.get(key) or {}
        if not isinstance(value, dict):
            expected = "a mapping of rule id to rule" if key == "rules" else "a mapping"
            problems.add(key, f"expected {expected}, got {type(value).__name__} {value!r:.60}")
            continue
        for name in value:
            if not isinstance(name, str):
                problems.add(f"{key}.{name}", f"expected a name (text) as key, got {name!r}")
        if allowed:
            _check_keys(problems, key, value, allowed)
        sections[key] = value
    for doc_id, doc in sections.get("documents", {}).items():
        if not isinstance(doc, dict):
            problems.add(f"documents.{doc_id}", "expected a mapping with title, number, date")
            continue
        _check_keys(problems, f"documents.{doc_id}", doc, DOCUMENT_KEYS)
        if not isinstance(doc.get("title"), str):
            problems.add(f"documents.{doc_id}.title", "expected the document's title (text)")
        for key in ("number", "date", "issuer", "note"):
            if isinstance(doc.get(key), (dict, list)):
                problems.add(f"documents.{doc_id}.{key}", f"expected text, got {doc[key]!r:.60}")
    pph = sections.get("defaults", {}).get("persons_per_household")
    low, high = USUAL_PERSONS_PER_HOUSEHOLD
    if pph is not None and (not is_number(pph) or not low <= pph <= high):
        problems.add(
            "defaults.persons_per_household",
            f"expected persons per household between {low:g} and {high:g}, got {pph!r}",
        )
    target = sections.get("targets", {}).get("childcare_places_per_1000")
    if target is not None and (not is_number(target) or target <= 0):
        problems.add("targets.childcare_places_per_1000", f"expected a finite number > 0, got {target!r}")
    profile_id = raw.get("id") or path.stem
    bundled = ALIASES.get(profile_id, profile_id) if isinstance(profile_id, str) else None
    if (
        bundled is not None
        and bundled in bundled_ids()
        and path.resolve() != (bundled_rules_dir() / f"{bundled}.yaml").resolve()
    ):
        problems.add(
            "id" if "id" in raw else "",
            f"{profile_id!r} is the id of a bundled profile: give your profile another id "
            "(or file name), so that reports do not show it as the bundled one",
        )
    problems.raise_if_any(ProfileError)
    return _Layer(profile_id, path, raw)


def _resolve(path: Path, seen: tuple[Path, ...]) -> Profile:
    layer = _read_layer(path)
    source = str(path)
    resolved_path = path.resolve()
    if resolved_path in seen:
        chain = " → ".join(str(p) for p in (*seen, resolved_path))
        raise ProfileError(f"`extends` goes round in a circle: {chain}", source)
    if len(seen) >= MAX_EXTENDS_DEPTH:
        raise ProfileError(
            [
                Problem(
                    str(seen[0]),
                    "extends",
                    f"profiles extend one another more than {MAX_EXTENDS_DEPTH} deep (reached {path})",
                )
            ]
        )
    parent: Profile | None = None
    if layer.raw.get("extends"):
        try:
            parent_path = resolve_reference(layer.raw["extends"], path.parent)
        except ProfileError as exc:
            raise ProfileError([Problem(source, "extends", exc.problems[0].message)]) from None
        parent = _resolve(parent_path, (*seen, resolved_path))
    return _merge(layer, parent)


def _merge(layer: _Layer, parent: Profile | None) -> Profile:
    raw = layer.raw
    source = str(layer.path)
    problems = ProblemList(source)

    documents = dict(parent.documents) if parent else {}
    for doc_id, doc in (raw.get("documents") or {}).items():
        documents[doc_id] = Citation(
            document=doc["title"],
            number=str(doc.get("number", "")),
            date=str(doc.get("date", "")),
            note=str(doc.get("note", "")),
        )

    pph = (raw.get("defaults") or {}).get("persons_per_household")
    note = str((raw.get("defaults") or {}).get("persons_per_household_note", "")).strip()
    if pph is not None:
        persons, persons_source = float(pph), layer.id
        persons_note = note
    elif parent:
        persons, persons_source = parent.persons_per_household, parent.persons_per_household_source
        persons_note = parent.persons_per_household_note
    else:
        persons, persons_source, persons_note = 0.0, "", ""
        problems.add("defaults.persons_per_household", "required in a profile that extends none")

    targets = dict(parent.targets) if parent else {}
    targets_source = dict(parent.targets_source) if parent else {}
    for key, value in (raw.get("targets") or {}).items():
        targets[key] = value
        targets_source[key] = layer.id

    parent_rules = {r.id: r for r in parent.rules} if parent else {}
    rules: dict[str, RuleSpec] = dict(parent_rules)
    for rule_id, body in (raw.get("rules") or {}).items():
        place = f"rules.{rule_id}"
        if body is None:
            if rule_id not in parent_rules:
                problems.add(place, "null removes a parent's rule, but no parent has this rule")
            rules.pop(rule_id, None)
            continue
        if not isinstance(body, dict):
            problems.add(place, f"expected a mapping (or null to remove), got {body!r}")
            continue
        spec = _rule_spec(problems, place, str(rule_id), body, parent_rules.get(rule_id), documents, layer.id)
        if spec is not None:
            rules[spec.id] = spec
    problems.raise_if_any(ProfileError)

    if not rules:
        problems.add(
            "rules", "the profile has no rules (and extends none that has): nothing could be checked"
        )
    problems.raise_if_any(ProfileError)
    ordered = sorted(rules.values(), key=_rule_order)
    cited = []
    for rule in ordered:
        if rule.citation not in cited:
            cited.append(rule.citation)
    return Profile(
        id=layer.id,
        name={k: str(v) for k, v in raw["name"].items()},
        path=source,
        chain=(layer.id, *(parent.chain if parent else ())),
        description=str(raw.get("description", "")).strip(),
        documents=documents,
        persons_per_household=persons,
        persons_per_household_source=persons_source,
        persons_per_household_note=persons_note,
        targets=targets,
        targets_source=targets_source,
        rules=tuple(ordered),
        cited_documents=tuple(cited),
        files=(source, *(parent.files if parent else ())),
    )


def _rule_order(rule: RuleSpec) -> tuple[int, int, str]:
    category = CATEGORIES.index(rule.category) if rule.category in CATEGORIES else len(CATEGORIES)
    return (category, list(RULE_KINDS).index(rule.kind), rule.id)


def _rule_spec(
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
        problems.add(f"{place}.kind", f"required for a new rule; one of: {', '.join(RULE_KINDS)}")
        return None
    if not isinstance(kind_name, str) or kind_name not in RULE_KINDS:
        problems.add(
            f"{place}.kind",
            f"unknown rule kind {kind_name!r}; expected one of: {', '.join(RULE_KINDS)}",
        )
        return None
    kind = RULE_KINDS[kind_name]
    allowed = (*RULE_COMMON_KEYS, *kind.params, *kind.optional_params)
    before = len(problems.problems)
    _check_keys(problems, place, body, allowed)

    replacing = inherited is None or "kind" in body
    base: dict[str, Any] = {} if replacing or inherited is None else _spec_as_body(inherited)
    merged = {**base, **body}

    category = merged.get("category")
    if not is_category(category):
        problems.add(f"{place}.category", f"expected one of {', '.join(CATEGORIES)}, got {category!r}")
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
            f"expected new, existing, any or a list of them, got {project_kind!r}",
        )
        project_kinds = ()
    for param, check in {**kind.params, **kind.optional_params}.items():
        if param not in merged:
            if param in kind.params:
                problems.add(f"{place}.{param}", f"required for kind {kind_name}")
            continue
        expected = check(merged[param])
        if expected:
            problems.add(f"{place}.{param}", f"expected {expected}, got {merged[param]!r}")
    for param, expected in kind.check_params(merged):
        problems.add(f"{place}.{param}", expected)
    if "name" in merged:
        _check_lang(problems, f"{place}.name", merged["name"], required=False)
    applies_when = merged.get("applies_when") or {}
    if not isinstance(applies_when, dict):
        problems.add(f"{place}.applies_when", "expected a mapping")
        applies_when = {}
    _check_keys(problems, f"{place}.applies_when", applies_when, (*APPLIES_WHEN_KEYS, *APPLIES_WHEN_FLAGS))
    for key, value in applies_when.items():
        if key in APPLIES_WHEN_FLAGS:
            if value is not True:
                problems.add(f"{place}.applies_when.{key}", f"expected true, got {value!r}")
        elif not is_number(value) or value < 0:
            problems.add(f"{place}.applies_when.{key}", f"expected a finite number ≥ 0, got {value!r}")
    scope = merged.get("scope", "project")
    if scope not in SCOPES:
        problems.add(f"{place}.scope", f"expected one of {', '.join(SCOPES)}, got {scope!r}")
        scope = "project"
    target_year = merged.get("target_year")
    if target_year is not None and (
        isinstance(target_year, bool) or not isinstance(target_year, int) or not 1990 <= target_year <= 2100
    ):
        problems.add(
            f"{place}.target_year",
            f"expected the year the target is set for (e.g. 2025), got {target_year!r}",
        )
        target_year = None
    if "binding" in body and "informational" not in body:  # said here: wins over what is inherited
        merged["informational"] = body["binding"] == "advisory"
    informational = _binding(problems, place, merged, target_year)
    if kind.advisory_only:
        if merged.get("binding", "advisory") != "advisory" or target_year is not None:
            problems.add(f"{place}.binding", f"a {kind_name} rule is advisory: it sets no figure to judge by")
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
                f"required when a profile changes a figure or where a rule applies "
                f"({', '.join(changed)}): say which document sets it",
            )
        citation = inherited.citation
    elif citation is None and "citation" not in body:
        problems.add(f"{place}.citation", "required: document and clause of the figure")
    return citation


def _binding(problems: ProblemList, place: str, merged: dict[str, Any], target_year: int | None) -> bool:
    """Check ``binding`` (binds, target, advisory) against ``target_year`` and ``informational``;
    returns whether the rule is advisory (informational)."""
    informational = merged.get("informational", False)
    if not isinstance(informational, bool):
        problems.add(f"{place}.informational", f"expected true or false, got {informational!r}")
        informational = False
    said = merged.get("binding")
    if said is None:
        return informational
    if said not in BINDINGS:
        problems.add(f"{place}.binding", f"expected one of {', '.join(BINDINGS)}, got {said!r}")
    elif said == "target" and target_year is None:
        problems.add(f"{place}.target_year", "required for a target: the year it is set for (e.g. 2025)")
    elif said != "target" and target_year is not None:
        problems.add(f"{place}.binding", f"a rule with target_year {target_year} is a target, not {said}")
    elif said == "binds" and informational:
        problems.add(f"{place}.binding", "a binding rule cannot be informational: say binding: advisory")
    return bool(informational or said == "advisory")


def _spec_as_body(spec: RuleSpec) -> dict[str, Any]:
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
        problems.add(f"{place}.citation", "expected a mapping with document and clause")
        return None
    _check_keys(problems, f"{place}.citation", value, CITATION_KEYS)
    document = value.get("document")
    if not isinstance(document, str) or document not in documents:
        problems.add(
            f"{place}.citation.document",
            f"expected the id of a document listed under `documents` "
            f"({', '.join(sorted(documents)) or 'none listed'}), got {document!r}",
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


def _check_keys(problems: ProblemList, place: str, mapping: dict[str, Any], allowed: tuple[str, ...]) -> None:
    for key in mapping:
        if key not in allowed:
            near = difflib.get_close_matches(str(key), allowed, n=1)
            hint = f"; did you mean {near[0]!r}?" if near else ""
            where = f"{place}.{key}" if place else str(key)
            problems.add(where, f"unknown key {key!r}{hint} Expected one of: {', '.join(allowed)}")


def _check_lang(problems: ProblemList, place: str, value: Any, *, required: bool) -> None:
    if value is None and not required:
        return
    if not isinstance(value, dict) or not all(isinstance(value.get(k), str) for k in LANG_KEYS):
        problems.add(place, f"expected names in both languages {{zh: ..., en: ...}}, got {value!r}")
        return
    _check_keys(problems, place, value, LANG_KEYS)
