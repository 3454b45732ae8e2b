"""What every review document says at its top, in one place for Excel and HTML."""

from __future__ import annotations

import datetime as dt

from .. import __version__
from ..models import CheckResult
from .words import KIND, VERDICT, word

TITLE = {"zh": "一老一小配建审查报告", "en": "Eldercare and childcare allocation review"}
LABELS = {
    "project": {"zh": "项目名称", "en": "Project"},
    "kind": {"zh": "项目类型", "en": "Kind"},
    "households": {"zh": "总户数", "en": "Households"},
    "population": {"zh": "人口", "en": "Residents"},
    "profile": {"zh": "执行标准", "en": "Rule profile"},
    "documents": {"zh": "依据文件", "en": "Documents"},
    "verdict": {"zh": "结论", "en": "Verdict"},
    "date": {"zh": "审查日期", "en": "Date"},
    "tool": {"zh": "工具版本", "en": "Tool"},
    "input": {"zh": "输入文件", "en": "Input file"},
    "sha256": {"zh": "文件 SHA-256", "en": "File SHA-256"},
}


def summary_rows(result: CheckResult, lang: str, today: dt.date | None = None) -> list[tuple[str, str]]:
    project = result.project
    population = "—" if project.population is None else f"{project.population:,.0f}"
    if project.population_estimated:
        population += " (估算)" if lang == "zh" else " (estimated)"
    documents = "\n".join(
        dict.fromkeys(c.document + (f"（{c.number}）" if c.number else "") for c in result.profile_documents)
    )
    rows = [
        ("project", project.name),
        ("kind", word(KIND, project.kind, lang)),
        ("households", "—" if project.households is None else f"{project.households:,}"),
        ("population", population),
        ("profile", f"{result.profile_name.get(lang, result.profile_id)} [{result.profile_id}]"),
        ("documents", documents),
        ("verdict", word(VERDICT, result.verdict, lang)),
        ("date", (today or dt.date.today()).isoformat()),
        ("tool", f"laoxiao-check {__version__}"),
        ("input", project.source.rsplit("/", 1)[-1]),
        ("sha256", project.source_sha256),
    ]
    return [(LABELS[key][lang], value) for key, value in rows]
