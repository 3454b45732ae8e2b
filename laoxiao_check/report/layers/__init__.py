"""GIS layers that QGIS opens: ``--format geojson`` (one RFC 7946 FeatureCollection, an audit's
streamed) and ``--format gpkg`` (a GeoPackage of named layers, an audit's appended a piece at a
time); one module per command (``check``, ``audit``, ``plan``) and the helpers they share (``common``)."""

from laoxiao_check.report.formats import Format

FORMATS = (
    Format(
        name="geojson",
        suffixes=(".geojson",),
        needs_output=True,
        renderers={
            "check": "laoxiao_check.report.layers.common:render_geojson",
            "audit": "laoxiao_check.report.layers.audit:render_geojson",
            "plan": "laoxiao_check.report.layers.plan:render_geojson",
        },
        audit_stream="laoxiao_check.report.layers.audit:write_geojson",
    ),
    Format(
        name="gpkg",
        suffixes=(".gpkg",),
        needs_output=True,
        renderers={
            "check": "laoxiao_check.report.layers.common:render_gpkg",
            "audit": "laoxiao_check.report.layers.audit:render_gpkg",
            "plan": "laoxiao_check.report.layers.plan:render_gpkg",
        },
        audit_file="laoxiao_check.report.layers.audit:write_gpkg",
    ),
)
