"""Large outputs written piece by piece: the same layers and workbook as built whole."""

from __future__ import annotations

import io

import geopandas as gpd
import pyogrio
import pytest
from conftest import SAMPLES

from laoxiao_check.report.layers import audit as audit_layers
from laoxiao_check.rules.profiles import load_profile
from laoxiao_check.services.audit import run_audit

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
    from laoxiao_check.report.layers.common import geojson_text, inputs_members

    whole = geojson_text(audit_layers.audit_frames(result), inputs_members(result.quality, result.ledger))
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


def _sheet_layout(sheet) -> dict:
    cells = {}
    for row in sheet.iter_rows():
        for cell in row:
            if cell.value is None and not cell.has_style:
                continue
            cells[cell.coordinate] = (
                cell.value,
                cell.data_type,
                cell.number_format,
                (cell.font.b, cell.font.sz, cell.font.color.rgb if cell.font.color else None),
                cell.fill.fgColor.rgb if cell.fill and cell.fill.fill_type else None,
                (cell.alignment.wrap_text, cell.alignment.horizontal, cell.alignment.vertical),
            )
    return {
        "cells": cells,
        "heights": {k: d.height for k, d in sheet.row_dimensions.items() if d.height},
        "widths": {k: d.width for k, d in sheet.column_dimensions.items() if d.width},
        "merged": sorted(str(r) for r in sheet.merged_cells.ranges),
        "frozen": sheet.freeze_panes,
        "filter": sheet.auto_filter.ref,
        "page": (
            sheet.page_setup.orientation,
            sheet.page_setup.paperSize,
            sheet.page_setup.scale,
            sheet.page_setup.fitToWidth,
            sheet.page_setup.fitToHeight,
            sheet.sheet_properties.pageSetUpPr.fitToPage if sheet.sheet_properties.pageSetUpPr else None,
            sheet.print_title_rows,
            sheet.oddHeader.center.text,
            sheet.oddFooter.left.text,
            sheet.oddFooter.center.text,
            sheet.page_margins.left,
        ),
    }


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_workbook_written_row_by_row_is_the_workbook_built_whole(result, tmp_path, lang) -> None:
    from openpyxl import load_workbook

    from laoxiao_check.report.xlsx import audit as audit_xlsx

    whole = tmp_path / "whole.xlsx"
    whole.write_bytes(audit_xlsx.render(result, lang))
    streamed = tmp_path / "streamed.xlsx"
    audit_xlsx.write_file(result, lang, streamed)
    a, b = load_workbook(whole), load_workbook(streamed)
    assert a.sheetnames == b.sheetnames
    for name in a.sheetnames:
        assert _sheet_layout(a[name]) == _sheet_layout(b[name]), name
