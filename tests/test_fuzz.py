"""Property-based tests: whatever the input, the tool answers with exit 0, 1 or 2 and never a traceback.

Each property writes generated files (GeoJSON and Excel projects, estate lists, profiles,
networks, byte-mutated samples) and runs the CLI in-process. Properties, for every input:
exit code in {0, 1, 2}; no traceback and no internal error; an exit-2 message names an
input file; a JSON check result validates against the schema; input bytes unchanged.

``make test`` runs a short pass (the ``default`` profile); ``make fuzz`` runs the ``fuzz``
profile (``tests/conftest.py``) with at least 10,000 examples and prints a summary.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import math
import tempfile
from collections import Counter
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import yaml
from conftest import SAMPLES
from helpers import workbook
from hypothesis import given
from hypothesis import strategies as st

from laoxiao_check.cli.main import run

EXAMPLES: Counter[str] = Counter()
"""Examples run per property (read by the summary in conftest.py)."""
RUNS: Counter[str] = Counter()
"""CLI runs per property (a profile example runs `rules validate` and `check`)."""
SCHEMA = json.loads(
    resources.files("laoxiao_check").joinpath("schemas/check-result.schema.json").read_text("utf-8")
)

# --- values people (and programs) write ---------------------------------------------------
printable = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=12)
any_text = st.text(max_size=12)
numbers = st.one_of(
    st.integers(-5, 5000),
    st.integers(-(10**25), 10**25),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([0, 1, 1e-300, 1e308, 2**63, 2**64 + 1, -0.0]),
)
number_texts = st.one_of(
    numbers.map(str),
    st.sampled_from(
        ["1,200", "１２００", "约300", "1200户", "nan", "inf", "-inf", "1e999", "", " ", "暂无资料"]
    ),
)
junk = st.one_of(
    st.none(),
    st.booleans(),
    numbers,
    any_text,
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
)
lon = st.one_of(st.floats(118.5, 118.7), st.floats(-1000, 1000), st.floats(400_000, 600_000), numbers)
lat = st.one_of(st.floats(24.8, 25.0), st.floats(-100, 100), st.floats(2_700_000, 2_800_000), numbers)


def either(plausible, share: float = 0.7):
    """Mostly plausible values, sometimes junk."""
    return st.one_of(plausible, junk) if share < 1 else plausible


# --- GeoJSON projects ---------------------------------------------------------------------
geometry = st.one_of(
    st.none(),
    st.builds(lambda x, y: {"type": "Point", "coordinates": [x, y]}, lon, lat),
    st.builds(lambda x, y: {"type": "Point", "coordinates": [y, x]}, lon, lat),
    st.builds(
        lambda x, y, d: {
            "type": "Polygon",
            "coordinates": [[[x, y], [x + d, y], [x + d, y + d], [x, y + d], [x, y]]],
        },
        lon,
        lat,
        st.floats(-1, 1),
    ),
    st.builds(
        lambda t, c: {"type": t, "coordinates": c}, st.sampled_from(["Point", "Circle", "LineString"]), junk
    ),
    junk,
)
building_properties = st.fixed_dictionaries(
    {"kind": st.sampled_from(["building", "楼栋", "Building"])},
    optional={
        "id": either(st.sampled_from(["B1", "B2", "B3"])),
        "households": either(st.integers(0, 3000)),
        "population": either(st.floats(0, 10_000)),
    },
)
facility_properties = st.fixed_dictionaries(
    {"kind": st.sampled_from(["facility", "设施"])},
    optional={
        "id": either(st.sampled_from(["E1", "C1", "S1"])),
        "category": either(st.sampled_from(["eldercare", "childcare", "养老", "托育"])),
        "area_m2": either(st.floats(0, 2000)),
        "places": either(st.integers(0, 200)),
        "site": either(st.sampled_from(["S1", "E1", "A"])),
        "floor": junk,
    },
)
feature = st.one_of(
    st.builds(
        lambda p, g: {"type": "Feature", "properties": p, "geometry": g},
        st.one_of(building_properties, facility_properties, junk),
        geometry,
    ),
    junk,
)
project_member = st.fixed_dictionaries(
    {"name": either(printable), "kind": either(st.sampled_from(["new", "existing", "新建"]))},
    optional={
        "households": either(st.integers(0, 5000)),
        "population": either(st.floats(0, 20_000)),
        "crs": either(st.sampled_from(["EPSG:4326", "EPSG:4490", "EPSG:4547", "EPSG:4549", "nonsense"])),
    },
)
geojson_document = st.fixed_dictionaries(
    {
        "type": st.sampled_from(["FeatureCollection"] * 9 + ["Feature"]),
        "features": st.lists(feature, max_size=6),
    },
    optional={
        "project": st.one_of(project_member, junk),
        "crs": st.one_of(
            st.builds(
                lambda n: {"type": "name", "properties": {"name": n}},
                st.sampled_from(["EPSG:4547", "EPSG:4326", "urn:ogc:def:crs:OGC:1.3:CRS84", "x"]),
            ),
            junk,
        ),
    },
)


# --- running the CLI ---------------------------------------------------------------------
def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def run_cli(args: list[str], inputs: list[Path], property_name: str) -> tuple[int, str, str]:
    """Run the CLI; assert the properties every run must have."""
    RUNS[property_name] += 1
    before = {p: digest(p) for p in inputs}
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = run(args)
    stdout, stderr = out.getvalue(), err.getvalue()
    assert code in (0, 1, 2), f"exit {code}: {stderr}"
    assert "Traceback" not in stderr and "internal error" not in stderr, stderr
    if code == 2:
        assert any(p.name in stderr for p in inputs), f"no input named in: {stderr}"
    assert {p: digest(p) for p in inputs} == before, "an input file changed"
    return code, stdout, stderr


def check_json(args: list[str], inputs: list[Path], property_name: str) -> None:
    code, stdout, _ = run_cli([*args, "--format", "json"], inputs, property_name)
    if code in (0, 1) and args[0] == "check":
        jsonschema.validate(json.loads(stdout), SCHEMA)


@given(document=geojson_document)
def test_geojson_projects(document: dict[str, Any]) -> None:
    EXAMPLES["geojson project"] += 1
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "p.geojson"
        path.write_text(json.dumps(document, ensure_ascii=False, allow_nan=True), encoding="utf-8")
        check_json(["check", str(path), "--rules", "quanzhou"], [path], "geojson project")


# --- Excel projects ----------------------------------------------------------------------
cell = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**20), 10**20),
    st.floats(allow_nan=False, allow_infinity=False),
    printable,
    number_texts,
    st.datetimes().map(lambda d: d.replace(microsecond=0)),
)
building_header = st.lists(
    st.sampled_from(["id", "households", "population", "x", "y", "楼栋编号", "户数", "经度", "纬度", "junk"]),
    min_size=1,
    max_size=5,
)
facility_header = st.lists(
    st.sampled_from(["id", "category", "area_m2", "places", "site", "x", "y", "类别", "建筑面积", "托位数"]),
    min_size=1,
    max_size=6,
)


@st.composite
def workbooks(draw) -> dict[str, list[list[Any]]]:
    project = [
        ["name", draw(either(printable))],
        ["kind", draw(either(st.sampled_from(["new", "existing"])))],
    ]
    for field in draw(st.lists(st.sampled_from(["households", "population", "crs", "人口"]), max_size=3)):
        project.append([field, draw(cell)])
    sheets: dict[str, list[list[Any]]] = {"project": project}
    for name, header in (("buildings", building_header), ("facilities", facility_header)):
        if name == "buildings" and draw(st.booleans()):
            continue
        columns = draw(header)
        rows = draw(st.lists(st.lists(cell, min_size=len(columns), max_size=len(columns)), max_size=5))
        sheets[name] = [columns, *rows]
    return sheets


def storable(value: Any) -> Any:
    """What a spreadsheet can hold: no control characters, no lists or mappings."""
    if isinstance(value, (list, dict)):
        return json.dumps(value)
    if isinstance(value, str):
        return "".join(c for c in value if c.isprintable() or c in "\t\n")
    return value


@given(sheets=workbooks())
def test_excel_projects(sheets: dict[str, list[list[Any]]]) -> None:
    EXAMPLES["excel project"] += 1
    sheets = {name: [[storable(v) for v in row] for row in rows] for name, rows in sheets.items()}
    with tempfile.TemporaryDirectory() as folder:
        path = workbook(Path(folder) / "p.xlsx", sheets)
        check_json(["check", str(path), "--rules", "quanzhou"], [path], "excel project")


# --- estate lists (audit) ----------------------------------------------------------------
estate_header = st.lists(
    st.sampled_from(
        ["name", "households", "population", "kind", "district", "x", "y", "户数", "childcare_places"]
    ),
    min_size=1,
    max_size=7,
    unique=True,
)
csv_token = st.one_of(
    number_texts,
    st.text(alphabet=st.characters(blacklist_characters="\x00", blacklist_categories=("Cs",)), max_size=8),
)


@given(header=estate_header, data=st.data())
def test_estate_lists(header: list[str], data) -> None:
    EXAMPLES["estate list"] += 1
    rows = data.draw(st.lists(st.lists(csv_token, min_size=len(header), max_size=len(header)), max_size=6))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "e.csv"
        import csv

        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(header)
            writer.writerows(rows)
        check_json(["audit", str(path), "--rules", "quanzhou"], [path], "estate list")


# --- rule profiles -----------------------------------------------------------------------
PROFILE = {
    "name": {"zh": "测试", "en": "Test"},
    "extends": "quanzhou",
    "defaults": {"persons_per_household": 3.0},
    "targets": {"childcare_places_per_1000": 4.5},
    "documents": {"d": {"title": "测试文件", "number": "1号"}},
    "rules": {
        "eldercare.floor_area.new": {
            "rate_m2_per_100_households": 30,
            "citation": {"document": "d", "clause": "1"},
        },
        "childcare.places.new": {"rate_places_per_1000": 10, "citation": {"document": "d", "clause": "2"}},
        "x.coverage": {
            "kind": "coverage",
            "category": "childcare",
            "project_kind": "any",
            "level": "15min",
            "max_distance_m": 1000,
            "required_ratio": 1,
            "citation": {"document": "d", "clause": "3"},
        },
    },
}
PATHS = [
    ("name",),
    ("extends",),
    ("defaults",),
    ("defaults", "persons_per_household"),
    ("targets", "childcare_places_per_1000"),
    ("documents",),
    ("documents", "d"),
    ("documents", "d", "title"),
    ("rules",),
    ("rules", "eldercare.floor_area.new", "rate_m2_per_100_households"),
    ("rules", "childcare.places.new"),
    ("rules", "childcare.places.new", "rate_places_per_1000"),
    ("rules", "childcare.places.new", "citation"),
    ("rules", "childcare.places.new", "citation", "document"),
    ("rules", "x.coverage", "kind"),
    ("rules", "x.coverage", "category"),
    ("rules", "x.coverage", "project_kind"),
    ("rules", "x.coverage", "max_distance_m"),
    ("rules", "x.coverage", "required_ratio"),
    ("rules", "x.coverage", "minutes"),
    ("rules", "x.coverage", "applies_when"),
]
figures = st.one_of(numbers, st.floats(1e-9, 1e9), junk)


def mutate(profile: dict[str, Any], path: tuple[str, ...], value: Any) -> dict[str, Any]:
    """The profile with the value at ``path`` replaced (no change where the path is gone)."""
    copy = json.loads(json.dumps(profile, allow_nan=True))
    node = copy
    for key in path[:-1]:
        if not isinstance(node, dict) or not isinstance(node.get(key), dict):
            return copy
        node = node[key]
    node[path[-1]] = value
    return copy


@given(changes=st.lists(st.tuples(st.sampled_from(PATHS), figures), min_size=1, max_size=3))
def test_profiles(changes: list[tuple[tuple[str, ...], Any]]) -> None:
    EXAMPLES["profile"] += 1
    profile = PROFILE
    for path, value in changes:
        profile = mutate(profile, path, value)
    text = yaml.safe_dump(profile, allow_unicode=True)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "r.yaml"
        path.write_text(text, encoding="utf-8")
        run_cli(["rules", "validate", str(path)], [path], "profile")
        sample = SAMPLES / "quanzhou_new_estate.xlsx"
        check_json(["check", str(sample), "--rules", str(path)], [path, sample], "profile")


# --- networks ----------------------------------------------------------------------------
line = st.lists(st.tuples(lon, lat), min_size=0, max_size=4).map(lambda c: [list(p) for p in c])
network_feature = st.builds(
    lambda coordinates, kind: {
        "type": "Feature",
        "properties": {},
        "geometry": {"type": kind, "coordinates": coordinates},
    },
    line,
    st.sampled_from(["LineString", "LineString", "LineString", "Point", "MultiLineString"]),
)


@given(features=st.lists(network_feature, max_size=5))
def test_networks(features: list[dict[str, Any]]) -> None:
    EXAMPLES["network"] += 1
    document = {"type": "FeatureCollection", "features": features}
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "n.geojson"
        path.write_text(json.dumps(document, allow_nan=True), encoding="utf-8")
        sample = SAMPLES / "quanzhou_riverside.geojson"
        check_json(
            ["check", str(sample), "--rules", "quanzhou", "--network", str(path)], [path, sample], "network"
        )


# --- damaged files -----------------------------------------------------------------------
MUTABLE = [
    ("quanzhou_new_estate.xlsx", ["check", "{}", "--rules", "quanzhou"]),
    ("yuxi_new_estate.geojson", ["check", "{}", "--rules", "yuxi"]),
    ("audit/estates.csv", ["audit", "{}", "--rules", "quanzhou", "--coords", "gcj02"]),
]


@given(
    which=st.sampled_from(MUTABLE),
    edits=st.lists(
        st.tuples(st.floats(0, 1), st.integers(0, 255), st.sampled_from(["set", "insert", "cut"])), max_size=4
    ),
    truncate=st.one_of(st.none(), st.floats(0, 1)),
)
def test_damaged_files(which: tuple[str, list[str]], edits, truncate) -> None:
    EXAMPLES["damaged file"] += 1
    name, template = which
    data = bytearray((SAMPLES / name).read_bytes())
    for where, byte, how in edits:
        index = min(int(where * len(data)), max(len(data) - 1, 0))
        if how == "set" and data:
            data[index] = byte
        elif how == "insert":
            data.insert(index, byte)
        elif data:
            del data[index]
    if truncate is not None:
        data = data[: math.floor(truncate * len(data))]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / Path(name).name
        path.write_bytes(bytes(data))
        args = [a.replace("{}", str(path)) for a in template]
        check_json(args, [path], "damaged file")
