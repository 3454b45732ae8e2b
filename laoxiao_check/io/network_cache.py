"""A cache of built walking graphs, so that many checks against one city network are fast.

Entries live in ``$LAOXIAO_CACHE_DIR``, else the user's cache folder
(``$XDG_CACHE_HOME/laoxiao-check`` or ``~/.cache/laoxiao-check`` on Linux). An entry is
keyed by a SHA-256 of the network file's bytes (and its sidecars, for a Shapefile), the
metric CRS, the noding options and the code that builds graphs, so it is never stale; the
content hash itself is remembered per (path, size, mtime, ctime, inode). Entries are plain
numpy arrays (no pickle), written atomically; one that does not load or does not match is
ignored and rebuilt. Deleting the folder is always safe.
"""

from __future__ import annotations

import contextlib
import glob
import hashlib
import json
import os
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp

from laoxiao_check import __version__
from laoxiao_check.model.errors import InputError
from laoxiao_check.model.messages import Said
from laoxiao_check.spatial.network.graph import WalkGraph
from laoxiao_check.spatial.network.noding import NodingCounts, NodingOptions

FORMAT = 1
KEEP_ENTRIES = 8
_CODE_FILES = (
    "spatial/network/graph.py",
    "spatial/network/noding.py",
    "spatial/network/health.py",
    "io/network.py",
    "io/ways.py",
    "io/osm.py",
)
"""The code a cached graph depends on, relative to the package: a change to any of it is a new key."""
_ARRAYS = ("node_xy", "edge_u", "edge_v", "edge_length", "edge_ground", "edge_piece", "piece_length")


def cache_dir() -> Path:
    override = os.environ.get("LAOXIAO_CACHE_DIR")
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_cache_dir("laoxiao-check", appauthor=False))


@dataclass(frozen=True)
class NetworkFile:
    """A walking network file, built into a graph through the cache.

    ``bbox`` (WGS84 longitude/latitude): only the ways that meet this box (a partition of an
    audit reads its area of a country's file); the cache keeps such graphs by their box."""

    path: Path
    use_cache: bool = True
    bbox: tuple[float, float, float, float] | None = None
    source: str = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "path", Path(self.path))
        object.__setattr__(self, "source", str(self.path))
        if not self.path.is_file():
            raise InputError(Said("{what} file not found: {path}", what=Said("network"), path=self.path))

    def walk_graph(
        self, metric_crs: str, options: NodingOptions | None = None
    ) -> tuple[WalkGraph, dict[str, Any]]:
        options = options or NodingOptions()
        if not self.use_cache:
            return _build(self.path, metric_crs, options, self.bbox)
        key = graph_key(self.path, metric_crs, options, self.bbox)
        entry = cache_dir() / "graphs" / f"{key}.npz"
        found = _load(entry, key)
        if found is not None:
            return found
        graph, health = _build(self.path, metric_crs, options, self.bbox)
        _store(entry, key, graph, health)
        return graph, health


def _build(
    path: Path, metric_crs: str, options: NodingOptions, bbox: tuple[float, float, float, float] | None = None
) -> tuple[WalkGraph, dict[str, Any]]:
    from laoxiao_check.io.network import read_network

    return read_network(path, bbox=bbox).walk_graph(metric_crs, options)


def graph_key(
    path: Path, metric_crs: str, options: NodingOptions, bbox: tuple[float, float, float, float] | None = None
) -> str:
    digest = hashlib.sha256()
    for part in (
        f"format {FORMAT}",
        __version__,
        _code_hash(),
        content_hash(path),
        path.name,
        metric_crs,
        repr(options.tolerance_m),
        repr(options.join_crossings),
        *(() if bbox is None else ("bbox " + " ".join(repr(float(v)) for v in bbox),)),
    ):
        digest.update(part.encode("utf-8") + b"\0")
    return digest.hexdigest()


def _code_hash() -> str:
    package = Path(__file__).resolve().parents[1]
    digest = hashlib.sha256()
    for name in _CODE_FILES:
        digest.update((package / name).read_bytes())
    return digest.hexdigest()


def _members(path: Path) -> list[Path]:
    """The file and what GDAL reads with it: a Shapefile's sidecars (.dbf, .prj, .shx, .cpg),
    a GeoPackage's or SQLite's write-ahead log and journal (edits not yet checkpointed)."""
    if path.suffix.lower() == ".shp":
        return sorted(p for p in path.parent.glob(glob.escape(path.stem) + ".*") if p.is_file())
    extras = [path.with_name(path.name + suffix) for suffix in ("-wal", "-journal")]
    return [path, *(p for p in extras if p.is_file())]


def content_hash(path: Path) -> str:
    """SHA-256 of the file's bytes, remembered while its size, times and inode stay the same."""
    members = _members(path)
    stamps = [[str(p.resolve()), *_stamp(p)] for p in members]
    memo = cache_dir() / "hashes" / (hashlib.sha256(json.dumps(stamps).encode()).hexdigest() + ".json")
    try:
        known = json.loads(memo.read_text("utf-8"))
        remembered = known.get("sha256")
        if known.get("stamps") == stamps and isinstance(remembered, str):
            return remembered
    except (OSError, ValueError, AttributeError):
        pass
    digest = hashlib.sha256()
    for member in members:
        digest.update(member.name.encode() + b"\0")
        with member.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    value = digest.hexdigest()
    _write_atomic(memo, json.dumps({"stamps": stamps, "sha256": value}).encode("utf-8"))
    return value


def _stamp(path: Path) -> list[int]:
    stat = path.stat()
    return [stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino]


def _load(entry: Path, key: str) -> tuple[WalkGraph, dict[str, Any]] | None:
    """The cached graph, or None when absent, unreadable or not what the key says."""
    try:
        with np.load(entry, allow_pickle=False) as data:
            if str(data["key"]) != key:
                return None
            arrays = {name: data[name] for name in _ARRAYS}
            adjacency = sp.csr_matrix(
                (data["adj_data"], data["adj_indices"], data["adj_indptr"]), shape=tuple(data["adj_shape"])
            )
            counts = NodingCounts(**json.loads(str(data["counts"])))
            health = json.loads(str(data["health"]))
        n, m = len(arrays["node_xy"]), len(arrays["edge_u"])
        consistent = (
            adjacency.shape == (n + 1, n + 1)
            and all(len(arrays[k]) == m for k in ("edge_v", "edge_length", "edge_ground", "edge_piece"))
            and (m == 0 or int(max(arrays["edge_u"].max(), arrays["edge_v"].max())) < n)
            and (m == 0 or int(arrays["edge_piece"].max()) < len(arrays["piece_length"]))
        )
        if not consistent:
            return None
        graph = WalkGraph(adjacency=adjacency, counts=counts, **arrays)
    except (OSError, ValueError, KeyError, TypeError, EOFError, zipfile.BadZipFile):
        return None
    try:
        os.utime(entry)  # most recently used: kept longest
    except OSError:
        pass
    return graph, health


def _store(entry: Path, key: str, graph: WalkGraph, health: dict[str, Any]) -> None:
    """Write the entry atomically; a cache that cannot be written is no error."""
    adjacency = graph.adjacency
    temporary = None
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=entry.parent, suffix=".tmp", delete=False) as handle:
            temporary = handle.name
            np.savez(
                handle,
                key=np.array(key),
                counts=np.array(json.dumps(graph.counts.__dict__)),
                health=np.array(json.dumps(health)),
                adj_data=adjacency.data,
                adj_indices=adjacency.indices,
                adj_indptr=adjacency.indptr,
                adj_shape=np.array(adjacency.shape),
                **{name: getattr(graph, name) for name in _ARRAYS},
            )
        os.replace(handle.name, entry)
        _prune(entry.parent)
    except OSError:
        if temporary:
            with contextlib.suppress(OSError):
                os.unlink(temporary)


def _prune(folder: Path) -> None:
    entries = sorted(folder.glob("*.npz"), key=lambda p: p.stat().st_mtime_ns, reverse=True)
    for old in entries[KEEP_ENTRIES:]:
        with contextlib.suppress(OSError):
            old.unlink()


def _write_atomic(path: Path, data: bytes) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, suffix=".tmp", delete=False) as handle:
            handle.write(data)
        os.replace(handle.name, path)
    except OSError:
        pass
