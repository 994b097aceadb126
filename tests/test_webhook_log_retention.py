"""The delivery log's retention (domain/webhooks/log_retention.py, run by the scheduler):
finished deliveries older than WEBHOOK_LOG_DAYS go with their attempts; pending ones and
newer ones stay."""

from __future__ import annotations

import dataclasses
from datetime import timedelta

from tortoise.timezone import now

from domain.webhooks import log_retention, secrets
from models import WebhookAttempt, WebhookDelivery, WebhookEndpoint
from models.enums import DeliveryStatus, OrganizationKind
from settings import Settings
from tests import factories
from workers import scheduler


async def aged(endpoint: WebhookEndpoint, days: int, status: DeliveryStatus) -> WebhookDelivery:
    row = await WebhookDelivery.create(
        endpoint=endpoint,
        event_type="organization.updated",
        message_id=f"msg_{days}_{status}",
        payload="{}",
        status=status,
    )
    await WebhookAttempt.create(delivery=row, succeeded=status == DeliveryStatus.SUCCEEDED)
    await WebhookDelivery.filter(id=row.id).update(created_at=now() - timedelta(days=days))
    return row


async def test_old_finished_deliveries_go_and_the_rest_stay(settings: Settings) -> None:
    master = await factories.master()
    customer = await factories.organization(OrganizationKind.CUSTOMER, master)
    endpoints = [
        await WebhookEndpoint.create(
            organization=owner, url="https://hooks.example.com/in", secret_sealed="x"
        )
        for owner in (master, customer)
    ]
    gone = [
        await aged(e, 40, s)
        for e in endpoints
        for s in (DeliveryStatus.SUCCEEDED, DeliveryStatus.FAILED)
    ]
    kept = [
        await aged(endpoints[0], 40, DeliveryStatus.PENDING),  # still to be sent
        await aged(endpoints[1], 10, DeliveryStatus.SUCCEEDED),  # within the log's days
    ]

    ticked = await scheduler.tick(dataclasses.replace(settings, webhook_log_days=30))

    assert ticked.deliveries_deleted == len(gone)
    left = set(await WebhookDelivery.all().values_list("id", flat=True))
    assert left == {row.id for row in kept}
    assert await WebhookAttempt.all().count() == len(kept)
    assert await log_retention.delete_old_deliveries(30) == 0


async def test_a_backlog_goes_a_batch_per_endpoint_at_a_time() -> None:
    master = await factories.master()
    endpoint = await WebhookEndpoint.create(
        organization=master,
        url="https://hooks.example.com/in",
        secret_sealed=secrets.seal(secrets.new_secret(), "k" * 40),
    )
    for days in range(31, 36):
        await aged(endpoint, days, DeliveryStatus.SUCCEEDED)
    assert await log_retention.delete_old_deliveries(30, batch=2) == 2
    assert await log_retention.delete_old_deliveries(30, batch=2) == 2
    assert await log_retention.delete_old_deliveries(30, batch=2) == 1
    assert await WebhookDelivery.all().count() == 0
