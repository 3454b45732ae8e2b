"""Atomic output: write to a temporary file beside the target, then rename over it."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from .errors import UsageError


@contextlib.contextmanager
def atomic_path(target: str | Path) -> Iterator[Path]:
    """Yield a temporary path to write; on success it replaces ``target``, else it is removed."""
    target = Path(target)
    directory = target.parent if str(target.parent) else Path(".")
    if not directory.is_dir():
        raise UsageError(f"cannot write {target}: folder {directory} does not exist")
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=directory)
    os.close(handle)
    temp_path = Path(temporary)
    try:
        yield temp_path
        os.chmod(temp_path, 0o644)
        os.replace(temp_path, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            temp_path.unlink()
        raise


def write_atomic(target: str | Path, data: bytes | str) -> None:
    payload = data.encode("utf-8") if isinstance(data, str) else data
    with atomic_path(target) as temporary:
        temporary.write_bytes(payload)
