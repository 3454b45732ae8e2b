"""Rendering of results: one package per format (table, xlsx, html, json, layers), found by
:mod:`.formats`; the words and rows that formats share are in :mod:`.views`."""

from __future__ import annotations

from laoxiao_check.report.formats import Format, all_formats, formats_for

__all__ = ["Format", "all_formats", "formats_for"]
