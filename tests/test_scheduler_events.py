"""What the scheduler does on its own is in the event stream too: an account whose expiry
date passed is suspended (organization.suspended, action organization.expire) and a
deleted organization past its retention period is purged (organization.purged), and both
are placed, and handed to the endpoints that may see them, by the tick that did them."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import timedelta

import orjson
import pytest
from tortoise.timezone import now

from domain.events import audience
from domain.webhooks import secrets
from models import Organization, WebhookDelivery, WebhookEndpoint
from models.enums import OrganizationKind, OrganizationStatus
from settings import Settings
from tests import factories
from tests.factories import TEST_SECRET_KEY
from workers.broker import broker
from workers.scheduler import tick


@pytest.fixture(autouse=True)
def no_messages_left() -> Iterator[None]:
    """The tick queues a purge and deliveries about rows the next test will not have: a
    worker started there would run them (a purge of a job that is gone retries for long)."""
    yield
    broker.flush_all()


async def endpoint(owner: Organization) -> WebhookEndpoint:
    return await WebhookEndpoint.create(
        organization=owner,
        url="https://hooks.example.com/in",
        secret_sealed=secrets.seal(secrets.new_secret(), TEST_SECRET_KEY),
    )


async def heard(hook: WebhookEndpoint) -> list[tuple[str, str, str]]:
    """(type, action, organization name) of each delivery, in stream order."""
    rows = await WebhookDelivery.filter(endpoint=hook).order_by("position")
    bodies = [orjson.loads(row.payload) for row in rows]
    return [(b["type"], b["data"]["action"], b["data"]["target"]["name"]) for b in bodies]


async def test_a_tick_s_expiry_and_retention_purge_are_in_the_stream_after_it(
    settings: Settings,
) -> None:
    master = await factories.master()
    reseller = await factories.organization(OrganizationKind.RESELLER, master, name="Reseller")
    other = await factories.organization(OrganizationKind.RESELLER, master, name="Other")
    bakery = await factories.organization(OrganizationKind.CUSTOMER, reseller, name="Bakery")
    doomed = await factories.organization(
        OrganizationKind.CUSTOMER,
        reseller,
        name="Doomed",
        status=OrganizationStatus.DELETED,
    )
    await Organization.filter(id=bakery.id).update(expires_at=now() - timedelta(minutes=1))
    await Organization.filter(id=doomed.id).update(purge_after=now() - timedelta(minutes=1))
    hooks = {org.name: await endpoint(org) for org in (master, reseller, other, bakery)}
    quiet = dataclasses.replace(settings, expiry_warning_days=0, purge_warning_days=0)

    done = await tick(quiet)

    assert (done.accounts_expired, done.purges_started) == (1, 1)
    expired = ("organization.suspended", "organization.expire", "Bakery")
    purged = ("organization.purged", "organization.purge", "Doomed")
    # Placed by this very tick: readable in the stream and delivered, no second tick needed.
    stream = audience.readable_events(audience.reader_of(master))
    placed = {(e.action, e.target_name) for e in await stream}
    assert {expired[1:], purged[1:]} <= placed
    assert sorted(await heard(hooks["Platform"])) == sorted([expired, purged])
    assert sorted(await heard(hooks["Reseller"])) == sorted([expired, purged])
    assert await heard(hooks["Bakery"]) == [expired]
    assert await heard(hooks["Other"]) == []  # another reseller's customers are not its own
    bakery_copy = await WebhookDelivery.get(endpoint=hooks["Bakery"])
    # The customer reads the platform's scheduler as it reads anyone above it.
    assert orjson.loads(bakery_copy.payload)["data"]["actor"] == {"type": "provider"}
    platform_copy = await WebhookDelivery.get(endpoint=hooks["Platform"], event_type=expired[0])
    assert orjson.loads(platform_copy.payload)["data"]["actor"] == {"type": "system"}

    again = await tick(quiet)  # nothing new: nothing placed or delivered twice
    assert (again.accounts_expired, again.purges_started, again.events_placed) == (0, 0, 0)
    assert await WebhookDelivery.all().count() == 5
