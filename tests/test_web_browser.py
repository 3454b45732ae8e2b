"""The review desk end to end in a real browser: ``serve``'s application under uvicorn, driven by
Playwright in the installed Chromium (Debian's: no browser is downloaded). A reviewer uploads the
failing sample, reads 不达标 and the shortfall, downloads the PDF; a bad workbook shows its located
message next to the file. Skipped, with the reason, where Chromium or the [web] extra is missing.

``LAOXIAO_SCREENSHOT=docs/serve-result.png`` also saves the result page (README's picture)."""

from __future__ import annotations

import io
import os
import shutil
import socket
import threading
from pathlib import Path

import pytest
from conftest import ROOT, SAMPLES

pytest.importorskip("starlette")
pytest.importorskip("multipart")
uvicorn = pytest.importorskip("uvicorn")

SHORT = SAMPLES / "quanzhou_new_estate_short.xlsx"
BROWSER_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]


def chromium_path() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


pytestmark = pytest.mark.skipif(chromium_path() is None, reason="Debian's chromium is not installed here")


@pytest.fixture(scope="module")
def desk_url():
    """The desk served on a free local port for the tests of this module."""
    from laoxiao_check.web.app import create_app

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    for _ in range(200):
        if server.started:
            break
        threading.Event().wait(0.05)
    assert server.started
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(10)


@pytest.fixture(scope="module")
def browser():
    playwright = pytest.importorskip("playwright.sync_api")
    with playwright.sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=chromium_path(), args=BROWSER_ARGS)
        yield browser
        browser.close()


def bad_workbook(path: Path) -> Path:
    import openpyxl

    book = openpyxl.load_workbook(SHORT)
    book["楼栋"]["B3"] = "约300"
    book.save(path)
    return path


def test_a_reviewer_uploads_the_failing_sample_and_downloads_the_pdf(desk_url, browser, tmp_path) -> None:
    page = browser.new_page(viewport={"width": 1200, "height": 900}, accept_downloads=True)
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(desk_url + "/")
    assert "审查项目" in page.title()
    page.select_option("#rules", "quanzhou")
    page.set_input_files("#project", str(SHORT))
    page.click("button[type=submit]")
    page.wait_for_url("**/results/*")
    verdict = page.locator(".report .verdict")
    assert verdict.inner_text() == "结论：不符合约束性配建要求"
    results = page.locator(".report table.results")
    assert results.locator("td.status.fail").count() == 3
    assert "不达标" in results.inner_text()
    shortfalls = {
        row.get_attribute("data-rule"): row.locator("td.num").nth(2).inner_text()
        for row in results.locator("tr", has=page.locator("td.status.fail")).all()
    }
    assert shortfalls == {  # the shortfall column, as `check` says it
        "eldercare.floor_area.new": "5平方米",
        "eldercare.site_area.new": "150平方米",
        "childcare.places.new": "10个托位",
    }
    assert page.locator(".report svg.map").count() >= 1  # the same map as the HTML report
    if target := os.environ.get("LAOXIAO_SCREENSHOT"):
        page.set_viewport_size({"width": 1200, "height": 1240})
        page.screenshot(path=str(ROOT / target), full_page=False)
    with page.expect_download() as download_info:
        page.click("nav.downloads a:text-is('PDF')")
    download = download_info.value
    saved = tmp_path / "report.pdf"
    download.save_as(saved)
    assert saved.read_bytes().startswith(b"%PDF")
    assert download.suggested_filename == "海丝名苑.pdf"
    assert errors == []
    page.close()


def test_a_bad_workbook_shows_its_located_error_next_to_the_file(desk_url, browser, tmp_path) -> None:
    page = browser.new_page()
    page.goto(desk_url + "/")
    page.set_input_files("#project", str(bad_workbook(tmp_path / "坏的项目.xlsx")))
    page.click("button[type=submit]")
    shown = page.locator('ul.problems[data-for="project"]')
    shown.wait_for()
    text = shown.inner_text()
    assert text.startswith("坏的项目.xlsx › 楼栋 › B3 (户数): ")
    assert "约300" in text
    # the message stands right after the project's file input
    assert page.locator('#project ~ ul.problems[data-for="project"]').count() == 1
    page.close()


def test_the_english_switch_and_the_template(desk_url, browser) -> None:
    page = browser.new_page(accept_downloads=True)
    page.goto(desk_url + "/")
    page.click("header.desk a.lang")
    assert page.locator("h1").inner_text() == "Check a project"
    with page.expect_download() as download_info:
        page.click("text=Download the template workbook to fill in")
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(Path(download_info.value.path()).read_bytes()))
    assert book.sheetnames == ["project", "buildings", "facilities"]
    page.close()


def test_an_audit_shows_its_progress_then_its_summary_and_map(desk_url, browser) -> None:
    page = browser.new_page()
    page.goto(desk_url + "/audit")
    page.set_input_files("#estates", str(SAMPLES / "audit" / "estates.csv"))
    page.set_input_files("#facilities", str(SAMPLES / "audit" / "facilities.geojson"))
    page.click("button[type=submit]")
    page.wait_for_selector("svg.map.estates", timeout=30_000)  # the progress page reloads itself till then
    rows = page.locator("table.districts tbody tr")
    assert rows.count() == 4 and rows.last.locator("td").first.inner_text() == "∑"
    assert page.locator('svg.map.estates circle[data-verdict="fail"]').count() == 32  # of 33 failing
    assert page.locator("p.note.unplaced").inner_text() == "1个小区没有位置，未画在图上"
    assert page.locator("nav.downloads a").all_inner_texts()[:2] == ["XLSX", "JSON"]
    page.close()
