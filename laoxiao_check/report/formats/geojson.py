"""``--format geojson``: GIS layers as one RFC 7946 FeatureCollection."""

from __future__ import annotations

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


FORMAT = Format(name="geojson", needs_output=True, check=check, audit=audit, plan=plan)
