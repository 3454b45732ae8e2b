"""``--format gpkg``: GIS layers in a GeoPackage."""

from __future__ import annotations

from . import Format


def check(result, lang: str = "en", color: bool = False) -> bytes:
    from ..layers import render_gpkg

    return render_gpkg(result, lang, color)


def audit(result, lang: str = "en", color: bool = False) -> bytes:
    from ..audit_layers import render_gpkg

    return render_gpkg(result, lang, color)


def plan(result, lang: str = "en", color: bool = False):
    from ..plan_layers import render_gpkg

    return render_gpkg(result, lang, color)


FORMAT = Format(name="gpkg", needs_output=True, check=check, audit=audit, plan=plan)
