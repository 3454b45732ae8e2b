"""Output files: never over an input, always atomic, never half written.

A report is written to a temporary ``.<name>.<random>.part`` file beside the target and
renamed over it once complete and flushed to disk, so a reader never sees half a report.
Whatever stops the write — a full disk, no permission, an error of the writer, SIGTERM,
SIGHUP or SIGINT — the target is left as it was and the ``.part`` file (and the journal files
SQLite keeps beside a GeoPackage) is removed; an ``OSError`` becomes an :class:`OutputError`
(exit 2) saying why and what to do. The target keeps its permission bits (and, where the
process may, its owner); a symlinked target is written through: the file it points to is
replaced, the link stays. Before any work starts, :func:`guard_output` refuses an output
that is one of the inputs (the same path, a symlink to it or a hard link of it) or that
cannot be written.
"""

from __future__ import annotations

import contextlib
import errno
import os
import signal
import stat
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path
from types import FrameType
from typing import Any

from laoxiao_check.model.errors import LaoxiaoError, OutputError, UsageError
from laoxiao_check.model.messages import Said

PART_SUFFIX = ".part"
SIDE_FILES = ("-journal", "-wal", "-shm")
"""What SQLite (GDAL's GeoPackage driver) may leave beside the file it writes."""
CLEANUP_SIGNALS = tuple(
    getattr(signal, name) for name in ("SIGTERM", "SIGHUP", "SIGINT") if hasattr(signal, name)
)
PROBE_BYTES = 64 * 1024
"""What a writer's failure is tested with: can the folder still take this much?"""

_pending: set[Path] = set()
"""Temporary files being written now: removed by the signal handler."""


def guard_output(output: str | Path | None, inputs: Iterable[str | Path | None]) -> None:
    """Raise UsageError when ``output`` would replace an input or cannot be written."""
    if output is None:
        return
    target = Path(output)
    if target.is_dir() or str(output).endswith(("/", os.sep)):
        raise UsageError(Said("--output {output} is a folder: expected a file name", output=output))
    for candidate in inputs:
        if candidate is None or not Path(candidate).exists():
            continue
        if _same_file(target, Path(candidate)):
            raise UsageError(
                Said(
                    "--output {output} is the input {input}: inputs are never overwritten; "
                    "choose another file name",
                    output=output,
                    input=candidate,
                )
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
        raise UsageError(
            Said("cannot write {target}: folder {folder} does not exist", target=target, folder=directory)
        )
    if not os.access(directory, os.W_OK | os.X_OK):
        raise UsageError(
            Said("cannot write {target}: folder {folder} is not writable", target=target, folder=directory)
        )
    return directory


def is_special(target: Path) -> bool:
    """An existing target that is not a regular file (a device, a pipe, /dev/stdout)."""
    return target.exists() and not target.resolve().is_file()


@contextlib.contextmanager
def atomic_path(target: str | Path) -> Iterator[Path]:
    """Yield a temporary path to write; on success it replaces ``target``, else it is removed
    and ``target`` is left as it was (see the module's docstring).

    A special file (see :func:`is_special`) is yielded as it is, to be written into.
    """
    shown_as = Path(target)
    if is_special(shown_as):
        try:
            yield shown_as
        except OSError as exc:
            raise OutputError(_cannot_write(shown_as, exc, kept=False)) from None
        return
    final = Path(os.path.realpath(shown_as)) if shown_as.is_symlink() else shown_as
    directory = _writable_folder(final)
    try:
        import tempfile  # only when writing a file: a check to standard output starts without it

        handle, name = tempfile.mkstemp(prefix=f".{final.name}.", suffix=PART_SUFFIX, dir=directory)
    except OSError as exc:
        raise OutputError(_cannot_write(shown_as, exc)) from None
    os.close(handle)
    temporary = Path(name)
    _pending.add(temporary)
    try:
        with _cleanup_on_signals():
            try:
                yield temporary
                _finish(temporary, final)
            except OSError as exc:
                _remove(temporary)
                raise OutputError(_cannot_write(shown_as, exc)) from None
            except LaoxiaoError:
                _remove(temporary)
                raise
            except Exception:
                refused = _folder_refuses(directory)  # before removing: a full disk is still full
                _remove(temporary)
                if refused is None:
                    raise  # the writer's own error: a bug, not the disk
                raise OutputError(_cannot_write(shown_as, refused)) from None
            except BaseException:  # KeyboardInterrupt, SystemExit
                _remove(temporary)
                raise
    finally:
        _pending.discard(temporary)


def _finish(temporary: Path, final: Path) -> None:
    """Flush the complete file to disk, give it the target's mode (and owner), rename it over."""
    descriptor = os.open(temporary, os.O_RDONLY)
    try:
        os.fsync(descriptor)  # a full disk may show only here (delayed allocation)
    finally:
        os.close(descriptor)
    try:
        before = final.stat()
    except FileNotFoundError:
        os.chmod(temporary, 0o666 & ~_umask())
    else:
        os.chmod(temporary, stat.S_IMODE(before.st_mode))
        if hasattr(os, "chown") and (before.st_uid, before.st_gid) != (os.getuid(), os.getgid()):
            with contextlib.suppress(OSError):  # only a privileged process may give a file away
                os.chown(temporary, before.st_uid, before.st_gid)
    os.replace(temporary, final)


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _remove(temporary: Path) -> None:
    for path in (temporary, *(temporary.with_name(temporary.name + side) for side in SIDE_FILES)):
        with contextlib.suppress(OSError):
            path.unlink()


def _folder_refuses(directory: Path) -> OSError | None:
    """After a writer failed with an error of its own (GDAL and openpyxl do not always say
    ``OSError``): the reason the folder refuses more data, or None if it takes it."""
    try:
        import tempfile

        with tempfile.TemporaryFile(dir=directory, prefix=".laoxiao-probe.") as probe:
            probe.write(b"\0" * PROBE_BYTES)
            probe.flush()
            os.fsync(probe.fileno())
    except OSError as exc:
        return exc
    return None


HINTS = {
    errno.ENOSPC: Said("the disk is full: free some space, or write to another disk"),
    errno.EDQUOT: Said("over the disk quota: free some space, or write to another disk"),
    errno.EFBIG: Said(
        "the file would be larger than this system lets the process write: write to another disk"
    ),
    errno.EACCES: Said("no permission: choose a file in a folder you can write to"),
    errno.EPERM: Said("not permitted: choose a file in a folder you can write to"),
    errno.EROFS: Said("the disk is read-only: choose a file on another disk"),
}


def _cannot_write(target: Path, exc: OSError, kept: bool = True) -> str:
    reason = exc.strerror or str(exc) or type(exc).__name__
    hint = HINTS.get(exc.errno or 0, Said("check the disk and the folder, then run again"))
    if kept:
        return Said(
            "cannot write {target}: {reason} ({hint}); {target} is as it was and nothing was left beside it",
            target=target,
            reason=reason,
            hint=hint,
        )
    return Said("cannot write {target}: {reason} ({hint})", target=target, reason=reason, hint=hint)


@contextlib.contextmanager
def _cleanup_on_signals() -> Iterator[None]:
    """While a ``.part`` file exists: SIGTERM, SIGHUP and SIGINT remove it first, then do what
    they did before (end the process; SIGINT: KeyboardInterrupt). Only the main thread can set
    handlers; a signal the process ignores stays ignored."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous: dict[int, Any] = {}
    for signum in CLEANUP_SIGNALS:
        current = signal.getsignal(signum)
        if current in (signal.SIG_IGN, None) or getattr(current, "_removes_parts", False):
            continue  # ignored, set outside Python, or ours already (a nested write)
        previous[signum] = current
        signal.signal(signum, _handler_after(current))
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def _handler_after(previous: Any) -> Any:
    def remove_parts_then(signum: int, frame: FrameType | None) -> None:
        for temporary in list(_pending):
            _remove(temporary)
        if callable(previous):
            previous(signum, frame)  # SIGINT: raises KeyboardInterrupt, which unwinds the write
            return
        signal.signal(signum, signal.SIG_DFL)
        os.kill(os.getpid(), signum)  # the default action: the process ends by this signal

    remove_parts_then._removes_parts = True  # type: ignore[attr-defined]
    return remove_parts_then


def write_atomic(target: str | Path, data: bytes | str) -> None:
    payload = data.encode("utf-8") if isinstance(data, str) else data
    with atomic_path(target) as temporary:
        temporary.write_bytes(payload)


def refuse_existing(target: str | Path) -> None:
    """For commands that create a file to fill in (``template``): never over an existing one."""
    if Path(target).exists() and not is_special(Path(target)):
        raise UsageError(
            Said(
                "{target} exists: choose a new file name (an existing file is never replaced)", target=target
            )
        )
