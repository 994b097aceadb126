"""Webhook delivery by real `tenantry worker` processes on Redis and PostgreSQL: a worker
killed mid-delivery leaves the endpoint to the next one once its lease ends, and events
written while the broker was down are placed and sent by the scheduler's tick.

Skipped without TEST_BROKER_URL (Redis) and a PostgreSQL TEST_DATABASE_URL, like
tests/test_workers_real.py, whose worker processes these are.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import orjson
import pytest
from standardwebhooks import Webhook
from tortoise.timezone import now

from domain.events import audit, sequencer
from domain.webhooks import delivery
from models import AuditEvent, Organization, WebhookDelivery, WebhookEndpoint
from models.enums import DeliveryStatus, OrganizationKind
from tests import factories
from tests.api import Api
from tests.factories import TEST_SECRET_KEY
from tests.processes import run_cli
from tests.test_webhook_delivery import endpoint_for
from tests.test_workers_real import Workers, needs_postgres, workers_on_redis
from tests.webhook_receiver import Answer, Receiver, receiving
from workers import actors

# Short, so the lease of a killed worker ends soon: 3 x 3 s + 10 s.
TIMEOUT_SECONDS = 3

# One broker (Redis db, RabbitMQ vhost) for the whole run, and worker processes whose
# timing the tests wait on: CI runs these in one process after the others (`-m broker`),
# so no two of them empty or read each other's queues, nor share the cores with the rest.
pytestmark = pytest.mark.broker


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    with receiving() as running:
        yield running


@pytest.fixture
def webhook_workers(db: str, tmp_path: Path) -> Iterator[Workers]:
    yield from workers_on_redis(
        db, tmp_path, WEBHOOK_TIMEOUT_SECONDS=str(TIMEOUT_SECONDS), SECRET_KEY=TEST_SECRET_KEY
    )


async def _tick(workers: Workers, tmp_path: Path) -> None:
    """One `tenantry scheduler --once`: it places pending events and sends due endpoints."""
    tick = await asyncio.to_thread(run_cli, ["scheduler", "--once"], cwd=tmp_path, env=workers.env)
    assert tick.returncode == 0, tick.stderr


async def _until(condition: object, seconds: float, workers: Workers) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if await condition():  # type: ignore[operator]
            return
        await asyncio.sleep(0.1)
    raise AssertionError(f"never happened\n{workers.logs()}")


@needs_postgres
async def test_a_worker_killed_mid_delivery_is_replaced_after_its_lease(
    webhook_workers: Workers, receiver: Receiver, tmp_path: Path
) -> None:
    master = await factories.master()
    owner = await factories.organization(OrganizationKind.CUSTOMER, master, name="Acme")
    await sequencer.place_pending()
    endpoint, secret = await endpoint_for(owner, receiver.url)
    await audit.record(None, "organization.update", owner)
    release = threading.Event()
    receiver.script(Answer(200, release=release), Answer(200))
    first = webhook_workers.start()
    try:
        await _tick(webhook_workers, tmp_path)
        assert await asyncio.to_thread(receiver.arrived.wait, 60), webhook_workers.logs()

        webhook_workers.kill(first)  # kill -9 while the receiver holds the request

        held = await WebhookEndpoint.get(id=endpoint.id)
        assert held.lease_until is not None
        assert held.lease_until > now()
        assert endpoint.id not in await delivery.due_endpoints()  # the lease still holds
        webhook_workers.start()
        started = time.monotonic()

        async def lease_ended() -> bool:
            return endpoint.id in await delivery.due_endpoints()

        await _until(lease_ended, 60, webhook_workers)
        await _tick(webhook_workers, tmp_path)
        requests = await asyncio.to_thread(receiver.wait_for, 2)
    finally:
        release.set()

    assert time.monotonic() - started < 3 * TIMEOUT_SECONDS + 10 + 5
    assert requests[0].headers["webhook-id"] == requests[1].headers["webhook-id"]
    Webhook(secret).verify(requests[1].body, requests[1].headers)

    async def succeeded() -> bool:
        sent = await WebhookDelivery.get(endpoint=endpoint)
        return sent.status == DeliveryStatus.SUCCEEDED

    await _until(succeeded, 30, webhook_workers)
    sent = await WebhookDelivery.get(endpoint=endpoint)
    assert sent.attempts == 1  # the killed attempt never got to be recorded
    assert len(receiver.received) == 2


RENAME = """
mutation ($id: ID!) {
  updateOrganization(input: {id: $id, name: "Renamed"}) { userErrors { code } }
}
"""


@needs_postgres
async def test_events_written_while_the_broker_is_down_are_placed_and_sent_by_the_tick(
    api: Api,
    webhook_workers: Workers,
    receiver: Receiver,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from gql.schema.relay import to_global_id

    master = await factories.master()
    _, token = await factories.quick_member(master, "admin@example.com")
    owner = await factories.organization(OrganizationKind.CUSTOMER, master, name="Acme")
    await sequencer.place_pending()
    endpoint, secret = await endpoint_for(owner, receiver.url)

    def broker_down(*args: object, **kwargs: object) -> None:
        raise ConnectionError("the broker is down")

    monkeypatch.setattr(actors.place_events, "send", broker_down)
    renamed = await api.data(RENAME, {"id": to_global_id("Organization", owner.id)}, token)

    assert renamed["updateOrganization"]["userErrors"] == []
    assert (await Organization.get(id=owner.id)).name == "Renamed"
    unplaced = await AuditEvent.filter(position__isnull=True)
    assert [e.action for e in unplaced] == ["organization.update"]
    assert not await WebhookDelivery.filter(endpoint=endpoint).exists()

    webhook_workers.start()
    await _tick(webhook_workers, tmp_path)
    (request,) = await asyncio.to_thread(receiver.wait_for, 1)

    body = Webhook(secret).verify(request.body, request.headers)
    assert body["type"] == "organization.updated"
    assert body["data"]["id"] == to_global_id("AuditEvent", unplaced[0].id)
    assert orjson.loads(request.body) == body
