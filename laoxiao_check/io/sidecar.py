"""A project's sidecar: ``项目.geojson`` → ``项目.project.yaml`` beside it (or ``.yml``,
``.json``), holding the project's own fields where the file cannot (a layer exported from QGIS
has no top-level ``project`` member): read with libyaml within the size limit, every problem
named by the sidecar and its key (:func:`read_sidecar`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from laoxiao_check.io.fields import (
    PROJECT_FIELDS,
    Given,
    field_word,
    header_lookup,
    normalise_header,
    scaled_unit,
)
from laoxiao_check.model.errors import InputError, LimitError, Problem, ProblemList
from laoxiao_check.model.limits import in_force
from laoxiao_check.model.messages import Said, message_of
from laoxiao_check.model.values import (
    ValueProblem,
    clean_text,
)

SIDECAR_SUFFIXES = (".project.yaml", ".project.yml", ".project.json")
"""A project file's sidecar: ``项目.geojson`` → ``项目.project.yaml`` beside it (or ``.yml``,
``.json``), holding the project's own fields where the file cannot (a layer exported from QGIS
has no top-level ``project`` member)."""
SIDECAR_FIELDS = tuple(field for field in PROJECT_FIELDS if field.name != "crs")
"""The CRS stays the project file's own (its ``crs`` member or project sheet)."""


def sidecar_path(project: Path) -> Path | None:
    """The sidecar beside ``project`` (None: there is none); two of them are an error."""
    found = [
        candidate
        for candidate in (project.with_name(project.stem + suffix) for suffix in SIDECAR_SUFFIXES)
        if candidate.is_file()
    ]
    if len(found) > 1:
        raise InputError(
            Said(
                "two project sidecars beside it, {first} and {second}: keep one",
                first=found[0].name,
                second=found[1].name,
            ),
            str(project),
        )
    return found[0] if found else None


def read_sidecar(path: Path) -> tuple[Given, ...]:
    """The project fields of a sidecar (YAML or JSON: one mapping of field to value, English or
    Chinese keys), parsed as the project file's are; every problem named by file and key."""
    import yaml  # only where a sidecar is read

    source = str(path)
    limit = in_force().profile_bytes
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            data = handle.read(limit + 1)
    except OSError as exc:
        raise InputError(
            Said("cannot read the project sidecar: {reason}", reason=str(exc.strerror or exc)), source
        ) from None
    if max(size, len(data)) > limit:
        raise LimitError(
            source,
            Said("project sidecar (a few lines of YAML: is this the right file?)"),
            Said("{count} bytes", count=f"{max(size, len(data)):,}"),
            Said("{count} bytes", count=f"{limit:,}"),
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            Said("expected UTF-8 text ({reason} at byte {byte})", reason=exc.reason, byte=exc.start), source
        ) from None
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)(text)
    problems = ProblemList(source)
    try:
        node = loader.get_single_node()
        pairs = [] if node is None else _sidecar_pairs(loader, node, problems)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        message = Said("not valid YAML or JSON: {problem}", problem=str(problem)[:200])
        raise InputError([Problem(source, where, message)]) from None
    except RecursionError:
        raise InputError(Said("not valid YAML or JSON: nested too deeply"), source) from None
    finally:
        loader.dispose()
    if node is None:
        problems.add("", Said("empty: expected the project's fields, e.g. 名称: 花果园新苑, 户数: 1600"))
    lookup = header_lookup(SIDECAR_FIELDS)
    keys: dict[str, str] = {}
    given: list[Given] = []
    for key, value in pairs:
        field = lookup.get(normalise_header(key))
        if field is None:
            expected = "; ".join(" / ".join(f.headers[:3]) for f in SIDECAR_FIELDS)
            problems.add(
                key,
                Said(
                    "unknown key (the CRS is the project file's own): expected one of {expected}",
                    expected=expected,
                )
                if normalise_header(key) in _CRS_WORDS
                else Said("unknown key: expected one of {expected}", expected=expected),
            )
            continue
        if wrong := scaled_unit(field, key):
            problems.add(key, wrong)
            continue
        if field.name in keys:
            problems.add(
                key,
                Said(
                    "{field} is given twice (also as {key}): keep one",
                    field=field_word(field),
                    key=repr(keys[field.name]),
                ),
            )
            continue
        keys[field.name] = key
        try:
            parsed = field.parse(value)
        except ValueProblem as exc:
            problems.add(key, message_of(exc))
            continue
        if parsed is not None:  # an empty value gives nothing
            given.append(Given(field.name, parsed, f"{path.name} ({key})", "sidecar"))
    problems.raise_if_any()
    return tuple(given)


_CRS_WORDS = {
    normalise_header(word) for field in PROJECT_FIELDS if field.name == "crs" for word in field.headers
}


def _sidecar_pairs(loader: Any, node: Any, problems: ProblemList) -> list[tuple[str, Any]]:
    """The (key, value) pairs of the sidecar's one mapping, each value a single scalar (a list or
    mapping is a problem at its key, never built)."""
    import yaml

    if not isinstance(node, yaml.MappingNode):
        found = (
            Said("a list")
            if isinstance(node, yaml.SequenceNode)
            else Said("the single value {value}", value=f"{node.value!r:.40}")
        )
        problems.add(
            "", Said("expected a mapping of project fields (名称: …, 户数: …), got {found}", found=found)
        )
        return []
    pairs: list[tuple[str, Any]] = []
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node) if isinstance(key_node, yaml.ScalarNode) else None
        if not isinstance(key, str):
            problems.add(f"line {key_node.start_mark.line + 1}", Said("expected a field name as key"))
            continue
        key = clean_text(key)
        if not isinstance(value_node, yaml.ScalarNode):
            problems.add(key, Said("expected one value, got a list or mapping"))
            continue
        pairs.append((key, loader.construct_object(value_node)))
    return pairs
