"""GraphiQL in a real browser against a real server: log in, send the token, read the viewer,
and never reach for another origin (the page must work on a machine without internet).

Needs Debian's Chromium at /usr/bin/chromium (`apt-get install chromium`; `.ci/run` installs
it). Without it the test skips, except under CI, where it fails.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import pytest

from tests import live_server
from tests.live_server import CHROMIUM_ARGS, ROOT, bootstrap, server_env
from tests.processes import serve

if TYPE_CHECKING:
    from playwright.sync_api import ConsoleMessage

SCREENSHOT = ROOT / ".ci" / "artifacts" / "graphiql.png"
EMAIL = "admin@example.com"
PASSWORD = "browser test password"
LOGIN = (
    f'mutation {{ login(input: {{email: "{EMAIL}", password: "{PASSWORD}"}}) '
    "{ token userErrors { code } } }"
)
VIEWER = "{ viewer { user { email } organization { name } role } }"
QUERY_EDITOR = ".graphiql-query-editor .CodeMirror"
HEADERS_EDITOR = ".graphiql-editor-tool .graphiql-editor:not(.hidden) .CodeMirror"
RESPONSE = ".graphiql-response"


@pytest.fixture
def chromium() -> Path:
    return live_server.chromium()


@pytest.fixture
def server(fresh_database_url: str, tmp_path: Path) -> Iterator[str]:
    """`tenantry serve` on a fresh database holding one administrator; yields its origin."""
    env = server_env(fresh_database_url)
    bootstrap(env, tmp_path, EMAIL, PASSWORD)
    with serve(cwd=tmp_path, env=env, log=tmp_path / "server.log", probe="/healthz") as live:
        yield live.origin


def record_console_error(message: ConsoleMessage, errors: list[str]) -> None:
    if message.type == "error":
        errors.append(message.text)


def test_graphiql_logs_in_and_reads_the_viewer_offline(
    chromium: Path, server: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from playwright.sync_api import Page, expect, sync_playwright

    def type_into(page: Page, editor: str, text: str) -> None:
        page.click(editor)
        page.keyboard.press("Control+A")
        # Text arrives as input, as from a paste: no auto-closed brackets or completions.
        page.keyboard.insert_text(text)

    requested: list[str] = []
    # Script errors and refused loads (the page's Content-Security-Policy) land here.
    errors: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(chromium), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            page.on("request", lambda request: requested.append(request.url))
            page.on("websocket", lambda socket: requested.append(socket.url))
            page.on("pageerror", lambda error: errors.append(str(error)))
            page.on("console", lambda message: record_console_error(message, errors))
            page.goto(f"{server}/graphql")
            page.wait_for_selector(QUERY_EDITOR, timeout=30_000)

            type_into(page, QUERY_EDITOR, LOGIN)
            page.click(".graphiql-execute-button")
            expect(page.locator(RESPONSE)).to_contain_text('"token"', timeout=30_000)
            found = re.search(r"tnt_[A-Za-z0-9_-]+", page.inner_text(RESPONSE))
            assert found, page.inner_text(RESPONSE)
            token = found.group()

            page.click("button:has-text('Headers')")
            type_into(page, HEADERS_EDITOR, f'{{"Authorization": "Bearer {token}"}}')
            type_into(page, QUERY_EDITOR, VIEWER)
            page.click(".graphiql-execute-button")
            expect(page.locator(RESPONSE)).to_contain_text(EMAIL, timeout=30_000)
            expect(page.locator(RESPONSE)).to_contain_text('"role": "OWNER"')

            # The explorer plugin lists the schema's root fields once it has loaded.
            page.click("button[aria-label='Show GraphiQL Explorer']")
            expect(page.locator(".graphiql-plugin")).to_contain_text("organizations")

            stored = page.evaluate(
                "() => [localStorage, sessionStorage].flatMap("
                "s => Object.keys(s).map(k => k + '=' + s.getItem(k)))"
            )
            SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SCREENSHOT))
        finally:
            browser.close()
    with capsys.disabled():
        print(f"\nGraphiQL screenshot: {SCREENSHOT}")

    # The history is where GraphiQL itself would keep the headers: it must be there, without.
    assert [item for item in stored if item.startswith("graphiql:queries=")], stored
    assert not [item for item in stored if token in item], "the token was persisted"
    origins = {urlsplit(url)._replace(path="", query="", fragment="").geturl() for url in requested}
    assert origins == {server}, f"requests left the server's origin: {sorted(origins)}"
    assert errors == []
