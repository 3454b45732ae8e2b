"""Small builders of input files for tests."""

from __future__ import annotations

import json
from pathlib import Path

from openpyxl import Workbook

PROJECT = [["name", "Test estate"], ["kind", "new"]]
BUILDINGS = [["id", "households"], ["B1", 100], ["B2", 100]]
FACILITIES = [
    ["id", "category", "area_m2", "places"],
    ["E1", "eldercare", 500, None],
    ["C1", "childcare", 100, 10],
]


def workbook(path: Path, sheets: dict[str, list[list[object]]] | None = None, **overrides) -> Path:
    """An .xlsx with the given sheets; by default a small valid project."""
    content = sheets or {"project": PROJECT, "buildings": BUILDINGS, "facilities": FACILITIES}
    content = {**content, **overrides}
    book = Workbook()
    book.remove(book.active)
    for name, rows in content.items():
        if rows is None:
            continue
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


def geojson(path: Path, features: list[dict], project: dict | None = None, **members) -> Path:
    document = {
        "type": "FeatureCollection",
        "project": project or {"name": "G", "kind": "new"},
        "features": features,
        **members,
    }
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return path


def feature(kind: str, x: float | None = None, y: float | None = None, **properties) -> dict:
    geometry = {"type": "Point", "coordinates": [x, y]} if x is not None else None
    return {"type": "Feature", "geometry": geometry, "properties": {"kind": kind, **properties}}


def project_record(kind: str = "new", households: int = 1000, population: float = 3200, **fields: object):
    """A project as the readers give it (no file): households and residents given, nothing else."""
    import dataclasses

    from laoxiao_check.model.records import Project

    base = Project(
        name="p",
        kind=kind,
        households=households,
        households_source="project",
        population=population,
        population_estimated=False,
        crs=None,
    )
    return dataclasses.replace(base, **fields)
