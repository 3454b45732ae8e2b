"""The evaluation service (``services/evaluate.py``): population completed, coverage measured or
left out, projects judged or skipped, progress said, warnings kept with their project.

Projects are built in code with buildings in longitude and latitude; figures are worked by hand.
"""

from __future__ import annotations

import dataclasses

import pytest
from helpers import project_record

from laoxiao_check.model.records import Building, Facility, verdict_of
from laoxiao_check.rules.profiles import load_profile
from laoxiao_check.services.evaluate import complete_population, evaluate

LON, LAT = 118.60, 24.90  # Quanzhou: CGCS2000 3° zone of 120°E (EPSG:4549)
ONE_KM_EAST = 0.00991  # degrees of longitude at 24.9°N, ≈ 1,001 m


def located(name: str = "p", lon: float = LON, lat: float = LAT, **fields: object):
    """A new estate of one building of 100 households at (lon, lat)."""
    return project_record(
        households=100,
        population=320,
        name=name,
        crs="EPSG:4326",
        buildings=(Building("A", 100, x=lon, y=lat),),
        **fields,
    )


@pytest.mark.parametrize(
    ("households", "population", "buildings", "completed", "estimated"),
    [
        (100, 250, [], "250", False),  # given: kept
        (100, None, [(60, 100), (40, 0)], "100", False),  # every building gives one: their sum
        (100, None, [(60, 100), (40, None)], "320", True),  # not every building: households × 3.2
        (100, None, [], "320", True),  # an integer estimate stays an integer
        (101, None, [], "323.2", True),
        (None, None, [], "None", False),  # nothing to estimate from
    ],
)
def test_population_is_given_else_the_buildings_sum_else_estimated(
    households, population, buildings, completed, estimated
) -> None:
    project = project_record(
        households=households,
        population=population,
        buildings=tuple(Building(f"B{i}", h, population=p) for i, (h, p) in enumerate(buildings)),
    )
    done = complete_population(project, 3.2)
    assert (repr(done.population), done.population_estimated) == (completed, estimated)


def test_a_project_no_rule_applies_to_is_told_so_and_is_incomplete() -> None:
    profile = load_profile("quanzhou")
    unknown = project_record(kind="")
    (no_kind,) = evaluate([unknown], profile, measure_coverage=False).projects
    (no_scope,) = evaluate([project_record()], profile, measure_coverage=False, scopes=()).projects
    assert no_kind is not None and no_scope is not None
    assert no_kind.warnings == (
        "no rule of profile quanzhou applies to a project of unknown kind: nothing was checked",
    )
    assert no_scope.warnings == ("no rule of profile quanzhou applies to a new project: nothing was checked",)
    assert verdict_of(no_kind.findings) == verdict_of(no_scope.findings) == "incomplete"


def test_without_coverage_nothing_is_measured_and_no_coverage_rule_judged() -> None:
    profile = load_profile("quanzhou")
    skipped = evaluate([located()], profile, measure_coverage=False)
    measured = evaluate([located()], profile)
    assert (skipped.method, skipped.metric_crs, skipped.geometry) == (None, None, None)
    assert (measured.method, measured.metric_crs, measured.geometry) == ("straight_line", "EPSG:4549", None)
    assert evaluate([located()], profile, with_map=True).geometry is not None
    kinds = {rule.id: rule.kind for rule in profile.rules}
    (without,), (with_,) = skipped.projects, measured.projects
    assert without is not None and with_ is not None
    assert not [f for f in without.findings if kinds[f.id] == "coverage"]
    assert len([f for f in with_.findings if kinds[f.id] == "coverage"]) == 4  # 2 categories × 2 levels


def test_a_project_not_judged_is_neither_judged_nor_measured() -> None:
    """A row skipped (judged False) far away in Yunnan (the 3° zone of 99°E) does not move the
    CRS measured in."""
    profile = load_profile("quanzhou")
    result = evaluate([located(), located("far", lon=100.0, lat=25.0)], profile, judged=[True, False])
    assert result.projects[1] is None and result.projects[0] is not None
    assert result.metric_crs == "EPSG:4549"
    assert evaluate([located()], profile, metric_crs="EPSG:4547").metric_crs == "EPSG:4547"
    with pytest.raises(ValueError, match="one flag per project"):
        evaluate([located()], profile, judged=[True, False])


def coverage_of(result, category: str = "eldercare", level: str = "15min"):
    (project,) = result.projects
    (found,) = [c for c in project.coverage if c.category == category and c.level == level]
    return found


def test_facilities_given_but_none_of_a_category_count_every_household_outside() -> None:
    """Given (even empty), the city's facilities are all there is: no eldercare facility means no
    household covered. Not given, a category without any facility is not measured."""
    profile = load_profile("quanzhou")
    given = coverage_of(evaluate([located()], profile, facilities=[]))
    not_given = coverage_of(evaluate([located()], profile))
    beyond = coverage_of(evaluate([located()], profile, facilities_beyond={"eldercare"}))
    assert (given.status, given.households_covered, given.households_total) == ("fail", 0, 100)
    assert not_given.status == "insufficient_data"
    assert (beyond.status, beyond.households_covered) == ("fail", 0)  # a partition's: farther than any level


def test_a_city_facility_a_kilometre_off_is_measured_in_the_projects_metres() -> None:
    profile = load_profile("quanzhou")
    city = [Facility("F", "eldercare", area_m2=400, x=LON + ONE_KM_EAST, y=LAT)]
    found = coverage_of(evaluate([located()], profile, facilities=city, facilities_crs="EPSG:4326"))
    assert found.distances["A"] == pytest.approx(1001.1, abs=1)


def test_progress_is_said_every_500_projects_and_at_the_end() -> None:
    profile = load_profile("quanzhou")
    said: list[tuple[int, int]] = []
    evaluate(
        [project_record()] * 1001, profile, measure_coverage=False, progress=lambda d, t: said.append((d, t))
    )
    assert said == [(500, 1001), (1000, 1001), (1001, 1001)]
    said.clear()
    evaluate(
        [project_record()] * 3, profile, measure_coverage=False, progress=lambda d, t: said.append((d, t))
    )
    assert said == [(3, 3)]


def test_each_project_keeps_its_own_warnings() -> None:
    profile = load_profile("quanzhou")
    unplaced = located("a", facilities=(Facility("E9", "eldercare", area_m2=400),))
    placed = located("b", facilities=(Facility("E1", "eldercare", area_m2=400, x=LON, y=LAT),))
    first, second = evaluate([unplaced, placed], profile).projects
    assert first is not None and second is not None
    assert "facilities without coordinates, left out of coverage: E9" in first.warnings
    assert not [w for w in second.warnings if "E9" in w]


def test_a_project_evaluated_is_the_project_completed() -> None:
    (judged,) = evaluate(
        [project_record(population=None)], load_profile("quanzhou"), measure_coverage=False
    ).projects
    assert judged is not None
    assert dataclasses.astuple(judged.project)[:6] == ("p", "new", 1000, "project", 3200, True)


def test_a_city_facility_far_away_is_refused_naming_no_file_when_none_was_read() -> None:
    from laoxiao_check.model.errors import InputError

    city = [Facility("F", "eldercare", area_m2=400, x=LON + 5, y=LAT)]
    with pytest.raises(InputError) as raised:
        evaluate([located()], load_profile("quanzhou"), facilities=city, facilities_crs="EPSG:4326")
    assert str(raised.value).startswith(
        "the facilities lie 505 km from the buildings (around 123.60°E 24.90°N, "
    )


def test_an_estates_population_is_estimated_as_a_projects_is(tmp_path) -> None:
    """126 households × 3.2 = 403.2 residents, not 403.20000000000005 (one estimate for both)."""
    from laoxiao_check.io.estates import read_estates
    from laoxiao_check.model.records import estimated_population

    path = tmp_path / "estates.csv"
    path.write_text("name,households,lng,lat\nA,126,118.6,24.9\nB,100,118.6,24.9\n", encoding="utf-8")
    estates = read_estates(path, {}, 3.2, "existing").estates
    assert [(repr(e.population), e.population_estimated) for e in estates] == [("403.2", True), ("320", True)]
    assert (
        repr(complete_population(project_record(households=126, population=None), 3.2).population) == "403.2"
    )
    assert repr(estimated_population(126, 3.2)) == "403.2" and repr(estimated_population(100, 3.2)) == "320"
