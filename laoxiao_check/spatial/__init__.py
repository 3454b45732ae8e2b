"""The engine: arrays in, arrays out. Metric CRS and reprojection (geo), distances in a straight line
or on foot (distance, network/), coverage as distances and reasons per building, pairs within reach,
floating catchments (access), the covering solver and points in polygons. No files, no verdicts.
"""
