"""One exception hierarchy; the CLI turns any of these into a message and exit code 2.

Anything else that escapes is a bug of ours: exit code 3 (never 1, which means "a rule
fails").

Every error carries one or more :class:`Problem` records, each naming the file, the
place in it (sheet and cell, feature and property, YAML key path) and what was found
against what was expected, so that all problems of one file are shown together.
"""

from __future__ import annotations

import reprlib
from dataclasses import dataclass

from laoxiao_check.model.messages import Said

EXIT_PASS = 0
EXIT_FAIL = 1
EXIT_ERROR = 2
EXIT_BUG = 3
EXIT_INTERRUPTED = 130


@dataclass(frozen=True)
class Problem:
    source: str
    """The file (or other input) the problem is in; empty for command-line problems."""
    place: str
    """Where in the source: ``楼栋 › C7 (户数)``, ``features[3].properties.households``…"""
    message: str

    def __str__(self) -> str:
        parts = [p for p in (self.source, self.place) if p]
        where = " › ".join(parts)
        return f"{where}: {self.message}" if where else self.message


class LaoxiaoError(Exception):
    """Base of every error the tool reports to its user."""

    def __init__(self, problems: list[Problem] | str, source: str = "") -> None:
        if isinstance(problems, str):
            problems = [Problem(source, "", problems)]
        self.problems: list[Problem] = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class InputError(LaoxiaoError):
    """A project, estate list, facility layer or network file cannot be read as expected."""


class ProfileError(LaoxiaoError):
    """A rule profile is unknown or does not validate."""


class UsageError(LaoxiaoError):
    """Options that do not fit together."""


class OutputError(UsageError):
    """An output cannot be written (a full disk, no permission, a signal): the earlier file is
    left as it was and no temporary file beside it."""


class LimitError(InputError):
    """An input exceeds one of the limits of :mod:`laoxiao_check.model.limits` (or the machine's memory)."""

    def __init__(
        self, source: str, what: str, found: str, limit: str, raise_with: str = "", advice: str = ""
    ) -> None:
        super().__init__(_over_limit(what, found, limit, raise_with, advice), source)


def _over_limit(what: str, found: str, limit: str, raise_with: str, advice: str) -> Said:
    """``what: found is over the limit of limit[; raise it with option][; advice]``, said."""
    if raise_with and advice:
        return Said(
            "{what}: {found} is over the limit of {limit}; raise it with {option}; {advice}",
            what=what,
            found=found,
            limit=limit,
            option=raise_with,
            advice=advice,
        )
    if raise_with:
        return Said(
            "{what}: {found} is over the limit of {limit}; raise it with {option}",
            what=what,
            found=found,
            limit=limit,
            option=raise_with,
        )
    if advice:
        return Said(
            "{what}: {found} is over the limit of {limit}; {advice}",
            what=what,
            found=found,
            limit=limit,
            advice=advice,
        )
    return Said("{what}: {found} is over the limit of {limit}", what=what, found=found, limit=limit)


class ProblemList:
    """Collects the problems of one source, to raise them together."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.problems: list[Problem] = []

    def add(self, place: str, message: str) -> None:
        self.problems.append(Problem(self.source, place, message))

    def __bool__(self) -> bool:
        return bool(self.problems)

    def raise_if_any(self, error_type: type[LaoxiaoError] = InputError) -> None:
        if self.problems:
            raise error_type(self.problems)


_SHOWN = reprlib.Repr()
_SHOWN.maxlevel = 3
_SHOWN.maxstring = 60
_SHOWN.maxother = 60
_SHOWN.maxlong = 40
for _attribute in ("maxdict", "maxlist", "maxtuple", "maxset", "maxfrozenset"):
    setattr(_SHOWN, _attribute, 6)


def shown(value: object, limit: int = 80) -> str:
    """A value found in a file, as a message shows it: repr-like, at most ``limit`` characters,
    whatever its size or nesting (reprlib's bounds, then clipped), on one line.

    Every message quoting a value from a profile goes through here, so that a value that
    expands to gigabytes (a YAML alias bomb) costs what its first few items cost."""
    text = _SHOWN.repr(value)
    text = "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)
    return text if len(text) <= limit else text[: limit - 1] + "…"
