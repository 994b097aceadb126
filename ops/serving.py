"""`tenantry serve --workers N`: N uvicorn processes, each listening on its own socket.

uvicorn's own multi-process mode binds one socket and shares it: every process waits in
accept() on it, and the one that happens to wake first takes the connection. With a few
keep-alive connections (a load balancer's, a bench's) they often all land on one process
while the others idle. Here each worker binds the address itself with SO_REUSEPORT, and the
kernel spreads new connections over the workers' sockets by a hash of the client address.

The supervisor (this process) starts the workers, restarts one that dies (waiting longer
after each crash in a row), stops them on SIGTERM or SIGINT (each finishes its requests;
what still runs after `STOP_SECONDS` is killed) and exits:
- 2 when the port is taken (or the address cannot be bound), checked before any worker
  starts;
- 3 when workers keep failing before they serve (`STARTUP_ATTEMPTS` in a row).

Where SO_REUSEPORT is missing (not Linux) `serve` uses uvicorn's mode instead
(`reuse_port_available`).
"""

from __future__ import annotations

import errno
import logging
import multiprocessing
import os
import signal
import socket
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import wait
from multiprocessing.context import SpawnProcess
from multiprocessing.synchronize import Event
from types import FrameType
from typing import Any

logger = logging.getLogger("tenantry.serving")

PORT_TAKEN = 2
STARTUP_FAILED = 3
# A worker that exits before it serves, this many times in a row: the next would too.
STARTUP_ATTEMPTS = 3
# The wait before restarting a worker: doubles after each crash in a row, up to the max.
FIRST_BACKOFF_SECONDS = 0.5
MAX_BACKOFF_SECONDS = 30.0
# A worker that served this long before it died starts its next life with the first wait.
STABLE_SECONDS = 60.0
# SIGTERM to the workers, then this long for their requests to finish, then SIGKILL.
STOP_SECONDS = 30.0
# The workers' own limit for in-flight requests at shutdown, inside the one above.
GRACEFUL_SECONDS = 20.0

# spawn, as uvicorn's own workers: a fresh interpreter owes nothing to the supervisor's state
# (the event loop and threads of the start-up checks, the database connections closed then).
_spawn = multiprocessing.get_context("spawn")


class CannotListen(Exception):
    """The address cannot be listened on: taken, not this machine's, or not allowed."""


def reuse_port_available() -> bool:
    """SO_REUSEPORT with the kernel's balancing of new connections: Linux (3.9 and later)."""
    if not sys.platform.startswith("linux") or not hasattr(socket, "SO_REUSEPORT"):
        return False
    try:
        with socket.socket() as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    except OSError:
        return False
    return True


def _address(host: str, port: int) -> tuple[socket.AddressFamily, tuple[Any, ...]]:
    family, _, _, _, address = socket.getaddrinfo(
        host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
    )[0]
    return family, address


def check_port_free(host: str, port: int) -> None:
    """Raise CannotListen if host:port cannot be bound, or anything listens on it already,
    SO_REUSEPORT or not.

    The probe does not set SO_REUSEPORT, so its bind fails even against another
    `tenantry serve` (whose sockets do): two servers never share a port unknowingly."""
    try:
        family, address = _address(host, port)
        with socket.socket(family, socket.SOCK_STREAM) as probe:
            # As uvicorn binds: connections of an earlier run in TIME_WAIT do not count.
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind(address)
    except OSError as error:  # socket.gaierror (an unknown host name) included
        if error.errno == errno.EADDRINUSE:
            raise CannotListen(f"{host}:{port} is already in use") from None
        raise CannotListen(f"cannot listen on {host}:{port}: {error.strerror or error}") from None


def bind_reuse_port(host: str, port: int) -> socket.socket:
    """This worker's own socket, bound beside the other workers' on the same port.

    Not listening yet: uvicorn's start-up listens once the app has started, and the kernel
    hands connections only to listening sockets, so a worker still starting (or restarting)
    gets none of them."""
    family, address = _address(host, port)
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
        sock.bind(address)
    except BaseException:
        sock.close()
        raise
    return sock


# What a worker runs: (slot number, host, port, the event to set once it serves, options).
WorkerTarget = Callable[[int, str, int, Event, dict[str, Any]], None]


@dataclass
class _Slot:
    """One of the N workers, across its restarts."""

    number: int
    process: SpawnProcess | None = None
    ready: Event | None = None
    started_at: float = 0.0
    crashes: int = 0  # in a row, for the backoff
    startup_failures: int = 0  # in a row, before serving
    restart_at: float | None = None
    announced: bool = False  # its "serving" line is logged


class Supervisor:
    """Starts `workers` processes running `target`, keeps them running, stops them."""

    def __init__(
        self,
        *,
        workers: int,
        host: str,
        port: int,
        target: WorkerTarget,
        options: dict[str, Any],
        on_worker_exit: Callable[[int], None] = lambda pid: None,
    ) -> None:
        self.host = host
        self.port = port
        self.target = target
        self.options = options
        self.on_worker_exit = on_worker_exit
        self.slots = [_Slot(number) for number in range(workers)]
        self.stopping: int | None = None  # the signal that asked us to stop

    def run(self) -> int:
        """Serve until a signal; the exit code (0, or STARTUP_FAILED)."""
        previous = {
            sig: signal.signal(sig, self._ask_to_stop) for sig in (signal.SIGTERM, signal.SIGINT)
        }
        try:
            for slot in self.slots:
                self._start(slot)
            code = self._watch()
        finally:
            self._stop_all()
            for sig, handler in previous.items():
                signal.signal(sig, handler)
        return code

    def _ask_to_stop(self, sig: int, frame: FrameType | None) -> None:
        self.stopping = sig

    def _start(self, slot: _Slot) -> None:
        slot.ready = _spawn.Event()
        slot.process = _spawn.Process(
            target=self.target,
            args=(slot.number, self.host, self.port, slot.ready, self.options),
            name=f"tenantry-worker-{slot.number}",
        )
        slot.process.start()
        slot.started_at = time.monotonic()
        slot.restart_at = None
        slot.announced = False
        assert slot.process.pid is not None
        logger.info("worker %d started (pid %d)", slot.number, slot.process.pid)

    def _watch(self) -> int:
        while self.stopping is None:
            alive = [s.process.sentinel for s in self.slots if s.process is not None]
            # A short timeout: signals and due restarts are noticed within it.
            wait(alive, timeout=0.2)
            now = time.monotonic()
            for slot in self.slots:
                if slot.process is not None and slot.process.exitcode is not None:
                    if self.stopping is not None:
                        break
                    if self._exited(slot, now) == STARTUP_FAILED:
                        return STARTUP_FAILED
                elif slot.restart_at is not None and now >= slot.restart_at:
                    self._start(slot)
                elif slot.ready is not None and slot.ready.is_set() and not slot.announced:
                    slot.announced = True
                    assert slot.process is not None
                    logger.info("worker %d (pid %s) serving", slot.number, slot.process.pid)
        logger.info("signal %s: stopping the workers", signal.Signals(self.stopping).name)
        return 0

    def _exited(self, slot: _Slot, now: float) -> int:
        """A worker that died on its own: when to restart it, or give up (STARTUP_FAILED)."""
        assert slot.process is not None
        assert slot.ready is not None
        pid, code = slot.process.pid, slot.process.exitcode
        served = slot.ready.is_set()
        slot.process.close()
        slot.process = None
        assert pid is not None
        self.on_worker_exit(pid)
        if served:
            slot.startup_failures = 0
            slot.crashes = 1 if now - slot.started_at >= STABLE_SECONDS else slot.crashes + 1
        else:
            slot.startup_failures += 1
            slot.crashes += 1
            if slot.startup_failures >= STARTUP_ATTEMPTS:
                logger.error(
                    "worker %d exited with %s before serving, %d times in a row: giving up",
                    slot.number,
                    code,
                    slot.startup_failures,
                )
                return STARTUP_FAILED
        delay = min(FIRST_BACKOFF_SECONDS * 2 ** (slot.crashes - 1), MAX_BACKOFF_SECONDS)
        logger.warning(
            "worker %d (pid %d) exited with %s %s; restarting it in %.1f s",
            slot.number,
            pid,
            code,
            "while serving" if served else "before serving",
            delay,
        )
        slot.restart_at = now + delay
        return 0

    def _stop_all(self) -> None:
        """SIGTERM to every worker, STOP_SECONDS for them to finish, SIGKILL to the rest."""
        running = [s.process for s in self.slots if s.process is not None]
        for process in running:
            if process.exitcode is None and process.pid is not None:
                # SIGTERM whatever we got: a second SIGINT (a terminal's Ctrl-C reaches
                # the workers too) would make uvicorn drop its requests.
                os.kill(process.pid, signal.SIGTERM)
        deadline = time.monotonic() + STOP_SECONDS
        for process in running:
            process.join(max(0.0, deadline - time.monotonic()))
            if process.exitcode is None:
                logger.warning("worker pid %s still running: killing it", process.pid)
                process.kill()
                process.join()
            assert process.pid is not None
            self.on_worker_exit(process.pid)
            process.close()
        for slot in self.slots:
            slot.process = None


def serve_with_reuse_port(
    *,
    workers: int,
    host: str,
    port: int,
    target: WorkerTarget,
    options: dict[str, Any],
    on_worker_exit: Callable[[int], None] = lambda pid: None,
) -> int:
    """The supervisor's exit code: 0 after a signal, PORT_TAKEN or STARTUP_FAILED."""
    if port == 0:
        # Each worker binds for itself: each would be given a port of its own.
        print(
            "refusing to start: --port 0 with --workers above 1 would give each worker a "
            "different port; name a port",
            file=sys.stderr,
        )
        return PORT_TAKEN
    try:
        check_port_free(host, port)
    except CannotListen as error:
        print(f"refusing to start: {error}", file=sys.stderr)
        return PORT_TAKEN
    supervisor = Supervisor(
        workers=workers,
        host=host,
        port=port,
        target=target,
        options=options,
        on_worker_exit=on_worker_exit,
    )
    code = supervisor.run()
    if code == STARTUP_FAILED:
        print(
            f"refusing to go on: the workers keep failing before they serve "
            f"({STARTUP_ATTEMPTS} times in a row); see the log above",
            file=sys.stderr,
        )
    return code
