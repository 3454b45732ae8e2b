"""Writes the capacity sample in audit/. Run: python sample_projects/make_capacity_sample.py

Two districts on a street grid (200 m blocks), in WGS84:

- 鲤城区 (west): 12 estates, all within a 1,000 m walk of one 58-place nursery. Nearest-facility
  coverage calls every household covered; sharing the 58 places among the district's
  residents gives a third of the places Quanzhou's rate for existing estates asks (6 per
  1,000 residents).
- 丰泽区 (east): 8 estates; a 100-place nursery serves the western five well, the eastern
  three are beyond a 1,000 m walk of any nursery.

Candidate sites (vacant plots, community centres) lie in both districts, so that `plan`
shows the difference between its objectives: covering the households not yet covered (the
east) or the largest shortfall of places (the west).
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

from pyproj import Transformer

HERE = Path(__file__).resolve().parent / "audit"
GK = "EPSG:4549"  # CGCS2000 3-degree Gauss-Krüger, central meridian 120°E
ORIGIN = (118.6300, 24.9300)
BLOCK_M = 200

WEST = [  # (name, x, y, households): around the nursery at (800, 800), at most 900 m away on foot
    ("西街花园", 400, 440, 820),
    ("金鱼巷小区", 800, 440, 760),
    ("中山南苑", 1200, 440, 690),
    ("新华里", 400, 840, 880),
    ("文庙小区", 1200, 840, 720),
    ("聚宝苑", 400, 1240, 640),
    ("南俊花园", 800, 1240, 800),
    ("开元新村", 1200, 1240, 700),
    ("温陵公寓", 600, 640, 760),
    ("通淮苑", 1000, 1040, 790),
    ("涂门小区", 200, 840, 600),
    ("鲤中新苑", 800, 240, 840),
]
EAST = [  # around the nursery at (2600, 800); the last three beyond a 1,000 m walk of it
    ("东湖花园", 2400, 640, 700),
    ("丰泽新村", 2800, 640, 760),
    ("东海湾小区", 2600, 1040, 680),
    ("刺桐苑", 2400, 1040, 620),
    ("浦西小区", 2800, 1040, 740),
    ("城东花园", 3600, 440, 650),
    ("北峰新苑", 3600, 840, 700),
    ("清源公寓", 3600, 1240, 690),
]
FACILITIES = [  # (name, category, x, y, area_m2, places, district)
    ("鲤城区示范托育园", "childcare", 800, 840, 420, 58, "鲤城区"),
    ("丰泽区普惠托育中心", "childcare", 2600, 840, 700, 100, "丰泽区"),
    ("鲤城区日间照料中心", "eldercare", 800, 640, 900, None, "鲤城区"),
    ("丰泽区养老服务站", "eldercare", 2600, 640, 700, None, "丰泽区"),
]
CANDIDATES = [  # (id, name, x, y)
    ("K1", "西街社区服务中心", 400, 1040),
    ("K2", "中山南路空地", 1200, 640),
    ("K3", "南俊路闲置厂房", 800, 1440),
    ("K4", "鲤丰交界地块", 1800, 840),
    ("K5", "城东社区服务中心", 3600, 640),
    ("K6", "北峰路空地", 3200, 1440),
    ("K7", "丰泽街道办旧址", 2600, 240),
    ("K8", "清源山脚地块", 4000, 1600),
]
PERSONS_PER_HOUSEHOLD = 3.1


def main() -> None:
    to_gk = Transformer.from_crs("EPSG:4326", GK, always_xy=True)
    to_ll = Transformer.from_crs(GK, "EPSG:4326", always_xy=True)
    ox, oy = to_gk.transform(*ORIGIN)

    def lonlat(x: float, y: float) -> list[float]:
        lon, lat = to_ll.transform(ox + x, oy + y)
        return [round(lon, 7), round(lat, 7)]

    with open(HERE / "capacity_estates.csv", "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["小区名称", "区县", "社区", "户数", "人口", "经度", "纬度", "养老面积", "托位数"])
        for district, community, estates in (("鲤城区", "西街社区", WEST), ("丰泽区", "东湖社区", EAST)):
            for name, x, y, households in estates:
                lon, lat = lonlat(x, y)
                population = round(households * PERSONS_PER_HOUSEHOLD)
                writer.writerow([name, district, community, households, population, lon, lat, 0, 0])

    def feature(properties: dict, geometry: dict) -> dict:
        return {"type": "Feature", "properties": properties, "geometry": geometry}

    facilities = [
        feature(
            {"name": name, "category": category, "area_m2": area, "places": places, "district": district},
            {"type": "Point", "coordinates": lonlat(x, y)},
        )
        for name, category, x, y, area, places, district in FACILITIES
    ]
    candidates = [
        feature({"id": cid, "名称": name}, {"type": "Point", "coordinates": lonlat(x, y)})
        for cid, name, x, y in CANDIDATES
    ]
    streets = [[(x, y) for x in range(0, 4401, BLOCK_M)] for y in range(0, 1801, BLOCK_M)]
    streets += [[(x, y) for y in range(0, 1801, BLOCK_M)] for x in range(0, 4401, BLOCK_M)]
    network = [
        feature({"highway": "residential"}, {"type": "LineString", "coordinates": [lonlat(*p) for p in line]})
        for line in streets
    ]
    for name, features in (
        ("capacity_facilities.geojson", facilities),
        ("candidates.geojson", candidates),
        ("capacity_network.geojson", network),
    ):
        document = {"type": "FeatureCollection", "features": features}
        (HERE / name).write_text(json.dumps(document, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
