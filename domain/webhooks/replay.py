"""Sending again: a delivery redelivered as it was, or a test message to an endpoint.

Both write an audit event (so who replayed what is on record, and both are in the event
stream like every other mutation). A receiver that hears every type of its owner's events
therefore also hears of a test message sent to it; a type filter leaves that out.
A redelivery also ends the endpoint's wait: whoever asks for it wants it tried now.

The caller nudges the endpoint's delivery worker after the commit (the row is the truth,
the nudge only saves waiting for the scheduler's next tick).
"""

from __future__ import annotations

from uuid import UUID, uuid4

import orjson
from tortoise.timezone import now
from tortoise.transactions import in_transaction

from domain.actor import Actor
from domain.errors import DomainError, ErrorCode, not_found
from domain.events import audit
from domain.global_ids import global_id
from domain.webhooks import access, urls
from models import WebhookDelivery, WebhookEndpoint
from models.enums import DeliveryStatus

TEST_EVENT_TYPE = "webhook.test"
# Test messages waiting to be sent, at most, per endpoint: they go before the events, so
# an unbounded number (a script calling sendTestWebhook in a loop) would hold the
# endpoint's events back behind them, and each one is a row kept in the delivery log.
MAX_WAITING_TESTS = 5


def _require_enabled(endpoint: WebhookEndpoint, field: list[str]) -> None:
    if not endpoint.enabled:
        raise DomainError(
            ErrorCode.INVALID_STATE,
            "The endpoint is disabled: enable it before sending to it.",
            field,
        )


async def redeliver(actor: Actor, delivery_id: UUID) -> WebhookDelivery:
    """Make a delivery PENDING again, exactly as it was rendered (same body, same
    webhook-id, so a receiver that saw it drops the repeat); its attempt log is kept.

    A PENDING delivery is only tried sooner: the worker that sent it may not have written
    its success yet (they are written in batches), and then writes SUCCEEDED over this
    request. That is the truth: it did arrive once the request was made. The documented
    promise is "send it if it is not sent", not "send it one more time"."""
    access.require_manager(actor, "redeliver webhooks")
    field = ["deliveryId"]
    delivery = await WebhookDelivery.filter(id=delivery_id).first()
    if delivery is None:
        raise not_found(field, "webhook delivery")
    try:
        endpoint = await access.endpoint_for(actor, delivery.endpoint_id, field)
    except DomainError as error:
        if error.code == ErrorCode.NOT_FOUND:  # its endpoint is invisible: so is it
            raise not_found(field, "webhook delivery") from None
        raise
    async with in_transaction("default"):
        # Read again under the write: the endpoint may have been disabled meanwhile.
        endpoint = await WebhookEndpoint.select_for_update().get(id=endpoint.id)
        _require_enabled(endpoint, field)
        await WebhookDelivery.filter(id=delivery.id).update(status=DeliveryStatus.PENDING)
        await WebhookEndpoint.filter(id=endpoint.id).update(next_attempt_at=None)
        await _record(actor, endpoint, "webhook_endpoint.redeliver", delivery)
    return await WebhookDelivery.get(id=delivery.id)


async def _record(
    actor: Actor, endpoint: WebhookEndpoint, action: str, delivery: WebhookDelivery
) -> None:
    await endpoint.fetch_related("organization")
    await audit.record(
        actor,
        action,
        endpoint.organization,
        target_type="WebhookEndpoint",
        target_id=endpoint.id,
        target_name=urls.endpoint_name(endpoint.url, endpoint.description),
        summary={
            "delivery": global_id("WebhookDelivery", delivery.id),
            "eventType": delivery.event_type,
        },
    )


def ping_body(endpoint_id: UUID) -> dict[str, object]:
    """A Standard Webhooks body naming the endpoint, so a receiver can tell it apart."""
    return {
        "type": TEST_EVENT_TYPE,
        "timestamp": now().isoformat().replace("+00:00", "Z"),
        "data": {"endpoint": global_id("WebhookEndpoint", endpoint_id)},
    }


async def send_test(actor: Actor, endpoint_id: UUID) -> WebhookDelivery:
    """A delivery of no event, to check a receiver and its signature check end to end."""
    access.require_manager(actor, "send test webhooks")
    field = ["endpointId"]
    endpoint = await access.endpoint_for(actor, endpoint_id, field)
    async with in_transaction("default"):
        endpoint = await WebhookEndpoint.select_for_update().get(id=endpoint.id)
        _require_enabled(endpoint, field)
        waiting = WebhookDelivery.filter(
            endpoint_id=endpoint.id, status=DeliveryStatus.PENDING, position__isnull=True
        )
        if await waiting.count() >= MAX_WAITING_TESTS:
            raise DomainError(
                ErrorCode.QUOTA_EXCEEDED,
                f"{MAX_WAITING_TESTS} test messages wait to be sent to this endpoint already; "
                "send another once they went out.",
                field,
            )
        delivery = await WebhookDelivery.create(
            endpoint_id=endpoint.id,
            event_id=None,
            position=None,
            event_type=TEST_EVENT_TYPE,
            message_id=f"msg_test_{uuid4().hex}",
            payload=orjson.dumps(ping_body(endpoint.id)).decode(),
        )
        await _record(actor, endpoint, "webhook_endpoint.send_test", delivery)
        return delivery
