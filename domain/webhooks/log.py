"""The delivery log of an endpoint: what was sent to it, and every attempt, newest first.

Read by those who manage the endpoint (domain/webhooks/access.py): a delivery's payload is
the body its owner's receiver got, which only they may read.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from uuid import UUID

from tortoise.queryset import QuerySet

from domain.actor import Actor
from domain.webhooks import access
from models import WebhookAttempt, WebhookDelivery
from models.enums import DeliveryStatus


async def deliveries(
    actor: Actor, endpoint_id: UUID, status: DeliveryStatus | None
) -> QuerySet[WebhookDelivery]:
    """The endpoint's deliveries, newest first (NOT_FOUND / FORBIDDEN as `endpoint_for`)."""
    endpoint = await access.endpoint_for(actor, endpoint_id, ["endpointId"])
    rows = WebhookDelivery.filter(endpoint_id=endpoint.id)
    if status is not None:
        rows = rows.filter(status=status)
    return rows.order_by("-created_at", "-id")


async def attempts_of(delivery_ids: Sequence[UUID]) -> dict[UUID, list[WebhookAttempt]]:
    """The attempts of a page of deliveries, oldest first, in one query."""
    found: defaultdict[UUID, list[WebhookAttempt]] = defaultdict(list)
    if delivery_ids:
        for attempt in await WebhookAttempt.filter(delivery_id__in=list(delivery_ids)).order_by(
            "attempted_at", "id"
        ):
            found[attempt.delivery_id].append(attempt)
    return found
