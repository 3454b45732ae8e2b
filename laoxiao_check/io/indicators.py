"""A designer's technical-and-economic indicator table (经济技术指标表) read as a project.

Such a table lists one item per row — ``总户数 | 1850 | 户``, ``居住人口 | 5920 | 人``,
``居家养老服务用房 | 600 | ㎡``, ``托位数 | 60 | 个`` — in whatever columns the designer
chose (a serial number first, the unit before or after the value, a remark after). Each
item is mapped by :data:`ITEMS`, a table of synonyms that says what each one means, and
its unit is read from a unit column, from brackets in the item (``托育用房（㎡）``) or from
the value (``600㎡``). Every row that cannot be mapped is listed in one warning; items known
but not needed by any rule (容积率, 绿地率 …) in one more.

The table gives totals, not buildings: coverage (distances from each building) cannot be
measured on it, and the report says so (``no buildings listed``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from openpyxl.utils import get_column_letter

from laoxiao_check.io.fields import Cell
from laoxiao_check.model.messages import Said, listed, term
from laoxiao_check.model.values import clean_text, is_blank, normalise_text


@dataclass(frozen=True)
class Item:
    """What an indicator means: the project field or room it gives, and in what unit."""

    target: str
    """``households``, ``population``, ``name``, ``kind``, ``eldercare_area``,
    ``childcare_area``, ``childcare_places``, or ``unused`` (known, needed by no rule)."""
    unit: str
    """The kind of unit expected: ``households``, ``residents``, ``area``, ``places``, ``text``."""
    meaning: str


def _items(target: str, unit: str, meaning: str, *words: str) -> dict[str, Item]:
    return dict.fromkeys(words, Item(target, unit, meaning))


ITEMS: dict[str, Item] = {
    **_items("name", "text", "the project's name", "项目名称", "工程名称", "小区名称", "地块名称"),
    **_items("kind", "text", "new (新建) or existing (已建成)", "项目类型", "建设性质", "建设类型"),
    **_items(
        "households",
        "households",
        "households (dwellings, 套, read as households)",
        "总户数",
        "户数",
        "居住户数",
        "规划户数",
        "住宅户数",
        "住宅总户数",
        "总套数",
        "住宅套数",
        "套数",
    ),
    **_items(
        "population",
        "residents",
        "residents",
        "居住人口",
        "总人口",
        "规划人口",
        "人口",
        "居住人数",
        "规划居住人口",
        "总居住人口",
    ),
    **_items(
        "eldercare_area",
        "area",
        "floor area of eldercare rooms (养老服务用房)",
        "居家养老服务用房",
        "社区居家养老服务用房",
        "养老服务用房",
        "社区养老服务用房",
        "养老用房",
        "居家养老服务站",
        "社区居家养老服务站",
        "居家养老服务中心",
        "社区居家养老服务中心",
        "养老服务设施",
        "社区养老服务设施",
        "日间照料中心",
        "老年人日间照料中心",
        "社区日间照料中心",
        "养老服务站",
    ),
    **_items(
        "childcare_area",
        "area",
        "floor area of childcare rooms (托育用房, for children under 3)",
        "托育用房",
        "托育服务用房",
        "托育服务设施",
        "托育设施",
        "托育机构",
        "托育中心",
        "托育服务中心",
        "托育园",
        "托儿所",
        "婴幼儿照护服务设施",
        "婴幼儿照护服务用房",
        "社区托育服务设施",
        "社区托育用房",
    ),
    **_items(
        "childcare_places", "places", "childcare places (托位)", "托位数", "托位", "托育托位", "托位数量"
    ),
    **_items(
        "unused",
        "any",
        "known, needed by no rule",
        *"总用地面积 用地面积 净用地面积 规划用地面积 总建筑面积 计容建筑面积 地上建筑面积 地下建筑面积 "
        "住宅建筑面积 商业建筑面积 不计容建筑面积 配套公建面积 公共服务设施建筑面积 容积率 建筑密度 "
        "绿地率 绿化率 建筑限高 建筑高度 停车位 机动车停车位 非机动车停车位 地上停车位 地下停车位 "
        "户均人口 幼儿园 幼儿园班数 物业管理用房 社区服务用房 社区用房 垃圾收集点 公厕 栋数 楼栋数".split(),
    ),
}
"""Every item name understood (after removing serial numbers, ``其中：`` and units), with
what it means. Add a synonym here; a word is matched whole, never by a part of it."""

UNITS: dict[str, tuple[str, float]] = {
    "户": ("households", 1),
    "套": ("households", 1),
    "人": ("residents", 1),
    "万人": ("residents", 10_000),
    "㎡": ("area", 1),
    "m²": ("area", 1),
    "m2": ("area", 1),
    "平方米": ("area", 1),
    "平米": ("area", 1),
    "万㎡": ("area", 10_000),
    "万m²": ("area", 10_000),
    "万m2": ("area", 10_000),
    "万平方米": ("area", 10_000),
    "托位": ("places", 1),
    "个托位": ("places", 1),
    "位": ("places", 1),
    "个": ("count", 1),
    "处": ("sites", 1),
}
"""Unit words → the kind of quantity and the factor to ones (户, 人) or m²."""

_SERIAL = re.compile(
    r"^\s*(?:[0-9]+(?:\.[0-9]+)*[.、．]?|[（(][0-9一二三四五六七八九十]+[）)]|[①-⑳]|[一二三四五六七八九十]+[、.．])\s*"
)
_PART = re.compile(r"^\s*(?:其中|含)\s*[:：]?\s*")
_BRACKETS = re.compile(r"[\(（\[【](.*?)[\)）\]】]")
_SUFFIXES = ("建筑面积", "面积", "规模", "数量")
_NUMBER = re.compile(r"^\s*(?:[≥>＞=约]|不少于|不小于)?\s*([0-9][0-9,]*(?:\.[0-9]+)?)\s*(.*?)\s*$")
_HEADER_WORDS = {
    "数值",
    "指标",
    "数量",
    "单位",
    "备注",
    "指标值",
    "设计指标",
    "规划指标",
    "value",
    "amount",
    "unit",
}


QUANTITY_WORDS = {
    "households": "户数",
    "residents": "人口",
    "area": "面积",
    "places": "托位",
    "text": "文字",
    "population": "人口",
}
"""The Chinese of the quantities and targets messages name (``unit '㎡' is not households``)."""


def _key(label: str) -> str:
    text = _PART.sub("", _SERIAL.sub("", label))
    text = _BRACKETS.sub("", text)
    return re.sub(r"[\s:：]+", "", text)


def lookup_item(label: Any) -> Item | None:
    """The item a label names (``2.1 其中：居家养老服务用房（㎡）`` → eldercare area), or None."""
    if is_blank(label) or not isinstance(label, str):
        return None
    key = _key(normalise_text(label))
    if key in ITEMS:
        return ITEMS[key]
    for suffix in _SUFFIXES:
        if key.endswith(suffix) and key[: -len(suffix)] in ITEMS:
            return ITEMS[key[: -len(suffix)]]
    return None


def is_indicator_table(rows: Sequence[Sequence[Any]]) -> bool:
    """Does a sheet list indicators one per row (households or residents, and a room or place)?"""
    targets = {item.target for row in rows[:80] for cell in row if (item := lookup_item(cell))}
    return bool(targets & {"households", "population"}) and bool(
        targets & {"eldercare_area", "childcare_area", "childcare_places"}
    )


@dataclass
class IndicatorRead:
    """What the table gave, as rows for :func:`.fields.build_project`."""

    project: dict[str, Cell]
    facilities: list[tuple[str, dict[str, Cell]]]
    warnings: list[str]
    problems: list[tuple[str, str]]


def _layout(rows: Sequence[Sequence[Any]]) -> tuple[int, int | None]:
    """The item column (most items named) and the unit column (headed 单位, else most units)."""
    counts: dict[int, int] = {}
    units: dict[int, int] = {}
    headed: int | None = None
    for row in rows:
        for index, cell in enumerate(row):
            if lookup_item(cell):
                counts[index] = counts.get(index, 0) + 1
            text = clean_text(str(cell)).strip() if isinstance(cell, str) else ""
            if text in ("单位", "计量单位", "unit"):
                headed = index
            elif text in UNITS:
                units[index] = units.get(index, 0) + 1
    item_column = max(counts, key=lambda i: (counts[i], -i)) if counts else 0
    unit_column = headed if headed is not None else max(units, key=units.__getitem__) if units else None
    return item_column, unit_column


def _value(row: Sequence[Any], item_column: int, unit_column: int | None) -> tuple[int | None, Any, str]:
    """The value's column, the value and a unit written with it (``600㎡``)."""
    for index in range(item_column + 1, len(row)):
        if index == unit_column or is_blank(row[index]):
            continue
        cell = row[index]
        if isinstance(cell, (int, float)) and not isinstance(cell, bool):
            return index, cell, ""
        match = _NUMBER.match(normalise_text(str(cell)))
        if match:
            return index, float(match.group(1).replace(",", "")), match.group(2)
        return index, cell, ""
    return None, None, ""


def _unit(row: Sequence[Any], label: str, written: str, unit_column: int | None) -> str:
    if written:
        return written
    if unit_column is not None and unit_column < len(row) and not is_blank(row[unit_column]):
        return normalise_text(str(row[unit_column])).strip()
    for inside in _BRACKETS.findall(label):
        if normalise_text(inside).strip() in UNITS:
            return normalise_text(inside).strip()
    return ""


def read_indicators(sheet: str, rows: Sequence[Sequence[Any]]) -> IndicatorRead:
    """Map each row of an indicator table (see the module's docstring)."""
    item_column, unit_column = _layout(rows)
    read = IndicatorRead({}, [], [], [])
    unmapped: list[str] = []
    unused: list[str] = []
    rooms: dict[str, dict[str, Cell]] = {}
    parent: Item | None = None
    for number, row in enumerate(rows, start=1):
        label = row[item_column] if item_column < len(row) else None
        if is_blank(label):
            continue
        label_text = clean_text(str(label)).strip()
        if len({str(v) for v in row if not is_blank(v)}) == 1 and lookup_item(label) is None:
            continue  # a title merged across the row
        column, value, written = _value(row, item_column, unit_column)
        where = f"{sheet} › row {number}"
        if column is None or (isinstance(value, str) and value.strip().lower() in _HEADER_WORDS):
            continue  # a section heading or the table's own header: nothing to map
        place = f"{sheet} › {get_column_letter(column + 1)}{number}"
        item = lookup_item(label)
        is_part = bool(_PART.match(_SERIAL.sub("", label_text)))
        if item is None:
            unmapped.append(
                Said(
                    "row {row} {label} ({value})",
                    row=number,
                    label=repr(label_text),
                    value=clean_text(str(value)),
                )
            )
            continue
        if not is_part:
            parent = item
        if item.target == "unused":
            unused.append(label_text)
            continue
        if item.target in ("name", "kind"):
            read.project.setdefault(item.target, Cell(value, place))
            continue
        unit = _unit(row, label_text, written, unit_column)
        quantity, factor = UNITS.get(unit, (item.unit, 1)) if unit else (item.unit, 1)
        if item.unit == "places" and quantity == "count":
            quantity = "places"  # 托位数 60 个
        if item.target == "childcare_area" and quantity == "places":
            item, quantity = ITEMS["托位"], "places"
        if quantity != item.unit:
            values = {"row": number, "label": repr(label_text), "unit": repr(unit)}
            values["expected"] = term(item.unit, QUANTITY_WORDS)
            unmapped.append(
                Said(
                    "row {row} {label}: unit {unit} is not {expected} (places or sites? write 托位 or 处)",
                    **values,
                )
                if unit == "个"
                else Said("row {row} {label}: unit {unit} is not {expected}", **values)
            )
            continue
        if not isinstance(value, (int, float)):
            read.problems.append(
                (place, Said("{label}: expected a number, got {value}", label=label_text, value=repr(value)))
            )
            continue
        figure = value * factor
        if factor != 1:
            read.warnings.append(
                Said(
                    "{place}: {value} {unit} read as {figure}",
                    place=place,
                    value=f"{value:g}",
                    unit=unit,
                    figure=f"{figure:g}",
                )
            )
        if item.target in ("households", "population"):
            if item.target in read.project:
                first = read.project[item.target].place
                read.warnings.append(
                    Said(
                        "{place}: {label} left out: {target} already given at {first}",
                        place=where,
                        label=label_text,
                        target=term(item.target, QUANTITY_WORDS),
                        first=first,
                    )
                )
            else:
                read.project[item.target] = Cell(figure, place)
            continue
        if is_part and parent is not None and parent.target == item.target and rooms:
            read.warnings.append(
                Said(
                    "{place}: {label} is part of the item above: not added again",
                    place=where,
                    label=repr(label_text),
                )
            )
            continue
        _add_room(rooms, item, label_text, figure, place, where)
    if unmapped:
        read.warnings.append(
            Said(
                "{sheet}: {count} indicator row(s) not understood, not read: {rows} (the items understood "
                "are listed in laoxiao_check/io/indicators.py)",
                sheet=sheet,
                count=len(unmapped),
                rows=listed(unmapped, "; "),
            )
        )
    if unused:
        read.warnings.append(
            Said(
                "{sheet}: indicators needed by no rule, not read: {items}",
                sheet=sheet,
                items=", ".join(unused),
            )
        )
    read.facilities = [(room.pop("_where").value, room) for room in rooms.values()]
    return read


def _add_room(
    rooms: dict[str, dict[str, Cell]], item: Item, label: str, figure: float, place: str, where: str
) -> None:
    """One room per item; a childcare place count joins the childcare room (or stands alone)."""
    if item.target == "childcare_places":
        room = next((r for r in rooms.values() if r["category"].value == "childcare"), None)
        if room is None or "places" in room:
            room = rooms.setdefault(f"{label}@{where}", _room(label, "childcare", where, place))
        room["places"] = Cell(figure, place)
        return
    category = "eldercare" if item.target == "eldercare_area" else "childcare"
    if category == "childcare":
        pending = next(
            (r for r in rooms.values() if r["category"].value == "childcare" and "area_m2" not in r), None
        )
        if pending is not None:
            pending["area_m2"] = Cell(figure, place)
            pending["id"] = Cell(label, pending["id"].place)
            return
    room = rooms.setdefault(f"{label}@{where}", _room(label, category, where, place))
    room["area_m2"] = Cell(figure, place)


def _room(label: str, category: str, where: str, place: str) -> dict[str, Cell]:
    return {
        "id": Cell(_key(label) or label, place),
        "category": Cell(category, place),
        "_where": Cell(where, place),
    }
