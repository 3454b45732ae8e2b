"""Writing that fails (issue 30, item 5), and running out of memory.

A write stopped by a full disk, a refused permission or a signal leaves the earlier report as
it was and no ``.part`` file beside it; an ``OSError`` is exit 2 with the reason and what to
do, never a traceback; the target keeps its mode, through a symlink too. Running out of
memory is exit 2 ("input too large for this machine"), never 3.
"""

from __future__ import annotations

import csv
import errno
import os
import random
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import ROOT, SAMPLES

import laoxiao_check.report.xlsx.audit as xlsx_audit
from laoxiao_check.io import output

AUDIT = SAMPLES / "audit"
AUDIT_ARGS = ["--rules", "quanzhou", "--facilities", AUDIT / "facilities.geojson", "--coords", "gcj02"]
PROJECT = SAMPLES / "quanzhou_new_estate.xlsx"
OLD = b"the earlier report\n"
TIMEOUT_S = 30
ENV = {
    **{k: v for k, v in os.environ.items() if k != "LAOXIAO_DEBUG"},  # set in-process by --debug elsewhere
    "PYTHONPATH": str(ROOT),
}


@pytest.fixture(autouse=True)
def no_debug(monkeypatch) -> None:
    monkeypatch.delenv("LAOXIAO_DEBUG", raising=False)


def earlier_report(path: Path, mode: int = 0o600) -> Path:
    path.write_bytes(OLD)
    path.chmod(mode)
    return path


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if ".part" in p.name)


def assert_kept(path: Path) -> None:
    assert path.read_bytes() == OLD
    assert leftovers(path.parent) == []


# --- a full disk, in the process ------------------------------------------------------------
def test_a_disk_full_in_the_middle_of_a_workbook_keeps_the_old_one(tmp_path, run_cli, monkeypatch) -> None:
    target = earlier_report(tmp_path / "audit.xlsx")
    real_write_table = xlsx_audit.write_table
    written = []

    def fills_the_disk(workbook, table) -> None:
        real_write_table(workbook, table)
        written.append(table)
        if len(written) == 2:
            raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(xlsx_audit, "write_table", fills_the_disk)
    run = run_cli("audit", AUDIT / "estates.csv", *AUDIT_ARGS, "--format", "xlsx", "--output", target)
    assert run.code == 2 and len(written) == 2
    assert "No space left on device" in run.err and "free some space" in run.err
    assert "is as it was" in run.err
    assert "Traceback" not in run.err and "Exception ignored" not in run.err
    assert_kept(target)


@pytest.mark.parametrize("fmt", ["json", "html", "xlsx"])
def test_a_refused_rename_keeps_the_old_report(tmp_path, run_cli, monkeypatch, fmt: str) -> None:
    target = earlier_report(tmp_path / f"report.{fmt}")

    def refused(source, destination) -> None:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(output.os, "replace", refused)
    run = run_cli("check", PROJECT, "--rules", "quanzhou", "--format", fmt, "--output", target)
    assert run.code == 2 and "Permission denied" in run.err and "folder you can write to" in run.err
    assert_kept(target)


def test_a_writer_failing_on_a_healthy_disk_is_still_a_bug(tmp_path, run_cli, monkeypatch) -> None:
    target = earlier_report(tmp_path / "audit.xlsx")
    monkeypatch.setattr(xlsx_audit, "write_table", lambda workbook, table: 1 / 0)
    run = run_cli("audit", AUDIT / "estates.csv", *AUDIT_ARGS, "--format", "xlsx", "--output", target)
    assert run.code == 3 and "ZeroDivisionError" in run.err
    assert_kept(target)


# --- a full disk, for real: a file size limit on the process ---------------------------------
LIMITED = """
import resource, signal, sys
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # writing past the limit: EFBIG, as a full disk
resource.setrlimit(resource.RLIMIT_FSIZE, (3000, 3000))
from laoxiao_check.cli.main import main
main(sys.argv[1:])
"""


@pytest.mark.parametrize("fmt", ["xlsx", "gpkg", "geojson", "json"])
def test_a_disk_that_fills_ends_in_exit_2_and_keeps_the_old_report(tmp_path, fmt: str) -> None:
    target = earlier_report(tmp_path / f"audit.{fmt}")
    run = subprocess.run(
        [
            sys.executable,
            "-c",
            LIMITED,
            "audit",
            AUDIT / "estates.csv",
            *AUDIT_ARGS,
            "--format",
            fmt,
            "-o",
            target,
        ],
        capture_output=True,
        text=True,
        timeout=TIMEOUT_S,
        env=ENV,
    )
    assert run.returncode == 2, run.stderr
    assert f"cannot write {target}: File too large" in run.stderr and "write to another disk" in run.stderr
    assert "Traceback" not in run.stderr and "Exception ignored" not in run.stderr
    assert_kept(target)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


# --- a signal in the middle of a large workbook ----------------------------------------------
def large_estate_list(path: Path, rows: int = 5000) -> Path:
    """The sample's estates again and again, spread over a city, so that writing takes seconds."""
    with (AUDIT / "estates.csv").open(encoding="utf-8") as handle:
        header, *sample = list(csv.reader(handle))
    spread = random.Random(30)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        for index in range(rows):
            row = list(sample[index % len(sample)])
            row[0] = f"{row[0]}-{index}"
            row[3] = f"{118.0 + spread.random() * 1.5:.6f}"
            row[4] = f"{24.0 + spread.random() * 1.5:.6f}"
            writer.writerow(row)
    return path


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_a_signal_during_the_write_leaves_no_part_file(tmp_path, signum: int) -> None:
    estates = large_estate_list(tmp_path / "estates.csv")
    out = tmp_path / "out"
    out.mkdir()
    target = earlier_report(out / "audit.xlsx")
    args = ["audit", estates, *AUDIT_ARGS, "--format", "xlsx", "--output", target]
    process = subprocess.Popen(
        [sys.executable, "-m", "laoxiao_check", *map(str, args)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=ENV,
    )
    deadline = time.monotonic() + TIMEOUT_S
    try:
        while not leftovers(out):
            assert process.poll() is None, "the audit ended before its workbook was being written"
            assert time.monotonic() < deadline
            time.sleep(0.02)
        time.sleep(0.3)  # well inside the write
        process.send_signal(signum)
        _, err = process.communicate(timeout=TIMEOUT_S)
    finally:
        process.kill()
    if signum == signal.SIGTERM:
        assert process.returncode == -signal.SIGTERM  # ended by the signal, as before
    else:
        assert process.returncode == 130 and "Interrupted." in err
    assert "Traceback" not in err and "Exception ignored" not in err
    assert_kept(target)


# --- permissions -------------------------------------------------------------------------------
def test_writing_through_a_symlink_keeps_the_target_and_its_mode(tmp_path, run_cli) -> None:
    target = earlier_report(tmp_path / "private.json", mode=0o600)
    link = tmp_path / "report.json"
    link.symlink_to(target)
    run = run_cli("check", PROJECT, "--rules", "quanzhou", "--format", "json", "--output", link)
    assert run.code in (0, 1)
    assert link.is_symlink() and link.resolve() == target
    assert target.read_bytes() != OLD and target.read_bytes().startswith(b"{")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("mode", [0o640, 0o604])
def test_a_replaced_report_keeps_its_mode(tmp_path, mode: int) -> None:
    target = earlier_report(tmp_path / "report.txt", mode=mode)
    output.write_atomic(target, "new")
    assert target.read_text() == "new" and stat.S_IMODE(target.stat().st_mode) == mode


def test_a_new_report_follows_the_umask(tmp_path) -> None:
    previous = os.umask(0o077)
    try:
        output.write_atomic(tmp_path / "new.txt", "new")
    finally:
        os.umask(previous)
    assert stat.S_IMODE((tmp_path / "new.txt").stat().st_mode) == 0o600


# --- out of memory -----------------------------------------------------------------------------
def test_running_out_of_memory_is_an_input_too_large_not_a_bug(run_cli, monkeypatch) -> None:
    import laoxiao_check.services.check as service

    def exhausts(*args, **kwargs):
        raise MemoryError

    monkeypatch.setattr(service, "check_project", exhausts)
    run = run_cli("check", PROJECT, "--rules", "quanzhou")
    assert run.code == 2
    assert "input too large for this machine" in run.err and "more memory" in run.err
    assert "internal error" not in run.err


def test_running_out_of_memory_for_real_is_exit_2(tmp_path) -> None:
    """A 2 GB allocation under a 1 GB address-space limit, in a subprocess."""
    script = (
        "import resource, sys\n"
        "resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))\n"
        "import laoxiao_check.services.check as service\n"
        "service.check_project = lambda *a, **k: bytearray(2 << 30)\n"
        "from laoxiao_check.cli.main import main\n"
        "main(sys.argv[1:])\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", script, "check", PROJECT, "--rules", "quanzhou"],
        capture_output=True,
        text=True,
        timeout=TIMEOUT_S,
        env=ENV,
    )
    assert run.returncode == 2, run.stderr
    assert "input too large for this machine: check ran out of memory" in run.stderr
    assert "Traceback" not in run.stderr
