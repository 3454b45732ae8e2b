"""`rules draft`: a draft profile read from a policy text.

Phrasings are YAML cases (tests/cases/draft_phrasings.yaml, run everywhere); the five seed texts
(../shared/seeds, absent in CI: skipped) are drafted and compared with the bundled profiles that
cite them; each reader (a saved page, a .docx, a PDF) is proved on a file made here."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, SAMPLES
from hypothesis import given, settings
from hypothesis import strategies as st

from laoxiao_check.model.errors import InputError
from laoxiao_check.rules.draft import draft_rules
from laoxiao_check.rules.draft.numerals import chinese_number, plain
from laoxiao_check.rules.draft.writer import profile_yaml
from laoxiao_check.rules.profiles import bundled_rules_dir, load_profile
from laoxiao_check.services import check as api
from laoxiao_check.services.draft import draft_profile

SEEDS = ROOT.parent / "shared" / "seeds"
CASES = yaml.safe_load((ROOT / "tests" / "cases" / "draft_phrasings.yaml").read_text("utf-8"))

SEED_OF = {
    "yuxi": ("000_7ffbd92e15e79ff3.txt", "yuxi2022"),
    "qidong": ("001_ba1fee79f0b2829f.txt", "qidong2022"),
    "guizhou": ("002_43f383356c749ae5.txt", "guizhou2022"),
    "quanzhou": ("003_6e7fb7740374fc31.txt", "quanzhou2022"),
    "wanzhou": ("004_9b30f4d33a04bd55.txt", "wanzhou2022"),
}
"""Each bundled city profile, the seed text it cites and that text's document id."""
FIGURE_FROM_ELSEWHERE = {("guizhou", "eldercare.phased.new")}
"""Cited to the seed for 四同步, but its rate is the provincial notice's (its note says so)."""
WORDS_OF_THE_PROFILE = {
    ("yuxi", "eldercare.streets.city_2025"),
    ("quanzhou", "eldercare.streets.city_2025"),
    ("wanzhou", "eldercare.streets.city_2023"),
    ("wanzhou", "eldercare.streets.city_2025"),
}
"""Service words the profile adds to those its sentence names (综合性养老服务中心 beside the text's
区域性养老服务中心; 区域养老服务中心, 照料中心 or 养老服务中心 beside 具备综合功能的养老服务机构):
the profile's judgement, not the text's words. The draft's words must be among the profile's."""
SAMPLES_OF = {
    "quanzhou": ["quanzhou_new_estate.xlsx", "quanzhou_new_estate_short.xlsx"],
    "yuxi": ["yuxi_new_estate.geojson"],
    "qidong": ["qidong_existing_estate.xlsx", "qidong_phased_estate.xlsx", "qidong_handed_over_estate.xlsx"],
    "guizhou": ["guizhou_community.geojson", "guizhou_new_estate.geojson"],
    "wanzhou": ["wanzhou_old_estate.geojson"],
}
needs_seeds = pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds is absent")


# --- phrasings: inline texts, run everywhere -------------------------------------------------


@pytest.mark.parametrize("case", CASES, ids=[case["name"] for case in CASES])
def test_phrasing(case: dict) -> None:
    draft = draft_rules(case["text"])
    drafted = {rule.id: rule for rule in draft.rules}
    assert set(drafted) >= set(case["rules"]), [rule.id for rule in draft.rules]
    for rule_id, expected in case["rules"].items():
        figure = drafted[rule_id].figure
        held = {
            **figure.params,
            **figure.applies_when,
            "binding": figure.binding,
            "target_year": figure.target_year,
            "scope": figure.scope,
            "clause": drafted[rule_id].clause,
        }
        for key, value in expected.items():
            if key == "clause":
                assert value in held["clause"], (rule_id, held["clause"])
            else:
                assert held[key] == value, (rule_id, key, held)
    if not case["rules"]:
        assert not draft.rules, [rule.id for rule in draft.rules]
    unsure = [item.figure for item in draft.unsure]
    for figure in case.get("unsure", []):
        assert any(figure in said for said in unsure), unsure


@pytest.mark.parametrize(
    ("said", "value"),
    [
        ("三十", 30),
        ("三百五十", 350),
        ("两千", 2000),
        ("零点二", 0.2),
        ("二万", 20000),
        ("十五", 15),
        ("一老一小", None),
    ],
)
def test_chinese_numerals(said: str, value: float | None) -> None:
    assert chinese_number(said) == value


def test_plain_numbers() -> None:
    assert plain("每百户不少于３０㎡，百分之六十，2万人以上") == "每百户不少于30平方米,60%,20000人以上"


def test_nothing_found_is_exit_2(tmp_path: Path, run_cli) -> None:
    policy = tmp_path / "notice.txt"
    policy.write_text("本方案自发布之日起施行。\n", encoding="utf-8")
    with pytest.raises(InputError, match="no checkable figure"):
        draft_profile(policy, profile_id="none-found")
    result = run_cli("rules", "draft", policy, "--id", "none-found")
    assert result.code == 2
    assert "no checkable figure" in result.err


def test_a_bundled_id_is_refused(tmp_path: Path, run_cli) -> None:
    policy = tmp_path / "quanzhou.txt"
    policy.write_text("新建住宅区按每百户不少于30平方米配建养老服务用房。\n", encoding="utf-8")
    result = run_cli("rules", "draft", policy)
    assert result.code == 2
    assert "bundled profile" in result.err


def test_draft_validates_shows_and_explains(tmp_path: Path, run_cli) -> None:
    policy = tmp_path / "moushi.txt"
    policy.write_text(
        "某市“一老一小”整体解决方案\n二、重点任务\n(一)设施建设\n"
        "3.加强统筹科学规划布局。新建城区和住宅小区按照每百户不少于30平方米建筑面积，"
        "且单处用房面积不得少于400平方米标准配建社区养老服务设施。到2025年，普惠性托位占比达到60%，"
        "普惠性养老机构床位占比达到80%。\n",
        encoding="utf-8",
    )
    out = tmp_path / "moushi.yaml"
    drafted = run_cli("rules", "draft", policy, "-o", out, "--explain")
    assert drafted.code == 0, drafted.err
    assert "二(一)3 加强统筹科学规划布局" in drafted.out
    assert "「新建城区和住宅小区按照每百户不少于30平方米" in drafted.out
    text = out.read_text("utf-8")
    assert text.count("    review: needed") == 3  # the floor area, the site (no 四同步: no phased rule) and
    assert "childcare.inclusive.city_2025:" in text  # the inclusive share of places; that of beds,
    assert "# - 二(一)3" in text and "普惠性养老机构床位" in text  # which no kind checks, left as a comment
    validated = run_cli("rules", "validate", out)
    assert validated.code == 0, validated.err
    shown = run_cli("rules", "show", out)
    assert shown.code == 0 and "eldercare.site_area.new" in shown.out


def test_review_mark_is_validated(tmp_path: Path, run_cli) -> None:
    profile = tmp_path / "moushi.yaml"
    body = (bundled_rules_dir() / "quanzhou.yaml").read_text("utf-8").replace("id: quanzhou", "id: moushi")
    profile.write_text(
        body.replace(
            "    rate_m2_per_100_households: 30\n",
            "    rate_m2_per_100_households: 30\n    review: maybe\n",
            1,
        ),
        "utf-8",
    )
    result = run_cli("rules", "validate", profile)
    assert result.code == 2
    assert "review" in result.err and "needed" in result.err


# --- the readers: a saved page, a .docx, a PDF --------------------------------------------

POLICY_HTML = """<!DOCTYPE html><html><head><title>某市</title>
<script>var x = "每百户不少于99平方米";</script></head>
<body><div class="nav">首页 &gt; 政策文件</div>
<div class="article"><p>某市“一老一小”整体解决方案</p><p>二、重点任务</p><p>（一）设施建设</p>
<p>3.加强规划。新建住宅小区按每百户不少于<span>30</span>平方米的标准配建养老服务用房，
每千人口不少于10个托位。</p>
<table><tr><td>序号</td><td>指标</td><td>2020年基值</td><td>2025年目标值</td></tr>
<tr><td>1</td><td>每千人口托位数（个）</td><td>1.2</td><td>4.5</td></tr></table></div></body></html>"""


def _assert_reader_draft(policy: Path) -> None:
    started = time.perf_counter()
    drafted = draft_profile(policy, profile_id="moushi")
    assert time.perf_counter() - started < 5
    rules = {rule.id: rule.figure for rule in drafted.draft.rules}
    assert rules["eldercare.floor_area.new"].params["rate_m2_per_100_households"] == 30
    assert rules["childcare.places.new"].params["rate_places_per_1000"] == 10
    assert rules["childcare.places.city_2025"].target_year == 2025
    assert "99" not in drafted.yaml_text  # a page's script is not its text
    assert "eldercare.floor_area.new" in [rule.id for rule in drafted.profile.rules]


def test_reads_a_saved_web_page(tmp_path: Path) -> None:
    pytest.importorskip("bs4")
    policy = tmp_path / "moushi.html"
    policy.write_text(POLICY_HTML, encoding="utf-8")
    _assert_reader_draft(policy)


def test_reads_a_docx(tmp_path: Path) -> None:
    docx = pytest.importorskip("docx")
    document = docx.Document()
    for line in ("某市“一老一小”整体解决方案", "二、重点任务", "（一）设施建设"):
        document.add_paragraph(line)
    document.add_paragraph(
        "3.加强规划。新建住宅小区按每百户不少于30平方米的标准配建养老服务用房，每千人口不少于10个托位。"
    )
    table = document.add_table(rows=2, cols=4)
    for row, cells in zip(
        table.rows,
        (("序号", "指标", "2020年基值", "2025年目标值"), ("1", "每千人口托位数（个）", "1.2", "4.5")),
        strict=True,
    ):
        for cell, text in zip(row.cells, cells, strict=True):
            cell.text = text
    policy = tmp_path / "moushi.docx"
    document.save(str(policy))
    _assert_reader_draft(policy)


def test_reads_a_pdf_text_layer(tmp_path: Path) -> None:
    pytest.importorskip("pypdf")
    weasyprint = pytest.importorskip("weasyprint")
    import shutil
    import subprocess

    if (
        not shutil.which("fc-list")
        or not subprocess.run(
            ["fc-list", ":lang=zh"], capture_output=True, text=True, check=False
        ).stdout.strip()
    ):
        pytest.skip("no CJK font to write the PDF with")
    policy = tmp_path / "moushi.pdf"
    page = POLICY_HTML.replace(
        "<head>", "<head><style>body{font-family:'Noto Sans CJK SC','Noto Serif CJK SC',sans-serif}</style>"
    )
    weasyprint.HTML(string=page).write_pdf(str(policy))
    _assert_reader_draft(policy)


def test_a_scanned_pdf_is_an_input_error(tmp_path: Path) -> None:
    pypdf = pytest.importorskip("pypdf")
    writer = pypdf.PdfWriter()
    writer.add_blank_page(width=200, height=200)
    policy = tmp_path / "scan.pdf"
    with policy.open("wb") as handle:
        writer.write(handle)
    with pytest.raises(InputError, match="no text"):
        draft_profile(policy, profile_id="scan")


# --- the seed texts against the bundled profiles -----------------------------------------


def _paths(clause: str) -> set[str]:
    """The heading paths (and table items) a clause cites: ``二(一)3``, ``(六)``, ``第32项``."""
    found: set[str] = set()
    for part in re.split(r"[；;]", clause):
        part = part.strip().replace("（", "(").replace("）", ")")
        top = re.match(r"([一二三四五六七八九十]+)(?:、|(?=\())", part)
        # (四)2, or (四)整体目标 1: the item after the heading's title
        second = re.search(
            r"\(([一二三四五六七八九十]+)\)(?:[^\d\s；;()]{0,12}\s+)?(\d{1,2}(?![\d年.,，]))?", part
        )
        item = second.group(2) or "" if second else ""
        path = (top.group(1) if top else "") + (f"({second.group(1)}){item}" if second else "")
        if path:
            found.add(path)
        item = re.search(r"(?:主要指标\s*|第)(\d+)项?", part)
        if item:
            found.add(f"第{item.group(1)}项")
    return found


def _same_clause(bundled: str, drafted: str) -> bool:
    drafted_paths = _paths(drafted)
    return any(any(path.endswith(cited) for path in drafted_paths) for cited in _paths(bundled))


def _cited_rules(city: str) -> list:
    """The bundled profile's rules whose figure its seed text states."""
    _, document = SEED_OF[city]
    raw = yaml.safe_load((bundled_rules_dir() / f"{city}.yaml").read_text("utf-8"))["rules"]
    profile = load_profile(city)
    cited = []
    for rule in profile.rules:
        body = raw.get(rule.id) or {}
        if (body.get("citation") or {}).get("document") != document or rule.kind == "no_figure":
            continue
        if (city, rule.id) in FIGURE_FROM_ELSEWHERE:
            continue
        cited.append(rule)
    return cited


def _match(bundled, drafted_rules, city: str = ""):
    loose = (city, bundled.id) in WORDS_OF_THE_PROFILE
    params = {key: value for key, value in bundled.params.items() if not (loose and key == "service_words")}
    for rule in drafted_rules:
        if loose and not set(rule.params.get("service_words") or ["-"]) <= set(
            bundled.params["service_words"]
        ):
            continue
        if (
            rule.kind == bundled.kind
            and rule.category == bundled.category
            and set(rule.project_kinds) == set(bundled.project_kinds)
            and rule.scope == bundled.scope
            and rule.target_year == bundled.target_year
            and rule.binding == bundled.binding
            and rule.applies_when == bundled.applies_when
            and all(rule.params.get(key) == value for key, value in params.items())
        ):
            return rule
    return None


@pytest.fixture(scope="module")
def seed_drafts():
    drafts = {}
    for city, (name, _) in SEED_OF.items():
        drafts[city] = draft_profile(SEEDS / name, profile_id=f"{city}-draft")
    return drafts


@needs_seeds
@pytest.mark.parametrize("city", list(SEED_OF))
def test_seed_draft_holds_every_figure_the_profile_cites(city: str, seed_drafts) -> None:
    drafted = seed_drafts[city]
    own = [rule for rule in drafted.profile.rules if rule.source == f"{city}-draft"]
    cited = _cited_rules(city)
    assert cited
    document = load_profile(city).documents[SEED_OF[city][1]]
    if document.number:  # the document's number and date, read from the page's head
        assert (drafted.draft.number, drafted.draft.date) == (document.number, document.date)
    for bundled in cited:
        rule = _match(bundled, own, city)
        assert rule is not None, f"{city}: {bundled.id} {bundled.params} not drafted"
        assert _same_clause(bundled.citation.clause, rule.citation.clause), (
            bundled.citation.clause,
            rule.citation.clause,
        )


@needs_seeds
@pytest.mark.parametrize("city", list(SEED_OF))
def test_seed_draft_invents_no_figure(city: str, seed_drafts) -> None:
    """Every number of every drafted rule is written in the text (a share as its percent)."""
    text = plain((SEEDS / SEED_OF[city][0]).read_text("utf-8"))
    for rule in seed_drafts[city].draft.rules:
        values = {**rule.figure.params, **rule.figure.applies_when}
        for key, value in values.items():
            if isinstance(value, bool) or not isinstance(value, (int, float)) or key == "required_ratio":
                continue
            shown = f"{value * 100:g}" if key in ("min_share", "max_share") else f"{value:g}"
            assert shown in text, (city, rule.id, key, value)
        if rule.figure.target_year:
            assert str(rule.figure.target_year) in text
        said = "".join((SEEDS / SEED_OF[city][0]).read_text("utf-8").split())
        for _, sentence in rule.sources:  # a table's cell may wrap over lines: spaces left out
            assert "".join(sentence.split(" | ")[0].split()) in said


@needs_seeds
def test_seed_drafts_take_under_5_seconds() -> None:
    for name, _ in SEED_OF.values():
        started = time.perf_counter()
        draft_profile(SEEDS / name, profile_id="timed")
        assert time.perf_counter() - started < 5, name


@needs_seeds
@pytest.mark.parametrize(
    ("city", "sample"), [(city, sample) for city, samples in SAMPLES_OF.items() for sample in samples]
)
def test_seed_draft_judges_the_samples_as_the_bundled_profile(city: str, sample: str, seed_drafts) -> None:
    bundled_profile = load_profile(city)
    drafted_profile = seed_drafts[city].profile
    own = [rule for rule in drafted_profile.rules if rule.source == f"{city}-draft"]
    pairs = {bundled.id: _match(bundled, own, city).id for bundled in _cited_rules(city)}
    with_bundled = {f.id: f.status for f in api.check(SAMPLES / sample, bundled_profile).findings}
    with_draft = {f.id: f.status for f in api.check(SAMPLES / sample, drafted_profile).findings}
    compared = 0
    for bundled_id, drafted_id in pairs.items():
        if bundled_id in with_bundled:
            assert with_draft.get(drafted_id) == with_bundled[bundled_id], (sample, bundled_id, drafted_id)
            compared += 1
    assert compared


FRAGMENTS = [
    "新建住宅区",
    "已建成小区",
    "老旧小区改造",
    "按每百户不少于",
    "每千人口",
    "单处用房面积不少于",
    "三十",
    "20",
    "1,000",
    "0.2",
    "～",
    "平方米",
    "㎡",
    "个托位",
    "托位数达到",
    "养老服务用房",
    "托育服务设施",
    "社区托育服务设施覆盖率",
    "百分之六十",
    "%",
    "到2025年",
    "，",
    "；",
    "。",
    "服务半径应小于",
    "米",
    "二、重点任务\n",
    "(一)设施\n",
    "3.规划布局。",
    "序号\n",
    "2025\n",
    "1\n",
    "\t",
    "床位",
    "普惠性托位占比",
    "乡(镇)、街道区域性养老服务中心覆盖率",
    "所有街道至少建成一所综合性养老服务中心",
    "养老机构护理型床位占比",
    "政府运营床位",
    "不超过",
    "小于",
    "超过",
    "每千名老年人拥有养老护理型床位数达到",
    "养老床位达",
    "1.3万张",
    "全区托位数达到",
    "4000",
    "每个县(市、区)至少建成1个婴幼儿照护服务机构",
    "实现城乡社区养老服务设施全覆盖",
    "“十四五”期间",
    "社区“一老一小”服务设施配套率须达",
]


@settings(max_examples=60)
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=40))
def test_any_text_drafts_a_profile_that_loads(tmp_path_factory, fragments: list[str]) -> None:
    """Whatever the sentences, drafting never fails, and what it writes loads as a profile."""
    text = "".join(fragments)
    draft = draft_rules(text.splitlines())
    if not draft.rules and not draft.unsure:
        return
    folder = tmp_path_factory.mktemp("fuzz")
    written = profile_yaml(
        draft, profile_id="fuzz", name={"zh": "某市", "en": "fuzz"}, extends="baseline", source="t"
    )
    path = folder / "fuzz.yaml"
    path.write_text(written, encoding="utf-8")
    load_profile(str(path))


ANOTHER_CITY = ROOT / "tests" / "cases" / "draft_another_city.html"
ANOTHER_CITY_RULES = {
    "eldercare.floor_area.new",
    "eldercare.site_area.new",
    "eldercare.phased.new",
    "eldercare.floor_area.existing",
    "childcare.places.new",
    "childcare.coverage.radius",
    "childcare.places.city_2025",
    "eldercare.communities.city_2025",
    "childcare.communities.city_2025",
    "childcare.inclusive.city_2025",
    "eldercare.nursing_beds.city_2025",
}


def _cjk_font() -> bool:
    import shutil
    import subprocess

    if not shutil.which("fc-list"):
        return False
    listed = subprocess.run(["fc-list", ":lang=zh"], capture_output=True, text=True, check=False)
    return bool(listed.stdout.strip())


@pytest.mark.parametrize("form", ["html", "pdf"])
def test_another_city_drafts_a_valid_profile_in_seconds(tmp_path: Path, run_cli, form: str) -> None:
    """A city we do not ship, as a saved page and as a PDF printed from it: a draft that validates,
    every rule with its clause, its sentence and review: needed, in under 5 seconds."""
    pytest.importorskip("bs4")
    policy = ANOTHER_CITY
    if form == "pdf":
        pytest.importorskip("pypdf")
        weasyprint = pytest.importorskip("weasyprint")
        if not _cjk_font():
            pytest.skip("no CJK font to write the PDF with")
        policy = tmp_path / "moushi.pdf"
        page = ANOTHER_CITY.read_text("utf-8").replace(
            "<head>",
            "<head><style>body{font-family:'Noto Sans CJK SC','Noto Serif CJK SC',sans-serif}</style>",
        )
        weasyprint.HTML(string=page).write_pdf(str(policy))
    out = tmp_path / "moushi.yaml"
    started = time.perf_counter()
    drafted = run_cli("rules", "draft", policy, "--id", "moushi", "-o", out)
    assert time.perf_counter() - started < 5
    assert drafted.code == 0, drafted.err
    assert run_cli("rules", "validate", out).code == 0
    profile = yaml.safe_load(out.read_text("utf-8"))
    assert profile["name"]["zh"] == "某市"
    assert set(profile["rules"]) == ANOTHER_CITY_RULES
    for rule_id, rule in profile["rules"].items():
        assert rule["review"] == "needed", rule_id
        assert re.match(r"[一二三]\(?", rule["citation"]["clause"]), rule_id
        assert rule["citation"]["note"].startswith("「"), rule_id
    assert profile["rules"]["childcare.coverage.radius"]["binding"] == "advisory"  # 不宜大于
    assert profile["rules"]["eldercare.communities.city_2025"]["min_share"] == 1.0  # 百分之百


def test_a_draft_extending_none_validates(tmp_path: Path, run_cli) -> None:
    """Without a parent the draft says persons per household itself, marked as not from the text;
    without --output the YAML goes to standard output and --explain to standard error."""
    pytest.importorskip("bs4")
    result = run_cli("rules", "draft", ANOTHER_CITY, "--id", "moushi", "--extends", "none", "--explain")
    assert result.code == 0, result.err
    assert "not read from the text" in result.out
    assert "「新建住宅小区应按照每百户不低于三十平方米" in result.err
    out = tmp_path / "moushi.yaml"
    out.write_text(result.out, encoding="utf-8")
    assert run_cli("rules", "validate", out).code == 0
    assert run_cli("rules", "draft", ANOTHER_CITY, "--extends", "nowhere").code == 2
