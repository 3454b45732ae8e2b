"""``--format json``: the stable JSON document (``schemas/``); an audit's is streamed estate by estate."""

from laoxiao_check.report.formats import Format

FORMATS = (
    Format(
        name="json",
        suffixes=(".json",),
        renderers={
            "check": "laoxiao_check.report.json.check:render",
            "audit": "laoxiao_check.report.json.audit:render",
            "plan": "laoxiao_check.report.json.plan:render",
        },
        audit_stream="laoxiao_check.report.json.audit:write",
    ),
)
