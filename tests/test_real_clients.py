"""The client libraries a React frontend uses, against a real server from another origin.

.ci/clients/check.mjs drives Apollo Client (automatic persisted queries over GET), urql
(its defaults) and graphql-ws, with every HTTP request passing CORS as a browser page on
http://localhost:5173 would (docs/http.md, "Tested clients"). `.ci/run` installs them with
`npm ci`; without node or them the test skips, except in CI.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import httpx

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


def _as_admin(url: str, query: str, variables: dict[str, Any]) -> dict[str, Any]:
    token = httpx.post(url, json={"query": LOGIN, "variables": {"e": EMAIL, "p": PASSWORD}})
    headers = {"authorization": f"Bearer {token.json()['data']['login']['token']}"}
    answer = httpx.post(url, json={"query": query, "variables": variables}, headers=headers)
    data: dict[str, Any] = answer.json()["data"]
    return data


def test_apollo_urql_and_graphql_ws_work_from_a_browser_on_another_origin(
    fresh_database_url: str, tmp_path: Path
) -> None:
    command = node_script(CLIENTS, "@apollo/client", "check.mjs")
    env = server_env(fresh_database_url)
    bootstrap(env, tmp_path, EMAIL, PASSWORD)

    with serving(env, tmp_path) as origin:
        url = f"{origin}/graphql"
        run = subprocess.run(
            [*command, url, EMAIL, PASSWORD],
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        summary = json.loads(run.stdout) if run.stdout.strip() else {"checks": []}
        checks = {check["name"]: check for check in summary["checks"]}
        print(json.dumps(summary, indent=2))
        suspended = checks.get(
            "graphql-ws: organizationEvents hears a suspend and a reactivate", {}
        ).get("detail", {"organization": ""})["organization"]
        seen_by_server = _as_admin(url, LIFECYCLE, {"name": suspended})

    assert run.returncode == 0, run.stderr
    assert summary["ok"] is True
    failed = [name for name, check in checks.items() if not check["ok"]]
    assert failed == []
    clients = {name.split(":")[0] for name in checks}
    assert clients == {"apollo", "urql", "graphql-ws", "errors", "cors"}
    # What the script says it did, the server saw: the suspend and reactivate it heard of.
    actions = [
        event["node"]["action"]
        for event in seen_by_server["auditEvents"]["edges"]
        if event["node"]["targetName"] == suspended
    ]
    assert {"organization.suspend", "organization.reactivate"} <= set(actions), actions
    [customer] = seen_by_server["organizations"]["edges"]
    assert customer["node"]["status"] == "ACTIVE"
