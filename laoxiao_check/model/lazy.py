"""A function named ``"package.module:name"``, imported when it is first called: the readers and
the output formats register themselves by name, so a run loads only the ones it uses."""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from typing import Any


def lazy(target: str) -> Callable[..., Any]:
    """``target`` (``"laoxiao_check.io.excel:read_excel_project"``) as a function that imports
    its module on the first call."""
    module, name = target.split(":")

    def call(*args: Any, **kwargs: Any) -> Any:
        return getattr(import_module(module), name)(*args, **kwargs)

    return call
