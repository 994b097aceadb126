"""GraphiQL's page and files come from this server, checked against the committed manifest.

The files themselves are fetched by `scripts/refresh-graphiql` (run by `scripts/setup-env`);
without them these tests fail, saying so, rather than skip.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from pathlib import Path

import pytest

from gql import ide
from tests.api import Api

PAGE = {"accept": "text/html"}
MANIFEST = Path(ide.STATIC / "graphiql-manifest.json")


def pinned_files() -> dict[str, str]:
    """URL path -> sha256, read from the manifest independently of gql/ide.py."""
    manifest = json.loads(MANIFEST.read_text())
    return {
        f"/graphiql/{package['name']}@{package['version']}/{entry['path']}": entry["sha256"]
        for package in manifest["packages"]
        for entry in package["files"]
    }


@pytest.fixture
def fetched() -> None:
    problem = ide.FILES.problem()
    assert problem is None, f"{problem}: run scripts/refresh-graphiql"


@pytest.fixture
def files_in(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """An empty folder the app reads GraphiQL's files from instead of the real one."""
    monkeypatch.setattr(ide, "FILES", ide.GraphiQLFiles(tmp_path))
    return tmp_path


async def test_every_pinned_file_is_served_as_pinned(api: Api, fetched: None) -> None:
    for url, sha256 in pinned_files().items():
        response = await api.client.get(url)

        assert response.status_code == 200, url
        assert hashlib.sha256(response.content).hexdigest() == sha256, url
        expected_type = "text/css" if url.endswith(".css") else "text/javascript"
        assert response.headers["content-type"] == f"{expected_type}; charset=utf-8"
        assert response.headers["cache-control"] == "public, max-age=31536000, immutable"
        assert response.headers["x-content-type-options"] == "nosniff"


async def test_the_page_loads_only_this_servers_files(api: Api, fetched: None) -> None:
    response = await api.client.get("/graphql", headers=PAGE)

    assert response.status_code == 200
    loaded = re.findall(r'(?:src|href)="([^"]*)"', response.text)
    assert set(pinned_files()) | {"/graphiql/graphiql-start.js"} <= set(loaded)
    assert all(url.startswith("/graphiql/") or url == "data:," for url in loaded), loaded
    policy = response.headers["content-security-policy"]
    assert "default-src 'none'" in policy
    assert "script-src 'self';" in policy


async def test_the_start_script_keeps_headers_out_of_storage(api: Api) -> None:
    response = await api.client.get("/graphiql/graphiql-start.js")

    assert response.status_code == 200
    assert response.headers["content-type"] == "text/javascript; charset=utf-8"
    assert response.headers["cache-control"] == "no-cache"
    assert "shouldPersistHeaders: false" in response.text


async def test_missing_files_give_instructions_not_a_blank_page(api: Api, files_in: Path) -> None:
    page = await api.client.get("/graphql", headers=PAGE)
    asset = await api.client.get(next(iter(pinned_files())))

    assert page.status_code == 503
    assert page.headers["content-type"].startswith("text/html")
    assert "scripts/refresh-graphiql" in page.text
    assert "is missing" in page.text
    assert asset.status_code == 404
    assert asset.json()["errors"][0]["extensions"]["code"] == "NOT_FOUND"


async def test_a_changed_file_is_refused(api: Api, fetched: None, files_in: Path) -> None:
    shutil.copytree(ide.STATIC / "graphiql", files_in, dirs_exist_ok=True)
    changed = next(iter(pinned_files())).removeprefix("/graphiql/")
    with (files_in / changed).open("a") as file:
        file.write("/* changed */")

    page = await api.client.get("/graphql", headers=PAGE)

    assert page.status_code == 503
    assert f"{changed} is not the pinned version" in page.text


async def test_an_unknown_file_is_a_coded_404(api: Api, fetched: None) -> None:
    for path in (
        "/graphiql/nothing.js",
        "/graphiql/../../settings.py",
        "/graphiql/.manifest-sha256",
    ):
        response = await api.client.get(path)

        assert response.status_code == 404, path
        assert response.json()["errors"][0]["extensions"]["code"] == "NOT_FOUND"


async def test_production_serves_no_graphiql_files(production_api: Api) -> None:
    for url in [*pinned_files(), "/graphiql/graphiql-start.js"]:
        response = await production_api.client.get(url)

        assert response.status_code == 404, url
