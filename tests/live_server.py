"""What the tests that check a real `tenantry serve` as other programs see it (the
graphql-http audit, GraphiQL in a browser, the client libraries) share: the server's
environment and first administrator, the node tools of .ci/ that drive it from outside,
and the browser they use. The server itself is `tests.processes.serve`."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests.processes import run_cli

ROOT = Path(__file__).resolve().parent.parent
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
    boot = run_cli(["bootstrap", "--email", email, "--password", password], cwd=cwd, env=env)
    assert boot.returncode == 0, boot.stderr


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
