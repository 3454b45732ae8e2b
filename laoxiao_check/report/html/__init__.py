"""``--format html``: a self-contained review page with coverage maps (`check` and `plan`)."""

from laoxiao_check.report.formats import Format

FORMATS = (
    Format(
        name="html",
        suffixes=(".html", ".htm"),
        needs_output=True,
        renderers={
            "check": "laoxiao_check.report.html.check:render",
            "plan": "laoxiao_check.report.html.plan:render",
        },
    ),
)
