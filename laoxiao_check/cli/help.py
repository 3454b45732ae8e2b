"""``--help`` in the user's language: click's help formatter, saying each text from the catalogue.

The commands and options keep their English help texts (the catalogue's ``msgid``s); a
:class:`LocalContext` formats help through :class:`LocalFormatter`, which looks every text up
in ``locale/<lang>.po`` as it is written (:func:`laoxiao_check.model.messages.say`). The
language is the one the run asks for: ``--lang zh|en`` anywhere on the command line, else
Chinese where the locale is Chinese (as the reports).
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from types import MethodType
from typing import Any

import click
import click.formatting

from laoxiao_check.cli.options import choose_lang, default_lang
from laoxiao_check.model.messages import say

language = "en"
"""The language of this run's help (set by :func:`choose_language` before click parses)."""

HEADINGS = ("Usage: ", "Options", "Commands", "Arguments")
"""click's own words in a help page."""

CLICK_MESSAGES = (
    "Did you mean {possibility}?",
    "(Did you mean one of: {possibilities}?)",
    "Missing argument",
    "unknown error",
    "Invalid value for {param_hint}: {message}",
    "Missing option",
    "Could not open file {filename!r}: {message}",
    "Error: {message}",
    "Try '{command} {option}' for help.",
    "Missing parameter",
    "Missing parameter: {param_name}",
    "No such option {name!r}.",
    "No such command {name!r}.",
    "Invalid value: {message}",
    "Missing {param_type}",
    "Aborted!",
    "Missing command.",
    "Got unexpected extra argument ({args})",
    "Got unexpected extra arguments ({args})",
    "env var: {var}",
    "default: {default}",
    "file",
    "directory",
    "path",
    "Choose from:\n\t{choices}",
    "{value!r} is not {choice}.",
    "{value!r} is not one of {choices}.",
    "{value} is not in the range {range}.",
    "{value!r} is not a valid boolean. Recognized values: {states}",
    "{value!r} is not a valid {number_type}.",
    "{name} {filename!r} is a file.",
    "{name} {filename!r} is a directory.",
    "{name} {filename!r} is not readable.",
    "{name} {filename!r} is not writable.",
    "{name} {filename!r} does not exist.",
    "Option {name!r} does not take a value.",
    "Option {name!r} requires an argument.",
    "Option {name!r} requires {nargs} arguments.",
    "Argument {name!r} takes {nargs} values.",
    "%(prog)s, version %(version)s",
    "integer",
    "float",
)
"""click's own messages a user can meet (usage errors, a value's type, the version line): said
from our catalogue through click's gettext hooks (:func:`localise_click`)."""


def _click_gettext(message: str) -> str:
    return say(message, language)


def _click_ngettext(singular: str, plural: str, count: int) -> str:
    return say(singular if count == 1 else plural, language)


def localise_click() -> None:
    """click says its messages with the standard library's ``gettext`` (its modules' ``_`` and
    ``ngettext``), whose catalogue is not ours: they are pointed at :func:`say` instead, so a
    usage error reads in the run's language like everything else."""
    import click.core
    import click.decorators
    import click.exceptions
    import click.parser
    import click.types

    for module in (click.core, click.decorators, click.exceptions, click.parser, click.types):
        for name, hook in (("_", _click_gettext), ("ngettext", _click_ngettext)):
            if hasattr(module, name):
                setattr(module, name, hook)


_EXTRAS = re.compile(r"^(?P<text>.*?)\s*(?P<extras>\[(?:default: [^\]]*|required|[^\]]*)\])$", re.S)


def run_language() -> str:
    """The language this run speaks in (help, errors): see :func:`choose_language`."""
    return language


def choose_language(argv: Sequence[str] | None) -> str:
    """``--lang zh`` / ``--lang=en`` on the command line (the last given), else the locale's.
    Given before the command, it is also the command's report language
    (``laoxiao-check --lang zh check …``)."""
    global language
    given = list(_langs_given(list(argv or [])))
    choose_lang(next((lang for lang, before in given if before), None))
    language = given[-1][0] if given else default_lang()
    return language


def _langs_given(args: list[str]) -> Iterator[tuple[str, bool]]:
    """Each ``--lang`` value (``zh``/``en``) on the command line, and whether it comes before the
    command's name (a --lang after it is the command's own)."""
    before = True
    for index, arg in enumerate(args):
        value = args[index + 1] if arg == "--lang" and index + 1 < len(args) else None
        value = arg.partition("=")[2] if arg.startswith("--lang=") else value
        if value in ("zh", "en"):
            yield value, before
        elif not arg.startswith("-") and (index == 0 or args[index - 1] != "--lang"):
            before = False


def help_text(command: click.Command) -> str:
    """A command's help as click writes it (the catalogue's ``msgid``)."""
    return inspect.cleandoc(command.help or "").partition("\f")[0]


def _say_extras(extras: str) -> str:
    """``[default: 300.0; x>=0]`` → ``[默认：300.0; x>=0]``; ``[required]`` → ``[必填]``."""
    inner = extras[1:-1]
    parts = []
    for part in inner.split("; "):
        name, colon, value = part.partition(": ")
        joiner = "：" if language == "zh" else ": "
        parts.append(f"{say(name, language)}{joiner}{value}" if colon else say(part, language))
    return f"[{'; '.join(parts)}]"


def say_option_help(text: str) -> str:
    """An option's help as click writes it (its text, then its extras in brackets), said."""
    match = _EXTRAS.match(text)
    if match is None:
        return say(text, language)
    return f"{say(match['text'], language)}  {_say_extras(match['extras'])}"


_CJK = r"\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6"
_WIDE = re.compile(f"[{_CJK}]")
_TOKENS = re.compile(rf"\s+|[^\s{_CJK}]+|.")
_CLOSING = set("，。、；：？！）》」』】”’")
_OPENING = set("（《「『【“‘")


def cells(text: str) -> int:
    """Screen cells of a text: a CJK character takes two."""
    return len(text) + len(_WIDE.findall(text))


def cjk_wrap(
    text: str,
    width: int = 78,
    initial_indent: str = "",
    subsequent_indent: str = "",
    preserve_paragraphs: bool = False,
) -> str:
    """click's ``wrap_text`` measuring screen cells: Chinese breaks between any two characters
    (never before a closing mark), Latin words and option names stay whole; a paragraph marked
    ``\\b`` is kept as written."""
    out: list[str] = []
    for paragraph in re.split(r"\n\s*\n", text.strip("\n")):
        lines = paragraph.splitlines()
        if lines and lines[0].strip() == "\b":
            out.append("\n".join(subsequent_indent + line for line in lines[1:]))
            continue
        joined = ""
        for line in (line.strip() for line in lines):
            if joined and line and not (_WIDE.match(joined[-1]) and _WIDE.match(line[0])):
                joined += " "
            joined += line
        wrapped: list[str] = []
        current = initial_indent if not out else subsequent_indent
        for token in _TOKENS.findall(joined):
            blank = token.isspace()
            overflows = cells(current) + cells(token) > width
            if overflows and current.strip() and not blank and token not in _CLOSING:
                carried = current[-1] if current[-1] in _OPENING else ""  # an opening mark ends no line
                wrapped.append(current[: len(current) - len(carried)].rstrip())
                current = subsequent_indent + carried
            if not (blank and current == subsequent_indent):
                current += " " if blank else token
        wrapped.append(current.rstrip())
        out.append("\n".join(wrapped))
    return "\n\n".join(out)


@contextmanager
def _wrapped_by_cells() -> Iterator[None]:
    """click's formatter wraps with ``click.formatting.wrap_text``; Chinese is wrapped by cells."""
    if language != "zh":
        yield
        return
    original = click.formatting.wrap_text
    click.formatting.wrap_text = cjk_wrap
    try:
        yield
    finally:
        click.formatting.wrap_text = original


class LocalFormatter(click.HelpFormatter):
    """click's formatter, each text said in the run's language."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, say("Usage: ", language) if prefix is None else prefix)

    def write_heading(self, heading: str) -> None:
        colon = "：" if language == "zh" else ":"
        self.write(f"{'':>{self.current_indent}}{say(heading, language)}{colon}\n")

    def write_text(self, text: str) -> None:
        with _wrapped_by_cells():
            super().write_text(say(text, language))

    def write_dl(self, rows: Iterable[tuple[str, str]], col_max: int = 30, col_spacing: int = 2) -> None:
        with _wrapped_by_cells():
            super().write_dl([(term, say_option_help(text)) for term, text in rows], col_max, col_spacing)

    @contextmanager
    def section(self, name: str) -> Iterator[None]:
        with super().section(say(name, language)):
            yield


class LocalContext(click.Context):
    formatter_class = LocalFormatter


def localise(command: click.Command) -> click.Command:
    """The command (and a group's subcommands) formatting help in the run's language."""
    command.context_class = LocalContext
    if isinstance(command, click.Group):
        command.format_commands = MethodType(format_commands, command)  # type: ignore[method-assign]
        for sub in command.commands.values():
            localise(sub)
    return command


def format_commands(group: click.Group, ctx: click.Context, formatter: click.HelpFormatter) -> None:
    """A group's list of commands, each line said before it is shortened."""
    rows = group_help_rows(group, ctx, group.list_commands(ctx))
    if rows:
        with formatter.section("Commands"):
            formatter.write_dl(rows)


def short_help(command: click.Command, limit: int = 45) -> str:
    """A command's line in its group's list, said before it is shortened (a shortened text
    is no catalogue entry)."""
    if command.short_help:
        return say(command.short_help, language)
    first = help_text(command)
    said = say(first, language)
    paragraph = said.split("\n\n")[0].replace("\n", " ").strip()
    return _clip(paragraph, limit if said == first else limit // 2)


def _clip(text: str, limit: int) -> str:
    """The first sentence (``. `` or ``。`` ends it), at most ``limit`` characters."""
    first = text.split("。")[0].split(". ")[0].rstrip(".")
    if len(first) <= limit:
        return first
    cut = first[: limit - 1]
    return (cut.rsplit(" ", 1)[0] if " " in cut else cut) + "…"


def help_texts(command: click.Command, seen: set[int] | None = None) -> Iterator[tuple[str, str]]:
    """(where, text) of every help text a command (and a group's subcommands) shows: the texts
    the catalogue must say (``tests/test_messages.py``, ``scripts/update_catalogue.py``)."""
    seen = set() if seen is None else seen
    if id(command) in seen:
        return
    seen.add(id(command))
    name = command.name or ""
    if command.help:
        yield name, help_text(command)
    if command.short_help:
        yield name, command.short_help
    for param in command.params:
        text = getattr(param, "help", None)
        if text:
            yield f"{name} {'/'.join(getattr(param, 'opts', []))}", inspect.cleandoc(text)
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            yield from help_texts(sub, seen)


def group_help_rows(group: click.Group, ctx: click.Context, names: Sequence[str]) -> list[tuple[str, str]]:
    rows: list[tuple[str, str]] = []
    for name in names:
        command: Any = group.get_command(ctx, name)
        if command is not None and not command.hidden:
            rows.append((name, short_help(command)))
    return rows
