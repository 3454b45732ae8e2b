"""What produced a report: each input file (its path as given, size and SHA-256), the profile
(its id, whether bundled, the SHA-256 of each of its files), the options that change the result
and the tool's version. Built once per run (``services.provenance``), rendered by every format:
JSON ``provenance``, the xlsx sheet "Inputs", a section of the HTML. No time and no absolute
path of ours in it: the same inputs and options give the same record."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class InputFile:
    role: str
    """What the file is to the run: ``project``, ``estates``, ``facilities``, ``network`` … or
    ``profile`` (the profile's own file and those it extends)."""
    path: str
    """As given on the command line (a bundled profile's file: ``bundled:quanzhou.yaml``)."""
    size: int | None = None
    """Bytes; None where the path names no one file (a pattern such as ``nets/{city}.gpkg``)."""
    sha256: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"role": self.role, "path": self.path, "size": self.size, "sha256": self.sha256}


@dataclass(frozen=True)
class Provenance:
    command: str
    """``check``, ``audit`` or ``plan``."""
    version: str
    inputs: tuple[InputFile, ...]
    profile_id: str
    profile_source: str
    """``bundled`` or the profile file's path as given."""
    profile_files: tuple[InputFile, ...]
    options: tuple[tuple[str, Any], ...]
    """(option, value) of every option that changes the result, in the command's order, with
    its default where not given (``--coords wgs84``)."""

    def as_dict(self) -> dict[str, Any]:
        return {
            "tool": {"name": "laoxiao-check", "version": self.version},
            "command": self.command,
            "inputs": [f.as_dict() for f in self.inputs],
            "profile": {
                "id": self.profile_id,
                "source": self.profile_source,
                "files": [f.as_dict() for f in self.profile_files],
            },
            "options": {name: value for name, value in self.options},
        }
