"""Tenantry as its operator runs it, in subprocesses: a command run to its end (`run_cli`)
and a `tenantry serve` that lasts as long as a `with` block (`serve`)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

import httpx

CLI = [sys.executable, "-m", "cli"]


def free_port() -> int:
    """A local port nothing listens on: bound to port 0, then released."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def run(
    command: Sequence[str], *, cwd: Path, env: dict[str, str], timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    """`command` to its end, its output captured as text; its exit code is the caller's to
    check."""
    return subprocess.run(
        list(command),
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def run_cli(
    args: Sequence[str], *, cwd: Path, env: dict[str, str], timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    """`tenantry <args>` (this interpreter's `python -m cli`) to its end."""
    return run([*CLI, *args], cwd=cwd, env=env, timeout=timeout)


@dataclass(frozen=True)
class Server:
    """A running `tenantry serve`: where it listens, and its process (the group leader)."""

    origin: str
    process: subprocess.Popen[bytes]

    @property
    def graphql(self) -> str:
        return f"{self.origin}/graphql"


@contextmanager
def serve(
    *args: str,
    cwd: Path,
    env: dict[str, str],
    log: Path | None = None,
    probe: str = "/livez",
    start_seconds: float = 60,
    stop_seconds: float = 30,
) -> Iterator[Server]:
    """`tenantry serve --port <free port> <args>` until the block ends; yields once `probe`
    answers 200. /livez by default: /readyz and /healthz wait on a broker a test may keep
    down on purpose. Its stdout and stderr go to `log` (shown if it fails to start), or
    nowhere. The server runs in its own process group, so that the processes
    `--workers` forks are killed with it; it is always stopped and waited for, so none
    outlives its test. After the block, `process.returncode` is its exit code."""
    port = free_port()
    with ExitStack() as files:
        output = files.enter_context(log.open("wb")) if log else subprocess.DEVNULL
        process = subprocess.Popen(
            [*CLI, "serve", "--port", str(port), *args],
            cwd=cwd,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        server = Server(f"http://127.0.0.1:{port}", process)
        try:
            _wait_until_up(server, probe, start_seconds, log)
            yield server
        finally:
            _stop(process, stop_seconds)


def _wait_until_up(server: Server, probe: str, seconds: float, log: Path | None) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            if httpx.get(f"{server.origin}{probe}", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        exit_code = server.process.poll()
        if exit_code is not None:
            output = log.read_text() if log else "(output discarded)"
            raise AssertionError(f"`tenantry serve` exited with {exit_code}:\n{output}")
        assert time.monotonic() < deadline, f"`tenantry serve` did not answer {probe}"
        time.sleep(0.2)


def _stop(process: subprocess.Popen[bytes], seconds: float) -> None:
    """SIGTERM to the leader, which shuts its worker processes down itself; what is still
    running after `seconds` (or after the leader exited) is killed with its whole group."""
    process.terminate()
    try:
        process.wait(timeout=seconds)
    finally:
        with suppress(ProcessLookupError):  # the group is gone: a clean stop
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=30)
