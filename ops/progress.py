"""Progress bars for long commands, drawn only on a terminal.

Written to stderr, and only when stderr is a terminal: a command whose output goes to a
file, a pipe or a CI log prints nothing extra (its result lines stay as they were).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from tqdm import tqdm

Advance = Callable[[int], object]


def on_terminal() -> bool:
    return sys.stderr.isatty()


@contextmanager
def progress(description: str, total: int | None = None, unit: str = "step") -> Iterator[Advance]:
    """A bar for the block; call what it yields with how much more is done."""
    bar = tqdm(
        total=total,
        desc=description,
        unit=unit,
        unit_scale=total is not None and total > 10_000,
        disable=not on_terminal(),
        file=sys.stderr,
        dynamic_ncols=True,
    )
    try:
        yield bar.update
    finally:
        bar.close()
