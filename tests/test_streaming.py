"""Large outputs written piece by piece: the same layers and workbook as built whole."""

from __future__ import annotations

import io

import geopandas as gpd
import pyogrio
import pytest
from conftest import SAMPLES

from laoxiao_check.audit import run_audit
from laoxiao_check.profiles import load_profile
from laoxiao_check.report import audit_layers

AUDIT = SAMPLES / "audit"


@pytest.fixture(scope="module")
def result():
    return run_audit(
        AUDIT / "estates.csv",
        load_profile("guizhou"),
        facilities_path=AUDIT / "facilities.geojson",
        network_path=AUDIT / "network.geojson",
        datum="gcj02",
        communities_path=AUDIT / "communities.geojson",
        population_path=AUDIT / "population.csv",
    )


def test_geojson_in_pieces_is_the_whole_document(result) -> None:
    from laoxiao_check.report.layers import geojson_text

    whole = geojson_text(audit_layers.audit_frames(result))
    pieces = io.StringIO()
    audit_layers.write_geojson(result, "en", pieces, chunk_rows=5)
    assert pieces.getvalue() == whole


def test_geopackage_in_pieces_holds_the_whole_layers(result, tmp_path) -> None:
    whole = tmp_path / "whole.gpkg"
    for name, frame in audit_layers.audit_frames(result).items():
        frame.to_file(whole, driver="GPKG", layer=name)
    pieces = tmp_path / "pieces.gpkg"
    audit_layers.write_gpkg(result, "en", pieces, chunk_rows=5)
    assert [n for n, _ in pyogrio.list_layers(pieces)] == [n for n, _ in pyogrio.list_layers(whole)]
    for name, _ in pyogrio.list_layers(whole):
        assert pyogrio.read_info(pieces, layer=name)["dtypes"].tolist() == (
            pyogrio.read_info(whole, layer=name)["dtypes"].tolist()
        )
        assert gpd.read_file(pieces, layer=name).equals(gpd.read_file(whole, layer=name)), name
    assert len(gpd.read_file(pieces, layer="estates")) == 42


def test_a_chunk_of_estates_without_judgement_keeps_the_layer_types(result) -> None:
    """A piece whose estates all lack a column's value still has the whole layer's types."""
    schema = audit_layers.estate_schema(result)
    for chunk in audit_layers.estate_chunks(result, size=3):
        assert list(chunk.columns[:-1]) == list(schema)
        assert chunk.dtypes.iloc[:-1].tolist() == list(schema.values())
