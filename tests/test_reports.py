"""Review documents: Excel, self-contained HTML (rendered in headless Chromium), GIS layers."""

from __future__ import annotations

import io
import json
import math
import os
import re
import shutil

import geopandas as gpd
import openpyxl
import pytest
from conftest import SAMPLES
from helpers import feature, geojson

RIVERSIDE = SAMPLES / "quanzhou_riverside.geojson"
NETWORK = SAMPLES / "quanzhou_riverside_network.geojson"
ARGS = ["--rules", "quanzhou", "--network", NETWORK]


@pytest.fixture
def report(run_cli, tmp_path):
    def make(fmt: str, *extra, project=RIVERSIDE, args=ARGS):
        out = tmp_path / f"report.{fmt}"
        run = run_cli("check", project, *args, "--format", fmt, "--output", out, *extra)
        assert run.code in (0, 1), run.err
        assert out.exists() and run.out == ""
        return out

    return make


def test_excel_report(report) -> None:
    book = openpyxl.load_workbook(report("xlsx", "--lang", "zh"))
    assert book.sheetnames == [
        "摘要",
        "逐条结果",
        "服务圈覆盖",
        "路网",
        "配套用房",
        "输入与选项",
        "附录 楼栋清单",
    ]  # 路网: run with --network
    summary = {row[0].value: row[1].value for row in book["摘要"].iter_rows(min_row=2) if row[0].value}
    assert summary["项目名称"] == "晋江南岸新苑"
    assert summary["结论"] == "结论：符合约束性配建要求"  # coverage short on foot is advisory
    assert summary["输入文件"] == "quanzhou_riverside.geojson"
    assert re.fullmatch(r"[0-9a-f]{64}", summary["文件 SHA-256"])
    assert "泉政办〔2022〕57号" in summary["依据文件"]
    results = book["逐条结果"]
    assert results.freeze_panes == "A2" and results.page_setup.orientation == "landscape"
    assert results.oddFooter.center.text == "&P / &N"
    rows = {r[0].value: r for r in results.iter_rows(min_row=2)}
    area = rows["新建住宅区养老服务用房面积"]  # a rule by its title in Chinese (issue 25)
    assert area[1].value == "达标" and area[3].value == 240 and area[4].value == 450
    assert area[1].fill.fgColor.rgb.endswith("C6EFCE")
    coverage = rows["十五分钟托育服务圈"]
    # the 15-minute circle is advisory: shown short, marked, never red
    assert coverage[1].value == "不达标\n（参考）" and coverage[1].fill.fgColor.rgb.endswith("EDEDED")
    outside = [r for r in book["服务圈覆盖"].iter_rows(min_row=2, values_only=True) if r[9] == "S4"]
    assert any(
        r[0] == "托育" and r[1] == "十五分钟生活圈" and r[11] == pytest.approx(2475, abs=0.1) for r in outside
    )


def test_excel_report_in_english(report) -> None:
    book = openpyxl.load_workbook(report("xlsx", "--lang", "en"))
    assert book.sheetnames == [
        "summary",
        "results",
        "coverage",
        "network",
        "rooms",
        "Inputs",
        "appendix buildings",
    ]


def hostile_project(tmp_path):
    return geojson(
        tmp_path / "hostile.geojson",
        [
            feature("building", 118.60, 24.90, id="<b>B1</b>", households=100),
            feature("building", 118.65, 24.90, id='=HYPERLINK("http://x")', households=100),
            feature("facility", 118.601, 24.90, id="E1", category="eldercare", area_m2=50),
        ],
        {"name": "<script>alert(1)</script>", "kind": "new"},
    )


def test_text_from_inputs_is_escaped(report, tmp_path) -> None:
    project = hostile_project(tmp_path)
    html = report("html", project=project, args=["--rules", "national"]).read_text("utf-8")
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<b>B1</b>" not in html and "&lt;b&gt;B1&lt;/b&gt;" in html
    book = openpyxl.load_workbook(
        report("xlsx", "--lang", "en", project=project, args=["--rules", "national"])
    )
    assert book["summary"]["B2"].value == "<script>alert(1)</script>"
    cells = [c for row in book["coverage"].iter_rows() for c in row if c.value == '=HYPERLINK("http://x")']
    assert cells and all(c.data_type == "s" for c in cells)  # shown as text, never run as a formula


def test_html_is_self_contained(report) -> None:
    html = report("html").read_text("utf-8")
    assert "<script" not in html.lower()
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html, re.I)
    assert "@import" not in html and "url(" not in html
    assert html.count('data-kind="building"') == 16  # 8 buildings on each category's map
    assert html.count('data-kind="facility"') == 2
    assert 'class="scale-bar"' in html and 'class="north-arrow"' in html and 'class="legend"' in html
    assert "@page { size: A4 landscape" in html


def chromium_path() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


BROWSER_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.mark.skipif(chromium_path() is None, reason="Debian's chromium is not installed here")
def test_html_in_headless_chromium(report, tmp_path) -> None:
    playwright = pytest.importorskip("playwright.sync_api")
    from PIL import Image

    path = report("html", "--lang", "zh")
    console_errors, requests = [], []
    with playwright.sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=chromium_path(), args=BROWSER_ARGS)
        page = browser.new_page(viewport={"width": 1100, "height": 900})
        page.on("console", lambda m: console_errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: console_errors.append(str(e)))
        page.on("request", lambda r: requests.append(r.url))
        page.goto(path.as_uri())
        page.wait_for_load_state("load")
        assert console_errors == []
        assert requests == [path.as_uri()]  # the page itself and nothing else
        assert "晋江南岸新苑" in page.title()
        for category in ("eldercare", "childcare"):
            svg = page.locator(f'svg.map[data-category="{category}"]')
            assert svg.locator('[data-kind="building"]').count() == 8
            assert svg.locator('[data-kind="facility"]').count() == 1
        svg = page.locator('svg.map[data-category="childcare"]')
        svg.scroll_into_view_if_needed()
        shot = Image.open(io.BytesIO(svg.screenshot())).convert("RGB")
        box = svg.bounding_box()
        # every building is drawn in the colour of its state: all eight are outside on foot
        for building in svg.locator('[data-kind="building"]').all():
            assert building.get_attribute("data-state") == "uncovered"
            b = building.bounding_box()
            x = int(b["x"] + b["width"] / 2 - box["x"])
            y = int(b["y"] + b["height"] / 2 - box["y"])
            red, green, blue = shot.getpixel((x, y))
            assert red > green + 80 and red > blue + 80, (
                building.get_attribute("data-id"),
                (red, green, blue),
            )
        # the Chinese text is drawn with a CJK font, not as missing-glyph boxes
        width = page.evaluate("""() => { const c = document.createElement('canvas').getContext('2d');
            c.font = '20px "Noto Sans CJK SC"'; return c.measureText('养老托育').width; }""")
        assert width > 60
        page.pdf(path=str(tmp_path / "report.pdf"), format="A4", landscape=True) if os.environ.get(
            "KEEP_PDF"
        ) else None
        browser.close()


def test_straight_line_map_draws_circles(report) -> None:
    html = report("html", args=["--rules", "quanzhou"]).read_text("utf-8")
    assert html.count('class="catchment"') == 2  # one circle per facility
    assert 'data-state="covered"' in html


@pytest.mark.parametrize("fmt", ["geojson", "gpkg"])
def test_gis_layers(report, fmt) -> None:
    path = report(fmt)
    if fmt == "gpkg":
        import pyogrio

        layers = ["buildings", "facilities", "catchments", "reach", "network"]  # network: the health report
        assert [name for name, _ in pyogrio.list_layers(path)] == layers
        assert gpd.read_file(path, layer="network").iloc[0]["pieces"] == 1
        buildings = gpd.read_file(path, layer="buildings")
        catchments = gpd.read_file(path, layer="catchments")
        reach = gpd.read_file(path, layer="reach")
        assert buildings.crs.to_epsg() == 4549
    else:
        document = json.loads(path.read_text("utf-8"))
        assert "crs" not in document  # RFC 7946: WGS84 longitude/latitude
        everything = gpd.read_file(path)
        buildings = everything[everything["layer"] == "buildings"]
        catchments = everything[everything["layer"] == "catchments"]
        reach = everything[everything["layer"] == "reach"]
        assert set(everything["layer"]) == {"buildings", "facilities", "catchments", "reach", "network"}
    assert len(buildings) == 8
    assert list(buildings["childcare_15min_covered"].astype(bool)) == [False] * 8
    s4 = buildings[buildings["id"] == "S4"].iloc[0]
    assert s4["childcare_15min_nearest_m"] == pytest.approx(2475, abs=0.1)
    assert set(catchments["method"]) == {"network"}
    assert all(g.geom_type == "MultiLineString" for g in catchments.geometry)
    # the area reached: the reached streets buffered (30 m) and merged — polygons around the
    # lines, not a hull or a circle: every reached line lies inside, and nothing much beyond
    assert len(reach) == len(catchments) and set(reach["buffer_m"]) == {30.0}
    for area, lines in zip(reach.geometry, catchments.geometry, strict=True):
        assert area.geom_type in ("Polygon", "MultiPolygon")
        assert area.buffer(1e-6 if fmt == "geojson" else 1e-3).covers(lines)
    if fmt == "gpkg":  # metres: a buffer of the lines, never more than their length × 60 m
        for area, lines in zip(reach.geometry, catchments.geometry, strict=True):
            assert area.area <= lines.length * 60 + len(lines.geoms) * math.pi * 30**2


def test_layers_need_coordinates(run_cli, tmp_path) -> None:
    run = run_cli(
        "check",
        SAMPLES / "qidong_existing_estate.xlsx",
        "--rules",
        "qidong",
        "--format",
        "gpkg",
        "--output",
        tmp_path / "x.gpkg",
    )
    # buildings have coordinates here; facilities do not: layers still come out (the childcare
    # rooms are short: exit 1)
    assert run.code == 1, run.err
    import pyogrio

    layers = {name for name, _ in pyogrio.list_layers(tmp_path / "x.gpkg")}
    assert "buildings" in layers
    buildings = pyogrio.read_dataframe(tmp_path / "x.gpkg", layer="buildings")
    assert len(buildings) == 8  # the sample's eight buildings


def test_file_formats_need_output(run_cli) -> None:
    run = run_cli("check", RIVERSIDE, "--rules", "quanzhou", "--format", "html")
    assert run.code == 2 and "--output" in run.err
