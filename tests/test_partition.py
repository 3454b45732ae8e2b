"""audit --partition-by: the same answer in one process and on a Dask cluster of 2 processes;
failing partitions; bad input; cancelling.

The inputs are a small synthetic country built in a temporary folder: two adjacent cities
(the nearest facility of some estates of one lies in the other, so the margin matters) and a
third one 35 km away, each with a street grid of its own, as per-city files and as one file.
"""

from __future__ import annotations

import contextlib
import csv
import json
import logging
import math
import sys
import time
from pathlib import Path

import geopandas as gpd
import numpy as np
import pytest
import shapely

from laoxiao_check.model.errors import InputError
from laoxiao_check.report.json.audit import render
from laoxiao_check.rules.profiles import load_profile
from laoxiao_check.services.audit import run_audit

distributed = pytest.importorskip("distributed")

from laoxiao_check.services import partition, runners
from laoxiao_check.services.partition import run_partitioned_audit, widen
from laoxiao_check.services.runners import DaskRunner, InProcess

CITIES = {  # name → (west, south) corner of its area, degrees
    "甲市": (118.560, 24.860),
    "乙市": (118.586, 24.860),  # 2.6 km east of 甲市's corner: the two areas touch
    "丙市": (118.900, 25.100),  # about 40 km away
}
SIDE = 0.024  # degrees: each city is about 2.4 km across
STEP = 0.002  # street spacing, degrees (about 200 m)


def _street_grid(west: float, south: float) -> list[shapely.LineString]:
    ticks = np.arange(0, SIDE + 1e-9, STEP)
    lines = [shapely.LineString([(west + t, south), (west + t, south + SIDE)]) for t in ticks]
    lines += [shapely.LineString([(west, south + t), (west + SIDE, south + t)]) for t in ticks]
    return lines


@pytest.fixture(scope="module")
def country(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("country")
    rng = np.random.default_rng(14)
    rows = []
    for name, (west, south) in CITIES.items():
        for i in range(16):
            lon = west + rng.uniform(0.001, SIDE - 0.001)
            lat = south + rng.uniform(0.001, SIDE - 0.001)
            households = int(rng.integers(200, 2500))
            rooms = i % 3 == 0
            rows.append(
                [
                    f"{name}小区{i:02d}",
                    name,
                    f"{name[0]}{'东西'[i % 2]}区",
                    households,
                    round(lon, 6),
                    round(lat, 6),
                    int(households * 0.2) if rooms else "",
                    int(households * 0.1) if rooms else "",
                    int(rng.integers(0, 30)) if rooms else "",
                ]
            )
    rows.append(["资料缺失小区", "甲市", "甲东区", "暂无资料", 118.57, 24.87, "", "", ""])
    rows.append(["无坐标小区", "丙市", "丙东区", 800, "", "", "", "", ""])
    order = rng.permutation(len(rows))  # cities interleaved: the output keeps the list's order
    estates = folder / "estates.csv"
    with estates.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        header = ["小区名称", "城市", "区县", "户数", "经度", "纬度", "养老面积", "托育面积", "托位数"]
        writer.writerow(header)
        writer.writerows(rows[k] for k in order)

    features = []
    for name, (west, south) in CITIES.items():
        for k in range(4):
            lon, lat = west + rng.uniform(0, SIDE), south + rng.uniform(0, SIDE)
            features.append(
                {
                    "type": "Feature",
                    "geometry": {"type": "Point", "coordinates": [lon, lat]},
                    "properties": {
                        "name": f"{name}设施{k}",
                        "category": "eldercare" if k % 2 else "childcare",
                        "area_m2": 600,
                        "places": 0 if k % 2 else 60,
                        "district": f"{name[0]}东区",
                    },
                }
            )
    # a childcare centre just across 甲市's eastern edge, inside 乙市's area
    features.append(
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [118.5845, 24.871]},
            "properties": {"name": "边界托育", "category": "childcare", "area_m2": 400, "places": 40},
        }
    )
    facilities = folder / "facilities.geojson"
    facilities.write_text(json.dumps({"type": "FeatureCollection", "features": features}), encoding="utf-8")

    nets = folder / "nets"
    nets.mkdir()
    everything = []
    for name, (west, south) in CITIES.items():
        lines = _street_grid(west, south)
        everything += lines
        gpd.GeoDataFrame(geometry=lines, crs="EPSG:4326").to_file(nets / f"{name}.gpkg", engine="pyogrio")
    whole = folder / "country.gpkg"
    country_wide = gpd.GeoDataFrame(geometry=everything, crs="EPSG:4326").to_crs("EPSG:4549")
    country_wide.to_file(whole, engine="pyogrio")  # in metres: the box is reprojected to read it
    return {"estates": estates, "facilities": facilities, "nets": nets, "whole": whole, "folder": folder}


@pytest.fixture(scope="module")
def client():
    """One local cluster of 2 processes for the module's library-level runs."""
    logging.getLogger("distributed").setLevel(logging.ERROR)
    with (
        distributed.LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            dashboard_address=":0",
            silence_logs=logging.ERROR,
        ) as cluster,
        distributed.Client(cluster, set_as_default=False) as connected,
    ):
        yield connected


def _audit(country, runner=None, network: str | None = None, partition_by: str | None = "city", **options):
    settings = {
        "facilities_path": country["facilities"],
        "network_path": network,
        **options,
    }
    profile = load_profile("quanzhou")
    if partition_by is None:
        return run_audit(country["estates"], profile, **settings)
    return run_partitioned_audit(
        country["estates"], profile, partition_by=partition_by, runner=runner, **settings
    )


def _networks(country) -> dict[str, str | None]:
    return {
        "straight line": None,
        "a network file per city": str(country["nets"] / "{city}.gpkg"),
        "one country file, read by box": str(country["whole"]),
    }


@pytest.mark.parametrize("how", ["straight line", "a network file per city", "one country file, read by box"])
def test_a_cluster_of_two_processes_gives_the_same_json(country, client, how) -> None:
    network = _networks(country)[how]
    here = render(_audit(country, InProcess(), network))
    there = render(_audit(country, DaskRunner(client), network))
    assert here == there
    document = json.loads(there)
    assert [p["name"] for p in document["partitions"]] == list(CITIES)
    assert {p["status"] for p in document["partitions"]} == {"done"}
    assert document["input"]["partition_by"] == "city"
    assert document["summary"]["city"]["estates"]["judged"] == 49


def test_districts_on_the_cluster_give_the_same_json(country, client) -> None:
    network = str(country["whole"])
    here = render(_audit(country, InProcess(), network, partition_by="district"))
    there = render(_audit(country, DaskRunner(client), network, partition_by="district"))
    assert here == there
    assert len(json.loads(there)["partitions"]) == 6


def test_without_a_network_the_partitioned_audit_is_the_single_audit(country) -> None:
    """Straight line: per estate, per group and in the summary, the answer of the audit
    without --partition-by (only the partitions are added to the document)."""
    whole, parts = _audit(country, partition_by=None), _audit(country, InProcess())
    # the words, built on the driver from what the workers judged over columns, are the same too
    assert [(e.findings, e.coverage) for e in whole.estates] == [
        (e.findings, e.coverage) for e in parts.estates
    ]
    single = json.loads(render(whole))
    parted = json.loads(render(parts))
    assert parted.pop("partitions")
    assert parted["input"].pop("partition_by") == "city"
    assert json.dumps(single, ensure_ascii=False) == json.dumps(parted, ensure_ascii=False)


def test_facilities_across_a_partition_boundary_count(country) -> None:
    """An estate of 甲市 near its eastern edge is served by 乙市's centre across the edge."""
    single = _audit(country, partition_by=None)
    parted = _audit(country, InProcess())
    served = [
        (a.estate.name, c.nearest_m)
        for a in single.estates
        for c in a.coverage
        if a.estate.city == "甲市" and c.category == "childcare" and c.level == "15min"
    ]
    nearest = {name: d for name, d in served}
    ours = {
        a.estate.name: c.nearest_m
        for a in parted.estates
        for c in a.coverage
        if a.estate.city == "甲市" and c.category == "childcare" and c.level == "15min"
    }
    assert ours == nearest and len(ours) >= 16


def test_network_per_partition_walks_and_reports_each(country, client) -> None:
    result = _audit(country, DaskRunner(client), str(country["nets"] / "{city}.gpkg"))
    assert result.coverage_method == "network" and result.network is None
    reports = {p.name: p.network for p in result.partitions}
    assert {r["source"] for r in reports.values()} == {f"{name}.gpkg" for name in CITIES}
    assert all(r["pieces"] == 1 for r in reports.values())
    walked = [c for e in result.estates for c in e.coverage if c.nearest_m is not None]
    assert walked and all(c.method == "network" for c in walked)
    assert len({p.worker for p in result.partitions}) >= 1 and all(p.seconds > 0 for p in result.partitions)
    # capacity shared on foot needs every part's walks: left out, and said
    assert result.accessibility is None
    assert any("accessibility" in p.message for p in result.problems)
    assert _audit(country, InProcess()).accessibility is not None  # in a straight line: measured


def test_a_failing_partition_is_reported_and_the_others_complete(country, client, tmp_path) -> None:
    nets = tmp_path / "nets"
    nets.mkdir()
    (nets / "甲市.gpkg").write_bytes((country["nets"] / "甲市.gpkg").read_bytes())
    (nets / "乙市.gpkg").write_bytes(b"this is no GeoPackage")  # corrupt; 丙市's is missing
    pattern = str(nets / "{city}.gpkg")
    here = _audit(country, InProcess(), pattern)
    there = _audit(country, DaskRunner(client), pattern)
    assert render(here) == render(there)
    status = {p.name: (p.status, p.reason) for p in there.partitions}
    assert status["甲市"] == ("done", "")
    assert status["乙市"][0] == "failed" and "乙市.gpkg" in status["乙市"][1]
    assert status["丙市"][0] == "failed" and "not found" in status["丙市"][1]
    judged = {e.estate.city for e in there.estates if e.verdict != "not_judged"}
    assert judged == {"甲市"}
    failed = [e for e in there.estates if e.estate.city == "乙市"]
    assert all(e.estate.reason.startswith("partition city 乙市 failed") for e in failed)
    document = json.loads(render(there))
    assert [p["status"] for p in document["partitions"]] == ["done", "failed", "failed"]


def test_a_failing_partition_exits_1_listing_it(country, run_cli, tmp_path) -> None:
    nets = tmp_path / "nets"
    nets.mkdir()
    (nets / "甲市.gpkg").write_bytes((country["nets"] / "甲市.gpkg").read_bytes())
    (nets / "乙市.gpkg").write_bytes((country["nets"] / "乙市.gpkg").read_bytes())
    out = tmp_path / "out.json"
    run = run_cli(
        "audit",
        country["estates"],
        "--rules",
        "quanzhou",
        "--facilities",
        country["facilities"],
        "--network",
        nets / "{city}.gpkg",
        "--partition-by",
        "city",
        "--format",
        "json",
        "-o",
        out,
    )
    assert run.code == 1
    assert "partition city 丙市 failed" in run.err and "network file not found" in run.err
    document = json.loads(out.read_text("utf-8"))
    assert [p["status"] for p in document["partitions"]] == ["done", "done", "failed"]


def test_every_partition_failing_on_its_input_is_an_input_error(country, run_cli, tmp_path) -> None:
    out = tmp_path / "out.json"
    run = run_cli(
        "audit",
        country["estates"],
        "--rules",
        "quanzhou",
        "--facilities",
        country["facilities"],
        "--network",
        tmp_path / "{city}.gpkg",
        "--partition-by",
        "city",
        "-o",
        out,
        "--format",
        "json",
    )
    assert run.code == 2 and "city 甲市" in run.err and "not found" in run.err
    assert not out.exists()


def test_a_bug_in_a_partition_is_its_failure(country, monkeypatch) -> None:
    calls = []

    def evaluate(projects, *args, **kwargs):
        calls.append(len(projects))
        if len(calls) == 2:
            raise ZeroDivisionError("float division by zero")
        return real(projects, *args, **kwargs)

    real = partition.evaluate_estates
    monkeypatch.setattr(partition, "evaluate_estates", evaluate)
    result = _audit(country, InProcess())
    failed = [p for p in result.partitions if p.status == "failed"]
    assert [p.name for p in failed] == ["乙市"]
    assert failed[0].reason == "internal error: ZeroDivisionError: float division by zero"
    assert result.summary["city"]["estates"]["judged"] == 33


def test_every_partition_with_a_bug_is_an_internal_error(country, monkeypatch, run_cli) -> None:
    def evaluate(*args, **kwargs):
        raise ZeroDivisionError("float division by zero")

    monkeypatch.setattr(partition, "evaluate_estates", evaluate)
    with pytest.raises(partition.PartitionsFailed, match="city 丙市: internal error: ZeroDivisionError"):
        _audit(country, InProcess())
    run = run_cli(
        "audit", country["estates"], "--rules", "quanzhou", "--partition-by", "city", "--format", "json"
    )
    assert run.code == 3 and "every partition failed" in run.err


def test_a_task_that_raises_on_a_worker_is_returned_not_raised(client) -> None:
    found = dict(DaskRunner(client).run(math.sqrt, [-1.0, 4.0]))
    assert isinstance(found[0], ValueError) and found[1] == 2.0


def test_stopping_cancels_the_tasks_on_the_cluster(client) -> None:
    """Closing the loop (what Ctrl-C does to it) cancels the tasks not yet done: those waiting
    never start (a task already running finishes: Dask cannot stop a running function)."""
    runner = DaskRunner(client)
    running = runner.run(time.sleep, [0.01, 3.0, 3.0, 3.0, 3.0, 3.0, 3.0])
    assert next(running) == (0, None)
    running.close()
    assert client.submit(abs, -1, pure=False).result() == 1  # once the two running sleeps end
    # the waiting sleeps were cancelled, not queued behind (no timing: speed is benchmarked)
    assert not any(client.processing().values())


def test_ctrl_c_leaves_no_output(country, run_cli, monkeypatch, tmp_path) -> None:
    def interrupted(task):
        raise KeyboardInterrupt

    monkeypatch.setattr(partition, "run_partition", interrupted)
    out = tmp_path / "out.json"
    run = run_cli("audit", country["estates"], "--rules", "quanzhou", "--partition-by", "city", "-o", out)
    assert run.code == 130 and "Interrupted" in run.err
    assert not out.exists() and not list(tmp_path.glob(".out.json*"))


def test_cli_with_two_workers_writes_the_same_json(country, run_cli, tmp_path) -> None:
    common = [
        "audit",
        country["estates"],
        "--rules",
        "quanzhou",
        "--facilities",
        country["facilities"],
        "--network",
        country["nets"] / "{city}.gpkg",
        "--partition-by",
        "city",
        "--format",
        "json",
    ]
    here = run_cli(*common, "-o", tmp_path / "here.json")
    there = run_cli(*common, "--workers", "2", "-o", tmp_path / "there.json")
    assert here.code == there.code == 1, there.err
    assert (tmp_path / "here.json").read_bytes() == (tmp_path / "there.json").read_bytes()


# --- bad input ------------------------------------------------------------------------------


def test_partition_by_city_without_a_city_column(run_cli) -> None:
    from conftest import SAMPLES

    run = run_cli("audit", SAMPLES / "audit" / "estates.csv", "--rules", "quanzhou", "--partition-by", "city")
    assert run.code == 2
    assert "estates.csv" in run.err and "no city column" in run.err and "城市" in run.err


def test_workers_zero_is_refused(country, run_cli) -> None:
    partitioned = ("audit", country["estates"], "--rules", "quanzhou", "--partition-by", "city")
    run = run_cli(*partitioned, "--workers", "0")
    assert run.code == 2 and "--workers" in run.err


def test_workers_need_partitions(country, run_cli) -> None:
    run = run_cli("audit", country["estates"], "--rules", "quanzhou", "--workers", "2")
    assert run.code == 2 and "--partition-by" in run.err


def test_workers_and_scheduler_together_are_refused(country, run_cli) -> None:
    run = run_cli(
        "audit",
        *(country["estates"], "--rules", "quanzhou", "--partition-by", "city"),
        *("--workers", "2", "--scheduler", "tcp://127.0.0.1:1"),
    )
    assert run.code == 2 and "one of them" in run.err


def test_a_pattern_needs_its_partitions(country, run_cli) -> None:
    run = run_cli("audit", country["estates"], "--rules", "quanzhou", "--network", "nets/{city}.gpkg")
    assert run.code == 2 and "--partition-by" in run.err
    run = run_cli(
        "audit",
        *(country["estates"], "--rules", "quanzhou", "--network", "nets/{town}.gpkg"),
        *("--partition-by", "city"),
    )
    assert run.code == 2 and "{town}" in run.err


def test_an_unreachable_scheduler_is_a_usage_error_soon(country, run_cli, monkeypatch) -> None:
    monkeypatch.setattr(runners, "CONNECT_TIMEOUT_S", 2.0)
    started = time.perf_counter()
    run = run_cli(
        "audit",
        *(country["estates"], "--rules", "quanzhou", "--partition-by", "city"),
        *("--scheduler", "tcp://127.0.0.1:9"),
    )
    assert run.code == 2, run.err
    assert "no Dask scheduler there" in run.err and "dask scheduler" in run.err
    assert time.perf_counter() - started < 20


@pytest.mark.parametrize("banner", [b"", b"SSH-2.0-OpenSSH_9.6\r\n"])
def test_a_port_that_is_no_scheduler_is_a_usage_error_soon(country, run_cli, monkeypatch, banner) -> None:
    """A dashboard port that never speaks Dask (it hung), or a service sending a banner (read
    as a frame length: MemoryError, exit 3 before): exit 2 within the connect timeout."""
    import socket
    import threading

    monkeypatch.setattr(runners, "CONNECT_TIMEOUT_S", 2.0)
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    accepted: list[socket.socket] = []

    def serve() -> None:
        with contextlib.suppress(OSError):
            while True:
                connection, _ = server.accept()
                accepted.append(connection)
                if banner:
                    connection.sendall(banner)

    threading.Thread(target=serve, daemon=True).start()
    started = time.perf_counter()
    try:
        run = run_cli(
            "audit",
            *(country["estates"], "--rules", "quanzhou", "--partition-by", "city"),
            *("--scheduler", f"tcp://127.0.0.1:{server.getsockname()[1]}"),
        )
    finally:
        server.close()
        for connection in accepted:
            connection.close()
    assert run.code == 2, run.err
    assert "no Dask scheduler there" in run.err and "Traceback" not in run.err
    assert time.perf_counter() - started < 20


def test_an_existing_scheduler_is_used(country, client, run_cli, tmp_path) -> None:
    address = client.scheduler.address
    out = tmp_path / "out.json"
    run = run_cli(
        "audit",
        *(country["estates"], "--rules", "quanzhou", "--partition-by", "city"),
        *("--facilities", country["facilities"], "--scheduler", address, "--format", "json", "-o", out),
    )
    assert run.code == 1, run.err
    here = json.loads(render(_audit(country, InProcess())))
    there = json.loads(out.read_text("utf-8"))
    assert there.pop("provenance")["options"]["--partition-by"] == "city"  # the library's has none
    assert here.pop("provenance") is None
    assert there == here
    assert client.status == "running"  # the cluster we were given stays up


def test_without_dask_the_message_says_what_to_install(country, run_cli, monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)
    partitioned = ("audit", country["estates"], "--rules", "quanzhou", "--partition-by", "city")
    run = run_cli(*partitioned, "--workers", "2")
    assert run.code == 2 and "pip install 'laoxiao-check[dask]'" in run.err


# --- pieces -----------------------------------------------------------------------------------


def test_margins_hold_at_least_their_metres() -> None:
    from laoxiao_check.spatial.geo import WGS84, metric_crs_for, transform

    for lat in (0.0, 24.9, 45.0, 60.0):
        box = (118.0, lat, 118.1, lat + 0.1)
        grown = widen(box, 1000.0)
        crs = metric_crs_for(118.05, lat + 0.05)
        x, y = transform(np.array([box[0], grown[0]]), np.array([box[1], box[1]]), WGS84, crs)
        assert abs(x[1] - x[0]) > 1000
        x, y = transform(np.array([box[0], box[0]]), np.array([box[1], grown[1]]), WGS84, crs)
        assert abs(y[1] - y[0]) > 1000


def test_a_network_read_by_box_holds_only_the_ways_there(country) -> None:
    from laoxiao_check.io.network import read_network

    whole = read_network(country["whole"])
    west, south = CITIES["丙市"]
    part = read_network(country["whole"], bbox=(west - 0.01, south - 0.01, west + SIDE + 0.01, south + 0.01))
    assert 0 < len(part.lines) < len(whole.lines) / 3
    with pytest.raises(InputError, match="no features within longitude"):
        read_network(country["whole"], bbox=(100.0, 30.0, 100.1, 30.1))


def test_graphs_read_by_box_are_cached_by_their_box(country) -> None:
    from laoxiao_check.io.network_cache import graph_key
    from laoxiao_check.spatial.network.noding import NodingOptions

    options = NodingOptions()
    key = graph_key(country["whole"], "EPSG:4549", options)
    boxed = graph_key(country["whole"], "EPSG:4549", options, (118.5, 24.8, 118.7, 24.9))
    other = graph_key(country["whole"], "EPSG:4549", options, (118.5, 24.8, 118.7, 24.95))
    assert len({key, boxed, other}) == 3


def test_partitions_by_district_with_polygons_and_population_are_the_single_audit(run_cli, tmp_path) -> None:
    """The bundled sample, with its community polygons and official population table: the
    districts the polygons give make the parts; groups and summary are those of one audit."""
    from conftest import SAMPLES

    audit = SAMPLES / "audit"
    common = [
        "audit",
        audit / "estates.csv",
        *("--rules", "guizhou", "--coords", "gcj02", "--format", "json"),
        *("--facilities", audit / "facilities.geojson", "--communities", audit / "communities.geojson"),
        *("--population", audit / "population.csv"),
    ]
    single = run_cli(*common, "-o", tmp_path / "single.json")
    parted = run_cli(*common, "--partition-by", "district", "-o", tmp_path / "parted.json")
    assert single.code == parted.code
    one = json.loads((tmp_path / "single.json").read_text("utf-8"))
    other = json.loads((tmp_path / "parted.json").read_text("utf-8"))
    assert len(other.pop("partitions")) == 3 and other["input"].pop("partition_by") == "district"
    assert other["provenance"]["options"].pop("--partition-by") == "district"
    assert one["provenance"]["options"].pop("--partition-by") is None
    assert json.dumps(one, ensure_ascii=False) == json.dumps(other, ensure_ascii=False)
    assert one["summary"]["communities"]


def test_a_worker_reads_under_the_limits_of_the_run_that_made_its_task(tmp_path) -> None:
    """A Dask worker is another process: the limits travel in the task, not in a context."""
    import contextvars

    from conftest import SAMPLES

    from laoxiao_check.model.limits import DEFAULT, applied
    from laoxiao_check.services.audit import read_inputs
    from laoxiao_check.services.partition import NetworkSource, partition_tasks, run_partition, split
    from laoxiao_check.services.staging import stage_audit

    AUDIT = SAMPLES / "audit"
    profile = load_profile("quanzhou")
    inputs = read_inputs(
        AUDIT / "estates.csv", profile, facilities_path=AUDIT / "facilities.geojson", datum="gcj02"
    )
    staged = stage_audit(inputs.estate_list, facilities=inputs.facilities, datum="gcj02")
    network = NetworkSource(str(AUDIT / "network.geojson"), use_cache=False)
    with applied(DEFAULT.with_overrides(vertices=10)):
        tasks = partition_tasks(
            staged, profile, "district", split(staged.estates, "district"), network, 30.0, None
        )
    assert {t.limits.vertices for t in tasks} == {10}
    outcome = contextvars.Context().run(run_partition, tasks[0])  # a fresh context, as in a worker
    assert outcome.error_kind == "input" and "over the limit of 10" in outcome.error
