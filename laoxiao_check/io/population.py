"""Official population tables (`audit --population`): residents per community, district and city.

One row per area: its name, its level (community 社区, district 区县, city 城市) and its
residents (常住人口); optionally its district (for a community whose name recurs) and the
residents aged 60+ and the children 0–3 (``age_groups``: the demand of eldercare and
childcare where a measure counts an age group). The audit then divides by these official
figures instead of the estates' own sums.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from laoxiao_check.io.estates import match_columns
from laoxiao_check.io.tables import read_table
from laoxiao_check.model.errors import InputError, ProblemList
from laoxiao_check.model.messages import Said, message_of, term
from laoxiao_check.model.values import (
    COMMUNITY_TYPE_WORDS,
    LEVEL_WORDS,
    RESIDENTS,
    ValueProblem,
    parse_choice,
    parse_number,
    parse_text,
)

POPULATION_COLUMNS: dict[str, tuple[str, ...]] = {
    "name": ("name", "名称", "地区", "area", "社区", "区县名称"),
    "level": ("level", "层级", "级别"),
    "district": ("district", "区县", "所属区县"),
    "residents": ("residents", "常住人口", "人口", "population"),
    "residents_60plus": ("residents_60plus", "60岁以上人口", "老年人口"),
    "children_0_3": ("children_0_3", "0-3岁人口", "婴幼儿人口", "3岁以下人口"),
    "community_type": ("community_type", "社区类型", "社区类别"),
}


LEVEL_NAMES = {"community": "社区", "street": "街道（乡镇）", "district": "区县", "city": "城市"}
"""A level's Chinese, as messages name it."""


@dataclass(frozen=True)
class PopulationTable:
    source: str
    residents: dict[tuple[str, str, str], float] = field(default_factory=dict)
    """(level, district, name) → residents; a community's district may be empty."""
    age_groups: dict[tuple[str, str, str], dict[str, float]] = field(default_factory=dict)
    """(level, district, name) → {"residents_60plus": …, "children_0_3": …} where given."""
    community_types: dict[tuple[str, str, str], str] = field(default_factory=dict)
    """(level, district, name) → ``urban`` (城市社区) or ``town`` (乡镇社区) where given."""

    def age_share(self, group: str, district: str, community: str) -> float | None:
        """The share of ``group`` among the residents of the estate's community, else its
        district, else the city (the finest area that gives it); None where none does."""
        for level, name in (("community", community), ("district", district), ("city", "")):
            if level != "city" and not name:
                continue
            key = self.key(level, district if level == "community" else "", name)
            if key is not None and group in self.age_groups.get(key, {}) and self.residents.get(key):
                return self.age_groups[key][group] / self.residents[key]
        return None

    def areas(self, level: str) -> list[tuple[str, str]]:
        """(district, name) of the table's areas of a level, in the table's order."""
        return [(district, name) for (lv, district, name) in self.residents if lv == level]

    def key(self, level: str, district: str, name: str) -> tuple[str, str, str] | None:
        """The table's row of an area: by district and name, by name alone, or the one city row."""
        for key in ((level, district, name), (level, "", name)):
            if key in self.residents:
                return key
        if level == "city":  # one city row, whatever its name
            rows = [key for key in self.residents if key[0] == "city"]
            return rows[0] if len(rows) == 1 else None
        return None

    def lookup(self, level: str, district: str, name: str) -> float | None:
        key = self.key(level, district, name)
        return None if key is None else self.residents[key]

    def ages(self, level: str, district: str, name: str) -> dict[str, float]:
        """The official residents 60+ and children 0–3 of an area, where the table gives them."""
        key = self.key(level, district, name)
        return dict(self.age_groups.get(key, {})) if key else {}


def read_population(path: str | Path) -> PopulationTable:
    table = read_table(path)
    columns = match_columns(table, POPULATION_COLUMNS, {})
    missing = [c for c in ("name", "level", "residents") if c not in columns]
    if missing:
        raise InputError(
            Said(
                "missing column(s) {missing}; the columns are {columns} "
                "(expected name, level community/district/city, residents)",
                missing=", ".join(missing),
                columns=", ".join(table.headers),
            ),
            table.source,
        )
    problems = ProblemList(table.source)
    residents: dict[tuple[str, str, str], float] = {}
    age_groups: dict[tuple[str, str, str], dict[str, float]] = {}
    types: dict[tuple[str, str, str], str] = {}
    for row, place in zip(table.rows, table.places, strict=True):
        try:
            name = parse_text(row.get(columns["name"])) or ""
            level = parse_choice(
                row.get(columns["level"]), LEVEL_WORDS, Said("level (community, street, district or city)")
            )
            if level == "project":
                raise ValueProblem(Said("expected the level community, district or city, got 'project'"))
            district = parse_text(row.get(columns["district"])) if "district" in columns else None
            count = parse_number(row.get(columns["residents"]), RESIDENTS)
            groups = {
                group: parse_number(row.get(columns[group]), RESIDENTS)
                for group in ("residents_60plus", "children_0_3")
                if group in columns
            }
            kind = (
                parse_choice(row.get(columns["community_type"]), COMMUNITY_TYPE_WORDS, Said("community type"))
                if "community_type" in columns
                else None
            )
        except ValueProblem as exc:
            problems.add(place, message_of(exc))
            continue
        if level is None or count is None or (not name and level != "city"):
            problems.add(place, Said("expected a name, a level and the residents"))
            continue
        key = (level, district or "", name)
        if key in residents:
            problems.add(
                place, Said("{name} ({level}) is given twice", name=name, level=term(level, LEVEL_NAMES))
            )
            continue
        residents[key] = float(count)
        if kind is not None:
            types[key] = kind
        known: dict[str, float] = {g: float(v) for g, v in groups.items() if v is not None}
        larger = [group for group, value in known.items() if value > count]
        if larger:
            problems.add(
                place,
                Said(
                    "{name}: {groups} larger than its residents ({count})",
                    name=name,
                    groups=", ".join(larger),
                    count=f"{count:g}",
                ),
            )
            continue
        if known:
            age_groups[key] = known
    problems.raise_if_any()
    return PopulationTable(table.source, residents, age_groups, types)
