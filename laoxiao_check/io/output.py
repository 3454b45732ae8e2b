"""Output files: never over an input, always atomic.

A report is written to a temporary file beside the target and renamed over it, so a
reader never sees half a report and a failure leaves the target as it was. Before any
work starts, :func:`guard_output` refuses an output that is one of the inputs (the same
path, a symlink to it or a hard link of it) or that cannot be written.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from laoxiao_check.model.errors import UsageError


def guard_output(output: str | Path | None, inputs: Iterable[str | Path | None]) -> None:
    """Raise UsageError when ``output`` would replace an input or cannot be written."""
    if output is None:
        return
    target = Path(output)
    if target.is_dir() or str(output).endswith(("/", os.sep)):
        raise UsageError(f"--output {output} is a folder: expected a file name")
    for candidate in inputs:
        if candidate is None or not Path(candidate).exists():
            continue
        if _same_file(target, Path(candidate)):
            raise UsageError(
                f"--output {output} is the input {candidate}: inputs are never overwritten; "
                "choose another file name"
            )
    _writable_folder(target)


def _same_file(a: Path, b: Path) -> bool:
    if a.exists():
        with contextlib.suppress(OSError):
            return os.path.samefile(a, b)
    # a dangling or not yet existing output may still resolve to the input's path
    return a.resolve() == b.resolve()


def _writable_folder(target: Path) -> Path:
    directory = target.parent if str(target.parent) else Path(".")
    if not directory.is_dir():
        raise UsageError(f"cannot write {target}: folder {directory} does not exist")
    if not os.access(directory, os.W_OK | os.X_OK):
        raise UsageError(f"cannot write {target}: folder {directory} is not writable")
    return directory


def is_special(target: Path) -> bool:
    """An existing target that is not a regular file (a device, a pipe, /dev/stdout)."""
    return target.exists() and not target.resolve().is_file()


@contextlib.contextmanager
def atomic_path(target: str | Path) -> Iterator[Path]:
    """Yield a temporary path to write; on success it replaces ``target``, else it is removed.

    A symlinked target is resolved first, so the link survives; a special file (see
    :func:`is_special`) is yielded as it is, to be written into.
    """
    target = Path(target)
    if is_special(target):
        yield target
        return
    if target.is_symlink():
        target = target.resolve()
    directory = _writable_folder(target)
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=directory)
    except OSError as exc:
        raise UsageError(f"cannot write {target}: {exc.strerror or exc}") from None
    os.close(handle)
    temp_path = Path(temporary)
    try:
        yield temp_path
        os.chmod(temp_path, 0o644)
        try:
            os.replace(temp_path, target)
        except OSError as exc:
            raise UsageError(f"cannot write {target}: {exc.strerror or exc}") from None
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            temp_path.unlink()
        raise


def write_atomic(target: str | Path, data: bytes | str) -> None:
    payload = data.encode("utf-8") if isinstance(data, str) else data
    with atomic_path(target) as temporary:
        try:
            temporary.write_bytes(payload)
        except OSError as exc:  # a full disk, /dev/full
            raise UsageError(f"cannot write {target}: {exc.strerror or exc}") from None


def refuse_existing(target: str | Path) -> None:
    """For commands that create a file to fill in (``template``): never over an existing one."""
    if Path(target).exists() and not is_special(Path(target)):
        raise UsageError(f"{target} exists: choose a new file name (an existing file is never replaced)")
