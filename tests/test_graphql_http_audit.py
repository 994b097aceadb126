"""graphql-http's GraphQL-over-HTTP audit and a browser's preflight, against a real server.

The audit is the npm package in .ci/graphql-http (installed there by `.ci/run` with
`npm ci`). Without node or the package the audit is skipped, except in CI.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

AUDIT = Path(__file__).resolve().parent.parent / ".ci" / "graphql-http"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.fixture(scope="module")
def server_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`tenantry serve` on its own SQLite file (the audit needs no data)."""
    folder = tmp_path_factory.mktemp("audit-server")
    port = _free_port()
    env = {
        **{k: v for k, v in os.environ.items() if k not in ("BROKER_URL", "TENANTRY_ENV")},
        "DATABASE_URL": f"sqlite://{folder / 'audit.sqlite3'}",
        "CORS_ALLOWED_ORIGINS": "https://panel.example.com",
        "PYTHONPATH": str(AUDIT.parent.parent),
    }
    server = subprocess.Popen(
        [sys.executable, "-m", "cli", "serve", "--port", str(port)],
        cwd=folder,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1)
                break
            except httpx.HTTPError:
                time.sleep(0.2)
        yield f"http://127.0.0.1:{port}/graphql"
    finally:
        server.terminate()
        server.wait(timeout=30)


def _node_audit() -> list[str]:
    node = shutil.which("node")
    installed = (AUDIT / "node_modules" / "graphql-http" / "package.json").exists()
    if node is None or not installed:
        why = "node is missing" if node is None else "run `npm ci` in .ci/graphql-http"
        if os.environ.get("CI"):
            pytest.fail(f"the graphql-http audit cannot run in CI: {why}")
        pytest.skip(f"graphql-http audit: {why}")
    return [node, str(AUDIT / "audit.mjs")]


def test_every_graphql_over_http_audit_passes(server_url: str) -> None:
    command = _node_audit()

    run = subprocess.run(
        [*command, server_url], capture_output=True, text=True, timeout=300, check=False
    )

    assert run.returncode == 0, run.stderr
    results = [json.loads(line) for line in run.stdout.splitlines() if line.strip()]
    failed = [r for r in results if r["status"] != "ok"]
    print(f"graphql-http audit: {len(results) - len(failed)} of {len(results)} pass")
    for result in failed:
        print(f"  {result['status']}: {result['id']} {result['name']}: {result['reason']}")
    assert len(results) >= 61, run.stdout
    assert failed == []


def test_a_real_preflight_then_a_cross_origin_get(server_url: str) -> None:
    origin = "https://panel.example.com"

    allowed = httpx.options(
        server_url,
        headers={
            "origin": origin,
            "access-control-request-method": "GET",
            "access-control-request-headers": "authorization, apollographql-client-name",
        },
    )
    refused = httpx.options(
        server_url,
        headers={"origin": "https://evil.example", "access-control-request-method": "POST"},
    )
    query = httpx.get(
        server_url,
        params={"query": "{ __typename }"},
        headers={"origin": origin, "accept": "application/graphql-response+json"},
    )

    assert allowed.status_code == 200
    assert allowed.headers["access-control-allow-origin"] == origin
    assert refused.status_code == 403
    assert "access-control-allow-origin" not in refused.headers
    assert query.json() == {"data": {"__typename": "Query"}}
    assert query.headers["access-control-allow-origin"] == origin
    assert "Origin" in query.headers["vary"]
