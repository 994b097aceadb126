"""The embedded mode (no BROKER_URL): `tenantry serve` alone runs everything.

An in-process worker, whose threads hand each actor's coroutine to the app's own event
loop, and the scheduler's loop as a task on that same loop (EMBEDDED_SCHEDULER=false
leaves it out). With a real broker both are no-ops: `tenantry worker` and `tenantry
scheduler` do that work.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress

import dramatiq

from settings import Settings
from workers import loop
from workers.broker import broker, embedded

logger = logging.getLogger("tenantry.scheduler")

WORKER_THREADS = 2
# At shutdown a tick under way gets this long to finish before it is cancelled.
SCHEDULER_STOP_GRACE_SECONDS = 10


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


def runs_embedded_scheduler(settings: Settings) -> bool:
    """Whether the app runs the scheduler itself: embedded mode, and not turned off."""
    return embedded(broker) and settings.embedded_scheduler


@asynccontextmanager
async def embedded_scheduler(settings: Settings) -> AsyncIterator[asyncio.Task[None] | None]:
    """Run the scheduler's loop on this event loop for the duration of the block.

    Yields its task (None when it does not run here: a real broker, or
    EMBEDDED_SCHEDULER=false). On exit the loop is told to stop; a tick under way finishes
    (or is cancelled after SCHEDULER_STOP_GRACE_SECONDS), so no task is left behind.
    """
    if not runs_embedded_scheduler(settings):
        yield None
        return
    from workers.scheduler import run_forever

    stop = asyncio.Event()
    task = asyncio.create_task(run_forever(settings, stop), name="tenantry-scheduler")
    try:
        yield task
    finally:
        stop.set()
        done, _ = await asyncio.wait({task}, timeout=SCHEDULER_STOP_GRACE_SECONDS)
        if not done:
            logger.warning("a scheduler tick outlived the shutdown grace period: cancelled")
            task.cancel()
            with suppress(asyncio.CancelledError):
                await task
        elif not task.cancelled() and (error := task.exception()) is not None:
            logger.error("the embedded scheduler stopped on an error", exc_info=error)
