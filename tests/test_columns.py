"""Rules over columns: the same answer as one project at a time, to the last digit.

The audit judges floor area, places and measured coverage over columns
(``rules/columns.py``) and words a finding only where a report prints it. These tests hold that
path to the one-project path (``rules.evaluate``) on every bundled audit and on the real estate
lists, and the exact decimal arithmetic over arrays to :class:`decimal.Decimal` row by row.
"""

from __future__ import annotations

import dataclasses
import math
import random
from decimal import Decimal

import numpy as np
import pytest
from conftest import REAL_DATA, SAMPLES

from laoxiao_check.model.records import Facility, Project
from laoxiao_check.rules.columns import ProjectTable
from laoxiao_check.rules.decimals import at_least, difference, shortfall, shortfall_of
from laoxiao_check.rules.profiles import load_profile
from laoxiao_check.rules.rates import area_per_households, places_per_residents, required_of
from laoxiao_check.services import evaluate as evaluate_module
from laoxiao_check.services.audit import run_audit

AUDIT = SAMPLES / "audit"
FIGURES = ("id", "status", "required", "provided", "shortfall", "estimated", "binding", "requirement")


def _both_ways(monkeypatch: pytest.MonkeyPatch, path, profile: str, **options):
    over_columns = run_audit(path, load_profile(profile), **options)
    with monkeypatch.context() as patched:
        patched.setattr(evaluate_module, "_over_columns", lambda *args: {})
        one_by_one = run_audit(path, load_profile(profile), **options)
    return over_columns, one_by_one


def _same(over_columns, one_by_one) -> int:
    judged = 0
    for a, b in zip(over_columns.estates, one_by_one.estates, strict=True):
        assert a.findings == b.findings  # the words built on demand are the object path's
        assert a.verdict == b.verdict
        for fast, slow in zip(a.figures, b.figures, strict=True):
            assert {k: getattr(fast, k) for k in FIGURES} == {k: getattr(slow, k) for k in FIGURES}
            assert type(fast.required) is type(slow.required)  # 370 stays an int
            judged += type(fast).__name__ == "Judged"
    assert over_columns.summary == one_by_one.summary
    return judged


@pytest.mark.parametrize(
    ("estates", "options"),
    [
        (
            "estates.csv",
            {
                "facilities_path": AUDIT / "facilities.geojson",
                "network_path": AUDIT / "network.geojson",
                "datum": "gcj02",
                "population_path": AUDIT / "population.csv",
            },
        ),
        ("estates.csv", {"facilities_path": AUDIT / "facilities.geojson", "datum": "gcj02"}),
        ("estates.csv", {"datum": "gcj02"}),
        ("capacity_estates.csv", {"facilities_path": AUDIT / "capacity_facilities.geojson"}),
    ],
    ids=["network", "straight-line", "no-facilities", "capacity"],
)
def test_bundled_audits_judged_over_columns_as_one_by_one(monkeypatch, estates, options) -> None:
    judged = _same(*_both_ways(monkeypatch, AUDIT / estates, "quanzhou", **options))
    assert judged > 40  # the columns did judge (not every row fell back to one by one)


@pytest.mark.skipif(not (REAL_DATA / "estates").is_dir(), reason="../shared/real-data is absent")
@pytest.mark.parametrize(("name", "profile"), [("quanzhou", "quanzhou"), ("nanjing", "baseline")])
def test_real_lists_judged_over_columns_as_one_by_one(monkeypatch, name, profile) -> None:
    _same(*_both_ways(monkeypatch, REAL_DATA / "estates" / f"{name}.csv", profile, datum="bd09"))


def _decimals(rng: random.Random, n: int, ties: bool) -> list[tuple[float, float]]:
    pairs = []
    for _ in range(n):
        a = round(rng.uniform(0, 5000), rng.choice([0, 1, 2, 3, 7]))
        b = a if ties and rng.random() < 0.5 else round(rng.uniform(0, 5000), rng.choice([0, 1, 2, 3, 7]))
        pairs.append((a, b))
    return pairs


def test_at_least_and_difference_are_exact_decimals() -> None:
    rng = random.Random(7)
    edges = [(0.3, 0.1 + 0.2), (370.2, 370.2), (1e12 + 0.5, 1e12), (0.0, 0.0)]
    pairs = [*_decimals(rng, 4000, ties=True), *edges]
    a = np.array([p for p, _ in pairs])
    b = np.array([q for _, q in pairs])
    exact = [(Decimal(repr(p)), Decimal(repr(q))) for p, q in pairs]
    assert at_least(a, b).tolist() == [p >= q for p, q in exact]
    assert difference(a, b).tolist() == [float(p - q) for p, q in exact]
    assert shortfall(b, a).tolist() == [float(max(q - p, Decimal(0))) for p, q in exact]
    assert [shortfall_of(q, p) for p, q in pairs] == shortfall(b, a).tolist()
    assert at_least(np.array([np.nan, 1.0]), np.array([1.0, np.nan])).tolist() == [False, False]


@pytest.mark.parametrize("rate", [30, 20, 0.3, 30.25, 7.5, 1e-7, 123456.789])
def test_required_of_is_the_exact_rate(rate) -> None:
    rng = random.Random(rate)
    households = [0, 1, 3, 100, 1234, 99999, 2**40] + [rng.randrange(1, 20000) for _ in range(500)]
    area = required_of(area_per_households(rate), np.array(households, dtype=float))
    assert area.tolist() == [float(Decimal(repr(float(rate))) * h / 100) for h in households]
    residents = [403.2, 1000.0, 3950.0, 0.1, 10.0 / 3] + [round(rng.uniform(0, 9000), 1) for _ in range(500)]
    places = required_of(places_per_residents(rate), np.array(residents))
    expected = [math.ceil(Decimal(repr(float(rate))) * Decimal(repr(r)) / 1000) for r in residents]
    assert places.tolist() == [float(p) for p in expected]
    assert np.isnan(required_of(area_per_households(rate), np.array([np.nan]))).all()


def test_places_on_a_whole_number_are_not_rounded_up() -> None:
    """1.1 per 1,000 of 50,000 residents is 55 places, though in floats 1.1 × 50,000 / 1,000 is
    55.00000000000001 (ceil: 56); of 50,001 residents it is 55.0011 → 56."""
    rate = places_per_residents(1.1)
    assert required_of(rate, np.array([50000.0, 50001.0])).tolist() == [55.0, 56.0]
    assert math.ceil(1.1 * 50000 / 1000) == 56  # what the float product alone would say


def test_a_room_without_area_leaves_its_category_to_the_one_by_one_path() -> None:
    rooms = (
        Facility("a", "eldercare", area_m2=None),
        Facility("b", "childcare", area_m2=100.5, places=None),
        Facility("c", "childcare", area_m2=0.2, places=0),
        Facility("d", "childcare", area_m2=0.1, places=12),
    )
    project = Project("p", "new", 100, "project", 320, False, None, buildings=(), facilities=rooms)
    table = ProjectTable.of([project, dataclasses.replace(project, facilities=rooms[2:])])
    assert np.isnan(table.area["eldercare"]).tolist() == [True, False]
    assert table.area["childcare"].tolist() == [100.8, 0.3]  # decimals summed exactly
    assert np.isnan(table.places["childcare"]).tolist() == [True, False]
    assert table.plain.tolist() == [True, True]
    phased = dataclasses.replace(project, facilities=(dataclasses.replace(rooms[3], phase="1"),))
    assert ProjectTable.of([phased]).plain.tolist() == [False]
