"""The serving process's garbage collector, settled once the app has started.

Most of what a server process holds is built at start-up and lives as long as it does:
modules, the GraphQL schema and its graphql-core twin, the fast path's tables, the ORM's
metadata (about 120,000 objects the collector tracks). CPython's full collection walks
all of them each time it runs: 53 ms, once every 33 pages of customers, the slowest
requests' tail. Frozen (`gc.freeze`), they are left out of every later collection, and
what requests allocate is collected as before: a full collection then takes 4.6 ms, and a
page's p99 fell from 70 to 24 ms (400 pages in-process, bench/RESULTS.md, 2026-12-04).
Raising the collector's thresholds as well did not help: fewer collections, each longer.
"""

from __future__ import annotations

import gc


def freeze_startup_heap() -> None:
    """Collect what start-up left as garbage, then freeze everything still alive. Call it
    once per process, after the app has started and before it serves: whatever is frozen
    is never collected, so freezing again later would keep garbage cycles for ever."""
    gc.collect()
    gc.freeze()
