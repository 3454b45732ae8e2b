"""``--format gpkg``: GIS layers in a GeoPackage."""

from __future__ import annotations

from pathlib import Path

from laoxiao_check.report.formats import Format


def render_check(result, lang: str = "en", color: bool = False) -> bytes:
    from laoxiao_check.report.layers.common import render_gpkg

    return render_gpkg(result, lang, color)


def render_audit(result, lang: str = "en", color: bool = False) -> bytes:
    from laoxiao_check.report.layers.audit import render_gpkg

    return render_gpkg(result, lang, color)


def render_plan(result, lang: str = "en", color: bool = False):
    from laoxiao_check.report.layers.plan import render_gpkg

    return render_gpkg(result, lang, color)


def write_file(result, lang: str, path: Path) -> None:
    """An audit's layers written to the file a piece of the estates at a time; a check's whole."""
    from laoxiao_check.model.audit import AuditResult
    from laoxiao_check.model.plan import PlanResult
    from laoxiao_check.report.layers.audit import write_gpkg

    if isinstance(result, AuditResult):
        write_gpkg(result, lang, path)
    elif isinstance(result, PlanResult):
        Path(path).write_bytes(render_plan(result, lang))
    else:
        Path(path).write_bytes(render_check(result, lang))


FORMAT = Format(
    name="gpkg",
    needs_output=True,
    check=render_check,
    audit=render_audit,
    plan=render_plan,
    write_file=write_file,
)
