"""A draft written as a rule profile in the bundled profiles' YAML, and explained rule by rule.

Every rule carries its kind, category, projects, parameters, binding (``binds``, ``target`` with
its ``target_year``, ``advisory``), its citation (``clause``: the heading path; ``note``: the
sentences quoted) and ``review: needed``. Each figure read only partly is a comment under
``rules``, with its clause and sentence, for the reviewer to decide."""

from __future__ import annotations

import json
import re
from typing import Any

from laoxiao_check.model.messages import Said, say
from laoxiao_check.rules.draft import Draft, DraftRule
from laoxiao_check.rules.draft.figures import Figure

DOCUMENT_ID = "policy"
PERSONS_PER_HOUSEHOLD = 3.2
"""Written only in a draft that extends no profile (which must say it): the baseline's planning
default, marked as not read from the text."""
YAML_WORDS = ("true", "false", "yes", "no", "on", "off", "null", "y", "n")
"""Words YAML 1.1 reads as booleans or null: quoted when they are text."""
BINDING_WORDS = {"binds": Said("binds"), "advisory": Said("advisory"), "target": Said("target")}
CATEGORY_ZH = {"eldercare": "养老", "childcare": "托育"}
CATEGORY_EN = {"eldercare": "Eldercare", "childcare": "Childcare"}
KIND_ZH = {"new": "新建", "existing": "已建成", "any": ""}


def rule_name(figure: Figure) -> dict[str, str]:
    """The rule's name in both languages, worded as the bundled profiles word theirs."""
    zh_cat, en_cat = CATEGORY_ZH[figure.category], CATEGORY_EN[figure.category]
    estates_zh = KIND_ZH[figure.project_kind]
    estates_en = f" ({figure.project_kind} estates)" if figure.project_kind != "any" else ""
    year_zh = f"（{figure.target_year}年目标）" if figure.target_year else ""
    year_en = f" ({figure.target_year} target)" if figure.target_year else ""
    kind = figure.kind
    if kind == "floor_area_per_households":
        return {"zh": f"{estates_zh}住宅区{zh_cat}服务用房面积", "en": f"{en_cat} floor area{estates_en}"}
    if kind == "site_area_minimum":
        return {"zh": f"{zh_cat}服务用房单处面积", "en": f"{en_cat} floor area per site{estates_en}"}
    if kind == "phased_delivery":
        return {
            "zh": f"{zh_cat}服务用房分期同步交付",
            "en": f"{en_cat} rooms delivered with each phase{estates_en}",
        }
    if kind == "places_per_population" and figure.scope == "project":
        return {"zh": f"{estates_zh}住宅区托位数", "en": f"Nursery places{estates_en}"}
    if kind == "places_per_population":
        return {
            "zh": f"全市每千人口托位数{year_zh}",
            "en": f"Nursery places per 1,000 residents, city{year_en}",
        }
    if kind == "places_minimum" and figure.scope == "city":
        return {"zh": f"托位总数{year_zh}", "en": f"Nursery places in all{year_en}"}
    if kind == "places_minimum":
        population = figure.applies_when.get("population_at_least", 0)
        return {
            "zh": f"{population:g}人以上社区托位数{year_zh}",
            "en": f"Nursery places (communities of {population:,.0f}+){year_en}",
        }
    if kind == "facility_count":
        if figure.applies_when.get("renovation"):
            return {
                "zh": f"老旧小区改造社区{zh_cat}设施",
                "en": f"{en_cat} facility in renovated old estates",
            }
        if figure.scope == "district":
            return {
                "zh": f"每个县（市、区）{zh_cat}机构{year_zh}",
                "en": f"{en_cat} institution in every county{year_en}",
            }
        return {"zh": f"社区{zh_cat}机构{year_zh}", "en": f"{en_cat} institution in the community{year_en}"}
    if kind == "street_share":
        return {
            "zh": f"街道（乡镇）{zh_cat}服务中心覆盖率{year_zh}",
            "en": f"Streets and townships with a {figure.category} centre{year_en}",
        }
    if kind == "inclusive_share":
        return {"zh": f"普惠性托位占比{year_zh}", "en": f"Inclusive (普惠) share of nursery places{year_en}"}
    if kind == "bed_share" and figure.params.get("beds") == "government":
        return {
            "zh": f"政府运营养老床位占比{year_zh}",
            "en": f"Government-run beds among eldercare beds{year_en}",
        }
    if kind == "bed_share":
        return {"zh": f"养老机构护理型床位占比{year_zh}", "en": f"Nursing beds among eldercare beds{year_en}"}
    if kind == "beds_per_elderly":
        nursing_zh, nursing_en = ("护理型", "nursing ") if figure.params.get("nursing") else ("", "")
        return {
            "zh": f"每千名老年人{nursing_zh}养老床位数{year_zh}",
            "en": f"Eldercare {nursing_en}beds per 1,000 older residents{year_en}",
        }
    if kind == "total_beds":
        return {"zh": f"养老床位总量{year_zh}", "en": f"Eldercare beds in all{year_en}"}
    if kind == "community_share":
        what_zh = "日间照料服务设施" if "service_words" in figure.params else f"{zh_cat}服务设施"
        what_en = (
            "an eldercare day-care facility"
            if "service_words" in figure.params
            else f"a {figure.category} facility"
        )
        return {"zh": f"社区{what_zh}覆盖率{year_zh}", "en": f"Communities with {what_en}, city{year_en}"}
    if kind == "coverage":
        return {"zh": f"{zh_cat}服务设施服务半径", "en": f"{en_cat} service radius"}
    if kind == "land_per_resident":
        return {"zh": f"{zh_cat}服务设施用地（人均）", "en": f"{en_cat} facility land per resident"}
    return {"zh": f"{zh_cat}{kind}", "en": f"{en_cat} {kind}"}


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    if re.fullmatch(r"[a-z][a-z0-9_.-]*", str(value)) and value not in YAML_WORDS:
        return str(value)
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar


def _flow(mapping: dict[str, Any]) -> str:
    return "{" + ", ".join(f"{key}: {_value(value)}" for key, value in mapping.items()) + "}"


def _value(value: Any) -> str:
    if isinstance(value, dict):
        return _flow(value)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_scalar(item) for item in value) + "]"
    return _scalar(value)


def _comment(text: str) -> str:
    return " ".join(text.split())


def quoted(rule: DraftRule) -> str:
    """The sentences a rule was read from, each in 「」."""
    seen: list[str] = []
    for _, sentence in rule.sources:
        if sentence not in seen:
            seen.append(sentence)
    return " ".join(f"「{_comment(sentence)}」" for sentence in seen)


def profile_yaml(draft: Draft, *, profile_id: str, name: dict[str, str], extends: str, source: str) -> str:
    """The draft as a profile's YAML text (comments included)."""
    title = draft.title or source
    lines = [
        f"# DRAFT rule profile, written by `laoxiao-check rules draft` from {_comment(source)}.",
        "# Every rule is marked `review: needed`: check its figure, projects, scope, year and clause",
        "# against the text, then set `review: done` (or delete the rule). Figures read only partly",
        "# are comments at the end, for you to decide. Then: laoxiao-check rules validate <this file>.",
        f"id: {_scalar(profile_id)}",
        f"name: {_flow(name)}",
    ]
    if extends:
        lines.append(f"extends: {_scalar(extends)}")
    lines += [
        "description:",
        f"  zh: {_scalar(f'草稿：由 rules draft 从《{title}》读出，逐条待核对。')}",
        f"  en: {_scalar(f'Draft read by rules draft from {title}; every rule awaits review.')}",
        "documents:",
        f"  {DOCUMENT_ID}:",
        f"    title: {_scalar(title)}",
    ]
    if draft.number:
        lines.append(f"    number: {_scalar(draft.number)}")
    if draft.date:
        lines.append(f"    date: {_scalar(draft.date)}")
    lines.append(f"    note: {_scalar(f'drafted from {source} by laoxiao-check rules draft')}")
    if not extends:  # a profile of its own needs persons per household: not from the text
        lines += [
            "defaults:",
            f"  persons_per_household: {PERSONS_PER_HOUSEHOLD}",
            "  persons_per_household_note: "
            + _scalar("a common planning default, not read from the text: give the city's figure"),
        ]
    lines.append("rules:" if draft.rules else "rules: {}")
    for rule in draft.rules:
        lines += _rule_lines(rule)
    if draft.unsure:
        lines.append(
            "# Figures read only partly (not rules): decide each, and write it as a rule if it is one."
        )
        for unsure in draft.unsure:
            reason_en = _comment(unsure.reason)
            reason_zh = _comment(say(unsure.reason, "zh"))
            lines.append(
                f"# - {_comment(unsure.clause.cited)}: {_comment(unsure.figure)} — {reason_en}（{reason_zh}）"
            )
            lines.append(f"#   「{_comment(unsure.sentence)}」")
    return "\n".join(lines) + "\n"


def _rule_lines(rule: DraftRule) -> list[str]:
    figure = rule.figure
    body: dict[str, Any] = {
        "kind": figure.kind,
        "category": figure.category,
        "project_kind": figure.project_kind,
        "name": rule_name(figure),
        **figure.params,
    }
    if figure.scope != "project":
        body["scope"] = figure.scope
    if figure.applies_when:
        body["applies_when"] = figure.applies_when
    body["binding"] = figure.binding
    if figure.target_year is not None:
        body["target_year"] = figure.target_year
    lines = [f"  {rule.id}:"]
    lines += [f"    {key}: {_value(value)}" for key, value in body.items()]
    note = quoted(rule) + (f" — {figure.note}" if figure.note else "")
    lines += [
        "    citation:",
        f"      document: {DOCUMENT_ID}",
        f"      clause: {_scalar(rule.clause)}",
        f"      note: {_scalar(note)}",
        "    review: needed",
    ]
    return lines


def figure_words(figure: Figure) -> str:
    """The rule's parameters as ``name value`` pairs (data, said the same in every language)."""
    shown = [f"{key} {_value(value)}" for key, value in figure.params.items()]
    shown += [f"{key} {_value(value)}" for key, value in figure.applies_when.items()]
    return ", ".join(shown)


def explained(draft: Draft) -> list[str]:
    """Each rule beside the sentences it came from; each figure read partly with its reason."""
    said: list[str] = []
    for rule in draft.rules:
        figure = rule.figure
        where = Said("projects {kind}, scope {scope}", kind=figure.project_kind, scope=figure.scope)
        if figure.target_year is not None:
            binding = Said("target for {year}", year=figure.target_year)
        else:
            binding = BINDING_WORDS[figure.binding]
        said.append(
            Said(
                "{id} ({kind}): {figures}; {where}; {binding}",
                id=rule.id,
                kind=figure.kind,
                figures=figure_words(figure),
                where=where,
                binding=binding,
            )
        )
        for clause, sentence in rule.sources:
            said.append(
                Said("    ← {clause}: 「{sentence}」", clause=clause.cited, sentence=_comment(sentence))
            )
    for unsure in draft.unsure:
        said.append(
            Said(
                "not a rule, for you to decide: {figure} — {reason}",
                figure=_comment(unsure.figure),
                reason=unsure.reason,
            )
        )
        said.append(
            Said(
                "    ← {clause}: 「{sentence}」",
                clause=unsure.clause.cited,
                sentence=_comment(unsure.sentence),
            )
        )
    return said
