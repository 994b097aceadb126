"""The delivery log (`webhookDeliveries`), redeliverWebhook and sendTestWebhook, through
the API: who may read and resend (the endpoints' rule), what is written, and the nudge
to the endpoint's delivery worker. Sending itself is the delivery engine's (not here)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta
from typing import Any
from uuid import uuid4

import orjson
import pytest
from tortoise.timezone import now

from domain.security.sealing import sealer
from domain.webhooks import replay
from gql.schema.relay import to_global_id
from models import Organization, WebhookAttempt, WebhookDelivery, WebhookEndpoint
from models.enums import DeliveryStatus, OrganizationKind, Role
from tests import factories
from tests.api import Api, error_codes
from workers import actors

DELIVERIES = """
query ($id: ID!, $status: DeliveryStatus, $first: Int, $after: String) {
  webhookDeliveries(endpointId: $id, status: $status, first: $first, after: $after) {
    totalCount
    edges { node {
      id eventType messageId status attempts createdAt lastAttemptAt succeededAt
      responseStatus latencyMs lastError payload
      attemptLog { attemptedAt succeeded responseStatus latencyMs error }
    } }
    pageInfo { hasNextPage endCursor }
  }
}
"""
REDELIVER = """
mutation ($id: ID!) {
  redeliverWebhook(input: {deliveryId: $id}) {
    delivery { id status attempts messageId payload attemptLog { responseStatus } }
    userErrors { field code message }
  }
}
"""
SEND_TEST = """
mutation ($id: ID!) {
  sendTestWebhook(input: {endpointId: $id}) {
    delivery { id eventType messageId status attempts payload attemptLog { error } }
    userErrors { field code message }
  }
}
"""
CREATE_KEY = """
mutation ($org: ID!) {
  createApiKey(input: {organizationId: $org, name: "sync", role: ADMIN}) { secret }
}
"""


TYPES = {"deliveryId": "WebhookDelivery", "endpointId": "WebhookEndpoint"}


@dataclass
class Hooks:
    reseller: Organization
    endpoint: WebhookEndpoint
    other: WebhookEndpoint  # another reseller's
    tokens: dict[str, str]


@pytest.fixture
async def hooks(api: Api) -> Hooks:
    master = await factories.master()
    reseller = await factories.organization(OrganizationKind.RESELLER, master, name="A")
    other_reseller = await factories.organization(OrganizationKind.RESELLER, master, name="B")
    tokens = {}
    for name, org, role in [
        ("owner", reseller, Role.OWNER),
        ("member", reseller, Role.MEMBER),
        ("other", other_reseller, Role.OWNER),
        ("admin", master, Role.ADMIN),
    ]:
        _, tokens[name] = await factories.quick_member(org, f"{name}@example.com", role)
    key = await api.data(CREATE_KEY, {"org": gid(reseller)}, tokens["owner"])
    tokens["key"] = key["createApiKey"]["secret"]
    endpoint, other = [
        await WebhookEndpoint.create(
            organization=org,
            url="https://hooks.example.com/in",
            secret_sealed=sealer("test", "webhook").seal(b"x" * 24),
        )
        for org in (reseller, other_reseller)
    ]
    return Hooks(reseller, endpoint, other, tokens)


def gid(row: Any) -> str:
    return str(to_global_id(type(row).__name__, row.id))


@pytest.fixture
def sent(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The endpoints whose delivery worker was nudged."""
    nudged: list[str] = []
    monkeypatch.setattr(actors.deliver_webhooks, "send", nudged.append)
    return nudged


async def delivery(
    endpoint: WebhookEndpoint, age_minutes: int, status: DeliveryStatus, **fields: Any
) -> WebhookDelivery:
    row = await WebhookDelivery.create(
        endpoint=endpoint,
        event_type="organization.updated",
        message_id=f"msg_{age_minutes:032x}",
        payload=orjson.dumps({"type": "organization.updated", "n": age_minutes}).decode(),
        status=status,
        **fields,
    )
    await WebhookDelivery.filter(id=row.id).update(
        created_at=now() - timedelta(minutes=age_minutes)
    )
    return await WebhookDelivery.get(id=row.id)


async def test_the_log_lists_deliveries_newest_first_with_every_attempt(
    api: Api, hooks: Hooks
) -> None:
    old = await delivery(
        hooks.endpoint,
        30,
        DeliveryStatus.FAILED,
        attempts=2,
        response_status=500,
        latency_ms=120,
        last_error="HTTP 500",
        last_attempt_at=now(),
    )
    first_try = await WebhookAttempt.create(
        delivery=old, response_status=None, latency_ms=5000, error="timed out"
    )
    await WebhookAttempt.filter(id=first_try.id).update(attempted_at=now() - timedelta(minutes=9))
    await WebhookAttempt.create(delivery=old, response_status=500, latency_ms=120, error="HTTP 500")
    new = await delivery(hooks.endpoint, 1, DeliveryStatus.SUCCEEDED, succeeded_at=now())
    await delivery(hooks.other, 2, DeliveryStatus.FAILED)  # another endpoint's

    data = await api.data(DELIVERIES, {"id": gid(hooks.endpoint)}, hooks.tokens["owner"])

    listed = data["webhookDeliveries"]
    assert listed["totalCount"] == 2
    nodes = [edge["node"] for edge in listed["edges"]]
    assert [n["id"] for n in nodes] == [gid(new), gid(old)]
    assert nodes[1] | {"createdAt": None, "lastAttemptAt": None} == {
        "id": gid(old),
        "eventType": "organization.updated",
        "messageId": old.message_id,
        "status": "FAILED",
        "attempts": 2,
        "createdAt": None,
        "lastAttemptAt": None,
        "succeededAt": None,
        "responseStatus": 500,
        "latencyMs": 120,
        "lastError": "HTTP 500",
        "payload": old.payload,
        "attemptLog": [
            {
                "attemptedAt": nodes[1]["attemptLog"][0]["attemptedAt"],
                "succeeded": False,
                "responseStatus": None,
                "latencyMs": 5000,
                "error": "timed out",
            },
            {
                "attemptedAt": nodes[1]["attemptLog"][1]["attemptedAt"],
                "succeeded": False,
                "responseStatus": 500,
                "latencyMs": 120,
                "error": "HTTP 500",
            },
        ],
    }
    assert nodes[0]["attemptLog"] == []
    assert nodes[0]["succeededAt"] is not None
    failed = await api.data(
        DELIVERIES, {"id": gid(hooks.endpoint), "status": "FAILED"}, hooks.tokens["owner"]
    )
    assert [e["node"]["id"] for e in failed["webhookDeliveries"]["edges"]] == [gid(old)]
    # Paged by keyset cursors like every list.
    one = await api.data(DELIVERIES, {"id": gid(hooks.endpoint), "first": 1}, hooks.tokens["owner"])
    assert one["webhookDeliveries"]["pageInfo"]["hasNextPage"] is True
    rest = await api.data(
        DELIVERIES,
        {"id": gid(hooks.endpoint), "after": one["webhookDeliveries"]["pageInfo"]["endCursor"]},
        hooks.tokens["owner"],
    )
    assert [e["node"]["id"] for e in rest["webhookDeliveries"]["edges"]] == [gid(old)]


@pytest.mark.parametrize(
    ("who", "endpoint", "code"),
    [
        ("other", "endpoint", "NOT_FOUND"),  # another reseller's: as if it did not exist
        ("member", "endpoint", "NOT_FOUND"),  # members see no endpoints at all
        ("key", "endpoint", "FORBIDDEN"),  # seen, never an API key's to manage
        ("owner", "other", "NOT_FOUND"),
        ("owner", "wrong type", "NOT_FOUND"),
        ("owner", "garbage", "NOT_FOUND"),
    ],
)
async def test_the_log_is_for_those_who_manage_the_endpoint(
    api: Api, hooks: Hooks, who: str, endpoint: str, code: str
) -> None:
    await delivery(hooks.endpoint, 1, DeliveryStatus.FAILED)
    target = {
        "endpoint": gid(hooks.endpoint),
        "other": gid(hooks.other),
        "wrong type": str(to_global_id("Organization", hooks.endpoint.id)),
        "garbage": "\x00" * 3000,
    }[endpoint]
    body = await api(DELIVERIES, {"id": target}, hooks.tokens[who])
    assert error_codes(body) == [code]
    assert body["data"] is None
    admin = await api.data(DELIVERIES, {"id": gid(hooks.other)}, hooks.tokens["admin"])
    assert admin["webhookDeliveries"]["totalCount"] == 0  # administrators manage all


async def test_a_redelivery_is_pending_again_as_it_was_and_nudges_its_worker(
    api: Api, hooks: Hooks, sent: list[str]
) -> None:
    failed = await delivery(hooks.endpoint, 5, DeliveryStatus.FAILED, attempts=3)
    await WebhookAttempt.create(delivery=failed, response_status=503, latency_ms=9)

    data = await api.data(REDELIVER, {"id": gid(failed)}, hooks.tokens["owner"])

    result = data["redeliverWebhook"]
    assert result["userErrors"] == []
    assert result["delivery"] == {
        "id": gid(failed),
        "status": "PENDING",
        "attempts": 3,
        "messageId": failed.message_id,  # the receiver drops it if it had it after all
        "payload": failed.payload,
        "attemptLog": [{"responseStatus": 503}],
    }
    stored = await WebhookDelivery.get(id=failed.id)
    assert stored.status == DeliveryStatus.PENDING
    assert stored.payload == failed.payload
    assert await WebhookAttempt.filter(delivery=failed).count() == 1
    assert sent == [str(hooks.endpoint.id)]


async def test_a_disabled_endpoint_refuses_both_and_nothing_changes(
    api: Api, hooks: Hooks, sent: list[str]
) -> None:
    failed = await delivery(hooks.endpoint, 5, DeliveryStatus.FAILED)
    await WebhookEndpoint.filter(id=hooks.endpoint.id).update(enabled=False)

    again = await api.data(REDELIVER, {"id": gid(failed)}, hooks.tokens["owner"])
    test = await api.data(SEND_TEST, {"id": gid(hooks.endpoint)}, hooks.tokens["owner"])

    assert again["redeliverWebhook"]["delivery"] is None
    assert [(e["field"], e["code"]) for e in again["redeliverWebhook"]["userErrors"]] == [
        (["input", "deliveryId"], "INVALID_STATE")
    ]
    assert [(e["field"], e["code"]) for e in test["sendTestWebhook"]["userErrors"]] == [
        (["input", "endpointId"], "INVALID_STATE")
    ]
    assert (await WebhookDelivery.get(id=failed.id)).status == DeliveryStatus.FAILED
    assert await WebhookDelivery.all().count() == 1
    assert sent == []


async def test_a_test_message_is_a_delivery_of_no_event(
    api: Api, hooks: Hooks, sent: list[str]
) -> None:
    data = await api.data(SEND_TEST, {"id": gid(hooks.endpoint)}, hooks.tokens["owner"])

    result = data["sendTestWebhook"]
    assert result["userErrors"] == []
    shown = result["delivery"]
    assert shown["eventType"] == "webhook.test"
    assert shown["status"] == "PENDING"
    assert shown["attempts"] == 0
    assert shown["attemptLog"] == []
    assert re.fullmatch(r"msg_test_[0-9a-f]{32}", shown["messageId"])
    stored = await WebhookDelivery.get(endpoint=hooks.endpoint)
    assert stored.event_id is None
    assert stored.position is None
    assert gid(stored) == shown["id"]
    body = orjson.loads(stored.payload)
    assert stored.payload == shown["payload"]
    assert set(body) == {"type", "timestamp", "data"}
    assert body["type"] == "webhook.test"
    assert body["data"] == {"endpoint": gid(hooks.endpoint)}
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z", body["timestamp"])
    assert sent == [str(hooks.endpoint.id)]
    second = await api.data(SEND_TEST, {"id": gid(hooks.endpoint)}, hooks.tokens["owner"])
    assert second["sendTestWebhook"]["delivery"]["messageId"] != shown["messageId"]


@pytest.mark.parametrize(
    ("who", "target", "code"),
    [
        ("other", "mine", "NOT_FOUND"),
        ("member", "mine", "NOT_FOUND"),
        ("owner", "theirs", "NOT_FOUND"),
        ("owner", "unknown", "NOT_FOUND"),
        ("owner", "wrong type", "NOT_FOUND"),
        ("owner", "NUL bytes", "NOT_FOUND"),
        ("owner", "too long", "NOT_FOUND"),
    ],
)
@pytest.mark.parametrize("mutation", ["redeliverWebhook", "sendTestWebhook"])
async def test_refusals_are_user_errors_and_write_nothing(
    api: Api, hooks: Hooks, sent: list[str], who: str, target: str, code: str, mutation: str
) -> None:
    mine = await delivery(hooks.endpoint, 5, DeliveryStatus.FAILED)
    theirs = await delivery(hooks.other, 5, DeliveryStatus.FAILED)
    rows = {"mine": (mine, hooks.endpoint), "theirs": (theirs, hooks.other)}
    field = "deliveryId" if mutation == "redeliverWebhook" else "endpointId"
    if target in rows:
        row = rows[target][0] if mutation == "redeliverWebhook" else rows[target][1]
        value = gid(row)
    else:
        value = {
            "unknown": str(to_global_id(TYPES[field], uuid4())),
            "wrong type": str(to_global_id("Organization", mine.id)),
            "NUL bytes": "\x00abc",
            "too long": "W" * 10_000,
        }[target]
    query = REDELIVER if mutation == "redeliverWebhook" else SEND_TEST

    body = await api.data(query, {"id": value}, hooks.tokens[who])

    assert body[mutation]["delivery"] is None
    assert [(e["field"], e["code"]) for e in body[mutation]["userErrors"]] == [
        (["input", field], code)
    ]
    assert await WebhookDelivery.filter(status=DeliveryStatus.PENDING).count() == 0
    assert await WebhookDelivery.all().count() == 2
    assert sent == []


@pytest.mark.parametrize("mutation", ["redeliverWebhook", "sendTestWebhook"])
async def test_an_api_key_may_not_resend(
    api: Api, hooks: Hooks, sent: list[str], mutation: str
) -> None:
    mine = await delivery(hooks.endpoint, 5, DeliveryStatus.FAILED)
    query = REDELIVER if mutation == "redeliverWebhook" else SEND_TEST
    target = gid(mine) if mutation == "redeliverWebhook" else gid(hooks.endpoint)
    body = await api(query, {"id": target}, hooks.tokens["key"])
    assert error_codes(body) == ["FORBIDDEN"]
    assert (await WebhookDelivery.get(id=mine.id)).status == DeliveryStatus.FAILED
    assert await WebhookDelivery.all().count() == 1
    assert sent == []


async def test_a_redelivery_and_a_test_message_are_on_record_and_end_the_wait(
    api: Api, hooks: Hooks, sent: list[str]
) -> None:
    from models import AuditEvent

    failed = await delivery(hooks.endpoint, 5, DeliveryStatus.FAILED, attempts=3)
    await WebhookEndpoint.filter(id=hooks.endpoint.id).update(
        next_attempt_at=now() + timedelta(hours=5), consecutive_failures=4
    )
    redone = await api.data(REDELIVER, {"id": gid(failed)}, hooks.tokens["owner"])
    assert redone["redeliverWebhook"]["userErrors"] == []
    after = await WebhookEndpoint.get(id=hooks.endpoint.id)
    assert after.next_attempt_at is None  # tried now, not in five hours
    assert after.consecutive_failures == 4  # still failing until a try succeeds
    tested = await api.data(SEND_TEST, {"id": gid(hooks.endpoint)}, hooks.tokens["owner"])
    assert tested["sendTestWebhook"]["userErrors"] == []
    recorded = await AuditEvent.filter(target_id=hooks.endpoint.id).order_by("created_at")
    assert [e.action for e in recorded] == [
        "webhook_endpoint.redeliver",
        "webhook_endpoint.send_test",
    ]
    assert recorded[0].actor_email == "owner@example.com"
    assert recorded[0].summary == {"delivery": gid(failed), "eventType": "organization.updated"}
    assert recorded[0].organization_id == hooks.reseller.id


async def test_test_messages_waiting_at_once_are_limited(
    api: Api, hooks: Hooks, sent: list[str]
) -> None:
    """Test messages go before the events: a script sending them in a loop to a receiver
    that is down would pile up rows without end and hold the events back behind them."""
    for _ in range(replay.MAX_WAITING_TESTS):
        data = await api.data(SEND_TEST, {"id": gid(hooks.endpoint)}, hooks.tokens["owner"])
        assert data["sendTestWebhook"]["userErrors"] == []

    refused = await api.data(SEND_TEST, {"id": gid(hooks.endpoint)}, hooks.tokens["owner"])

    assert refused["sendTestWebhook"]["delivery"] is None
    assert [(e["field"], e["code"]) for e in refused["sendTestWebhook"]["userErrors"]] == [
        (["input", "endpointId"], "QUOTA_EXCEEDED")
    ]
    assert await WebhookDelivery.all().count() == replay.MAX_WAITING_TESTS
    assert len(sent) == replay.MAX_WAITING_TESTS
    # Once one went out, another may be sent; waiting events do not count.
    first = await WebhookDelivery.filter(endpoint=hooks.endpoint).order_by("created_at").first()
    assert first is not None
    await WebhookDelivery.filter(id=first.id).update(status=DeliveryStatus.SUCCEEDED)
    await delivery(hooks.endpoint, 1, DeliveryStatus.PENDING, position=7)
    again = await api.data(SEND_TEST, {"id": gid(hooks.endpoint)}, hooks.tokens["owner"])
    assert again["sendTestWebhook"]["userErrors"] == []
