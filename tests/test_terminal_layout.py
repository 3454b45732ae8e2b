"""The terminal report of ``check`` fits its terminal (issue 25, item 2).

Below 120 columns each rule is stacked on a few lines (status and rule; required · provided ·
shortfall; what was found; the clause), no line wider than the terminal, Chinese counted two
cells a character. The project's own rules come first; the rules of wider levels not judged on
one project (Quanzhou's four city targets) are one line, which ``--all`` replaces with the rules.
English says ``1 place`` and ``an eldercare facility``.

Properties, not a stored snapshot: the report's head and data lines are other work's to change,
and a snapshot of the whole text would fail on any of their words.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from helpers import workbook
from rich.cells import cell_len

from laoxiao_check.model.phrasing import a_en, figure, plural_en

SAMPLES = Path(__file__).resolve().parent.parent / "sample_projects"
SHORT = SAMPLES / "quanzhou_new_estate_short.xlsx"

CITY_TARGETS = {
    "en": [
        "≥ 3.2 childcare places per 1,000 residents",
        "≥ 3.9 childcare places per 1,000 residents",
        "≥ 4.5 childcare places per 1,000 residents",
        "≥ 60% of communities with a childcare facility",
    ],
    "zh": [
        "每千人口不少于3.2个",
        "每千人口不少于3.9个",
        "每千人口不少于4.5个",
        "社区托育服务设施覆盖率不低于60%",
    ],
}
FOLDED = {
    "en": "+ 10 district/city rules, not judged on this project: --all lists them",
    "zh": "另有10条区县、城市层面的条款，不针对本项目判定：加 --all 列出",
}
OWN_RULES = {
    "en": [
        "eldercare rooms ≥ 30 m² floor area per 100 households",
        "each eldercare site ≥ 400 m² floor area",
        "≥ 10 childcare places per 1,000 residents",
        "childcare living rooms not below ground",
    ],
    "zh": [
        "养老服务用房每百户建筑面积不少于30平方米",
        "每千人口不少于10个托育托位",
        "托育生活用房不得设在地下",
    ],
}
FLOOR_AREA_RULE = {
    "en": [
        "fail  eldercare rooms ≥ 30 m² floor area per 100 households",
        "  Required 555 m² · Provided 550 m² · Shortfall 5 m²",
        "  5 m² short: 550 of 555 m² (1850 households × 30 m² / 100)",
        "  泉州市“一老一小”整体解决方案（泉政办〔2022〕57号） 二(一)3",
        "  加强统筹科学规划布局 [from quanzhou]",
    ],
    "zh": [
        "不达标  养老服务用房每百户建筑面积不少于30平方米",
        "  应配 555平方米 · 已配 550平方米 · 缺口 5平方米",
    ],
}


@pytest.fixture
def report(run_cli, monkeypatch):
    """The table of the failing Quanzhou sample at ``columns`` (``COLUMNS``, output not a terminal)."""

    def run(lang: str, *extra: str, columns: str | None = "80") -> str:
        if columns is None:
            monkeypatch.delenv("COLUMNS", raising=False)
        else:
            monkeypatch.setenv("COLUMNS", columns)
        done = run_cli("check", SHORT, "--rules", "quanzhou", "--lang", lang, *extra)
        assert done.code == 1, done.err
        return done.out

    return run


def widest(text: str) -> int:
    return max(cell_len(line) for line in text.splitlines())


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("extra", [(), ("--all",)], ids=["folded", "all"])
def test_no_line_wider_than_80_columns(report, lang, extra) -> None:
    text = report(lang, *extra)
    assert widest(text) <= 80, [line for line in text.splitlines() if cell_len(line) > 80]
    assert "│" not in text and "┃" not in text  # stacked, not a squeezed table


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_each_rule_is_stacked_under_its_status(report, lang) -> None:
    lines = report(lang).splitlines()
    first = FLOOR_AREA_RULE[lang][0]
    assert first in lines
    start = lines.index(first)
    assert lines[start : start + len(FLOOR_AREA_RULE[lang])] == FLOOR_AREA_RULE[lang]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_own_rules_listed_and_wider_levels_folded_into_one_line(report, lang) -> None:
    text = report(lang)
    for rule in OWN_RULES[lang]:
        assert rule in text, rule
    for target in CITY_TARGETS[lang]:
        assert target not in text, target
    assert text.count(FOLDED[lang]) == 1
    verdict = "FAIL" if lang == "en" else "结论：不符合约束性配建要求"
    assert text.index(FOLDED[lang]) < text.index(verdict)
    # the counts still count every rule, folded or not
    assert ("targets: 10 n/a" if lang == "en" else "目标: 10 不适用") in text


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_all_lists_the_wider_levels_after_the_projects_own(report, lang) -> None:
    text = report(lang, "--all")
    assert FOLDED[lang] not in text
    last_own = max(text.index(rule) for rule in OWN_RULES[lang])
    for target in CITY_TARGETS[lang]:
        assert text.count(target) == 1, target
        assert text.index(target) > last_own, target
    heading = "Rules set at other levels" if lang == "en" else "其他层面的条款"
    assert last_own < text.index(heading) < min(text.index(t) for t in CITY_TARGETS[lang])


@pytest.mark.parametrize("columns", ["120", "160"])
def test_wide_terminal_keeps_the_table(report, columns) -> None:
    text = report("en", columns=columns)
    assert widest(text) <= int(columns)
    assert "│ fail" in text and "┃ Status" in text
    assert FOLDED["en"] in text and "target 2023: n/a" not in text
    listed = report("en", "--all", columns=columns)
    assert [f"│ target {year}: n/a" in listed for year in (2023, 2024, 2025)] == [True] * 3
    assert listed.index("│ target 2023: n/a") > listed.index("│ pass ")  # after the project's own
    assert FOLDED["en"] not in listed


def test_just_below_120_is_stacked(report) -> None:
    text = report("zh", columns="119")
    assert "│" not in text and widest(text) <= 119
    assert FLOOR_AREA_RULE["zh"][0] in text.splitlines()


def test_output_not_a_terminal_without_columns_is_100_wide(report) -> None:
    text = report("zh", columns=None)
    assert 80 < widest(text) <= 100  # the clause lines fill the 100 columns, no more
    assert "│" not in text


def test_json_is_the_same_with_all(run_cli, monkeypatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    plain = run_cli("check", SHORT, "--rules", "quanzhou", "--format", "json")
    listed = run_cli("check", SHORT, "--rules", "quanzhou", "--format", "json", "--all")
    assert plain.code == listed.code == 1
    first, second = json.loads(plain.out), json.loads(listed.out)
    first.pop("provenance"), second.pop("provenance")
    assert first == second
    assert len(first["results"]) == 20  # JSON lists every rule, the wider levels' too


# -- plurals and articles, at the source ------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "unit", "en", "zh"),
    [
        (1, "places", "1 place", "1个托位"),
        (2, "places", "2 places", "2个托位"),
        (0, "places", "0 places", "0个托位"),
        (1, "rooms", "1 room", "1处"),
        (3, "rooms", "3 rooms", "3处"),
        (1, "facilities", "1 facility", "1处"),
        (1, "communities", "1 community", "1个社区"),
        (1, "households", "1 household", "1户"),
        (1850, "households", "1,850 households", "1,850户"),
        (1.0, "m2", "1 m²", "1平方米"),
        (1.5, "places", "1.5 places", "1.5个托位"),
    ],
)
def test_figures_say_one_in_the_singular(value, unit, en, zh) -> None:
    assert figure(value, unit, "en") == en
    assert figure(value, unit, "zh") == zh


def test_plural_and_article_words() -> None:
    assert [plural_en(n, "place") for n in (0, 1, 2)] == ["places", "place", "places"]
    assert plural_en(1, "facility", "facilities") == "facility"
    assert plural_en(4, "facility", "facilities") == "facilities"
    assert a_en("eldercare facility") == "an eldercare facility"
    assert a_en("childcare facility") == "a childcare facility"


def one_place_short(tmp_path: Path, places: int) -> Path:
    """A Quanzhou project of 1,100 residents (11 places required) with ``places`` nursery places."""
    return workbook(
        tmp_path / "p.xlsx",
        project=[["name", "T"], ["kind", "new"], ["population", 1100]],
        facilities=[
            ["id", "category", "area_m2", "places"],
            ["E1", "eldercare", 500, None],
            ["C1", "childcare", 100, places],
        ],
    )


@pytest.mark.parametrize(
    ("places", "said"), [(10, "1 place short: 10 of 11"), (9, "2 places short: 9 of 11")]
)
def test_places_short_in_the_table_and_the_json(run_cli, monkeypatch, tmp_path, places, said) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    project = one_place_short(tmp_path, places)
    table = run_cli("check", project, "--rules", "quanzhou", "--lang", "en")
    assert said in table.out
    assert not re.search(r"\b1 places\b", table.out)
    document = json.loads(run_cli("check", project, "--rules", "quanzhou", "--format", "json").out)
    rule = next(r for r in document["results"] if r["id"] == "childcare.places.new")
    assert rule["message"].startswith(said)


def test_one_room_and_an_eldercare_facility(report, run_cli) -> None:
    text = report("en")
    assert "the 1 childcare room complies" in text and "Required 1 room ·" in text
    assert "room(s)" not in text and not re.search(r"\b1 (rooms|places)\b", text)
    assert not re.search(r"\ba eldercare\b", text)
    yuxi = run_cli("check", SAMPLES / "yuxi_new_estate.geojson", "--rules", "yuxi", "--format", "json")
    words = json.dumps(json.loads(yuxi.out)["results"], ensure_ascii=False)
    assert "an eldercare facility" in words and not re.search(r"\ba eldercare\b", words)
