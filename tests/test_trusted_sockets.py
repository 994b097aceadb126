"""Trusted-documents-only mode holds on the WebSocket too: a subscription runs only when
its document is trusted (docs/http.md, docs/websocket.md)."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from models.enums import OrganizationKind
from settings import Settings
from tests import factories
from tests.ws import authenticated, served

EVENTS = "subscription Events { organizationEvents { kind organizationName } }"
UNTRUSTED = "subscription Mine { organizationEvents { kind } }"
EVENTS_ID = "events-1"


@pytest.fixture
async def url(settings: Settings, tmp_path: Path) -> AsyncIterator[str]:
    store = tmp_path / "trusted.json"
    store.write_text(json.dumps({EVENTS_ID: EVENTS}))
    only = dataclasses.replace(settings, trusted_documents_file=store, trusted_documents_only=True)
    async with served(only) as address:
        yield address


@pytest.fixture
async def token() -> str:
    reseller = await factories.organization(
        OrganizationKind.RESELLER, await factories.master(), name="R"
    )
    return (await factories.quick_member(reseller, "owner@example.com"))[1]


def codes(message: dict[str, object]) -> list[str]:
    payload = message["payload"]
    assert isinstance(payload, list)
    return [error["extensions"]["code"] for error in payload]


async def test_an_untrusted_subscription_is_refused(url: str, token: str) -> None:
    async with authenticated(url, token) as ws:
        await ws.subscribe("1", UNTRUSTED)
        refused = await ws.receive()
        await ws.send(
            {
                "id": "2",
                "type": "subscribe",
                "payload": {"query": UNTRUSTED, "documentId": EVENTS_ID},
            }
        )
        mismatched = await ws.receive()

    assert refused["type"] == "error"
    assert refused["id"] == "1"
    assert codes(refused) == ["PERSISTED_QUERY_NOT_ALLOWED"]
    assert mismatched["type"] == "error"
    assert codes(mismatched) == ["BAD_REQUEST"]


@pytest.mark.parametrize(
    "payload",
    [
        {"query": EVENTS},
        {"query": EVENTS, "documentId": EVENTS_ID},
        {"query": EVENTS, "documentId": f"sha256:{EVENTS_ID}"},
    ],
    ids=["trusted text", "with its documentId", "with a prefixed documentId"],
)
async def test_a_trusted_subscription_runs(url: str, token: str, payload: dict[str, str]) -> None:
    async with authenticated(url, token) as ws:
        await ws.send({"id": "1", "type": "subscribe", "payload": payload})
        await ws.send({"type": "ping"})
        # A running subscription says nothing until an event: the pong comes first.
        assert await ws.receive() == {"type": "pong"}
