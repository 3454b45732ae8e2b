"""Words shared by the human-readable formats (terminal, Excel, HTML), in zh and en."""

from __future__ import annotations

from ..checks.base import CATEGORY_WORDS

STATUS = {
    "pass": {"en": "pass", "zh": "通过"},
    "fail": {"en": "FAIL", "zh": "不通过"},
    "not_applicable": {"en": "n/a", "zh": "不适用"},
    "insufficient_data": {"en": "no data", "zh": "资料不足"},
}
STATUS_STYLE = {
    "pass": "green",
    "fail": "bold red",
    "not_applicable": "dim",
    "insufficient_data": "yellow",
}
VERDICT = {
    "pass": {"en": "PASS: every rule is met", "zh": "结论：符合配建标准"},
    "fail": {"en": "FAIL: at least one rule is not met", "zh": "结论：不符合配建标准"},
    "incomplete": {
        "en": "INCOMPLETE: no rule fails, but some could not be checked",
        "zh": "结论：资料不全，部分条款无法判定",
    },
}
UNIT = {
    "m2": {"en": "m²", "zh": "平方米"},
    "places": {"en": "places", "zh": "个托位"},
    "facilities": {"en": "facilities", "zh": "处"},
    "households": {"en": "households", "zh": "户"},
    "ratio": {"en": "", "zh": ""},
}
KIND = {"new": {"en": "new", "zh": "新建"}, "existing": {"en": "existing", "zh": "已建成"}}
LABELS = {
    "status": {"en": "Status", "zh": "结果"},
    "requirement": {"en": "Requirement", "zh": "要求"},
    "required": {"en": "Required", "zh": "应配"},
    "provided": {"en": "Provided", "zh": "已配"},
    "shortfall": {"en": "Shortfall", "zh": "缺口"},
    "citation": {"en": "Citation", "zh": "依据"},
    "project": {"en": "Project", "zh": "项目"},
    "profile": {"en": "Rules", "zh": "标准"},
    "households": {"en": "households", "zh": "户"},
    "residents": {"en": "residents", "zh": "人"},
    "estimated": {"en": "estimated", "zh": "估算"},
    "from": {"en": "from", "zh": "来自"},
    "warnings": {"en": "Warnings", "zh": "提示"},
    "informational": {"en": "(info)", "zh": "（参考）"},
    "category": {"en": "Category", "zh": "类别"},
    "straight_line": {"en": "straight line", "zh": "直线距离"},
    "network": {"en": "walking network", "zh": "步行路网"},
    "outside": {"en": "Households outside the circle:", "zh": "服务圈外住户："},
    "building": {"en": "Building", "zh": "楼栋"},
    "nearest": {"en": "Nearest facility", "zh": "最近设施距离"},
    "unsnapped": {"en": "Not on the network (never counted as covered)", "zh": "未接入路网（不计为覆盖）"},
}
XLSX_HEADERS = {
    "zh": {
        "id": "编号",
        "status": "结果",
        "requirement": "要求",
        "required": "应配",
        "provided": "已配",
        "shortfall": "缺口",
        "citation": "依据",
        "profile": "来源标准",
        "finding": "说明",
        "category": "类别",
        "level": "服务圈",
        "distance_m": "距离（米）",
        "method": "方法",
        "households": "总户数（户）",
        "covered": "覆盖户数（户）",
        "share": "覆盖率",
        "required_share": "要求覆盖率",
        "outside": "未覆盖楼栋",
        "outside_households": "未覆盖户数（户）",
        "nearest_m": "最近设施距离（米）",
        "reason": "未覆盖原因",
    },
    "en": {
        "id": "id",
        "status": "status",
        "requirement": "requirement",
        "required": "required",
        "provided": "provided",
        "shortfall": "shortfall",
        "citation": "citation",
        "profile": "profile",
        "finding": "finding",
        "category": "category",
        "level": "level",
        "distance_m": "distance (m)",
        "method": "method",
        "households": "households",
        "covered": "households covered",
        "share": "share covered",
        "required_share": "share required",
        "outside": "building outside",
        "outside_households": "its households",
        "nearest_m": "nearest facility (m)",
        "reason": "why outside",
    },
}
"""Column headers of the review workbook (``check --format xlsx``)."""
METRIC = {
    "floor_area": {"en": "floor area", "zh": "用房面积"},
    "site_area": {"en": "site area", "zh": "单处面积"},
    "places": {"en": "places", "zh": "托位"},
    "facility_count": {"en": "facilities", "zh": "设施数"},
    "coverage": {"en": "coverage", "zh": "服务圈覆盖"},
}
AUDIT_XLSX_WORDS = {
    "row": {"en": "row", "zh": "行号"},
    "name": {"en": "name", "zh": "小区名称"},
    "kind": {"en": "kind", "zh": "类型"},
    "households": {"en": "households", "zh": "户数"},
    "population": {"en": "residents", "zh": "人口"},
    "verdict": {"en": "verdict", "zh": "结论"},
    "reason": {"en": "reason not judged", "zh": "无法判定原因"},
    "estate": {"en": "estate", "zh": "小区"},
    "shortfall": {"en": "shortfall", "zh": "缺口"},
    "nearest": {"en": "nearest facility (m)", "zh": "最近设施（米）"},
    "unit": {"en": "unit", "zh": "单位"},
    "place": {"en": "place", "zh": "位置"},
    "message": {"en": "problem", "zh": "问题"},
    "tool": {"en": "laoxiao-check audit", "zh": "laoxiao-check 批量审查"},
    "profile": {"en": "profile", "zh": "标准"},
    "estates_file": {"en": "estates file", "zh": "小区名单"},
    "coordinates": {"en": "coordinates", "zh": "坐标系统"},
    "coverage": {"en": "coverage", "zh": "覆盖计算"},
    "measured": {"en": "households measured", "zh": "测算户数"},
    "outside": {"en": "households outside", "zh": "圈外户数"},
}
"""Words of the audit workbook (``audit --format xlsx``) not shared with the terminal."""
CATEGORY = {key: {"en": en, "zh": zh} for key, (en, zh) in CATEGORY_WORDS.items()}


def word(table: dict[str, dict[str, str]], key: str, lang: str) -> str:
    return table.get(key, {}).get(lang, key)


def figure(value: float | int | None, unit: str, lang: str) -> str:
    if value is None:
        return "—"
    if unit == "ratio":
        return f"{value * 100:.1f}%"
    text = f"{value:,.2f}".rstrip("0").rstrip(".") if isinstance(value, float) else f"{value:,}"
    suffix = word(UNIT, unit, lang)
    return f"{text} {suffix}".strip() if lang == "en" else f"{text}{suffix}"
