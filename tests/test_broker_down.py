"""A broker that is down never fails a committed mutation: the answer is a success, the
rows are committed, and a later scheduler tick sends what could not be queued."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import pytest
from tortoise.timezone import now

from domain.people import password_flows
from gql.schema.relay import to_global_id
from models import DeletionJob, Organization, OutboxEmail, PasswordResetToken, User
from models.enums import EmailStatus, JobStatus, OrganizationKind, OrganizationStatus
from settings import Settings
from tests import factories
from tests.api import Api
from workers import actors, scheduler
from workers.broker import broker
from workers.embedded import embedded_worker

CREATE_CUSTOMER = """
mutation {
  createCustomer(input: {name: "Brokerless", owner: {email: "owner@example.com"}}) {
    organization { id status } owner { email } generatedPassword userErrors { code }
  }
}
"""
CREATE_USER = """
mutation ($org: ID!) {
  createUser(input: {organizationId: $org, email: "member@example.com"}) {
    user { email } generatedPassword userErrors { code }
  }
}
"""
PURGE = """
mutation ($ids: [ID!]!) {
  purgeOrganizations(input: {ids: $ids}) { results { job { id status } userErrors { code } } }
}
"""
REQUEST_RESET = """
mutation ($email: String!) {
  requestPasswordReset(input: {email: $email}) { accepted userErrors { code } }
}
"""


class BrokerDown(ConnectionError):
    pass


def _refuse(argument: str) -> None:
    raise BrokerDown("Error 111 connecting to the broker. Connection refused.")


@pytest.fixture
async def worker() -> AsyncIterator[None]:
    # Messages other tests left in the in-memory queues name rows that are gone now.
    broker.flush_all()
    async with embedded_worker():
        yield


@pytest.fixture
def broker_down(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    """Every enqueue raises, as a Redis broker at a closed port does; `.undo()` brings it
    back."""
    for actor in (actors.send_email, actors.purge_organization, actors.request_password_reset):
        monkeypatch.setattr(actor, "send", _refuse)
    return monkeypatch


@pytest.fixture
async def admin() -> str:
    master = await factories.master()
    _, token = await factories.quick_member(master, "admin@example.com")
    return token


async def _tick(settings: Settings) -> None:
    """A scheduler tick once the rows are silent for long enough, then the queues drained."""
    past = now() - timedelta(seconds=settings.job_stale_seconds + 1)
    await OutboxEmail.filter(status=EmailStatus.PENDING).update(created_at=past)
    await DeletionJob.filter(status=JobStatus.QUEUED).update(created_at=past)
    await scheduler.tick(settings)
    for queue in ("email", "purge"):
        await asyncio.to_thread(broker.join, queue, timeout=30_000)


async def test_create_customer_answers_its_password_and_the_welcome_is_sent_later(
    api: Api, worker: None, broker_down: pytest.MonkeyPatch, admin: str, settings: Settings
) -> None:
    body = await api(CREATE_CUSTOMER, token=admin)

    assert "errors" not in body, body
    created = body["data"]["createCustomer"]
    assert created["userErrors"] == []
    assert created["owner"] == {"email": "owner@example.com"}
    assert len(created["generatedPassword"]) >= 20  # shown once: it must not be lost
    assert await Organization.filter(name="Brokerless").exists()
    (welcome,) = await OutboxEmail.filter(kind="welcome")
    assert welcome.status == EmailStatus.PENDING

    broker_down.undo()
    await _tick(settings)

    assert (await OutboxEmail.get(id=welcome.id)).status == EmailStatus.SENT


async def test_create_user_answers_its_password_and_the_welcome_is_sent_later(
    api: Api, worker: None, broker_down: pytest.MonkeyPatch, admin: str, settings: Settings
) -> None:
    customer = await factories.organization(
        OrganizationKind.CUSTOMER, await Organization.get(name="Platform"), name="Customer"
    )
    data = await api.data(CREATE_USER, {"org": to_global_id("Organization", customer.id)}, admin)

    assert data["createUser"]["userErrors"] == []
    assert data["createUser"]["generatedPassword"]
    assert await User.filter(email="member@example.com").exists()

    broker_down.undo()
    await _tick(settings)

    assert (await OutboxEmail.get(to_address="member@example.com")).status == EmailStatus.SENT


async def test_a_purge_is_started_and_a_later_tick_runs_it(
    api: Api, worker: None, broker_down: pytest.MonkeyPatch, admin: str, settings: Settings
) -> None:
    doomed = await factories.organization(
        OrganizationKind.CUSTOMER,
        await Organization.get(name="Platform"),
        name="Doomed",
        status=OrganizationStatus.DELETED,
    )
    data = await api.data(PURGE, {"ids": [to_global_id("Organization", doomed.id)]}, admin)

    (result,) = data["purgeOrganizations"]["results"]
    assert result["userErrors"] == []
    assert result["job"]["status"] == "QUEUED"
    assert (await DeletionJob.get()).status == JobStatus.QUEUED

    broker_down.undo()
    await _tick(settings)

    assert (await DeletionJob.get()).status == JobStatus.DONE
    assert not await Organization.filter(id=doomed.id).exists()


async def test_a_reset_request_is_kept_and_a_later_tick_sends_the_link(
    api: Api, worker: None, broker_down: pytest.MonkeyPatch, admin: str, settings: Settings
) -> None:
    customer = await factories.organization(
        OrganizationKind.CUSTOMER, await Organization.get(name="Platform"), name="Customer"
    )
    await factories.member(customer, "user@example.com")

    known = await api.data(REQUEST_RESET, {"email": "User@Example.com"})
    unknown = await api.data(REQUEST_RESET, {"email": "nobody@example.com"})

    assert known == unknown == {"requestPasswordReset": {"accepted": True, "userErrors": []}}
    requests = await OutboxEmail.filter(kind=password_flows.RESET_REQUEST).count()
    assert requests == 2  # written before the broker was asked
    assert await PasswordResetToken.all().count() == 0

    broker_down.undo()
    await _tick(settings)

    (sent,) = await OutboxEmail.filter(kind="password-reset")
    assert sent.to_address == "user@example.com"
    assert sent.status == EmailStatus.SENT
    assert await PasswordResetToken.all().count() == 1
    # The requests were answered once each: none is left to answer again.
    assert await OutboxEmail.filter(kind=password_flows.RESET_REQUEST).count() == 0


async def test_a_reset_request_answered_twice_sends_one_email(settings: Settings) -> None:
    customer = await factories.organization(
        OrganizationKind.CUSTOMER, await factories.master(), name="Customer"
    )
    await factories.member(customer, "user@example.com")
    request = await password_flows.record_reset_request("user@example.com")
    assert request is not None

    first = await password_flows.answer_reset_request(request.id, settings)
    again = await password_flows.answer_reset_request(request.id, settings)

    assert first is not None
    assert again is None
    assert await OutboxEmail.filter(kind="password-reset").count() == 1


async def test_a_scheduler_tick_survives_the_broker_being_down(
    broker_down: pytest.MonkeyPatch, settings: Settings
) -> None:
    """The tick's own sends fail alike: it logs them and finishes its other work."""
    await password_flows.record_reset_request("someone@example.com")
    past = now() - timedelta(seconds=settings.job_stale_seconds + 1)
    await OutboxEmail.all().update(created_at=past)

    result: Any = await scheduler.tick(settings)

    assert result.resent == 1
    assert await OutboxEmail.filter(status=EmailStatus.PENDING).count() == 1
