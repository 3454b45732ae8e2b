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
            titles = " and ".join(repr(s.title) for s in shown)
            problems.add(
                f"sheet {shown[1].title!r}", f"sheets {titles} could both be the {key} sheet: keep one"
            )
        elif shown:
            found[key] = shown[0]
            if hidden:
                warnings.append(
                    f"hidden sheet(s) {', '.join(map(repr, hidden))} ignored: read {shown[0].title!r}"
                )
        elif candidates:
            found[key] = candidates[0]
            warnings.append(f"sheet {candidates[0].title!r} is hidden: read all the same")
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
                f"sheet {close[0].title!r} read as the {role} sheet ({' / '.join(SHEETS[role])}): "
                f"name it {SHEETS[role][1]!r} to say so"
            )
        elif close:
            listed = " or ".join(repr(s.title) for s in close)
            problems.add(
                f"sheet {close[0].title!r}",
                f"which is the {role} sheet: {listed}? Name it {SHEETS[role][1]!r} "
                f"(sheet names close to {' / '.join(SHEETS[role])}, or to more than one role)",
            )
    return roles


def missing_sheet(book: Any, role: str, problems: ProblemList) -> None:
    """A required role without a sheet: the error, with the nearest sheet name as a guess."""
    names = SHEETS[role]
    guess = difflib.get_close_matches(
        names[1], book.sheetnames, n=1, cutoff=0.3
    ) or difflib.get_close_matches(names[0], [n.lower() for n in book.sheetnames], n=1, cutoff=0.5)
    hint = f" (did you mean {guess[0]!r}? rename it {names[1]!r})" if guess else ""
    problems.add(
        f"sheet {names[0]!r}",
        f"missing: expected a sheet named {' or '.join(names)}; "
        f"the workbook has {', '.join(book.sheetnames)}{hint}",
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
        known = "; ".join(" / ".join(names) for names in SHEETS.values())
        warnings.append(
            f"sheet(s) {', '.join(map(repr, left))} not read: the sheets read are named {known} "
            "(or hold an indicator table, 经济技术指标)"
        )


def _has_content(sheet: Any) -> bool:
    rows = getattr(sheet, "iter_rows", None)
    if rows is None:
        return False
    return any(value is not None for row in sheet.iter_rows(max_row=20, values_only=True) for value in row)
