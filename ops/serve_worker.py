"""One worker process of `tenantry serve --workers N` (see ops/serving.py): its own
SO_REUSEPORT socket, and uvicorn serving the app on it."""

from __future__ import annotations

import ctypes
import logging
import multiprocessing
import os
import signal
import socket
import sys
from multiprocessing.synchronize import Event
from typing import Any

import uvicorn

from ops.serving import bind_reuse_port

logger = logging.getLogger("tenantry.serving")

PR_SET_PDEATHSIG = 1  # prctl(2), linux/prctl.h
# A worker that cannot bind exits with this (the supervisor counts any exit before the
# worker serves as a start-up failure: it restarts it, then gives up).
BIND_FAILED = 4


class _SignallingServer(uvicorn.Server):
    """uvicorn's server, which tells the supervisor once it serves."""

    def __init__(self, config: uvicorn.Config, ready: Event) -> None:
        super().__init__(config)
        self.ready = ready

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        await super().startup(sockets)
        if self.started:
            self.ready.set()


def _end_with_the_supervisor() -> None:
    """Ask Linux for SIGTERM when the supervisor dies (killed outright, it stops none of us):
    a worker left behind would keep serving, and keep the port from the next `serve`."""
    supervisor = multiprocessing.parent_process()
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    if supervisor is None or os.getppid() != supervisor.pid:
        sys.exit(0)  # it died before the request: nobody would have signalled us


def run_uvicorn_worker(
    number: int, host: str, port: int, ready: Event, options: dict[str, Any]
) -> None:
    """The process's whole life: `options` are uvicorn.Config's keywords (the app, logging)."""
    _end_with_the_supervisor()
    # Config configures logging in this fresh process before anything logs.
    config = uvicorn.Config(**options, host=host, port=port)
    try:
        sock = bind_reuse_port(host, port)
    except OSError as error:
        logger.error("worker %d cannot listen on %s:%d: %s", number, host, port, error)
        sys.exit(BIND_FAILED)
    logger.info(
        "worker %d bound to %s:%d (SO_REUSEPORT), listening once the app has started",
        number,
        host,
        port,
    )
    with sock:
        _SignallingServer(config, ready).run(sockets=[sock])
