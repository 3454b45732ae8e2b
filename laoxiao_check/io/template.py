"""`laoxiao-check template`: an empty project workbook with comments and drop-downs."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from laoxiao_check.io.fields import BUILDING_FIELDS, FACILITY_FIELDS, PROJECT_FIELDS, Field
from laoxiao_check.io.output import atomic_path

HELP = {
    "name": ("项目名称（必填）", "Project name (required)"),
    "kind": ("新建 或 已建成（必填，或在命令行用 --kind）", "new or existing (required unless --kind)"),
    "households": ("总户数，整数；空则按楼栋户数合计", "Households, whole number; blank = sum of buildings"),
    "population": (
        "人口；空则按 户数 × 户均人口 估算",
        "Residents; blank = households × persons per household",
    ),
    "crs": (
        "坐标系，如 EPSG:4490（经纬度）或 EPSG:4547",
        "CRS of x/y, e.g. EPSG:4490 (lon/lat) or EPSG:4547",
    ),
    "id": ("编号，不可重复", "Identifier, unique"),
    "名称": ("名称（可与编号同填：编号为键，名称用于显示）", "Name (besides the id: the id is the key)"),
    "category": ("养老 或 托育", "eldercare or childcare"),
    "area_m2": ("建筑面积，平方米", "Floor area in m²"),
    "places": ("托位数（托育设施必填）", "Nursery places (required for childcare)"),
    "floor": (
        "所在楼层，如 1、1-2、B1 或 地下一层",
        "Storey(s), e.g. 1, 1-2, B1 or -1 (1 = ground floor)",
    ),
    "site": ("场地：同一场地的多处用房合计面积", "Site: rooms with the same site add up"),
    "phase": (
        "分期：期次（1、2 或 一期）或交付日期（2026-06）",
        "Phase: an order (1, 2) or a delivery date (2026-06)",
    ),
    "status": (
        "交付状态：规划、已建成、已验收、已交付",
        "Delivery status: planned, built, accepted, handed_over",
    ),
    "entrance": ("独立出入口：是 / 否", "Own entrance: yes / no"),
    "lift": ("电梯（无障碍）：是 / 否", "Lift (barrier-free): yes / no"),
    "x": ("X 坐标（经度或投影东坐标）", "x (longitude or easting)"),
    "y": ("Y 坐标（纬度或投影北坐标）", "y (latitude or northing)"),
}
SHEET_NAMES = {"zh": ("项目", "楼栋", "配套设施"), "en": ("project", "buildings", "facilities")}
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")


def _label(field: Field, lang: str) -> str:
    return field.zh if lang == "zh" else field.name


def _comment(field: Field, lang: str) -> Comment:
    zh, en = HELP.get(field.zh) or HELP.get(field.name, ("", ""))  # by zh where names repeat
    text = f"{zh}\n{field.name} / {field.zh}" if lang == "zh" else f"{en}\n{field.name} / {field.zh}"
    comment = Comment(text, "laoxiao-check")
    comment.width, comment.height = 260, 80
    return comment


def write_template(out: str | Path, lang: str = "zh") -> None:
    project_name, buildings_name, facilities_name = SHEET_NAMES[lang]
    workbook = Workbook()
    project = workbook.active
    project.title = project_name
    project.append(["字段" if lang == "zh" else "field", "值" if lang == "zh" else "value"])
    for cell in project[1]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
    for row, field in enumerate(PROJECT_FIELDS, start=2):
        label = project.cell(row=row, column=1, value=_label(field, lang))
        label.comment = _comment(field, lang)
        label.font = Font(bold=field.required)
    kind_row = 2 + [f.name for f in PROJECT_FIELDS].index("kind")
    kinds = '"新建,已建成"' if lang == "zh" else '"new,existing"'
    kind_validation = DataValidation(type="list", formula1=kinds, allow_blank=True)
    project.add_data_validation(kind_validation)
    kind_validation.add(f"B{kind_row}")
    project.column_dimensions["A"].width = 16
    project.column_dimensions["B"].width = 40

    for name, fields in ((buildings_name, BUILDING_FIELDS), (facilities_name, FACILITY_FIELDS)):
        sheet = workbook.create_sheet(name)
        sheet.append([_label(f, lang) for f in fields])
        for cell, field in zip(sheet[1], fields, strict=True):
            cell.comment = _comment(field, lang)
            cell.font = Font(bold=True)
            cell.fill = HEADER_FILL
            sheet.column_dimensions[cell.column_letter].width = 14
        sheet.freeze_panes = "A2"
        if fields is FACILITY_FIELDS:
            column = get_column_letter(1 + [f.name for f in fields].index("category"))
            categories = '"养老,托育"' if lang == "zh" else '"eldercare,childcare"'
            validation = DataValidation(type="list", formula1=categories, allow_blank=True)
            sheet.add_data_validation(validation)
            validation.add(f"{column}2:{column}1000")
        choices = {
            "status": '"规划,已建成,已验收,已交付"'
            if lang == "zh"
            else '"planned,built,accepted,handed_over"',
            "entrance": '"是,否"' if lang == "zh" else '"yes,no"',
            "lift": '"是,否"' if lang == "zh" else '"yes,no"',
        }
        for field_name, options in choices.items():  # phases, delivery and placement (issue 13)
            if field_name in [f.name for f in fields]:
                letter = get_column_letter(1 + [f.name for f in fields].index(field_name))
                dropdown = DataValidation(type="list", formula1=options, allow_blank=True)
                sheet.add_data_validation(dropdown)
                dropdown.add(f"{letter}2:{letter}1000")
        for field_name in ("id", "floor", "phase", "site"):  # text: Excel must not make 1-2 a date
            if field_name in [f.name for f in fields]:
                letter = get_column_letter(1 + [f.name for f in fields].index(field_name))
                for row in range(2, 501):
                    sheet[f"{letter}{row}"].number_format = "@"
        for field_name, kind in (("households", "whole"), ("places", "whole"), ("area_m2", "decimal")):
            if field_name in [f.name for f in fields]:
                column = get_column_letter(1 + [f.name for f in fields].index(field_name))
                numeric = DataValidation(
                    type=kind,
                    operator="greaterThanOrEqual",
                    formula1="0",
                    allow_blank=True,
                    showErrorMessage=True,
                )
                numeric.error = "请输入不小于0的数字" if lang == "zh" else "Enter a number ≥ 0"
                sheet.add_data_validation(numeric)
                numeric.add(f"{column}2:{column}1000")
    with atomic_path(out) as temporary:
        workbook.save(temporary)
