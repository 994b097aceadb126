"""A real `tenantry serve` in a subprocess, and the node tools of .ci/ that drive it from
outside, for the tests that check the server as other programs see it (the graphql-http
audit, GraphiQL in a browser, the client libraries), and the browser they use."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).resolve().parent.parent
CLI = [sys.executable, "-m", "cli"]
START_SECONDS = 60
CHROMIUM = Path("/usr/bin/chromium")
# No first-run work, no background fetches (updates, sync, safe browsing lists): the only
# requests left are the page's own.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def server_env(database_url: str, **settings: str) -> dict[str, str]:
    """The environment of a `tenantry` command on `database_url`: development, the embedded
    broker (whatever this shell points BROKER_URL at), quick password hashing, and `settings`."""
    env = {k: v for k, v in os.environ.items() if k != "BROKER_URL"}
    return {
        **env,
        "DATABASE_URL": database_url,
        "TENANTRY_ENV": "development",
        "BCRYPT_ROUNDS": "4",
        "PYTHONPATH": str(ROOT),
        **settings,
    }


def bootstrap(env: dict[str, str], cwd: Path, email: str, password: str) -> None:
    """`tenantry bootstrap`: the Master organization and its administrator `email`."""
    boot = subprocess.run(
        [*CLI, "bootstrap", "--email", email, "--password", password],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert boot.returncode == 0, boot.stderr


@contextmanager
def serving(env: dict[str, str], cwd: Path) -> Iterator[str]:
    """`tenantry serve` on a free port until the block ends; yields its origin once /healthz
    answers. Its output goes to `server.log` in `cwd`, shown when it fails to start."""
    port = free_port()
    log_path = cwd / "server.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [*CLI, "serve", "--port", str(port)],
            cwd=cwd,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        origin = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + START_SECONDS
            while True:
                try:
                    if httpx.get(f"{origin}/healthz", timeout=1).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                assert process.poll() is None, log_path.read_text()
                assert time.monotonic() < deadline, "the server did not start"
                time.sleep(0.2)
            yield origin
        finally:
            process.terminate()
            process.wait(timeout=30)


def node_script(folder: Path, package: str, script: str) -> list[str]:
    """The command running `script` of `folder`, whose npm dependencies (`.ci/run` installs
    them with `npm ci`) include `package`. Without node or them: a skip, but a failure in CI."""
    node = shutil.which("node")
    installed = (folder / "node_modules" / package / "package.json").exists()
    if node is None or not installed:
        name = folder.relative_to(ROOT)
        why = "node is missing" if node is None else f"run `npm ci --prefix {name}`"
        if os.environ.get("CI"):
            pytest.fail(f"{name}/{script} cannot run in CI: {why}")
        pytest.skip(f"{name}/{script}: {why}")
    return [node, str(folder / script)]


def chromium() -> Path:
    """Debian's Chromium (`.ci/run` installs it); without it a skip, but a failure in CI."""
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing: CI must install Debian's chromium")
        pytest.skip(f"{CHROMIUM} is missing (apt-get install chromium)")
    return CHROMIUM
