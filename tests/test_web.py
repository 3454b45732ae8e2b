"""The review desk's routes (``laoxiao-check serve``), driven by Starlette's TestClient: the same
verdict, messages and files as the command line; uploads told by content, bounded, escaped; each
visitor's results their own, for an hour."""

from __future__ import annotations

import io
import json
import re
import time

import pytest
from conftest import SAMPLES

pytest.importorskip("starlette")
pytest.importorskip("multipart")
from starlette.testclient import TestClient

from laoxiao_check.web import uploads
from laoxiao_check.web.app import create_app
from laoxiao_check.web.desk import Desk, Entry

SHORT = SAMPLES / "quanzhou_new_estate_short.xlsx"


@pytest.fixture(scope="module")
def app():
    return create_app()


@pytest.fixture
def client(app):
    with TestClient(app) as client:
        client.get("/")  # a visitor's cookie, as a browser gets it on the first page
        yield client


def problems(html: str) -> dict[str, list[str]]:
    """The problems a page shows, by the field they are next to."""
    found: dict[str, list[str]] = {}
    for field, items in re.findall(r'<ul class="problems" data-for="([^"]*)"[^>]*>(.*?)</ul>', html, re.S):
        found[field] = re.findall(r"<li>(.*?)</li>", items, re.S)
    return found


def post_check(client, project: bytes, name: str = "项目.xlsx", **files):
    sent = {"project": (name, project), **files}
    return client.post("/check", data={"rules": "quanzhou"}, files=sent, follow_redirects=False)


def workbook(**cells) -> bytes:
    """The short sample with some cells changed: ``{"楼栋!B3": "约300"}``."""
    import openpyxl

    book = openpyxl.load_workbook(SHORT)
    for where, value in cells.items():
        sheet, cell = where.split("!")
        book[sheet][cell] = value
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_the_pages_are_chinese_by_default_with_an_english_switch(client) -> None:
    page = client.get("/")
    assert page.status_code == 200
    assert "审查项目" in page.text and 'lang="zh-CN"' in page.text
    assert 'value="quanzhou" selected' in page.text
    english = client.get("/?lang=en")
    assert "Check a project" in english.text and 'lang="en"' in english.text
    assert "Check a project" in client.get("/audit").text  # the language is kept (a cookie)


def test_every_page_forbids_scripts_and_framing(client) -> None:
    for path in ("/", "/audit", "/results"):
        headers = client.get(path).headers
        assert "script-src" not in headers["content-security-policy"]
        assert "default-src 'none'" in headers["content-security-policy"]
        assert "frame-ancestors 'none'" in headers["content-security-policy"]
        assert headers["x-content-type-options"] == "nosniff"
    assert "<script" not in client.get("/").text


def test_the_failing_sample_shows_its_verdict_shortfall_and_downloads(client) -> None:
    sent = post_check(client, SHORT.read_bytes(), "quanzhou_new_estate_short.xlsx")
    assert sent.status_code == 303
    result = client.get(sent.headers["location"])
    assert result.status_code == 200
    assert "结论：不符合约束性配建要求" in result.text
    assert "不达标" in result.text and "缺口" in result.text
    assert "海丝名苑" in result.text
    assert "quanzhou_new_estate_short.xlsx" in result.text  # the upload's own name, not the saved one
    assert "laoxiao-desk-" not in result.text  # no temporary path shown
    base = sent.headers["location"]
    pdf = client.get(f"{base}/download/pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert "attachment" in pdf.headers["content-disposition"]
    assert pdf.headers["content-type"] == "application/pdf"
    report = json.loads(client.get(f"{base}/download/json").content)
    assert report["verdict"] == "fail"
    assert any(p["path"] == "quanzhou_new_estate_short.xlsx" for p in report["provenance"]["inputs"])
    assert client.get(f"{base}/download/xlsx").content.startswith(b"PK")
    assert json.loads(client.get(f"{base}/download/geojson").content)["type"] == "FeatureCollection"
    assert client.get(f"{base}/download/table").status_code == 404  # not a file format
    assert client.get(f"{base}/download/..%2f..%2fetc").status_code == 404


def test_a_bad_workbook_shows_its_located_message_next_to_the_file(client) -> None:
    sent = post_check(client, workbook(**{"楼栋!B3": "约300"}), "坏的.xlsx")
    assert sent.status_code == 422
    shown = problems(sent.text)
    assert list(shown) == ["project"]
    assert shown["project"] == [
        "坏的.xlsx › 楼栋 › B3 (户数): 应为户数（不小于0的整数），"
        "实际为&#x27;约300&#x27;（请只填写数字，如300）"
    ]


def test_a_file_is_told_by_its_content_not_its_name(client) -> None:
    html_as_xlsx = post_check(client, b"<html><body>not a workbook</body></html>", "项目.xlsx")
    assert html_as_xlsx.status_code == 422
    assert "按文件内容判断" in problems(html_as_xlsx.text)["project"][0]
    old_excel = post_check(client, bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 600, "项目.xlsx")
    assert ".xls" in problems(old_excel.text)["project"][0]
    named_csv = post_check(client, SHORT.read_bytes(), "project.csv")  # a workbook whatever its name
    assert named_csv.status_code == 303


def test_an_upload_name_is_never_a_path_and_a_project_name_is_shown_as_text(client, tmp_path) -> None:
    sent = post_check(
        client, workbook(**{"项目!B1": "<script>alert(1)</script>"}), "../../" + str(tmp_path / "x.xlsx")
    )
    assert sent.status_code == 303
    assert list(tmp_path.iterdir()) == []
    page = client.get(sent.headers["location"]).text
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "x.xlsx" in page and "../" not in page


def test_an_uploaded_profile_is_validated_with_the_same_located_messages(client) -> None:
    profile = (
        b"id: mine\nname: {zh: \xe6\x88\x91\xe7\x9a\x84, en: Mine}\nextends: quanzhou\nrules:\n  nope: 3\n"
    )
    sent = post_check(client, SHORT.read_bytes(), profile=("我的.yaml", profile))
    assert sent.status_code == 422
    assert problems(sent.text)["profile"][0].startswith("我的.yaml › rules.nope: ")
    good = b"id: mine\nname: {zh: \xe6\x88\x91\xe7\x9a\x84, en: Mine}\nextends: quanzhou\n"
    assert post_check(client, SHORT.read_bytes(), profile=("我的.yaml", good)).status_code == 303


def test_only_a_bundled_profile_is_chosen_by_name(client) -> None:
    sent = client.post(
        "/check", data={"rules": "/etc/passwd.yaml"}, files={"project": ("p.xlsx", SHORT.read_bytes())}
    )
    assert sent.status_code == 422
    assert "内置审查标准" in problems(sent.text)["form"][0]


def test_a_missing_project_is_said_next_to_its_field(client) -> None:
    sent = client.post("/check", data={"rules": "quanzhou"}, files={"project": ("", b"")})
    assert problems(sent.text) == {"project": ["请选择要上传的文件"]}
    empty = client.post("/check", data={"rules": "quanzhou"}, files={"project": ("项目.xlsx", b"")})
    assert problems(empty.text) == {"project": ["项目.xlsx 是空文件（0字节）"]}


def test_an_upload_over_the_limit_is_refused_with_a_clear_message(client, monkeypatch) -> None:
    monkeypatch.setattr(uploads, "MAX_UPLOAD_BYTES", 1000)
    sent = post_check(client, SHORT.read_bytes())
    assert sent.status_code == 422
    assert "超过审查台 0 MB 的上限" in problems(sent.text)["project"][0]


def test_a_request_over_the_limit_is_refused_before_it_is_read(client) -> None:
    from laoxiao_check.web.app import FORM_SLACK, MAX_UPLOAD_BYTES

    sent = client.post(
        "/check",
        content=b"x" * 10,
        headers={
            "content-length": str(MAX_UPLOAD_BYTES + FORM_SLACK + 1),
            "content-type": "multipart/form-data",
        },
    )
    assert sent.status_code == 413
    assert "50 MB" in problems(sent.text)["form"][0]


def test_the_uploads_are_removed_after_the_check(client, monkeypatch, tmp_path) -> None:
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    assert post_check(client, SHORT.read_bytes()).status_code == 303
    assert post_check(client, workbook(**{"楼栋!B3": "约300"})).status_code == 422
    assert [p for p in tmp_path.iterdir() if p.name.startswith("laoxiao-desk-")] == []


def test_results_are_the_visitors_own(app, client) -> None:
    location = post_check(client, SHORT.read_bytes()).headers["location"]
    with TestClient(app) as stranger:
        stranger.get("/")
        assert stranger.get(location).status_code == 404
        assert stranger.get(f"{location}/download/pdf").status_code == 404
        assert "海丝名苑" not in stranger.get("/results").text
    assert "海丝名苑" in client.get("/results").text


def test_results_are_removed_after_an_hour() -> None:
    now = [1000.0]
    desk = Desk(clock=lambda: now[0])
    kept = desk.add("visitor", Entry("check", "项目", made=now[0], state="done"))
    now[0] += 3599
    assert desk.get("visitor", kept) is not None
    assert desk.get("other", kept) is None
    now[0] += 2
    assert desk.get("visitor", kept) is None
    assert desk.entries("visitor") == []


def test_the_template_workbook_is_downloadable(client) -> None:
    import openpyxl

    got = client.get("/template.xlsx")
    assert got.status_code == 200 and "attachment" in got.headers["content-disposition"]
    assert openpyxl.load_workbook(io.BytesIO(got.content)).sheetnames == ["项目", "楼栋", "配套设施"]
    english = client.get("/template.xlsx?lang=en")
    assert openpyxl.load_workbook(io.BytesIO(english.content)).sheetnames == [
        "project",
        "buildings",
        "facilities",
    ]


def wait_for(client, location: str) -> str:
    for _ in range(200):
        page = client.get(location)
        if 'http-equiv="refresh"' not in page.text:
            return page.text
        assert "progress" in page.text
        time.sleep(0.05)
    raise AssertionError("the audit did not end")


def test_an_audit_shows_progress_then_its_summary_map_and_downloads(client) -> None:
    with (SAMPLES / "audit" / "estates.csv").open("rb") as estates:
        sent = client.post(
            "/audit",
            data={"rules": "quanzhou"},
            files={
                "estates": ("名单.csv", estates.read()),
                "facilities": ("设施.geojson", (SAMPLES / "audit" / "facilities.geojson").read_bytes()),
            },
            follow_redirects=False,
        )
    assert sent.status_code == 303
    location = sent.headers["location"]
    page = wait_for(client, location)
    assert "名单.csv" in page and "鲤城区" in page
    assert '<table class="districts">' in page and '<table class="rules">' in page
    assert page.count(' data-verdict="') == 41  # 42 estates, one without a location
    assert 'data-verdict="fail"' in page
    for name in ("xlsx", "json", "geojson", "gpkg"):
        got = client.get(f"{location}/download/{name}")
        assert got.status_code == 200, name
    summary = json.loads(client.get(f"{location}/download/json").content)
    assert summary["summary"]["city"]["estates"]["total"] == 42
    assert '<table class="communities">' not in page  # the list names no community


def test_an_audit_with_community_polygons_shows_each_community(client) -> None:
    sent = client.post(
        "/audit",
        data={"rules": "quanzhou"},
        files={
            "estates": ("名单.csv", (SAMPLES / "audit" / "estates.csv").read_bytes()),
            "communities": ("社区.geojson", (SAMPLES / "audit" / "communities.geojson").read_bytes()),
        },
        follow_redirects=False,
    )
    page = wait_for(client, sent.headers["location"])
    table = page.split('<table class="communities">', 1)[1].split("</table>", 1)[0]
    rows = re.findall(r"<tr><td>(.*?)</td>", table)
    assert len(rows) >= 2 and all(" · " in row for row in rows)  # district · community


def test_an_audit_in_gcj02_with_official_residents_shows_every_level_figure(client) -> None:
    """As ``audit --coords gcj02 --population``: the districts as the command line counts them,
    and the county and city figures with their clause and what is missing; why two estates were
    not judged; the problems met."""
    audit = SAMPLES / "audit"
    sent = client.post(
        "/audit",
        data={"rules": "quanzhou", "coords": "gcj02"},
        files={
            "estates": ("名单.csv", (audit / "estates.csv").read_bytes()),
            "facilities": ("设施.geojson", (audit / "facilities.geojson").read_bytes()),
            "population": ("人口.csv", (audit / "population.csv").read_bytes()),
        },
        follow_redirects=False,
    )
    page = wait_for(client, sent.headers["location"])
    summary = json.loads(client.get(f"{sent.headers['location']}/download/json").content)
    assert summary["input"]["coords"] == "gcj02"
    assert sorted(d["estates"]["total"] for d in summary["summary"]["districts"]) == [14, 14, 14]
    levels = page.split('<table class="levels">', 1)[1].split("</table>", 1)[0]
    assert "eldercare.streets.city_2025" not in levels  # titles, not ids, in a Chinese page
    assert "镇街综合养老机构覆盖率" in levels and "主要指标 4" in levels and "60岁以上48600人" in levels
    assert "资料缺失小区" in page.split('<ul class="not-judged">', 1)[1]
    assert '<ul class="problems">' in page


def test_a_web_page_sent_as_an_estate_list_is_refused_by_its_content(client) -> None:
    sent = client.post(
        "/audit",
        data={"rules": "quanzhou"},
        files={"estates": ("名单.xlsx", b"<!DOCTYPE html><html><body>not a list</body></html>")},
        follow_redirects=False,
    )
    assert sent.status_code == 422
    assert "名单.xlsx" in sent.text or "不是" in sent.text


def test_an_audit_of_a_bad_list_shows_its_located_problems(client) -> None:
    sent = client.post(
        "/audit",
        data={"rules": "quanzhou"},
        files={"estates": ("名单.csv", "小区名称,户数\n".encode())},
        follow_redirects=False,
    )
    page = wait_for(client, sent.headers["location"])
    shown = problems(page)
    assert shown and all("laoxiao-desk-" not in p for found in shown.values() for p in found)
    assert any("名单.csv" in p for p in shown.get("estates", []))


def test_serve_says_its_address_and_warns_when_others_can_reach_it(run_cli, monkeypatch) -> None:
    from laoxiao_check.web import server

    served = []
    monkeypatch.setattr(
        server, "serve", lambda host, port, open_browser=False: served.append((host, port, open_browser))
    )
    local = run_cli("--lang", "en", "serve")
    assert local.code == 0 and served == [("127.0.0.1", 8000, False)]
    assert "http://127.0.0.1:8000/" in local.err and "warning" not in local.err
    everyone = run_cli("--lang", "zh", "serve", "--host", "0.0.0.0", "--port", "9000", "--open")
    assert everyone.code == 0 and served[-1] == ("0.0.0.0", 9000, True)
    assert "警告" in everyone.err and "没有登录" in everyone.err


@pytest.mark.parametrize(
    ("host", "local"),
    [("127.0.0.1", True), ("localhost", True), ("::1", True), ("0.0.0.0", False), ("192.168.1.20", False)],
)
def test_which_hosts_are_this_computer_only(host: str, local: bool) -> None:
    from laoxiao_check.web.server import is_local

    assert is_local(host) is local


def test_a_check_does_not_load_the_web_libraries() -> None:
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from laoxiao_check.cli.main import run\n"
        f"run(['check', {str(SHORT)!r}, '--rules', 'quanzhou', '--format', 'json'])\n"
        "print(sorted({'starlette', 'uvicorn', 'multipart'} & {m.split('.')[0] for m in sys.modules}))\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert run.stdout.strip().splitlines()[-1] == "[]"


@pytest.mark.parametrize(
    ("head", "kind"),
    [
        (b"PK\x03\x04rest", "xlsx"),
        (bytes.fromhex("D0CF11E0A1B11AE1"), "xls"),
        (b"SQLite format 3\x00", "gpkg"),
        (b'\xef\xbb\xbf  {"type": "FeatureCollection"}', "geojson"),
        ("小区名称,户数\n".encode(), "text"),
        ("小区名称,户数\n".encode("gb18030"), "text"),
        ("小区".encode()[:-1], "text"),  # a character cut at the end of the head
        (b"\x00\x01\x02binary", None),
        (b"", None),
    ],
)
def test_an_upload_is_told_by_its_first_bytes(head: bytes, kind: str | None) -> None:
    assert uploads.content_kind(head) == kind


def test_an_upload_name_is_shown_only_by_its_last_part() -> None:
    assert uploads.shown_name("../../etc/passwd") == "passwd"
    assert uploads.shown_name("C:\\Users\\me\\项目.xlsx") == "项目.xlsx"
    assert uploads.shown_name("a\x00b\n.xlsx") == "ab.xlsx"
    assert uploads.shown_name(None) == "upload"


def test_a_body_streamed_past_the_limit_is_cut_off_with_the_message(app) -> None:
    """A body without its length (chunked) is counted as it arrives and refused past the limit."""
    from starlette.applications import Starlette
    from starlette.middleware import Middleware

    from laoxiao_check.web.app import Guard

    small = Starlette(routes=app.routes, middleware=[Middleware(Guard, limit=2000)])
    boundary = "b0undary"
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="project"; filename="p.xlsx"\r\n'
        "Content-Type: application/octet-stream\r\n\r\n"
    ).encode()

    def body():
        yield head
        for _ in range(10):
            yield b"x" * 1000

    with TestClient(small) as client:
        sent = client.post(
            "/check", content=body(), headers={"content-type": f"multipart/form-data; boundary={boundary}"}
        )
    assert sent.status_code == 413
    assert "50 MB" in problems(sent.text)["form"][0]


def test_serve_on_a_port_in_use_is_a_usage_error(run_cli) -> None:
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        run = run_cli("--lang", "en", "serve", "--port", str(port))
    assert run.code == 2
    assert f"cannot listen on http://127.0.0.1:{port}/" in run.err


def test_serve_help_in_chinese_has_no_english_sentence(run_cli) -> None:
    from test_messages import test_help_in_chinese_has_no_english_sentence as same_as_the_other_commands

    same_as_the_other_commands(run_cli, ["serve"])


def test_an_idle_desk_removes_old_results_by_itself(monkeypatch) -> None:
    from laoxiao_check.web import app as desk_app

    monkeypatch.setattr(desk_app, "SWEEP_SECONDS", 0.01)
    now = [0.0]
    desk = Desk(clock=lambda: now[0])
    desk.add("visitor", Entry("check", "项目", made=0.0, state="done"))
    with TestClient(create_app(desk)):
        now[0] = 3601.0
        time.sleep(0.2)
        assert desk._visitors == {}  # gone without a request
