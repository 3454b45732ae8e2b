"""A plain (non-editable) install must carry the bundled profiles and the JSON Schema."""

from __future__ import annotations

import subprocess
import sys
import zipfile

import pytest
from conftest import ROOT


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "--wheel-dir",
            str(out),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    (path,) = out.glob("laoxiao_check-*.whl")
    return path


def test_wheel_carries_rules_and_schema(wheel) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    for profile in ("baseline", "yuxi", "qidong", "guizhou", "quanzhou", "wanzhou"):
        assert f"laoxiao_check/_rules/{profile}.yaml" in names
    assert "laoxiao_check/schemas/check-result.schema.json" in names
    assert any(n.endswith("entry_points.txt") for n in names)


def test_installed_wheel_finds_its_profiles(wheel, tmp_path) -> None:
    target = tmp_path / "site"
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(target)
    code = (
        "import laoxiao_check.rules.profiles as p; "
        f"assert str(p.bundled_rules_dir()).startswith({str(target)!r}), p.bundled_rules_dir(); "
        "print(p.load_profile('quanzhou').chain)"
    )
    run = subprocess.run(
        [sys.executable, "-c", code],
        env={"PYTHONPATH": str(target)},
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert run.returncode == 0, run.stderr
    assert "('quanzhou', 'baseline')" in run.stdout
