"""``--format pdf``: the review sheet a planning bureau files (A4, Chinese fonts embedded)."""

from laoxiao_check.report.formats import Format

FORMATS = (
    Format(
        name="pdf",
        suffixes=(".pdf",),
        needs_output=True,
        renderers={"check": "laoxiao_check.report.pdf.check:render"},
    ),
)
