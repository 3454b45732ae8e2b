"""The figures of an indicator table (主要指标, 发展指标表): each row's target for each year.

A row of places per 1,000 residents, of beds per 1,000 older residents, of the total of beds or
of a share (communities or streets with a facility, nursing or government-run beds, inclusive
places) becomes a target per year of the table's columns (the base year, 基值 or 现状, left out),
its sign read as the comparison (≥, >, ≤); a share no rule kind checks is left for the reviewer,
as in a sentence (:mod:`.figures`)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from laoxiao_check.model.messages import Said
from laoxiao_check.rules.draft.aims import city_target, share_rule
from laoxiao_check.rules.draft.figures import NUM, Found, Unsure, category_in, city_places
from laoxiao_check.rules.draft.numerals import plain
from laoxiao_check.rules.draft.outline import Clause, Table, TableRow


def read_table(table: Table) -> list[Found]:
    """The figures of an indicator table (主要指标): each row's target for each year."""
    found: list[Found] = []
    for row in table.rows:
        found.extend(_table_row(table, row))
    return found


def _row_clause(table: Table, row: TableRow) -> Clause:
    title = f"{table.title} " if table.title else ""
    item = f"第{row.item}项 " if row.item is not None else ""
    path = table.clause.path
    return Clause(path, f"{table.clause.title} {title}{item}{row.name}".strip())


BOUND_SIGNS = {"≥": "at_least", ">": "more_than", "≤": "at_most", "<": "less_than"}


def _table_row(table: Table, row: TableRow) -> list[Found]:
    name = plain(row.name)
    cells = [plain(cell) for cell in row.cells]
    figures = [cell for cell in cells if re.fullmatch(rf"[≥≤><]?\s*{NUM}\s*%?(?:以上)?", cell)]
    clause = _row_clause(table, row)
    quote = " | ".join((row.name, *row.cells))
    places = re.search(r"每千(?:名)?(?:常住)?(?:人口|人)(?:拥有)?.*托位数", name)
    elderly_beds = re.search(r"每千名?老年人口?(?:拥有)?(?P<what>.*?)床位数", name)
    total_beds = re.search(r"养老(?:服务)?床位(?:总量|总数)", name)
    share = re.search(r"覆盖率|建有率", name) and re.search(r"设施|机构|中心|站", name)
    other_share = re.search(r"占比|比例|达标率|配套率|覆盖率", name) and re.search(
        r"托位|床位|设施|机构", name
    )
    if not (places or elderly_beds or total_beds or share):
        if figures and other_share:
            target = float(re.sub(r"[^\d.]", "", figures[-1]))
            if len(figures) == len(table.years) + (1 if table.base_year is not None else 0):
                return _per_year(table, figures, name, clause, quote, _share_of(name, clause, quote))
            return share_rule(name, target, _bound(figures[-1]), table.years[-1], clause, quote)
        if re.search(r"托位|床位|设施", name) and figures and (category_in(name) or "床位" in name):
            reason = (
                Said("beds: a figure of beds the drafting does not read")
                if "床位" in name
                else Said("a figure of an indicator table that no rule kind checks yet")
            )
            return [Unsure(figures[-1], reason, clause, quote)]
        return []
    if len(figures) != len(table.years) + (1 if table.base_year is not None else 0):
        return [
            Unsure(
                " / ".join(figures),
                Said("a table row whose figures do not pair with the table's years"),
                clause,
                quote,
            )
        ]
    if places:
        return _per_year(
            table,
            figures,
            name,
            clause,
            quote,
            lambda value, _, year: [city_places(value, year, clause, quote)],
        )
    if elderly_beds:
        nursing = "护理" in elderly_beds.group("what")
        note = (
            "the row names 每千名老年人…床位数 but also says 占比 (or %): "
            "read as beds per 1,000 older residents"
            if re.search(r"占比|%", row.name + "".join(row.cells))
            else ""
        )

        def per_elderly(value: float, bound: str, year: int) -> list[Found]:
            params: dict[str, Any] = {
                "rate_beds_per_1000_elderly": int(value) if value.is_integer() else value
            }
            if nursing:
                params["nursing"] = True
            return city_target(
                "beds_per_elderly", "eldercare", params, year, clause, quote, f"{value:g}", note
            )

        return _per_year(table, figures, name, clause, quote, per_elderly)
    if total_beds:

        def total(value: float, bound: str, year: int) -> list[Found]:
            if not value.is_integer():
                return [Unsure(f"{value:g}", Said("a total that is not a whole number"), clause, quote)]
            return city_target(
                "total_beds", "eldercare", {"min_beds": int(value)}, year, clause, quote, f"{value:g}"
            )

        return _per_year(table, figures, name, clause, quote, total)
    return _per_year(table, figures, name, clause, quote, _share_of(name, clause, quote))


Reader = Callable[[float, str, int], list[Found]]


def _share_of(name: str, clause: Clause, quote: str) -> Reader:
    def read(value: float, bound: str, year: int) -> list[Found]:
        return share_rule(name, value, bound, year, clause, quote)

    return read


def _bound(cell: str) -> str:
    return BOUND_SIGNS.get(cell.strip()[:1], "at_least")


def _per_year(
    table: Table, figures: list[str], name: str, clause: Clause, quote: str, read: Reader
) -> list[Found]:
    """Each year's figure of the row (the base year's left out), read as its kind's rule."""
    found: list[Found] = []
    for year, cell in zip(table.years, figures[-len(table.years) :], strict=True):
        found.extend(read(float(re.sub(r"[^\d.]", "", cell)), _bound(cell), year))
    return found
