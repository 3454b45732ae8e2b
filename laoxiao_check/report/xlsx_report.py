"""The review workbook of one project: summary, results, coverage. Ready to print."""

from __future__ import annotations

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from ..models import CheckResult
from .summary import TITLE, summary_rows
from .words import CATEGORY, LABELS, STATUS, UNIT, word
from .xlsx_style import STATUS_FILL, print_setup, table_sheet, text_only, to_bytes

SHEETS = {"zh": ("摘要", "逐条结果", "服务圈覆盖"), "en": ("summary", "results", "coverage")}


def render(result: CheckResult, lang: str = "zh", color: bool = False) -> bytes:
    names = SHEETS[lang]
    workbook = Workbook()
    summary = workbook.active
    summary.title = names[0]
    summary.append([TITLE[lang]])
    summary["A1"].font = Font(bold=True, size=14)
    for label, value in summary_rows(result, lang):
        summary.append([label, value])
        text_only(summary[summary.max_row])
        summary.cell(row=summary.max_row, column=1).font = Font(bold=True)
        summary.cell(row=summary.max_row, column=2).alignment = Alignment(wrap_text=True, vertical="top")
    verdict_row = 2 + 6
    summary.cell(row=verdict_row, column=2).fill = STATUS_FILL[
        {"pass": "pass", "fail": "fail", "incomplete": "incomplete"}[result.verdict]
    ]
    summary.column_dimensions["A"].width = 18
    summary.column_dimensions["B"].width = 90
    print_setup(summary, names[0])

    head = {
        "zh": ["编号", "结果", "要求", "应配", "已配", "缺口", "单位", "依据", "来源标准", "说明"],
        "en": [
            "id",
            "status",
            "requirement",
            "required",
            "provided",
            "shortfall",
            "unit",
            "citation",
            "profile",
            "finding",
        ],
    }[lang]
    rows = [
        [
            f.id,
            word(STATUS, f.status, lang)
            + (f" {word(LABELS, 'informational', lang)}" if f.details.get("informational") else ""),
            f.requirement[lang],
            f.required,
            f.provided,
            f.shortfall,
            word(UNIT, f.unit, lang) or f.unit,
            f.citation.text,
            f.source,
            f.message[lang],
        ]
        for f in result.findings
    ]
    table_sheet(
        workbook,
        names[1],
        head,
        rows,
        [26, 10, 36, 11, 11, 11, 9, 44, 11, 50],
        status_column=1,
        status_values=[f.status for f in result.findings],
    )

    head = {
        "zh": [
            "类别",
            "服务圈",
            "距离（米）",
            "方法",
            "总户数",
            "覆盖户数",
            "覆盖率",
            "要求",
            "结果",
            "未覆盖楼栋",
            "未覆盖户数",
            "最近设施（米）",
        ],
        "en": [
            "category",
            "level",
            "distance (m)",
            "method",
            "households",
            "covered",
            "share",
            "required",
            "status",
            "building outside",
            "its households",
            "nearest facility (m)",
        ],
    }[lang]
    rows, statuses = [], []
    for c in result.coverage:
        base = [
            word(CATEGORY, c.category, lang),
            c.level,
            c.max_distance_m,
            word(LABELS, c.method, lang),
            c.households_total,
            c.households_covered,
            c.ratio,
            c.required_ratio,
            word(STATUS, c.status, lang),
        ]
        if not c.uncovered:
            rows.append([*base, None, None, None])
            statuses.append(c.status)
        for u in c.uncovered:
            rows.append([*base, u["building"], u["households"], u["nearest_m"]])
            statuses.append(c.status)
    sheet = table_sheet(
        workbook,
        names[2],
        head,
        rows,
        [10, 10, 12, 14, 11, 11, 10, 10, 10, 16, 12, 16],
        status_column=8,
        status_values=statuses,
    )
    for row in sheet.iter_rows(min_row=2, min_col=7, max_col=8):
        for cell in row:
            cell.number_format = "0.0%"
    return to_bytes(workbook)
