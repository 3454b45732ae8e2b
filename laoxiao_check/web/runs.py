"""The desk's runs: a check or an audit of saved uploads, through the library's services, and a
result rendered by the report table's renderers. Nothing here judges a rule.

One audit at a time (:data:`ENGINE`) and one check at a time (:data:`CHECKS`): the machine is
usually a reviewer's own, and an audit's arrays are large; a check never waits for an audit.
"""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Callable
from typing import Any

from laoxiao_check.model.errors import ProfileError
from laoxiao_check.model.limits import SERVE
from laoxiao_check.model.messages import Said
from laoxiao_check.model.profile import Profile
from laoxiao_check.model.provenance import InputFile, Provenance
from laoxiao_check.report.formats import Format, formats_for
from laoxiao_check.rules.profiles import bundled_ids, load_profile
from laoxiao_check.web.uploads import Saved

ENGINE = threading.Lock()
"""Held while an audit runs: one at a time (its arrays are large)."""
CHECKS = threading.Lock()
"""Held while a check runs: one at a time, never waiting for an audit (a check takes a second)."""

DOWNLOADS = {
    "check": ("pdf", "xlsx", "json", "geojson", "html", "gpkg"),
    "audit": ("xlsx", "json", "geojson", "gpkg", "parquet"),
}
"""The formats a result is offered in, in the order the page lists them (of those installed)."""
MEDIA_TYPES = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
    "geojson": "application/geo+json",
    "html": "text/html; charset=utf-8",
    "gpkg": "application/geopackage+sqlite3",
    "parquet": "application/vnd.apache.parquet",
}


def downloads(command: str) -> dict[str, Format]:
    """The formats a result of ``command`` can be downloaded in (parquet only where pyarrow is)."""
    offered = formats_for("check" if command == "check" else "audit")
    wanted = [name for name in DOWNLOADS[command] if name in offered]
    if "parquet" in wanted:
        import importlib.util

        if importlib.util.find_spec("pyarrow") is None:
            wanted.remove("parquet")
    return {name: offered[name] for name in wanted}


def profile_of(choice: str, saved: Saved) -> Profile:
    """The uploaded profile where one was sent, else the bundled one chosen (ProfileError: neither)."""
    if "profile" in saved.paths:
        return load_profile(str(saved.paths["profile"]))
    if choice not in bundled_ids():  # only a bundled id is looked up: never a path from a form
        raise ProfileError(Said("choose one of the bundled rule profiles, or upload your own"))
    return load_profile(choice)


def run_check(saved: Saved, choice: str) -> Any:
    """Check the saved project (with its facilities and network where sent) against the profile."""
    from laoxiao_check.services.check import check
    from laoxiao_check.services.provenance import record

    paths = saved.paths
    with CHECKS:
        profile = profile_of(choice, saved)
        result = check(
            paths["project"],
            profile,
            facilities_path=paths.get("facilities"),
            network_path=paths.get("network"),
            use_cache=False,
            limits=SERVE,
        )
        inputs = [(role, paths.get(role)) for role in ("project", "facilities", "network")]
        provenance = record("check", inputs, profile, [("--kind", result.project.kind)])
    project = dataclasses.replace(result.project, source=saved.names.get("project", "project"))
    return dataclasses.replace(result, project=project, provenance=as_uploaded(provenance, saved))


def run_audit(saved: Saved, choice: str, progress: Callable[[int, int], None]) -> Any:
    """Audit the saved estate list (with its facilities and network where sent)."""
    from laoxiao_check.services.audit import run_audit as audit
    from laoxiao_check.services.provenance import record

    paths = saved.paths
    with ENGINE:
        profile = profile_of(choice, saved)
        result = audit(
            paths["estates"],
            profile,
            facilities_path=paths.get("facilities"),
            network_path=paths.get("network"),
            communities_path=paths.get("communities"),
            population_path=paths.get("population"),
            datum=saved.coords,
            progress=progress,
            use_cache=False,
            limits=SERVE,
        )
        roles = ("estates", "facilities", "network", "communities", "population")
        inputs = [(role, paths.get(role)) for role in roles]
        provenance = record("audit", inputs, profile, [("--coords", saved.coords)])
    return dataclasses.replace(
        result, source=saved.names.get("estates", "estates"), provenance=as_uploaded(provenance, saved)
    )


def as_uploaded(provenance: Provenance, saved: Saved) -> Provenance:
    """The record with each saved file named as its upload was (its size and hash kept)."""
    shown = {str(path): saved.names.get(role, path.name) for role, path in saved.paths.items()}

    def named(item: InputFile) -> InputFile:
        return dataclasses.replace(item, path=shown.get(item.path, item.path))

    source = shown.get(provenance.profile_source, provenance.profile_source)
    return dataclasses.replace(
        provenance,
        inputs=tuple(named(i) for i in provenance.inputs),
        profile_files=tuple(named(i) for i in provenance.profile_files),
        profile_source=source,
    )


def rendered(command: str, fmt: Format, result: Any, lang: str) -> bytes:
    """The result in ``fmt``, as the command line's ``-o`` writes it."""
    document = fmt.renderer("check" if command == "check" else "audit")(result, lang, color=False)
    return document.encode("utf-8") if isinstance(document, str) else document
