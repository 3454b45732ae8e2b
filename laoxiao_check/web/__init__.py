"""The review desk: ``laoxiao-check serve``, a local web application over the same engine.

The edge beside :mod:`laoxiao_check.cli`: pages ask the services (``services.check``,
``services.audit``) and the report renderers (``report/``), and compute no rule themselves.
Starlette and uvicorn (the ``[web]`` extra) are imported only here, when ``serve`` runs.
"""
