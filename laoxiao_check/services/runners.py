"""Where the partitions of an audit run: this process, a local Dask cluster, or an existing one.

The one module that reaches Dask (``distributed`` is imported here and nowhere else)."""

from __future__ import annotations

import contextlib
import gc
import logging
import os
import re
import signal
import threading
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from laoxiao_check.model.errors import UsageError
from laoxiao_check.model.messages import Said

if TYPE_CHECKING:
    pass


PACKAGE_PARENT = Path(__file__).resolve().parents[2]
"""The folder that holds the package: the local Dask workers import this very copy of it."""


CONNECT_TIMEOUT_S = 10.0
"""How long to try to reach a Dask scheduler (``--scheduler``) before giving up."""


WAIT_FOR_WORKERS_S = 20.0
"""How long to wait for a scheduler's first worker."""


INSTALL_HINT = "pip install 'laoxiao-check[dask]'"


LOCAL_WORKER_CONFIG = {
    # Dask's statistical profiler walks the worker's stack every 10 ms holding the GIL, and
    # its MALLOC_TRIM_THRESHOLD_ turns off glibc's adaptive mmap threshold, so that large numpy
    # arrays are mapped and faulted in afresh each time. The 8 partitions of a test country
    # (60,000 estates, networks of 100k-300k nodes) took 44.6 s on 2 local workers with both,
    # 22.8 s without either (a shared 2-core machine: 19-26 s in one process).
    "distributed.worker.profile.enabled": False,
    "distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None,
}


class Runner(Protocol):
    """Runs a function over tasks and yields (task index, its value or the exception that
    took its place) as they complete."""

    def run(
        self, function: Callable[[Any], Any], tasks: Sequence[Any], sizes: Sequence[float] | None = None
    ) -> Iterator[tuple[int, Any]]: ...


class InProcess:
    """The partitions one after another in this process (``--partition-by`` alone)."""

    def run(
        self, function: Callable[[Any], Any], tasks: Sequence[Any], sizes: Sequence[float] | None = None
    ) -> Iterator[tuple[int, Any]]:
        for index, task in enumerate(tasks):
            yield index, function(task)


class DaskRunner:
    """The partitions as tasks of a Dask cluster, the largest first; cancelled if the caller
    stops (Ctrl-C) before they complete. ``client``: an existing client; else one is made on
    first use, of a local cluster of ``workers`` processes or of the cluster at ``scheduler``."""

    def __init__(
        self, client: Any = None, *, workers: int | None = None, scheduler: str | None = None
    ) -> None:
        self.client = client
        self.cluster: Any = None
        self.workers = workers
        self.scheduler = scheduler
        self.owned = client is None

    def start(self) -> Any:
        if self.client is not None:
            return self.client
        import importlib

        distributed: Any = importlib.import_module("distributed")  # partly untyped

        for name in ("distributed", "distributed.scheduler", "distributed.worker", "distributed.nanny"):
            logging.getLogger(name).setLevel(logging.ERROR)
        if self.scheduler is not None:
            self.client = _connect(distributed, self.scheduler)
        else:
            package_parent = str(PACKAGE_PARENT)
            path = os.pathsep.join(p for p in (package_parent, os.environ.get("PYTHONPATH", "")) if p)
            with importlib.import_module("dask").config.set(LOCAL_WORKER_CONFIG):
                self.cluster = distributed.LocalCluster(
                    n_workers=self.workers or 1,
                    threads_per_worker=1,
                    processes=True,
                    dashboard_address=":0",  # no fixed port: several runs may share a host
                    silence_logs=logging.ERROR,
                    env={"PYTHONPATH": path},  # the workers run this very package, as the driver does
                )
            self.client = distributed.Client(self.cluster, set_as_default=False)
        return self.client

    def close(self) -> None:
        if not self.owned:
            return
        if self.client is not None:
            with contextlib.suppress(Exception):
                self.client.close()
        if self.cluster is not None:
            with contextlib.suppress(Exception):
                self.cluster.close()
        self.client = self.cluster = None

    def run(
        self, function: Callable[[Any], Any], tasks: Sequence[Any], sizes: Sequence[float] | None = None
    ) -> Iterator[tuple[int, Any]]:
        import importlib

        if not tasks:
            return
        client = self.start()
        sizes = list(sizes) if sizes is not None else [0.0] * len(tasks)
        ranks = {index: rank for rank, index in enumerate(sorted(range(len(tasks)), key=lambda i: sizes[i]))}
        futures = []
        interrupted = threading.Event()
        previous = None
        if threading.current_thread() is threading.main_thread():

            def on_interrupt(signum: int, frame: Any) -> None:
                # remembered as well as raised: Dask may catch the KeyboardInterrupt in one of its
                # own callbacks ("Exception ignored in … _gc_callback"), and the run must stop anyway
                interrupted.set()
                raise KeyboardInterrupt

            previous = signal.signal(signal.SIGINT, on_interrupt)
        try:
            data = client.scatter(list(tasks), hash=False)  # to the workers, not through the scheduler
            for index, task in enumerate(data):
                futures.append(client.submit(function, task, pure=False, priority=ranks[index]))
            position = {future.key: index for index, future in enumerate(futures)}
            as_completed: Any = importlib.import_module("distributed").as_completed
            for future in as_completed(futures, loop=client.loop):
                if interrupted.is_set():
                    raise KeyboardInterrupt
                try:
                    value: Any = future.result()
                except Exception as exc:  # noqa: BLE001 - a worker that died or could not run the task
                    value = exc
                gc.collect(1)  # the client's young cycles, with the collector paused (services/runtime.py)
                yield position[future.key], value
            if interrupted.is_set():
                raise KeyboardInterrupt
        finally:
            if previous is not None:
                signal.signal(signal.SIGINT, previous)
            pending = [f for f in futures if not f.done()]
            if pending:
                with contextlib.suppress(Exception):
                    client.cancel(pending, force=True)


@contextlib.contextmanager
def runner_for(workers: int | None = None, scheduler: str | None = None) -> Iterator[Runner]:
    """Where the partitions run: this process, a local cluster of ``workers`` processes, or
    the cluster of ``scheduler``. The cluster is started (or reached) when the first tasks are
    ready, so that bad input is reported at once, and closed however the block ends."""
    if workers is not None and scheduler is not None:
        raise UsageError(
            Said("--workers starts a local cluster, --scheduler uses an existing one: give one of them")
        )
    if workers is None and scheduler is None:
        yield InProcess()
        return
    try:
        import distributed  # noqa: F401 - only whether it is there
    except ImportError:
        raise UsageError(
            Said("--workers and --scheduler run on Dask, which is not installed: {hint}", hint=INSTALL_HINT)
        ) from None
    runner = DaskRunner(workers=workers, scheduler=scheduler)
    try:
        yield runner
    finally:
        runner.close()


SCHEDULER_ADDRESS = re.compile(r"^(?:(?:tcp|tls|ws|wss|ucx|inproc)://[^\s:/]+(?::\d+)?|[^\s:/]+:\d+)/?$")
"""``tcp://host:8786``, ``host:8786``, ``tls://host:8786``…"""


def _client(distributed: Any, scheduler: str) -> Any:
    """A client of the scheduler, or a UsageError: within the connect timeout whatever answers
    there — a dashboard port that never speaks Dask, a service sending a banner that Dask
    would read as a frame length — instead of hanging or failing with exit 3."""
    hint = Said(
        "start one with `dask scheduler` and its workers with `dask worker {scheduler}`", scheduler=scheduler
    )
    if not SCHEDULER_ADDRESS.match(scheduler):
        raise UsageError(
            Said(
                "--scheduler {scheduler}: expected an address like tcp://host:8786; {hint}",
                scheduler=scheduler,
                hint=hint,
            )
        )
    outcome: dict[str, Any] = {}

    def connect() -> None:
        try:
            outcome["client"] = distributed.Client(
                scheduler, timeout=f"{CONNECT_TIMEOUT_S}s", set_as_default=False
            )
        except BaseException as exc:  # noqa: BLE001 - MemoryError from a banner read as a length…
            _disarm(exc, distributed.Client)
            outcome["error"] = exc

    thread = threading.Thread(target=connect, daemon=True, name="laoxiao-connect")
    thread.start()
    thread.join(CONNECT_TIMEOUT_S + 5)
    if thread.is_alive() or "error" in outcome:
        error = outcome.get("error")
        why = (
            Said("no answer in {seconds} s", seconds=f"{CONNECT_TIMEOUT_S + 5:g}")
            if error is None
            else (str(error).splitlines()[0] if str(error) else type(error).__name__)
        )
        raise UsageError(
            Said(
                "--scheduler {scheduler}: no Dask scheduler there ({why}; the scheduler listens on "
                "port 8786 by default, its dashboard on 8787); {hint}",
                scheduler=scheduler,
                why=why,
                hint=hint,
            )
        )
    return outcome["client"]


def _disarm(error: BaseException, client_type: type) -> None:
    """A Client whose constructor failed still closes itself when collected, waiting its full
    timeout and printing a traceback: mark it as never started (its ``__del__`` then does
    nothing), so that a wrong --scheduler is a prompt exit 2 and no noise."""
    trace = error.__traceback__
    while trace is not None:
        candidate: Any = trace.tb_frame.f_locals.get("self")
        if isinstance(candidate, client_type):
            setattr(candidate, "_Client__loop", None)  # what __del__ checks  # noqa: B010
        trace = trace.tb_next


def _connect(distributed: Any, scheduler: str) -> Any:
    client = _client(distributed, scheduler)
    try:
        try:
            client.wait_for_workers(1, timeout=WAIT_FOR_WORKERS_S)
        except (TimeoutError, OSError):
            raise UsageError(
                Said(
                    "--scheduler {scheduler}: the scheduler has no worker after {seconds} s; "
                    "start them with `dask worker {scheduler}`",
                    scheduler=scheduler,
                    seconds=f"{WAIT_FOR_WORKERS_S:g}",
                )
            ) from None
        from laoxiao_check import __version__

        try:
            found = client.run(worker_version)
        except Exception as exc:  # noqa: BLE001 - any failure to run our code on a worker
            raise UsageError(
                Said(
                    "--scheduler {scheduler}: the workers cannot run laoxiao-check ({error}: "
                    "{detail}); install laoxiao-check {version} on every worker",
                    scheduler=scheduler,
                    error=type(exc).__name__,
                    detail=str(exc),
                    version=__version__,
                )
            ) from None
        other = sorted(
            {(str(worker), str(version)) for worker, version in found.items() if version != __version__}
        )
        if other:
            raise UsageError(
                Said(
                    "--scheduler {scheduler}: every worker needs laoxiao-check {version}: {found}",
                    scheduler=scheduler,
                    version=__version__,
                    found=_joined([Said("{worker} has {version}", worker=w, version=v) for w, v in other]),
                )
            )
    except BaseException:
        client.close()
        raise
    return client


def worker_version() -> str:
    """Run on each worker: the version of laoxiao-check it imports."""
    from laoxiao_check import __version__

    return __version__


def _joined(items: list[Said]) -> str:
    """Messages one after another, ``; `` between them, each said in the reader's language."""
    if len(items) <= 1:
        return items[0] if items else ""
    return Said("{first}; {rest}", first=items[0], rest=_joined(items[1:]))
