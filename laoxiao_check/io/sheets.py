"""Which sheet of a project workbook plays which role, by its name: exact, else close.

A sheet named for its role (``楼栋``, ``buildings``) is read as such. A sheet whose name is
close to one (``楼栋信息``, ``楼栋表``, ``建筑``; ``配套用房``, ``公建配套``) is read with a
warning; two sheets close to one role, or one sheet close to two, are refused with the
candidates named; a sheet read for no role is said — a sheet is never passed over silently.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Any

from laoxiao_check.model.errors import ProblemList
from laoxiao_check.model.messages import Said, listed, term

SHEETS = {
    "project": ("project", "项目"),
    "buildings": ("buildings", "楼栋"),
    "facilities": ("facilities", "配套设施", "设施"),
}
"""Each role's exact sheet names (compared without case and surrounding spaces)."""
REQUIRED_SHEETS = ("project", "facilities")
CLOSE_WORDS = {
    "project": ("项目", "概况", "基本信息", "project"),
    "buildings": ("楼栋", "楼座", "楼号", "住宅楼", "建筑", "单体", "building"),
    "facilities": ("配套", "设施", "用房", "facilit"),
}
"""Words in a sheet's name that make it close to a role (``楼栋信息`` → buildings)."""
INDICATOR_WORDS = ("指标",)
"""Words naming an indicator table (经济技术指标表): read by :mod:`.indicators`."""
NOTE_SHEETS = ("说明", "填表说明", "填写说明", "readme", "instructions", "notes", "备注", "help")
"""Sheets of explanations, never data: not said when left unread."""


@dataclass
class SheetRoles:
    found: dict[str, Any] = field(default_factory=dict)
    """Role → worksheet."""
    close: dict[str, list[Any]] = field(default_factory=dict)
    """Role → the sheets whose names are close to it (when none is named for it)."""


def _role(role: str) -> str:
    """A sheet's role as messages name it: ``buildings`` in English, ``楼栋`` in Chinese."""
    return term(role, {key: names[1] for key, names in SHEETS.items()})


def _name(sheet: Any) -> str:
    return str(sheet.title).strip().lower()


def _exact(book: Any, problems: ProblemList, warnings: list[str]) -> dict[str, Any]:
    """Each role's sheet named exactly for it: the visible one (a hidden one only when alone)."""
    visible = {id(sheet) for sheet in book.visible()}
    found: dict[str, Any] = {}
    for key, names in SHEETS.items():
        candidates = [s for s in book.values.worksheets if _name(s) in names]
        shown = [s for s in candidates if id(s) in visible]
        hidden = [s.title for s in candidates if id(s) not in visible]
        if len(shown) > 1:
            titles = listed([repr(s.title) for s in shown], " and ")
            problems.add(
                f"sheet {shown[1].title!r}",
                Said(
                    "sheets {titles} could both be the {role} sheet: keep one", titles=titles, role=_role(key)
                ),
            )
        elif shown:
            found[key] = shown[0]
            if hidden:
                warnings.append(
                    Said(
                        "hidden sheet(s) {hidden} ignored: read {sheet}",
                        hidden=", ".join(map(repr, hidden)),
                        sheet=repr(shown[0].title),
                    )
                )
        elif candidates:
            found[key] = candidates[0]
            warnings.append(
                Said("sheet {sheet} is hidden: read all the same", sheet=repr(candidates[0].title))
            )
    return found


def close_roles(title: str) -> list[str]:
    """The roles a sheet's name is close to (``楼栋信息`` → ["buildings"])."""
    name = title.strip().lower()
    if any(word in name for word in INDICATOR_WORDS):
        return []
    return [role for role, words in CLOSE_WORDS.items() if any(word in name for word in words)]


def find_sheets(book: Any, problems: ProblemList, warnings: list[str]) -> SheetRoles:
    """The sheet of each role (exact names first, then close ones, each close one said)."""
    roles = SheetRoles(_exact(book, problems, warnings))
    taken = {id(s) for s in roles.found.values()}
    spare = [s for s in book.visible() if id(s) not in taken]
    for role in SHEETS:
        if role in roles.found:
            continue
        close = [s for s in spare if role in close_roles(s.title)]
        roles.close[role] = close
        if len(close) == 1 and len(close_roles(close[0].title)) == 1:
            roles.found[role] = close[0]
            taken.add(id(close[0]))
            warnings.append(
                Said(
                    "sheet {sheet} read as the {role} sheet ({names}): name it {name} to say so",
                    sheet=repr(close[0].title),
                    role=_role(role),
                    names=" / ".join(SHEETS[role]),
                    name=repr(SHEETS[role][1]),
                )
            )
        elif close:
            problems.add(
                f"sheet {close[0].title!r}",
                Said(
                    "which is the {role} sheet: {sheets}? Name it {name} "
                    "(sheet names close to {names}, or to more than one role)",
                    role=_role(role),
                    sheets=listed([repr(s.title) for s in close], " or "),
                    name=repr(SHEETS[role][1]),
                    names=" / ".join(SHEETS[role]),
                ),
            )
    return roles


def missing_sheet(book: Any, role: str, problems: ProblemList) -> None:
    """A required role without a sheet: the error, with the nearest sheet name as a guess."""
    names = SHEETS[role]
    guess = difflib.get_close_matches(
        names[1], book.sheetnames, n=1, cutoff=0.3
    ) or difflib.get_close_matches(names[0], [n.lower() for n in book.sheetnames], n=1, cutoff=0.5)
    expected, sheets = listed(names, " or "), ", ".join(book.sheetnames)
    problems.add(
        f"sheet {names[0]!r}",
        Said(
            "missing: expected a sheet named {names}; the workbook has {sheets} (did you mean {guess}? "
            "rename it {name})",
            names=expected,
            sheets=sheets,
            guess=repr(guess[0]),
            name=repr(names[1]),
        )
        if guess
        else Said(
            "missing: expected a sheet named {names}; the workbook has {sheets}",
            names=expected,
            sheets=sheets,
        ),
    )


def unread_sheets(book: Any, used: list[Any], warnings: list[str]) -> None:
    """Say which visible sheets were read for no role (explanation sheets aside)."""
    read = {id(s) for s in used}
    left = [
        s.title
        for s in book.visible()
        if id(s) not in read and _name(s) not in NOTE_SHEETS and _has_content(s)
    ]
    if left:
        known = listed([" / ".join(names) for names in SHEETS.values()], "; ")
        warnings.append(
            Said(
                "sheet(s) {sheets} not read: the sheets read are named {known} "
                "(or hold an indicator table, 经济技术指标)",
                sheets=", ".join(map(repr, left)),
                known=known,
            )
        )


def _has_content(sheet: Any) -> bool:
    rows = getattr(sheet, "iter_rows", None)
    if rows is None:
        return False
    return any(value is not None for row in sheet.iter_rows(max_row=20, values_only=True) for value in row)
