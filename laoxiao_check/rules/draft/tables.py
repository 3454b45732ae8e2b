"""The figures of an indicator table (主要指标, 发展指标表): each row's target for each year.

A row of places per 1,000 residents or of communities with a facility becomes a target per year
of the table's columns (the base year, 基值 or 现状, left out); another share of facilities,
places or beds is left for the reviewer, as in a sentence (:mod:`.figures`)."""

from __future__ import annotations

import re

from laoxiao_check.model.messages import Said
from laoxiao_check.rules.draft.figures import NUM, Found, Unsure, category_in, city_places, share_rule
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


def _table_row(table: Table, row: TableRow) -> list[Found]:
    name = plain(row.name)
    cells = [plain(cell) for cell in row.cells]
    figures = [cell for cell in cells if re.fullmatch(rf"[≥≤><]?\s*{NUM}\s*%?(?:以上)?", cell)]
    clause = _row_clause(table, row)
    quote = " | ".join((row.name, *row.cells))
    places = re.search(r"每千(?:名)?(?:常住)?(?:人口|人)(?:拥有)?.*托位数", name)
    share = re.search(r"覆盖率|建有率", name) and re.search(r"设施|机构|中心|站", name)
    if not places and not share:
        if (
            figures
            and re.search(r"占比|比例|达标率|配套率|覆盖率", name)
            and re.search(r"托位|床位|设施|机构", name)
        ):
            target = float(re.sub(r"[^\d.]", "", figures[-1]))
            return [share_rule(name, target, False, table.years[-1], clause, quote)]
        if re.search(r"托位|床位|设施", name) and figures and (category_in(name) or "床位" in name):
            reason = (
                Said("beds: no rule kind checks beds yet")
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
    targets = figures[-len(table.years) :]
    found: list[Found] = []
    for year, cell in zip(table.years, targets, strict=True):
        value = float(re.sub(r"[^\d.]", "", cell))
        if places:
            found.append(city_places(value, year, clause, quote))
        else:
            more_than = cell.startswith(">")
            found.append(share_rule(name, value, more_than, year, clause, quote))
    return found
