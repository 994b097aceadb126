"""The client libraries a React frontend uses, against a real server from another origin.

.ci/clients/check.mjs drives Apollo Client (automatic persisted queries over GET), urql
(its defaults) and graphql-ws, with every HTTP request passing CORS as a browser page on
http://localhost:5173 would (docs/http.md, "Tested clients"). `.ci/run` installs them with
`npm ci`; without node or them the tests skip, except in CI.
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.live_server import ROOT, bootstrap, node_script, server_env, serving

CLIENTS = ROOT / ".ci" / "clients"
EMAIL = "admin@example.com"
PASSWORD = "client libraries password"
LOGIN = "mutation ($e: String!, $p: String!) { login(input: {email: $e, password: $p}) { token } }"
LIFECYCLE = """
query ($name: String!) {
  organizations(first: 1, filter: {search: $name}) { edges { node { status } } }
  auditEvents(first: 100) { edges { node { action targetName } } }
}
"""
WS_CHECK = "graphql-ws: organizationEvents hears a suspend and a reactivate"

Check = Callable[[str], dict[str, Any]]


@pytest.fixture
def check() -> Check:
    """Runs check.mjs against a GraphQL URL as the administrator; its JSON summary, with
    the exit code under `exit`."""
    command = node_script(CLIENTS, "@apollo/client", "check.mjs")

    def run(url: str) -> dict[str, Any]:
        done = subprocess.run(
            [*command, url, EMAIL, PASSWORD],
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        assert done.stdout.strip(), done.stderr
        summary: dict[str, Any] = json.loads(done.stdout)
        print(json.dumps(summary, indent=2))
        return {**summary, "exit": done.returncode}

    return run


def _as_admin(url: str, query: str, variables: dict[str, Any]) -> dict[str, Any]:
    login = httpx.post(url, json={"query": LOGIN, "variables": {"e": EMAIL, "p": PASSWORD}})
    headers = {"authorization": f"Bearer {login.json()['data']['login']['token']}"}
    answer = httpx.post(url, json={"query": query, "variables": variables}, headers=headers)
    data: dict[str, Any] = answer.json()["data"]
    return data


def test_apollo_urql_and_graphql_ws_work_from_a_browser_on_another_origin(
    check: Check, fresh_database_url: str, tmp_path: Path
) -> None:
    env = server_env(fresh_database_url)  # development: localhost pages may call it
    bootstrap(env, tmp_path, EMAIL, PASSWORD)

    with serving(env, tmp_path) as origin:
        summary = check(f"{origin}/graphql")
        checks = {result["name"]: result for result in summary["checks"]}
        suspended = checks[WS_CHECK]["detail"]["organization"] if WS_CHECK in checks else ""
        seen_by_server = _as_admin(f"{origin}/graphql", LIFECYCLE, {"name": suspended})

    assert [name for name, result in checks.items() if not result["ok"]] == []
    assert summary["ok"] is True
    assert summary["exit"] == 0
    clients = {name.split(":")[0] for name in checks}
    assert clients == {"apollo", "urql", "graphql-ws", "errors", "cors"}
    # What the script says it did, the server saw: the suspend and reactivate it heard of.
    actions = {
        event["node"]["action"]
        for event in seen_by_server["auditEvents"]["edges"]
        if event["node"]["targetName"] == suspended
    }
    assert {"organization.suspend", "organization.reactivate"} <= actions
    [customer] = seen_by_server["organizations"]["edges"]
    assert customer["node"]["status"] == "ACTIVE"


def test_the_check_fails_where_a_browser_page_would_be_refused(
    check: Check, fresh_database_url: str, tmp_path: Path
) -> None:
    """Node's fetch ignores CORS: this shows check.mjs applies it as a browser does."""
    env = server_env(fresh_database_url, CORS_ALLOWED_ORIGINS="https://panel.example.com")
    bootstrap(env, tmp_path, EMAIL, PASSWORD)

    with serving(env, tmp_path) as origin:
        summary = check(f"{origin}/graphql")

    assert summary["exit"] == 1
    [login] = summary["checks"]  # nothing runs without the token
    assert login["ok"] is False
    assert "Failed to fetch (as a browser would: preflight answered 403)" in login["error"]
