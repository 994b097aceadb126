"""The client libraries a React frontend uses, against a real server from another origin.

.ci/clients/check.mjs drives Apollo Client (automatic persisted queries over GET), urql
(its defaults) and graphql-ws, with every HTTP request passing CORS as a browser page on
http://localhost:5173 would (docs/http.md, "Tested clients"). `.ci/run` installs them with
`npm ci`; without node or them the tests skip, except in CI.
"""

from __future__ import annotations

import json
import subprocess
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests import live_server
from tests.live_server import CHROMIUM_ARGS, ROOT, bootstrap, node_script, server_env
from tests.processes import serve

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
CORS_CHECK = "cors: a page on the Vite dev server origin"
# Run in Chromium on a page of another origin: each request shape, then two it must refuse.
REPLAY = """async ({ api, token, shapes }) => {
  const typename = JSON.stringify({ query: '{ __typename }' });
  const sent = [];
  for (const { method, headers } of shapes) {
    const init = { method, headers: { ...headers } };
    if ('authorization' in headers) init.headers.authorization = `Bearer ${token}`;
    let target = api;
    if (method === 'GET') target += '?query=' + encodeURIComponent('{ __typename }');
    else init.body = typename;
    try {
      const answer = await fetch(target, init);
      sent.push({ method, headers: Object.keys(headers), data: (await answer.json()).data });
    } catch (error) {
      sent.push({ method, headers: Object.keys(headers), error: String(error) });
    }
  }
  const post = { method: 'POST', headers: { 'content-type': 'application/json' }, body: typename };
  const outcome = (init) => fetch(api, init).then(() => 'allowed', (error) => String(error));
  const refused = {
    credentials: await outcome({ ...post, credentials: 'include' }),
    'unlisted header': await outcome({ ...post, headers: { ...post.headers, 'x-unlisted': '1' } }),
  };
  return { sent, refused };
}"""

Check = Callable[[str], dict[str, Any]]
Checked = tuple[str, dict[str, Any], dict[str, dict[str, Any]]]


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


class _BlankPage(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        body = b"<!doctype html><title>A frontend</title>"
        self.send_response(200)
        self.send_header("content-type", "text/html")
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def _page_origin() -> Iterator[str]:
    """A page's origin other than the API's: `localhost` where the API is `127.0.0.1`."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _BlankPage)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://localhost:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def _in_chromium(page_origin: str, script: str, argument: dict[str, Any]) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    executable = live_server.chromium()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(executable), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.goto(f"{page_origin}/")
            result: dict[str, Any] = page.evaluate(script, argument)
            return result
        finally:
            browser.close()


def _token(url: str) -> str:
    login = httpx.post(url, json={"query": LOGIN, "variables": {"e": EMAIL, "p": PASSWORD}})
    token: str = login.json()["data"]["login"]["token"]
    return token


def _as_admin(url: str, query: str, variables: dict[str, Any]) -> dict[str, Any]:
    headers = {"authorization": f"Bearer {_token(url)}"}
    answer = httpx.post(url, json={"query": query, "variables": variables}, headers=headers)
    data: dict[str, Any] = answer.json()["data"]
    return data


@pytest.fixture
def checked(check: Check, fresh_database_url: str, tmp_path: Path) -> Iterator[Checked]:
    """check.mjs run against a server (development: pages on localhost may call it) that
    keeps serving until the test ends."""
    env = server_env(fresh_database_url)
    bootstrap(env, tmp_path, EMAIL, PASSWORD)
    with serve(cwd=tmp_path, env=env, log=tmp_path / "server.log", probe="/healthz") as live:
        summary = check(live.graphql)
        yield live.graphql, summary, {c["name"]: c for c in summary["checks"]}


def test_apollo_urql_and_graphql_ws_work_from_a_browser_on_another_origin(
    checked: Checked,
) -> None:
    url, summary, checks = checked

    assert [name for name, result in checks.items() if not result["ok"]] == []
    assert summary["ok"] is True
    assert summary["exit"] == 0
    clients = {name.split(":")[0] for name in checks}
    assert clients == {"apollo", "urql", "graphql-ws", "errors", "cors"}
    # What the script says it did, the server saw: the suspend and reactivate it heard of.
    suspended = checks[WS_CHECK]["detail"]["organization"]
    seen_by_server = _as_admin(url, LIFECYCLE, {"name": suspended})
    actions = {
        event["node"]["action"]
        for event in seen_by_server["auditEvents"]["edges"]
        if event["node"]["targetName"] == suspended
    }
    assert {"organization.suspend", "organization.reactivate"} <= actions
    [customer] = seen_by_server["organizations"]["edges"]
    assert customer["node"]["status"] == "ACTIVE"


def test_chromium_allows_every_request_the_clients_sent(checked: Checked) -> None:
    """check.mjs applies CORS by the Fetch standard's rules; here Chromium itself, on a page
    of another origin, sends each kind of request the clients sent (their methods and
    headers), and refuses what the server does not allow."""
    url, _, checks = checked
    shapes = checks[CORS_CHECK]["detail"]["requestsTheClientsSent"]
    token = _token(url)

    with _page_origin() as page_origin:
        answers = _in_chromium(page_origin, REPLAY, {"api": url, "token": token, "shapes": shapes})
    print(json.dumps(answers, indent=2))

    assert {answer["method"] for answer in answers["sent"]} == {"GET", "POST"}
    assert [a for a in answers["sent"] if a.get("data") != {"__typename": "Query"}] == []
    assert answers["refused"] == {
        "credentials": "TypeError: Failed to fetch",
        "unlisted header": "TypeError: Failed to fetch",
    }


def test_the_check_fails_where_a_browser_page_would_be_refused(
    check: Check, fresh_database_url: str, tmp_path: Path
) -> None:
    """Node's fetch ignores CORS: this shows check.mjs applies it as a browser does."""
    env = server_env(fresh_database_url, CORS_ALLOWED_ORIGINS="https://panel.example.com")
    bootstrap(env, tmp_path, EMAIL, PASSWORD)

    with serve(cwd=tmp_path, env=env, log=tmp_path / "server.log", probe="/healthz") as live:
        summary = check(live.graphql)

    assert summary["exit"] == 1
    [login] = summary["checks"]  # nothing runs without the token
    assert login["ok"] is False
    assert "Failed to fetch (as a browser would: preflight answered 403)" in login["error"]
