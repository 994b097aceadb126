"""The WebSocket endpoint: graphql-transport-ws only, authenticated from connection_init,
held to the HTTP request limits (docs/websocket.md)."""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import json
from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import pytest
from tortoise.timezone import now
from websockets.exceptions import ConnectionClosed, InvalidStatus

from models import Organization, SessionToken
from models.enums import OrganizationKind, Role
from settings import ConfigurationError, Settings, load_settings
from tests import factories
from tests.api import Api, error_codes
from tests.ws import TRANSPORT_WS, authenticated, served, socket

EVENTS = "subscription { organizationEvents { kind organizationName } }"


@pytest.fixture
def ws_settings(settings: Settings) -> Settings:
    return dataclasses.replace(
        settings, ws_init_timeout_seconds=0.5, ws_max_subscriptions=2, max_body_bytes=2_000
    )


@pytest.fixture
async def url(ws_settings: Settings) -> AsyncIterator[str]:
    async with served(ws_settings) as address:
        yield address


@pytest.fixture
async def master() -> Organization:
    return await factories.master()


@pytest.fixture
async def token(master: Organization) -> str:
    reseller = await factories.organization(OrganizationKind.RESELLER, master, name="R")
    return (await factories.quick_member(reseller, "owner@example.com"))[1]


@pytest.mark.parametrize(
    ("allowed", "origin", "opens"),
    [
        (None, "http://localhost:5173", True),  # development: any local dev server
        (None, "http://127.0.0.1:3000", True),
        (None, "https://evil.example", False),
        (None, "http://localhost.evil.example", False),
        (("https://panel.example.com",), "https://panel.example.com", True),
        (("https://panel.example.com",), "http://localhost:5173", False),  # replaced
    ],
)
async def test_browser_pages_open_sockets_only_from_the_cors_origins(
    ws_settings: Settings, token: str, allowed: tuple[str, ...] | None, origin: str, opens: bool
) -> None:
    settings = dataclasses.replace(ws_settings, cors_allowed_origins=allowed)
    async with served(settings) as address:
        if not opens:
            with pytest.raises(InvalidStatus) as refused:
                async with socket(address, TRANSPORT_WS, origin=origin):
                    pass
            assert refused.value.response.status_code == 403
            return
        async with socket(address, TRANSPORT_WS, origin=origin) as ws:
            assert await ws.init({"Authorization": f"Bearer {token}"}) == {"type": "connection_ack"}


def codes(message: dict[str, Any]) -> list[str]:
    return [error["extensions"]["code"] for error in message["payload"]]


async def test_graphql_transport_ws_is_accepted(url: str, token: str) -> None:
    async with socket(url, TRANSPORT_WS) as ws:
        assert ws.subprotocol == TRANSPORT_WS
        assert await ws.init({"Authorization": f"Bearer {token}"}) == {"type": "connection_ack"}
        await ws.send({"type": "ping"})
        assert await ws.receive() == {"type": "pong"}


@pytest.mark.parametrize("offered", [("graphql-ws",), ()], ids=["legacy graphql-ws", "none"])
async def test_other_subprotocols_are_refused_with_4406(url: str, offered: tuple[str, ...]) -> None:
    async with socket(url, *offered) as ws:
        assert ws.subprotocol is None
        assert await ws.closed() == (4406, "Subprotocol not acceptable")


@pytest.mark.parametrize(
    "shape",
    [
        lambda t: {"Authorization": f"Bearer {t}"},
        lambda t: {"authorization": f"bearer {t}"},
        lambda t: {"headers": {"Authorization": f"Bearer {t}"}},
        lambda t: {"token": t},
        lambda t: {"authToken": t},
    ],
    ids=["Authorization", "authorization", "headers", "token", "authToken"],
)
async def test_the_token_is_read_from_each_common_payload_shape(
    url: str, token: str, shape: Any
) -> None:
    async with socket(url, TRANSPORT_WS) as ws:
        assert await ws.init(shape(token)) == {"type": "connection_ack"}


async def test_a_bad_missing_or_expired_token_is_forbidden(
    url: str, token: str, master: Organization
) -> None:
    expired_user = await factories.quick_member(
        await factories.organization(OrganizationKind.CUSTOMER, master), "old@example.com"
    )
    await SessionToken.filter(user=expired_user[0]).update(expires_at=now() - timedelta(seconds=1))
    for payload in (
        {},
        {"Authorization": "Bearer tnt_not-a-real-token"},
        {"Authorization": token},  # no scheme: as over HTTP, not a bearer token
        {"token": expired_user[1]},
    ):
        async with socket(url, TRANSPORT_WS) as ws:
            await ws.send({"type": "connection_init", "payload": payload})
            assert await ws.closed() == (4403, "Forbidden"), payload


async def test_a_payload_that_is_no_object_is_a_bad_request(url: str) -> None:
    async with socket(url, TRANSPORT_WS) as ws:
        await ws.send({"type": "connection_init", "payload": "token"})
        assert await ws.closed() == (4400, "Invalid connection init payload")


@pytest.mark.parametrize(
    ("frame", "reason"),
    [
        (b'{"type": "connection_init"}', "WebSocket message type must be text"),
        ("{not json", "WebSocket message must be valid JSON"),
        ('{"type": "hello"}', "Unknown message type: hello"),
    ],
    ids=["binary", "not JSON", "unknown type"],
)
async def test_malformed_messages_close_with_4400(
    url: str, frame: str | bytes, reason: str
) -> None:
    async with socket(url, TRANSPORT_WS) as ws:
        await ws.connection.send(frame)
        assert await ws.closed() == (4400, reason)


SUBSCRIBE_EVENTS = {"query": EVENTS}


@pytest.mark.parametrize(
    ("message", "reason"),
    [
        ([1, 2], "A message must be a JSON object"),
        (None, "A message must be a JSON object"),
        ("ping", "A message must be a JSON object"),
        ({"type": ["ping"]}, "A message needs a string type"),
        ({"type": "subscribe", "id": ["1"], "payload": SUBSCRIBE_EVENTS}, "needs a non-empty"),
        ({"type": "subscribe", "id": 1, "payload": SUBSCRIBE_EVENTS}, "needs a non-empty"),
        ({"type": "subscribe", "id": "", "payload": SUBSCRIBE_EVENTS}, "needs a non-empty"),
        ({"type": "complete", "id": {"a": 1}}, "A complete message needs a non-empty string id"),
        ({"type": "subscribe", "id": "1", "payload": "{ x }"}, "payload must be an object"),
        ({"type": "subscribe", "id": "1", "payload": {"query": 5}}, "needs a string query"),
        (
            {"type": "subscribe", "id": "1", "payload": {**SUBSCRIBE_EVENTS, "variables": [1]}},
            "variables must be an object",
        ),
        (
            {"type": "subscribe", "id": "1", "payload": {**SUBSCRIBE_EVENTS, "operationName": 5}},
            "operationName must be a string",
        ),
    ],
    ids=[
        "array",
        "null",
        "string",
        "type not a string",
        "id a list",
        "id a number",
        "id empty",
        "complete id an object",
        "payload a string",
        "query a number",
        "variables a list",
        "operationName a number",
    ],
)
async def test_messages_of_the_wrong_shape_close_with_4400(
    url: str, token: str, message: object, reason: str
) -> None:
    # These used to raise out of the handler: a traceback in the log, no close code.
    async with authenticated(url, token) as ws:
        await ws.connection.send(json.dumps(message))
        code, said = await ws.closed()
        assert code == 4400
        assert reason in said


@pytest.mark.parametrize(
    ("query", "reason"),
    [
        ("subscription { organizationEvents { kind ( } }", "Syntax Error: Expected Name"),
        ("subscription {", "Syntax Error: Expected Name, found <EOF>."),
        ("subscription { organizationEvents { " + "kind " * 2_001 + "} }", "2000 tokens"),
    ],
    ids=["syntax error", "cut short", "over the token limit"],
)
async def test_a_document_that_does_not_parse_closes_with_4400(
    ws_settings: Settings, token: str, query: str, reason: str
) -> None:
    # These used to escape Strawberry's parse handling: a traceback logged, a bare complete.
    roomy = dataclasses.replace(ws_settings, max_body_bytes=100_000)
    async with served(roomy) as url, authenticated(url, token) as ws:
        await ws.subscribe("1", query)
        code, said = await ws.closed()
        assert code == 4400
        assert reason in said


@pytest.mark.parametrize(
    ("messages", "code", "starts"),
    [
        ([{"type": "é" * 300}], 4400, "Unknown message type: éé"),
        ([{"id": "é" * 300, "type": "subscribe", "payload": SUBSCRIBE_EVENTS}] * 2, 4409, "Sub"),
    ],
    ids=["unknown type", "reused id"],
)
async def test_a_close_reason_that_echoes_the_client_is_cut_to_fit(
    url: str, token: str, messages: list[dict[str, Any]], code: int, starts: str
) -> None:
    # A close frame holds 123 bytes of reason; a longer one failed the connection codeless.
    async with authenticated(url, token) as ws:
        for message in messages:
            await ws.send(message)
        closed_with, reason = await ws.closed()
        assert closed_with == code
        assert reason.startswith(starts)
        assert 100 < len(reason.encode()) <= 123


async def test_a_socket_without_connection_init_is_closed_after_the_timeout(url: str) -> None:
    async with socket(url, TRANSPORT_WS) as ws:
        assert await ws.closed(seconds=5) == (4408, "Connection initialisation timeout")


async def test_subscribing_before_the_ack_is_unauthorized(url: str) -> None:
    async with socket(url, TRANSPORT_WS) as ws:
        await ws.subscribe("1", EVENTS)
        assert await ws.closed() == (4401, "Unauthorized")


async def test_a_message_over_max_body_bytes_closes_the_socket(url: str, token: str) -> None:
    async with authenticated(url, token) as ws:
        await ws.subscribe("1", EVENTS + " " * 2_000)
        assert await ws.closed() == (1009, "Messages are limited to 2000 bytes")


@pytest.mark.parametrize(
    "query",
    [
        "query { viewer { role } }",
        "mutation { logout { revoked } }",
    ],
    ids=["query", "mutation"],
)
async def test_queries_and_mutations_are_refused_over_the_socket(
    url: str, token: str, query: str
) -> None:
    async with authenticated(url, token) as ws:
        await ws.subscribe("1", query)
        message = await ws.receive()
        assert message["type"] == "error"
        assert message["id"] == "1"
        assert codes(message) == ["BAD_REQUEST"]
        # The session is untouched: the mutation did not run.
        await ws.subscribe("2", EVENTS)
        await ws.send({"id": "2", "type": "complete"})
        await ws.send({"type": "ping"})
        assert await ws.receive() == {"type": "pong"}
    assert await SessionToken.filter(revoked_at__isnull=False).count() == 0


async def test_the_request_limits_apply_to_subscriptions(url: str, token: str) -> None:
    aliases = " ".join(f"a{n}: kind" for n in range(16))
    deep = "a { " * 9 + "}" * 9
    repeated = "kind " * 40
    cases = {
        "aliases": (f"organizationEvents {{ {aliases} }}", "aliases"),
        "depth": (f"organizationEvents {{ auditEvent {{ {deep} }} }}", "depth"),
        "selections": (f"organizationEvents {{ {repeated} }}", "same fields too often"),
        "unknown": ("organizationEvent { kind }", "Did you mean"),
    }
    async with authenticated(url, token) as ws:
        for id, (selection, says) in cases.items():
            await ws.subscribe(id, f"subscription {{ {selection} }}")
            message = await ws.receive()
            assert message["id"] == id
            assert message["type"] == "error"
            assert set(codes(message)) == {"BAD_REQUEST"}
            assert any(says in error["message"] for error in message["payload"]), message


async def test_subscriptions_per_connection_are_bounded(url: str, token: str) -> None:
    async with authenticated(url, token) as ws:
        await ws.subscribe("1", EVENTS)
        await ws.subscribe("2", EVENTS)
        await ws.subscribe("3", EVENTS)
        message = await ws.receive()
        assert message["id"] == "3"
        assert message["type"] == "error"
        assert codes(message) == ["BAD_REQUEST"]
        await ws.send({"id": "1", "type": "complete"})
        await ws.subscribe("4", EVENTS)  # a slot is free again
        await ws.send({"type": "ping"})
        assert await ws.receive() == {"type": "pong"}


async def test_subscriptions_are_bounded_per_login_across_its_sockets(url: str, token: str) -> None:
    # Sockets are cheap to open: a per-socket bound alone would let one login make the
    # server poll the database without limit.
    async with authenticated(url, token) as first, authenticated(url, token) as second:
        await first.subscribe("1", EVENTS)
        await second.subscribe("1", EVENTS)
        await second.subscribe("2", EVENTS)
        message = await second.receive()
        assert (message["id"], message["type"], codes(message)) == ("2", "error", ["BAD_REQUEST"])
        assert message["payload"][0]["message"] == "Subscription limit reached"
        await first.send({"id": "1", "type": "complete"})
        await second.subscribe("3", EVENTS)  # the login's slot is free again
        await second.send({"type": "ping"})
        assert await second.receive() == {"type": "pong"}


async def test_sockets_are_bounded_per_login(
    ws_settings: Settings, token: str, master: Organization
) -> None:
    other = (await factories.quick_member(master, "admin@example.com"))[1]
    bounded = dataclasses.replace(ws_settings, ws_max_sockets_per_login=2)
    async with served(bounded) as url:
        async with (
            authenticated(url, token),
            authenticated(url, token),
            authenticated(url, other),  # another login has sockets of its own
            socket(url, TRANSPORT_WS) as third,
        ):
            await third.send({"type": "connection_init", "payload": {"token": token}})
            assert await third.closed() == (4429, "Too many sockets for this login")
        # Closed sockets stop counting (once the server has seen them close).
        async with asyncio.timeout(5):
            while True:
                async with socket(url, TRANSPORT_WS) as again:
                    with contextlib.suppress(ConnectionClosed):
                        if await again.init({"token": token}) == {"type": "connection_ack"}:
                            break
                await asyncio.sleep(0.05)


async def test_production_hides_suggestions_and_the_schema(settings: Settings, token: str) -> None:
    production = dataclasses.replace(settings, env="production")
    async with served(production) as url, authenticated(url, token) as ws:
        await ws.subscribe("1", "subscription { organizationEvent { kind } }")
        message = await ws.receive()
        assert codes(message) == ["BAD_REQUEST"]
        assert "Did you mean" not in message["payload"][0]["message"]
        await ws.subscribe("2", "{ __schema { types { name } } }")
        message = await ws.receive()
        assert message["type"] == "error"
        assert set(codes(message)) == {"BAD_REQUEST"}
        assert all("introspection" in e["message"].lower() for e in message["payload"])


async def test_a_customer_member_may_not_follow_lifecycle_events(
    url: str, master: Organization
) -> None:
    customer = await factories.organization(OrganizationKind.CUSTOMER, master)
    _, member = await factories.quick_member(customer, "m@example.com", Role.MEMBER)
    async with authenticated(url, member) as ws:
        await ws.subscribe("1", EVENTS)
        message = await ws.receive()
        assert message["type"] == "error"
        assert codes(message) == ["FORBIDDEN"]


async def test_subscriptions_are_refused_over_http(api: Api, token: str) -> None:
    body = await api(EVENTS, token=token)
    assert body["data"] is None
    assert error_codes(body) == ["BAD_REQUEST"]
    assert "WebSocket" in body["errors"][0]["message"]


def test_the_websocket_settings_are_read_and_checked() -> None:
    settings = load_settings(
        {
            "WS_INIT_TIMEOUT_SECONDS": "3",
            "WS_MAX_SUBSCRIPTIONS": "5",
            "WS_SESSION_CHECK_SECONDS": "60",
            "WS_MAX_SOCKETS_PER_LOGIN": "3",
            "SUBSCRIPTION_POLL_SECONDS": "4",
        }
    )
    assert settings.ws_init_timeout_seconds == 3
    assert settings.ws_max_subscriptions == 5
    assert settings.ws_session_check_seconds == 60
    assert settings.ws_max_sockets_per_login == 3
    assert settings.subscription_poll_seconds == 4
    with pytest.raises(ConfigurationError, match="WS_MAX_SUBSCRIPTIONS must be between 1"):
        load_settings({"WS_MAX_SUBSCRIPTIONS": "0"})
    with pytest.raises(ConfigurationError, match="SUBSCRIPTION_POLL_SECONDS must be a whole"):
        load_settings({"SUBSCRIPTION_POLL_SECONDS": "0.5"})
