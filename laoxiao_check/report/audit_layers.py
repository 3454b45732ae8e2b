"""GIS layers of an audit: one point per estate with its verdict (GeoJSON, GeoPackage)."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import shapely

from ..audit import AuditResult
from .layers import file_bytes, network_layer


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


def _render(result: AuditResult, driver: str, suffix: str) -> bytes:
    layers = {"estates": estates_frame(result)}
    if result.network:  # the walking network's health report, as in check's layers
        layers["network"] = network_layer(result.network, "EPSG:4326")
    return file_bytes(layers, driver, f"estates{suffix}")


def render_geojson(result: AuditResult, lang: str = "en", color: bool = False) -> bytes:
    return _render(result, "GeoJSON", ".geojson")


def render_gpkg(result: AuditResult, lang: str = "en", color: bool = False) -> bytes:
    return _render(result, "GPKG", ".gpkg")
