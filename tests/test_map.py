"""The coverage map (report/html/svg_map.py): labels that do not overlap, roads, reach, furniture.

The SVG is read back as XML: every label's box is computed from its text position and the
map's width estimate (the browser test below checks that estimate against the drawn text).
"""

from __future__ import annotations

import dataclasses
import json
import re
import shutil
import xml.etree.ElementTree as ET

import numpy as np
import pytest
from conftest import SAMPLES

from laoxiao_check.report.html.map_labels import ASCENT, FONT_SIZE, LINE_HEIGHT, text_width
from laoxiao_check.report.html.svg_map import MAX_ROAD_SEGMENTS, coverage_map
from laoxiao_check.services.check import check

SHORT = SAMPLES / "quanzhou_new_estate_short.xlsx"
RIVERSIDE = SAMPLES / "quanzhou_riverside.geojson"
NETWORK = SAMPLES / "quanzhou_riverside_network.geojson"
SVG = "{http://www.w3.org/2000/svg}"
ROUND_METRES = {10, 20, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000, 20000, 50000}


def maps_of(html: str) -> dict[str, ET.Element]:
    """Each category's map of an HTML report, parsed."""
    found = re.findall(r'<svg xmlns="http://www.w3.org/2000/svg" class="map".*?</svg>', html, re.S)
    return {svg.get("data-category"): svg for svg in map(ET.fromstring, found)}


def labels_of(svg: ET.Element) -> dict[str, tuple[str, tuple[float, float, float, float]]]:
    """data-for → (text, box) of every label, its box from its position and estimated width."""
    out = {}
    for group in svg.iter(f"{SVG}g"):
        if group.get("class") != "label":
            continue
        halo, text = group.findall(f"{SVG}text")  # a white copy under the text, then the text
        assert (halo.get("class"), halo.text, halo.get("x"), halo.get("y")) == (
            "halo",
            text.text,
            text.get("x"),
            text.get("y"),
        )
        assert text.get("text-anchor") in (None, "start")
        x, y = float(text.get("x")), float(text.get("y"))
        top = y - ASCENT
        box = (x, top, x + text_width(text.text), top + LINE_HEIGHT)
        assert group.get("data-for") not in out
        out[group.get("data-for")] = (text.text, box)
    return out


def overlap(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def circles_of(svg: ET.Element, kind: str) -> list[tuple[str, float, float, float, str]]:
    return [
        (c.get("data-id"), float(c.get("cx")), float(c.get("cy")), float(c.get("r")), c.get("data-state"))
        for c in svg.iter(f"{SVG}circle")
        if c.get("data-kind") == kind
    ]


def assert_readable(svg: ET.Element) -> dict[str, tuple[str, tuple[float, float, float, float]]]:
    """No two labels overlap, no label covers a building, and the furniture is there."""
    labels = labels_of(svg)
    boxes = [box for _, box in labels.values()]
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            assert not overlap(a, b), (a, b)
    for building, cx, cy, r, _ in circles_of(svg, "building"):
        for ref, (_, (x0, y0, x1, y1)) in labels.items():
            gap = np.hypot(cx - min(max(cx, x0), x1), cy - min(max(cy, y0), y1))
            assert gap >= r, (building, ref)
    scale = next(g for g in svg.iter(f"{SVG}g") if g.get("class") == "scale-bar")
    metres = int(scale.get("data-metres"))
    assert metres in ROUND_METRES
    assert f"{metres:,} m" in "".join(scale.itertext())
    arrow = next(g for g in svg.iter(f"{SVG}g") if g.get("class") == "north-arrow")
    assert "N" in "".join(arrow.itertext()) and arrow.find(f"{SVG}polygon") is not None
    return labels


@pytest.fixture
def html(run_cli, tmp_path):
    def make(project, *args, lang="en"):
        out = tmp_path / f"map-{lang}.html"
        run = run_cli(
            "check", project, "--rules", "quanzhou", *args, "--lang", lang, "--format", "html", "-o", out
        )
        assert run.code in (0, 1), run.err
        return out.read_text("utf-8")

    return make


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_failing_sample_every_building_and_room_labelled(html, lang) -> None:
    maps = maps_of(html(SHORT, lang=lang))
    assert set(maps) == {"eldercare", "childcare"}
    buildings = {f"building:{n}号楼" for n in range(1, 11)}
    rooms = {
        "eldercare": {"facility:养老-1": "养老 300 m²", "facility:养老-2": "养老 250 m²"},
        "childcare": {"facility:托育-1": "托育 380 m²"},
    }
    for category, svg in maps.items():
        labels = assert_readable(svg)
        assert buildings <= set(labels)
        assert {ref: labels[ref][0] for ref in rooms[category]} == {
            ref: text if lang == "zh" else text.replace("养老", "eldercare").replace("托育", "childcare")
            for ref, text in rooms[category].items()
        }
        assert {labels[b][0] for b in buildings} == {b.split(":")[1] for b in buildings}
        # straight line: a circle per room and level (15-minute 1,000 m and 5-minute 300 m), the
        # outer one dashed long, the inner shorter; clipped to the estate's frame, so the 1,000 m
        # circles (beyond the map) are named with their radius in the legend, and the 300 m
        # circles, whose edge shows, are marked on the map as such; no roads without a network
        circles = [g for g in svg.iter(f"{SVG}g") if g.get("data-shape") == "circle"]
        assert sorted(
            (g.get("class"), g.get("data-level"), g.get("data-radius-m")) for g in circles
        ) == sorted(
            [("catchment", "15min", "1000"), ("catchment inner", "5min", "300")] * len(rooms[category])
        )
        legend = "".join(next(g for g in svg.iter(f"{SVG}g") if g.get("class") == "legend").itertext())
        if lang == "zh":
            assert "直线半径范围：十五分钟生活圈 1,000米（超出图幅）" in legend
            assert "直线半径范围：五分钟生活圈 300米" in legend
        else:
            assert "straight-line radius: 15-minute circle, 1,000 m (reaches beyond the map)" in legend
            assert "straight-line radius: 5-minute circle, 300 m" in legend
        mark = "直线 300 米" if lang == "zh" else "straight line 300 m"
        assert any(text == mark for text, _ in labels.values())
        assert not [p for p in svg.iter(f"{SVG}path") if p.get("class") == "network"]
        assert "map-note" not in ET.tostring(svg, encoding="unicode")  # nothing hidden


def test_network_sample_draws_roads_under_buildings_and_the_reach(html) -> None:
    page = html(RIVERSIDE, "--network", NETWORK, lang="zh")
    for category, svg in maps_of(page).items():
        labels = assert_readable(svg)
        assert {f"building:S{k}" for k in range(1, 9)} <= set(labels)
        room = "养老 450 m²" if category == "eldercare" else "托育 300 m²"
        assert [text for ref, (text, _) in labels.items() if ref.startswith("facility:")] == [room]
        children = list(svg)
        roads = [i for i, e in enumerate(children) if e.get("class") == "network"]
        first_building = next(i for i, e in enumerate(children) if e.get("data-kind") == "building")
        assert len(roads) == 1 and roads[0] < first_building  # drawn under the buildings
        assert children[roads[0]].get("d").count("M") > 100
        reach = [e for e in children if e.get("class") == "catchment"]
        assert [e.get("data-shape") for e in reach] == ["network"]  # one merged shape, not circles
        assert reach[0].get("d").count("Z") >= 2 and reach[0].get("fill") != "none"
        assert "步行路网" in "".join(
            next(g for g in svg.iter(f"{SVG}g") if g.get("class") == "legend").itertext()
        )
        # every building is uncovered on foot: red, ringed dark, and in the legend
        assert {state for *_, state in circles_of(svg, "building")} == {"uncovered"}


def test_city_facilities_drawn_and_labelled(tmp_path) -> None:
    facilities = tmp_path / "city.geojson"
    features = [
        ({"name": "南岸托育中心", "category": "childcare", "area_m2": 900}, [118.5801, 24.8975]),
        ({"name": "南岸托育点", "category": "childcare", "places": 30}, [118.5770, 24.8975]),
        ({"name": "远处养老院", "category": "eldercare", "area_m2": 2000}, [118.70, 24.99]),  # ~16 km
    ]
    facilities.write_text(
        json.dumps(
            {
                "type": "FeatureCollection",
                "features": [
                    {"type": "Feature", "properties": p, "geometry": {"type": "Point", "coordinates": xy}}
                    for p, xy in features
                ],
            }
        ),
        "utf-8",
    )
    result = check(RIVERSIDE, "quanzhou", facilities_path=facilities)
    assert set(result.geometry.city_ids) == {"南岸托育中心", "南岸托育点"}  # the far one is not kept
    svg = ET.fromstring(coverage_map(result, "childcare", "zh"))
    labels = assert_readable(svg)
    assert {labels[f"city:{n}"][0] for n in ("南岸托育中心", "南岸托育点")} == {
        "托育 900 m²",
        "托育 30 个托位",
    }
    hollow = [g for g in svg.iter(f"{SVG}g") if g.get("data-kind") == "city-facility"]
    assert len(hollow) == 2
    assert "周边既有设施" in "".join(
        next(g for g in svg.iter(f"{SVG}g") if g.get("class") == "legend").itertext()
    )
    assert not [g for g in ET.fromstring(coverage_map(result, "eldercare", "zh")).iter(f"{SVG}g")
                if g.get("data-kind") == "city-facility"]  # fmt: skip


def test_labels_that_fit_nowhere_are_counted() -> None:
    result = check(RIVERSIDE, "quanzhou")
    geometry = result.geometry
    # 400 buildings 4 m apart: most labels cannot be placed
    grid = np.stack(np.meshgrid(np.arange(20) * 4.0, np.arange(20) * 4.0), axis=-1).reshape(-1, 2)
    crowded = dataclasses.replace(
        geometry,
        building_ids=tuple(f"B{k}" for k in range(400)),
        building_xy=geometry.building_xy[0] + grid,
        building_households=np.full(400, 10),
    )
    svg = ET.fromstring(coverage_map(dataclasses.replace(result, geometry=crowded), "eldercare", "en"))
    labels = assert_readable(svg)
    placed = sum(ref.startswith("building:") for ref in labels)
    hidden = 400 - placed
    assert 0 < placed < 400
    notes = [t.text for t in svg.iter(f"{SVG}text") if t.get("class") == "map-note"]
    assert notes == [f"{hidden} labels not shown: no room without overlap"]


def test_roads_bounded_to_the_nearest() -> None:
    result = check(RIVERSIDE, "quanzhou", network_path=NETWORK)
    geometry = result.geometry
    centre = geometry.building_xy.mean(axis=0)
    # a dense city: 10,000 short segments around the project (within the estate's frame), and
    # some far off the map
    starts = centre + np.random.default_rng(1).uniform(-300, 300, (10000, 2))
    far = centre + np.array([50000.0, 50000.0]) + np.zeros((50, 2))
    segments = np.stack([np.vstack([starts, far]), np.vstack([starts, far]) + 5.0], axis=1)
    dense = dataclasses.replace(result, geometry=dataclasses.replace(geometry, network=segments))
    svg = ET.fromstring(coverage_map(dense, "eldercare", "en"))
    roads = next(p for p in svg.iter(f"{SVG}path") if p.get("class") == "network")
    assert roads.get("d").count("M") == MAX_ROAD_SEGMENTS
    notes = [t.text for t in svg.iter(f"{SVG}text") if t.get("class") == "map-note"]
    assert len(notes) == 1 and notes[0].startswith(f"roads: the {MAX_ROAD_SEGMENTS:,} of ")


def test_map_is_self_contained(html) -> None:
    for svg in maps_of(html(RIVERSIDE, "--network", NETWORK)).values():
        text = ET.tostring(svg, encoding="unicode")
        assert "script" not in text.lower() and "href" not in text and "url(" not in text


# -- in a real browser: the estimate of a label's width holds, and no drawn labels overlap ---


def chromium_path() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.skipif(chromium_path() is None, reason="Debian's chromium is not installed here")
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_drawn_labels_fit_their_estimate(html, tmp_path, lang) -> None:
    playwright = pytest.importorskip("playwright.sync_api")
    path = tmp_path / "page.html"
    path.write_text(html(SHORT, lang=lang), "utf-8")
    with playwright.sync_playwright() as driver:
        browser = driver.chromium.launch(
            executable_path=chromium_path(), args=["--no-sandbox", "--disable-gpu"]
        )
        page = browser.new_page(viewport={"width": 1100, "height": 900})
        page.goto(path.as_uri())
        drawn = page.evaluate(
            """() => [...document.querySelectorAll('svg.map g.label text:not(.halo)')].map(t => {
                const b = t.getBBox();
                return {text: t.textContent, x: +t.getAttribute('x'), y: +t.getAttribute('y'),
                        bx: b.x, by: b.y, bw: b.width, bh: b.height,
                        map: t.closest('svg').dataset.category};
            })"""
        )
        browser.close()
    assert len(drawn) >= 2 * 10 + 3
    for label in drawn:  # the drawn text lies within the box the map reserved for it
        assert label["bw"] <= text_width(label["text"]) + 0.5, label
        assert label["bx"] >= label["x"] - 0.5 and label["by"] >= label["y"] - ASCENT - 1.5, label
        assert label["by"] + label["bh"] <= label["y"] - ASCENT + LINE_HEIGHT + 1.5, (label, FONT_SIZE)
    for category in ("eldercare", "childcare"):
        boxes = [
            (d["bx"], d["by"], d["bx"] + d["bw"], d["by"] + d["bh"]) for d in drawn if d["map"] == category
        ]
        for i, a in enumerate(boxes):
            for b in boxes[i + 1 :]:
                assert not overlap(a, b), (a, b)


# -- every level of a category, and the estate's frame ------------------------------------------


def six_buildings(tmp_path):
    """Five buildings near the rooms and 6栋 some 308 m north of them: inside the 15-minute
    circle (1,000 m), outside the 5-minute circle (300 m) in a straight line."""
    x, y = 118.58, 24.90
    offsets = {
        "1栋": (-0.0008, -0.0006),
        "2栋": (0.0, -0.0006),
        "3栋": (0.0008, -0.0006),
        "4栋": (-0.0008, 0.0006),
        "5栋": (0.0008, 0.0006),
        "6栋": (0.0, 0.00278),
    }
    features = [
        ({"kind": "building", "id": b, "households": 120}, [x + dx, y + dy])
        for b, (dx, dy) in offsets.items()
    ] + [
        ({"kind": "facility", "id": c, "category": c, "area_m2": 400, "site": c}, [x + dx, y])
        for c, dx in (("eldercare", -0.0002), ("childcare", 0.0002))
    ]
    path = tmp_path / "six.geojson"
    path.write_text(
        json.dumps(
            {
                "type": "FeatureCollection",
                "project": {"name": "六栋", "kind": "new", "households": 720},
                "features": [
                    {"type": "Feature", "properties": p, "geometry": {"type": "Point", "coordinates": xy}}
                    for p, xy in features
                ],
            },
            ensure_ascii=False,
        ),
        "utf-8",
    )
    return path


def frame_of(svg: ET.Element, result) -> tuple[float, float, float]:
    """The map's width and height in metres, and the buildings' extent (m): the scale read from
    the buildings drawn (px) against their coordinates (m)."""
    drawn = {b: (cx, cy) for b, cx, cy, _, _ in circles_of(svg, "building")}
    xy = dict(zip(result.geometry.building_ids, result.geometry.building_xy, strict=True))
    ids = list(drawn)
    pairs = [(a, b) for i, a in enumerate(ids) for b in ids[i + 1 :]]
    a, b = max(pairs, key=lambda p: np.hypot(*(xy[p[0]] - xy[p[1]])))
    scale = np.hypot(drawn[a][0] - drawn[b][0], drawn[a][1] - drawn[b][1]) / np.hypot(*(xy[a] - xy[b]))
    plot = next(r for r in svg.iter(f"{SVG}rect") if r.get("fill") == "#fbfbf8")
    width, height = float(plot.get("width")), float(plot.get("height"))
    for _, cx, cy, r, _ in circles_of(svg, "building"):  # every building inside the map
        assert r <= cx <= width - r and r <= cy <= height - r
    extent = float(np.max(np.ptp(result.geometry.building_xy, axis=0)))
    return width / scale, height / scale, extent


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_building_outside_the_inner_level_is_drawn_partly(tmp_path, lang) -> None:
    result = check(six_buildings(tmp_path), "quanzhou")
    five = next(c for c in result.coverage if c.category == "eldercare" and c.level == "5min")
    assert [u["building"] for u in five.uncovered] == ["6栋"] and 300 < five.distances["6栋"] < 320
    for category in ("eldercare", "childcare"):
        svg = ET.fromstring(coverage_map(result, category, lang))
        assert_readable(svg)
        states = {b: state for b, *_, state in circles_of(svg, "building")}
        assert states == {**{f"{n}栋": "covered" for n in range(1, 6)}, "6栋": "partly"}
        six = next(c for c in svg.iter(f"{SVG}circle") if c.get("data-id") == "6栋")
        assert six.get("data-outside") == "5min" and six.get("fill") == "#f9a825"
        tip = six.find(f"{SVG}title").text
        legend = "".join(next(g for g in svg.iter(f"{SVG}g") if g.get("class") == "legend").itertext())
        if lang == "zh":
            assert "五分钟生活圈（300米）外" in tip
            assert "十五分钟生活圈（1,000米）内、五分钟生活圈（300米）外" in legend
            assert "十五分钟生活圈（1,000米）、五分钟生活圈（300米）内" in legend
        else:
            assert "outside the 5-minute circle (300 m)" in tip
            assert "within the 15-minute circle (1,000 m), outside the 5-minute circle (300 m)" in legend
            assert "within the 15-minute circle (1,000 m) and the 5-minute circle (300 m)" in legend
        # the 300 m circle is near the estate's size: drawn whole; the 1,000 m one reaches beyond
        assert ("超出图幅" if lang == "zh" else "beyond the map") in legend
        width, height, extent = frame_of(svg, result)
        assert max(width, height) <= 4 * extent


def test_the_frame_fits_the_estate_not_the_circles(html) -> None:
    """Straight line: the 1,000 m circles are much larger than the estate; the map frames the
    buildings and rooms (at most 4 × the buildings' extent; 1,000 m circles framed would be
    some 15 ×), and the circles are drawn clipped to it."""
    result = check(SHORT, "quanzhou")
    for category in ("eldercare", "childcare"):
        svg = ET.fromstring(coverage_map(result, category, "en"))
        width, height, extent = frame_of(svg, result)
        assert 1.5 * extent <= max(width, height) <= 4 * extent, (width, height, extent)
        rooms = [g for g in svg.iter(f"{SVG}g") if g.get("data-kind") == "facility"]
        assert rooms  # the rooms are inside too (else they would not be drawn)
        for edge in svg.iter(f"{SVG}path"):
            if edge.get("class") in ("reach-edge", "reach-fill"):
                numbers = [float(v) for v in re.findall(r"-?\d+(?:\.\d+)?", edge.get("d"))]
                assert min(numbers) >= -0.5 and max(numbers[0::2]) <= 960.5


def test_network_map_frames_the_estate(html) -> None:
    """On foot: the reach (some 2 km of streets around the rooms) is much larger than the estate:
    its shape is kept, clipped to the estate's frame."""
    result = check(RIVERSIDE, "quanzhou", network_path=NETWORK)
    svg = ET.fromstring(coverage_map(result, "eldercare", "en"))
    width, height, extent = frame_of(svg, result)
    assert max(width, height) <= 4 * max(extent, 200), (width, height, extent)
    reach = [e for e in svg if e.get("class") == "catchment"]
    assert [e.get("data-shape") for e in reach] == ["network"]
    legend = "".join(next(g for g in svg.iter(f"{SVG}g") if g.get("class") == "legend").itertext())
    assert "reach on foot: 15-minute circle, 1,000 m (reaches beyond the map)" in legend
