"""Hostile rule profiles (issue 30, item 4): bounded time, nothing read that was not given,
no lookalike of a bundled profile.

Each case runs ``rules validate`` (and, where it matters, ``check``) in a subprocess under a
30 s timeout and a 1.5 GB address-space limit, and asserts exit 2 with a message that says
what to do; the bombs are written by the test, so the repository stays small.
"""

from __future__ import annotations

import hashlib
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import ROOT, SAMPLES

from laoxiao_check.model.errors import LimitError, shown
from laoxiao_check.rules.profiles import load_profile

TIMEOUT_S = 30
ENV = {
    **{k: v for k, v in os.environ.items() if k != "LAOXIAO_DEBUG"},  # set in-process by --debug elsewhere
    "PYTHONPATH": str(ROOT),
}


@pytest.fixture(autouse=True)
def no_debug(monkeypatch) -> None:
    monkeypatch.delenv("LAOXIAO_DEBUG", raising=False)


MEMORY_BYTES = 1536 * 1024 * 1024
HEAD = "name: {zh: 我的, en: Mine}\n"
CHILD = HEAD + "extends: quanzhou\n"
LOOSENED = (
    "documents:\n  d: {title: 我的文件}\n"
    "rules:\n  eldercare.floor_area.new:\n    rate_m2_per_100_households: 1\n"
    "    citation: {document: d, clause: x}\n"
)


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_BYTES, MEMORY_BYTES))


def cli(*args: object, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """The CLI in a subprocess, bounded in time (the test's timeout) and memory."""

    started = time.monotonic()
    run = subprocess.run(
        [sys.executable, "-m", "laoxiao_check", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=TIMEOUT_S,
        env=ENV,
        cwd=cwd,
        preexec_fn=_limit_memory,
    )
    assert time.monotonic() - started < TIMEOUT_S
    assert "Traceback" not in run.stderr, run.stderr
    return run


def alias_bomb() -> str:
    """Under the 100-alias cap: 9 levels of 10 aliases, 10^9 values once expanded, as the value
    of ``documents`` (a list where a mapping is expected: the message quotes it)."""
    levels = ["b0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    levels += [f"b{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 9)]
    anchors = "anchors:\n" + "".join(f"  {line}\n" for line in levels)
    return CHILD + anchors + "documents: *a8\n"


def alias_bomb_in_a_value() -> str:
    """The same bomb as a figure (``got [...]``)."""
    return alias_bomb().replace("documents: *a8", "targets: {childcare_places_per_1000: *a8}")


CASES = {
    "alias bomb under the alias cap": (alias_bomb(), ["expands to more than", "write it out"]),
    "alias bomb in a quoted value": (alias_bomb_in_a_value(), ["expands to more than"]),
    "nested brackets, 200 KB": (
        HEAD + "rules: " + "[" * 100_000 + "]" * 100_000 + "\n",
        ["not valid YAML", "nest"],
    ),
    "a 2 MB profile": (
        CHILD + "description: |\n" + ("  " + "长" * 60 + "\n") * 12_000,
        ["over the limit of 1,048,576 bytes", "is this the right file"],
    ),
    "alias holding itself": (CHILD + "description: &a [*a]\n", ["refers to the value that holds it"]),
}


@pytest.mark.parametrize("name", CASES)
def test_a_bomb_ends_in_seconds_with_exit_2(tmp_path: Path, name: str) -> None:
    text, expected = CASES[name]
    path = tmp_path / "mine.yaml"
    path.write_text(text, encoding="utf-8")
    run = cli("rules", "validate", path)
    assert run.returncode == 2, run.stderr
    assert "mine.yaml" in run.stderr
    for phrase in expected:
        assert phrase in run.stderr, (phrase, run.stderr)
    assert len(run.stderr) < 2_000


def test_the_size_cap_is_checked_before_reading(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "big.yaml"
    with path.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # sparse: 50 MB of nothing, never read
    monkeypatch.setattr(Path, "open", lambda *args, **kwargs: pytest.fail("opened before the size check"))
    with pytest.raises(LimitError, match="over the limit"):
        load_profile(str(path))


def test_values_in_messages_are_bounded() -> None:
    bomb: list[object] = ["x"] * 10
    for _ in range(30):
        bomb = [bomb] * 10
    assert len(shown(bomb)) <= 80
    assert shown("quanzhou\u200b") == "'quanzhou\\u200b'"
    assert "\x1b" not in shown("\x1b[31mquanzhou")


SECRET = "db_password: leaked-value\napi_key: leaked-key\n"


@pytest.mark.parametrize(
    ("extends", "expected"),
    [
        ("{secret}", "not in the profile's folder"),
        ("/etc/passwd", "unknown rule profile"),
        ("/etc/hosts.yaml", "not in the profile's folder"),
        ("../secret.yaml", "not in the profile's folder"),
        ("sub/../../secret.yaml", "not in the profile's folder"),
        ("link.yaml", "outside the profile's folder"),
    ],
    ids=["absolute-secret", "etc-passwd", "absolute-yaml", "dotdot", "dotdot-deep", "symlink-out"],
)
def test_extends_reads_only_bundled_profiles_and_files_beside(
    tmp_path: Path, extends: str, expected: str
) -> None:
    secret = tmp_path / "secret.yaml"
    secret.write_text(SECRET, encoding="utf-8")
    folder = tmp_path / "profiles"
    folder.mkdir()
    (folder / "link.yaml").symlink_to(secret)
    path = folder / "mine.yaml"
    path.write_text(HEAD + f"extends: {extends.format(secret=secret)}\n", encoding="utf-8")
    run = cli("rules", "validate", path)
    assert run.returncode == 2
    assert expected in run.stderr, run.stderr
    assert "extends" in run.stderr and "leaked" not in run.stderr and "db_password" not in run.stderr
    assert "root:" not in run.stderr


def test_extends_a_file_beside_and_a_link_beside_still_work(tmp_path: Path) -> None:
    (tmp_path / "parent.yaml").write_text(
        CHILD.replace("我的", "上级").replace("Mine", "Parent"), encoding="utf-8"
    )
    (tmp_path / "alias.yaml").symlink_to(tmp_path / "parent.yaml")
    for parent in ("parent.yaml", "alias.yaml"):
        (tmp_path / "mine.yaml").write_text(HEAD + f"extends: {parent}\n", encoding="utf-8")
        profile = load_profile(str(tmp_path / "mine.yaml"))
        assert profile.chain[:1] == ("mine",) and profile.chain[-1] == "baseline"


@pytest.mark.parametrize(
    "profile_id",
    ["quanzhou\u200b", "\x1b[2Dquanzhou", "ｑｕａｎｚｈｏｕ", "Quanzhou", "quan zhou", "泉州"],
    ids=["zero-width-space", "escape-codes", "fullwidth", "capital", "space", "chinese"],
)
def test_a_lookalike_id_is_refused(tmp_path: Path, profile_id: str) -> None:
    path = tmp_path / "mine.yaml"
    escaped = profile_id.encode("unicode_escape").decode("ascii")
    path.write_text(CHILD + f'id: "{escaped}"\n' + LOOSENED, encoding="utf-8")
    run = cli("check", SAMPLES / "quanzhou_new_estate.xlsx", "--rules", path)
    assert run.returncode == 2, run.stderr
    assert "is not a profile id" in run.stderr and "lowercase letters a-z" in run.stderr
    assert "\x1b" not in run.stderr and "\u200b" not in run.stderr
    assert "[quanzhou]" not in run.stdout + run.stderr


@pytest.mark.parametrize("how", ["id", "file name", "former id"])
def test_a_custom_profile_never_takes_a_bundled_id(tmp_path: Path, how: str) -> None:
    if how == "file name":
        path = tmp_path / "quanzhou.yaml"
        path.write_text(CHILD.replace("quanzhou", "baseline") + LOOSENED, encoding="utf-8")
    else:
        path = tmp_path / "mine.yaml"
        claimed = "quanzhou" if how == "id" else "national"
        path.write_text(CHILD + f"id: {claimed}\n" + LOOSENED, encoding="utf-8")
    run = cli("check", SAMPLES / "quanzhou_new_estate.xlsx", "--rules", path)
    assert run.returncode == 2
    assert "is the id of a bundled profile: give your profile another id" in run.stderr


def test_reports_name_a_custom_profile_by_its_file_and_hash(tmp_path: Path, run_cli, monkeypatch) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text(CHILD + LOOSENED, encoding="utf-8")
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    label = f"custom profile mine.yaml sha256:{digest}"
    assert load_profile(str(path)).label == label
    assert load_profile("quanzhou").label == "quanzhou"
    html = tmp_path / "report.html"
    run = run_cli(
        "check", SAMPLES / "quanzhou_new_estate.xlsx", "--rules", path, "--format", "html", "-o", html
    )
    assert run.code in (0, 1) and label in html.read_text(encoding="utf-8")
    monkeypatch.setenv("COLUMNS", "200")  # the title on one line (rules show is as wide as the terminal)
    shown_rules = run_cli("rules", "show", path, "--lang", "en")
    assert label in shown_rules.out


def test_an_extended_file_that_is_no_profile_is_refused_without_its_content(tmp_path, run_cli) -> None:
    """A file beside the profile may be anyone's (a shared upload folder): naming it in
    `extends` must not print its keys or values."""
    (tmp_path / "creds.yaml").write_text(
        "id: creds\nname: {zh: x, en: x}\ndb_password: AKIA-SECRET-TOKEN\ndefaults: another-secret\n", "utf-8"
    )
    (tmp_path / "mine.yaml").write_text("id: mine\nname: {zh: 甲, en: A}\nextends: creds.yaml\n", "utf-8")
    run = run_cli("rules", "validate", tmp_path / "mine.yaml")
    assert run.code == 2
    assert "creds.yaml (which this profile extends) is not a valid rule profile" in run.err
    for secret in ("db_password", "AKIA", "another-secret"):
        assert secret not in run.err + run.out
