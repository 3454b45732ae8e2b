"""The audit workbook: summary, districts, estates (filters, colours), problems."""

from __future__ import annotations

from openpyxl import Workbook
from openpyxl.styles import Font

from .. import __version__
from ..audit import AuditResult
from .audit_terminal import AUDIT_WORDS
from .words import STATUS, word
from .xlsx_style import print_setup, table_sheet, text_only, to_bytes

SHEETS = {
    "summary": {"en": "summary", "zh": "汇总"},
    "districts": {"en": "districts", "zh": "区县"},
    "estates": {"en": "estates", "zh": "小区"},
    "problems": {"en": "problems", "zh": "问题"},
}
VERDICT_WORDS = {
    **STATUS,
    "incomplete": {"en": "incomplete", "zh": "资料不全"},
    "not_judged": {"en": "not judged", "zh": "无法判定"},
}


def render(result: AuditResult, lang: str = "zh", color: bool = False) -> bytes:
    def w(key: str) -> str:
        return word(AUDIT_WORDS, key, lang)

    workbook = Workbook()
    summary = workbook.active
    summary.title = SHEETS["summary"][lang]
    city = result.summary["city"]
    lines = [
        ("laoxiao-check audit", f"v{__version__}"),
        ("profile" if lang == "en" else "标准", f"{result.profile.name[lang]} [{result.profile.id}]"),
        ("estates file" if lang == "en" else "小区名单", result.source.rsplit("/", 1)[-1]),
        ("coordinates" if lang == "en" else "坐标系统", result.datum),
        ("coverage" if lang == "en" else "覆盖计算", result.coverage_method or "—"),
        (w("estates"), city["estates"]["total"]),
        (w("judged"), city["estates"]["judged"]),
        (w("pass"), city["estates"]["pass"]),
        (w("fail"), city["estates"]["fail"]),
        (w("incomplete"), city["estates"]["incomplete"]),
        (w("not_judged"), city["estates"]["not_judged"]),
        (w("places"), city["childcare_places"]["per_1000_residents"]),
        (w("target"), city["childcare_places"]["city_target_per_1000"]),
    ]
    for label, value in lines:
        summary.append([label, value])
        text_only(summary[summary.max_row])
        summary.cell(row=summary.max_row, column=1).font = Font(bold=True)
    summary.append([])
    header_row = summary.max_row + 1
    summary.append(
        [
            w("rule"),
            w("pass"),
            w("fail"),
            w("incomplete"),
            w("passing"),
            w("required"),
            w("shortfall"),
            "unit",
        ]
    )
    for cell in summary[header_row]:
        cell.font = Font(bold=True)
    for rule in city["rules"]:
        summary.append(
            [
                rule["id"],
                rule["pass"],
                rule["fail"],
                rule["insufficient_data"],
                rule["pass_share"],
                rule["required_total"],
                rule["shortfall_total"],
                rule["unit"],
            ]
        )
    for item in city["coverage"]:
        summary.append(
            [
                f"{item['category']} {item['level']} ≤ {item['max_distance_m']:g} m",
                None,
                None,
                None,
                None,
                item["households_measured"],
                item["households_outside"],
                "households",
            ]
        )
    summary.column_dimensions["A"].width = 34
    for column in "BCDEFGH":
        summary.column_dimensions[column].width = 14
    print_setup(summary, SHEETS["summary"][lang])

    district_rows = []
    for entry in result.summary["districts"]:
        e = entry["estates"]
        shortfalls = {r["id"]: r["shortfall_total"] for r in entry["rules"]}
        outside = sum(c["households_outside"] for c in entry["coverage"] if not c["informational"])
        district_rows.append(
            [
                entry["district"],
                e["total"],
                e["judged"],
                e["pass"],
                e["fail"],
                e["incomplete"],
                e["not_judged"],
                entry["households"],
                *[shortfalls.get(r["id"]) for r in city["rules"]],
                outside,
                entry["childcare_places"]["per_1000_residents"],
            ]
        )
    table_sheet(
        workbook,
        SHEETS["districts"][lang],
        [
            w("district"),
            w("estates"),
            w("judged"),
            w("pass"),
            w("fail"),
            w("incomplete"),
            w("not_judged"),
            "households",
            *[f"{r['id']} {w('shortfall')}" for r in city["rules"]],
            w("outside"),
            w("places"),
        ],
        district_rows,
        [16] + [11] * 7 + [16] * (len(city["rules"]) + 2),
    )

    rule_ids = [r["id"] for r in city["rules"]]
    levels = [(c["category"], c["level"]) for c in city["coverage"]]
    estate_rows, verdicts = [], []
    for item in result.estates:
        estate = item.estate
        by_id = {f.id: f for f in item.findings}
        nearest = {(c.category, c.level): c.nearest_m for c in item.coverage}
        estate_rows.append(
            [
                estate.place,
                estate.name,
                estate.district,
                estate.kind,
                estate.households,
                estate.population,
                word(VERDICT_WORDS, item.verdict, lang),
                (estate.reason_zh if lang == "zh" else estate.reason) or None,
                *[
                    (by_id[r].shortfall if r in by_id and by_id[r].status == "fail" else None)
                    for r in rule_ids
                ],
                *[nearest.get(level) for level in levels],
            ]
        )
        verdicts.append(item.verdict)
    table_sheet(
        workbook,
        SHEETS["estates"][lang],
        [
            "row",
            "name",
            w("district"),
            "kind",
            "households",
            "population",
            "verdict",
            "reason",
            *[f"{r} {w('shortfall')}" for r in rule_ids],
            *[f"{c} {lv} nearest m" for c, lv in levels],
        ],
        estate_rows,
        [10, 24, 12, 9, 11, 11, 12, 30] + [14] * (len(rule_ids) + len(levels)),
        status_column=6,
        status_values=verdicts,
    )
    table_sheet(
        workbook,
        SHEETS["problems"][lang],
        ["place", "message"],
        [[p.place, p.message] for p in result.problems],
        [18, 100],
    )
    return to_bytes(workbook)
