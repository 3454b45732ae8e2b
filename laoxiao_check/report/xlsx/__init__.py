"""``--format xlsx``: the review workbook, ready to print; an audit's is written row by row."""

from laoxiao_check.report.formats import Format

FORMATS = (
    Format(
        name="xlsx",
        suffixes=(".xlsx",),
        needs_output=True,
        renderers={
            "check": "laoxiao_check.report.xlsx.check:render",
            "audit": "laoxiao_check.report.xlsx.audit:render",
            "plan": "laoxiao_check.report.xlsx.plan:render",
        },
        audit_file="laoxiao_check.report.xlsx.audit:write_file",
    ),
)
