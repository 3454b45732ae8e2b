"""The limits of :mod:`laoxiao_check.model.limits` applied to files, before and while reading.

Each check raises :class:`~laoxiao_check.model.errors.LimitError` naming the file, the figure
found, the limit and what to do (the command-line option that raises it, where one does).
The figures come from the limits in force (:func:`laoxiao_check.model.limits.in_force`).
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from laoxiao_check.model.errors import InputError, LimitError
from laoxiao_check.model.limits import MB, in_force
from laoxiao_check.model.messages import Said

RATIO_FLOOR_BYTES = 1 * MB
"""Parts inflating to less than this are not held to the compression-ratio cap (a small
part of repeated markup compresses well and costs nothing)."""


def megabytes(size: int) -> str:
    return f"{size / MB:,.1f} MB" if size < 10 * MB else f"{size / MB:,.0f} MB"


def check_file_size(path: Path, limit: int | None = None, what: str = Said("file size")) -> int:
    """The file's size in bytes, refused over ``limit`` (default: ``file_bytes`` in force)."""
    size = path.stat().st_size
    limit = in_force().file_bytes if limit is None else limit
    if size > limit:
        raise LimitError(str(path), what, megabytes(size), megabytes(limit), "--max-file-mb")
    return size


def check_zip_directory(path: Path) -> None:
    """A workbook's parts, judged from its zip directory before any part is inflated: their
    inflated sum and each large part's compression ratio.

    Python's zip reader stops a part at the size its directory entry declares (and checks the
    CRC), so a part cannot inflate beyond what is judged here."""
    limits = in_force()
    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        detail = str(exc).strip().splitlines()[0][:200] if str(exc).strip() else type(exc).__name__
        raise InputError(Said("not a readable .xlsx workbook: {detail}", detail=detail), str(path)) from None
    inflated = sum(part.file_size for part in parts)
    if inflated > limits.inflated_bytes:
        largest = max(parts, key=lambda part: part.file_size)
        raise LimitError(
            str(path),
            Said(
                "size once inflated (largest part {part}: {size})",
                part=largest.filename,
                size=megabytes(largest.file_size),
            ),
            megabytes(inflated),
            megabytes(limits.inflated_bytes),
            "--max-inflated-mb",
        )
    for part in parts:
        if part.file_size < RATIO_FLOOR_BYTES:
            continue
        ratio = part.file_size / max(part.compress_size, 1)
        if ratio > limits.compression_ratio:
            raise LimitError(
                str(path),
                Said(
                    "compression ratio of part {part} ({compressed} inflating to {size}, a zip bomb or a "
                    "sheet of one cell repeated)",
                    part=part.filename,
                    compressed=megabytes(part.compress_size),
                    size=megabytes(part.file_size),
                ),
                f"{ratio:,.0f}:1",
                f"{limits.compression_ratio}:1",
                advice=Said("save the sheet as CSV and give that instead"),
            )


def check_count(source: str, what: str, found: int, limit: int, option: str = "", advice: str = "") -> None:
    """Refuse ``found`` rows, features, cells or vertices over ``limit``."""
    if found > limit:
        raise LimitError(source, what, f"{found:,}", f"{limit:,}", option, advice)
