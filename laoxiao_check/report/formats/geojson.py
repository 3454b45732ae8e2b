"""``--format geojson``: GIS layers as one RFC 7946 FeatureCollection."""

from __future__ import annotations

from typing import TextIO

from . import Format


def check(result, lang: str = "en", color: bool = False) -> str:
    from ..layers import render_geojson

    return render_geojson(result, lang, color)


def audit(result, lang: str = "en", color: bool = False) -> str:
    from ..audit_layers import render_geojson

    return render_geojson(result, lang, color)


def plan(result, lang: str = "en", color: bool = False):
    from ..plan_layers import render_geojson

    return render_geojson(result, lang, color)


def write(result, lang: str, handle: TextIO) -> None:
    """Streams an audit's collection a piece of the estates at a time; a check's is small."""
    from ...audit import AuditResult
    from ...siting import PlanResult
    from ..audit_layers import write_geojson

    if isinstance(result, AuditResult):
        write_geojson(result, lang, handle)
    elif isinstance(result, PlanResult):
        handle.write(plan(result, lang))
    else:
        handle.write(check(result, lang))


FORMAT = Format(name="geojson", needs_output=True, check=check, audit=audit, plan=plan, write=write)
