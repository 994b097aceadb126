"""The delivery log does not grow for ever: finished deliveries (SUCCEEDED or FAILED) older
than WEBHOOK_LOG_DAYS go, with their attempts, on the scheduler's ticks. Endpoint by
endpoint, so each delete walks the (endpoint, created_at) index rather than the table, and
a bounded number per tick, so a backlog never makes one long transaction."""

from __future__ import annotations

from datetime import timedelta

from tortoise.timezone import now

from models import WebhookDelivery, WebhookEndpoint
from models.enums import DeliveryStatus

# Deliveries deleted per endpoint per tick (the rest go on the next ticks).
BATCH = 5_000


async def delete_old_deliveries(days: int, batch: int = BATCH) -> int:
    """Delete finished deliveries older than `days`; how many went."""
    cutoff = now() - timedelta(days=days)
    deleted = 0
    for endpoint_id in await WebhookEndpoint.all().values_list("id", flat=True):
        old = (
            WebhookDelivery.filter(endpoint_id=endpoint_id, created_at__lt=cutoff)
            .exclude(status=DeliveryStatus.PENDING)
            .order_by("created_at")
            .limit(batch)
            .values_list("id", flat=True)
        )
        ids = await old
        if ids:
            # Counted by ids: what a driver reports may include the cascaded attempts.
            await WebhookDelivery.filter(id__in=list(ids)).delete()
            deleted += len(ids)
    return deleted
