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

from laoxiao_check.model.records import Building, Facility, Project
from laoxiao_check.rules.columns import FAIL, PASS, ProjectTable, judge_columns
from laoxiao_check.rules.decimals import at_least, difference, exact_total, shortfall, shortfall_of
from laoxiao_check.rules.profiles import load_profile
from laoxiao_check.rules.rates import area_per_households, places_per_residents, required_of
from laoxiao_check.services import evaluate as evaluate_module
from laoxiao_check.services.audit import run_audit

AUDIT = SAMPLES / "audit"
SHARES = ("rule_id", "category", "level", "max_distance_m", "within", "method", "informational")
SHARES += ("status", "covered", "nearest_m", "note", "ratio")
FIGURES = ("id", "status", "required", "provided", "shortfall", "estimated", "binding", "requirement")


def _both_ways(monkeypatch: pytest.MonkeyPatch, path, profile: str, **options):
    over_columns = run_audit(path, load_profile(profile), **options)
    with monkeypatch.context() as patched:
        patched.setattr(evaluate_module, "_over_columns", lambda *args: {})
        measure = evaluate_module.measure  # every level measured one project at a time too
        patched.setattr(evaluate_module, "measure", lambda *a, **k: measure(*a, **{**k, "as_columns": False}))
        one_by_one = run_audit(path, load_profile(profile), **options)
    return over_columns, one_by_one


def _same(over_columns, one_by_one) -> int:
    judged = 0
    for a, b in zip(over_columns.estates, one_by_one.estates, strict=True):
        assert a.findings == b.findings  # the words built on demand are the object path's
        assert a.coverage == b.coverage
        assert a.verdict == b.verdict
        for fast, slow in zip(a.shares, b.shares, strict=True):
            assert {k: getattr(fast, k) for k in SHARES} == {k: getattr(slow, k) for k in SHARES}
            judged += type(fast).__name__ == "Share"
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
    over_columns, one_by_one = _both_ways(monkeypatch, AUDIT / estates, "quanzhou", **options)
    judged = _same(over_columns, one_by_one)
    estates_judged = over_columns.summary["city"]["estates"]["judged"]
    assert judged > estates_judged  # the columns did judge (not every row fell back to one by one)
    if "facilities_path" in options:
        assert judged >= 8 * estates_judged  # the coverage levels too (4 figures and 4 shares each)


def test_an_estate_of_no_household_judged_over_columns_as_one_by_one(monkeypatch, tmp_path) -> None:
    """No household to share: each coverage level is not applicable, in the same words."""
    rows = (AUDIT / "estates.csv").read_text(encoding="utf-8").splitlines()
    header, first, second = rows[0], rows[1], rows[2]
    empty = first.replace("1100户", "0户")
    (tmp_path / "estates.csv").write_text("\n".join([header, empty, second]) + "\n", encoding="utf-8")
    options = {"facilities_path": AUDIT / "facilities.geojson", "datum": "gcj02"}
    over_columns, one_by_one = _both_ways(monkeypatch, tmp_path / "estates.csv", "quanzhou", **options)
    _same(over_columns, one_by_one)
    statuses = {c.status for c in over_columns.estates[0].coverage}
    assert statuses == {"not_applicable"}, statuses
    assert {f.status for f in over_columns.estates[0].findings if f.metric == "coverage"} == {
        "not_applicable"
    }


GATED = """id: gated
name: {zh: 测试, en: gated}
extends: quanzhou
documents:
  mine:
    title: a test text
rules:
  childcare.coverage.5min:
    applies_when: {households_at_least: 2000}
    binding: binds
    citation: {document: mine, clause: x}
  eldercare.coverage.15min:
    applies_when: {renovation: true}
    binding: binds
    citation: {document: mine, clause: y}
"""


def test_a_coverage_rule_with_a_gate_is_judged_one_by_one(monkeypatch, tmp_path) -> None:
    """A threshold or a flag on a coverage rule words the estates it does not reach (not
    applicable): over columns as one by one, and the verdicts with them."""
    (tmp_path / "gated.yaml").write_text(GATED, encoding="utf-8")
    options = {"facilities_path": AUDIT / "facilities.geojson", "datum": "gcj02"}
    over_columns, one_by_one = _both_ways(
        monkeypatch, AUDIT / "estates.csv", str(tmp_path / "gated.yaml"), **options
    )
    _same(over_columns, one_by_one)
    gated = [f for e in over_columns.estates for f in e.figures if f.id == "childcare.coverage.5min"]
    assert {f.status for f in gated} >= {"not_applicable", "pass"}


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
    for values in (a, b, a[:1], a[:0], np.array([0.1, 0.2]), np.array([2e9, 0.1]), np.array([1e-7, 0.3])):
        assert exact_total(values) == float(sum((Decimal(repr(v)) for v in values.tolist()), Decimal(0)))


@pytest.mark.parametrize(
    "rate", [30, 20, 0.3, 30.25, 7.5, 1e-7, 123456.789, 0.12345678901234567, 0.9876543210987653]
)
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
    assert required_of(rate, np.array([9091, 9090])).tolist() == [11.0, 10.0]  # 10.0001 and 9.999
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


def _estate(name: str, **given) -> Project:
    """A one-building project as an estate list gives it: new, 100 households, 320 residents,
    40 m² of eldercare rooms and 5 nursery places unless said otherwise."""
    rooms = given.pop("rooms", (Facility("e", "eldercare", area_m2=40), Facility("c", "childcare", places=5)))
    building = Building("b", given.pop("building_households", 100), **given.pop("building", {}))
    fields = {"households": 100, "population": 320, **given}
    return Project(
        name,
        "new",
        fields.pop("households"),
        "project",
        fields.pop("population"),
        False,
        None,
        buildings=(building,),
        facilities=rooms,
        **fields,
    )


ESTATES = [
    ("plain", {}, (True, True)),
    ("eldercare rooms unknown", {"unknown_rooms": {"eldercare": {"en": "-", "zh": "-"}}}, (False, True)),
    ("childcare rooms unknown", {"unknown_rooms": {"childcare": {"en": "-", "zh": "-"}}}, (True, False)),
    ("building handed over", {"building": {"status": "handed_over"}}, (False, False)),
    ("building in phase 1", {"building": {"phase": "1"}}, (False, False)),
    ("room built", {"rooms": (Facility("e", "eldercare", area_m2=40, status="built"),)}, (False, False)),
    ("room in phase 2", {"rooms": (Facility("e", "eldercare", area_m2=40, phase="2"),)}, (False, False)),
    ("a community", {"scope": "community"}, (False, False)),
    ("households unknown", {"households": None}, (False, True)),
    ("residents unknown", {"population": None}, (True, False)),
    (
        "room without area",
        {"rooms": (Facility("e", "eldercare"), Facility("c", "childcare", places=5))},
        (False, True),
    ),
    ("room without places", {"rooms": (Facility("c", "childcare"),)}, (True, False)),
    ("no rooms", {"rooms": ()}, (True, True)),
]


def _rules(**changes):
    profile = load_profile("quanzhou")
    area = next(r for r in profile.rules if r.id == "eldercare.floor_area.new")
    places = next(r for r in profile.rules if r.id == "childcare.places.new")
    return [dataclasses.replace(r, **changes) for r in (area, places)]


def test_the_rows_judged_over_columns_are_exactly_those_without_words() -> None:
    """Every row a gate or a missing figure would word goes one by one; every other row is judged
    here (a row sent one by one needlessly is slow; one judged here wrongly is a wrong answer)."""
    from laoxiao_check.rules import RULE_KINDS

    table = ProjectTable.of([_estate(name, **given) for name, given, _ in ESTATES])
    every = np.ones(len(ESTATES), dtype=bool)
    for position, rule in enumerate(_rules()):
        judged = judge_columns(rule, RULE_KINDS[rule.kind], table, every)
        expected = [flags[position] for _, _, flags in ESTATES]
        assert judged is not None and judged.judged.tolist() == expected, rule.id
    area, places = (judge_columns(r, RULE_KINDS[r.kind], table, every) for r in _rules())
    assert area is not None and places is not None
    # the plain row: 30 m² per 100 of 100 households = 30 m², 40 given; 10 per 1,000 of 320 = 4 places
    assert (area.status[0], area.required[0], area.provided[0], area.shortfall[0]) == (PASS, 30, 40, 0)
    assert (places.status[0], places.required[0], places.provided[0]) == (PASS, 4, 5)
    no_rooms = len(ESTATES) - 1
    assert (area.status[no_rooms], area.provided[no_rooms], area.shortfall[no_rooms]) == (FAIL, 0, 30)
    assert (places.status[no_rooms], places.shortfall[no_rooms]) == (FAIL, 4)
    mask = np.zeros(len(ESTATES), dtype=bool)
    none = judge_columns(_rules()[0], RULE_KINDS["floor_area_per_households"], table, mask)
    assert none is not None and not none.judged.any()  # only the rows asked for (a project's kind)


@pytest.mark.parametrize(
    ("applies_when", "expected"),
    [
        ({"population_at_least": 320}, [True, False, False, False]),
        ({"population_at_least": 321}, [False, False, False, False]),
        ({"households_at_least": 100}, [True, False, False, False]),
        ({"households_at_least": 101}, [False, False, False, False]),
        ({"households_at_least": 100, "population_at_least": 100}, [True, False, False, False]),
    ],
)
def test_a_threshold_judges_over_columns_only_the_rows_it_reaches(applies_when, expected) -> None:
    """From the threshold up, as the one-by-one gate (≥); a row below it or unknown is worded."""
    from laoxiao_check.rules import RULE_KINDS

    projects = [
        _estate("at"),
        _estate("below", households=99, population=319),
        _estate("?", households=None, population=None),
        _estate("at, in phases", building={"phase": "1"}),  # over the threshold, yet worded
    ]
    table = ProjectTable.of(projects)
    rule = _rules(applies_when=applies_when)[0]
    judged = judge_columns(rule, RULE_KINDS[rule.kind], table, np.ones(4, dtype=bool))
    assert judged is not None and judged.judged.tolist() == expected


@pytest.mark.parametrize(
    "changes",
    [
        {"applies_when": {"renovation": 1.0}},
        {"params": {"rate_m2_per_100_households": 30, "acceptance_blocked": True}},
        {"scope": "community"},
        {"kind": "site_area_minimum", "params": {"min_site_area_m2": 400}},
    ],
    ids=["flag", "acceptance", "wider-level", "no-column-form"],
)
def test_a_rule_that_words_every_row_is_not_judged_over_columns(changes) -> None:
    from laoxiao_check.rules import RULE_KINDS

    rule = _rules(**changes)[0]
    table = ProjectTable.of([_estate("plain")])
    assert judge_columns(rule, RULE_KINDS[rule.kind], table, np.ones(1, dtype=bool)) is None


def test_an_empty_list_and_a_rule_without_its_words_judged_over_columns() -> None:
    """No estate at all is no row (not an error); a rule built without the loader's words gets
    its kind's, as its finding does."""
    from laoxiao_check.rules import RULE_KINDS

    for rule in _rules():
        none = judge_columns(rule, RULE_KINDS[rule.kind], ProjectTable.of([]), np.zeros(0, dtype=bool))
        assert none is not None and none.judged.tolist() == [] and none.required.tolist() == []
    profile = load_profile("quanzhou")
    bare = [dataclasses.replace(r, requirement=None) for r in profile.rules]
    profile = dataclasses.replace(profile, rules=tuple(bare))
    assert evaluate_module.evaluate([], profile, estate_lists=True, measure_coverage=False).projects == ()
    judged = evaluate_module.evaluate([_estate("plain")], profile, estate_lists=True, measure_coverage=False)
    only = judged.projects[0]
    assert only is not None
    columns = [f for f in only.figures if type(f).__name__ == "Judged"]
    assert len(columns) == 2
    for fast in columns:
        slow = next(f for f in only.findings if f.id == fast.id)
        assert {k: getattr(fast, k) for k in FIGURES} == {k: getattr(slow, k) for k in FIGURES}


def test_figures_of_six_decimals_are_worked_out_without_decimals(monkeypatch) -> None:
    """The exact path is whole millionths: Decimal only for a figure of more decimals or beyond a
    billion (the rare rows), so that 100,000 estates are compared in one array operation."""
    from laoxiao_check.rules import decimals, rates

    calls: list[float] = []

    def counted(value: float) -> Decimal:
        calls.append(value)
        return Decimal(repr(float(value)))

    monkeypatch.setattr(decimals, "decimal_of", counted)
    plain = np.array([370.2, 0.000001, 999_999_999.5, 0.0, 12.0])
    other = np.array([370.2, 0.0, 1.25, 0.1, 11.999999])
    at_least(plain, other), difference(plain, other), shortfall(other, plain), exact_total(plain)
    unknown = np.array([np.nan, 0.1234567]), np.array([0.1234567, np.nan])
    at_least(*unknown), difference(*unknown)  # a figure unknown: NaN, never worked out
    assert calls == []
    many = np.array([0.1234567, 2e9])
    assert at_least(many, np.array([0.1234567, 1.0])).tolist() == [True, True]
    assert len(calls) == 4  # the two rows, each figure once
    calls.clear()
    assert difference(many, np.array([0.0, 0.0])).tolist() == [0.1234567, 2e9]
    assert exact_total(many) == 2000000000.1234567 and len(calls) == 6
    monkeypatch.setattr(rates, "decimal_of", counted)
    calls.clear()
    required_of(area_per_households(30.25), np.array([1234.0, 7.0]))
    required_of(places_per_residents(1.1), np.array([50000.0, np.nan]))
    assert len(calls) == 2  # each rate once; every count whole: no row by decimals
    calls.clear()
    assert required_of(area_per_households(0.3), np.array([0.1, 100.0])).tolist() == [0.0003, 0.3]
    assert 0.1 * 3 / 1000 != 0.0003  # what floats alone would say
    assert len(calls) == 3  # the rate, then the count with decimals and the rate again


SHARE_ROWS = [  # covered, reason, off the main piece, households
    (True, "beyond", False, 120),
    (True, "beyond", True, 120),
    (True, "cut_off", True, 80),
    (False, "unsnapped", False, 50),
    (False, "cut_off", True, 50),
    (False, "cut_off", False, 50),
    (False, "beyond", True, 50),
    (False, "beyond", False, 50),
    (False, "facility_unsnapped", False, 50),
    (False, "no_facility", False, 50),
    (True, "beyond", False, 0),
    (False, "beyond", False, 0),
    (False, "beyond", False, 1),  # one household outside: none of one covered
]


@pytest.mark.parametrize("required_ratio", [1.0, 0.5, 0.0])
def test_a_level_judged_as_columns_is_each_estate_judged_alone(required_ratio) -> None:
    """Every why and every share (covered, not, on a cut-off piece, of no household) gives the
    same status, share and note over columns as one estate at a time."""
    from laoxiao_check.model.check import CoverageLevel, LevelColumns
    from laoxiao_check.rules.kinds.coverage import judge, judge_shares

    level = CoverageLevel("eldercare.coverage.15min", "eldercare", "15min", 1000.0, required_ratio)
    n = len(SHARE_ROWS)
    columns = LevelColumns(
        level,
        "network",
        "EPSG:4547",
        list(range(100, 100 + n)),
        [f"b{i}" for i in range(n)],
        [households for *_, households in SHARE_ROWS],
        [None if not covered else 10.0 * i for i, (covered, *_) in enumerate(SHARE_ROWS)],
        [covered for covered, *_ in SHARE_ROWS],
        [reason for _, reason, *_ in SHARE_ROWS],
        [off for _, _, off, _ in SHARE_ROWS],
        True,
        {3: [{"kind": "building", "id": "b3", "households": 50, "offset_m": 412.0}]},
        {},
    )
    judged = judge_shares(columns)
    alone = [judge(columns.distances(row)) for row in range(n)]
    assert judged.status == [r.status for r in alone]
    assert judged.ratio == [r.ratio for r in alone]
    assert judged.covered == [r.covered for r in alone]
    assert judged.note == [r.note for r in alone]
    assert len(set(judged.note)) >= 4  # the rows do tell the whys apart
    assert alone[3].unsnapped and not alone[4].unsnapped
    words = alone[0].message
    assert (
        repr(words) == repr(dict(words)) and len(words) == 2 and dict(words) == {k: words[k] for k in words}
    )


def test_the_columns_of_a_rule_hold_only_the_estates_of_its_kinds() -> None:
    profile = load_profile("quanzhou")
    estates = [_estate("new"), dataclasses.replace(_estate("old"), kind="existing"), _estate("not judged")]
    by_kind = {kind: profile.rules_for(kind) for kind in ("new", "existing")}
    columns = evaluate_module._over_columns(estates, [True, True, False], by_kind)
    assert columns["eldercare.floor_area.new"][1].judged.tolist() == [True, False, False]
    assert columns["eldercare.floor_area.existing"][1].judged.tolist() == [False, True, False]
    assert columns["eldercare.coverage.15min"][1] is None  # judged from its measured shares


def test_a_share_is_met_exactly_whatever_the_digits_of_the_ratio() -> None:
    from laoxiao_check.rules.rates import meets_share

    assert ProjectTable.of([]).of_kinds(("new",)).dtype == bool  # an empty list's rows still a mask
    ratio = 0.12345678901234567  # 6172839450617283 / 5e16: 1,000 or 2,000 households × it pass 2**63
    covered, total = np.array([1000, 0, 12]), np.array([1000, 2000, 100])
    assert meets_share(covered, total, ratio).tolist() == [True, False, False]
    assert meets_share(np.array([9, 8]), np.array([10, 10]), 0.9).tolist() == [True, False]
    assert meets_share(np.array([0]), np.array([0]), 1.0).tolist() == [True]


def test_a_rule_columns_figures_read_as_json_shows_them():
    """Whole figures as ints (370), others as floats (370.2); a missing one (NaN) and an
    infinite one stay floats — never an int of a non-whole or non-finite figure."""
    import math

    import numpy as np

    from laoxiao_check.rules.columns import _plain_column

    plain = _plain_column(np.array([30.0, 30.5, np.nan, -2.0, np.inf, 1e15]))
    assert [type(v) for v in plain] == [int, float, float, int, float, int]
    assert plain[:2] == [30, 30.5] and math.isnan(plain[2]) and plain[3] == -2 and plain[4] == math.inf
