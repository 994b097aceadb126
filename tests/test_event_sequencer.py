"""The sequencer (domain/events/sequencer.py): committed events get positions in the order
they are placed, every event once, and each reaches exactly the endpoints whose owner's
audit log shows it."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import orjson
import pytest
from tortoise.timezone import now

from domain.events import audit, sequencer
from domain.events.catalog import EVENT_OF_ACTION, UnknownAction
from domain.security.sealing import sealer
from models import AuditEvent, Organization, WebhookDelivery, WebhookEndpoint
from models.enums import OrganizationKind
from tests import factories


async def endpoint(owner: Organization, *types: str) -> WebhookEndpoint:
    return await WebhookEndpoint.create(
        organization=owner,
        url="http://127.0.0.1:9/hook",
        event_types=list(types),
        secret_sealed=sealer("test", "webhook").seal(b"x" * 24),
    )


async def test_events_are_placed_once_in_order_with_no_gaps() -> None:
    master = await factories.master()
    customer = await factories.organization(OrganizationKind.CUSTOMER, master)
    first = await audit.record(None, "organization.suspend", customer)
    # Written earlier but committed after the first pass: placed after it all the same.
    placed = await sequencer.place_pending()
    late = await audit.record(None, "organization.reactivate", customer)
    await AuditEvent.filter(id=late.id).update(created_at=now() - timedelta(hours=1))
    again = await sequencer.place_pending()
    assert placed.events >= 1
    assert again.events == 1
    positions = [e.position for e in await AuditEvent.all().order_by("position")]
    assert positions == list(range(1, len(positions) + 1))
    by_id = dict(await AuditEvent.all().values_list("id", "position"))
    assert by_id[late.id] == len(positions) > by_id[first.id]
    assert (await sequencer.place_pending()).events == 0


async def test_two_sequencers_at_once_give_each_event_one_position() -> None:
    master = await factories.master()
    customer = await factories.organization(OrganizationKind.CUSTOMER, master)
    for _ in range(30):
        await audit.record(None, "organization.update", customer)
    results = await asyncio.gather(*(sequencer.place_pending(batch=7) for _ in range(3)))
    total = await AuditEvent.all().count()
    assert sum(r.events for r in results) == total
    positions = [e.position for e in await AuditEvent.all().order_by("position")]
    assert positions == list(range(1, total + 1))


async def test_an_action_missing_from_the_catalog_is_refused() -> None:
    master = await factories.master()
    with pytest.raises(UnknownAction):
        await audit.record(None, "organization.teleport", master)
    assert "organization.suspend" in EVENT_OF_ACTION


async def test_each_endpoint_hears_only_what_its_owner_may_see() -> None:
    master = await factories.master()
    reseller_a = await factories.organization(OrganizationKind.RESELLER, master)
    reseller_b = await factories.organization(OrganizationKind.RESELLER, master)
    customer_a = await factories.organization(OrganizationKind.CUSTOMER, reseller_a)
    customer_b = await factories.organization(OrganizationKind.CUSTOMER, reseller_b)
    await sequencer.place_pending()  # the factories' own events, if any
    platform = await endpoint(master)
    of_a = await endpoint(reseller_a)
    of_b = await endpoint(reseller_b)
    of_customer_a = await endpoint(customer_a)
    only_updates = await endpoint(reseller_a, "organization.updated")
    suspended = await audit.record(None, "organization.suspend", customer_a)
    updated = await audit.record(None, "organization.update", customer_b)
    placed = await sequencer.place_pending()
    assert placed.events == 2

    async def heard(hook: WebhookEndpoint) -> set[str]:
        rows = await WebhookDelivery.filter(endpoint=hook).values_list("event_id", flat=True)
        return {str(row) for row in rows}

    assert await heard(platform) == {str(suspended.id), str(updated.id)}
    assert await heard(of_a) == {str(suspended.id)}
    assert await heard(of_b) == {str(updated.id)}
    assert await heard(of_customer_a) == {str(suspended.id)}
    assert await heard(only_updates) == set()  # its filter wants updates, of its own subtree
    assert placed.endpoints == {platform.id, of_a.id, of_b.id, of_customer_a.id}

    delivery = await WebhookDelivery.get(endpoint=of_customer_a)
    body = orjson.loads(delivery.payload)
    assert body["type"] == "organization.suspended"
    assert body["data"]["action"] == "organization.suspend"
    assert body["data"]["position"] == delivery.position
    # As in its audit log, a customer reads whoever acted from above as its provider.
    assert body["data"]["actor"] == {"type": "provider"}
    platform_copy = await WebhookDelivery.get(endpoint=platform, event_id=suspended.id)
    assert orjson.loads(platform_copy.payload)["data"]["actor"] == {"type": "system"}
    assert delivery.message_id == f"msg_{suspended.id.hex}"
