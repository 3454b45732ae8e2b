"""The check command end to end: exit codes, languages, JSON Schema, atomic output."""

from __future__ import annotations

import json
import os
from importlib import resources

import jsonschema
import pytest
from conftest import SAMPLES

SAMPLE_RUNS = [
    ("quanzhou_new_estate.xlsx", "quanzhou", 0, "pass"),
    ("quanzhou_new_estate_short.xlsx", "quanzhou", 1, "fail"),
    ("yuxi_new_estate.geojson", "yuxi", 0, "pass"),
    ("qidong_existing_estate.xlsx", "qidong", 1, "fail"),
    ("guizhou_community.geojson", "guizhou", 0, "pass"),
    # no binding figure for a Wanzhou existing estate (the community rule binds the community)
    ("wanzhou_old_estate.geojson", "wanzhou", 1, "incomplete"),
]


def schema() -> dict:
    text = resources.files("laoxiao_check").joinpath("schemas/check-result.schema.json").read_text("utf-8")
    return json.loads(text)


@pytest.mark.parametrize(("sample", "rules", "code", "verdict"), SAMPLE_RUNS)
def test_samples_json_matches_schema(run_cli, sample, rules, code, verdict) -> None:
    run = run_cli("check", SAMPLES / sample, "--rules", rules, "--format", "json")
    assert run.code == code
    document = json.loads(run.out)
    jsonschema.validate(document, schema())
    assert document["verdict"] == verdict
    assert document["profile"]["id"] == rules


def test_schema_rejects_a_wrong_document(run_cli) -> None:
    run = run_cli("check", SAMPLES / "yuxi_new_estate.geojson", "--rules", "yuxi", "--format", "json")
    document = json.loads(run.out)
    document["results"][0]["status"] = "ok"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(document, schema())


def test_json_fields(run_cli) -> None:
    run = run_cli(
        "check", SAMPLES / "quanzhou_new_estate_short.xlsx", "--rules", "quanzhou", "--format", "json"
    )
    document = json.loads(run.out)
    assert document["project"] == {
        "name": "海丝名苑",
        "kind": "new",
        "scope": "project",
        "households": 1850,
        "households_source": "project",
        "population": 5920,
        "population_estimated": False,
        "buildings": 10,
        "facilities": 3,
        "source": document["project"]["source"],
    }
    places = next(r for r in document["results"] if r["id"] == "childcare.places.new")
    assert places["required"] == 60 and places["provided"] == 50 and places["shortfall"] == 10
    assert places["unit"] == "places" and places["metric"] == "places"
    assert places["source"] == "quanzhou"
    assert places["citation"]["number"] == "泉政办〔2022〕57号"
    assert places["citation"]["clause"].startswith("二(一)3")


def test_table_in_english_and_chinese(run_cli) -> None:
    sample = SAMPLES / "quanzhou_new_estate_short.xlsx"
    english = run_cli("check", sample, "--rules", "quanzhou", "--lang", "en")
    assert english.code == 1
    assert "FAIL" in english.out and "5 m² short" in english.out and "Shortfall" in english.out
    chinese = run_cli("check", sample, "--rules", "quanzhou", "--lang", "zh")
    assert "不达标" in chinese.out and "缺口" in chinese.out and "结论：不符合约束性配建要求" in chinese.out


def test_language_follows_the_locale(run_cli, monkeypatch) -> None:
    monkeypatch.setenv("LC_ALL", "zh_CN.UTF-8")
    run = run_cli("check", SAMPLES / "quanzhou_new_estate.xlsx", "--rules", "quanzhou")
    assert "达标" in run.out and run.code == 0
    monkeypatch.setenv("LC_ALL", "en_US.UTF-8")
    run = run_cli("check", SAMPLES / "quanzhou_new_estate.xlsx", "--rules", "quanzhou")
    assert "PASS" in run.out


def test_kind_option_changes_the_rules(run_cli) -> None:
    run = run_cli(
        "check",
        SAMPLES / "quanzhou_new_estate_short.xlsx",
        "--rules",
        "quanzhou",
        "--kind",
        "existing",
        "--format",
        "json",
    )
    document = json.loads(run.out)
    assert document["project"]["kind"] == "existing"
    project_rules = [r for r in document["results"] if r["scope"] == "project"]
    assert {r["id"] for r in project_rules if r["metric"] not in ("coverage", "placement")} == {
        "eldercare.floor_area.existing",
        "childcare.places.existing",
    }
    assert any("replaced by --kind existing" in w for w in document["warnings"])


def test_output_is_written_atomically(run_cli, tmp_path) -> None:
    out = tmp_path / "result.json"
    out.write_text("old")
    run = run_cli(
        "check", SAMPLES / "yuxi_new_estate.geojson", "--rules", "yuxi", "--format", "json", "--output", out
    )
    assert run.code == 0 and run.out == ""
    assert json.loads(out.read_text())["verdict"] == "pass"
    assert os.listdir(tmp_path) == ["result.json"]


def test_output_into_a_missing_folder(run_cli, tmp_path) -> None:
    run = run_cli(
        "check",
        SAMPLES / "yuxi_new_estate.geojson",
        "--rules",
        "yuxi",
        "--output",
        tmp_path / "no" / "r.json",
    )
    assert run.code == 2 and "does not exist" in run.err


def test_usage_errors_exit_2(run_cli) -> None:
    run = run_cli("check", SAMPLES / "yuxi_new_estate.geojson")
    assert run.code == 2 and "--rules" in run.err
    run = run_cli("check", SAMPLES / "yuxi_new_estate.geojson", "--rules", "yuxi", "--format", "pdf")
    assert run.code == 2


def test_help_and_version(run_cli) -> None:
    run = run_cli("--help")
    assert run.code == 0 and "check" in run.out and "rules" in run.out and "template" in run.out
    run = run_cli("check", "--help")
    assert run.code == 0 and "Exit codes" in run.out
    assert run_cli("--version").code == 0
