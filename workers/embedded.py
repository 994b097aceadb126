"""The in-process worker of the embedded mode (no BROKER_URL): `tenantry serve` alone
runs everything. Its threads hand each actor's coroutine to the app's own event loop."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import dramatiq

from workers import loop
from workers.broker import broker, embedded

WORKER_THREADS = 2


@asynccontextmanager
async def embedded_worker() -> AsyncIterator[None]:
    """Run the embedded worker for the duration of the block (no-op with a real broker)."""
    if not embedded(broker):
        yield
        return
    from workers.actors import resend_unfinished  # declares the actors on the broker

    loop.use_loop(asyncio.get_running_loop())
    worker = dramatiq.Worker(broker, worker_threads=WORKER_THREADS, worker_timeout=100)
    worker.start()
    await resend_unfinished()  # an in-memory queue does not survive a restart
    try:
        yield
    finally:
        # Stopping joins the threads, which may be waiting on this very loop: not here.
        await asyncio.to_thread(worker.stop)
        loop.use_loop(None)
