"""Findings of an independent review of the walking-network work, each a regression test."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import geopandas as gpd
import shapely

from laoxiao_check.io.network_cache import _members

X0, Y0 = 500000.0, 2755000.0
CRS = {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::4549"}}


def point(x: float, y: float) -> list[float]:
    return [X0 + x, Y0 + y]


def network(path: Path, lines: list[tuple[list[tuple[float, float]], dict]]) -> Path:
    features = [
        {
            "type": "Feature",
            "properties": properties,
            "geometry": {"type": "LineString", "coordinates": [point(*c) for c in coords]},
        }
        for coords, properties in lines
    ]
    path.write_text(
        json.dumps({"type": "FeatureCollection", "crs": CRS, "features": features}), encoding="utf-8"
    )
    return path


def project(path: Path, building: tuple[float, float], facility: tuple[float, float]) -> Path:
    features = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": point(*building)},
            "properties": {"kind": "building", "id": "B1", "households": 100},
        }
    ] + [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": point(*facility)},
            "properties": {
                "kind": "facility",
                "id": f"{category[0].upper()}1",
                "category": category,
                "area_m2": 400,
                "places": 100,
            },
        }
        for category in ("eldercare", "childcare")
    ]
    document = {
        "type": "FeatureCollection",
        "crs": CRS,
        "project": {"name": "T", "kind": "new"},
        "features": features,
    }
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def coverage(run_cli, project_path: Path, network_path: Path, *options: str) -> dict:
    run = run_cli(
        "check", project_path, "--rules", "baseline", "--network", network_path, "--format", "json", *options
    )
    document = json.loads(run.out)
    return {(c["category"], c["level"]): c for c in document["coverage"]} | {"network": document["network"]}


def test_a_gated_estates_own_path_loop_is_not_left_for_a_far_street(run_cli, tmp_path: Path) -> None:
    """The building and its rooms sit 5 m from a 400 m path loop; the street is 255 m away."""
    lines = [
        ([(0, -250), (3000, -250)], {}),
        ([(1000, 0), (1100, 0), (1100, 100), (1000, 100), (1000, 0)], {}),
    ]
    found = coverage(
        run_cli,
        project(tmp_path / "p.geojson", (1000, 5), (1100, 95)),
        network(tmp_path / "n.geojson", lines),
    )
    assert found[("eldercare", "15min")]["status"] == "pass"
    assert found[("eldercare", "15min")]["uncovered"] == []


def test_a_facility_off_the_network_is_said_to_be_so(run_cli, tmp_path: Path) -> None:
    """The building is 20 m from the street, the facility 400 m: the facility is off the network."""
    found = coverage(
        run_cli,
        project(tmp_path / "p.geojson", (100, 20), (300, 400)),
        network(tmp_path / "n.geojson", [([(0, 0), (2000, 0)], {})]),
    )
    (outside,) = found[("eldercare", "15min")]["uncovered"]
    assert outside["reason"] == "facility_unsnapped"


def test_tag_columns_in_capitals_are_tags(run_cli, tmp_path: Path) -> None:
    lines = [([(0, 0), (2000, 0)], {"BRIDGE": "yes"}), ([(0, 50), (2000, 50)], {})]
    found = coverage(
        run_cli, project(tmp_path / "p.geojson", (100, 20), (300, 30)), network(tmp_path / "n.geojson", lines)
    )
    assert found["network"]["edges_off_ground"] >= 1


def test_a_shapefile_named_with_brackets_is_never_served_stale(run_cli, tmp_path: Path) -> None:
    whole = shapely.LineString([point(0, 0), point(2000, 0)])
    parted = [
        shapely.LineString([point(0, 0), point(990, 0)]),
        shapely.LineString([point(1010, 0), point(2000, 0)]),
    ]
    folder = tmp_path / "net"
    folder.mkdir()
    shp = folder / "路网[2023].shp"
    subject = project(tmp_path / "p.geojson", (100, 20), (1900, 20))
    gpd.GeoDataFrame(geometry=[whole], crs="EPSG:4549").to_file(shp)
    assert coverage(run_cli, subject, shp)[("eldercare", "15min")]["uncovered"][0]["reason"] == "beyond"
    shutil.rmtree(folder)
    folder.mkdir()
    gpd.GeoDataFrame(geometry=parted, crs="EPSG:4549").to_file(shp)
    assert coverage(run_cli, subject, shp)[("eldercare", "15min")]["uncovered"][0]["reason"] == "cut_off"


def test_a_geopackages_write_ahead_log_is_part_of_its_content(tmp_path: Path) -> None:
    package = tmp_path / "net.gpkg"
    package.write_bytes(b"x")
    assert _members(package) == [package]
    (tmp_path / "net.gpkg-wal").write_bytes(b"edits not yet checkpointed")
    assert _members(package) == [package, tmp_path / "net.gpkg-wal"]
