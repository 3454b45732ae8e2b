"""The record of what produced a report (``model.provenance.Provenance``), built once per run."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from laoxiao_check import __version__
from laoxiao_check.io.digest import file_digest
from laoxiao_check.model.profile import Profile
from laoxiao_check.model.provenance import InputFile, Provenance
from laoxiao_check.rules.profiles import bundled_rules_dir


def input_file(role: str, path: str | Path, shown: str | None = None) -> InputFile:
    found = file_digest(path)
    size, sha256 = found if found is not None else (None, None)
    return InputFile(role, shown if shown is not None else str(path), size, sha256)


def _is_bundled(path: Path) -> bool:
    try:
        return path.resolve().parent == bundled_rules_dir().resolve()
    except OSError:
        return False


def record(
    command: str,
    inputs: Iterable[tuple[str, str | Path | None]],
    profile: Profile,
    options: Iterable[tuple[str, Any]],
) -> Provenance:
    """The run's record: ``inputs`` as (role, path as given; None: not given), the profile and its
    files (a bundled one as ``bundled:<name>``, whatever folder the package is installed in), and
    ``options`` as (name, value) of those that change the result."""
    files = []
    for name in profile.files:
        path = Path(name)
        files.append(input_file("profile", path, f"bundled:{path.name}" if _is_bundled(path) else name))
    own = Path(profile.files[0]) if profile.files else None
    return Provenance(
        command=command,
        version=__version__,
        inputs=tuple(input_file(role, path) for role, path in inputs if path),
        profile_id=profile.id,
        profile_source="bundled" if own is None or _is_bundled(own) else str(own),
        profile_files=tuple(files),
        options=tuple((name, value) for name, value in options),
    )
