"""GIS layers: ``--format geojson`` (one RFC 7946 FeatureCollection) and ``--format gpkg`` (a
GeoPackage of named layers), one module per command (``check``, ``audit``, ``plan``) and the
helpers they share (``common``)."""

from laoxiao_check.report.layers.geojson import FORMAT as GEOJSON
from laoxiao_check.report.layers.gpkg import FORMAT as GPKG

FORMATS = (GEOJSON, GPKG)
