"""GIS layers of an audit (GeoJSON, GeoPackage): one point per estate with its verdict; the
communities, districts and city judged on their rules (polygons where ``--communities`` /
``--districts`` gave them); the walking network's health report."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import shapely

from ..audit import AuditResult
from .layers import file_bytes, geojson_text, network_layer


def estates_frame(result: AuditResult) -> gpd.GeoDataFrame:
    lonlat = (
        result.estate_lonlat
        if result.estate_lonlat is not None
        else np.full((len(result.estates), 2), np.nan)
    )
    rows = []
    for item in result.estates:
        estate = item.estate
        row = {
            "row": estate.place,
            "name": estate.name,
            "district": estate.district,
            "kind": estate.kind,
            "households": estate.households,
            "population": estate.population,
            "verdict": item.verdict,
            "reason": estate.reason or None,
        }
        for finding in item.findings:
            if finding.metric != "coverage":
                row[f"{finding.id}.status"] = finding.status
                row[f"{finding.id}.shortfall"] = finding.shortfall
        for coverage in item.coverage:
            key = f"{coverage.category}.{coverage.level}"
            row[f"{key}.covered"] = coverage.covered
            row[f"{key}.nearest_m"] = coverage.nearest_m
        rows.append(row)
    known = ~np.isnan(lonlat).any(axis=1)
    geometry = np.full(len(rows), None, dtype=object)
    geometry[known] = shapely.points(lonlat[known])
    return gpd.GeoDataFrame(rows, geometry=list(geometry), crs="EPSG:4326")


def level_frames(result: AuditResult) -> dict[str, gpd.GeoDataFrame]:
    """One layer per level judged (communities, districts, city): a row per group, its rules'
    status, required, provided and shortfall; its polygon where a layer of areas gave it."""
    shapes = {(layer.level, d, n): p for layer in result.areas for d, n, p in layer.items()}
    shapes.update({(layer.level, "", n): p for layer in result.areas for _, n, p in layer.items()})
    rows: dict[str, list[dict]] = {}
    geometry: dict[str, list] = {}
    for scope, group in result.levels:
        row = {"level": scope, **group.figures()}
        for finding in group.findings:
            for key in ("status", "required", "provided", "shortfall"):
                row[f"{finding.id}.{key}"] = getattr(finding, key)
        rows.setdefault(scope, []).append(row)
        shape = shapes.get((scope, group.district, group.name)) or shapes.get((scope, "", group.name))
        geometry.setdefault(scope, []).append(shape)
    names = {"community": "communities", "district": "districts", "city": "city"}
    return {
        names[scope]: gpd.GeoDataFrame(rows[scope], geometry=geometry[scope], crs="EPSG:4326")
        for scope in rows
    }


def audit_frames(result: AuditResult) -> dict[str, gpd.GeoDataFrame]:
    layers = {"estates": estates_frame(result), **level_frames(result)}
    if result.network:  # the walking network's health report, as in check's layers
        layers["network"] = network_layer(result.network, "EPSG:4326")
    return layers


def render_geojson(result: AuditResult, lang: str = "en", color: bool = False) -> str:
    """One FeatureCollection: each feature's ``layer`` says whether it is an estate, a
    community, a district, the city or the network report."""
    return geojson_text(audit_frames(result))


def render_gpkg(result: AuditResult, lang: str = "en", color: bool = False) -> bytes:
    return file_bytes(audit_frames(result), "GPKG", "estates.gpkg")
