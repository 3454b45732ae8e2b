"""GIS layers of one check: buildings, facilities, catchments (GeoJSON, GeoPackage)."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

import geopandas as gpd
import shapely

from laoxiao_check.model.check import CheckResult
from laoxiao_check.model.errors import UsageError
from laoxiao_check.model.ledger import InputLedger
from laoxiao_check.model.quality import DataQuality
from laoxiao_check.report.views.reach import REACH_BUFFER_M, reach_area


def frames(result: CheckResult) -> dict[str, gpd.GeoDataFrame]:
    geometry = result.geometry
    if geometry is None:
        raise UsageError(
            "the project has no coordinates to put in GIS layers (buildings need x and y, and a CRS)"
        )
    crs = geometry.crs
    buildings = {"id": list(geometry.building_ids), "households": geometry.building_households.tolist()}
    for coverage in result.coverage:
        key = f"{coverage.category}_{coverage.level}"
        outside = {u["building"] for u in coverage.uncovered}
        buildings[f"{key}_covered"] = [
            None if coverage.status == "insufficient_data" else b not in outside
            for b in geometry.building_ids
        ]
        buildings[f"{key}_nearest_m"] = [coverage.distances.get(b) for b in geometry.building_ids]
    facilities_by_id = {f.id: f for f in result.project.facilities}
    facility_rows = [
        {
            "id": fid,
            "category": category,
            "area_m2": facilities_by_id[fid].area_m2,
            "places": facilities_by_id[fid].places,
            "site": facilities_by_id[fid].site,
        }
        for fid, category in zip(geometry.facility_ids, geometry.facility_categories, strict=True)
    ]
    add_phases(result, buildings, facility_rows)
    catchment_rows, catchment_shapes, reach_shapes = [], [], []
    for catchment in geometry.catchments:
        reach_shapes.append(reach_area(catchment))
        if catchment.method == "network":
            shape = shapely.multilinestrings(list(catchment.segments)) if len(catchment.segments) else None
        else:
            shape = (
                shapely.union_all(shapely.buffer(shapely.points(catchment.centres), catchment.max_distance_m))
                if len(catchment.centres)
                else None
            )
        catchment_rows.append(
            {
                "category": catchment.category,
                "level": catchment.level,
                "max_distance_m": catchment.max_distance_m,
                "method": catchment.method,
            }
        )
        catchment_shapes.append(shape)
    layers = {
        "buildings": gpd.GeoDataFrame(buildings, geometry=shapely.points(geometry.building_xy), crs=crs),
        "facilities": gpd.GeoDataFrame(
            facility_rows, geometry=shapely.points(geometry.facility_xy.reshape(-1, 2)), crs=crs
        ),
        "catchments": gpd.GeoDataFrame(catchment_rows, geometry=catchment_shapes, crs=crs),
        # the area reached, as the map draws it: the streets reached buffered, or the circles
        "reach": gpd.GeoDataFrame(
            [
                {**row, "buffer_m": REACH_BUFFER_M if row["method"] == "network" else None}
                for row in catchment_rows
            ],
            geometry=reach_shapes,
            crs=crs,
        ),
    }
    if result.network:  # the walking network's health report: one row without geometry
        layers["network"] = network_layer(result.network, crs)
    return layers


def add_phases(result: CheckResult, buildings: dict[str, list], facility_rows: list[dict]) -> None:
    """Phase and delivery status columns (and the rooms' floor), only for a phased project."""
    project = result.project
    if not any(b.phase for b in project.buildings) and not any(f.phase for f in project.facilities):
        return
    by_building = {b.id: b for b in project.buildings}
    ids = buildings["id"]
    buildings["phase"] = [by_building[b].phase if b in by_building else None for b in ids]
    buildings["status"] = [by_building[b].status if b in by_building else None for b in ids]
    by_facility = {f.id: f for f in project.facilities}
    for row in facility_rows:
        facility = by_facility[row["id"]]
        row.update(phase=facility.phase, status=facility.status, floor=facility.floor)


def file_bytes(layers: dict[str, gpd.GeoDataFrame], driver: str, file_name: str) -> bytes:
    """The layers written by an OGR driver to ``file_name`` (all in one with GPKG; GeoJSON names its
    collection after the file)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / file_name
        for name, frame in layers.items():
            frame.to_file(path, driver=driver, layer=name if driver == "GPKG" else None)
        return path.read_bytes()


def render_gpkg(result: CheckResult, lang: str = "en", color: bool = False) -> bytes:
    return file_bytes(frames(result), "GPKG", "check.gpkg")


def render_geojson(result: CheckResult, lang: str = "en", color: bool = False) -> str:
    """One RFC 7946 FeatureCollection (WGS84); each feature's ``layer`` says what it is."""
    return geojson_text(frames(result), inputs_members(result.quality, result.ledger))


def inputs_members(quality: DataQuality | None, ledger: InputLedger) -> dict[str, Any]:
    """The data tier and the input ledger as foreign members of the collection (RFC 7946 §6.1:
    GIS programs keep the features and ignore them; a reader of the file finds them at its top)."""
    return {"data_quality": quality.as_dict() if quality else None, "input_ledger": ledger.as_list()}


def geojson_text(layers: dict[str, gpd.GeoDataFrame], members: dict[str, Any] | None = None) -> str:
    """Layers as one RFC 7946 FeatureCollection (WGS84); each feature's ``layer`` says which
    (GeoJSON holds one collection: layers written one after another would replace each other)."""
    features = [feature for name, frame in layers.items() for feature in geojson_features(name, frame)]
    document = {"type": "FeatureCollection", **(members or {}), "features": features}
    return json.dumps(document, ensure_ascii=False) + "\n"


def geojson_features(name: str, frame: gpd.GeoDataFrame) -> list[dict[str, Any]]:
    """The frame's features in WGS84, each with the ``layer`` it belongs to first."""
    document = json.loads(frame.to_crs("EPSG:4326").to_json(na="null", drop_id=True))
    features: list[dict[str, Any]] = document["features"]
    for feature in features:
        feature["properties"] = {"layer": name, **feature["properties"]}
    return features


__all__ = ["file_bytes", "frames", "geojson_features", "geojson_text", "render_geojson", "render_gpkg"]


def network_layer(health: dict[str, Any], crs: str) -> gpd.GeoDataFrame:
    """The walking network's health report as one row without geometry (lists joined as text)."""
    row = {k: "; ".join(map(str, v)) if isinstance(v, list) else v for k, v in health.items()}
    return gpd.GeoDataFrame([row], geometry=[None], crs=crs)
