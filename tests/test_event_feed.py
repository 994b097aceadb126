"""The lifecycle feed's cursor (domain/events/event_feed.py): every event once, including those
committed late, stamped alike, or stamped by a process whose clock runs ahead."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from tortoise.timezone import now

from domain.actor import Actor
from domain.events.audit import record
from domain.events.event_feed import BATCH, LifecycleFeed
from domain.security.auth import authenticate
from models import AuditEvent, Organization
from models.enums import OrganizationKind
from settings import Settings
from tests import factories


@pytest.fixture
async def master() -> Organization:
    return await factories.master()


@pytest.fixture
async def admin(master: Organization, settings: Settings) -> Actor:
    token = (await factories.quick_member(master, "admin@example.com"))[1]
    actor = await authenticate(token, settings)
    assert actor is not None
    return actor


async def suspended(organization: Organization, stamped: datetime | None = None) -> AuditEvent:
    """A lifecycle event, stamped `stamped` (the clock of the process that wrote it)."""
    event = await record(None, "organization.suspend", organization)
    if stamped is not None:
        await AuditEvent.filter(id=event.id).update(created_at=stamped)
    return event


async def drain(feed: LifecycleFeed, actor: Actor) -> list[AuditEvent]:
    """What a subscriber is sent now: batches until one comes back empty."""
    sent: list[AuditEvent] = []
    while batch := await feed.next_batch(actor):
        for event in batch:
            feed.delivered_up_to(event)
        sent.extend(batch)
    return sent


async def test_an_event_committed_late_still_arrives(master: Organization, admin: Actor) -> None:
    feed = LifecycleFeed(since=now() - timedelta(seconds=30))
    customer = await factories.organization(OrganizationKind.CUSTOMER, master)
    newer = await suspended(customer)
    assert [e.id for e in await drain(feed, admin)] == [newer.id]
    # Written five seconds before the one already sent, committed only now.
    late = await suspended(customer, now() - timedelta(seconds=5))
    assert [e.id for e in await drain(feed, admin)] == [late.id]
    assert await drain(feed, admin) == []


async def test_events_stamped_alike_arrive_once_each_beyond_a_batch(
    master: Organization, admin: Actor
) -> None:
    feed = LifecycleFeed(since=now() - timedelta(seconds=30))
    customer = await factories.organization(OrganizationKind.CUSTOMER, master)
    moment = now()
    written = {(await suspended(customer, moment)).id for _ in range(BATCH + 5)}
    sent = [e.id for e in await drain(feed, admin)]
    assert len(sent) == len(set(sent)) == BATCH + 5
    assert set(sent) == written


async def test_a_process_whose_clock_runs_ahead_hides_no_one_elses_events(
    master: Organization, admin: Actor
) -> None:
    feed = LifecycleFeed()
    customer = await factories.organization(OrganizationKind.CUSTOMER, master)
    ahead = await suspended(customer, now() + timedelta(minutes=5))
    assert [e.id for e in await drain(feed, admin)] == [ahead.id]
    # Written after it by a process on time: stamped minutes "before" the one just sent.
    on_time = await suspended(customer)
    assert [e.id for e in await drain(feed, admin)] == [on_time.id]
    assert await drain(feed, admin) == []  # and the one from ahead is not sent again
