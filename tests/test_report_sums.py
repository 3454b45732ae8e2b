"""Every report's group sums equal its totals (issue 23, item 6): the summary's districts, the
workbook's districts sheet and the capacity tables add up to the city, on generated lists shaped
like real ones (estates without a district, facilities naming a district no estate has)."""

from __future__ import annotations

import csv
import json
import math
import tempfile
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from laoxiao_check.model.audit import NO_DISTRICT
from laoxiao_check.report.json.audit import audit_dict
from laoxiao_check.report.xlsx.audit import district_rows
from laoxiao_check.rules.profiles import load_profile
from laoxiao_check.services.audit import run_audit

PROFILE = load_profile("quanzhou")
DISTRICTS = ["鲤城区", "丰泽区", "", "暂无资料"]
FACILITY_DISTRICTS = ["鲤城区", "鲤城", "丰泽区", "", "洛江区"]

estate = st.fixed_dictionaries(
    {
        "district": st.sampled_from(DISTRICTS),
        "households": st.one_of(st.integers(0, 3000).map(str), st.sampled_from(["1200户", "暂无资料", ""])),
        "places": st.one_of(st.integers(0, 80).map(str), st.just("")),
        "area": st.one_of(st.integers(0, 600).map(str), st.just("")),
        "dx": st.floats(-0.02, 0.02),
        "dy": st.floats(-0.02, 0.02),
    }
)
facility = st.fixed_dictionaries(
    {
        "district": st.sampled_from(FACILITY_DISTRICTS),
        "category": st.sampled_from(["childcare", "eldercare"]),
        "places": st.integers(0, 120),
        "area": st.integers(50, 800),
        "dx": st.floats(-0.02, 0.02),
        "dy": st.floats(-0.02, 0.02),
    }
)


def write_inputs(folder: Path, estates: list[dict], facilities: list[dict]) -> tuple[Path, Path]:
    listed = folder / "estates.csv"
    with listed.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["小区名称", "区县", "户数", "经度", "纬度", "养老面积", "托位数"])
        for i, e in enumerate(estates):
            writer.writerow(
                [
                    f"小区{i}",
                    e["district"],
                    e["households"],
                    118.6 + e["dx"],
                    24.9 + e["dy"],
                    e["area"],
                    e["places"],
                ]
            )
    features = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [118.6 + f["dx"], 24.9 + f["dy"]]},
            "properties": {
                "name": f"F{i}",
                "category": f["category"],
                "area_m2": f["area"],
                "places": f["places"] if f["category"] == "childcare" else None,
                "district": f["district"],
            },
        }
        for i, f in enumerate(facilities)
    ]
    layer = folder / "facilities.geojson"
    layer.write_text(json.dumps({"type": "FeatureCollection", "features": features}), "utf-8")
    return listed, layer


def close(a: float, b: float, terms: int) -> bool:
    """Equal but for each term's rounding to 3 decimals in the document."""
    return math.isclose(a, b, rel_tol=0, abs_tol=0.0005 * (terms + 1))


@given(st.lists(estate, min_size=1, max_size=12), st.lists(facility, min_size=0, max_size=6))
def test_group_sums_equal_totals(estates, facilities) -> None:
    with tempfile.TemporaryDirectory() as folder:
        listed, layer = write_inputs(Path(folder), estates, facilities)
        result = run_audit(listed, PROFILE, facilities_path=layer if facilities else None)
    document = audit_dict(result)
    city, districts = document["summary"]["city"], document["summary"]["districts"]
    # the summary (JSON): estates, households, places, households outside each circle
    for key in ("total", "judged", "pass", "fail", "incomplete", "not_judged"):
        assert sum(d["estates"][key] for d in districts) == city["estates"][key]
    assert sum(d["households"] for d in districts) == city["households"]
    for key in ("places_in_estates", "places_in_facilities"):
        assert sum(d["childcare_places"][key] or 0 for d in districts) == (city["childcare_places"][key] or 0)
    for level in city["coverage"]:
        same = [
            c
            for d in districts
            for c in d["coverage"]
            if c["level"] == level["level"] and c["category"] == level["category"]
        ]
        assert sum(c["households_outside"] for c in same) == level["households_outside"]
        assert sum(c["households_measured"] for c in same) == level["households_measured"]
    # the estates without a district are a row of their own
    if any(not e.estate.district for e in result.estates):
        assert NO_DISTRICT in [d["district"] for d in districts]
    # the workbook's districts sheet: every count column adds up to the city's
    rows = district_rows(result, "en")
    assert sum(r[1] for r in rows) == city["estates"]["total"]
    assert sum(r[7] for r in rows) == city["households"]
    levels = len(city["coverage"])
    for offset, level in enumerate(city["coverage"]):
        column = 8 + len(city["rules"]) + offset
        assert sum(r[column] for r in rows) == level["households_outside"]
    assert len(rows[0]) == 8 + len(city["rules"]) + levels + 1
    # the capacity tables: districts add up to the city
    for category in result.accessibility.categories if result.accessibility else ():
        denominator = category.measure.denominator
        assert sum(d["estates"] for d in category.districts) == category.city["estates"]
        terms = len(category.districts)
        assert close(sum(d["accessible"] for d in category.districts), category.city["accessible"], terms)
        assert close(
            sum(d[denominator] for d in category.districts), category.city.get(denominator, 0.0), terms
        )


SAMPLE = Path(__file__).resolve().parents[1] / "sample_projects" / "audit"


def test_city_places_ratio_agrees_with_the_city_rule(tmp_path, run_cli) -> None:
    """A list without nursery places: the city's places rules have no data, so the summary gives
    no ratio (before: 0.95 per 1,000 from the facilities alone beside "no data")."""
    listed = tmp_path / "estates.csv"
    with (SAMPLE / "estates.csv").open(encoding="utf-8") as source:
        listed.write_text(
            "".join(",".join(line.rstrip("\n").split(",")[:6]) + "\n" for line in source), "utf-8"
        )
    args = (
        "audit",
        listed,
        "--rules",
        "quanzhou",
        "--facilities",
        SAMPLE / "facilities.geojson",
        "--coords",
        "gcj02",
    )
    document = json.loads(run_cli(*args, "--format", "json").out)
    places = document["summary"]["city"]["childcare_places"]
    city_rules = [r for r in document["summary"]["city"]["results"] if r["metric"] == "places"]
    assert city_rules and all(r["status"] == "insufficient_data" for r in city_rules)
    assert places["per_1000_residents"] is None
    assert places["per_1000_unknown"]["en"] == city_rules[0]["message"]
    text = run_cli(*args, "--lang", "en").out
    assert "nursery places per 1,000 residents: no data — rooms unknown" in text


def test_facility_only_district_and_no_district_rows(tmp_path, run_cli) -> None:
    """鲤城 (a facility's spelling) is a row of its own with its places; estates without a district
    are "(no district)" in the terminal, the workbook and the capacity tables."""
    from openpyxl import load_workbook

    listed, layer = write_inputs(
        tmp_path,
        [
            {"district": "鲤城区", "households": "1000", "places": "10", "area": "100", "dx": 0.0, "dy": 0.0},
            {"district": "", "households": "800", "places": "", "area": "", "dx": 0.001, "dy": 0.0},
        ],
        [{"district": "鲤城", "category": "childcare", "places": 30, "area": 200, "dx": 0.0, "dy": 0.001}],
    )
    document = json.loads(
        run_cli("audit", listed, "--rules", "quanzhou", "--facilities", layer, "--format", "json").out
    )
    rows = {d["district"]: d for d in document["summary"]["districts"]}
    assert set(rows) == {"鲤城区", "鲤城", NO_DISTRICT}
    assert (
        rows["鲤城"]["estates"]["total"] == 0
        and rows["鲤城"]["childcare_places"]["places_in_facilities"] == 30
    )
    text = run_cli("audit", listed, "--rules", "quanzhou", "--facilities", layer, "--lang", "zh").out
    assert "（未填区县）" in text
    out = tmp_path / "a.xlsx"
    assert run_cli(
        "audit", listed, "--rules", "quanzhou", "--facilities", layer, "--lang", "en", "-o", out
    ).code in (0, 1)
    sheet = load_workbook(out)["districts"]
    names = [row[0] for row in sheet.iter_rows(values_only=True)]
    assert "(no district)" in names and "鲤城" in names
