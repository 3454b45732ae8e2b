"""The use cases: check a project, audit an estate list (staged, grouped, summarised, partitioned and
run on Dask), plan where to build. Each reads through io/, measures through spatial/, judges through
rules/ and returns a result from model/; none renders (that is report/).
"""
