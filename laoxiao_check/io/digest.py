"""The size and SHA-256 of an input file, for the record of what produced a report."""

from __future__ import annotations

import hashlib
from pathlib import Path


def file_digest(path: str | Path) -> tuple[int, str] | None:
    """(bytes, SHA-256 hex) of the file, read in blocks; None where the path is no readable file
    (a pattern such as ``nets/{city}.gpkg``, standard input)."""
    target = Path(path)
    try:
        if not target.is_file():
            return None
        digest = hashlib.sha256()
        size = 0
        with target.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
                size += len(block)
    except OSError:
        return None
    return size, digest.hexdigest()
