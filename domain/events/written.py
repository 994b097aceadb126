"""Whether the current request wrote events, so that the sequencer is nudged after it.

The request sets a fresh mark when it starts (`watch`); `domain.events.audit.record` sets it. A
mutable mark rather than a flag in the context variable: resolvers that run in tasks of
their own work on a copy of the context, and would set a flag only in that copy.
"""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass


@dataclass
class Mark:
    written: bool = False


_mark: ContextVar[Mark | None] = ContextVar("tenantry_events_written", default=None)


def watch() -> Mark:
    """Start watching the current request (a task of its own: nothing to reset after)."""
    mark = Mark()
    _mark.set(mark)
    return mark


def note_written() -> None:
    mark = _mark.get()
    if mark is not None:
        mark.written = True
