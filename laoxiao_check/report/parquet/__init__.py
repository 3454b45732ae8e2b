"""GeoParquet, the columnar file GeoPandas, QGIS (3.32+, GDAL's Parquet driver), DuckDB and Arrow
read: ``--format parquet`` (or ``-o audit.parquet``) writes an audit's estates, one row each, with
the columns of the GeoPackage's ``estates`` layer; the levels and the summary stay in the JSON and
GeoPackage reports. Needs pyarrow: ``pip install 'laoxiao-check[parquet]'``."""

from laoxiao_check.report.formats import Format

FORMATS = (
    Format(
        name="parquet",
        suffixes=(".parquet", ".geoparquet"),
        needs_output=True,
        renderers={"audit": "laoxiao_check.report.parquet.audit:render"},
        audit_file="laoxiao_check.report.parquet.audit:write",
    ),
)
