"""The terminal summary of an audit."""

from __future__ import annotations

import io

from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..audit import AuditResult
from .words import CATEGORY, LABELS, figure, word

AUDIT_WORDS = {
    "estates": {"en": "Estates", "zh": "小区"},
    "district": {"en": "District", "zh": "区县"},
    "judged": {"en": "judged", "zh": "可判定"},
    "not_judged": {"en": "not judged", "zh": "无法判定"},
    "pass": {"en": "pass", "zh": "达标"},
    "fail": {"en": "fail", "zh": "不达标"},
    "incomplete": {"en": "incomplete", "zh": "资料不全"},
    "rule": {"en": "Rule", "zh": "条款"},
    "passing": {"en": "passing", "zh": "达标率"},
    "shortfall": {"en": "total shortfall", "zh": "缺口合计"},
    "required": {"en": "total required", "zh": "应配合计"},
    "outside": {"en": "households outside", "zh": "圈外户数"},
    "level": {"en": "circle", "zh": "服务圈"},
    "places": {"en": "nursery places per 1,000 residents", "zh": "每千人托位数"},
    "target": {"en": "city target", "zh": "城市目标"},
    "poor": {"en": "Estates too poorly described to judge", "zh": "资料不足无法判定的小区"},
    "no_coverage": {
        "en": "coverage not measured (give --facilities)",
        "zh": "未计算服务圈覆盖（需 --facilities）",
    },
}


MAX_DISTRICTS = 20


def _w(key: str, lang: str) -> str:
    return word(AUDIT_WORDS, key, lang)


def render_text(result: AuditResult, lang: str = "en", color: bool = False) -> str:
    buffer = io.StringIO()
    console = Console(
        file=buffer, width=140, force_terminal=color, no_color=not color, highlight=False, markup=False
    )
    city = result.summary["city"]
    counts = city["estates"]
    console.print(Text(f"{result.profile.name[lang]} [{result.profile.id}] — {result.source}", style="bold"))
    console.print(
        f"{_w('estates', lang)}: {counts['total']:,}; {_w('judged', lang)} {counts['judged']:,} "
        f"({_w('pass', lang)} {counts['pass']:,}, {_w('fail', lang)} {counts['fail']:,}, "
        f"{_w('incomplete', lang)} {counts['incomplete']:,}); "
        f"{_w('not_judged', lang)} {counts['not_judged']:,}"
    )

    districts = Table(title=_w("district", lang), title_justify="left")
    for key in ("district", "estates", "judged", "pass", "fail", "incomplete", "not_judged"):
        districts.add_column(_w(key, lang), justify="left" if key == "district" else "right")
    shown = sorted(result.summary["districts"], key=lambda d: -d["estates"]["total"])[:MAX_DISTRICTS]
    hidden = len(result.summary["districts"]) - len(shown)
    if hidden:
        districts.caption = (
            f"+{hidden} more districts in --format xlsx / json"
            if lang == "en"
            else f"另有{hidden}个区县，见 --format xlsx / json"
        )
    for entry in [*sorted(shown, key=lambda d: d["district"]), {"district": "∑", **city}]:
        e = entry["estates"]
        districts.add_row(
            entry["district"],
            *(f"{e[k]:,}" for k in ("total", "judged", "pass", "fail", "incomplete", "not_judged")),
        )
    console.print(districts)

    rules = Table(title=_w("rule", lang), title_justify="left")
    for key in ("rule", "pass", "fail", "incomplete", "passing", "required", "shortfall"):
        rules.add_column(_w(key, lang), justify="left" if key == "rule" else "right")
    for rule in city["rules"]:
        share = f"{rule['pass_share']:.1%}" if rule["pass_share"] is not None else "—"
        rules.add_row(
            rule["id"],
            f"{rule['pass']:,}",
            f"{rule['fail']:,}",
            f"{rule['insufficient_data']:,}",
            share,
            figure(rule["required_total"], rule["unit"], lang),
            figure(rule["shortfall_total"], rule["unit"], lang),
        )
    console.print(rules)

    if city["coverage"]:
        coverage = Table(
            title=word(LABELS, result.coverage_method or "straight_line", lang), title_justify="left"
        )
        coverage.add_column(word(LABELS, "category", lang))
        coverage.add_column(_w("level", lang))
        coverage.add_column(_w("outside", lang), justify="right")
        coverage.add_column("%", justify="right")
        for item in city["coverage"]:
            share = f"{item['share_outside']:.1%}" if item["share_outside"] is not None else "—"
            info = f" {word(LABELS, 'informational', lang)}" if item["informational"] else ""
            coverage.add_row(
                word(CATEGORY, item["category"], lang),
                f"{item['level']} ≤ {item['max_distance_m']:g} m{info}",
                f"{item['households_outside']:,} / {item['households_measured']:,}",
                share,
            )
        console.print(coverage)
    else:
        console.print(Text(_w("no_coverage", lang), style="dim"))

    places = city["childcare_places"]
    if places["per_1000_residents"] is not None:
        console.print(
            f"{_w('places', lang)}: {places['per_1000_residents']:.2f} "
            f"({_w('target', lang)} {places['city_target_per_1000']})"
        )
    if city["not_judged"]:
        console.print(Text(f"{_w('poor', lang)}: {len(city['not_judged']):,}", style="yellow"))
        for row in city["not_judged"][:10]:
            reason = row["reason_zh"] if lang == "zh" and row["reason_zh"] else row["reason"]
            console.print(f"  {row['row']}: {row['name']} — {reason}")
        if len(city["not_judged"]) > 10:
            console.print(f"  … +{len(city['not_judged']) - 10}")
    not_judged = {(result.source, row["row"]) for row in city["not_judged"]}
    other = [p for p in result.problems if (p.source, p.place) not in not_judged]
    if other:
        console.print(Text(f"{word(LABELS, 'warnings', lang)}: {len(other):,}", style="yellow"))
        for problem in other[:10]:
            where = " › ".join(part for part in (problem.source.rsplit("/", 1)[-1], problem.place) if part)
            console.print(f"  {where}: {problem.message}")
        if len(other) > 10:
            console.print(f"  … +{len(other) - 10} (--format json / xlsx)")
    return buffer.getvalue()
