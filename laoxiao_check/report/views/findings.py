"""How a finding reads in every format: a binding rule's status (pass, fail), a target's (met or
missed in its year, never "fail"), an advisory one's (shown, marked), a figure computed from an
estimated population (≈), and the counts of a result's findings by what they are."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from laoxiao_check.model.check import CoverageResult
from laoxiao_check.model.glossary import (
    BINDING,
    CATEGORY,
    FOLDED,
    LABELS,
    SCOPE,
    STATUS,
    TARGET_STATUS,
    level_word,
    word,
)
from laoxiao_check.model.phrasing import figure, metres, plural_en
from laoxiao_check.model.records import SCOPES, Finding, Scope, deciding


def status_word(finding: Finding, lang: str, sep: str = " ") -> str:
    """``fail`` for a binding rule; ``target 2025: missed`` for a target; ``n/a (info)`` for advice
    (``sep``: between the two parts, a line break in a narrow column)."""
    if finding.binding == "target":
        year = f"{word(BINDING, 'target', lang)} {finding.target_year}"
        joiner = ("：" + sep.strip()) if lang == "zh" else (":" + sep)
        return f"{year}{joiner}{word(TARGET_STATUS, finding.status, lang)}"
    text = word(STATUS, finding.status, lang)
    return f"{text}{sep}{word(LABELS, 'informational', lang)}" if finding.binding == "advisory" else text


def level_status(status: str, informational: bool, lang: str) -> str:
    """A coverage level's status, marked where the level is advisory (``不达标（参考）``): the
    verdict does not follow it."""
    text = word(STATUS, status, lang)
    if not informational:
        return text
    return (
        f"{text}{word(LABELS, 'informational', lang)}"
        if lang == "zh"
        else f"{text} {word(LABELS, 'informational', lang)}"
    )


COVERAGE_COLUMNS = (
    "category", "level", "distance", "method", "households_covered", "share", "required_share", "status",
)  # fmt: skip
"""A coverage level's cells in every report's table (``LABELS`` keys of their headers)."""


def coverage_cells(level: CoverageResult, lang: str) -> tuple[str, ...]:
    """A coverage level as its table row shows it, under :data:`COVERAGE_COLUMNS`."""
    return (
        word(CATEGORY, level.category, lang),
        level_word(level.level, lang),
        metres(level.max_distance_m, lang),
        word(LABELS, level.method, lang),
        f"{level.households_covered:,} / {level.households_total:,}",
        "—" if level.ratio is None else f"{level.ratio:.1%}",
        f"{level.required_ratio:.0%}",
        level_status(level.status, level.informational, lang),
    )


def status_key(finding: Finding) -> str:
    """The status for styles: a binding rule's own; ``target_fail`` / ``target_pass`` for targets
    judged (a target not applicable or without data is styled as such, never as met);
    ``advisory`` for advice (never red: neither decides the verdict)."""
    if finding.binding == "target":
        if finding.status in ("not_applicable", "insufficient_data"):
            return finding.status
        return "target_fail" if finding.status == "fail" else "target_pass"
    return "advisory" if finding.binding == "advisory" else finding.status


def status_code(finding: Finding) -> str:
    """A status for GIS attributes: a target's is ``met`` or ``missed``, never ``fail``."""
    if finding.binding == "target":
        return {"pass": "met", "fail": "missed"}.get(finding.status, finding.status)
    return finding.status


def required_text(finding: Finding, lang: str) -> str:
    """The required figure, with ≈ where it comes from an estimated population."""
    text = figure(finding.required, finding.unit, lang)
    return f"≈ {text}" if finding.estimated and finding.required is not None else text


def counts_line(findings: Iterable[Finding], lang: str) -> str:
    """``binding rules: 5 pass, 1 fail · targets: 1 met, 1 missed · advisory: 2``."""
    binding: Counter[str] = Counter()
    targets: Counter[str] = Counter()
    advisory = 0
    for finding in findings:
        if finding.binding == "target":
            targets[finding.status] += 1
        elif deciding(finding):
            binding[finding.status] += 1
        elif finding.binding == "advisory":
            advisory += 1
    parts = []
    if binding:
        counted = ", ".join(f"{binding[s]} {word(STATUS, s, lang)}" for s in STATUS if binding[s])
        parts.append(f"{word(LABELS, 'binding_count', lang)}: {counted}")
    if targets:
        counted = ", ".join(
            f"{targets[s]} {word(TARGET_STATUS, s, lang)}" for s in TARGET_STATUS if targets[s]
        )
        parts.append(f"{word(LABELS, 'target_count', lang)}: {counted}")
    if advisory:
        parts.append(f"{word(LABELS, 'advisory_count', lang)}: {advisory}")
    return " · ".join(parts)


def wider_level(finding: Finding, scope: Scope = "project") -> bool:
    """Is ``finding`` a rule set for a wider level than ``scope`` (the level checked: a project,
    a community …) and not judged on it? A city's target checked on one project is; a report
    may count such rules on one line instead of listing them (``check --all`` lists them)."""
    return (
        finding.status == "not_applicable"
        and "checked_at" in finding.details
        and SCOPES.index(finding.scope) > SCOPES.index(scope)
    )


def own_first(findings: Iterable[Finding], scope: Scope = "project") -> tuple[list[Finding], list[Finding]]:
    """(the rules judged on the level checked, the rules of wider levels not judged on it), each in
    the profile's order (see :func:`wider_level`)."""
    own: list[Finding] = []
    wider: list[Finding] = []
    for finding in findings:
        (wider if wider_level(finding, scope) else own).append(finding)
    return own, wider


def in_report_order(findings: Iterable[Finding], scope: Scope = "project") -> list[Finding]:
    """The rules as a report lists them all: the level checked's own first, then the wider levels'."""
    own, wider = own_first(findings, scope)
    return own + wider


def folded_line(wider: list[Finding], scope: Scope, lang: str) -> str:
    """``+ 4 rules set at city level, not judged on this project: --all lists them``."""
    levels = [s for s in SCOPES if any(f.scope == s for f in wider)]
    return word(FOLDED, "line", lang).format(
        count=len(wider),
        rules=plural_en(len(wider), "rule"),
        levels=("、" if lang == "zh" else "/").join(word(SCOPE, s, lang) for s in levels),
        scope=word(SCOPE, scope, lang),
        them="it" if len(wider) == 1 else "them",
    )


def folded_title(scope: Scope, lang: str) -> str:
    """The heading of the wider levels' rules where ``--all`` lists them."""
    return word(FOLDED, "listed", lang).format(scope=word(SCOPE, scope, lang))
