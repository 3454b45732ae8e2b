"""GIS-friendly project input (issue 25, item 6): the project's fields by option or in a sidecar
beside the file (a layer exported from QGIS has no top-level ``project`` member), and empty
attributes said once per attribute, never once per feature."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from helpers import feature, geojson, workbook

from laoxiao_check.io.fields import PROJECT_FIELDS
from laoxiao_check.model.errors import UsageError
from laoxiao_check.services.check import options_given

LON, LAT = 106.68, 26.62
"""Guiyang: the buildings of a small Guizhou project, 50 m apart."""


def qgis_layer(path: Path, buildings: int = 4, project: dict | None = None, **extra: object) -> Path:
    """A GeoJSON as QGIS exports one layer: every feature has every column (mostly null), no
    ``project`` member unless given."""
    features = [
        feature(
            "building",
            LON + i * 0.0005,
            LAT,
            id=f"b{i}",
            households=100,
            category=None,
            area_m2=None,
            places="",
            **extra,
        )
        for i in range(1, buildings + 1)
    ]
    features.append(
        feature("facility", LON, LAT + 0.0005, id="e1", households=None, category="eldercare", area_m2=500)
    )
    document = {"type": "FeatureCollection", "features": features}
    if project is not None:
        document["project"] = project
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return path


def checked(run_cli, path: Path, *options: str) -> dict:
    run = run_cli("check", path, "--rules", "guizhou", "--format", "json", *options)
    assert run.code in (0, 1), run.err
    return json.loads(run.out)


# -- options ----------------------------------------------------------------------------------


def test_options_override_the_geojson_project_member_with_a_warning_each(run_cli, tmp_path) -> None:
    path = qgis_layer(
        tmp_path / "p.geojson", project={"name": "旧名", "kind": "new", "households": 400, "population": 1280}
    )
    document = checked(
        run_cli,
        path,
        "--name",
        "花果园新苑",
        "--households",
        "450",
        "--population",
        "1400",
        "--kind",
        "existing",
    )
    project = document["project"]
    assert (project["name"], project["kind"], project["households"], project["population"]) == (
        "花果园新苑",
        "existing",
        450,
        1400,
    )
    warnings = document["warnings"]
    assert "project name '旧名' in the file replaced by --name '花果园新苑'" in warnings
    assert "project households 400 in the file replaced by --households 450" in warnings
    assert "project population 1280 in the file replaced by --population 1400" in warnings
    assert "project kind 'new' in the file replaced by --kind existing" in warnings
    options = document["provenance"]["options"]
    assert options["--households"] == 450 and options["--name"] == "花果园新苑"


def test_an_option_equal_to_the_file_says_nothing(run_cli, tmp_path) -> None:
    path = qgis_layer(tmp_path / "p.geojson", project={"name": "N", "kind": "new", "households": 400})
    document = checked(run_cli, path, "--households", "400")
    assert not [w for w in document["warnings"] if "replaced by" in w]


def test_options_override_a_workbook_and_give_what_it_lacks(run_cli, tmp_path) -> None:
    path = workbook(tmp_path / "p.xlsx", project=[["名称", "表中名"]])
    document = checked(run_cli, path, "--name", "新名", "--kind", "new", "--households", "250")
    assert document["project"]["name"] == "新名" and document["project"]["households"] == 250
    assert "project name '表中名' in the file replaced by --name '新名'" in document["warnings"]
    assert any(
        w.startswith("households: the project gives 250, its buildings add up to 200")
        for w in document["warnings"]
    )


def test_without_a_name_anywhere_the_error_says_where_to_give_it(run_cli, tmp_path) -> None:
    path = qgis_layer(tmp_path / "p.geojson")
    run = run_cli("check", path, "--rules", "guizhou", "--kind", "new")
    assert run.code == 2
    assert "project name is required" in run.err and "--name" in run.err and ".project.yaml" in run.err
    document = checked(run_cli, path, "--kind", "new", "--name", "N")
    assert document["project"]["name"] == "N" and document["project"]["households"] == 400


@pytest.mark.parametrize(
    ("option", "value"),
    [
        ("--households", "0"),
        ("--households", "-5"),
        ("--households", "12.5"),
        ("--households", "约300"),
        ("--households", "nan"),
        ("--households", "1e12"),
        ("--population", "0"),
        ("--population", "-1"),
        ("--population", "inf"),
        ("--population", "many"),
        ("--name", "  "),
    ],
)
def test_bad_option_values_are_usage_errors(run_cli, tmp_path, option, value) -> None:
    path = qgis_layer(tmp_path / "p.geojson", project={"name": "N", "kind": "new"})
    run = run_cli("check", path, "--rules", "guizhou", option, value)
    assert run.code == 2
    assert option in run.err and "Traceback" not in run.err + run.out


def test_population_may_be_a_fraction_and_households_have_thousands(run_cli, tmp_path) -> None:
    path = qgis_layer(tmp_path / "p.geojson", project={"name": "N", "kind": "new"})
    document = checked(run_cli, path, "--households", "1,600", "--population", "5120.5")
    assert document["project"]["households"] == 1600 and document["project"]["population"] == 5120.5


def test_the_library_refuses_bad_values_naming_the_option() -> None:
    with pytest.raises(UsageError, match="--households"):
        options_given(households=0)
    with pytest.raises(UsageError, match="--population"):
        options_given(population=float("nan"))
    assert [g.value for g in options_given("N", 12, 30.5)] == ["N", 12, 30.5]


# -- the sidecar ------------------------------------------------------------------------------


def test_sidecar_with_chinese_keys_gives_what_a_qgis_layer_cannot(run_cli, tmp_path) -> None:
    path = qgis_layer(tmp_path / "project.geojson")
    sidecar = tmp_path / "project.project.yaml"
    sidecar.write_text("项目名称: 花果园新苑\n类型: 已建成\n总户数: 420\n居住人口: 1300\n", encoding="utf-8")
    document = checked(run_cli, path)
    project = document["project"]
    assert (project["name"], project["kind"], project["households"], project["population"]) == (
        "花果园新苑",
        "existing",
        420,
        1300,
    )
    assert not [w for w in document["warnings"] if "replaced by" in w]  # nothing in the file to replace
    inputs = {entry["role"]: entry for entry in document["provenance"]["inputs"]}
    assert inputs["sidecar"]["path"] == str(sidecar)
    assert inputs["sidecar"]["sha256"] == hashlib.sha256(sidecar.read_bytes()).hexdigest()
    assert inputs["sidecar"]["size"] == sidecar.stat().st_size


def test_sidecar_other_aliases_and_json(run_cli, tmp_path) -> None:
    path = qgis_layer(tmp_path / "p.geojson")
    (tmp_path / "p.project.json").write_text(
        json.dumps({"名称": "J", "项目类型": "新建", "户数": 410, "人口": 1312}, ensure_ascii=False),
        encoding="utf-8",
    )
    project = checked(run_cli, path)["project"]
    assert (project["name"], project["kind"], project["households"], project["population"]) == (
        "J",
        "new",
        410,
        1312,
    )


def test_sidecar_overrides_the_file_and_options_override_the_sidecar(run_cli, tmp_path) -> None:
    path = qgis_layer(tmp_path / "p.geojson", project={"name": "文件名", "kind": "new", "households": 400})
    (tmp_path / "p.project.yaml").write_text("名称: 附表名\n类型: existing\n户数: 420\n", encoding="utf-8")
    document = checked(run_cli, path, "--households", "430")
    warnings = document["warnings"]
    assert "project name '文件名' in the file replaced by p.project.yaml (名称) '附表名'" in warnings
    assert "project kind 'new' in the file replaced by p.project.yaml (类型) existing" in warnings
    assert "project households 400 in the file replaced by p.project.yaml (户数) 420" in warnings
    assert "project households 420 in p.project.yaml (户数) replaced by --households 430" in warnings
    assert document["project"]["households"] == 430 and document["project"]["kind"] == "existing"


def test_sidecar_of_a_workbook(run_cli, tmp_path) -> None:
    path = workbook(tmp_path / "p.xlsx", project=[["name", "x"]])
    (tmp_path / "p.project.yaml").write_text("kind: existing\n", encoding="utf-8")
    assert checked(run_cli, path)["project"]["kind"] == "existing"


def test_output_never_replaces_the_sidecar(run_cli, tmp_path) -> None:
    path = qgis_layer(tmp_path / "p.geojson", project={"name": "N", "kind": "new"})
    sidecar = tmp_path / "p.project.json"
    sidecar.write_text('{"households": 400}', encoding="utf-8")
    run = run_cli("check", path, "--rules", "guizhou", "--format", "json", "-o", sidecar)
    assert run.code == 2 and sidecar.read_text(encoding="utf-8") == '{"households": 400}'


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("户数: 约300\n", ["户数", "whole number"]),
        ("名称: A\n户数: 0.5\n", ["户数", "fraction"]),
        ("人口: -3\n", ["人口", "negative"]),
        ("类型: 拆迁\n", ["类型", "project kind"]),
        ("名称: A\n项目名称: B\n", ["项目名称", "given twice", "名称"]),
        ("名称: A\n名称: B\n", ["名称", "given twice"]),
        ("楼栋数: 12\n", ["楼栋数", "unknown key", "户数"]),
        ("坐标系: EPSG:4547\n", ["坐标系", "the CRS is the project file's own"]),
        ("户数: [1, 2]\n", ["户数", "one value"]),
        ("人口（万人）: 1.2\n", ["人口（万人）", "万人"]),
        ("户数: 300\n  bad: [\n", ["not valid YAML"]),
        ("- 名称\n- 户数\n", ["expected a mapping"]),
        ("", ["empty"]),
    ],
)
def test_sidecar_errors_name_the_file_and_key(run_cli, tmp_path, text, said) -> None:
    path = qgis_layer(tmp_path / "p.geojson", project={"name": "N", "kind": "new"})
    (tmp_path / "p.project.yaml").write_text(text, encoding="utf-8")
    run = run_cli("check", path, "--rules", "guizhou")
    assert run.code == 2
    assert "p.project.yaml" in run.err and "Traceback" not in run.err + run.out
    for words in said:
        assert words in run.err, run.err


def test_two_sidecars_and_an_oversized_one_are_refused(run_cli, tmp_path) -> None:
    path = qgis_layer(tmp_path / "p.geojson", project={"name": "N", "kind": "new"})
    (tmp_path / "p.project.yaml").write_text("户数: 400\n", encoding="utf-8")
    (tmp_path / "p.project.json").write_text('{"户数": 410}', encoding="utf-8")
    run = run_cli("check", path, "--rules", "guizhou")
    assert run.code == 2 and "p.project.yaml" in run.err and "p.project.json" in run.err
    (tmp_path / "p.project.json").unlink()
    (tmp_path / "p.project.yaml").write_text("名称: " + "长" * 600_000 + "\n", encoding="utf-8")
    run = run_cli("check", path, "--rules", "guizhou")
    assert run.code == 2 and "p.project.yaml" in run.err and "over the limit" in run.err


def test_sidecar_not_utf8(run_cli, tmp_path) -> None:
    path = qgis_layer(tmp_path / "p.geojson", project={"name": "N", "kind": "new"})
    (tmp_path / "p.project.yaml").write_bytes("名称: 花果园\n".encode("gbk"))
    run = run_cli("check", path, "--rules", "guizhou")
    assert run.code == 2 and "p.project.yaml" in run.err and "UTF-8" in run.err


# -- empty attributes -------------------------------------------------------------------------


def test_empty_attributes_are_said_once_per_attribute(run_cli, tmp_path) -> None:
    path = qgis_layer(tmp_path / "p.geojson", buildings=12, project={"name": "N", "kind": "new"}, fid=None)
    warnings = checked(run_cli, path)["warnings"]
    assert "category empty in 12 features (buildings b1, b2, b3 …): ignored" in warnings
    assert "places empty in 12 features (buildings b1, b2, b3 …): ignored" in warnings
    assert "fid empty in 12 features (buildings b1, b2, b3 …): ignored" in warnings
    assert "households empty in 1 feature (facility e1): ignored" in warnings
    assert not [w for w in warnings if w.startswith("features[")]
    assert sum("category" in w for w in warnings) == 1


def test_unknown_properties_with_values_are_said_once_too(run_cli, tmp_path) -> None:
    path = qgis_layer(tmp_path / "p.geojson", buildings=5, project={"name": "N", "kind": "new"}, 备注="见图")
    warnings = checked(run_cli, path)["warnings"]
    assert "备注: unknown property ignored in 5 features (buildings b1, b2, b3 …)" in warnings
    path = geojson(
        tmp_path / "one.geojson",
        [
            feature("building", LON, LAT, id="b1", households=100, 备注="x"),
            feature("facility", LON, LAT, category="eldercare", area_m2=400),
        ],
    )
    assert "features[0].properties.备注: unknown property ignored" in checked(run_cli, path)["warnings"]


def test_every_project_field_has_a_chinese_name() -> None:
    for field in PROJECT_FIELDS:
        assert any("\u4e00" <= char <= "\u9fff" for word in field.headers for char in word), field.name
    words = {word for field in PROJECT_FIELDS for word in field.headers}
    assert {"名称", "项目名称", "类型", "项目类型", "户数", "总户数", "人口", "居住人口"} <= words


def test_a_layer_says_building_or_facility_in_a_chinese_column(tmp_path, run_cli):
    """A QGIS layer with a column 要素类型 (楼栋/设施) instead of kind is read the same."""
    import json as _json

    from conftest import SAMPLES

    document = _json.loads((SAMPLES / "quanzhou_riverside.geojson").read_text(encoding="utf-8"))
    for item in document["features"]:
        properties = item["properties"]
        properties["要素类型"] = {"building": "楼栋", "facility": "设施"}[properties.pop("kind")]
    chinese = tmp_path / "p.geojson"
    chinese.write_text(_json.dumps(document, ensure_ascii=False), encoding="utf-8")
    english = run_cli(
        "check", SAMPLES / "quanzhou_riverside.geojson", "--rules", "quanzhou", "--format", "json"
    )
    read = run_cli("check", chinese, "--rules", "quanzhou", "--format", "json")
    assert read.code == english.code
    assert _json.loads(read.out)["inputs"] == _json.loads(english.out)["inputs"]
