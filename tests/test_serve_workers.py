"""`tenantry serve --workers 2`: keep-alive connections spread over both worker processes,
which the supervisor (ops/serving.py) restarts when one dies and stops on SIGTERM.

Which process answered a connection is read from the kernel, not from the app: the
server's end of the connection is a socket one worker process holds (bench/connections.py)."""

from __future__ import annotations

import http.client
import json
import logging
import os
import signal
import socket
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from multiprocessing.synchronize import Event
from pathlib import Path
from typing import Any

import pytest

from bench import connections as socket_owners
from ops import serving
from tests.processes import Server, free_port, run_cli, serve

ROOT = Path(__file__).resolve().parent.parent
CONNECTIONS = 16
ROUNDS = 3

pytestmark = pytest.mark.skipif(
    not serving.reuse_port_available(), reason="SO_REUSEPORT balancing is Linux's"
)


def _env(database_url: str) -> dict[str, str]:
    env = {**os.environ, "DATABASE_URL": database_url, "PYTHONPATH": str(ROOT)}
    env.pop("PROMETHEUS_MULTIPROC_DIR", None)
    return env


@contextmanager
def _keep_alive_connections(server: Server, count: int) -> Iterator[list[int]]:
    """`count` connections opened together, each answered once and kept open: yields the
    pid of the process that answered each."""
    port = int(server.origin.rsplit(":", 1)[1])
    connections = [http.client.HTTPConnection("127.0.0.1", port, timeout=10) for _ in range(count)]
    try:
        for connection in connections:
            connection.connect()
        for connection in connections:
            connection.request("GET", "/livez")
            response = connection.getresponse()
            response.read()
            assert response.status == 200
            assert response.getheader("connection", "keep-alive") != "close"
        holders = socket_owners.owners(port, server.process.pid)
        pids = [holders[connection.sock.getsockname()[1]] for connection in connections]
        yield pids
    finally:
        for connection in connections:
            connection.close()


@contextmanager
def _serve_two(database_url: str, tmp_path: Path, **settings: str) -> Iterator[Server]:
    """`tenantry serve --workers 2` once both workers' apps have started (a worker listens
    only then: connections made sooner all go to the first)."""
    log = tmp_path / "serve.log"
    env = {**_env(database_url), **settings}
    with serve("--workers", "2", cwd=tmp_path, env=env, log=log) as server:
        _wait(lambda: _started_apps(log) >= 2, 90, "both workers' apps started")
        time.sleep(0.5)  # uvicorn listens right after it logs the line
        yield server


def _started_apps(log: Path) -> int:
    """uvicorn's line, whichever way its processes run (so that the test can be run against
    uvicorn's own `--workers` too)."""
    return log.read_text().count("Application startup complete.")


def _wait(condition: Callable[[], bool], seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"not within {seconds} s: {what}"
        time.sleep(0.2)


def test_keep_alive_connections_spread_over_both_workers(
    fresh_database_url: str, tmp_path: Path
) -> None:
    """Three rounds of 16 connections. uvicorn's shared socket put 15 or 16 of them on one
    worker in some rounds. With the kernel's hash, a round all on one worker has odds of 1 in
    30,000, and less than a quarter of the 48 on either worker 1 in 3,000."""
    rounds = []
    with _serve_two(fresh_database_url, tmp_path) as server:
        for _ in range(ROUNDS):
            with _keep_alive_connections(server, CONNECTIONS) as pids:
                rounds.append(Counter(pids))

    # Connections per worker pid, round by round.
    assert all(len(per_worker) == 2 for per_worker in rounds), rounds
    assert min(sum(rounds, Counter()).values()) >= CONNECTIONS * ROUNDS // 4, rounds


def test_a_killed_worker_is_restarted_and_serves(fresh_database_url: str, tmp_path: Path) -> None:
    log = tmp_path / "serve.log"
    with _serve_two(fresh_database_url, tmp_path) as server:
        with _keep_alive_connections(server, CONNECTIONS) as pids:
            before = set(pids)
        victim = min(before)
        os.kill(victim, signal.SIGKILL)
        noticed = f"(pid {victim}) exited with -9 while serving; restarting it"
        _wait(lambda: noticed in log.read_text(), 30, "the supervisor noticing")
        # The survivor answers meanwhile: the dead worker's socket is closed with it.
        with _keep_alive_connections(server, 4) as pids:
            assert victim not in pids

        def restarted() -> bool:
            with _keep_alive_connections(server, CONNECTIONS) as pids:
                return len(set(pids) - before) == 1 and len(set(pids)) == 2

        _wait(restarted, 90, "a new worker answering beside the survivor")
        assert server.process.poll() is None

    assert "Traceback" not in log.read_text()


@pytest.mark.parametrize("stop_signal", [signal.SIGTERM, signal.SIGINT])
def test_sigterm_or_sigint_stops_every_worker_gracefully(
    stop_signal: signal.Signals, fresh_database_url: str, tmp_path: Path
) -> None:
    """And with LOG_FORMAT=json, every log line of the supervisor and the workers is JSON."""
    log = tmp_path / "serve.log"
    # Idle keep-alive connections open meanwhile: uvicorn closes them as it stops.
    with (
        _serve_two(fresh_database_url, tmp_path, LOG_FORMAT="json") as server,
        _keep_alive_connections(server, CONNECTIONS) as pids,
    ):
        workers = set(pids)
        server.process.send_signal(stop_signal)
        code = server.process.wait(timeout=60)

    lines = log.read_text().splitlines()
    assert code == 0, lines[-30:]
    # The one line that is not a log record: the CLI's own, on stdout.
    assert [line for line in lines if not line.startswith("{")] == [f"GraphiQL: {server.graphql}"]
    entries = [json.loads(line) for line in lines if line.startswith("{")]
    messages = {(entry["logger"], entry["message"]) for entry in entries}
    for pid in workers:
        assert not Path(f"/proc/{pid}").exists()
        # uvicorn's last line after it closed its connections and ran the app's shutdown.
        assert ("uvicorn.error", f"Finished server process [{pid}]") in messages, lines[-30:]
    assert ("tenantry.serving", f"signal {stop_signal.name}: stopping the workers") in messages
    assert not [entry for entry in entries if entry["level"] in ("WARNING", "ERROR")]


def _ended(pid: int) -> bool:
    """Gone, or a zombie nobody reaped yet (its sockets are closed all the same)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z"
    except OSError:
        return True


def test_workers_end_when_the_supervisor_is_killed(fresh_database_url: str, tmp_path: Path) -> None:
    """Killed outright, the supervisor stops nobody: Linux signals its workers instead, so
    none keeps serving (and holding the port) after it."""
    with _serve_two(fresh_database_url, tmp_path) as server:
        with _keep_alive_connections(server, CONNECTIONS) as pids:
            workers = set(pids)
        server.process.kill()
        _wait(lambda: all(_ended(pid) for pid in workers), 60, "the workers ending")


def test_a_taken_port_exits_with_2_before_any_worker_starts(
    fresh_database_url: str, tmp_path: Path
) -> None:
    port = free_port()
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", port))
        taken.listen()
        result = run_cli(
            ["serve", "--workers", "2", "--port", str(port)],
            cwd=tmp_path,
            env=_env(fresh_database_url),
            timeout=60,
        )

    assert result.returncode == 2, result.stderr
    assert f"refusing to start: 127.0.0.1:{port} is already in use" in result.stderr
    assert "worker 0 started" not in result.stderr
    assert "Traceback" not in result.stderr


def test_an_address_not_of_this_machine_exits_with_2(
    fresh_database_url: str, tmp_path: Path
) -> None:
    result = run_cli(
        ["serve", "--workers", "2", "--host", "203.0.113.9", "--port", str(free_port())],
        cwd=tmp_path,
        env=_env(fresh_database_url),
        timeout=60,
    )

    assert result.returncode == 2, result.stderr
    assert "refusing to start: cannot listen on 203.0.113.9:" in result.stderr
    assert "Traceback" not in result.stderr


def test_port_0_with_workers_exits_with_2(fresh_database_url: str, tmp_path: Path) -> None:
    """Each worker binds by itself: with port 0 each would get a port of its own."""
    result = run_cli(
        ["serve", "--workers", "2", "--port", "0"],
        cwd=tmp_path,
        env=_env(fresh_database_url),
        timeout=60,
    )

    assert result.returncode == 2, result.stderr
    assert "refusing to start: --port 0 with --workers above 1" in result.stderr


@pytest.mark.parametrize("port", ["65536", "-1", "http"])
def test_port_must_be_a_port_number(port: str, tmp_path: Path) -> None:
    result = run_cli(["serve", "--port", port], cwd=tmp_path, env=_env("sqlite://:memory:"))

    assert result.returncode == 2
    assert "argument --port: must be" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("workers", ["0", "-1", "two"])
def test_workers_must_be_a_whole_number_from_1(workers: str, tmp_path: Path) -> None:
    result = run_cli(
        ["serve", "--workers", workers], cwd=tmp_path, env=_env("sqlite://:memory:"), timeout=60
    )

    assert result.returncode == 2
    assert "argument --workers: must be" in result.stderr
    assert "Traceback" not in result.stderr


def exit_at_once(number: int, host: str, port: int, ready: Event, options: dict[str, Any]) -> None:
    """A worker that fails before serving, as one whose app cannot start."""
    sys.exit(1)


def test_workers_failing_at_startup_again_and_again_exit_with_3(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(serving, "FIRST_BACKOFF_SECONDS", 0.05)
    code = serving.serve_with_reuse_port(
        workers=2, host="127.0.0.1", port=free_port(), target=exit_at_once, options={}
    )

    assert code == serving.STARTUP_FAILED
    assert "before serving, 3 times in a row: giving up" in caplog.text


def serve_deaf_to_sigterm(
    number: int, host: str, port: int, ready: Event, options: dict[str, Any]
) -> None:
    """A worker that never stops by itself, as one stuck in a request."""
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    ready.set()
    while True:
        time.sleep(1)


def test_a_worker_that_does_not_stop_is_killed_after_the_timeout(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(serving, "STOP_SECONDS", 1.0)
    ended: list[int] = []
    supervisor = serving.Supervisor(
        workers=1,
        host="127.0.0.1",
        port=free_port(),
        target=serve_deaf_to_sigterm,
        options={},
        on_worker_exit=ended.append,
    )
    caplog.set_level(logging.INFO, logger="tenantry.serving")

    def stop_once_it_serves() -> None:
        """The signal an orchestrator sends; run() handles it."""
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            ready = supervisor.slots[0].ready
            if ready is not None and ready.wait(0.2):
                os.kill(os.getpid(), signal.SIGTERM)
                return
            time.sleep(0.1)

    stopper = threading.Thread(target=stop_once_it_serves, daemon=True)
    stopper.start()
    started = time.monotonic()
    code = supervisor.run()
    stopper.join()

    assert code == 0
    assert time.monotonic() - started < 30
    assert "worker 0 (pid" in caplog.text
    assert ") serving" in caplog.text
    assert f"worker pid {ended[0]} still running: killing it" in caplog.text
    assert not Path(f"/proc/{ended[0]}").exists()
