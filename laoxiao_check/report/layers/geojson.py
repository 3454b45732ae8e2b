"""``--format geojson``: GIS layers as one RFC 7946 FeatureCollection."""

from __future__ import annotations

from typing import TextIO

from laoxiao_check.report.formats import Format


def render_check(result, lang: str = "en", color: bool = False) -> str:
    from laoxiao_check.report.layers.common import render_geojson

    return render_geojson(result, lang, color)


def render_audit(result, lang: str = "en", color: bool = False) -> str:
    from laoxiao_check.report.layers.audit import render_geojson

    return render_geojson(result, lang, color)


def render_plan(result, lang: str = "en", color: bool = False):
    from laoxiao_check.report.layers.plan import render_geojson

    return render_geojson(result, lang, color)


def write(result, lang: str, handle: TextIO) -> None:
    """Streams an audit's collection a piece of the estates at a time; a check's is small."""
    from laoxiao_check.model.audit import AuditResult
    from laoxiao_check.model.plan import PlanResult
    from laoxiao_check.report.layers.audit import write_geojson

    if isinstance(result, AuditResult):
        write_geojson(result, lang, handle)
    elif isinstance(result, PlanResult):
        handle.write(render_plan(result, lang))
    else:
        handle.write(render_check(result, lang))


FORMAT = Format(
    name="geojson", needs_output=True, check=render_check, audit=render_audit, plan=render_plan, write=write
)
