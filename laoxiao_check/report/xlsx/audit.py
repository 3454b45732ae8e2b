"""The audit workbook: summary, districts, estates (filters, colours), problems."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment
from openpyxl.worksheet.worksheet import Worksheet

from laoxiao_check import __version__
from laoxiao_check.model.audit import AuditResult
from laoxiao_check.model.glossary import (
    CATCHMENT,
    CATEGORY,
    COLUMNS,
    KIND,
    LABELS,
    METRIC,
    SCOPE,
    SHEETS,
    STATUS,
    UNIT,
    level_word,
    word,
)
from laoxiao_check.model.messages import say
from laoxiao_check.report.views.audit import audit_word, district_name, judged_rules, population_source_word
from laoxiao_check.report.views.findings import status_key, status_word
from laoxiao_check.report.views.inputs import place_word
from laoxiao_check.report.xlsx.check import unit_format
from laoxiao_check.report.xlsx.inputs import inputs_sheet, ledger_row
from laoxiao_check.report.xlsx.stream import Table, copy_sheet, write_table
from laoxiao_check.report.xlsx.style import (
    BOLD,
    WRAP,
    Cell,
    Column,
    fit_rows,
    label_row,
    network_sheet,
    print_setup,
    table_sheet,
    to_bytes,
)
from laoxiao_check.report.xlsx.words import (
    Reword,
    reasons_reworded,
    rule_title,
)

COUNT = "#,##0"
FIGURE = "#,##0.##;-#,##0.##;0"


def _unit(unit: str, lang: str) -> str:
    return word(UNIT, unit, lang) or unit


def _level(level: str, lang: str) -> str:
    """A circle by its name in Chinese (十五分钟生活圈), by its id in English."""
    return level_word(level, lang) if lang == "zh" else level


def _reword(result: AuditResult, lang: str) -> Reword:
    """Problems' and the ledger's text with the estates' reasons in the workbook's language."""
    return reasons_reworded([(e.estate.reason, e.estate.reason_zh) for e in result.estates], lang)


DATUM = {
    "wgs84": {"en": "WGS84 longitude/latitude", "zh": "WGS84 经纬度"},
    "gcj02": {
        "en": "GCJ-02 (Amap, Tencent), converted to WGS84",
        "zh": "GCJ-02（高德、腾讯），已转换为 WGS84",
    },
    "bd09": {"en": "BD-09 (Baidu), converted to WGS84", "zh": "BD-09（百度），已转换为 WGS84"},
}


def render(result: AuditResult, lang: str = "zh", color: bool = False) -> bytes:
    """The workbook built in memory (:func:`write_file` writes a large one row by row)."""
    workbook, _ = build(result, lang)
    return to_bytes(workbook)


def write_file(result: AuditResult, lang: str, path: Path) -> None:
    """The same workbook written to ``path`` row by row (openpyxl's write-only mode): the
    estates and problems sheets are never held in memory; the small sheets are copied."""
    scratch, tables = build(result, lang, streamed=True)
    workbook = Workbook(write_only=True)
    for sheet in scratch.worksheets:
        if sheet.title in tables:
            write_table(workbook, tables[sheet.title])
        else:
            copy_sheet(sheet, workbook)
    workbook.save(str(path))


def build(result: AuditResult, lang: str, streamed: bool = False) -> tuple[Workbook, dict[str, Table]]:
    """The workbook; with ``streamed``, its large tables (estates, problems) are left as empty
    sheets in their place and returned, to be written row by row."""
    footer = f"{result.profile.name[lang]} · {result.source.rsplit('/', 1)[-1]}"
    workbook = Workbook()
    summary_sheet(workbook.active, result, lang, footer)
    districts_sheet(workbook, result, lang, footer)
    streets_sheet(workbook, result, lang, footer)
    levels_sheet(workbook, result, lang, footer)
    accessibility_sheet(workbook, result, lang, footer)
    tables = estates_and_problems_sheets(workbook, result, lang, footer, streamed)
    network_sheet(workbook, result.network, lang, footer)
    reword = _reword(result, lang)
    inputs_sheet(workbook, result.provenance, result.ledger, lang, footer, result.quality, reword)
    return workbook, tables


def summary_sheet(summary: Worksheet, result: AuditResult, lang: str, footer: str) -> None:
    """The first sheet: the audit's facts and counts, then the rules judged and the coverage levels."""
    city = result.summary["city"]
    summary.title = word(SHEETS, "audit_summary", lang)
    tier = result.quality is not None or len(result.ledger)
    for number, (label, value) in enumerate(summary_lines(result, lang)):
        label_row(summary, label, value)
        if number == 2 and tier:  # after tool, profile and file, before any count or verdict:
            # the data tier and how many inputs were dropped or doubted (detail: sheet "Inputs")
            ledger_row(summary, result.ledger, lang, compact=True, quality=result.quality)
    summary.append([])
    summary_rules(summary, city, lang, {rule.id: rule.name for rule in result.profile.rules})
    summary_coverage(summary, city, lang)
    summary_layout(summary, lang, footer)


def summary_lines(result: AuditResult, lang: str) -> list[tuple[str, Any]]:
    """The summary's labelled lines: tool, profile, file, datum, coverage method, the city's counts."""

    def w(key: str) -> str:
        return audit_word(key, lang)

    city = result.summary["city"]
    return [
        (w("tool"), f"v{__version__}"),
        (w("profile"), f"{result.profile.name[lang]} [{say(result.profile.label, lang)}]"),
        (w("estates_file"), result.source.rsplit("/", 1)[-1]),
        (w("coordinates"), DATUM.get(result.datum, {}).get(lang, result.datum)),
        (w("coverage"), word(LABELS, result.coverage_method, lang) if result.coverage_method else "—"),
        (w("estates"), city["estates"]["total"]),
        (w("judged"), city["estates"]["judged"]),
        (w("pass"), city["estates"]["pass"]),
        (w("fail"), city["estates"]["fail"]),
        (w("incomplete"), city["estates"]["incomplete"]),
        (w("not_judged"), city["estates"]["not_judged"]),
        (w("places"), _places_figure(city["childcare_places"], lang)),
        (w("target"), city["childcare_places"]["city_target_per_1000"]),
    ]


def _places_figure(places: dict[str, Any], lang: str) -> Any:
    """The ratio, or why there is none (as the places rules judged on the city say)."""
    if places["per_1000_residents"] is None and places.get("per_1000_unknown"):
        return f"{word(STATUS, 'insufficient_data', lang)}: {places['per_1000_unknown'][lang]}"
    return places["per_1000_residents"]


def summary_rules(
    summary: Worksheet, city: dict[str, Any], lang: str, names: dict[str, dict[str, str]] | None = None
) -> None:
    """A header, then one row per rule that judged an estate: passes, fails, share, required, shortfall."""

    def w(key: str) -> str:
        return audit_word(key, lang)

    summary.append(
        [
            w("rule"),
            w("pass"),
            w("fail"),
            w("insufficient_data"),
            w("passing"),
            w("total_required"),
            w("total_shortfall"),
            w("unit"),
        ]
    )
    for cell in summary[summary.max_row]:  # the row just written (an empty row above is not counted)
        cell.font = BOLD
    for rule in judged_rules(city):
        summary.append(
            [
                rule_title(rule["id"], (names or {}).get(rule["id"], {}), lang)
                if lang == "zh"
                else f"{_rule_words(rule, lang)} ({rule['id']})",
                rule["pass"],
                rule["fail"],
                rule["insufficient_data"],
                rule["pass_share"],
                f"≈ {rule['required_total']:,.0f}" if rule.get("estimated") else rule["required_total"],
                rule["shortfall_total"],
                _unit(rule["unit"], lang),
            ]
        )
        summary.cell(row=summary.max_row, column=5).number_format = "0.0%"
        for column in (6, 7):
            summary.cell(row=summary.max_row, column=column).number_format = FIGURE


def summary_coverage(summary: Worksheet, city: dict[str, Any], lang: str) -> None:
    """A header, then one row per category and level: the households measured and those outside."""

    def w(key: str) -> str:
        return audit_word(key, lang)

    summary.append([w("level"), None, None, None, None, w("measured"), w("outside"), w("unit")])
    for cell in summary[summary.max_row]:
        cell.font = BOLD
    for item in city["coverage"]:
        summary.append(
            [
                _level_words({**item, "informational": False}, lang),
                None,
                None,
                None,
                None,
                item["households_measured"],
                item["households_outside"],
                _unit("households", lang),
            ]
        )
        for column in (6, 7):
            summary.cell(row=summary.max_row, column=column).number_format = COUNT


def summary_layout(summary: Worksheet, lang: str, footer: str) -> None:
    """The summary's wrapping, right-aligned count headers, column widths, row heights and print setup."""
    for row in summary.iter_rows():
        for cell in row:
            cell.alignment = WRAP
    for row in summary.iter_rows():  # a count's header sits over it: right-aligned like the figures
        if row[0].font is not None and row[0].font.b and any(c.value for c in row[1:]):
            for cell in row[1:]:
                cell.alignment = Alignment(horizontal="right", vertical="top", wrap_text=True)
    summary.column_dimensions["A"].width = 40
    summary.column_dimensions["B"].width = 20  # the values of the lines above the tables
    for letter in "CDEFGH":
        summary.column_dimensions[letter].width = 14
    fit_rows(summary)
    print_setup(summary, word(SHEETS, "audit_summary", lang), footer=footer, header_rows=0)


def districts_sheet(workbook: Workbook, result: AuditResult, lang: str, footer: str) -> None:
    """One row per district: estates by verdict, households, shortfall per rule, outside, places."""

    def w(key: str) -> str:
        return audit_word(key, lang)

    table_sheet(
        workbook,
        word(SHEETS, "districts", lang),
        [
            Column(w("district"), "text"),
            *[
                Column(w(key), "number", number_format=COUNT)
                for key in ("estates", "judged", "pass", "fail", "incomplete", "not_judged")
            ],
            Column(w("households"), "number", number_format=COUNT),
            *[
                Column(
                    f"{_rule_words(r, lang)} {w('total_shortfall')} ({_unit(r['unit'], lang)})",
                    "number",
                    number_format=FIGURE,
                )
                for r in result.summary["city"]["rules"]
            ],
            *[
                Column(f"{w('outside')} · {_level_words(c, lang)}", "number", number_format=COUNT)
                for c in result.summary["city"]["coverage"]
            ],
            Column(w("places"), "number", number_format="0.00"),
        ],
        district_rows(result, lang),
        footer=footer,
    )


def _level_words(level: dict[str, Any], lang: str) -> str:
    info = f" {word(LABELS, 'informational', lang)}" if level["informational"] else ""
    circle = f"{word(CATEGORY, level['category'], lang)} {_level(level['level'], lang)}"
    return f"{circle} {level.get('within', '≤')} {level['max_distance_m']:g} m{info}"


def district_rows(result: AuditResult, lang: str = "en") -> list[list[Any]]:
    """The districts sheet's rows, in the summary's order of districts: each column adds up to
    the city's figure (the households outside are per circle: an estate outside two circles is
    in two columns, never twice in one)."""
    rules = result.summary["city"]["rules"]
    levels = [(c["category"], c["level"]) for c in result.summary["city"]["coverage"]]
    rows = []
    for entry in result.summary["districts"]:
        e = entry["estates"]
        shortfalls = {r["id"]: r["shortfall_total"] for r in entry["rules"]}
        outside = {(c["category"], c["level"]): c["households_outside"] for c in entry["coverage"]}
        rows.append(
            [
                district_name(entry["district"], lang),
                e["total"],
                e["judged"],
                e["pass"],
                e["fail"],
                e["incomplete"],
                e["not_judged"],
                entry["households"],
                *[shortfalls.get(r["id"]) for r in rules],
                *[outside.get(level, 0) for level in levels],
                entry["childcare_places"]["per_1000_residents"],
            ]
        )
    return rows


def estates_and_problems_sheets(
    workbook: Workbook, result: AuditResult, lang: str, footer: str, streamed: bool
) -> dict[str, Table]:
    """The estates and problems sheets (left empty in their place if ``streamed``); their tables by title."""
    tables = {
        table.title: table
        for table in (estates_table(result, lang, footer), problems_table(result, lang, footer))
    }
    for table in tables.values():
        if streamed:
            workbook.create_sheet(table.title)  # its place among the sheets
        else:
            table_sheet(
                workbook,
                table.title,
                table.columns,
                list(table.rows()),
                groups=table.groups,
                status_column=table.status_column,
                status_values=list(table.statuses()) if table.statuses else None,
                footer=table.footer,
            )
    return tables


def estates_table(result: AuditResult, lang: str, footer: str) -> Table:
    """One row per estate: its figures, verdict, shortfall per rule and nearest distance per level."""

    def w(key: str) -> str:
        return audit_word(key, lang)

    city = result.summary["city"]
    rules = city["rules"]
    levels = [(c["category"], c["level"], c["max_distance_m"]) for c in city["coverage"]]

    def rows() -> Iterator[list[Any]]:
        for item in result.estates:
            estate = item.estate
            by_id = {f.id: f for f in item.findings}
            nearest = {(c.category, c.level): c.nearest_m for c in item.shares}
            yield [
                place_word(estate.place, lang),
                estate.name,
                estate.district,
                word(KIND, estate.kind, lang),
                estate.households,
                Cell(estate.population, '"≈ "#,##0') if estate.population_estimated else estate.population,
                word(STATUS, item.verdict, lang),
                (estate.reason_zh if lang == "zh" else estate.reason) or None,
                *[
                    (
                        by_id[r["id"]].shortfall
                        if r["id"] in by_id and by_id[r["id"]].status == "fail"
                        else None
                    )
                    for r in rules
                ],
                *[nearest.get((category, level)) for category, level, _ in levels],
            ]

    basics = 8
    return Table(
        word(SHEETS, "estates", lang),
        [
            Column(w("row"), "key"),
            Column(w("name"), "text", 20),
            Column(w("district"), "text", 10),
            Column(w("kind"), "text"),
            Column(w("households"), "number", number_format=COUNT),
            Column(w("population"), "number", number_format=COUNT),
            Column(w("verdict"), "text"),
            Column(w("reason"), "long", 26),
            *[
                Column(f"{_rule_words(r, lang)} ({_unit(r['unit'], lang)})", "number", 11, FIGURE)
                for r in rules
            ],
            *[
                Column(f"{_level(level, lang)} ≤ {distance:g} m", "number", 11, COUNT)
                for _, level, distance in levels
            ],
        ],
        rows,
        groups=[w("estate")] * basics
        + [w("shortfall")] * len(rules)
        + [f"{word(CATEGORY, category, lang)} {w('nearest')}" for category, _, _ in levels],
        status_column=6,
        statuses=lambda: (item.verdict for item in result.estates),
        footer=footer,
    )


def problems_table(result: AuditResult, lang: str, footer: str) -> Table:
    reword = _reword(result, lang)
    return Table(
        word(SHEETS, "problems", lang),
        [Column(audit_word("place", lang), "key"), Column(audit_word("message", lang), "long", 110)],
        lambda: ([place_word(p.place, lang), reword(p.message)] for p in result.problems),
        footer=footer,
    )


def _rule_words(rule: dict[str, Any], lang: str) -> str:
    return f"{word(CATEGORY, rule['category'], lang)} {word(METRIC, rule['metric'], lang)}"


def streets_sheet(workbook: Workbook, result: AuditResult, lang: str, footer: str) -> None:
    """The streets and townships (街道、乡镇) the list names: one row each, with its estates' figures
    and its verdict on the street rules (their rows are on the levels sheet)."""
    if not result.streets:
        return

    def w(key: str) -> str:
        return audit_word(key, lang)

    rows = [
        [
            group.district or None,
            group.name,
            group.estates,
            group.households,
            group.population,
            population_source_word(group.population_source, lang),
            group.age_groups.get("residents_60plus"),
            group.facilities.get("eldercare_facilities"),
            group.facilities.get("childcare_facilities"),
            word(STATUS, group.verdict, lang) if group.findings else None,
        ]
        for group in result.streets
    ]
    table_sheet(
        workbook,
        word(SHEETS, "streets", lang),
        [
            Column(w("district"), "text", 10),
            Column(w("street"), "text", 14),
            Column(w("estates"), "number", number_format=COUNT),
            Column(w("households"), "number", number_format=COUNT),
            Column(w("population"), "number", number_format=COUNT),
            Column(w("population_source"), "text", 12),
            Column(w("residents_60plus"), "number", number_format=COUNT),
            Column(w("eldercare_facilities"), "number", number_format=COUNT),
            Column(w("childcare_facilities"), "number", number_format=COUNT),
            Column(w("verdict"), "text", 10),
        ],
        rows,
        footer=footer,
    )


def levels_sheet(workbook: Workbook, result: AuditResult, lang: str, footer: str) -> None:
    """The community, district and city rules, judged on each group: one row per group and rule."""
    if not result.levels:
        return

    def w(key: str) -> str:
        return audit_word(key, lang)

    rows: list[list] = []
    statuses: list[str] = []
    for scope, group in result.levels:
        for f in group.findings:
            rows.append(
                [
                    word(SCOPE, scope, lang),
                    group.district or None,
                    group.name or None,
                    group.population,
                    population_source_word(group.population_source, lang),
                    rule_title(f.id, f.name, lang),
                    status_word(f, lang, sep="\n"),
                    f.requirement[lang],
                    *[Cell(v, unit_format(v, f.unit, lang)) for v in (f.required, f.provided, f.shortfall)],
                    f.target_year,
                    # what is missing, or which column to add, beside the clause of what is not met
                    f.citation.text
                    + (f"\n— {f.message[lang]}" if f.status in ("fail", "insufficient_data") else ""),
                ]
            )
            statuses.append(status_key(f))
    table_sheet(
        workbook,
        word(SHEETS, "levels", lang),
        [
            Column(w("scope"), "text", 8),
            Column(w("district"), "text", 8),
            Column(w("area"), "text", 14),
            Column(w("population"), "number", number_format=COUNT),
            Column(w("population_source"), "text", 12),
            Column(word(COLUMNS, "id", lang), "key"),
            Column(word(LABELS, "status", lang), "text", 10),
            Column(word(LABELS, "requirement", lang), "long", 16),
            Column(word(LABELS, "required", lang), "number"),
            Column(word(LABELS, "provided", lang), "number"),
            Column(word(LABELS, "shortfall", lang), "number"),
            Column(w("target_year"), "number", 8, "0"),
            Column(word(LABELS, "citation", lang), "long", 22),
        ],
        rows,
        status_column=6,
        status_values=statuses,
        footer=footer,
    )


def accessibility_sheet(workbook: Workbook, result: AuditResult, lang: str, footer: str) -> None:
    """The capacity within reach, shared among all who reach it (floating catchments): per
    category, the city, each district and community; then each facility's load."""
    if result.accessibility is None or not result.accessibility.categories:
        return

    def w(key: str) -> str:
        return audit_word(key, lang)

    rows: list[list[Any]] = []
    for category in result.accessibility.categories:
        name = (
            f"{word(CATEGORY, category.category, lang)}（{word(CATCHMENT, category.catchment, lang)}，"
            f"{_level(category.level, lang)}）"
            if lang == "zh"
            else f"{word(CATEGORY, category.category, lang)} ({category.catchment.upper()}, {category.level})"
        )
        unit = _unit(category.measure.unit, lang)
        areas = [("city", category.city), *[("district", d) for d in category.districts]]
        areas += [("community", c) for c in category.communities]
        for scope, entry in areas:
            rows.append(
                [
                    name,
                    word(SCOPE, scope, lang),
                    district_name(entry.get("name") or "", lang) or None,
                    Cell(entry["accessible"], FIGURE),
                    unit,
                    entry["accessible_per"],
                    entry["required_per"],
                    entry["share_of_need"],
                    entry["target"],
                ]
            )
    table_sheet(
        workbook,
        word(SHEETS, "accessibility", lang),
        [
            Column(w("category"), "text", 18),
            Column(w("scope"), "text", 8),
            Column(w("area"), "text", 14),
            Column(w("accessible"), "number", 12),
            Column(w("unit"), "text", 8),
            Column(w("accessible_per"), "number", 14, "0.00"),
            Column(w("rate"), "number", 10, "0.##"),
            Column(w("share_of_need"), "number", 10, "0.0%"),
            Column(w("target"), "number", 10, "0.##"),
        ],
        rows,
        footer=footer,
    )
