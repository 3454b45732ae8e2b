"""What the desk keeps between requests: each visitor's own results, for an hour.

A visitor is a random token in a cookie; a result is found by its visitor and its own random
id together, so nobody sees another's. Nothing is kept on disk: uploads live in a temporary
folder of their request (or of their audit's run) and are removed when it ends.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

KEEP_SECONDS = 3600
"""How long a result is kept after it was made."""
TOKEN = 24
"""Random bytes of a visitor's token and of a result's id."""


@dataclass
class Entry:
    """One check or audit of a visitor: running, done (its result) or failed (its problems)."""

    command: str
    """``check`` or ``audit``."""
    title: str
    made: float
    state: str = "running"
    result: Any = None
    done: int = 0
    total: int = 0
    problems: dict[str, list[str]] = field(default_factory=dict)
    """Field → the problems said (in the language of the run), ``""`` for those of no field."""
    lang: str = "zh"


class Desk:
    """The visitors' entries, each removed ``keep`` seconds after it was made."""

    def __init__(self, keep: float = KEEP_SECONDS, clock: Callable[[], float] = time.monotonic) -> None:
        self.keep = keep
        self.clock = clock
        self._lock = threading.Lock()
        self._visitors: dict[str, dict[str, Entry]] = {}

    @staticmethod
    def new_visitor() -> str:
        return secrets.token_urlsafe(TOKEN)

    def add(self, visitor: str, entry: Entry) -> str:
        """Keep ``entry`` for ``visitor``; its id."""
        entry_id = secrets.token_urlsafe(TOKEN)
        with self._lock:
            self._visitors.setdefault(visitor, {})[entry_id] = entry
        return entry_id

    def get(self, visitor: str, entry_id: str) -> Entry | None:
        """The visitor's entry of that id (None: none, or another's, or expired)."""
        self.forget_old()
        with self._lock:
            return self._visitors.get(visitor, {}).get(entry_id)

    def entries(self, visitor: str) -> list[tuple[str, Entry]]:
        """The visitor's entries, the newest first."""
        self.forget_old()
        with self._lock:
            kept = list(self._visitors.get(visitor, {}).items())
        return sorted(kept, key=lambda item: -item[1].made)

    def forget_old(self) -> None:
        """Remove every entry older than ``keep`` seconds, and visitors left with none."""
        oldest = self.clock() - self.keep
        with self._lock:
            for visitor, kept in list(self._visitors.items()):
                for entry_id in [i for i, e in kept.items() if e.made < oldest]:
                    del kept[entry_id]
                if not kept:
                    del self._visitors[visitor]
