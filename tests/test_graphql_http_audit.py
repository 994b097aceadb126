"""graphql-http's GraphQL-over-HTTP audit and a browser's preflight, against a real server.

The audit is the npm package in .ci/graphql-http (installed there by `.ci/run` with
`npm ci`). Without node or the package the audit is skipped, except in CI.
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator

import httpx
import pytest

from tests.live_server import ROOT, node_script, server_env
from tests.processes import serve

AUDIT = ROOT / ".ci" / "graphql-http"


@pytest.fixture(scope="module")
def server_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`tenantry serve` on its own SQLite file (the audit needs no data)."""
    folder = tmp_path_factory.mktemp("audit-server")
    env = server_env(
        f"sqlite://{folder / 'audit.sqlite3'}", CORS_ALLOWED_ORIGINS="https://panel.example.com"
    )
    with serve(cwd=folder, env=env, log=folder / "server.log", probe="/healthz") as live:
        yield live.graphql


def test_every_graphql_over_http_audit_passes(server_url: str) -> None:
    command = node_script(AUDIT, "graphql-http", "audit.mjs")

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
