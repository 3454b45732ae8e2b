"""GIS layers of a plan: estates, existing facilities, candidate sites, chosen sites, their reach."""

from __future__ import annotations

import json

import geopandas as gpd
import shapely

from laoxiao_check.model.plan import PlanResult
from laoxiao_check.report.layers.common import file_bytes, network_layer


def frames(result: PlanResult) -> dict[str, gpd.GeoDataFrame]:
    """Point layers in WGS84; the chosen sites' reach (network pieces or circles) in the metric CRS."""

    def points(rows: list[dict]) -> list:
        return [
            shapely.Point(r["lon"], r["lat"])
            if r.get("lon") is not None and r.get("lat") is not None
            else None
            for r in rows
        ]

    estates = [dict(e) for e in result.estates]
    candidates = [dict(c) for c in result.candidates]
    facilities = [dict(f) for f in result.facilities]
    selected = [dict(s) for s in result.selected]
    geometry = result.geometry
    if result.method == "network":
        reach = (
            shapely.multilinestrings(list(geometry.reach_segments)) if len(geometry.reach_segments) else None
        )
        reach_rows = [{"sites": ", ".join(geometry.selected_ids), "max_distance_m": result.max_distance_m}]
        reach_shapes = [reach]
    else:
        reach_rows = [{"site": i, "max_distance_m": result.max_distance_m} for i in geometry.selected_ids]
        reach_shapes = list(shapely.buffer(shapely.points(geometry.selected_xy), result.max_distance_m))
    layers = {
        "estates": gpd.GeoDataFrame(estates, geometry=points(estates), crs="EPSG:4326"),
        "facilities": gpd.GeoDataFrame(facilities, geometry=points(facilities), crs="EPSG:4326"),
        "candidates": gpd.GeoDataFrame(candidates, geometry=points(candidates), crs="EPSG:4326"),
        "selected": gpd.GeoDataFrame(selected, geometry=points(selected), crs="EPSG:4326"),
        "reach": gpd.GeoDataFrame(reach_rows, geometry=reach_shapes, crs=result.metric_crs).to_crs(
            "EPSG:4326"
        ),
    }
    if result.network:
        layers["network"] = network_layer(result.network, "EPSG:4326")
    return layers


def render_gpkg(result: PlanResult, lang: str = "en", color: bool = False) -> bytes:
    return file_bytes(frames(result), "GPKG", "plan.gpkg")


def render_geojson(result: PlanResult, lang: str = "en", color: bool = False) -> str:
    """One RFC 7946 FeatureCollection (WGS84); each feature's ``layer`` says what it is."""
    features = []
    for name, frame in frames(result).items():
        document = json.loads(frame.to_json(na="null", drop_id=True))
        for feature in document["features"]:
            feature["properties"] = {"layer": name, **feature["properties"]}
            features.append(feature)
    return json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False) + "\n"


__all__ = ["frames", "render_geojson", "render_gpkg"]
