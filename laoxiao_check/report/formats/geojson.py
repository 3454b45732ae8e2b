"""``--format geojson``: GIS layers as one RFC 7946 FeatureCollection."""

from __future__ import annotations

from typing import TextIO

from laoxiao_check.report.formats import Format


def check(result, lang: str = "en", color: bool = False) -> str:
    from laoxiao_check.report.layers import render_geojson

    return render_geojson(result, lang, color)


def audit(result, lang: str = "en", color: bool = False) -> str:
    from laoxiao_check.report.audit_layers import render_geojson

    return render_geojson(result, lang, color)


def plan(result, lang: str = "en", color: bool = False):
    from laoxiao_check.report.plan_layers import render_geojson

    return render_geojson(result, lang, color)


def write(result, lang: str, handle: TextIO) -> None:
    """Streams an audit's collection a piece of the estates at a time; a check's is small."""
    from laoxiao_check.audit import AuditResult
    from laoxiao_check.report.audit_layers import write_geojson
    from laoxiao_check.siting import PlanResult

    if isinstance(result, AuditResult):
        write_geojson(result, lang, handle)
    elif isinstance(result, PlanResult):
        handle.write(plan(result, lang))
    else:
        handle.write(check(result, lang))


FORMAT = Format(name="geojson", needs_output=True, check=check, audit=audit, plan=plan, write=write)
