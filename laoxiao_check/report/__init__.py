"""Rendering of results. The output formats are the modules of :mod:`.formats`."""

from __future__ import annotations

from laoxiao_check.report.formats import Format, all_formats, formats_for

__all__ = ["Format", "all_formats", "formats_for"]
