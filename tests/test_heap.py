"""ops.heap: a serving process's start-up objects are frozen out of the collector's walks,
after the garbage start-up left has been collected."""

from __future__ import annotations

import gc
import weakref

from ops.heap import freeze_startup_heap


class _Node:
    def __init__(self) -> None:
        self.itself = self  # a cycle: only the collector frees it


def test_freezing_collects_start_up_garbage_first_and_keeps_the_rest_out_of_collections() -> None:
    garbage = _Node()
    freed = weakref.ref(garbage)
    del garbage
    kept = _Node()
    frozen_before = gc.get_freeze_count()
    try:
        freeze_startup_heap()

        assert freed() is None  # collected, not frozen for ever
        assert gc.get_freeze_count() > frozen_before
        # Frozen: no later collection walks it.
        assert all(tracked is not kept for tracked in gc.get_objects())
    finally:
        gc.unfreeze()
    assert any(tracked is kept for tracked in gc.get_objects())
