"""`tenantry serve --workers 2`: every scrape adds up the counts of both processes."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
from prometheus_client.parser import text_string_to_metric_families

ROOT = Path(__file__).resolve().parent.parent
QUERY = {"query": "query ProcessCount { viewer { role } }"}
REQUESTS = 24


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _counted(text: str) -> float:
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            if sample.name == "tenantry_graphql_requests_total" and sample.labels == {
                "operation": "ProcessCount",
                "outcome": "UNAUTHENTICATED",
            }:
                return sample.value
    return 0.0


def _serve(env: dict[str, str], cwd: Path, port: int) -> subprocess.Popen[bytes]:
    server = subprocess.Popen(
        [sys.executable, "-m", "cli", "serve", "--port", str(port), "--workers", "2"],
        cwd=cwd,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/livez", timeout=1).status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(0.2)
    return server


def _stop(server: subprocess.Popen[bytes]) -> str:
    os.killpg(server.pid, signal.SIGTERM)
    _, stderr = server.communicate(timeout=30)
    return stderr.decode()[-2000:]


def test_scrapes_add_up_every_worker_process(fresh_database_url: str, tmp_path: Path) -> None:
    port = _free_port()
    env = {**os.environ, "DATABASE_URL": fresh_database_url, "PYTHONPATH": str(ROOT)}
    env.pop("PROMETHEUS_MULTIPROC_DIR", None)
    server = _serve(env, tmp_path, port)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(REQUESTS):
            # A connection each: the kernel hands new connections to either process.
            httpx.post(f"{base}/graphql", json=QUERY, timeout=10)
        scrapes = [_counted(httpx.get(f"{base}/metrics", timeout=10).text) for _ in range(6)]
    finally:
        log = _stop(server)

    assert scrapes == [REQUESTS] * 6, log


def test_an_operators_folder_is_emptied_at_start_and_kept(
    fresh_database_url: str, tmp_path: Path
) -> None:
    folder = tmp_path / "metrics"
    folder.mkdir()
    (folder / "counter_99999.db").write_bytes(b"left by the last run, unreadable")
    port = _free_port()
    env = {
        **os.environ,
        "DATABASE_URL": fresh_database_url,
        "PYTHONPATH": str(ROOT),
        "PROMETHEUS_MULTIPROC_DIR": str(folder),
    }
    server = _serve(env, tmp_path, port)
    try:
        httpx.post(f"http://127.0.0.1:{port}/graphql", json=QUERY, timeout=10)
        scraped = httpx.get(f"http://127.0.0.1:{port}/metrics", timeout=10)
    finally:
        log = _stop(server)

    assert scraped.status_code == 200, log
    assert _counted(scraped.text) == 1
    assert not (folder / "counter_99999.db").exists()
    assert folder.is_dir()  # the operator's folder stays


def test_a_folder_every_user_may_write_to_is_refused(
    fresh_database_url: str, tmp_path: Path
) -> None:
    """Another user could plant a `counter_<pid>.db` link there and have it written through."""
    folder = tmp_path / "shared-metrics"
    folder.mkdir()
    folder.chmod(0o777)
    planted = folder / "counter_12345.db"
    planted.symlink_to(tmp_path / "victim")
    env = {
        **os.environ,
        "DATABASE_URL": fresh_database_url,
        "PYTHONPATH": str(ROOT),
        "PROMETHEUS_MULTIPROC_DIR": str(folder),
    }

    result = subprocess.run(
        [sys.executable, "-m", "cli", "serve", "--port", str(_free_port())],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )

    assert result.returncode == 2, result.stderr
    assert "refusing to start: PROMETHEUS_MULTIPROC_DIR" in result.stderr
    assert "writable by every user" in result.stderr
    assert "Traceback" not in result.stderr
    assert planted.is_symlink()  # nothing in the folder was touched
