"""Rule profiles: load YAML safely, resolve ``extends``, validate every key.

A profile is a YAML mapping::

    id: quanzhou                      # optional; defaults to the file name
    name: {zh: 泉州市, en: Quanzhou}
    extends: national                 # a bundled id or a .yaml file beside this one
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

A profile is a file from anyone: its YAML is read within bounds (:mod:`.profile_yaml`), every
value a message quotes goes through :func:`laoxiao_check.model.errors.shown`, ``extends``
reads only a bundled profile or a file beside the profile (:func:`resolve_extends`), and an
id is ``[a-z0-9_-]`` and never a bundled id unless the file is the bundled one, so that a
custom profile always reports as ``custom profile <file> sha256:<hash>`` (``Profile.label``).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from laoxiao_check.model.errors import LaoxiaoError, Problem, ProblemList, ProfileError, shown
from laoxiao_check.model.messages import Said
from laoxiao_check.model.plausibility import USUAL_PERSONS_PER_HOUSEHOLD
from laoxiao_check.model.profile import Profile
from laoxiao_check.model.records import Citation
from laoxiao_check.rules import RuleSpec
from laoxiao_check.rules.base import is_number
from laoxiao_check.rules.profile_rules import (
    LANG_KEYS,
    check_keys,
    check_lang,
    expected_text,
    rule_order,
    rule_spec,
)
from laoxiao_check.rules.profile_yaml import read_profile_yaml

TOP_KEYS = ("id", "name", "extends", "description", "documents", "defaults", "targets", "rules")
DOCUMENT_KEYS = ("title", "number", "date", "issuer", "note")
DEFAULT_KEYS = ("persons_per_household", "persons_per_household_note")
ALIASES = {"national": "baseline"}
"""Former ids of bundled profiles: ``national`` was renamed ``baseline`` (it is no national
document); profiles that ``extends: national`` keep working."""
TARGET_KEYS = ("childcare_places_per_1000", "note")


def bundled_rules_dir() -> Path:
    """The bundled profiles: inside the installed package, or ``rules/`` in a checkout."""
    packaged = Path(str(resources.files("laoxiao_check"))) / "_rules"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "rules"


def bundled_ids() -> list[str]:
    return sorted(p.stem for p in bundled_rules_dir().glob("*.yaml"))


MAX_EXTENDS_DEPTH = 16
"""How many profiles may stand above one another through ``extends``."""
PROFILE_ID = re.compile(r"[a-z0-9_-]{1,64}")
"""A profile's id: what reports print, so nothing that could look like another id."""


def resolve_reference(reference: str) -> Path:
    """What ``--rules`` names: a bundled id, or a path to a YAML file (any file the user gives)."""
    candidate = Path(reference)
    if candidate.suffix.lower() in (".yaml", ".yml") or candidate.is_file():
        if not candidate.is_file():
            raise ProfileError(Said("rule profile file not found: {path}", path=str(candidate)))
        return candidate
    bundled = bundled_rules_dir() / f"{ALIASES.get(reference, reference)}.yaml"
    if PROFILE_ID.fullmatch(reference) and bundled.is_file():
        return bundled
    raise ProfileError(
        Said(
            "unknown rule profile {name}: expected a bundled id ({ids}) or a path to a .yaml file",
            name=shown(reference),
            ids=", ".join(bundled_ids()),
        )
    )


def resolve_extends(reference: str, folder: Path) -> Path:
    """What ``extends`` names: a bundled id, or a YAML file in ``folder`` (the extending
    profile's own folder) given by its name alone. Decided from the name and the folder's
    entries, never by reading a file: a refused reference reads nothing."""
    normal = unicodedata.normalize("NFKC", reference)
    bundled_id = ALIASES.get(normal, normal)
    if PROFILE_ID.fullmatch(bundled_id) and bundled_id in bundled_ids():
        return bundled_rules_dir() / f"{bundled_id}.yaml"
    how = Said(
        "`extends` names a bundled id ({ids}) or a .yaml file of the profile's own folder ({folder}) "
        "by its name alone",
        ids=", ".join(bundled_ids()),
        folder=str(folder),
    )
    name = Path(reference)
    if name.suffix.lower() not in (".yaml", ".yml"):
        raise ProfileError(Said("unknown rule profile {name}: {how}", name=shown(reference), how=how))
    if name.is_absolute() or "/" in reference or "\\" in reference or name.name in ("", ".", ".."):
        raise ProfileError(
            Said(
                "{name} is not in the profile's folder: {how} (no folder, no ..); "
                "copy the parent beside the profile",
                name=shown(reference),
                how=how,
            )
        )
    candidate = folder / name.name
    if not candidate.is_file():
        raise ProfileError(Said("rule profile file not found: {path}", path=str(candidate)))
    if candidate.resolve().parent != folder.resolve():
        raise ProfileError(
            Said(
                "{path} is a link to a file outside the profile's folder: `extends` reads only "
                "files of that folder; copy the parent beside the profile",
                path=str(candidate),
            )
        )
    return candidate


def load_profile(reference: str) -> Profile:
    """Load, resolve and validate a profile by bundled id or file path."""
    return _resolve(resolve_reference(reference), ())


@dataclass
class _Layer:
    """One file's validated content, before merging with its parents."""

    id: str
    path: Path
    raw: dict[str, Any]
    sha256: str
    bundled: bool


def _is_bundled(path: Path) -> bool:
    return path.resolve().parent == bundled_rules_dir().resolve() and path.suffix == ".yaml"


def _read_layer(path: Path) -> _Layer:
    source = str(path)
    content = read_profile_yaml(path)
    raw = content.document
    if not isinstance(raw, dict):
        raise ProfileError(
            Said(
                "expected a mapping of profile keys ({keys}), got {type}",
                keys=", ".join(TOP_KEYS),
                type=type(raw).__name__,
            ),
            source,
        )
    problems = ProblemList(source)
    check_keys(problems, "", raw, TOP_KEYS)
    bundled = _is_bundled(path)
    profile_id = _profile_id(problems, path, raw, bundled)
    check_lang(problems, "name", raw.get("name"), required=True)
    for key in ("id", "extends"):
        if key in raw and not isinstance(raw[key], str):
            problems.add(key, expected_text(raw[key]))
    if not isinstance(raw.get("description", ""), str):  # else in both languages
        check_lang(problems, "description", raw["description"], required=False)
    sections: dict[str, dict[Any, Any]] = {}
    for key, allowed in (
        ("documents", None),
        ("defaults", DEFAULT_KEYS),
        ("targets", TARGET_KEYS),
        ("rules", None),
    ):
        value = raw.get(key) or {}
        if not isinstance(value, dict):
            expected = Said("a mapping of rule id to rule") if key == "rules" else Said("a mapping")
            problems.add(
                key,
                Said(
                    "expected {expected}, got {type} {value}",
                    expected=expected,
                    type=type(value).__name__,
                    value=shown(value),
                ),
            )
            continue
        for name in value:
            if not isinstance(name, str):
                problems.add(
                    f"{key}.{name}", Said("expected a name (text) as key, got {value}", value=shown(name))
                )
        if allowed:
            check_keys(problems, key, value, allowed)
        sections[key] = value
    for doc_id, doc in sections.get("documents", {}).items():
        if not isinstance(doc, dict):
            problems.add(f"documents.{doc_id}", Said("expected a mapping with title, number, date"))
            continue
        check_keys(problems, f"documents.{doc_id}", doc, DOCUMENT_KEYS)
        if not isinstance(doc.get("title"), str):
            problems.add(f"documents.{doc_id}.title", Said("expected the document's title (text)"))
        for key in ("number", "date", "issuer", "note"):
            if isinstance(doc.get(key), (dict, list)):
                problems.add(f"documents.{doc_id}.{key}", expected_text(doc[key]))
    note = sections.get("defaults", {}).get("persons_per_household_note")
    if isinstance(note, dict):
        check_lang(problems, "defaults.persons_per_household_note", note, required=False)
    elif isinstance(note, list):
        problems.add("defaults.persons_per_household_note", expected_text(note))
    pph = sections.get("defaults", {}).get("persons_per_household")
    low, high = USUAL_PERSONS_PER_HOUSEHOLD
    if pph is not None and (not is_number(pph) or not low <= pph <= high):
        problems.add(
            "defaults.persons_per_household",
            Said(
                "expected persons per household between {low} and {high}, got {value}",
                low=f"{low:g}",
                high=f"{high:g}",
                value=shown(pph),
            ),
        )
    target = sections.get("targets", {}).get("childcare_places_per_1000")
    if target is not None and (not is_number(target) or target <= 0):
        problems.add(
            "targets.childcare_places_per_1000",
            Said("expected a finite number > 0, got {value}", value=shown(target)),
        )
    problems.raise_if_any(ProfileError)
    return _Layer(profile_id, path, raw, content.sha256, bundled)


def _profile_id(problems: ProblemList, path: Path, raw: dict[str, Any], bundled: bool) -> str:
    """The layer's id (``id``, else the file name): letters a-z, digits, - and _ only, and a
    custom profile's never a bundled one's, compared after Unicode NFKC normalisation."""
    given = raw.get("id")
    place = "id" if "id" in raw else ""
    profile_id = given if isinstance(given, str) and given else path.stem
    normal = unicodedata.normalize("NFKC", profile_id)
    if "id" not in raw:
        normal = normal.lower()  # a file name Moushi.yaml gives the id moushi
    if not PROFILE_ID.fullmatch(normal) or (place and normal != profile_id):
        problems.add(
            place,
            Said(
                "id {id} is not a profile id: use lowercase letters a-z, digits, - and _ (at most 64)",
                id=shown(profile_id),
            )
            if place
            else Said(
                "the file name gives the id {id}, which is not a profile id: use lowercase letters a-z, "
                "digits, - and _ (at most 64); add `id: …` or rename the file",
                id=shown(profile_id),
            ),
        )
        return profile_id
    if not bundled and ALIASES.get(normal, normal) in bundled_ids():
        problems.add(
            place,
            Said(
                "{id} is the id of a bundled profile: give your profile another id "
                "(or file name), so that reports do not show it as the bundled one",
                id=shown(normal),
            ),
        )
    return normal


class ExtendsError(ProfileError):
    """How profiles extend one another is wrong (a circle, too deep): said with their paths."""


def _resolve(path: Path, seen: tuple[Path, ...]) -> Profile:
    layer = _read_layer(path)
    source = str(path)
    resolved_path = path.resolve()
    if resolved_path in seen:
        chain = " → ".join(str(p) for p in (*seen, resolved_path))
        raise ExtendsError(Said("`extends` goes round in a circle: {chain}", chain=chain), source)
    if len(seen) >= MAX_EXTENDS_DEPTH:
        raise ExtendsError(
            [
                Problem(
                    str(seen[0]),
                    "extends",
                    Said(
                        "profiles extend one another more than {depth} deep (reached {path})",
                        depth=MAX_EXTENDS_DEPTH,
                        path=str(path),
                    ),
                )
            ]
        )
    parent: Profile | None = None
    if layer.raw.get("extends"):
        try:
            parent_path = resolve_extends(layer.raw["extends"], path.parent)
        except ProfileError as exc:
            raise ProfileError([Problem(source, "extends", exc.problems[0].message)]) from None
        parent = _resolve_extended(parent_path, (*seen, resolved_path), source)
    return _merge(layer, parent)


def _resolve_extended(path: Path, seen: tuple[Path, ...], by: str) -> Profile:
    """The profile an ``extends`` names. A file of the user's (not bundled) that does not load
    is refused without a word of its content — neither its keys nor its values: it was named,
    not given, and on a shared folder it may be anyone's file."""
    if _is_bundled(path):
        return _resolve(path, seen)
    try:
        return _resolve(path, seen)
    except ExtendsError:
        raise  # how the profiles extend one another (paths only), not what a file holds
    except LaoxiaoError as exc:
        count = len(exc.problems)
        raise ProfileError(
            [
                Problem(
                    by,
                    "extends",
                    Said(
                        "{name} (which this profile extends) is not a valid rule profile "
                        "({count} problems; its content is not shown here): "
                        "check it on its own with `laoxiao-check rules validate {name}`",
                        name=path.name,
                        count=count,
                    )
                    if count != 1
                    else Said(
                        "{name} (which this profile extends) is not a valid rule profile "
                        "(1 problem; its content is not shown here): "
                        "check it on its own with `laoxiao-check rules validate {name}`",
                        name=path.name,
                    ),
                )
            ]
        ) from None


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
    note = _note((raw.get("defaults") or {}).get("persons_per_household_note", ""))
    if pph is not None:
        persons, persons_source = float(pph), layer.id
        persons_note = note
    elif parent:
        persons, persons_source = parent.persons_per_household, parent.persons_per_household_source
        persons_note = parent.persons_per_household_note
    else:
        persons, persons_source, persons_note = 0.0, "", ""
        problems.add("defaults.persons_per_household", Said("required in a profile that extends none"))

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
                problems.add(place, Said("null removes a parent's rule, but no parent has this rule"))
            rules.pop(rule_id, None)
            continue
        if not isinstance(body, dict):
            problems.add(
                place, Said("expected a mapping (or null to remove), got {value}", value=shown(body))
            )
            continue
        spec = rule_spec(problems, place, str(rule_id), body, parent_rules.get(rule_id), documents, layer.id)
        if spec is not None:
            rules[spec.id] = spec
    problems.raise_if_any(ProfileError)

    if not rules:
        problems.add(
            "rules", Said("the profile has no rules (and extends none that has): nothing could be checked")
        )
    problems.raise_if_any(ProfileError)
    ordered = sorted(rules.values(), key=rule_order)
    cited = []
    for rule in ordered:
        if rule.citation not in cited:
            cited.append(rule.citation)
    return Profile(
        id=layer.id,
        name={k: str(v) for k, v in raw["name"].items()},
        path=source,
        chain=(layer.id, *(parent.chain if parent else ())),
        description=_description(raw.get("description")),
        documents=documents,
        persons_per_household=persons,
        persons_per_household_source=persons_source,
        persons_per_household_note=persons_note,
        targets=targets,
        targets_source=targets_source,
        rules=tuple(ordered),
        cited_documents=tuple(cited),
        files=(source, *(parent.files if parent else ())),
        sha256=_custom_sha256(layer, parent),
    )


def _custom_sha256(layer: _Layer, parent: Profile | None) -> str:
    """A custom profile's SHA-256: its file's (what ``sha256sum`` prints) when it extends only
    bundled profiles, else that of its file's and its custom parent's hashes, one per line."""
    if layer.bundled:
        return ""
    if parent is None or not parent.sha256:
        return layer.sha256
    return hashlib.sha256(f"{layer.sha256}\n{parent.sha256}\n".encode()).hexdigest()


def _note(value: Any) -> str:
    """A note in both languages (``{zh: …, en: …}``: its English, which says its Chinese), or text."""
    if isinstance(value, dict):
        return Said.of({k: str(value[k]).strip() for k in LANG_KEYS})
    return str(value).strip()


def _description(value: Any) -> dict[str, str]:
    """The profile's description by language: ``{zh: …, en: …}``, or text (English) alone."""
    if isinstance(value, dict):
        return {k: str(value[k]).strip() for k in LANG_KEYS}
    return {"en": str(value).strip()} if value else {}
