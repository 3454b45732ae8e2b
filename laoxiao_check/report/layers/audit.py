"""GIS layers of an audit (GeoJSON, GeoPackage): one point per estate with its verdict; the
communities, districts and city judged on their rules (polygons where ``--communities`` /
``--districts`` gave them); the walking network's health report."""

from __future__ import annotations

import io
import itertools
import json
import tempfile
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from laoxiao_check.model.audit import AuditResult, EstateResult
from laoxiao_check.report.layers.common import geojson_features, inputs_members, network_layer
from laoxiao_check.report.views.findings import status_code

CHUNK_ROWS = 5_000
"""Estates per piece written to a GeoPackage or GeoJSON: memory stays flat with the list."""


def estate_row(item: EstateResult, access: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """One estate's attributes: verdict, each rule's status and shortfall, nearest distances and,
    where measured, the capacity within reach (``access``: its accessibility entries)."""
    estate = item.estate
    row: dict[str, Any] = {
        "row": estate.place,
        "name": estate.name,
        "district": estate.district,
        "kind": estate.kind,
        "households": estate.households,
        "population": estate.population,
        "population_estimated": estate.population_estimated,
        "verdict": item.verdict,
        "reason": estate.reason or None,
    }
    for finding in item.findings:
        if finding.metric != "coverage":
            row[f"{finding.id}.status"] = status_code(finding)
            row[f"{finding.id}.shortfall"] = finding.shortfall
    for coverage in item.coverage:
        key = f"{coverage.category}.{coverage.level}"
        row[f"{key}.covered"] = coverage.covered
        row[f"{key}.nearest_m"] = coverage.nearest_m
    for entry in access or ():
        key = f"{entry['category']}.{entry['level']}"
        row[f"{key}.accessible_per"] = entry["accessible_per"]
        row[f"{key}.capacity_shortfall"] = entry["shortfall"]
    return row


def _access(result: AuditResult, index: int) -> list[dict[str, Any]] | None:
    return result.accessibility.of_estate(index) if result.accessibility is not None else None


def estate_schema(result: AuditResult) -> dict[str, Any]:
    """Column → dtype of the estates layer, as one frame of every row would have them (the
    order in which columns first appear; pandas' inference from the kinds of value seen),
    found in one pass that keeps one example of each kind of value per column."""
    examples: dict[str, dict[tuple[str, bool], Any]] = {}
    present: dict[str, int] = {}
    for index, item in enumerate(result.estates):
        for key, value in estate_row(item, _access(result, index)).items():
            kind = (type(value).__name__, isinstance(value, float) and value != value)
            examples.setdefault(key, {}).setdefault(kind, value)
            present[key] = present.get(key, 0) + 1
    schema = {}
    for key, kinds in examples.items():
        sample: list[dict[str, Any]] = [{key: value} for value in kinds.values()]
        if present[key] < len(result.estates):
            sample.append({})  # a row without the column
        schema[key] = pd.DataFrame(sample, columns=[key])[key].dtype
    return schema


def estate_chunks(result: AuditResult, size: int = CHUNK_ROWS) -> Iterator[gpd.GeoDataFrame]:
    """The estates layer in frames of ``size`` rows, each with the columns and types of the
    whole layer: written one after another they make the layer one frame would."""
    schema = estate_schema(result)
    count = len(result.estates)
    lonlat = result.estate_lonlat if result.estate_lonlat is not None else np.full((count, 2), np.nan)
    for start in range(0, max(count, 1), size):
        items = result.estates[start : start + size]
        frame = pd.DataFrame(
            [estate_row(item, _access(result, start + i)) for i, item in enumerate(items)],
            columns=list(schema),
        )
        for key, dtype in schema.items():
            if frame[key].dtype != dtype:
                frame[key] = frame[key].astype(dtype)
        points = lonlat[start : start + len(items)]
        known = ~np.isnan(points).any(axis=1)
        geometry = np.full(len(items), None, dtype=object)
        geometry[known] = shapely.points(points[known])
        yield gpd.GeoDataFrame(frame, geometry=list(geometry), crs="EPSG:4326")


def estates_frame(result: AuditResult) -> gpd.GeoDataFrame:
    """The whole estates layer as one frame (small lists; files are written in pieces)."""
    return next(estate_chunks(result, size=max(len(result.estates), 1)))


def level_frames(result: AuditResult) -> dict[str, gpd.GeoDataFrame]:
    """One layer per level judged (communities, streets, districts, city): a row per group, its
    rules' status, required, provided and shortfall; its polygon where a layer of areas gave it
    (every street the list names is a row, judged on street rules or not)."""
    shapes = {(layer.level, d, n): p for layer in result.areas for d, n, p in layer.items()}
    shapes.update({(layer.level, "", n): p for layer in result.areas for _, n, p in layer.items()})
    rows: dict[str, list[dict]] = {}
    geometry: dict[str, list] = {}
    judged = [*result.levels, *(("street", g) for g in result.streets if not g.findings)]
    for scope, group in judged:
        row = {"level": scope, **group.figures()}
        for finding in group.findings:
            row[f"{finding.id}.status"] = status_code(finding)
            row[f"{finding.id}.binding"] = finding.binding
            for key in ("required", "provided", "shortfall"):
                row[f"{finding.id}.{key}"] = getattr(finding, key)
        rows.setdefault(scope, []).append(row)
        shape = shapes.get((scope, group.district, group.name)) or shapes.get((scope, "", group.name))
        geometry.setdefault(scope, []).append(shape)
    names = {"community": "communities", "street": "streets", "district": "districts", "city": "city"}
    return {
        names[scope]: gpd.GeoDataFrame(rows[scope], geometry=geometry[scope], crs="EPSG:4326")
        for scope in rows
    }


def audit_frames(result: AuditResult) -> dict[str, gpd.GeoDataFrame]:
    layers = {"estates": estates_frame(result), **other_frames(result)}
    return layers


def other_frames(result: AuditResult) -> dict[str, gpd.GeoDataFrame]:
    """Every layer but the estates: the levels judged and the network's report (small)."""
    layers = level_frames(result)
    if result.network:  # the walking network's health report, as in check's layers
        layers["network"] = network_layer(result.network, "EPSG:4326")
    return layers


def render_geojson(result: AuditResult, lang: str = "en", color: bool = False) -> str:
    """One FeatureCollection: each feature's ``layer`` says whether it is an estate, a
    community, a district, the city or the network report."""
    buffer = io.StringIO()
    write_geojson(result, lang, buffer)
    return buffer.getvalue()


def write_geojson(result: AuditResult, lang: str, handle: TextIO, chunk_rows: int = CHUNK_ROWS) -> None:
    """The same collection as :func:`render_geojson`, written a piece of the estates at a time."""
    members = json.dumps(inputs_members(result.quality, result.ledger), ensure_ascii=False)[1:-1]
    handle.write('{"type": "FeatureCollection", ' + members + ', "features": [')
    first = True
    for name, frame in itertools.chain(
        (("estates", chunk) for chunk in estate_chunks(result, chunk_rows)), other_frames(result).items()
    ):
        for feature in geojson_features(name, frame):
            handle.write(("" if first else ", ") + json.dumps(feature, ensure_ascii=False))
            first = False
    handle.write("]}\n")


def render_gpkg(result: AuditResult, lang: str = "en", color: bool = False) -> bytes:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "estates.gpkg"
        write_gpkg(result, lang, path)
        return path.read_bytes()


def write_gpkg(result: AuditResult, lang: str, path: Path, chunk_rows: int = CHUNK_ROWS) -> None:
    """The layers in a GeoPackage at ``path``, the estates a piece at a time (appended)."""
    import pyogrio

    path = Path(path)
    if path.is_file() and path.stat().st_size == 0:  # the empty temporary file of an atomic write
        path.unlink()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # GDAL on the temporary file's name
        for index, chunk in enumerate(estate_chunks(result, chunk_rows)):
            pyogrio.write_dataframe(
                chunk, path, layer="estates", driver="GPKG", geometry_type="Point", append=index > 0
            )
        for name, frame in other_frames(result).items():
            frame.to_file(path, driver="GPKG", layer=name)
