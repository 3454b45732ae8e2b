"""Files in and out. Readers of projects (:data:`READERS`: a file in, a
:class:`~laoxiao_check.model.records.Project` out), estate lists, facilities, population tables,
polygons, candidate sites and walking networks (GIS files and OSM extracts, their tag rules in
``ways.py``, the graph cache); atomic output (``output.py``); the template workbook."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from laoxiao_check.io.sniff import check_spreadsheet, is_old_spreadsheet
from laoxiao_check.model.errors import InputError
from laoxiao_check.model.lazy import lazy
from laoxiao_check.model.messages import Said
from laoxiao_check.model.records import Project

if TYPE_CHECKING:
    from laoxiao_check.io.fields import Given

READERS = {
    ".xlsx": lazy("laoxiao_check.io.excel:read_excel_project"),
    ".xlsm": lazy("laoxiao_check.io.excel:read_excel_project"),
    ".geojson": lazy("laoxiao_check.io.geojson:read_geojson_project"),
    ".json": lazy("laoxiao_check.io.geojson:read_geojson_project"),
}
"""Suffix → the reader, imported when a file of that kind is read: a GeoJSON check never loads
openpyxl, nor a workbook shapely."""


def read_project(path: str | Path, kind_override: str | None = None, given: Sequence[Given] = ()) -> Project:
    """The project of ``path``; ``given``: its fields given beside it (sidecar, options)."""
    path = Path(path)
    if not path.is_file():
        raise InputError(Said("file not found: {path}", path=path))
    reader = READERS.get(path.suffix.lower())
    if reader is None and is_old_spreadsheet(path):
        check_spreadsheet(path)  # .xls, .et, a lock file: what to do instead
    if reader is None:
        raise InputError(
            Said(
                "cannot read a project from a {suffix} file: expected one of {suffixes}",
                suffix=path.suffix or Said("suffix-less"),
                suffixes=", ".join(READERS),
            ),
            str(path),
        )
    project: Project = reader(path, kind_override, given)
    return project


__all__ = ["READERS", "read_project"]
