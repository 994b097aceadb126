"""The one event loop that owns the database connections, and how actors reach it.

Tortoise connections belong to the loop that opened them. Actors therefore are plain
functions that hand their coroutine to that loop and wait on their own worker thread:
in the embedded mode the loop is the app's, in a `tenantry worker` process it is a loop
thread started at worker boot (`DatabaseLoop` middleware).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextvars
import threading
from collections.abc import Coroutine
from typing import Any, TypeVar

from dramatiq.middleware import Middleware
from tortoise import Tortoise

from database import tortoise_config
from ops import request_id
from ops.logs import configure as configure_logging
from settings import Settings

T = TypeVar("T")
_loop: asyncio.AbstractEventLoop | None = None
# Tortoise finds its connections through a context variable: coroutines handed over from
# worker threads start in a copy of the context that declared the loop.
_context: contextvars.Context | None = None
_POLL_SECONDS = 0.2
_ready = threading.Event()
_READY_TIMEOUT_SECONDS = 60


def use_loop(loop: asyncio.AbstractEventLoop | None) -> None:
    """Declare the loop that owns the database connections (None to forget it); call it
    from a task on that loop whose context knows the connections."""
    global _loop, _context
    _loop = loop
    _context = contextvars.copy_context() if loop is not None else None
    if loop is None:
        _ready.clear()
    else:
        _ready.set()


def _submit(
    loop: asyncio.AbstractEventLoop, coroutine: Coroutine[Any, Any, T]
) -> tuple[concurrent.futures.Future[T], list[asyncio.Task[T]]]:
    """Start `coroutine` as a task on `loop` inside the declared context."""
    future: concurrent.futures.Future[T] = concurrent.futures.Future()
    started: list[asyncio.Task[T]] = []

    def settle(task: asyncio.Task[T]) -> None:
        if task.cancelled():
            future.cancel()
        elif (error := task.exception()) is not None:
            future.set_exception(error)
        else:
            future.set_result(task.result())

    def start() -> None:
        task = loop.create_task(coroutine)
        task.add_done_callback(settle)
        started.append(task)

    context = _context.copy() if _context is not None else contextvars.copy_context()
    request_id.carry_into(context)  # the job's log lines name the request that sent it
    loop.call_soon_threadsafe(start, context=context)
    return future, started


def run(coroutine: Coroutine[Any, Any, T]) -> T:
    """Run `coroutine` on the database loop from a worker thread and return its result.

    Waits in short polls, so dramatiq's time limit (an exception raised in this thread)
    is delivered promptly; the coroutine is then cancelled on its loop.
    """
    # A message may arrive while the worker is still booting: wait for the loop a while.
    _ready.wait(timeout=_READY_TIMEOUT_SECONDS)
    loop = _loop
    if loop is None:
        coroutine.close()
        raise RuntimeError("no database loop: start the app or a tenantry worker")
    future, started = _submit(loop, coroutine)
    try:
        while True:
            try:
                return future.result(timeout=_POLL_SECONDS)
            except concurrent.futures.TimeoutError:
                continue
    except BaseException:
        for task in started:
            loop.call_soon_threadsafe(task.cancel)
        raise


class DatabaseLoop(Middleware):
    """In a worker process: a loop thread with Tortoise initialised on it, for the actors."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.loop: asyncio.AbstractEventLoop | None = None
        self.thread: threading.Thread | None = None

    def before_worker_boot(self, broker: Any, worker: Any) -> None:
        configure_logging(self.settings)  # dramatiq set up its own format in this process
        # Before the worker threads start, so no message ever finds the loop missing.
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(
            target=self.loop.run_forever, name="database-loop", daemon=True
        )
        self.thread.start()
        config = tortoise_config(self.settings.database_url)
        # Global fallback: every task on this loop, whatever its context, finds them.
        init = Tortoise.init(config=config, _enable_global_fallback=True)
        asyncio.run_coroutine_threadsafe(init, self.loop).result()
        use_loop(self.loop)

    def before_worker_shutdown(self, broker: Any, worker: Any) -> None:
        if self.loop is None:
            return
        asyncio.run_coroutine_threadsafe(Tortoise.close_connections(), self.loop).result(timeout=10)
        self.loop.call_soon_threadsafe(self.loop.stop)
        use_loop(None)
