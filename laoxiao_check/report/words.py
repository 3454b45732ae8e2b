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
