"""A function named ``"package.module:name"``, imported when it is first called: the readers and
the output formats register themselves by name, so a run loads only the ones it uses."""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from typing import Any


def resolve(target: str) -> Any:
    """The object ``target`` names (``"laoxiao_check.cli.check:check"``), its module imported."""
    module, name = target.split(":")
    return getattr(import_module(module), name)


def lazy(target: str) -> Callable[..., Any]:
    """``target`` (``"laoxiao_check.io.excel:read_excel_project"``) as a function that imports
    its module on the first call."""

    def call(*args: Any, **kwargs: Any) -> Any:
        return resolve(target)(*args, **kwargs)

    return call
