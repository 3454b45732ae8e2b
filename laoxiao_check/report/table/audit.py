"""The terminal summary of an audit."""

from __future__ import annotations

import io
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from laoxiao_check.model.audit import AuditResult, GroupResult
from laoxiao_check.model.glossary import BINDING, CATEGORY, LABELS, SCOPE, STATUS, UNIT, level_word, word
from laoxiao_check.model.messages import say
from laoxiao_check.model.phrasing import figure, metres
from laoxiao_check.report.table.check import (
    STATUS_STYLE,
    ledger_texts,
    network_table,
    quality_texts,
    report_console,
)
from laoxiao_check.report.views.audit import audit_word, district_name, judged_rules
from laoxiao_check.report.views.findings import counts_line, required_text, status_key, status_word
from laoxiao_check.report.views.inputs import place_word

MAX_DISTRICTS = 20


def render_text(result: AuditResult, lang: str = "en", color: bool = False) -> str:
    """The audit's terminal summary: its sections one after another, each printed by its own function."""
    buffer = io.StringIO()
    console = report_console(buffer, color, markup=False)
    print_totals(console, result, lang)
    print_districts(console, result, lang)
    print_rules(console, result, lang)
    print_coverage(console, result, lang)
    print_childcare_places(console, result, lang)
    levels_table(console, result, lang)
    if result.accessibility is not None:
        for access_table in accessibility_tables(result, lang):
            console.print(access_table)
    print_not_judged(console, result, lang)
    for part in network_table(result.network, lang):
        console.print(part)
    print_communities(console, result, lang)
    print_partitions(console, result, lang)
    print_warnings(console, result, lang)
    return buffer.getvalue()


def print_totals(console: Console, result: AuditResult, lang: str) -> None:
    """The profile and source as a title; the data tier and what was dropped or doubted (before
    any verdict); then the city's estates: judged, passed, failed, not judged."""

    def w(key: str) -> str:
        return audit_word(key, lang)

    counts = result.summary["city"]["estates"]
    console.print(
        Text(
            f"{result.profile.name[lang]} [{say(result.profile.label, lang)}] — {result.source}", style="bold"
        )
    )
    for text in [*quality_texts(result.quality, lang), *ledger_texts(result.ledger, lang)]:
        console.print(text)
    console.print(
        f"{w('estates')}: {counts['total']:,}; {w('judged')} {counts['judged']:,} "
        f"({w('pass')} {counts['pass']:,}, {w('fail')} {counts['fail']:,}, "
        f"{w('incomplete')} {counts['incomplete']:,}); "
        f"{w('not_judged')} {counts['not_judged']:,}"
    )


def print_districts(console: Console, result: AuditResult, lang: str) -> None:
    """The estates' verdicts per district (the largest MAX_DISTRICTS, by name) and their sum ∑."""

    def w(key: str) -> str:
        return audit_word(key, lang)

    city = result.summary["city"]
    districts = Table(title=w("district"), title_justify="left")
    for key in ("district", "estates", "judged", "pass", "fail", "incomplete", "not_judged"):
        districts.add_column(w(key), justify="left" if key == "district" else "right")
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
            district_name(entry["district"], lang),
            *(f"{e[k]:,}" for k in ("total", "judged", "pass", "fail", "incomplete", "not_judged")),
        )
    console.print(districts)


def print_rules(console: Console, result: AuditResult, lang: str) -> None:
    """One row per rule that judged an estate: passes, fails, no data, share passing, required, shortfall."""

    def w(key: str) -> str:
        return audit_word(key, lang)

    judged = judged_rules(result.summary["city"])
    if not judged:  # no rule judged an estate (every figure without one or not applicable): no empty table
        return
    rules = Table(title=w("rule"), title_justify="left")
    for key in ("rule", "pass", "fail", "insufficient_data", "passing", "total_required", "total_shortfall"):
        rules.add_column(w(key), justify="left" if key == "rule" else "right")
    names = {r.id: r.name for r in result.profile.rules}
    for rule in judged:
        share = f"{rule['pass_share']:.1%}" if rule["pass_share"] is not None else "—"
        binding = rule.get("binding", "binds")
        title = (names.get(rule["id"]) or {}).get("zh") if lang == "zh" else None
        rules.add_row(
            (title or rule["id"]) + ("" if binding == "binds" else f" ({word(BINDING, binding, lang)})"),
            f"{rule['pass']:,}",
            f"{rule['fail']:,}",
            f"{rule['insufficient_data']:,}",
            share,
            ("≈ " if rule.get("estimated") else "") + figure(rule["required_total"], rule["unit"], lang),
            figure(rule["shortfall_total"], rule["unit"], lang),
        )
    console.print(rules)


def print_coverage(console: Console, result: AuditResult, lang: str) -> None:
    """The households outside each category's circle and level, or a line saying none was measured."""
    city = result.summary["city"]
    if not city["coverage"]:
        console.print(Text(audit_word("no_coverage", lang), style="dim"))
        return
    coverage = Table(
        title=word(LABELS, result.coverage_method or "straight_line", lang), title_justify="left"
    )
    coverage.add_column(word(LABELS, "category", lang))
    coverage.add_column(audit_word("level", lang))
    coverage.add_column(audit_word("outside", lang), justify="right")
    coverage.add_column("%", justify="right")
    for item in city["coverage"]:
        share = f"{item['share_outside']:.1%}" if item["share_outside"] is not None else "—"
        info = f" {word(LABELS, 'informational', lang)}" if item["informational"] else ""
        coverage.add_row(
            word(CATEGORY, item["category"], lang),
            f"{item['level']} {item.get('within', '≤')} {item['max_distance_m']:g} m{info}",
            f"{item['households_outside']:,} / {item['households_measured']:,}",
            share,
        )
    console.print(coverage)


def print_childcare_places(console: Console, result: AuditResult, lang: str) -> None:
    """The city's nursery places per 1,000 residents against its target, where they were counted."""

    def w(key: str) -> str:
        return audit_word(key, lang)

    places = result.summary["city"]["childcare_places"]
    if places["per_1000_residents"] is None:
        if places.get("per_1000_unknown"):
            why = places["per_1000_unknown"][lang]
            console.print(f"{w('places')}: {word(STATUS, 'insufficient_data', lang)} — {why}")
        return
    year = f" {places['city_target_year']}" if places.get("city_target_year") else ""
    counted = w("official") if places.get("residents_counted") == "official" else w("from_estates")
    console.print(
        f"{w('places')}: {places['per_1000_residents']:.2f} "
        f"({w('target')}{year} {places['city_target_per_1000']}; {w('population_source')}: {counted})"
    )


def print_not_judged(console: Console, result: AuditResult, lang: str) -> None:
    """The estates too poorly described to judge: their count and the first ten, with the reason."""
    not_judged = result.summary["city"]["not_judged"]
    if not not_judged:
        return
    console.print(Text(f"{audit_word('poor', lang)}: {len(not_judged):,}", style="yellow"))
    for row in not_judged[:10]:
        reason = row["reason_zh"] if lang == "zh" and row["reason_zh"] else row["reason"]
        console.print(f"  {place_word(row['row'], lang)}: {row['name']} — {reason}")
    if len(not_judged) > 10:
        console.print(f"  … +{len(not_judged) - 10}")


def print_communities(console: Console, result: AuditResult, lang: str) -> None:
    """The community rules judged on each community, then the street rules on each street."""
    titles = {
        "community": {"en": "Communities (community rules)", "zh": "社区（社区层面规则）"},
        "street": {"en": "Streets and townships (street rules)", "zh": "街道（乡镇）（街道层面规则）"},
    }
    for scope, groups in (("community", result.communities), ("street", result.streets)):
        if any(g.findings for g in groups):
            print_groups(console, groups, titles[scope][lang], lang)


def print_groups(console: Console, groups: tuple[GroupResult, ...], title: str, lang: str) -> None:
    """Groups judged on the rules of their level: the verdicts counted, the first ten failures."""
    counts = {
        v: sum(1 for c in groups if c.verdict == v) for v in ("pass", "fail", "incomplete", "not_applicable")
    }
    console.print(
        Text(
            f"{title}: {len(groups):,}; "
            + ", ".join(
                f"{word(STATUS, v, lang) if v != 'incomplete' else audit_word('incomplete', lang)} {n:,}"
                for v, n in counts.items()
            ),
            style="bold",
        )
    )
    findings = [f for c in groups for f in c.findings]
    if any(f.binding == "target" for f in findings):
        console.print(Text(counts_line(findings, lang), style="dim"))
    short = [c for c in groups if any(f.status == "fail" for f in c.findings)]
    for group in short[:10]:  # binding fails and missed targets, each marked as what it is
        failed = "; ".join(
            f"{status_word(f, lang)}: {f.message[lang]}" for f in group.findings if f.status == "fail"
        )
        console.print(f"  {group.district} {group.name}: {failed}")


def print_partitions(console: Console, result: AuditResult, lang: str) -> None:
    """A partitioned audit's parts: how many ran to the end, and each one that failed, with why."""
    if not result.partitions:
        return
    stopped = [p for p in result.partitions if p.status != "done"]
    title = {"en": f"Partitions by {result.partition_by}", "zh": f"分区（按{result.partition_by}）"}[lang]
    done = {"en": "done", "zh": "完成"}[lang]
    failed_word = {"en": "failed", "zh": "失败"}[lang]
    console.print(
        Text(
            f"{title}: {len(result.partitions):,}; {done} {len(result.partitions) - len(stopped):,}, "
            f"{failed_word} {len(stopped):,}",
            style="bold red" if stopped else "bold",
        )
    )
    for part in stopped:
        console.print(f"  {part.name or '—'}: {failed_word} — {part.reason}")


def print_warnings(console: Console, result: AuditResult, lang: str) -> None:
    """The problems met other than the estates not judged (listed above): the first ten of them."""
    not_judged = {(result.source, row["row"]) for row in result.summary["city"]["not_judged"]}
    other = [p for p in result.problems if (p.source, p.place) not in not_judged]
    if not other:
        return
    console.print(Text(f"{word(LABELS, 'warnings', lang)}: {len(other):,}", style="yellow"))
    for problem in other[:10]:
        where = " › ".join(
            part for part in (problem.source.rsplit("/", 1)[-1], place_word(problem.place, lang)) if part
        )
        console.print(f"  {where}: {say(problem.message, lang)}")
    if len(other) > 10:
        console.print(f"  … +{len(other) - 10} (--format json / xlsx)")


MAX_LEVEL_ROWS = 30


def levels_table(console: Console, result: AuditResult, lang: str) -> None:
    """The district and city rules, judged on each district and the city: one row per rule."""
    from laoxiao_check.report.views.audit import population_source_word

    rows = [(scope, g) for scope, g in result.levels if scope != "community"]
    if not rows:
        return
    table = Table(title=audit_word("levels_title", lang), title_justify="left")
    for key in ("scope", "area", "population", "population_source"):
        table.add_column(audit_word(key, lang), justify="right" if key == "population" else "left")
    for key in ("status", "required", "provided"):
        table.add_column(word(LABELS, key, lang), justify="left" if key == "status" else "right")
    table.add_column(audit_word("target_year", lang), justify="right")
    table.add_column("id", overflow="fold")
    shown = 0
    for scope, group in rows:
        for finding in group.findings:
            shown += 1
            if shown > MAX_LEVEL_ROWS:
                continue
            table.add_row(
                word(SCOPE, scope, lang),
                group.name or "—",
                f"{group.population:,.0f}",
                population_source_word(group.population_source, lang),
                Text(status_word(finding, lang), style=STATUS_STYLE[status_key(finding)]),
                required_text(finding, lang),
                figure(finding.provided, finding.unit, lang),
                str(finding.target_year or ""),
                finding.id,
            )
    if shown > MAX_LEVEL_ROWS:
        table.caption = f"+{shown - MAX_LEVEL_ROWS} (--format json / xlsx)"
    console.print(table)
    cited = {f.id: f.citation.text for _, group in rows for f in group.findings}
    for rule_id, text in cited.items():  # each figure's clause, once
        console.print(Text(f"  {rule_id}: {text}", style="dim"))
    short = [(g, f) for _, g in rows for f in g.findings if f.status in ("fail", "insufficient_data")]
    for group, finding in short[:MAX_LEVEL_ROWS]:  # what is missing, and where data is, what to add
        area = group.name or word(SCOPE, "city", lang)
        dot, colon = ("·", "：") if lang == "zh" else (" · ", ": ")  # zh: no space to break the line at
        console.print(Text(f"  {area}{dot}{finding.id}{colon}{finding.message[lang]}"))


def accessibility_tables(result: AuditResult, lang: str) -> list[Table]:
    """Per category: the capacity within reach, shared among all who reach it, by district and city."""
    tables = []
    for category in result.accessibility.categories if result.accessibility else ():
        unit = word(UNIT, category.measure.unit, lang)
        per = {
            "1000_residents": ("per 1,000 residents", "每千人"),
            "100_households": ("per 100 households", "每百户"),
        }
        circle = f"{level_word(category.level, lang)} ≤ {metres(category.max_distance_m, lang)}"
        catchment = category.catchment.upper()
        title = (
            f"{word(CATEGORY, category.category, lang)}：可达容量（共享，{catchment}，{circle}）"
            if lang == "zh"
            else f"{word(CATEGORY, category.category, lang)}: capacity within reach, shared "
            f"({catchment}, {circle})"
        )
        table = Table(title=title, title_justify="left")
        for header in (
            {"en": "district", "zh": "区县"}[lang],
            unit.removeprefix("个"),
            f"{per[category.measure.per_label][1]}{unit.removeprefix('个')}"
            if lang == "zh"
            else f"{unit} {per[category.measure.per_label][0]}",
            {"en": "rate", "zh": "配建标准"}[lang],
            {"en": "share of need", "zh": "满足比例"}[lang],
            {"en": "city target", "zh": "城市目标"}[lang],
        ):
            table.add_column(header, justify="left" if header in ("district", "区县") else "right")
        for entry in [*category.districts, {**category.city, "name": "∑"}]:
            table.add_row(
                district_name(entry["name"], lang) or "—",
                f"{entry['accessible']:,.1f}",
                "—" if entry["accessible_per"] is None else f"{entry['accessible_per']:.2f}",
                "—" if entry["required_per"] is None else f"{entry['required_per']:.2f}",
                "—" if entry["share_of_need"] is None else f"{entry['share_of_need']:.1%}",
                "—" if entry["target"] is None else f"{entry['target']:g}",
            )
        table.caption = unreached_caption(category.facilities, unit, lang)
        tables.append(table)
    return tables


def unreached_caption(facilities: tuple[dict[str, Any], ...], unit: str, lang: str) -> str | None:
    """Capacity that reaches no estate within the distance is in no sum of the table: said."""
    idle = [f for f in facilities if f.get("capacity") and not f.get("demand_reaching")]
    if not idle:
        return None
    total = sum(float(f["capacity"]) for f in idle)
    ids = ", ".join(str(f["id"]) for f in idle[:5]) + (" …" if len(idle) > 5 else "")
    if lang == "zh":
        return f"另有{len(idle)}处设施（{ids}）的{total:,.1f}{unit}在距离内无小区可达，未计入上表"
    return (
        f"{len(idle)} facilit{'y' if len(idle) == 1 else 'ies'} ({ids}) with {total:,.1f} {unit} "
        "reach no estate within the distance: in no sum above"
    )
