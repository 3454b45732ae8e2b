"""``--format parquet``: an audit's estates as GeoParquet, the same rows and columns as the
GeoPackage's estates layer, readable by GeoPandas and Arrow, the same bytes for the same input."""

from __future__ import annotations

import json

import geopandas as gpd
import pyarrow.parquet as pq
import pytest
import shapely
from conftest import SAMPLES

ESTATES = SAMPLES / "audit" / "estates.csv"
FACILITIES = SAMPLES / "audit" / "facilities.geojson"


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    from laoxiao_check.cli.main import run

    folder = tmp_path_factory.mktemp("parquet")
    paths = {}
    for name in ("a.parquet", "b.parquet", "a.gpkg"):
        path = folder / name
        code = run(
            ["audit", str(ESTATES), "--rules", "quanzhou", "--facilities", str(FACILITIES), "-o", str(path)]
        )
        assert code in (0, 1)
        paths[name] = path
    return paths


def test_the_estates_are_the_geopackages_rows_and_columns(written) -> None:
    parquet = gpd.read_parquet(written["a.parquet"])
    layer = gpd.read_file(written["a.gpkg"], layer="estates")
    assert len(parquet) == len(layer) == 42  # every row of the list, judged or not
    assert list(parquet.columns) == list(layer.columns)
    assert parquet.crs.to_string() == "OGC:CRS84"  # longitude, latitude (GeoParquet default)
    assert parquet["name"].tolist() == layer["name"].tolist()
    assert parquet["verdict"].tolist() == layer["verdict"].tolist()
    located = ~layer.geometry.is_empty & layer.geometry.notna()
    here, there = (shapely.get_coordinates(frame.geometry[located].values) for frame in (parquet, layer))
    assert len(here) == located.sum() > 30 and (abs(here - there) < 1e-9).all()


def test_geoparquet_metadata_and_provenance_are_in_the_file(written) -> None:
    metadata = pq.read_schema(written["a.parquet"]).metadata
    geo = json.loads(metadata[b"geo"])
    assert (geo["version"], geo["primary_column"]) == ("1.0.0", "geometry")
    assert geo["columns"]["geometry"] == {"encoding": "WKB", "geometry_types": ["Point"]}
    provenance = json.loads(metadata[b"laoxiao_check"])["provenance"]
    assert any(entry["path"].endswith("estates.csv") for entry in provenance["inputs"])


def test_the_same_input_gives_the_same_bytes(written) -> None:
    assert written["a.parquet"].read_bytes() == written["b.parquet"].read_bytes()


def test_a_check_has_no_parquet(run_cli, tmp_path) -> None:
    run = run_cli(
        "check", SAMPLES / "quanzhou_new_estate.xlsx", "--rules", "quanzhou", "-o", tmp_path / "r.parquet"
    )
    assert run.code == 2 and "parquet" in run.err and "Traceback" not in run.err
