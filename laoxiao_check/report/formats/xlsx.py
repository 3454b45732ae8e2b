"""``--format xlsx``: the review workbook, ready to print."""

from __future__ import annotations

from pathlib import Path

from . import Format


def check(result, lang: str = "zh", color: bool = False) -> bytes:
    from ..xlsx_report import render

    return render(result, lang, color)


def audit(result, lang: str = "zh", color: bool = False) -> bytes:
    from ..audit_xlsx import render

    return render(result, lang, color)


def write_file(result, lang: str, path: Path) -> None:
    """An audit's workbook written row by row (write-only); a check's built whole."""
    from ...audit import AuditResult
    from ..audit_xlsx import write_file as write_audit

    if isinstance(result, AuditResult):
        write_audit(result, lang, path)
    else:
        Path(path).write_bytes(check(result, lang))


FORMAT = Format(name="xlsx", needs_output=True, check=check, audit=audit, write_file=write_file)
