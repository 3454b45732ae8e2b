"""A project that stands for its community but whose buildings lie in two or more communities:
each community rule judged on each community apart (its buildings, residents and rooms), never
on the project pooled into one community.

A building says its community in its ``community`` (社区) column; a room in its own, else it
belongs to the community of its nearest building (where both have coordinates), else to none
(and the finding says so). A community's residents are its buildings' where every one gives
them, else the project's shared pro rata by households (estimated where the project's were).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from laoxiao_check.model.profile import Profile
from laoxiao_check.model.records import Building, Facility, Finding, Project, Status
from laoxiao_check.rules import evaluate
from laoxiao_check.rules.base import CheckContext

NO_COMMUNITY = ""
"""The part of buildings that name no community (judged as one more part, so nothing is lost)."""


def communities_of(project: Project) -> list[str]:
    """The communities the project's buildings name, in the order first met."""
    return list(dict.fromkeys(b.community for b in project.buildings if b.community))


def judged_per_community(
    project: Project, profile: Profile, findings: Sequence[Finding]
) -> tuple[Finding, ...]:
    """The findings, each community rule's replaced by its judgement on every community apart
    where the project (standing for its community) has buildings in two or more."""
    names = communities_of(project)
    if project.scope != "community" or len(names) < 2:
        return tuple(findings)
    parts = split(project, names)
    placed = {f.id for _, part in parts for f in part.facilities}
    unplaced = [f.id for f in project.facilities if f.id not in placed]
    rules = {rule.id: rule for rule in profile.rules}
    context = CheckContext(persons_per_household=profile.persons_per_household)
    return tuple(
        _combined(f, [(name, evaluate(rules[f.id], part, context)) for name, part in parts], unplaced)
        if f.scope == "community" and f.id in rules
        else f
        for f in findings
    )


def split(project: Project, names: list[str]) -> list[tuple[str, Project]]:
    """The project as one part per community (and one for buildings naming none, if any)."""
    keys = names + ([NO_COMMUNITY] if any(not b.community for b in project.buildings) else [])
    rooms: dict[str, list[Facility]] = {key: [] for key in keys}
    for facility in project.facilities:
        home = facility.community if facility.community in rooms else _nearest(facility, project.buildings)
        if home is not None and home in rooms:
            rooms[home].append(facility)
    total = sum(b.households or 0 for b in project.buildings)
    given = all(b.population is not None for b in project.buildings)
    parts = []
    for key in keys:
        buildings = tuple(b for b in project.buildings if (b.community or NO_COMMUNITY) == key)
        households = sum(b.households or 0 for b in buildings)
        if given:
            population: float | None = sum(b.population or 0 for b in buildings)
        elif project.population is not None and total:
            population = project.population * households / total
        else:
            population = None
        parts.append(
            (
                key,
                dataclasses.replace(
                    project,
                    name=key or project.name,
                    households=households,
                    population=population,
                    population_estimated=project.population_estimated or not given,
                    buildings=buildings,
                    facilities=tuple(rooms[key]),
                ),
            )
        )
    return parts


def _nearest(facility: Facility, buildings: Sequence[Building]) -> str | None:
    """The community of the building nearest the room (None: no coordinates to tell)."""
    if facility.x is None or facility.y is None:
        return None
    placed = [b for b in buildings if b.x is not None and b.y is not None and b.community]
    if not placed:
        return None
    x, y = facility.x, facility.y
    return min(placed, key=lambda b: ((b.x or 0) - x) ** 2 + ((b.y or 0) - y) ** 2).community


WORST: tuple[Status, ...] = ("fail", "insufficient_data", "pass", "not_applicable")
"""A rule judged on several communities takes the first of these any community has."""


def _combined(pooled: Finding, parts: list[tuple[str, Finding]], unplaced: list[str]) -> Finding:
    status = next(s for s in WORST if any(f.status == s for _, f in parts))
    en = "; ".join(f"{name or '(no community given)'}: {f.message['en']}" for name, f in parts)
    zh = "；".join(f"{name or '（未注明社区）'}：{f.message['zh']}" for name, f in parts)
    if unplaced:
        en += f"; rooms in no community (give their community): {', '.join(unplaced)}"
        zh += f"；未能归入社区的用房（请填写所属社区）：{'、'.join(unplaced)}"
    return dataclasses.replace(
        pooled,
        status=status,
        required=None,
        provided=None,
        shortfall=None,
        message={"en": f"judged per community — {en}", "zh": f"按社区分别判定——{zh}"},
        details={
            **pooled.details,
            **({"rooms_in_no_community": unplaced} if unplaced else {}),
            "communities": [
                {
                    "community": name,
                    "status": f.status,
                    "required": f.required,
                    "provided": f.provided,
                    "shortfall": f.shortfall,
                    "message": f.message,
                }
                for name, f in parts
            ],
        },
    )
