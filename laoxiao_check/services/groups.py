"""The communities, districts and city of an audit judged as groups: the estates of each summed
into one project (official residents where the population table gives them), the city's facilities
placed in their community, and each group judged on the rules of its own scope."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import replace
from pathlib import Path

from laoxiao_check.io.estates import FacilityLayer
from laoxiao_check.io.population import PopulationTable
from laoxiao_check.model.areas import AreaLayer
from laoxiao_check.model.audit import GroupResult
from laoxiao_check.model.errors import Problem
from laoxiao_check.model.messages import Said
from laoxiao_check.model.profile import Profile
from laoxiao_check.model.records import (
    CATEGORIES,
    ESTATE_LIST,
    CommunityFacilities,
    Estate,
    Facility,
    Project,
)
from laoxiao_check.services.evaluate import evaluate
from laoxiao_check.spatial.geo import WGS84


class CommunityIndex:
    """Communities as (district, name), looked up by both or by name alone (a set and a dict:
    a city's estates and facilities are placed without scanning its communities each time)."""

    def __init__(self, keys: list[tuple[str, str]]) -> None:
        self.keys = set(keys)
        self.by_name: dict[str, list[tuple[str, str]]] = {}
        for key in keys:
            self.by_name.setdefault(key[1], []).append(key)


def community_of(index: CommunityIndex, district: str, name: str) -> tuple[tuple[str, str] | None, str]:
    """The community of ``index`` that (district, name) means, and why none when none: a
    district given must be the community's own; without one, the name must be unique."""
    if (district, name) in index.keys:
        return (district, name), ""
    if district:
        if ("", name) in index.keys:  # the list names the community without its district
            return ("", name), ""
        return None, Said(
            "community {name} of district {district} is not in the list", name=name, district=district
        )
    matches = index.by_name.get(name, [])
    if len(matches) == 1:
        return matches[0], ""
    if matches:
        districts = ", ".join(sorted(k[0] for k in matches))
        return None, Said(
            "community {name} is in several districts ({districts}): give the district",
            name=name,
            districts=districts,
        )
    return None, Said("community {name} is not in the list", name=name)


def place_facilities(
    keys: list[tuple[str, str]], facilities: FacilityLayer | None, problems: list[Problem]
) -> dict[tuple[str, str], list[Facility]]:
    """The city's facilities in each community of ``keys`` (by their community and district);
    a facility whose community cannot be told is left out of every community and reported."""
    placed: dict[tuple[str, str], list[Facility]] = {}
    if not facilities:
        return placed
    index = CommunityIndex(keys)
    for facility, district, community in zip(
        facilities.facilities, facilities.districts, facilities.communities, strict=True
    ):
        if not community:
            continue
        key, why = community_of(index, district, community)
        if key is None:
            problems.append(
                Problem(
                    facilities.source,
                    facility.place,
                    Said("{id}: {why}; not counted for a community", id=facility.id, why=why),
                )
            )
        else:
            placed.setdefault(key, []).append(facility)
    return placed


def community_keys(
    estates: tuple[Estate, ...], population: PopulationTable | None, areas: tuple[AreaLayer, ...]
) -> tuple[list[tuple[str, str]], str]:
    """The city's communities as (district, name), and where the list comes from: the
    ``--communities`` polygons, else the population table's communities, else the estate list's."""
    layer = next((a for a in areas if a.level == "community"), None)
    if layer is not None:
        return list(zip(layer.districts, layer.names, strict=True)), Path(layer.source).name
    if population is not None and (rows := population.areas("community")):
        return rows, Path(population.source).name
    return sorted({(e.district, e.community) for e in estates if e.community}), ESTATE_LIST


def judge_communities(
    estates: tuple[Estate, ...],
    projects: list[Project],
    profile: Profile,
    placed: dict[tuple[str, str], list[Facility]] | None = None,
    population: PopulationTable | None = None,
) -> tuple[GroupResult, ...]:
    """Each community named in the list, its judged estates together, on the community rules.

    A community is the estates sharing a ``community`` (and ``district``) value; its
    households, population and rooms are theirs summed, with the city's facilities in it
    (``placed``: by their ``community`` column or polygon); a category whose rooms any of
    its estates leaves unknown stays unknown. Only rules of scope ``community`` are judged.
    """
    groups = estates_by("community", estates, _judged(estates))
    extra = {key: found for key, found in (placed or {}).items() if key in groups}
    return judge_groups("community", groups, estates, projects, profile, extra, population)


def community_list(
    keys: list[tuple[str, str]],
    estates: tuple[Estate, ...],
    projects: list[Project],
    placed: dict[tuple[str, str], list[Facility]],
) -> tuple[CommunityFacilities, ...]:
    """The communities of ``keys`` with the facilities in each (the city's, ``placed``, and the
    estates' own), for the rules on the share of communities served."""
    by_key: dict[tuple[str, str], list[Facility]] = {key: list(placed.get(key, ())) for key in keys}
    index = CommunityIndex(keys)
    for estate, project in zip(estates, projects, strict=True):
        if estate.community and not estate.reason:
            key, _ = community_of(index, estate.district, estate.community)
            if key is not None:
                by_key[key].extend(project.facilities)
    return tuple(CommunityFacilities(d, n, tuple(by_key[(d, n)])) for d, n in keys)


def street_list(
    estates: tuple[Estate, ...],
    projects: list[Project],
    facilities: FacilityLayer | None,
    population: PopulationTable | None = None,
) -> tuple[tuple[CommunityFacilities, ...], str]:
    """The city's streets and townships (街道、乡镇) as (district, name) with the facilities in each,
    and where the list comes from: the population table's streets, else those the estate list
    and the facilities name. A facility is in the street its column names, else in that of the
    estates of its community (where they name one street); an estate's rooms in the estate's."""
    if population is not None and (rows := population.areas("street")):
        keys, source = rows, Path(population.source).name
    else:
        named = {(e.district, e.street) for e in estates if e.street and not e.reason}
        if facilities:
            named |= {(d, s) for d, s in zip(facilities.districts, facilities.streets, strict=True) if s}
        keys, source = sorted(named), ESTATE_LIST
    if not keys:
        return (), ""
    index = CommunityIndex(keys)
    by_key: dict[tuple[str, str], list[Facility]] = {key: [] for key in keys}
    of_community: dict[tuple[str, str], set[str]] = {}
    for estate, project in zip(estates, projects, strict=True):
        if estate.street and not estate.reason:
            of_community.setdefault((estate.district, estate.community), set()).add(estate.street)
            key, _ = community_of(index, estate.district, estate.street)
            if key is not None:
                by_key[key].extend(project.facilities)
    if facilities:
        layer = facilities
        placed = zip(layer.facilities, layer.districts, layer.communities, layer.streets, strict=True)
        for facility, district, community, street in placed:
            if not street and len(streets := of_community.get((district, community), set())) == 1:
                street = next(iter(streets))
            key, _ = community_of(index, district, street) if street else (None, "")
            if key is not None:
                by_key[key].append(facility)
    return tuple(CommunityFacilities(d, n, tuple(by_key[(d, n)])) for d, n in keys), source


def judge_streets(
    estates: tuple[Estate, ...],
    projects: list[Project],
    profile: Profile,
    streets: tuple[tuple[CommunityFacilities, ...], str],
    population: PopulationTable | None = None,
) -> tuple[GroupResult, ...]:
    """Each street or township named in the list, its judged estates together with the facilities
    in it, on the street rules; with its facilities of each category counted (the list's own
    rooms and the facility list's)."""
    groups = estates_by("street", estates, _judged(estates))
    listed, _ = streets
    extra = {
        (c.district, c.name): [f for f in c.facilities if not f.in_housing]
        for c in listed
        if (c.district, c.name) in groups
    }
    judged = judge_groups("street", groups, estates, projects, profile, extra, population, always=True)
    within = {(c.district, c.name): c.facilities for c in listed}
    return tuple(
        replace(
            group,
            facilities={
                f"{category}_facilities": sum(
                    1 for f in within.get((group.district, group.name), ()) if f.category == category
                )
                for category in CATEGORIES
            },
        )
        for group in judged
    )


def judge_districts(
    estates: tuple[Estate, ...],
    projects: list[Project],
    profile: Profile,
    facilities: FacilityLayer | None,
    population: PopulationTable | None = None,
    communities: tuple[tuple[CommunityFacilities, ...], str] = ((), ""),
    streets: tuple[tuple[CommunityFacilities, ...], str] = ((), ""),
) -> tuple[GroupResult, ...]:
    """Each district named in the list, with the city's facilities in it, on the district rules."""
    groups = estates_by("district", estates, _judged(estates))
    extra: dict[tuple[str, str], list[Facility]] = {}
    if facilities:
        for facility, district in zip(facilities.facilities, facilities.districts, strict=True):
            if district:
                extra.setdefault(("", district), []).append(facility)
    listed, source = communities
    within = {key: (tuple(c for c in listed if c.district == key[1]), source) for key in groups}
    in_streets = {key: (tuple(c for c in streets[0] if c.district == key[1]), streets[1]) for key in groups}
    return judge_groups("district", groups, estates, projects, profile, extra, population, within, in_streets)


def judge_city(
    estates: tuple[Estate, ...],
    projects: list[Project],
    profile: Profile,
    facilities: FacilityLayer | None,
    population: PopulationTable | None = None,
    communities: tuple[tuple[CommunityFacilities, ...], str] = ((), ""),
    streets: tuple[tuple[CommunityFacilities, ...], str] = ((), ""),
) -> GroupResult | None:
    """The whole list as the city, with the city's facilities, on the city rules (targets)."""
    extra = {("", ""): list(facilities.facilities)} if facilities else {}
    found = judge_groups(
        "city",
        {("", ""): _judged(estates)},
        estates,
        projects,
        profile,
        extra,
        population,
        {("", ""): communities},
        {("", ""): streets},
    )
    return found[0] if found else None


def judge_groups(
    scope: str,
    groups: dict[tuple[str, str], list[int]],
    estates: tuple[Estate, ...],
    projects: list[Project],
    profile: Profile,
    facilities: dict[tuple[str, str], list[Facility]],
    population: PopulationTable | None = None,
    communities: dict[tuple[str, str], tuple[tuple[CommunityFacilities, ...], str]] | None = None,
    streets: dict[tuple[str, str], tuple[tuple[CommunityFacilities, ...], str]] | None = None,
    *,
    always: bool = False,
) -> tuple[GroupResult, ...]:
    """Groups of estates (and their facilities beyond the estates' own) on the rules of a scope.

    A group's population is the official one where the population table gives it, else the
    sum of its listed estates' (``population_source``: ``estates``, the estates' own figures,
    or ``estimated`` where some were estimated from households × persons per household, and
    only then marked estimated in its findings). A
    table row without a district does not serve a community whose name recurs in two districts.
    ``always``: the groups with their figures even where no rule is of their scope (the streets).
    """
    if not groups or not (always or any(r.scope == scope for r in profile.rules)):
        return ()
    keys = sorted(k for k in groups if groups[k])
    named = Counter(name for _, name in keys)  # a name in two districts
    merged = []
    official: list[bool] = []
    for district, name in keys:
        project = _group_project(
            name, [projects[i] for i in groups[(district, name)]], scope, facilities.get((district, name), [])
        )
        row = population.key(scope, district, name) if population else None
        if row is not None and not row[1] and named[name] > 1:
            row = None  # 白岩社区 of two districts: a row without its district is neither's
        counted = population.residents[row] if population and row else None
        if counted is not None:
            project = replace(project, population=counted, population_estimated=False)
        else:  # the listed estates' sum: estimated only where an estate's own figure was
            estimated = any(projects[i].population_estimated for i in groups[(district, name)])
            project = replace(project, population_estimated=estimated)
        if communities and (district, name) in communities:
            listed, source = communities[(district, name)]
            project = replace(project, communities=listed or None, communities_source=source)
        if streets and (district, name) in streets:
            listed, source = streets[(district, name)]
            project = replace(project, streets=listed or None, streets_source=source)
        if population is not None and row is not None:
            project = replace(
                project,
                elderly=population.age_groups.get(row, {}).get("residents_60plus"),
                community_type=population.community_types.get(row),
            )
        if project.community_type is None:  # else the estates' own column, where they agree
            types = {estates[i].community_type for i in groups[(district, name)]}
            if len(types) == 1:
                project = replace(project, community_type=types.pop())
        official.append(counted is not None)
        merged.append(project)
    evaluation = evaluate(merged, profile, measure_coverage=False, estate_lists=True, scopes=(scope,))
    results = []
    for (district, name), project, judged, is_official in zip(
        keys, merged, evaluation.projects, official, strict=True
    ):
        results.append(
            GroupResult(
                name=name,
                district=district,
                estates=len(groups[(district, name)]),
                households=project.households or 0,
                population=project.population or 0,
                population_source="official"
                if is_official
                else "estimated"
                if any(projects[i].population_estimated for i in groups[(district, name)])
                else "estates",
                findings=judged.findings if judged else (),
                age_groups=population.ages(scope, district, name) if population else {},
            )
        )
    return tuple(results)


def unused_names(
    population: PopulationTable, communities: tuple[GroupResult, ...], districts: tuple[GroupResult, ...]
) -> list[str]:
    """The population table's communities and districts that no group of the list took."""
    taken = {("community", g.district, g.name) for g in communities if g.population_source == "official"}
    taken |= {("community", "", g.name) for g in communities if g.population_source == "official"}
    taken |= {("district", "", g.name) for g in districts if g.population_source == "official"}
    judged = {"community": bool(communities), "district": bool(districts)}
    return [
        f"{name} ({level}{', ' + district if district else ''})"
        for level, district, name in population.residents
        if level in judged and judged[level] and (level, district, name) not in taken
    ]


def unused_rows(population: PopulationTable, unused: list[str]) -> list[Problem]:
    """One warning naming the population table's communities and districts that no group of
    the list took (``unused_names``: a misspelt name silently changes a denominator otherwise)."""
    if not unused:
        return []
    return [
        Problem(
            population.source,
            "",
            Said(
                "{count} row(s) match no community or district of the list, so their residents "
                "are not used (check the names): {names}",
                count=len(unused),
                names=", ".join(unused[:8]) + (" …" if len(unused) > 8 else ""),
            ),
        )
    ]


def _group_project(
    name: str, members: list[Project], scope: str = "community", extra: list[Facility] | None = None
) -> Project:
    unknown: dict[str, dict[str, str]] = {}
    for member in members:
        unknown.update(member.unknown_rooms)
    kinds = {m.kind for m in members}
    return Project(
        name=name,
        kind="existing" if "existing" in kinds or len(kinds) != 1 else next(iter(kinds)),
        households=sum(m.households or 0 for m in members),
        households_source="project",
        population=sum(m.population or 0 for m in members),
        population_estimated=any(m.population_estimated for m in members),
        crs=WGS84,
        facilities=tuple(f for m in members for f in m.facilities) + tuple(extra or ()),
        unknown_rooms=unknown,
        scope=scope,  # type: ignore[arg-type]
        renovation=any(m.renovation for m in members),  # a renovation in it binds the community
    )


def estates_by(
    level: str, estates: Sequence[Estate], rows: Iterable[int]
) -> dict[tuple[str, str], list[int]]:
    """The estates of ``rows`` grouped as the levels are keyed everywhere: a community by
    (district, community), a street by (district, street), a district by ("", district), the city
    by ("", ""). An estate without a community (street, district) is in no group of that level.
    Groups in the order first met."""
    groups: dict[tuple[str, str], list[int]] = {}
    for index in rows:
        estate = estates[index]
        if level == "city":
            key = ("", "")
        elif level == "district":
            if not estate.district:
                continue
            key = ("", estate.district)
        elif level == "street":
            if not estate.street:
                continue
            key = (estate.district, estate.street)
        else:
            if not estate.community:
                continue
            key = (estate.district, estate.community)
        groups.setdefault(key, []).append(index)
    return groups


def _judged(estates: Sequence[Estate]) -> list[int]:
    """The estates judged (not left out with a reason)."""
    return [index for index, estate in enumerate(estates) if not estate.reason]
