"""Official population tables (`audit --population`): residents per community, district and city.

One row per area: its name, its level (community 社区, district 区县, city 城市) and its
residents (常住人口); optionally its district (for a community whose name recurs) and the
residents aged 60+ and the children 0–3 (read, kept for the age-group rules to come). The
audit then divides by these official figures instead of the estates' own sums.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError, ProblemList
from ..values import LEVEL_WORDS, RESIDENTS, ValueProblem, parse_choice, parse_number, parse_text
from .estates import match_columns
from .tables import read_table

POPULATION_COLUMNS: dict[str, tuple[str, ...]] = {
    "name": ("name", "名称", "地区", "area", "社区", "区县名称"),
    "level": ("level", "层级", "级别"),
    "district": ("district", "区县", "所属区县"),
    "residents": ("residents", "常住人口", "人口", "population"),
    "residents_60plus": ("residents_60plus", "60岁以上人口", "老年人口"),
    "children_0_3": ("children_0_3", "0-3岁人口", "婴幼儿人口", "3岁以下人口"),
}

AGE_GROUPS = ("children_0_3", "residents_60plus")
"""The age groups a table may give: demand for childcare and for eldercare (accessibility)."""


@dataclass(frozen=True)
class PopulationTable:
    source: str
    residents: dict[tuple[str, str, str], float] = field(default_factory=dict)
    """(level, district, name) → residents; a community's district may be empty."""
    age_groups: dict[tuple[str, str, str], dict[str, float]] = field(default_factory=dict)
    """(level, district, name) → the age groups it gives (``children_0_3``, ``residents_60plus``)."""

    def age_share(self, group: str, district: str, community: str) -> float | None:
        """The share of ``group`` among the residents of the estate's community, else its
        district, else the city (the finest area that gives it); None where none does."""
        for level, name in (("community", community), ("district", district), ("city", "")):
            if level != "city" and not name:
                continue
            keys = (
                [(level, district, name), (level, "", name)]
                if level != "city"
                else [k for k in self.age_groups if k[0] == "city"]
            )
            for key in keys:
                if group in self.age_groups.get(key, {}) and self.residents.get(key):
                    return self.age_groups[key][group] / self.residents[key]
        return None

    def lookup(self, level: str, district: str, name: str) -> float | None:
        for key in ((level, district, name), (level, "", name)):
            if key in self.residents:
                return self.residents[key]
        if level == "city":  # one city row, whatever its name
            rows = [v for (lv, _, _), v in self.residents.items() if lv == "city"]
            return rows[0] if len(rows) == 1 else None
        return None


def read_population(path: str | Path) -> PopulationTable:
    table = read_table(path)
    columns = match_columns(table, POPULATION_COLUMNS, {})
    missing = [c for c in ("name", "level", "residents") if c not in columns]
    if missing:
        raise InputError(
            f"missing column(s) {', '.join(missing)}; the columns are {', '.join(table.headers)} "
            "(expected name, level community/district/city, residents)",
            table.source,
        )
    problems = ProblemList(table.source)
    residents: dict[tuple[str, str, str], float] = {}
    age_groups: dict[tuple[str, str, str], dict[str, float]] = {}
    for row, place in zip(table.rows, table.places, strict=True):
        try:
            name = parse_text(row.get(columns["name"])) or ""
            level = parse_choice(
                row.get(columns["level"]), LEVEL_WORDS, "level (community, district or city)"
            )
            if level == "project":
                raise ValueProblem("expected the level community, district or city, got 'project'")
            district = parse_text(row.get(columns["district"])) if "district" in columns else None
            count = parse_number(row.get(columns["residents"]), RESIDENTS)
        except ValueProblem as exc:
            problems.add(place, str(exc))
            continue
        if level is None or count is None or (not name and level != "city"):
            problems.add(place, "expected a name, a level and the residents")
            continue
        key = (level, district or "", name)
        if key in residents:
            problems.add(place, f"{name} ({level}) is given twice")
            continue
        residents[key] = float(count)
        for group in AGE_GROUPS:
            if group in columns:
                try:
                    value = parse_number(row.get(columns[group]), RESIDENTS)
                except ValueProblem as exc:
                    problems.add(place, f"{columns[group]}: {exc}")
                    continue
                if value is not None:
                    age_groups.setdefault(key, {})[group] = float(value)
    problems.raise_if_any()
    return PopulationTable(table.source, residents, age_groups)
