"""The delivery log of a webhook endpoint: types, inputs and payloads."""

from __future__ import annotations

from datetime import datetime

import strawberry

from gql.schema.enums import DeliveryStatus
from gql.schema.errors import UserError
from gql.schema.relay import to_global_id
from models import WebhookAttempt, WebhookDelivery


@strawberry.type(name="WebhookAttempt", description="One try of a delivery.")
class WebhookAttemptType:
    attempted_at: datetime = strawberry.field(description="When it was sent.")
    succeeded: bool = strawberry.field(description="The receiver answered with a 2xx status.")
    response_status: int | None = strawberry.field(
        description="The HTTP status the receiver answered (null: no answer at all)."
    )
    latency_ms: int = strawberry.field(description="How long the receiver took, in milliseconds.")
    error: str = strawberry.field(description="What went wrong (empty when it succeeded).")

    @classmethod
    def from_model(cls, attempt: WebhookAttempt) -> WebhookAttemptType:
        return cls(
            attempted_at=attempt.attempted_at,
            succeeded=attempt.succeeded,
            response_status=attempt.response_status,
            latency_ms=attempt.latency_ms,
            error=attempt.error,
        )


@strawberry.type(
    name="WebhookDelivery",
    description="One message for one endpoint: an event, or a test message; sent until the "
    "receiver accepts it or the endpoint gives up.",
)
class WebhookDeliveryType:
    id: strawberry.ID = strawberry.field(
        description="Its global id, for redeliverWebhook (not answered by `node`)."
    )
    event_type: str = strawberry.field(description="The event type, or webhook.test.")
    message_id: str = strawberry.field(
        description="The webhook-id header: the same on every attempt and redelivery, so a "
        "receiver drops repeats by it."
    )
    status: DeliveryStatus = strawberry.field(description="Where it stands.")
    attempts: int = strawberry.field(description="How many times it was sent.")
    created_at: datetime = strawberry.field(description="When it was made.")
    last_attempt_at: datetime | None = strawberry.field(description="When it was last sent.")
    succeeded_at: datetime | None = strawberry.field(
        description="When the receiver last accepted it."
    )
    response_status: int | None = strawberry.field(
        description="The HTTP status of the last attempt (null: none yet, or no answer)."
    )
    latency_ms: int | None = strawberry.field(
        description="How long the last attempt took, in milliseconds."
    )
    last_error: str = strawberry.field(description="What went wrong last (empty if nothing).")
    payload: str = strawberry.field(
        description="The body sent, byte for byte as signed: JSON text {type, timestamp, data}."
    )
    attempt_log: list[WebhookAttemptType] = strawberry.field(
        description="Every attempt, oldest first (kept across redeliveries)."
    )

    @classmethod
    def from_model(
        cls, delivery: WebhookDelivery, attempts: list[WebhookAttempt] | None = None
    ) -> WebhookDeliveryType:
        return cls(
            id=to_global_id("WebhookDelivery", delivery.id),
            event_type=delivery.event_type,
            message_id=delivery.message_id,
            status=delivery.status,
            attempts=delivery.attempts,
            created_at=delivery.created_at,
            last_attempt_at=delivery.last_attempt_at,
            succeeded_at=delivery.succeeded_at,
            response_status=delivery.response_status,
            latency_ms=delivery.latency_ms,
            last_error=delivery.last_error,
            payload=delivery.payload,
            attempt_log=[WebhookAttemptType.from_model(a) for a in attempts or []],
        )


@strawberry.input(description="The delivery to send again.")
class RedeliverWebhookInput:
    delivery_id: strawberry.ID = strawberry.field(description="The delivery's global id.")


@strawberry.type(description="Result of redeliverWebhook.")
class RedeliverWebhookPayload:
    delivery: WebhookDeliveryType | None = strawberry.field(
        description="The delivery, PENDING again."
    )
    user_errors: list[UserError] = strawberry.field(description="What was refused.")


@strawberry.input(description="The endpoint to send a test message to.")
class SendTestWebhookInput:
    endpoint_id: strawberry.ID = strawberry.field(description="The endpoint's global id.")


@strawberry.type(description="Result of sendTestWebhook.")
class SendTestWebhookPayload:
    delivery: WebhookDeliveryType | None = strawberry.field(
        description="The test message's delivery, PENDING."
    )
    user_errors: list[UserError] = strawberry.field(description="What was refused.")
