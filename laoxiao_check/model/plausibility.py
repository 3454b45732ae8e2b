"""Figures that are possible but unlikely: warnings every output format shows.

A rule is judged on the figures as given; these warnings tell the reader when the figures
themselves look wrong (a population below the households, 0 households, a room of
100,000 m²). Figures beyond what the arithmetic can hold are errors instead
(:data:`laoxiao_check.model.values.MAX_COUNT`).
"""

from __future__ import annotations

from collections.abc import Iterable

from laoxiao_check.model.messages import Said

USUAL_PERSONS_PER_HOUSEHOLD = (1.5, 5.0)
"""A band around any city's average household (China's 2020 census: 2.62 persons per household;
not a rule figure but a sanity bound): outside it a figure is named for checking."""
LARGE_HOUSEHOLDS = 50_000
"""Beyond the size of a single estate: a sanity bound, not a cited figure."""
LARGE_ROOM_AREA_M2 = 50_000.0
LARGE_PLACES = 5_000


def figure_warnings(
    households: int | None,
    population: float | None,
    rooms: Iterable[tuple[str, float | None, int | None]] = (),
) -> list[str]:
    """Warnings on a project's (or an estate's) households, population and rooms.

    ``rooms`` gives (name, floor area in m², places) of each facility.
    """
    warnings: list[str] = []
    if households == 0:
        warnings.append(Said("0 households: nothing is required of the project; check the figure"))
    if households and population is not None:
        persons = population / households
        low, high = USUAL_PERSONS_PER_HOUSEHOLD
        if population < households:
            warnings.append(
                Said(
                    "population ({population}) is below the households ({households}): at least one "
                    "resident per household expected; check the figures",
                    population=f"{population:,.0f}",
                    households=f"{households:,}",
                )
            )
        elif not low <= persons <= high:
            warnings.append(
                Said(
                    "{persons} persons per household ({population} residents / {households} "
                    "households): outside the usual {low}–{high}; check the figures",
                    persons=f"{persons:.3g}",
                    population=f"{population:,.0f}",
                    households=f"{households:,}",
                    low=f"{low:g}",
                    high=f"{high:g}",
                )
            )
    if households is not None and households > LARGE_HOUSEHOLDS:
        warnings.append(
            Said(
                "households unusually large ({households}) for one project: check the figure",
                households=f"{households:,}",
            )
        )
    for name, area, places in rooms:
        if area is not None and area > LARGE_ROOM_AREA_M2:
            warnings.append(
                Said(
                    "facility {name}: floor area unusually large ({area} m²); check the figure",
                    name=name,
                    area=f"{area:,.0f}",
                )
            )
        if places is not None and places > LARGE_PLACES:
            warnings.append(
                Said(
                    "facility {name}: places unusually many ({places}); check the figure",
                    name=name,
                    places=f"{places:,}",
                )
            )
    return warnings
