"""What every review document says at its top, in one place for Excel and HTML."""

from __future__ import annotations

import datetime as dt

from laoxiao_check import __version__
from laoxiao_check.model.check import CheckResult
from laoxiao_check.model.glossary import DOCUMENT, KIND, LABELS, VERDICT, word
from laoxiao_check.model.messages import say
from laoxiao_check.report.views.findings import counts_line


def summary_rows(result: CheckResult, lang: str, today: dt.date | None = None) -> list[tuple[str, str]]:
    project = result.project
    population = "—" if project.population is None else f"{project.population:,.0f}"
    if project.population_estimated:
        population += f" ({word(LABELS, 'estimated', lang)})"
    documents = "\n".join(
        dict.fromkeys(c.document + (f"（{c.number}）" if c.number else "") for c in result.profile_documents)
    )
    rows = [
        ("project", project.name),
        ("kind", word(KIND, project.kind, lang)),
        ("households", "—" if project.households is None else f"{project.households:,}"),
        ("population", population),
        (
            "profile",
            f"{result.profile_name.get(lang, result.profile_id)} [{say(result.profile_label, lang)}]",
        ),
        ("documents", documents),
        ("verdict", word(VERDICT, result.verdict, lang)),
        ("counts", counts_line(result.findings, lang)),
        ("date", (today or dt.date.today()).isoformat()),
        ("tool", f"laoxiao-check {__version__}"),
        ("input", project.source.rsplit("/", 1)[-1]),
        ("sha256", project.source_sha256),
    ]
    return [(word(DOCUMENT, key, lang), value) for key, value in rows]
