"""Uploads to the review desk: saved under names of our own in a temporary folder of the request,
their kind told by their first bytes (never by their name), their size bounded.

An upload's own name is only ever shown (escaped), never used as a path: the project is saved
as ``project.xlsx`` or ``project.geojson`` whatever it was called.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Protocol

from laoxiao_check.io.sniff import OLE_MAGIC, ZIP_MAGIC, spreadsheet_problem
from laoxiao_check.model.errors import LaoxiaoError, Problem
from laoxiao_check.model.limits import MB, SERVE
from laoxiao_check.model.messages import Said, say
from laoxiao_check.report.views.inputs import place_word

MAX_UPLOAD_BYTES = SERVE.file_bytes
"""The largest upload the desk takes (50 MB): a request's whole body, and each file of it."""
CHUNK = 1024 * 1024
HEAD_BYTES = 4096

TEXT_ENCODINGS = ("utf-8", "gb18030")
"""The encodings the readers take text in (``io/tables.py``)."""
SQLITE_MAGIC = b"SQLite format 3\x00"
SUFFIXES = {
    "xlsx": ".xlsx",
    "geojson": ".geojson",
    "yaml": ".yaml",
    "csv": ".csv",
    "gpkg": ".gpkg",
    "pbf": ".osm.pbf",
}

ACCEPTED: dict[str, tuple[str, ...]] = {
    "project": ("xlsx", "geojson"),
    "profile": ("yaml",),
    "facilities": ("geojson", "csv", "xlsx", "gpkg"),
    "network": ("geojson", "pbf", "gpkg"),
    "estates": ("csv", "xlsx", "geojson", "gpkg"),
    "communities": ("geojson", "gpkg"),
    "population": ("csv", "xlsx"),
}
"""Each upload field and the kinds of file it takes (the first bytes decide)."""


def kinds_word(role: str) -> str:
    """What a field takes, as its label says it."""
    return {
        "project": Said("an Excel workbook (.xlsx) or a GeoJSON file"),
        "profile": Said("a rule profile (YAML text)"),
        "facilities": Said("a GeoJSON, CSV, Excel (.xlsx) or GeoPackage file"),
        "network": Said("a GeoJSON, GeoPackage or OpenStreetMap (.osm.pbf) file"),
        "estates": Said("a CSV, Excel (.xlsx), GeoJSON or GeoPackage file"),
        "communities": Said("polygons with a name column, as GeoJSON or GeoPackage"),
        "population": Said("a CSV or Excel (.xlsx) table of areas and their residents"),
    }[role]


class TooLarge(Exception):
    """A request's body is over :data:`MAX_UPLOAD_BYTES`."""


class Upload(Protocol):
    """What the desk reads of an uploaded file (Starlette's ``UploadFile``)."""

    filename: str | None

    async def read(self, size: int = -1) -> bytes: ...


@dataclass
class Saved:
    """The files of one request, saved in its temporary ``folder``."""

    folder: Path
    paths: dict[str, Path] = field(default_factory=dict)
    """Field → the saved file."""
    names: dict[str, str] = field(default_factory=dict)
    """Field → the upload's own name, for showing only."""
    problems: dict[str, list[str]] = field(default_factory=dict)
    """Field → what is wrong with its file, said."""
    coords: str = "wgs84"
    """The datum of the estate list's longitudes and latitudes (the form's choice)."""


def shown_name(filename: str | None) -> str:
    """An upload's name as pages show it: its last part, printable, at most 120 characters."""
    last = PureWindowsPath(PurePosixPath(filename or "").name).name
    cleaned = "".join(c for c in last if c.isprintable()).strip()
    return (cleaned or "upload")[:120]


def content_kind(head: bytes) -> str | None:
    """What a file is by its first bytes: xlsx, xls, gpkg, pbf, geojson (JSON text), markup (HTML,
    XML), text; None: binary."""
    if head.startswith(ZIP_MAGIC):
        return "xlsx"
    if head.startswith(OLE_MAGIC):
        return "xls"
    if head.startswith(SQLITE_MAGIC):
        return "gpkg"
    if head[4:6] == b"\x0a\x09" and head[6:15] == b"OSMHeader":
        return "pbf"
    if not head or b"\x00" in head:
        return None
    if not any(is_text(head, encoding) for encoding in TEXT_ENCODINGS):
        return None
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped.startswith(b"{"):
        return "geojson"
    return "markup" if stripped[:1] == b"<" else "text"  # a web page or XML: no table of rows


def is_text(head: bytes, encoding: str) -> bool:
    """Whether ``head`` reads as text in ``encoding`` (a character cut at its end is fine)."""
    try:
        codecs.getincrementaldecoder(encoding)().decode(head, final=False)
    except UnicodeDecodeError:
        return False
    return True


def kind_for(role: str, found: str | None) -> str | None:
    """The kind a field's file is taken as (text is CSV or YAML by field); None: not one it takes."""
    if found == "text":
        found = "yaml" if role == "profile" else "csv"
    elif role == "profile" and found == "geojson":
        found = "yaml"  # JSON is YAML
    return found if found in ACCEPTED[role] else None


async def save(upload: Upload, role: str, saved: Saved) -> None:
    """Save one upload of field ``role`` in ``saved.folder`` as ``<role>.<kind>``; a problem
    (too large, not a kind the field takes) is recorded against the field instead."""
    name = shown_name(upload.filename)
    first = await upload.read(CHUNK)
    if not first:
        if upload.filename:  # a file chosen, but empty (a browser sends no name when none is chosen)
            saved.problems.setdefault(role, []).append(Said("{name} is empty (0 bytes)", name=name))
        return
    saved.names[role] = name
    kind = kind_for(role, content_kind(first[:HEAD_BYTES]))
    path = saved.folder / f"{role}{SUFFIXES.get(kind or '', '.xls')}"
    size = 0
    with path.open("wb") as handle:
        chunk = first
        while chunk:
            size += len(chunk)
            if size > MAX_UPLOAD_BYTES:
                saved.problems.setdefault(role, []).append(too_large(name, size))
                return
            handle.write(chunk)
            chunk = await upload.read(CHUNK)
    if kind is None:
        why = spreadsheet_problem(path) if content_kind(first[:HEAD_BYTES]) == "xls" else None
        saved.problems.setdefault(role, []).append(
            why
            or Said("this file is not {kinds} (told by its content, not its name)", kinds=kinds_word(role))
        )
        return
    saved.paths[role] = path


def too_large(name: str, size: int | None = None) -> str:
    """The message for an upload over the limit."""
    limit = f"{MAX_UPLOAD_BYTES // MB} MB"
    if size is None:
        return Said(
            "the upload is larger than the desk's limit of {limit}: send smaller files, or run "
            "laoxiao-check on your own machine for larger ones",
            limit=limit,
        )
    return Said(
        "{name} is larger than the desk's limit of {limit}: send a smaller file, or run "
        "laoxiao-check on your own machine for larger ones",
        name=name,
        limit=limit,
    )


def located(exc: LaoxiaoError, saved: Saved, lang: str) -> dict[str, list[str]]:
    """The problems of ``exc`` said in ``lang`` as the command line says them (``file › place:
    message``), each under the field whose file it is in (``""``: none), the saved files'
    paths shown as the uploads' own names."""
    by_field: dict[str, list[str]] = {}
    for problem in exc.problems:
        role = role_of(problem, saved)
        by_field.setdefault(role, []).append(_shown(problem_text(problem, lang), saved))
    return by_field


def role_of(problem: Problem, saved: Saved) -> str:
    source = Path(problem.source).name if problem.source else ""
    return next((role for role, path in saved.paths.items() if path.name == source), "")


def problem_text(problem: Problem, lang: str) -> str:
    """``file › place: message``, the message in ``lang`` (as the command line shows it)."""
    where = " › ".join(part for part in (problem.source, place_word(problem.place, lang)) if part)
    message = say(problem.message, lang)
    return f"{where}: {message}" if where else message


def _shown(text: str, saved: Saved) -> str:
    """``text`` with each saved file's path (or bare name) shown as the upload's own name, in one
    pass (a name that holds another's is not replaced twice)."""
    names = {str(saved.folder): "…"}
    for role, path in saved.paths.items():
        names[str(path)] = names[path.name] = saved.names.get(role, path.name)
    pattern = re.compile("|".join(re.escape(k) for k in sorted(names, key=len, reverse=True)))
    return pattern.sub(lambda m: names[m.group(0)], text)
