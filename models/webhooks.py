"""Webhook endpoints and what was delivered to them.

Events themselves are audit events with a `position` (see models.audit): the audit row is
already written in the transaction of every change, so a change never lands without its
event. A delivery is one event for one endpoint, rendered once (the body the receiver gets,
the same on every retry) and attempted until it succeeds or the endpoint gives up.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from uuid import UUID, uuid4

from tortoise import fields
from tortoise.models import Model

from models.enums import DeliveryStatus

if TYPE_CHECKING:
    from models.audit import AuditEvent
    from models.organization import Organization
    from models.user import User


class WebhookEndpoint(Model):
    """A receiver's URL, owned by an organization: it hears of the events its owner may see."""

    id = fields.UUIDField(primary_key=True, default=uuid4)
    organization: fields.ForeignKeyRelation[Organization] = fields.ForeignKeyField(
        "models.Organization", related_name="webhook_endpoints", on_delete=fields.CASCADE
    )
    url = fields.CharField(max_length=2000)
    description = fields.CharField(max_length=200, default="")
    # Event types this endpoint receives; empty: every type.
    event_types: list[str] = fields.JSONField(default=list)
    enabled = fields.BooleanField(default=True)
    # Why it stopped receiving: "" while enabled, else who or what disabled it.
    disabled_reason = fields.CharField(max_length=200, default="")
    disabled_at = fields.DatetimeField(null=True)
    # The signing secret, sealed (it must be read back to sign: a hash would not do).
    # After a rotation the previous one signs too until `previous_secret_expires_at`.
    secret_sealed = fields.TextField()
    previous_secret_sealed = fields.TextField(null=True)
    previous_secret_expires_at = fields.DatetimeField(null=True)
    # The delivery state: failures in a row, since when, when the next try is due, and
    # which worker holds the endpoint (one at a time, so its events go out in order).
    failing_since = fields.DatetimeField(null=True)
    consecutive_failures = fields.IntField(default=0)
    next_attempt_at = fields.DatetimeField(null=True)
    lease_until = fields.DatetimeField(null=True)
    last_success_at = fields.DatetimeField(null=True)
    created_by: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "models.User",
        related_name="webhook_endpoints",
        null=True,
        on_delete=fields.SET_NULL,
        db_index=True,
    )
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    if TYPE_CHECKING:
        organization_id: UUID
        created_by_id: UUID | None

    class Meta:
        table = "webhook_endpoint"
        indexes = (("organization_id", "created_at"), ("enabled", "next_attempt_at"))


class WebhookDelivery(Model):
    """One event for one endpoint (or a test message, with no event)."""

    id = fields.UUIDField(primary_key=True, default=uuid4)
    endpoint: fields.ForeignKeyRelation[WebhookEndpoint] = fields.ForeignKeyField(
        "models.WebhookEndpoint", related_name="deliveries", on_delete=fields.CASCADE
    )
    event: fields.ForeignKeyNullableRelation[AuditEvent] = fields.ForeignKeyField(
        "models.AuditEvent",
        related_name="webhook_deliveries",
        null=True,
        on_delete=fields.CASCADE,
        db_index=True,
    )
    # The event's position (None for a test message): deliveries go out in this order.
    position = fields.BigIntField(null=True)
    event_type = fields.CharField(max_length=64)
    # The webhook-id header: the same on every attempt, so a receiver drops repeats.
    message_id = fields.CharField(max_length=64)
    # The exact body sent (rendered for this endpoint's owner when the delivery was made).
    payload = fields.TextField()
    status = fields.CharEnumField(DeliveryStatus, max_length=16, default=DeliveryStatus.PENDING)
    attempts = fields.IntField(default=0)
    created_at = fields.DatetimeField(auto_now_add=True)
    last_attempt_at = fields.DatetimeField(null=True)
    succeeded_at = fields.DatetimeField(null=True)
    response_status = fields.IntField(null=True)
    latency_ms = fields.IntField(null=True)
    last_error = fields.CharField(max_length=500, default="")

    if TYPE_CHECKING:
        endpoint_id: UUID
        event_id: UUID | None

    class Meta:
        table = "webhook_delivery"
        unique_together = (("endpoint_id", "event_id"),)
        indexes = (("endpoint_id", "status", "position"), ("endpoint_id", "created_at"))


class WebhookAttempt(Model):
    """One try of a delivery: what the receiver answered and how long it took."""

    id = fields.UUIDField(primary_key=True, default=uuid4)
    delivery: fields.ForeignKeyRelation[WebhookDelivery] = fields.ForeignKeyField(
        "models.WebhookDelivery", related_name="attempt_log", on_delete=fields.CASCADE
    )
    attempted_at = fields.DatetimeField(auto_now_add=True)
    succeeded = fields.BooleanField(default=False)
    response_status = fields.IntField(null=True)
    latency_ms = fields.IntField(default=0)
    error = fields.CharField(max_length=500, default="")

    if TYPE_CHECKING:
        delivery_id: UUID

    class Meta:
        table = "webhook_attempt"
        indexes = (("delivery_id", "attempted_at"),)
