"""The in-process worker of the embedded mode (no BROKER_URL): `tenantry serve` alone
runs everything. Its threads hand each actor's coroutine to the app's own event loop."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import dramatiq

from domain import purge
from workers import loop
from workers.broker import broker, embedded

WORKER_THREADS = 2


async def resend_unfinished() -> int:
    """Send every QUEUED or RUNNING job again: the truth is the job row, and an in-process
    queue does not survive a restart. Running a job twice is harmless (see domain.purge)."""
    from workers.actors import send_purge

    jobs = await purge.unfinished_jobs()
    for job in jobs:
        send_purge(job)
    return len(jobs)


@asynccontextmanager
async def embedded_worker() -> AsyncIterator[None]:
    """Run the embedded worker for the duration of the block (no-op with a real broker)."""
    if not embedded(broker):
        yield
        return
    import workers.actors  # noqa: F401  (declares the actors on the broker)

    loop.use_loop(asyncio.get_running_loop())
    worker = dramatiq.Worker(broker, worker_threads=WORKER_THREADS, worker_timeout=100)
    worker.start()
    await resend_unfinished()
    try:
        yield
    finally:
        # Stopping joins the threads, which may be waiting on this very loop: not here.
        await asyncio.to_thread(worker.stop)
        loop.use_loop(None)
