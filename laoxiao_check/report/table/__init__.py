"""``--format table``: the terminal table (the default)."""

from laoxiao_check.report.formats import Format

FORMATS = (
    Format(
        name="table",
        suffixes=(".txt", ""),
        renderers={
            "check": "laoxiao_check.report.table.check:render_text",
            "audit": "laoxiao_check.report.table.audit:render_text",
            "plan": "laoxiao_check.report.table.plan:render_text",
        },
    ),
)
