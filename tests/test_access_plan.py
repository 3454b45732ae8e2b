"""Capacity-aware accessibility (2SFCA / E2SFCA) and where to build next (MCLP / LSCP).

Anchors: the floating catchments equal PySAL ``access`` on the same cost matrix, and the
covering answers equal ``spopt`` (solved with CBC through PuLP) — both test-only
dependencies, skipped where they are not installed. The distances come from the same
methods as coverage; pairs on the network equal the nearest-facility walk per source.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import numpy as np
import pytest
from conftest import SAMPLES

from laoxiao_check.report.json.audit import expand, suppliers
from laoxiao_check.spatial.access import floating_catchment, pair_weights
from laoxiao_check.spatial.covering import maximal_covering, set_covering
from laoxiao_check.spatial.distance import StraightLine
from laoxiao_check.spatial.reach import pairs_within

AUDIT = SAMPLES / "audit"
# the reference packages warn about their own use of pandas and PuLP
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning", "ignore::FutureWarning")
RADIUS = 1000.0


def _instance(seed: int, demand: int, supply: int, side: float = 4000.0):
    rng = np.random.default_rng(seed)
    demand_xy = rng.uniform(0, side, (demand, 2))
    supply_xy = rng.uniform(0, side, (supply, 2))
    population = rng.integers(100, 5000, demand).astype(float)
    capacity = rng.integers(5, 120, supply).astype(float)
    return demand_xy, supply_xy, population, capacity


def _full_costs(demand_xy: np.ndarray, supply_xy: np.ndarray) -> np.ndarray:
    return np.sqrt(((demand_xy[:, None, :] - supply_xy[None, :, :]) ** 2).sum(axis=2))


# --- distances ---------------------------------------------------------------------------


@pytest.mark.parametrize("brute", [True, False])
def test_straight_line_pairs_are_every_pair_within_the_distance(brute: bool, monkeypatch) -> None:
    import laoxiao_check.spatial.reach as reach

    monkeypatch.setattr(reach, "BRUTE_FORCE_PAIRS", 10**9 if brute else 0)
    demand_xy, supply_xy, _, _ = _instance(3, 200, 40)
    pairs = pairs_within(StraightLine(), supply_xy, demand_xy, RADIUS)
    costs = _full_costs(demand_xy, supply_xy)
    t, s = np.nonzero(costs <= RADIUS)
    assert list(zip(pairs.target.tolist(), pairs.source.tolist(), strict=True)) == list(
        zip(t.tolist(), s.tolist(), strict=True)
    )
    np.testing.assert_array_equal(pairs.distance_m, np.sqrt(((demand_xy[t] - supply_xy[s]) ** 2).sum(axis=1)))


def _grid_graph(side: int = 25, spacing: float = 80.0, seed: int = 5):
    from laoxiao_check.spatial.network.graph import graph_from_segments

    rng = np.random.default_rng(seed)
    ix, iy = np.meshgrid(np.arange(side), np.arange(side), indexing="ij")
    xy = np.column_stack([ix.ravel(), iy.ravel()]).astype(float) * spacing
    xy += rng.uniform(-10, 10, xy.shape)
    index = np.arange(side * side).reshape(side, side)
    u = np.concatenate([index[:-1, :].ravel(), index[:, :-1].ravel()])
    v = np.concatenate([index[1:, :].ravel(), index[:, 1:].ravel()])
    keep = rng.random(len(u)) > 0.1
    return graph_from_segments(xy[u[keep]], xy[v[keep]]), side * spacing


def test_network_pairs_equal_the_nearest_walk_from_each_source_alone() -> None:
    from laoxiao_check.spatial.network import snap_points
    from laoxiao_check.spatial.network.pairs import pair_distances
    from laoxiao_check.spatial.network.paths import distances_to_nearest

    graph, extent = _grid_graph()
    rng = np.random.default_rng(11)
    sources_xy = rng.uniform(0, extent, (23, 2))
    targets_xy = rng.uniform(0, extent, (150, 2))
    sources_xy[5] = sources_xy[4] + 3.0  # two sources on one edge
    sources, targets = snap_points(graph, sources_xy, 60.0), snap_points(graph, targets_xy, 60.0)
    t, s, d = pair_distances(graph, sources, targets, 700.0)
    found = np.full((150, 23), np.inf)
    found[t, s] = d
    for j in range(23):
        alone = snap_points(graph, sources_xy[[j]], 60.0)
        expected = distances_to_nearest(graph, alone, targets, 700.0)
        np.testing.assert_allclose(found[:, j], expected, rtol=0, atol=1e-9)
    assert np.isfinite(found).sum() > 150  # a real test: many pairs within reach


def test_network_pairs_in_small_blocks_equal_one_block(monkeypatch) -> None:
    import laoxiao_check.spatial.network.pairs as pairs_module
    from laoxiao_check.spatial.network import snap_points

    graph, extent = _grid_graph(seed=8)
    rng = np.random.default_rng(2)
    sources = snap_points(graph, rng.uniform(0, extent, (17, 2)), 60.0)
    targets = snap_points(graph, rng.uniform(0, extent, (90, 2)), 60.0)
    whole = pairs_module.pair_distances(graph, sources, targets, 900.0)
    monkeypatch.setattr(pairs_module, "BLOCK_CELLS", 1)  # one source per Dijkstra run
    for a, b in zip(whole, pairs_module.pair_distances(graph, sources, targets, 900.0), strict=True):
        np.testing.assert_array_equal(a, b)


# --- floating catchments against PySAL access ----------------------------------------------


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("method", ["2sfca", "e2sfca"])
def test_floating_catchment_equals_pysal_access(seed: int, method: str) -> None:
    pd = pytest.importorskip("pandas")
    access_module = pytest.importorskip("access")
    demand_xy, supply_xy, population, capacity = _instance(seed, 60, 12)
    pairs = pairs_within(StraightLine(), supply_xy, demand_xy, RADIUS)
    ours = floating_catchment(
        population, capacity, pairs.target, pairs.source, pairs.distance_m, RADIUS, method
    )

    costs = _full_costs(demand_xy, supply_xy)
    i, j = np.meshgrid(np.arange(60), np.arange(12), indexing="ij")
    model = access_module.Access(
        demand_df=pd.DataFrame({"id": np.arange(60), "pop": population}),
        demand_index="id",
        demand_value="pop",
        supply_df=pd.DataFrame({"id": np.arange(12), "cap": capacity}),
        supply_index="id",
        supply_value="cap",
        cost_df=pd.DataFrame({"origin": i.ravel(), "dest": j.ravel(), "cost": costs.ravel()}),
        cost_origin="origin",
        cost_dest="dest",
        cost_name="cost",
    )
    if method == "2sfca":
        theirs = model.two_stage_fca(name="fca", max_cost=RADIUS, normalize=False)
    else:
        steps = access_module.weights.step_fn({RADIUS / 3: 1.0, RADIUS * 2 / 3: 0.68, RADIUS: 0.22})
        theirs = model.enhanced_two_stage_fca(name="fca", weight_fn=steps, max_cost=RADIUS, normalize=False)
    expected = theirs["fca_cap"].reindex(np.arange(60)).fillna(0.0).to_numpy()
    assert (ours.accessibility > 0).sum() > 20 and (ours.accessibility == 0).any()
    np.testing.assert_allclose(ours.accessibility, expected, rtol=1e-12, atol=1e-15)


def test_shares_add_up_to_the_capacity_reached() -> None:
    demand_xy, supply_xy, population, capacity = _instance(4, 80, 15)
    pairs = pairs_within(StraightLine(), supply_xy, demand_xy, RADIUS)
    result = floating_catchment(population, capacity, pairs.target, pairs.source, pairs.distance_m, RADIUS)
    reached = np.isfinite(result.ratio)
    assert result.share.sum() == pytest.approx(capacity[reached].sum(), rel=1e-12)
    np.testing.assert_allclose(result.load[reached], 1 / result.ratio[reached])


def test_decay_steps_are_inclusive_thirds() -> None:
    weights = pair_weights(np.array([0, 1000 / 3, 340, 2000 / 3, 700, 1000, 1000.5]), 1000.0)
    assert weights.tolist() == [1.0, 1.0, 0.68, 0.68, 0.22, 0.22, 0.0]


# --- covering against spopt; greedy is not always optimal -----------------------------------


def _cover_instance(seed: int, clients: int = 60, sites: int = 25):
    rng = np.random.default_rng(seed)
    costs = rng.uniform(0, 4000, (clients, sites))
    weights = rng.integers(1, 200, clients)
    t, s = np.nonzero(costs <= RADIUS)
    return costs, weights, t, s


@pytest.mark.parametrize("seed", [10, 11, 12])
def test_maximal_covering_equals_spopt(seed: int) -> None:
    pulp = pytest.importorskip("pulp")
    locate = pytest.importorskip("spopt.locate")
    costs, weights, t, s = _cover_instance(seed)
    for k in (2, 4):
        ours = maximal_covering(weights.astype(float), t, s, costs.shape[1], k)
        theirs = locate.MCLP.from_cost_matrix(costs, weights, service_radius=RADIUS, p_facilities=k)
        theirs.solve(pulp.PULP_CBC_CMD(msg=False))
        chosen = [j for j, v in enumerate(theirs.fac_vars) if v.value() > 0.5]
        covered = (costs[:, chosen] <= RADIUS).any(axis=1)
        assert ours.optimal
        assert ours.value == pytest.approx(float(weights[covered].sum()), abs=1e-9)
        assert ours.value == pytest.approx(pulp.value(theirs.problem.objective), abs=1e-9)


@pytest.mark.parametrize("seed", [20, 21, 22])
def test_set_covering_equals_spopt(seed: int) -> None:
    pulp = pytest.importorskip("pulp")
    locate = pytest.importorskip("spopt.locate")
    costs, _, _, _ = _cover_instance(seed, 50, 30)
    radius = 1800.0  # every client is reachable by some site
    assert (costs <= radius).any(axis=1).all()
    t, s = np.nonzero(costs <= radius)
    ours = set_covering(np.ones(50), t, s, 30)
    theirs = locate.LSCP.from_cost_matrix(costs, service_radius=radius)
    theirs.solve(pulp.PULP_CBC_CMD(msg=False))
    assert ours.optimal
    assert ours.value == pulp.value(theirs.problem.objective)
    covered = (costs[:, list(ours.selected)] <= radius).any(axis=1)
    assert covered.all()


# Estates on a line at these x (metres), 100 households each; sites at 1000, 0 and 2000 m.
# The middle site reaches four estates, each side one three: greedy takes the middle (400)
# and one side (+100) = 500; both sides cover 600.
LINE_ESTATES = [-900, 200, 600, 1400, 1800, 2900]
LINE_SITES = [("MID", 1000), ("WEST", 0), ("EAST", 2000)]


def test_greedy_is_not_optimal_and_the_milp_finds_the_optimum() -> None:
    estates = np.array([[x, 0.0] for x in LINE_ESTATES])
    sites = np.array([[x, 0.0] for _, x in LINE_SITES])
    pairs = pairs_within(StraightLine(), sites, estates, RADIUS)
    solution = maximal_covering(np.full(6, 100.0), pairs.target, pairs.source, 3, 2)
    assert solution.greedy_value == 500.0
    assert solution.value == 600.0
    assert solution.selected == (1, 2)
    assert solution.optimal and solution.solver == "milp"


def test_set_covering_drops_what_is_not_reachable() -> None:
    solution = set_covering(np.array([1.0, 1.0, 5.0, 0.0]), np.array([0, 1, 3]), np.array([0, 1, 1]), 2)
    assert solution.uncoverable == (2,)
    assert solution.selected == (0, 1) and solution.value == 2.0


def test_greedy_fallback_reports_its_gap(monkeypatch) -> None:
    import laoxiao_check.spatial.covering as plan

    monkeypatch.setattr(plan, "MAX_MILP_PAIRS", 0)  # as if the instance were too large
    estates = np.array([[x, 0.0] for x in LINE_ESTATES])
    sites = np.array([[x, 0.0] for _, x in LINE_SITES])
    pairs = pairs_within(StraightLine(), sites, estates, RADIUS)
    solution = plan.maximal_covering(np.full(6, 100.0), pairs.target, pairs.source, 3, 2)
    assert solution.solver == "greedy" and not solution.optimal
    assert solution.value == 500.0
    assert solution.bound >= 600.0  # the online bound is valid
    assert solution.gap == pytest.approx((solution.bound - 500.0) / solution.bound)
    assert solution.status.startswith("not tried")


# --- the commands ---------------------------------------------------------------------------


def _lonlat(x_m: float, y_m: float = 0.0) -> tuple[float, float]:
    from pyproj import Transformer

    to_gk = Transformer.from_crs("EPSG:4326", "EPSG:4549", always_xy=True)
    to_ll = Transformer.from_crs("EPSG:4549", "EPSG:4326", always_xy=True)
    ox, oy = to_gk.transform(118.6, 24.9)
    lon, lat = to_ll.transform(ox + x_m, oy + y_m)
    return round(lon, 8), round(lat, 8)


def _line_files(folder: Path) -> tuple[Path, Path]:
    estates = folder / "estates.csv"
    with open(estates, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["name", "households", "lng", "lat"])
        for i, x in enumerate(LINE_ESTATES):
            writer.writerow([f"E{i + 1}", 100, *_lonlat(x)])
    candidates = folder / "sites.csv"
    with open(candidates, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "lng", "lat"])
        for name, x in LINE_SITES:
            writer.writerow([name, *_lonlat(x)])
    return estates, candidates


def test_plan_command_finds_the_optimum_greedy_misses(tmp_path: Path, run_cli) -> None:
    estates, candidates = _line_files(tmp_path)
    args = ["plan", estates, "--candidates", candidates, "--category", "childcare", "--add", "2"]
    result = run_cli(*args, "--format", "json")
    assert result.code == 0, result.err
    document = json.loads(result.out)
    assert [s["id"] for s in document["selected"]] == ["WEST", "EAST"]
    assert document["solution"]["optimal"] is True
    assert document["solution"]["greedy_value"] == 500.0 and document["solution"]["value"] == 600.0
    assert document["coverage_before"]["households_covered"] == 0
    assert document["coverage_after"]["households_covered"] == 600
    assert sum(s["households_newly_covered"] for s in document["selected"]) == 600
    again = run_cli(*args, "--format", "json")
    assert again.out == result.out  # same input, same bytes
    fewest = json.loads(run_cli(*args[:-2], "--format", "json").out)
    assert fewest["add"] is None and fewest["solution"]["problem"] == "set_covering"
    assert [s["id"] for s in fewest["selected"]] == ["WEST", "EAST"]


def _run_json(run_cli, *args: object) -> dict:
    result = run_cli(*args, "--format", "json")
    assert result.code in (0, 1), result.err
    return json.loads(result.out)


def test_capacity_sample_covered_by_distance_but_a_third_of_the_places(run_cli) -> None:
    document = _run_json(
        run_cli,
        "audit",
        AUDIT / "capacity_estates.csv",
        "--rules",
        "quanzhou",
        "--facilities",
        AUDIT / "capacity_facilities.geojson",
        "--network",
        AUDIT / "capacity_network.geojson",
    )
    west = [e for e in expand(document) if e["district"] == "鲤城区"]
    childcare = [
        c for e in west for c in e["coverage"] if c["category"] == "childcare" and c["level"] == "15min"
    ]
    assert childcare and all(c["covered"] for c in childcare)
    summary = next(
        c for c in document["summary"]["accessibility"]["categories"] if c["category"] == "childcare"
    )
    district = next(d for d in summary["districts"] if d["name"] == "鲤城区")
    assert district["accessible"] == 58.0
    assert 0.30 <= district["share_of_need"] <= 0.36
    assert district["required_per"] == 6.0 and district["meets_rate"] is False
    nursery = next(f for f in suppliers(summary) if f["id"] == "鲤城区示范托育园")
    assert nursery["estates_reaching"] == 12
    assert nursery["load"] == pytest.approx(nursery["demand_reaching"] / 58.0, rel=1e-4)
    assert nursery["demand_reaching"] < district["residents"]  # weighed down by the decay
    per_estate = [a for e in west for a in e["accessibility"] if a["category"] == "childcare"]
    assert sum(a["accessible"] for a in per_estate) == pytest.approx(58.0, abs=0.01)


def test_capacity_sample_plan_adds_two_sites(run_cli) -> None:
    document = _run_json(
        run_cli,
        "plan",
        AUDIT / "capacity_estates.csv",
        "--rules",
        "quanzhou",
        "--facilities",
        AUDIT / "capacity_facilities.geojson",
        "--candidates",
        AUDIT / "candidates.geojson",
        "--network",
        AUDIT / "capacity_network.geojson",
        "--category",
        "childcare",
        "--add",
        "2",
        "--objective",
        "capacity",
    )
    assert [s["id"] for s in document["selected"]] == ["K1", "K5"]
    assert document["solution"]["optimal"] is True
    assert document["coverage_after"]["ratio"] == 1.0
    assert document["coverage_before"]["households_covered"] == 12_500


def test_plan_places_candidates_along_the_network(run_cli) -> None:
    document = _run_json(
        run_cli,
        "plan",
        AUDIT / "capacity_estates.csv",
        "--facilities",
        AUDIT / "capacity_facilities.geojson",
        "--network",
        AUDIT / "capacity_network.geojson",
        "--category",
        "childcare",
        "--add",
        "1",
    )
    assert document["input"]["candidates_from"] == "network"
    assert len(document["candidates"]) > 10
    assert document["selected"][0]["id"].startswith("N")
    assert document["coverage_after"]["households_covered"] == document["coverage_after"]["households_total"]


def test_age_groups_share_capacity_by_children(tmp_path: Path, run_cli) -> None:
    population = tmp_path / "population.csv"
    population.write_text(
        "name,level,district,residents,children_0_3\n鲤城区,district,,30000,300\n丰泽区,district,,20000,900\n",
        encoding="utf-8",
    )
    args = [
        "audit",
        AUDIT / "capacity_estates.csv",
        "--rules",
        "quanzhou",
        "--facilities",
        AUDIT / "capacity_facilities.geojson",
    ]
    plain = _run_json(run_cli, *args)
    by_age = _run_json(run_cli, *args, "--population", population)
    entries = [a for e in expand(by_age) for a in e["accessibility"] if a["category"] == "childcare"]
    assert {a["demand_basis"] for a in entries} == {"children_0_3"}
    before = [a for e in expand(plain) for a in e["accessibility"] if a["category"] == "childcare"]
    assert {a["demand_basis"] for a in before} == {"residents"}
    assert [a["demand"] for a in entries] != [a["demand"] for a in before]


def test_catchment_option_changes_the_shares(run_cli) -> None:
    args = [
        "audit",
        AUDIT / "estates.csv",
        "--rules",
        "quanzhou",
        "--facilities",
        AUDIT / "facilities.geojson",
        "--coords",
        "gcj02",
    ]
    enhanced = _run_json(run_cli, *args)
    plain = _run_json(run_cli, *args, "--catchment", "2sfca")
    head = enhanced["summary"]["accessibility"]["categories"][0]
    assert head["catchment"] == "e2sfca" and len(head["decay"]) == 3
    assert plain["summary"]["accessibility"]["categories"][0]["catchment"] == "2sfca"
    shares = [[a["accessible"] for a in e["accessibility"]] for e in expand(enhanced)]
    assert shares != [[a["accessible"] for a in e["accessibility"]] for e in expand(plain)]
    again = run_cli(*args, "--format", "json")
    assert again.out == json.dumps(enhanced, ensure_ascii=False, separators=(",", ":")) + "\n"


@pytest.mark.parametrize("output_format", ["table", "json", "html", "xlsx", "geojson", "gpkg"])
def test_plan_renders_in_every_format(output_format: str, tmp_path: Path, run_cli) -> None:
    estates, candidates = _line_files(tmp_path)
    out = tmp_path / f"plan.{output_format}"
    args = [
        "plan",
        estates,
        "--candidates",
        candidates,
        "--category",
        "childcare",
        "--add",
        "2",
        "--lang",
        "en",
    ]
    result = run_cli(*args, "--format", output_format, "--output", out)
    assert result.code == 0, result.err
    if output_format == "xlsx":
        from openpyxl import load_workbook

        book = load_workbook(out)
        shown = "\n".join(str(c.value) for s in book.worksheets for row in s.iter_rows() for c in row)
    elif output_format == "gpkg":
        import pyogrio

        assert {"estates", "candidates", "selected", "reach"} <= {
            name for name, _ in pyogrio.list_layers(out)
        }
        shown = " ".join(pyogrio.read_dataframe(out, layer="selected")["id"])
    else:
        shown = out.read_text(encoding="utf-8")
    assert "WEST" in shown and "EAST" in shown
    if output_format == "html":
        assert shown.count('data-kind="selected"') == 2 and "<script" not in shown
    if output_format == "geojson":
        layers = {f["properties"]["layer"] for f in json.loads(shown)["features"]}
        assert layers == {"estates", "candidates", "selected", "reach"}  # no facility: an empty layer


def test_every_category_joins_the_network_wherever_its_facilities_lie(tmp_path: Path, run_cli) -> None:
    """An eldercare centre beyond the box of the estates and the nurseries still joins the
    network (one edge index for every category's points)."""
    from pyproj import Transformer

    to_gk = Transformer.from_crs("EPSG:4326", "EPSG:4549", always_xy=True)
    to_ll = Transformer.from_crs("EPSG:4549", "EPSG:4326", always_xy=True)
    ox, oy = to_gk.transform(118.63, 24.93)  # the sample's origin (make_capacity_sample.py)
    document = json.loads((AUDIT / "capacity_facilities.geojson").read_text(encoding="utf-8"))
    document["features"] = [f for f in document["features"] if f["properties"]["category"] == "childcare"]
    lon, lat = to_ll.transform(ox + 4400, oy + 1240)  # every street within 300 m is east of x = 3900
    document["features"].append(
        {
            "type": "Feature",
            "properties": {"name": "far centre", "category": "eldercare", "area_m2": 500},
            "geometry": {"type": "Point", "coordinates": [lon, lat]},
        }
    )
    facilities = tmp_path / "facilities.geojson"
    facilities.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    result = _run_json(
        run_cli,
        "audit",
        AUDIT / "capacity_estates.csv",
        "--rules",
        "quanzhou",
        "--facilities",
        facilities,
        "--network",
        AUDIT / "capacity_network.geojson",
    )
    eldercare = next(
        c for c in result["summary"]["accessibility"]["categories"] if c["category"] == "eldercare"
    )
    (centre,) = suppliers(eldercare)
    assert centre["joined"] is True and centre["estates_reaching"] >= 1


def test_a_solve_cut_by_the_time_limit_falls_back_to_greedy_with_the_bound(monkeypatch) -> None:
    import laoxiao_check.spatial.covering as plan

    def cut_short(reduced, k, time_limit_s):
        return [0], 400.0, 650.0, "time limit"  # HiGHS's best so far and its dual bound

    monkeypatch.setattr(plan, "_milp_max_cover", cut_short)
    estates = np.array([[x, 0.0] for x in LINE_ESTATES])
    sites = np.array([[x, 0.0] for _, x in LINE_SITES])
    pairs = pairs_within(StraightLine(), sites, estates, RADIUS)
    solution = plan.maximal_covering(np.full(6, 100.0), pairs.target, pairs.source, 3, 2, time_limit_s=0.01)
    assert (solution.solver, solution.status, solution.optimal) == ("greedy", "time limit", False)
    # the greedy online bound (400 + the two largest gains after the first pick = 600) is
    # tighter than the dual bound given
    assert solution.value == 500.0 and solution.bound == 600.0
    assert solution.gap == pytest.approx(100 / 600)


# --- regressions of the review of issue 12 --------------------------------------------------


def test_a_site_that_adds_nothing_is_not_recommended_and_duplicates_go_to_the_first() -> None:
    """Estates at 0, 900, 2100, 3000 m (200/300/300/200 households); sites A (450 m), its copy
    Ap, C (1500 m), B (2550 m), its copy Bp. Greedy takes C first, then A and B, which cover
    everything without C: C adds nothing and is left out; of two sites at one point the
    earlier in the file is named, whatever the solver took."""
    estates = np.array([[0.0, 0], [900.0, 0], [2100.0, 0], [3000.0, 0]])
    sites = np.array([[450.0, 0], [450.0, 0], [1500.0, 0], [2550.0, 0], [2550.0, 0]])
    weight = np.array([200.0, 300.0, 300.0, 200.0])
    pairs = pairs_within(StraightLine(), sites, estates, 1000.0)
    for order in (None, [1, 0, 2, 4, 3]):  # the copies listed first
        at = sites if order is None else sites[order]
        pairs = pairs_within(StraightLine(), at, estates, 1000.0)
        names = ["A", "Ap", "C", "B", "Bp"] if order is None else ["Ap", "A", "C", "Bp", "B"]
        for k in (2, 3):
            solution = maximal_covering(weight, pairs.target, pairs.source, 5, k)
            assert [names[i] for i in solution.selected] == sorted(names[:1] + names[3:4], key=names.index)
            assert solution.value == 1000.0 and solution.optimal
        fewest = set_covering(weight, pairs.target, pairs.source, 5)
        assert [names[i] for i in fewest.selected] == sorted([names[0], names[3]], key=names.index)


def test_age_groups_given_for_some_areas_only_are_not_mixed(tmp_path: Path, run_cli) -> None:
    estates = tmp_path / "e.csv"
    estates.write_text(
        "name,district,community,households,population,lng,lat,childcare_places\n"
        f"E1,鲤城区,西街社区,300,1000,{','.join(map(str, _lonlat(0)))},0\n"
        f"E2,鲤城区,东街社区,600,2000,{','.join(map(str, _lonlat(500)))},0\n",
        encoding="utf-8",
    )
    nursery = tmp_path / "f.csv"
    nursery.write_text(f"name,category,places,lng,lat\nN,childcare,30,{','.join(map(str, _lonlat(250)))}\n")
    table = tmp_path / "p.csv"
    table.write_text(
        "名称,层级,区县,常住人口,0-3岁人口\n西街社区,社区,鲤城区,10000,\n东街社区,社区,鲤城区,10000,200\n",
        encoding="utf-8",
    )
    document = _run_json(
        run_cli, "audit", estates, "--rules", "quanzhou", "--facilities", nursery, "--population", table,
        "--catchment", "2sfca",
    )  # fmt: skip
    shares = [next(a for a in e["accessibility"] if a["category"] == "childcare") for e in expand(document)]
    assert [s["demand_basis"] for s in shares] == ["residents", "residents"]
    assert [s["accessible_per"] for s in shares] == [10.0, 10.0]  # 30 places for 3,000 residents
    (childcare,) = [
        c for c in document["summary"]["accessibility"]["categories"] if c["category"] == "childcare"
    ]
    assert any("1 of 2 estates only" in note for note in childcare["notes"])


def test_capacity_objective_without_a_rate_for_the_estates_kind_is_refused(tmp_path: Path, run_cli) -> None:
    estates, candidates = _line_files(tmp_path)
    run = run_cli(
        "plan", estates, "--candidates", candidates, "--category", "childcare", "--add", "1",
        "--rules", "yuxi", "--objective", "capacity",
    )  # fmt: skip
    assert run.code == 2 and "existing estates" in run.err and "--objective coverage" in run.err
