"""An audit's estates as GeoParquet 1.0: the attribute columns Arrow infers from the estates layer,
the point as WKB in ``geometry`` (longitude/latitude, OGC:CRS84, the GeoParquet default), the
``geo`` metadata the specification asks for, and the run's provenance under ``laoxiao_check``."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

from laoxiao_check.model.audit import AuditResult
from laoxiao_check.model.errors import UsageError
from laoxiao_check.report.layers.audit import estates_frame

GEO = {
    "version": "1.0.0",
    "primary_column": "geometry",
    "columns": {"geometry": {"encoding": "WKB", "geometry_types": ["Point"]}},
}
"""GeoParquet's file metadata: no ``crs`` member means OGC:CRS84 (longitude, latitude)."""


def write(result: AuditResult, lang: str, path: Path) -> None:
    """The estates at ``path`` (the temporary file of an atomic write)."""
    pa, pq = _pyarrow()
    import pandas as pd
    import shapely

    frame = estates_frame(result)
    attributes = pd.DataFrame(frame.drop(columns=frame.geometry.name))
    table = pa.Table.from_pandas(attributes, preserve_index=False)
    points = shapely.to_wkb(frame.geometry.values, hex=False)
    table = table.append_column("geometry", pa.array(list(points), type=pa.binary()))
    provenance = result.provenance.as_dict() if result.provenance else None
    metadata = {
        **(table.schema.metadata or {}),
        b"geo": json.dumps(GEO).encode(),
        b"laoxiao_check": json.dumps({"provenance": provenance}, ensure_ascii=False).encode(),
    }
    pq.write_table(table.replace_schema_metadata(metadata), str(path), compression="zstd")


def render(result: AuditResult, lang: str = "en", color: bool = False) -> bytes:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "estates.parquet"
        write(result, lang, path)
        return path.read_bytes()


def _pyarrow() -> tuple[Any, Any]:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise UsageError(
            "--format parquet needs pyarrow: pip install 'laoxiao-check[parquet]' (or write --format gpkg)"
        ) from None
    return pa, pq
