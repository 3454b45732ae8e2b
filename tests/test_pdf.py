"""The PDF review sheet (``check --format pdf``), read back as a reviewer's viewer reads it: its
text (``pdftotext``), its fonts (``pdffonts``: the CJK font named and embedded) and its pages.

Skips where WeasyPrint's Pango library, a CJK font or poppler-utils is missing
(``scripts/install-test-browser.sh`` installs them on Debian).
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import SAMPLES, sha256

from laoxiao_check import __version__
from laoxiao_check.report.pdf import check as pdf_check

SHORT = SAMPLES / "quanzhou_new_estate_short.xlsx"


def _weasyprint_loads() -> bool:
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError):
        return False
    return True


needs_pdf = pytest.mark.skipif(
    not (_weasyprint_loads() and pdf_check.installed_cjk_fonts() and shutil.which("pdftotext")),
    reason="WeasyPrint/Pango, a CJK font or poppler-utils missing (scripts/install-test-browser.sh)",
)


def _text(pdf: Path) -> list[str]:
    """The text of each page in reading order, without white space (a cell's text wraps)."""
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True)
    return ["".join(page.split()) for page in text.stdout.split("\f")[:-1]]


def _fonts(pdf: Path) -> list[list[str]]:
    listed = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    return [line.split() for line in listed.splitlines()[2:]]


@pytest.fixture(scope="module")
def short_zh(tmp_path_factory) -> Path:
    from laoxiao_check.cli.main import main

    out = tmp_path_factory.mktemp("pdf") / "review.pdf"
    with pytest.raises(SystemExit) as exit_info:
        main(["check", str(SHORT), "--rules", "quanzhou", "--lang", "zh", "-o", str(out)])
    assert exit_info.value.code == 1  # the sample fails: the sheet is written all the same
    return out


@needs_pdf
def test_the_sheet_states_project_verdict_rules_rooms_and_record(short_zh):
    pages = _text(short_zh)
    whole = "\n".join(pages)
    assert short_zh.read_bytes().startswith(b"%PDF-")
    for expected in (
        "一老一小配建审查表",
        "海丝名苑",
        "不符合约束性配建要求",  # the verdict
        "养老服务用房每百户建筑面积不少于30平方米",  # a rule, with its arithmetic:
        "1850户 × 30平方米 / 100",
        "二(一)3",  # the clause
        "核查的配套用房",  # the rooms checked, each listed
        "养老-1",
        "托育-1",
        "楼栋清单",  # the appendix: buildings, the inputs' hashes, the tool
        "10号楼",
        sha256(SHORT),
        f"laoxiao-check {__version__}",
    ):
        assert "".join(expected.split()) in whole, expected
    # wider-level rules (the city's 2023–2025 targets) are counted, not listed
    assert "另有10条城市、区或社区层面的条款" in whole
    assert "目标2025" not in whole


@needs_pdf
def test_two_pages_then_the_appendix_each_page_numbered(short_zh):
    pages = _text(short_zh)
    assert len(pages) <= 3
    assert "附录—楼栋清单" in pages[-1] and all("附录—楼栋清单" not in page for page in pages[:-1])
    for number, page in enumerate(pages, start=1):
        assert f"第{number}页，共{len(pages)}页" in page


@needs_pdf
def test_the_chinese_font_is_named_and_embedded(short_zh):
    fonts = _fonts(short_zh)
    assert fonts, "no font in the PDF"
    for font in fonts:
        name, embedded = font[0], font[-5]
        assert embedded == "yes", font
        assert "CJK" in name or "Hei" in name or "Han" in name, f"a fallback font was used: {font}"


@needs_pdf
def test_english_sheet(run_cli, tmp_path):
    out = tmp_path / "review.pdf"
    result = run_cli("check", SHORT, "--rules", "quanzhou", "--lang", "en", "-o", out)
    assert result.code == 1
    whole = "\n".join(_text(out))
    assert "Allocationreviewsheet" in whole
    assert "10rule(s)ofwiderlevels" in whole
    assert "Roomschecked" in whole


@needs_pdf
def test_markup_in_a_project_name_is_text_and_nothing_is_fetched(run_cli, tmp_path):
    """A name carrying HTML (an image of a local file) is printed as text; the sheet reads no file."""
    project = json.loads((SAMPLES / "quanzhou_riverside.geojson").read_text(encoding="utf-8"))
    project["project"]["name"] = '<img src="file:///etc/passwd">南岸'
    source = tmp_path / "p.geojson"
    source.write_text(json.dumps(project, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "p.pdf"
    result = run_cli("check", source, "--rules", "quanzhou", "--lang", "zh", "-o", out)
    assert result.code in (0, 1), result.err
    assert '<imgsrc="file:///etc/passwd">南岸' in "".join(_text(out))
    with pytest.raises(ValueError, match="fetches nothing"):
        pdf_check._nothing_fetched("file:///etc/passwd")


def test_no_chinese_font_is_an_error_that_says_what_to_install(run_cli, tmp_path, monkeypatch):
    monkeypatch.setattr(pdf_check, "installed_cjk_fonts", lambda: ("DejaVu Sans",))
    out = tmp_path / "review.pdf"
    result = run_cli("check", SHORT, "--rules", "quanzhou", "--lang", "zh", "-o", out)
    assert result.code == 2
    assert "fonts-noto-cjk" in result.err and "Traceback" not in result.err
    assert not out.exists()


def test_a_pdf_goes_to_a_file(run_cli):
    result = run_cli("check", SHORT, "--rules", "quanzhou", "--format", "pdf")
    assert result.code == 2
    assert "--output" in result.err or "-o" in result.err


def test_the_sheet_lists_the_rooms_in_both_languages():
    """The rooms table's words (the HTML the PDF is laid out from), without WeasyPrint."""
    from laoxiao_check.services.check import check

    result = check(SHORT, "quanzhou")
    for lang, words in (("zh", ("编号", "独立出入口", "电梯")), ("en", ("Id", "Own entrance", "Lift"))):
        sheet = pdf_check.review_sheet(result, lang, "Noto Sans CJK SC")
        assert all(w in sheet for w in words)
        assert sheet.count("<tr>") >= len(result.project.facilities) + len(result.project.buildings)
        assert "http" not in sheet.replace('xmlns="http://www.w3.org/2000/svg"', "")
