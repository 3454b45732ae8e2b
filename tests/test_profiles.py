"""Profile loading: extends, overrides, validation that names file and key path."""

from __future__ import annotations

import re
import textwrap

import pytest

from laoxiao_check.model.errors import ProfileError
from laoxiao_check.rules.profiles import bundled_ids, load_profile

CHILD = """
name: {zh: 测试市, en: Test city}
extends: quanzhou
documents:
  test2024: {title: 测试市配建办法, number: 测政〔2024〕1号}
rules:
  eldercare.floor_area.new:
    rate_m2_per_100_households: 35
    citation: {document: test2024, clause: 第三条}
"""


def write(tmp_path, text: str, name: str = "city.yaml"):
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_bundled_profiles() -> None:
    from conftest import ROOT

    assert bundled_ids() == sorted(p.stem for p in (ROOT / "rules").glob("*.yaml"))
    assert {"baseline", "quanzhou"} <= set(bundled_ids())
    for profile_id in bundled_ids():
        profile = load_profile(profile_id)
        assert profile.name["zh"] and profile.name["en"]
        assert profile.chain[-1] == "baseline"


def test_user_profile_extends_a_bundled_one_and_overrides_rule_by_rule(tmp_path) -> None:
    profile = load_profile(str(write(tmp_path, CHILD)))
    assert profile.id == "city" and profile.chain == ("city", "quanzhou", "baseline")
    rules = {r.id: r for r in profile.rules}
    assert rules["eldercare.floor_area.new"].params["rate_m2_per_100_households"] == 35
    assert rules["eldercare.floor_area.new"].source == "city"
    assert rules["eldercare.floor_area.new"].citation.number == "测政〔2024〕1号"
    assert rules["eldercare.floor_area.new"].name["zh"]  # inherited
    assert rules["eldercare.site_area.new"].source == "quanzhou"
    assert profile.persons_per_household_source == "baseline"


def test_null_removes_a_parents_rule(tmp_path) -> None:
    path = write(tmp_path, CHILD + "  eldercare.site_area.new: null\n")
    assert "eldercare.site_area.new" not in {r.id for r in load_profile(str(path)).rules}


BAD = [
    (
        "misspelled rule key",
        CHILD.replace("rate_m2_per_100_households: 35", "rate_m2_per_100_household: 35"),
        [
            "rules.eldercare.floor_area.new.rate_m2_per_100_household",
            "did you mean 'rate_m2_per_100_households'",
        ],
    ),
    (
        "misspelled top key",
        CHILD.replace("documents:", "document:"),
        ["document: unknown key", "did you mean 'documents'"],
    ),
    (
        "unknown rule kind",
        CHILD + "  x.y:\n    kind: floor_space\n",
        ["rules.x.y.kind", "floor_area_per_households", "places_per_population"],
    ),
    (
        "figure changed without citation",
        CHILD.replace("    citation: {document: test2024, clause: 第三条}\n", ""),
        ["rules.eldercare.floor_area.new.citation", "changes a figure"],
    ),
    (
        "citation to an unknown document",
        CHILD.replace("document: test2024", "document: test2025"),
        ["rules.eldercare.floor_area.new.citation.document", "test2024", "'test2025'"],
    ),
    (
        "negative figure",
        CHILD.replace("35", "-35"),
        ["rules.eldercare.floor_area.new.rate_m2_per_100_households", "greater than 0", "-35"],
    ),
    (
        "new rule missing fields",
        CHILD + "  childcare.extra:\n    kind: places_per_population\n",
        [
            "rules.childcare.extra.category",
            "rules.childcare.extra.project_kind",
            "rules.childcare.extra.rate_places_per_1000",
            "rules.childcare.extra.citation",
        ],
    ),
    (
        "unknown parent",
        CHILD.replace("extends: quanzhou", "extends: quanzou"),
        ["extends", "unknown rule profile 'quanzou'", "quanzhou"],
    ),
    ("key given twice", CHILD + "extends: national\n", ["given twice"]),
    (
        "names in one language",
        CHILD.replace("{zh: 测试市, en: Test city}", "测试市"),
        ["name", "both languages"],
    ),
    ("not yaml", "name: [unclosed\n", ["line", "not valid YAML"]),
]


@pytest.mark.parametrize(("what", "text", "expected"), BAD, ids=[b[0] for b in BAD])
def test_bad_profile_names_file_and_key(tmp_path, run_cli, what, text, expected) -> None:
    path = write(tmp_path, text)
    with pytest.raises(ProfileError) as error:
        load_profile(str(path))
    message = str(error.value)
    assert "city.yaml" in message
    for part in expected:
        assert part in message, (part, message)
    run = run_cli("rules", "validate", path)
    assert run.code == 2 and "Traceback" not in run.err


def test_extends_cycle(tmp_path) -> None:
    write(tmp_path, "name: {zh: a, en: a}\nextends: b.yaml\n", "a.yaml")
    write(tmp_path, "name: {zh: b, en: b}\nextends: a.yaml\n", "b.yaml")
    with pytest.raises(ProfileError, match="circle"):
        load_profile(str(tmp_path / "a.yaml"))


def test_unknown_profile_id_lists_the_bundled_ones(run_cli) -> None:
    from conftest import SAMPLES

    run = run_cli("check", SAMPLES / "quanzhou_new_estate.xlsx", "--rules", "quanzou")
    assert run.code == 2
    assert "unknown rule profile 'quanzou'" in run.err
    assert ", ".join(bundled_ids()) in run.err


def test_rules_commands(run_cli, tmp_path) -> None:
    listed = run_cli("rules", "list")
    assert listed.code == 0 and "quanzhou" in listed.out and "泉州市" in listed.out
    shown = run_cli("rules", "show", "yuxi", "--lang", "en")
    assert shown.code == 0
    assert "eldercare.floor_area.existing" in shown.out and "baseline" in shown.out
    assert "≥ 300 m²" in shown.out and "coverage" in shown.out
    valid = run_cli("rules", "validate", write(tmp_path, CHILD))
    assert valid.code == 0 and "valid profile 'city'" in valid.out
    missing = run_cli("rules", "validate", tmp_path / "nope.yaml")
    assert missing.code == 2 and "file not found" in missing.err


def test_the_baseline_claims_no_national_document_and_national_is_its_old_name() -> None:
    profile = load_profile("national")  # the former id still resolves
    assert profile.id == "baseline"
    assert "not a national document" in profile.name["en"] and "非国家文件" in profile.name["zh"]
    assert "Guangdong" in profile.documents["national_baseline"].note
    assert "not a census figure" in profile.persons_per_household_note


WHOLE = "a whole number greater than 0"
WORDS = "a list of words (e.g. [日间照料, 日照中心])"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (1, None),
        (300, None),
        (0, WHOLE),
        (-1, WHOLE),
        (2.5, WHOLE),
        (2.0, WHOLE),
        (True, WHOLE),
        ("3", WHOLE),
    ],
)
def test_a_count_parameter_is_a_whole_number_above_zero(value, expected) -> None:
    """min_places, min_count: 1 is the least; a float, a bool or text is refused, saying what is wanted."""
    from laoxiao_check.rules.base import positive_whole_number

    assert positive_whole_number(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (["日间照料"], None),
        (["日间照料", "日照中心"], None),
        ([], WORDS),
        ("日间照料", WORDS),
        ([""], WORDS),
        (["  "], WORDS),
        (["日间照料", ""], WORDS),
        ([1], WORDS),
        (None, WORDS),
    ],
)
def test_service_words_are_a_list_of_words(value, expected) -> None:
    from laoxiao_check.rules.kinds.community_share import _words

    assert _words(value) == expected


ASKS = "what the text asks, in both languages: {zh: 补足…, en: make up gaps…}"
STOREY = "a storey as a whole number (1 = ground floor, -1 = first below ground; no 0)"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ({"zh": "补足", "en": "make up gaps"}, None),
        ({"zh": "补足"}, ASKS),
        ({"zh": "补足", "en": " "}, ASKS),
        ({"zh": "", "en": "make up gaps"}, ASKS),
        ({"zh": 1, "en": "make up gaps"}, ASKS),
        ("补足", ASKS),
    ],
)
def test_what_a_text_asks_is_given_in_both_languages(value, expected) -> None:
    from laoxiao_check.rules.kinds.no_figure import asks

    assert asks(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [(1, None), (-1, None), (300, None), (-300, None), (0, STOREY), (301, STOREY), (-301, STOREY),
     (True, STOREY), (2.0, STOREY), ("2", STOREY)],
)  # fmt: skip
def test_a_storey_parameter_is_a_whole_number_without_zero(value, expected) -> None:
    from laoxiao_check.rules.kinds.placement import whole_number

    assert whole_number(value) == expected


SHARE = "a share between 0 and 1 (1 = every household)"
POSITIVE = "a finite number greater than 0 (at most 1,000,000,000)"
WORD_LIST = "a list of words, e.g. [办公, 厨房]"
TRUE_OR_FALSE = "true or false"
LEVEL = "a name such as 15min"


@pytest.mark.parametrize(
    ("check", "value", "expected"),
    [
        ("ratio", 0, None), ("ratio", 0.9, None), ("ratio", 1, None), ("ratio", 1.01, SHARE),
        ("ratio", 2, SHARE), ("ratio", -0.1, SHARE), ("ratio", True, SHARE), ("ratio", "0.9", SHARE),
        ("boolean", True, None), ("boolean", False, None), ("boolean", 1, TRUE_OR_FALSE),
        ("boolean", "yes", TRUE_OR_FALSE), ("boolean", None, TRUE_OR_FALSE),
        ("level_name", "15min", None), ("level_name", "", LEVEL), ("level_name", "  ", LEVEL),
        ("level_name", 15, LEVEL), ("level_name", None, LEVEL),
        ("positive_number", 0.5, None), ("positive_number", 1e9, None), ("positive_number", 0, POSITIVE),
        ("positive_number", -1, POSITIVE), ("positive_number", 1e9 + 1, POSITIVE),
        ("positive_number", float("nan"), POSITIVE), ("positive_number", True, POSITIVE),
        ("positive_number", "3", POSITIVE),
        ("word_list", ["办公"], None), ("word_list", ["办公", "kitchen"], None), ("word_list", [], WORD_LIST),
        ("word_list", "办公", WORD_LIST), ("word_list", [""], WORD_LIST),
        ("word_list", ["办公", " "], WORD_LIST),
        ("word_list", [1], WORD_LIST), ("word_list", None, WORD_LIST),
    ],
)  # fmt: skip
def test_a_parameter_says_what_it_wants(check, value, expected) -> None:
    from laoxiao_check.rules import base
    from laoxiao_check.rules.kinds import coverage, storey_limits

    function = {"level_name": coverage.level_name, "word_list": storey_limits.word_list}.get(
        check
    ) or getattr(base, check)
    assert function(value) == expected


NOT_BOTH = [("max_distance_m", "give max_distance_m or minutes with speed_kmh, not both")]
A_DISTANCE = [("max_distance_m", "required: max_distance_m, or minutes with speed_kmh")]
ONE_RATE = [
    ("rate_m2_per_100_households", "give exactly one of rate_m2_per_100_households and rate_places_per_1000")
]


@pytest.mark.parametrize(
    ("kind", "params", "expected"),
    [
        ("coverage", {"max_distance_m": 1000}, []),
        ("coverage", {"minutes": 15, "speed_kmh": 4}, []),
        ("coverage", {"max_distance_m": 1000, "minutes": 15}, NOT_BOTH),
        ("coverage", {"max_distance_m": 1000, "speed_kmh": 4}, NOT_BOTH),
        ("coverage", {"minutes": 15}, A_DISTANCE),
        ("coverage", {"speed_kmh": 4}, A_DISTANCE),
        ("coverage", {}, A_DISTANCE),
        ("phased_delivery", {"rate_m2_per_100_households": 30}, []),
        ("phased_delivery", {"rate_places_per_1000": 10}, []),
        ("phased_delivery", {"rate_m2_per_100_households": 30, "rate_places_per_1000": 10}, ONE_RATE),
        ("phased_delivery", {}, ONE_RATE),
        ("storey_limits", {"below_ground": False}, []),
        ("storey_limits", {"lowest_storey": 2}, []),
        ("storey_limits", {"highest_storey": 3}, []),
        ("storey_limits", {"lowest_storey": 3, "highest_storey": 3}, []),
        (
            "storey_limits",
            {"lowest_storey": 4, "highest_storey": 3},
            [("lowest_storey", "at most highest_storey (3), got 4")],
        ),
        (
            "storey_limits",
            {"except_rooms": ["办公"]},
            [("below_ground", "give below_ground, lowest_storey or highest_storey")],
        ),
        ("storey_limits", {}, [("below_ground", "give below_ground, lowest_storey or highest_storey")]),
    ],
)
def test_parameters_that_go_together(kind, params, expected) -> None:
    """A distance or a walk of minutes at a speed, never both; one rate of phased delivery."""
    from laoxiao_check.rules import RULE_KINDS

    assert RULE_KINDS[kind].check_params(params) == expected


def test_every_bundled_profile_describes_itself_in_both_languages() -> None:
    for profile_id in bundled_ids():
        description = load_profile(profile_id).description
        assert description.get("zh") and description.get("en"), profile_id
        assert not re.search(r"[A-Za-z]{4,} [a-z]{3,}", description["zh"]), (profile_id, description["zh"])


def test_a_description_is_text_or_both_languages(tmp_path) -> None:
    english = tmp_path / "a.yaml"
    english.write_text(
        "id: a\nname: {zh: 甲, en: A}\nextends: baseline\ndescription: just English\n", "utf-8"
    )
    assert load_profile(str(english)).description == {"en": "just English"}
    half = tmp_path / "b.yaml"
    half.write_text("id: b\nname: {zh: 乙, en: B}\nextends: baseline\ndescription: {zh: 只有中文}\n", "utf-8")
    with pytest.raises(ProfileError, match="description"):
        load_profile(str(half))


def test_rules_show_in_chinese_words_its_table(run_cli, monkeypatch) -> None:
    monkeypatch.setenv("COLUMNS", "150")  # a table from 120 columns on (tests/test_wording.py: stacked)
    result = run_cli("rules", "show", "guizhou", "--lang", "zh")
    assert result.code == 0
    for word in (
        "继承",
        "户均人口",
        "编号",
        "条款",
        "适用",
        "约束性",
        "核实情况",
        "仅见二手来源",
        "人口不少于",
    ):
        assert word in result.out, word
    for english in ("persons per household", "applies to", "text seen", "extends", "secondary source"):
        assert english not in result.out, english
