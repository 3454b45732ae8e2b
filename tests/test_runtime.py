"""The cycle collector paused while a command runs, and as it was after (services/runtime.py)."""

from __future__ import annotations

import gc

import pytest

from laoxiao_check.services.runtime import collector_paused


@pytest.mark.parametrize("enabled", [True, False])
def test_the_collector_is_paused_within_and_as_it_was_after(enabled) -> None:
    (gc.enable if enabled else gc.disable)()
    try:
        with collector_paused():
            assert not gc.isenabled()
        assert gc.isenabled() is enabled
        with pytest.raises(RuntimeError), collector_paused():
            raise RuntimeError("a failed run")
        assert gc.isenabled() is enabled
    finally:
        gc.enable()


def test_a_command_runs_with_the_collector_paused(run_cli, monkeypatch) -> None:
    seen = []
    from laoxiao_check.cli import main

    real = main._run
    monkeypatch.setattr(main, "_run", lambda argv: seen.append(gc.isenabled()) or real(argv))
    assert run_cli("rules", "list").code == 0
    assert seen == [False] and gc.isenabled()


def test_pauses_that_overlap_leave_the_collector_running_after_the_last() -> None:
    """Two tasks of one worker: the first to end does not restart it, the last does."""
    gc.enable()
    first, second = collector_paused(), collector_paused()
    first.__enter__()
    second.__enter__()
    first.__exit__(None, None, None)
    assert not gc.isenabled()
    second.__exit__(None, None, None)
    assert gc.isenabled()
