"""The message catalogue: every help text and every ``Said`` message has its Chinese, with the
same ``{names}``; the catalogue's file reads back as written; help pages in Chinese show no
English text but what stays as typed (option names, metavariables, codes)."""

from __future__ import annotations

import pickle
import re
import string
import sys
from pathlib import Path

import pytest

from laoxiao_check.model.messages import LOCALE_DIR, Said, catalogue, po_entry, read_po, say

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
from update_catalogue import wanted  # noqa: E402


def _names(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_every_help_text_and_message_has_its_chinese():
    missing = [
        f"{where}: {msgid[:80]!r}" for msgid, where in wanted().items() if not catalogue("zh").get(msgid)
    ]
    assert not missing, (
        f"{len(missing)} text(s) without Chinese — run `python scripts/update_catalogue.py` and "
        "translate the new entries of laoxiao_check/locale/zh.po:\n" + "\n".join(missing)
    )


def test_translations_keep_the_names_of_their_values():
    wrong = [
        (msgid, msgstr)
        for msgid, msgstr in catalogue("zh").items()
        if _names(msgid) != _names(msgstr) or msgid.count("\b") != msgstr.count("\b")
    ]
    assert not wrong, wrong[:5]


def test_the_catalogue_lists_only_texts_in_use():
    stale = set(read_po((LOCALE_DIR / "zh.po").read_text(encoding="utf-8"))) - set(wanted())
    assert not stale, (
        f"entries no longer in the source (run scripts/update_catalogue.py): {sorted(stale)[:5]}"
    )


@pytest.mark.parametrize(
    "text",
    [
        "plain",
        'a "quoted" word',
        "back\\slash",
        "two\nlines\n",
        "\b\nkept as is\n",
        "tab\there",
        "中文 {n} 个",
    ],
)
def test_po_entries_read_back_as_written(text):
    assert read_po(po_entry(text, text + "!")) == {text: text + "!"}


def test_a_broken_po_line_is_named():
    with pytest.raises(ValueError, match="line 2"):
        read_po('msgid "a"\nmsgstr b\n')


def test_said_is_its_english_and_says_its_chinese(monkeypatch):
    monkeypatch.setitem(catalogue("zh"), "{count} rooms without an area", "{count} 处用房无面积")
    said = Said("{count} rooms without an area", count=3)
    assert said == "3 rooms without an area" and isinstance(said, str)
    assert say(said, "zh") == "3 处用房无面积" and say(said, "en") == said
    assert say(Said("not in the catalogue {x}", x=1), "zh") == "not in the catalogue 1"
    again = pickle.loads(pickle.dumps(said))
    assert again == said and again.values == {"count": 3} and say(again, "zh") == "3 处用房无面积"


def test_a_translation_naming_a_missing_value_falls_back_to_english(monkeypatch):
    monkeypatch.setitem(catalogue("zh"), "{a} only", "{b} 而已")
    assert say(Said("{a} only", a=1), "zh") == "1 only"


KEPT = re.compile(
    r"--?[a-z][a-z0-9-]*|\b[A-Z][A-Z0-9_]+\b|\.[a-z]{2,7}\b"
    r"|\b(?:laoxiao-check|GB|JGJ|WGS84|GCJ-02|BD-09|pip install)\b"
    r"|\b(?:json|xlsx|html|pdf|geojson|gpkg|parquet|table|csv|new|existing|zh|en|wgs84|gcj02|bd09|"
    r"network|straight_line|coverage|capacity|childcare|eldercare|markdown|yaml|text|city|district|community)\b"
)


@pytest.mark.parametrize("command", [[], ["check"], ["audit"], ["plan"], ["rules"], ["template"], ["fields"]])
def test_help_in_chinese_has_no_english_sentence(run_cli, command):
    result = run_cli("--lang", "zh", *command, "--help")
    assert result.code == 0, result.err
    assert "用法" in result.out and "Options" not in result.out and "Usage" not in result.out
    english = [
        line
        for line in result.out.splitlines()
        if "laoxiao-check" not in line
        and "`" not in line  # an example or a command as typed
        and re.search(r"[A-Za-z]{3,}\s+[a-z]{3,}", KEPT.sub(" ", line))
    ]
    assert not english, "\n".join(english[:10])


def test_chinese_help_is_wrapped_by_screen_cells(run_cli, monkeypatch):
    from rich.cells import cell_len

    monkeypatch.setenv("COLUMNS", "80")
    result = run_cli("--lang", "zh", "check", "--help")
    lines = [line for line in result.out.splitlines() if "laoxiao-check" not in line]  # an example as typed
    too_wide = [line for line in lines if cell_len(line) > 80 and " " in line.strip()]
    assert not too_wide, too_wide[:3]  # (an unbreakable option list may run over, as click's own)


def test_a_chinese_line_breaks_between_characters_never_before_a_closing_mark_or_after_an_opening_one():
    from laoxiao_check.cli.help import cells, cjk_wrap

    text = (
        "输出格式；默认：按 --output 文件的后缀确定（.geojson、.gpkg、.html、.json、.pdf、.xlsx；"
        ".txt 或无后缀：table）。"
    )
    for width in range(12, 60):
        lines = cjk_wrap(text, width).splitlines()
        assert "".join(lines).replace(" ", "") == text.replace(" ", "")
        for line in lines:
            assert cells(line) <= width + 4 or " " not in line, (width, line)  # "）。" may hang
            assert line[:1] not in "，。；）" and line[-1:] != "（", (width, line)
        assert all("--output" in line or "output" not in line for line in lines)  # an option stays whole


def test_errors_in_chinese(run_cli, tmp_path):
    missing = run_cli("--lang", "zh", "check", tmp_path / "无.xlsx", "--rules", "quanzhou")
    assert missing.code == 2 and missing.err.startswith("错误：找不到文件：")
    typo = run_cli("--lang", "zh", "check", tmp_path / "无.xlsx", "--rulez", "quanzhou")
    assert typo.code == 2
    assert (
        "没有选项 '--rulez'" in typo.err and "您是否想输入 '--rules'" in typo.err and "查看帮助" in typo.err
    )
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "id: x\nname: {zh: 甲, en: A}\nextends: baseline\n"
        "rules:\n  eldercare.floor_area.new: {rate_m2_per_100_households: -3}\n",
        encoding="utf-8",
    )
    profile = run_cli("--lang", "zh", "rules", "validate", bad)
    assert profile.code == 2
    assert "rules.eldercare.floor_area.new.rate_m2_per_100_households: 应为大于0的有限数值" in profile.err
    english = run_cli("--lang", "en", "rules", "validate", bad)
    assert "expected a finite number greater than 0" in english.err  # the English as written


def test_a_said_message_survives_the_trip_to_a_dask_worker_and_back():
    from laoxiao_check.model.errors import InputError

    error = InputError(Said("file not found: {path}", path="/x"), "s")
    again = pickle.loads(pickle.dumps(error))
    assert (
        say(again.problems[0].message, "zh")
        == say(error.problems[0].message, "zh")
        != str(error.problems[0].message)
    )


def test_the_field_list_in_chinese(run_cli):
    chinese = run_cli("--lang", "zh", "fields")
    assert chinese.code == 0
    assert "字段" in chinese.out and "也可写作" in chinese.out and "check：工作表 project/项目" in chinese.out
    assert "also read as" not in chinese.out and "required" not in chinese.out
    assert "also read as" in run_cli("--lang", "en", "fields").out
