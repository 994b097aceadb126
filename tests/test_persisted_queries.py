"""Persisted queries over HTTP: Apollo's APQ, and trusted documents (docs/http.md)."""

from __future__ import annotations

import asyncio
import dataclasses
import hashlib
import json
import os
import subprocess
import tracemalloc
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from gql.persisted import ApqCache, entry_bytes
from settings import Settings
from tests.api import Api, api_for, error_codes
from tests.processes import run_cli

QUERY = "query Typename { __typename }"
OTHER = "query Other { other: __typename }"
NEW = "application/graphql-response+json"


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def persisted(digest: str) -> dict[str, Any]:
    return {"persistedQuery": {"version": 1, "sha256Hash": digest}}


async def post(api: Api, body: dict[str, Any], accept: str = "application/json") -> Any:
    return await api.client.post(
        "/graphql", json=body, headers={"accept": accept, "content-type": "application/json"}
    )


async def test_apq_asks_for_the_text_then_remembers_it(api: Api) -> None:
    digest = sha256(QUERY)

    first = await post(api, {"extensions": persisted(digest)})
    registered = await post(api, {"query": QUERY, "extensions": persisted(digest)})
    by_hash = await post(api, {"extensions": persisted(digest)})

    assert first.status_code == 200  # application/json: the legacy status
    assert first.json()["errors"][0]["message"] == "PersistedQueryNotFound"
    assert error_codes(first.json()) == ["PERSISTED_QUERY_NOT_FOUND"]
    assert registered.json() == {"data": {"__typename": "Query"}}
    assert by_hash.json() == {"data": {"__typename": "Query"}}


async def test_apq_not_found_is_404_without_data_under_the_new_type(api: Api) -> None:
    response = await post(api, {"extensions": persisted(sha256(OTHER))}, accept=NEW)

    assert response.status_code == 404
    assert "data" not in response.json()
    assert error_codes(response.json()) == ["PERSISTED_QUERY_NOT_FOUND"]


async def test_apq_works_over_get(api: Api) -> None:
    """Apollo's `useGETForHashedQueries`: the hash in the URL, the text on a miss."""
    digest = sha256(OTHER)
    extensions = json.dumps(persisted(digest))

    miss = await api.client.get("/graphql", params={"extensions": extensions})
    await api.client.get("/graphql", params={"query": OTHER, "extensions": extensions})
    hit = await api.client.get("/graphql", params={"extensions": extensions})

    assert error_codes(miss.json()) == ["PERSISTED_QUERY_NOT_FOUND"]
    assert hit.json() == {"data": {"other": "Query"}}


async def test_a_text_that_is_not_its_hash_is_refused_and_not_stored(api: Api) -> None:
    digest = sha256(QUERY)

    forged = await post(api, {"query": OTHER, "extensions": persisted(digest)})
    after = await post(api, {"extensions": persisted(digest)})

    assert forged.status_code == 400
    assert error_codes(forged.json()) == ["BAD_REQUEST"]
    assert "SHA-256" in forged.json()["errors"][0]["message"]
    assert error_codes(after.json()) == ["PERSISTED_QUERY_NOT_FOUND"]


@pytest.mark.parametrize(
    "extension",
    [
        {"version": 2, "sha256Hash": "ab"},
        "not an object",
        {"sha256Hash": "ab"},
        {"version": True, "sha256Hash": "ab"},  # equal to 1 in Python, not in JSON
        {"version": "1", "sha256Hash": "ab"},
    ],
)
async def test_an_unknown_persisted_query_version_is_not_supported(
    api: Api, extension: Any
) -> None:
    response = await post(api, {"extensions": {"persistedQuery": extension}})

    assert error_codes(response.json()) == ["PERSISTED_QUERY_NOT_SUPPORTED"]
    assert response.json()["errors"][0]["message"] == "PersistedQueryNotSupported"


async def test_a_missing_hash_is_a_coded_bad_request(api: Api) -> None:
    response = await post(api, {"extensions": {"persistedQuery": {"version": 1}}})

    assert response.status_code == 400
    assert error_codes(response.json()) == ["BAD_REQUEST"]


async def test_apq_can_be_turned_off(settings: Settings) -> None:
    async with api_for(dataclasses.replace(settings, persisted_queries_cache_bytes=0)) as api:
        response = await post(api, {"query": QUERY, "extensions": persisted(sha256(QUERY))})

    assert error_codes(response.json()) == ["PERSISTED_QUERY_NOT_SUPPORTED"]


def test_the_apq_cache_is_bounded_in_bytes_least_recent_first() -> None:
    entry = entry_bytes("a", "x" * 10)  # every entry below is a one-letter key, ten letters
    cache = ApqCache(max_bytes=3 * entry)
    cache.put("a", "x" * 10)
    cache.put("b", "y" * 10)
    cache.put("c", "z" * 10)
    assert cache.get("a") == "x" * 10  # now the most recent

    cache.put("d", "w" * 10)  # a fourth entry: the least recent ("b") goes
    cache.put("e", "h" * (3 * entry))  # larger than the whole cache: never stored

    assert cache.get("b") is None
    assert cache.get("e") is None
    assert [cache.get(key) is not None for key in ("a", "c", "d")] == [True, True, True]


def test_a_flood_of_tiny_texts_holds_no_more_memory_than_the_bound() -> None:
    """What the process really holds, measured: keys and entries count, not only texts."""
    bound = 200_000
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        cache = ApqCache(max_bytes=bound)
        for n in range(20_000):
            text = f"{{a{n}: __typename}}"
            cache.put(sha256(text), text)
        held = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()

    assert cache.get(sha256("{a19999: __typename}")) is not None  # it still caches
    assert held <= 1.25 * bound, f"{held} bytes held for a bound of {bound}"


# -- trusted documents -------------------------------------------------------------------


def tenantry(*args: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return run_cli(
        args,
        cwd=cwd,
        env={**os.environ, **env, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)},
    )


CODEGEN_HASH = sha256(QUERY)  # graphql-codegen's client preset: {hash: text}
RELAY_ID = "b1946ac92492d2347c6235b4d2611184"  # Relay's persisted output: {id: text}


@pytest.fixture
def store(tmp_path: Path) -> Path:
    """A store filled by the real command from a codegen and a Relay manifest."""
    codegen = tmp_path / "persisted-documents.json"
    codegen.write_text(json.dumps({CODEGEN_HASH: QUERY}))
    relay = tmp_path / "relay-persisted.json"
    relay.write_text(json.dumps({RELAY_ID: OTHER}))
    store = tmp_path / "store" / "trusted.json"
    env = {"TRUSTED_DOCUMENTS_FILE": str(store)}
    for manifest in (codegen, relay):
        result = tenantry("trust-documents", str(manifest), cwd=tmp_path, env=env)
        assert result.returncode == 0, result.stderr
        assert "trusted 1 new document(s)" in result.stdout
    return store


@pytest.fixture
async def trusted_api(settings: Settings, store: Path) -> AsyncIterator[Api]:
    only = dataclasses.replace(settings, trusted_documents_file=store, trusted_documents_only=True)
    async with api_for(only) as client:
        yield client


async def test_trusted_documents_run_by_hash_or_document_id(trusted_api: Api) -> None:
    by_hash = await post(trusted_api, {"extensions": persisted(CODEGEN_HASH)})
    by_id = await post(trusted_api, {"documentId": RELAY_ID})
    prefixed = await post(trusted_api, {"documentId": f"sha256:{CODEGEN_HASH}"})
    over_get = await trusted_api.client.get("/graphql", params={"documentId": RELAY_ID})

    assert by_hash.json() == {"data": {"__typename": "Query"}}
    assert by_id.json() == {"data": {"other": "Query"}}
    assert prefixed.json() == {"data": {"__typename": "Query"}}
    assert over_get.json() == {"data": {"other": "Query"}}


async def test_only_trusted_documents_run(trusted_api: Api) -> None:
    mine = "{ organizations(first: 1) { totalCount } }"

    own = await post(trusted_api, {"query": mine})
    registered = await post(trusted_api, {"query": mine, "extensions": persisted(sha256(mine))})
    unknown = await post(trusted_api, {"documentId": "nope"}, accept=NEW)
    trusted_text = await post(trusted_api, {"query": QUERY})

    assert error_codes(own.json()) == ["PERSISTED_QUERY_NOT_ALLOWED"]
    assert "data" not in own.json() or own.json()["data"] is None
    assert error_codes(registered.json()) == ["PERSISTED_QUERY_NOT_ALLOWED"]
    assert unknown.status_code == 404
    assert error_codes(unknown.json()) == ["PERSISTED_QUERY_NOT_FOUND"]
    assert trusted_text.json() == {"data": {"__typename": "Query"}}


async def test_a_trusted_id_with_another_text_is_refused(trusted_api: Api) -> None:
    response = await post(trusted_api, {"query": OTHER, "documentId": CODEGEN_HASH})

    assert response.status_code == 400
    assert error_codes(response.json()) == ["BAD_REQUEST"]


async def test_a_newly_trusted_build_is_served_without_a_restart(
    trusted_api: Api, store: Path, tmp_path: Path
) -> None:
    text = "query Later { later: __typename }"
    manifest = tmp_path / "next-build.json"
    manifest.write_text(json.dumps({"later-1": text}))
    before = await post(trusted_api, {"documentId": "later-1"})

    result = tenantry(
        "trust-documents", str(manifest), cwd=tmp_path, env={"TRUSTED_DOCUMENTS_FILE": str(store)}
    )
    await asyncio.sleep(1.1)  # servers look at the store's file at most once a second
    after = await post(trusted_api, {"documentId": "later-1"})

    assert result.returncode == 0, result.stderr
    assert error_codes(before.json()) == ["PERSISTED_QUERY_NOT_FOUND"]
    assert after.json() == {"data": {"later": "Query"}}


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"x": "{ nothingLikeThis }"}', "do not fit the schema"),
        ('{"x": "{ __typename "}', "do not fit the schema"),
        ('["{ __typename }"]', "JSON object mapping"),
        ('{"x": 1}', "JSON object mapping"),
        ("not json", "is not JSON"),
    ],
)
def test_trust_documents_refuses_a_bad_manifest(tmp_path: Path, content: str, message: str) -> None:
    manifest = tmp_path / "manifest.json"
    manifest.write_text(content)
    store = tmp_path / "trusted.json"

    result = tenantry(
        "trust-documents", str(manifest), cwd=tmp_path, env={"TRUSTED_DOCUMENTS_FILE": str(store)}
    )

    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert not store.exists()


def test_trust_documents_refuses_an_id_trusted_with_another_text(
    tmp_path: Path, store: Path
) -> None:
    manifest = tmp_path / "clash.json"
    manifest.write_text(json.dumps({RELAY_ID: QUERY}))
    env = {"TRUSTED_DOCUMENTS_FILE": str(store)}

    clash = tenantry("trust-documents", str(manifest), cwd=tmp_path, env=env)
    replaced = tenantry("trust-documents", str(manifest), "--replace", cwd=tmp_path, env=env)

    assert clash.returncode == 2
    assert "another text" in clash.stderr
    assert replaced.returncode == 0, replaced.stderr
    assert json.loads(store.read_text()) == {RELAY_ID: QUERY}
