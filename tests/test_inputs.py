"""Both input formats into one project model, and every kind of bad input."""

from __future__ import annotations

import pytest
from conftest import SAMPLES, sha256
from helpers import PROJECT, feature, geojson, workbook

from laoxiao_check.io import read_project
from laoxiao_check.model.errors import InputError


def test_excel_sample_english_headers() -> None:
    project = read_project(SAMPLES / "quanzhou_new_estate.xlsx")
    assert project.kind == "new"
    assert project.households == 1200 and project.households_source == "buildings"
    assert len(project.buildings) == 8 and len(project.facilities) == 3
    assert project.crs == "EPSG:4490"
    assert {f.site for f in project.facilities_of("eldercare")} == {"S1"}


def test_excel_sample_chinese_headers_and_sheets() -> None:
    project = read_project(SAMPLES / "quanzhou_new_estate_short.xlsx")
    assert project.name == "海丝名苑" and project.kind == "new"
    assert project.households == 1850 and project.population == 5920
    assert [f.category for f in project.facilities] == ["eldercare", "eldercare", "childcare"]
    assert project.facilities[2].places == 50


def test_geojson_sample_points_and_chinese_values() -> None:
    project = read_project(SAMPLES / "yuxi_new_estate.geojson")
    assert project.households == 960 and project.crs == "EPSG:4326"
    assert project.buildings[0].x == pytest.approx(102.543)
    assert project.facilities[1].places == 25


def test_geojson_legacy_crs_member() -> None:
    project = read_project(SAMPLES / "wanzhou_old_estate.geojson")
    assert project.crs == "EPSG:4545"
    assert project.buildings[0].x > 100_000  # projected metres, not degrees


def test_polygon_buildings_use_their_centroid(tmp_path) -> None:
    square = {"type": "Polygon", "coordinates": [[[0, 0], [2, 0], [2, 2], [0, 2], [0, 0]]]}
    path = geojson(
        tmp_path / "p.geojson",
        [
            {
                "type": "Feature",
                "geometry": square,
                "properties": {"kind": "building", "id": "A", "households": 5},
            },
        ],
    )
    building = read_project(path).buildings[0]
    assert (building.x, building.y) == (1.0, 1.0)


@pytest.mark.parametrize("text", ["1,200", "１２００", "1200", " 1200 ", "1200.0"])
def test_household_numbers_people_write(tmp_path, text) -> None:
    path = workbook(tmp_path / "p.xlsx", buildings=[["id", "households"], ["B1", text]])
    assert read_project(path).households == 1200


def test_project_households_win_over_buildings_with_a_warning(tmp_path) -> None:
    path = workbook(tmp_path / "p.xlsx", project=[*PROJECT, ["households", 250]])
    project = read_project(path)
    assert project.households == 250 and project.households_source == "project"
    assert any("add up to 200" in w for w in project.warnings)


def test_kind_override(tmp_path) -> None:
    path = workbook(tmp_path / "p.xlsx", project=[["name", "x"]])
    assert read_project(path, kind_override="existing").kind == "existing"


BAD_EXCEL = [
    ("missing sheet", {"facilities": None}, ["sheet 'facilities'", "配套设施", "project, buildings"]),
    (
        "missing required column",
        {"buildings": [["id", "housholds"], ["B1", 3]]},
        ["buildings › row 1", "missing required column 户数 (households)", "housholds"],
    ),
    (
        "text in a number column",
        {"buildings": [["id", "households"], ["B1", "约300"]]},
        ["buildings › B2 (户数)", "whole number", "'约300'"],
    ),
    (
        "a unit after the number",
        {"buildings": [["id", "households"], ["B1", "1200户"]]},
        ["buildings › B2 (户数)", "'1200户'", "e.g. 1200"],
    ),
    (
        "negative households",
        {"buildings": [["id", "households"], ["B1", -5]]},
        ["buildings › B2 (户数)", "negative"],
    ),
    (
        "fractional households",
        {"buildings": [["id", "households"], ["B1", 12.5]]},
        ["buildings › B2 (户数)", "fraction", "12.5"],
    ),
    (
        "unknown category",
        {"facilities": [["id", "category", "area_m2"], ["X", "养生", 100]]},
        ["facilities › B2 (类别)", "'养生'", "eldercare", "托育"],
    ),
    ("missing project kind", {"project": [["name", "x"]]}, ["项目类型 (kind)", "--kind"]),
    ("bad CRS", {"project": [*PROJECT, ["crs", "EPSG:99999"]]}, ["project › B3 (坐标系)", "EPSG:99999"]),
    (
        "duplicate building id",
        {"buildings": [["id", "households"], ["B1", 1], ["B1", 2]]},
        ["buildings › A3", "used twice"],
    ),
]


@pytest.mark.parametrize(("what", "sheets", "expected"), BAD_EXCEL, ids=[c[0] for c in BAD_EXCEL])
def test_bad_excel_is_located(tmp_path, run_cli, what, sheets, expected) -> None:
    path = workbook(tmp_path / "bad.xlsx", **sheets)
    before = sha256(path)
    run = run_cli("check", path, "--rules", "quanzhou")
    assert run.code == 2
    assert "Traceback" not in run.err and run.out == ""
    assert "bad.xlsx" in run.err
    for text in expected:
        assert text in run.err, (text, run.err)
    assert sha256(path) == before, "input files are never modified"


def test_all_problems_of_a_file_are_shown_together(tmp_path) -> None:
    path = workbook(
        tmp_path / "bad.xlsx",
        buildings=[["id", "households"], ["B1", "约300"], ["B2", -1]],
        facilities=[["id", "category", "area_m2"], ["X", "养生", "大约"]],
    )
    with pytest.raises(InputError) as error:
        read_project(path)
    places = [p.place for p in error.value.problems]
    assert places == [
        "buildings › B2 (户数)",
        "buildings › B3 (户数)",
        "facilities › B2 (类别)",
        "facilities › C2 (建筑面积)",
    ]


BAD_GEOJSON = [
    ("not a FeatureCollection", {"type": "Feature", "properties": {}}, ["FeatureCollection", "'Feature'"]),
    ("a list", [1, 2], ["FeatureCollection", "'list'"]),
]


@pytest.mark.parametrize(("what", "document", "expected"), BAD_GEOJSON, ids=[c[0] for c in BAD_GEOJSON])
def test_bad_geojson_document(tmp_path, run_cli, what, document, expected) -> None:
    import json

    path = tmp_path / "bad.geojson"
    path.write_text(json.dumps(document))
    run = run_cli("check", path, "--rules", "national")
    assert run.code == 2 and "Traceback" not in run.err
    for text in expected:
        assert text in run.err


def test_bad_geojson_features_are_located(tmp_path) -> None:
    path = geojson(
        tmp_path / "bad.geojson",
        [
            feature("building", 1, 1, id="A", households="1200户"),
            feature("facility", 1, 1, id="F", category="eldercare", area_m2=-3),
            feature("shop", 1, 1),
        ],
    )
    with pytest.raises(InputError) as error:
        read_project(path)
    text = str(error.value)
    assert "features[0].properties.households (户数)" in text and "'1200户'" in text
    assert "features[1].properties.area_m2 (建筑面积)" in text and "negative" in text
    assert "features[2].properties.kind" in text and "'shop'" in text


def test_not_json(tmp_path, run_cli) -> None:
    path = tmp_path / "broken.geojson"
    path.write_text('{"type": "FeatureCollection", ')
    run = run_cli("check", path, "--rules", "national")
    assert run.code == 2 and "not valid JSON at line 1" in run.err


def test_not_a_workbook(tmp_path, run_cli) -> None:
    path = tmp_path / "fake.xlsx"
    path.write_text("hello")
    run = run_cli("check", path, "--rules", "national")
    assert run.code == 2 and "fake.xlsx" in run.err and "not a readable .xlsx" in run.err


def test_unsupported_suffix_and_missing_file(tmp_path, run_cli) -> None:
    (tmp_path / "p.csv").write_text("x")
    run = run_cli("check", tmp_path / "p.csv", "--rules", "national")
    assert run.code == 2 and ".xlsx" in run.err
    run = run_cli("check", tmp_path / "nope.xlsx", "--rules", "national")
    assert run.code == 2 and "file not found" in run.err


def test_template_round_trip(tmp_path, run_cli) -> None:
    import openpyxl

    out = tmp_path / "template.xlsx"
    run = run_cli("template", out, "--lang", "zh")
    assert run.code == 0
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["项目", "楼栋", "配套设施"]
    assert book["楼栋"]["B1"].value == "户数" and book["楼栋"]["B1"].comment is not None
    formulas = [v.formula1 for v in book["配套设施"].data_validations.dataValidation]
    assert '"养老,托育"' in formulas
    # filled in, the template reads back
    project = book["项目"]
    project["B2"], project["B3"] = "模板项目", "新建"
    book["楼栋"].append(["1栋", 100])
    book["配套设施"].append(["F1", "养老", 30])
    book.save(out)
    assert read_project(out).households == 100
