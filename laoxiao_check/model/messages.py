"""What the tool says to its users, in their language: one message catalogue per language.

A message is written in English where it arises, as a template with named values:
``Said("{count} rooms without an area", count=3)``. It *is* that English text (a ``str``: logs,
JSON, comparisons and tests read it as before) and keeps its template and values, so that a
report in Chinese says it from the catalogue, ``laoxiao_check/locale/zh.po`` (gettext's format,
which translators' tools edit: the ``msgid`` is the English template, the ``msgstr`` its
translation with the same ``{names}``). Help texts of the command line are looked up by their
English text the same way (:mod:`laoxiao_check.cli.help`).

``say(text, lang)`` is the one function every report calls: a :class:`Said` in its catalogue's
words, a plain string looked up as a whole (a constant message), else as it was — and
``tests/test_messages.py`` fails for every message or help text the Chinese catalogue lacks.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
LANGUAGES = ("en", "zh")


class Said(str):
    """An English message that can be said in another language (its template and values kept;
    or, for a text a profile gives in both languages, its own translations: :meth:`of`)."""

    template: str
    values: dict[str, Any]
    texts: dict[str, str]

    def __new__(cls, template: str, /, **values: Any) -> Said:
        said = super().__new__(cls, template.format(**values) if values else template)
        said.template = template
        said.values = values
        said.texts = {}
        return said

    @classmethod
    def of(cls, texts: dict[str, str]) -> Said:
        """A text given in each language (``{"en": …, "zh": …}``): it is its English."""
        said = cls(texts["en"])
        said.texts = dict(texts)
        return said

    def __reduce__(self) -> tuple[Any, ...]:  # pickled for Dask workers as template and values
        return (_said, (self.template, self.values, self.texts))

    def in_language(self, lang: str) -> str:
        return say(self, lang)


def _said(template: str, values: dict[str, Any], texts: dict[str, str]) -> Said:
    said = Said(template, **values)
    said.texts = texts
    return said


def say(text: str, lang: str) -> str:
    """``text`` in ``lang``: from the catalogue where it has the message, else as written."""
    if lang == "en" or not text:
        return str(text)
    words = catalogue(lang)
    if isinstance(text, Said):
        if lang in text.texts:
            return text.texts[lang]
        template = words.get(text.template)
        if template is None:
            return str(text)
        values = {k: say(v, lang) if isinstance(v, Said) else v for k, v in text.values.items()}
        try:
            return template.format(**values) if values else template
        except (KeyError, IndexError, ValueError):  # a translation naming a value the template lacks
            return str(text)
    return words.get(text, text)


_JOINS: dict[str, Callable[[str, str], Said]] = {
    "; ": lambda a, b: Said("{a}; {b}", a=a, b=b),
    ", ": lambda a, b: Said("{a}, {b}", a=a, b=b),
    " and ": lambda a, b: Said("{a} and {b}", a=a, b=b),
    " or ": lambda a, b: Said("{a} or {b}", a=a, b=b),
}


def listed(items: Sequence[str], separator: str = "; ") -> str:
    """``separator.join(items)``, as one message whose items (each a :class:`Said` or data) and
    separators are said in the report's language; halved at each level, so a long list stays
    shallow."""
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    middle = len(items) // 2
    return _JOINS[separator](listed(items[:middle], separator), listed(items[middle:], separator))


def message_of(exc: BaseException) -> str:
    """The message an exception was raised with (a :class:`Said` stays one), else its text."""
    if len(exc.args) == 1 and isinstance(exc.args[0], str):
        return exc.args[0]
    return str(exc)


def term(english: str, chinese: dict[str, str]) -> str:
    """An identifier a message shows (a field, role or level): itself in English, its Chinese
    from ``chinese`` where it has one."""
    return Said.of({"en": english, "zh": chinese[english]}) if english in chinese else english


def said_all(texts: Iterable[str], lang: str) -> list[str]:
    """Each text in ``lang`` (a report's warnings)."""
    return [say(text, lang) for text in texts]


@lru_cache(maxsize=len(LANGUAGES))
def catalogue(lang: str) -> dict[str, str]:
    """msgid → msgstr of ``locale/<lang>.po`` (untranslated entries left out); empty if none."""
    path = LOCALE_DIR / f"{lang}.po"
    if not path.is_file():
        return {}
    return {msgid: msgstr for msgid, msgstr in read_po(path.read_text(encoding="utf-8")).items() if msgstr}


def read_po(text: str) -> dict[str, str]:
    """The entries of a gettext ``.po`` file (msgid, msgstr; comments and the header left out).

    Each quoted segment is a C-style string literal, continued on the next lines by further
    segments, as ``msgfmt`` reads them."""
    entries: dict[str, str] = {}
    key: str | None = None
    parts: dict[str, list[str]] = {"msgid": [], "msgstr": []}

    def flush() -> None:
        msgid = "".join(parts["msgid"])
        if msgid:
            entries[msgid] = "".join(parts["msgstr"])
        parts["msgid"], parts["msgstr"] = [], []

    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith(("msgid ", "msgstr ")):
            key, _, literal = line.partition(" ")
            if key == "msgid" and parts["msgstr"]:
                flush()
        elif line.startswith('"'):
            literal = line
        else:
            raise ValueError(f"line {number}: not a msgid, msgstr or quoted string: {line[:60]!r}")
        if key is None:
            raise ValueError(f"line {number}: a string before any msgid")
        try:
            value = ast.literal_eval(literal)
        except (ValueError, SyntaxError) as exc:
            raise ValueError(f"line {number}: {exc}") from None
        if not isinstance(value, str):
            raise ValueError(f"line {number}: not a string: {literal[:60]!r}")
        parts[key].append(value)
    flush()
    return entries


def po_entry(msgid: str, msgstr: str = "", comment: str = "") -> str:
    """One entry as a ``.po`` file writes it (a long or multi-line text as continued segments)."""

    def quoted(text: str) -> str:
        escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t").replace("\b", "\\b")
        lines = escaped.split("\n")
        segments = [line + "\\n" for line in lines[:-1]] + [lines[-1]]
        segments = [s for s in segments if s]
        if len(segments) <= 1 and len(escaped) < 70:
            return f'"{segments[0] if segments else ""}"'
        return '""\n' + "\n".join(f'"{s}"' for s in segments)

    head = f"#: {comment}\n" if comment else ""
    return f"{head}msgid {quoted(msgid)}\nmsgstr {quoted(msgstr)}\n"


def said_templates(package: Path | None = None) -> dict[str, str]:
    """Template → where (``file:line``) of every ``Said("…")`` in the package's source: the
    messages the catalogues must say (the first argument must be a literal string)."""
    root = package or Path(__file__).resolve().parent.parent
    found: dict[str, str] = {}
    for path in sorted(root.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "Said"
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                found.setdefault(node.args[0].value, f"{path.relative_to(root.parent)}:{node.lineno}")
    return found
