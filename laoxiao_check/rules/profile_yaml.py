"""A profile's YAML, read as a hostile file: bounded in size, time and expansion.

A profile is a few kilobytes of text from anyone (a city's planner, an upload to the review
desk). Before a byte of it is parsed, its size is held to ``Limits.profile_bytes``; it is
parsed by libyaml (``yaml.CSafeLoader``, which refuses deep nesting in milliseconds) where
PyYAML has it, else by the pure-Python safe loader behind a cheap nesting check; its node
graph is measured as it would be expanded (aliases followed) before any Python object is
built, so that an alias "bomb" under the alias cap is refused instead of being expanded in a
message; a key given twice is refused.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from laoxiao_check.model.errors import LimitError, Problem, ProfileError, shown
from laoxiao_check.model.limits import DEFAULT, Limits
from laoxiao_check.model.messages import Said

MAX_ALIASES = 100
"""A profile needs few YAML aliases (*ref); many are a "billion laughs" expansion."""
MAX_NODES = 100_000
"""Values of a profile once its aliases are followed (a city's profile has a few hundred)."""
MAX_NESTING = 200
"""How deep a profile's values may nest (a city's profile nests five or six deep)."""

_BaseLoader: type[Any] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
C_LOADER = _BaseLoader is not yaml.SafeLoader
"""libyaml is there: parsing is fast and deep nesting is refused by the parser itself."""


class _UniqueKeyLoader(_BaseLoader):  # type: ignore[misc]
    """The safe loader (libyaml's where installed) refusing a key given twice in one mapping."""


def _construct_mapping(loader: Any, node: yaml.MappingNode) -> dict[Any, Any]:
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node)
        if not isinstance(key, (str, int, float, bool)) and key is not None:
            raise yaml.constructor.ConstructorError(
                None,
                None,
                Said(
                    "a key must be text or a number, got a {type} ({key})",
                    type=type(key).__name__,
                    key=shown(key),
                ),
                key_node.start_mark,
            )
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, Said("key {key} given twice", key=shown(key)), key_node.start_mark
            )
        seen.add(key)
    mapping: dict[Any, Any] = loader.construct_mapping(node)
    return mapping


_UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


@dataclass(frozen=True)
class ProfileText:
    """A profile file's content as read: the parsed document and the SHA-256 of its bytes."""

    document: Any
    sha256: str


def read_profile_yaml(path: Path, limits: Limits = DEFAULT) -> ProfileText:
    """Read and parse ``path`` within the limits; ProfileError (or LimitError) on anything else."""
    source = str(path)
    data = _read_bounded(path, limits.profile_bytes)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ProfileError(
            Said(
                "cannot read the profile: not UTF-8 text ({reason} at byte {byte})",
                reason=exc.reason,
                byte=exc.start,
            ),
            source,
        ) from None
    if not C_LOADER:
        _check_flow_nesting(text, source)
    loader = _UniqueKeyLoader(text)
    try:
        node = loader.get_single_node()
        if node is not None:
            _check_expansion(node, source)
        document = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        where = (
            Said("line {line}, column {column}", line=mark.line + 1, column=mark.column + 1) if mark else ""
        )
        problem = getattr(exc, "problem", None) or str(exc)
        detail = problem if isinstance(problem, Said) else yaml_problem(str(problem))
        raise ProfileError(
            [Problem(source, where, Said("not valid YAML: {problem}", problem=detail))]
        ) from None
    except RecursionError:
        raise ProfileError(_too_deep(), source) from None
    finally:
        loader.dispose()
    return ProfileText(document, hashlib.sha256(data).hexdigest())


YAML_PROBLEMS = {
    "did not find expected node content": Said("expected a value here (a list item or a key's value)"),
    "mapping values are not allowed": Said(
        "a ':' where no key can begin (a value that holds ': ' needs quotes, or the line is indented wrongly)"
    ),
    "could not find expected ':'": Said("a key without its ':'"),
    "found character that cannot start any token": Said(
        "a character no YAML value can begin with (a tab? indent with spaces)"
    ),
    "did not find expected key": Said("the indentation does not line up with the keys above"),
    "did not find expected '-' indicator": Said(
        "a list item ('- ') where a key was expected, or the other way round"
    ),
    "did not find expected ',' or ']'": Said("a list in [ ] that is not closed"),
    "did not find expected ',' or '}'": Said("a mapping in { } that is not closed"),
    "expected <block end>": Said("the indentation does not line up with the lines above"),
    "found unexpected end of stream": Said("the text ends inside a quotation or a bracket"),
    "found undefined alias": Said("an alias (*name) with no anchor (&name) before it"),
}
"""PyYAML's most common problems, said in the report's language (others as PyYAML words them)."""


def yaml_problem(problem: str) -> str:
    """A PyYAML problem in words of ours where it is a common one, else as PyYAML says it."""
    return next((said for start, said in YAML_PROBLEMS.items() if problem.startswith(start)), problem[:200])


def _read_bounded(path: Path, limit: int) -> bytes:
    """The file's bytes, refused before reading when it is over ``limit`` (and never more read)."""
    source = str(path)
    try:
        size = path.stat().st_size
        if size > limit:
            raise _too_large(source, size, limit)
        with path.open("rb") as handle:
            data = handle.read(limit + 1)
    except OSError as exc:
        raise ProfileError(
            Said("cannot read the profile: {reason}", reason=exc.strerror or str(exc)), source
        ) from None
    if len(data) > limit:  # grew, or a file whose size the folder does not tell
        raise _too_large(source, len(data), limit)
    return data


def _too_large(source: str, size: int, limit: int) -> LimitError:
    return LimitError(
        source,
        Said("rule profile (a city's profile is a few kilobytes of YAML: is this the right file?)"),
        Said("{count} bytes", count=f"{size:,}"),
        Said("{count} bytes", count=f"{limit:,}"),
    )


def _too_deep() -> Said:
    return Said("not valid YAML: nested more than {depth} deep", depth=MAX_NESTING)


def _check_expansion(root: yaml.Node, source: str) -> None:
    """Refuse a node graph that would expand beyond MAX_NODES values, nest deeper than
    MAX_NESTING, use more than MAX_ALIASES aliases or hold itself (``&a [*a]``).

    Measured on the composed graph (each distinct node once, with its expanded size
    remembered), so the cost is that of the text, not of its expansion."""
    size: dict[int, int] = {}
    on_path: set[int] = set()
    references = 0
    stack: list[tuple[yaml.Node, int, bool]] = [(root, 1, False)]
    while stack:
        node, depth, children_done = stack.pop()
        key = id(node)
        if children_done:
            on_path.discard(key)
            size[key] = 1 + sum(size[id(child)] for child in _children(node))
            if size[key] > MAX_NODES:
                raise ProfileError(
                    Said(
                        "the profile expands to more than {count} values (YAML aliases *name "
                        "repeat what they refer to): a profile needs a few hundred; write it out",
                        count=f"{MAX_NODES:,}",
                    ),
                    source,
                )
            continue
        references += 1
        if key in size:
            continue
        if key in on_path:
            raise ProfileError(
                Said("a YAML alias (*name) refers to the value that holds it: write the value out"), source
            )
        if depth > MAX_NESTING:
            raise ProfileError(_too_deep(), source)
        on_path.add(key)
        stack.append((node, depth, True))
        stack.extend((child, depth + 1, False) for child in _children(node))
    aliases = references - len(size)
    if aliases > MAX_ALIASES:
        raise ProfileError(
            Said(
                "{count} YAML aliases (*name): at most {most} are accepted in a profile",
                count=aliases,
                most=MAX_ALIASES,
            ),
            source,
        )


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    return []


def _check_flow_nesting(text: str, source: str) -> None:
    """Without libyaml: refuse ``[[[[…`` before the pure-Python parser spends minutes on it
    (a count of brackets, quotes ignored: it can only over-count a profile's real nesting)."""
    depth = deepest = 0
    for char in text:
        if char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth = max(depth - 1, 0)
    if deepest > MAX_NESTING:
        raise ProfileError(_too_deep(), source)
