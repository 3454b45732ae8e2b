"""Issue 23, item 4: OSM walkability after OSM's access tags, every dropped way counted per
reason, the snap rule settable (--prefer-major-within), and a truncated .osm.pbf said so."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import SAMPLES
from test_network_review import coverage, network, project

from laoxiao_check.io.network import read_network
from laoxiao_check.model.errors import InputError

# (coordinates in metres, tags, walkable?, reason counted when dropped)
TAGGED = [
    ([(0, 0), (2000, 0)], {"highway": "residential"}, True, ""),
    ([(0, 10), (2000, 10)], {"highway": "cycleway", "foot": "yes"}, True, ""),
    ([(0, 20), (2000, 20)], {"highway": "cycleway", "foot": "designated"}, True, ""),
    ([(0, 30), (2000, 30)], {"highway": "cycleway"}, False, "highway=cycleway"),
    ([(0, 40), (2000, 40)], {"highway": "footway", "foot": "no"}, False, "foot=no"),
    ([(0, 50), (2000, 50)], {"highway": "service", "access": "private"}, False, "access=private"),
    ([(0, 60), (2000, 60)], {"highway": "service", "access": "private", "foot": "permissive"}, True, ""),
    ([(0, 70), (2000, 70)], {"highway": "motorway"}, False, "highway=motorway"),
    ([(0, 80), (2000, 80)], {"highway": "trunk"}, True, ""),
    ([(0, 90), (2000, 90)], {"highway": "bridleway", "foot": "yes"}, True, ""),
    ([(0, 100), (2000, 100)], {"highway": "construction", "foot": "yes"}, False, "highway=construction"),
    ([(0, 110), (2000, 110)], {"highway": "path", "access": "no"}, False, "access=no"),
    ([(0, 120), (2000, 120)], {"highway": "motorway", "foot": "yes"}, True, ""),
]


def test_geojson_ways_follow_the_access_tags_and_every_drop_is_counted(tmp_path: Path, run_cli) -> None:
    path = network(tmp_path / "tagged.geojson", [(c, t) for c, t, *_ in TAGGED])
    lines = read_network(path)
    assert len(lines.lines) == sum(w for *_, w, _ in TAGGED)
    expected = {}
    for *_, walkable, reason in TAGGED:
        if not walkable:
            expected[reason] = expected.get(reason, 0) + 1
    assert dict(lines.dropped_by_reason) == expected
    assert lines.ways_dropped == sum(expected.values())
    # opened by foot=: two cycleways, the bridleway and the motorway with foot=yes
    assert lines.opened_by_tag == 4
    # shown in the health report of every output
    found = coverage(run_cli, project(tmp_path / "p.geojson", (100, 5), (300, 5)), path)
    assert found["network"]["ways_closed_by_tag"] == expected
    assert found["network"]["ways_opened_by_foot_tag"] == 4
    terminal = run_cli(
        "check", tmp_path / "p.geojson", "--rules", "baseline", "--network", path, "--lang", "en"
    ).out
    assert "highway=cycleway: 1" in terminal and "foot=no: 1" in terminal


def test_a_covered_estate_on_a_foot_yes_cycleway_reads_covered(tmp_path: Path, run_cli) -> None:
    """Only a cycleway with foot=designated leads to the facility: it is walked."""
    ways = [([(0, 0), (1000, 0)], {"highway": "cycleway", "foot": "designated"})]
    found = coverage(
        run_cli, project(tmp_path / "p.geojson", (100, 5), (600, 5)), network(tmp_path / "n.geojson", ways)
    )
    assert found[("eldercare", "15min")]["households_covered"] == 100
    closed = [([(0, 0), (1000, 0)], {"highway": "cycleway", "foot": "no"}), ([(0, 300), (1000, 300)], {})]
    run = run_cli(
        "check", project(tmp_path / "q.geojson", (100, 5), (600, 5)), "--rules", "baseline",
        "--network", network(tmp_path / "m.geojson", closed), "--format", "json",
    )  # fmt: skip
    assert json.loads(run.out)["network"]["ways_closed_by_tag"] == {"foot=no": 1}


def test_no_walkable_way_names_what_closed_them(tmp_path: Path) -> None:
    path = network(tmp_path / "n.geojson", [([(0, 0), (100, 0)], {"highway": "cycleway"})])
    with pytest.raises(InputError, match=r"n\.geojson: no way .* open to pedestrians .*highway=cycleway: 1"):
        read_network(path)


# --- the snap rule --------------------------------------------------------------------------

# a 20 m footway stub 5 m from the building, joining nothing; the street, with the facility on it
STUB = ([(90, 10), (110, 10)], {"highway": "footway"})


def street_at(y: float) -> tuple[list[tuple[float, float]], dict]:
    return ([(-1000, y), (3000, y)], {"highway": "residential"})


def test_a_street_within_prefer_major_within_is_joined_instead_and_said(tmp_path: Path, run_cli) -> None:
    subject = project(tmp_path / "p.geojson", (100, 5), (400, -45))
    path = network(tmp_path / "n.geojson", [STUB, street_at(-40)])  # the street 45 m away: +40 m
    found = coverage(run_cli, subject, path)
    assert found[("eldercare", "15min")]["uncovered"] == []
    health = found["network"]
    assert health["prefer_major_within_m"] == 50
    assert health["buildings_joined_larger_way_instead"] == 1
    assert health["larger_way_instead_farther_m"] == pytest.approx(40.0, abs=0.1)
    assert health["buildings_joined_larger_way_too"] == 0
    run = run_cli("check", subject, "--rules", "baseline", "--network", path, "--lang", "en")
    assert "1 building(s) joined a larger way up to 40 m farther" in run.out + run.err


def test_a_street_beyond_the_preference_is_joined_too_never_cut_off(tmp_path: Path, run_cli) -> None:
    """The street 155 m away (150 m farther than the stub): joined besides the stub, within
    --max-snap, so the building is not cut off; --prefer-major-within 0 joins the nearest way
    only, and the building reads cut off as before."""
    subject = project(tmp_path / "p.geojson", (100, 5), (400, -155))
    path = network(tmp_path / "n.geojson", [STUB, street_at(-150)])
    found = coverage(run_cli, subject, path)
    level = found[("eldercare", "15min")]
    assert level["uncovered"] == [] and level["households_covered"] == 100
    assert found["network"]["buildings_joined_larger_way_too"] == 1
    assert found["network"]["larger_way_too_up_to_m"] == pytest.approx(155.0, abs=0.1)

    nearest = coverage(run_cli, subject, path, "--prefer-major-within", "0")
    (outside,) = nearest[("eldercare", "15min")]["uncovered"]
    assert outside["reason"] == "cut_off"
    assert nearest["network"]["prefer_major_within_m"] == 0
    assert nearest["network"]["buildings_joined_larger_way_too"] == 0


def test_prefer_major_within_is_checked_and_shared(run_cli, tmp_path: Path) -> None:
    subject = project(tmp_path / "p.geojson", (100, 5), (400, -45))
    path = network(tmp_path / "n.geojson", [STUB, street_at(-40)])
    for bad in ("-1", "nan", "inf", "x"):
        run = run_cli(
            "check", subject, "--rules", "baseline", "--network", path, "--prefer-major-within", bad
        )
        assert run.code == 2 and "--prefer-major-within" in run.err, bad
    for command in ("check", "audit", "plan"):
        assert "--prefer-major-within" in run_cli(command, "--help").out


def test_the_option_default_is_the_snap_default() -> None:
    from laoxiao_check.cli.options import DEFAULT_PREFER_MAJOR_WITHIN_M as shown
    from laoxiao_check.spatial.network.snap import DEFAULT_PREFER_MAJOR_WITHIN_M

    assert shown == DEFAULT_PREFER_MAJOR_WITHIN_M


# --- OpenStreetMap extracts -----------------------------------------------------------------


def karhula() -> Path:
    pyrosm = pytest.importorskip("pyrosm")
    try:
        return Path(pyrosm.get_data("test_pbf"))
    except Exception:  # noqa: BLE001 - the wheel's data is absent: nothing to test against
        pytest.skip("pyrosm's Karhula extract is not available")


def test_karhula_cycleways_with_foot_yes_are_walked_and_counted() -> None:
    """The Karhula extract: 81 cycleways, 27 of them foot=yes (one a pedestrian tunnel)."""
    lines = read_network(karhula())
    dropped = dict(lines.dropped_by_reason)
    assert lines.opened_by_tag == 27
    assert dropped == {
        "highway=cycleway": 54,
        "highway=motorway_link": 10,
        "highway=motorway": 2,
        "access=private": 1,
    }
    assert len(lines.lines) == 264  # pyrosm's walking filter: 237, without the 27 cycleways
    _, health = lines.walk_graph("EPSG:32635")
    assert health["ways_closed_to_pedestrians"] == 67 and health["ways_opened_by_foot_tag"] == 27
    assert health["ways_closed_by_tag"] == dropped


def test_a_truncated_osm_extract_is_exit_2_and_says_so(tmp_path: Path, run_cli) -> None:
    whole = karhula().read_bytes()
    for size in (200, len(whole) // 2, len(whole) - 10):
        cut = tmp_path / f"cut{size}.osm.pbf"
        cut.write_bytes(whole[:size])
        with pytest.raises(InputError, match=r"truncated or corrupt.*download it again"):
            read_network(cut)
    run = run_cli(
        "check", SAMPLES / "karhula_osm.geojson", "--rules", "national", "--network", cut, "--no-cache"
    )
    assert run.code == 2, run.err
    assert cut.name in run.err and "truncated" in run.err and "Traceback" not in run.err
