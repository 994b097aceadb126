"""Writes the authority property test cannot reach as successes (a failed purge, a link
sent by email) emit their events too: retrying a failed purge, and setting a password
through a reset link. A refused retry or reset writes none."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from uuid import uuid4

import pytest
from tortoise.timezone import now

from domain.security.tokens import RESET_PREFIX, hash_secret, new_secret
from gql.schema.relay import to_global_id
from models import AuditEvent, DeletionJob, PasswordResetToken
from models.enums import JobStatus, OrganizationKind, OrganizationStatus, Role
from tests import factories
from tests.api import Api
from tests.factories import TEST_SECRET_KEY
from workers.broker import broker

RETRY = (
    "mutation ($id: ID!) { retryDeletionJob(input: {id: $id}) "
    "{ job { status } userErrors { code } } }"
)
RESET = (
    "mutation ($token: String!, $new: String!) { resetPassword(input: {token: $token, "
    "newPassword: $new}) { done userErrors { code } } }"
)
NEW = "a brand new passphrase 42"


@pytest.fixture(autouse=True)
def no_messages_left() -> Iterator[None]:
    """A retry queues its job: a worker another test starts must not run it once the
    job's row is gone (it would retry for long)."""
    yield
    broker.flush_all()


async def _failed_job(org_id: object, name: str, path: str) -> DeletionJob:
    return await DeletionJob.create(
        organization_id=org_id,
        organization_name=name,
        organization_path=path,
        status=JobStatus.FAILED,
        error="it broke",
        attempts=4,
        total=1,
    )


async def test_retrying_a_failed_purge_is_an_event_of_the_organization(api: Api) -> None:
    master = await factories.master()
    reseller = await factories.organization(OrganizationKind.RESELLER, master, name="Reseller")
    doomed = await factories.organization(
        OrganizationKind.CUSTOMER, reseller, name="Doomed", status=OrganizationStatus.DELETED
    )
    _, token = await factories.quick_member(reseller, "admin@example.com", Role.ADMIN)
    job = await _failed_job(doomed.id, "Doomed", doomed.path)
    before = await AuditEvent.all().count()

    body = await api.data(RETRY, {"id": to_global_id("DeletionJob", job.id)}, token)
    again = await api.data(RETRY, {"id": to_global_id("DeletionJob", job.id)}, token)

    assert body["retryDeletionJob"] == {"job": {"status": "QUEUED"}, "userErrors": []}
    assert again["retryDeletionJob"]["userErrors"] == [{"code": "INVALID_STATE"}]
    events = await AuditEvent.all().order_by("created_at").offset(before)
    assert [(e.action, e.target_type, e.target_id) for e in events] == [
        ("organization.purge_retry", "DeletionJob", job.id)
    ]
    assert events[0].organization_id == doomed.id
    assert events[0].actor_email == "admin@example.com"


async def test_a_retry_of_a_purge_whose_organization_is_gone_is_the_manager_s_event(
    api: Api,
) -> None:
    master = await factories.master()
    reseller = await factories.organization(OrganizationKind.RESELLER, master, name="Reseller")
    _, token = await factories.quick_member(reseller, "admin@example.com", Role.ADMIN)
    # The job of a customer already removed (a purge deletes it last): only its path is left.
    job = await _failed_job(uuid4(), "Gone", f"{reseller.path}{'0' * 32}/")

    body = await api.data(RETRY, {"id": to_global_id("DeletionJob", job.id)}, token)

    assert body["retryDeletionJob"]["userErrors"] == []
    event = await AuditEvent.get(action="organization.purge_retry")
    assert event.organization_id == reseller.id
    assert event.target_name == "Gone"


async def test_a_password_set_through_a_reset_link_is_the_login_s_own_event(api: Api) -> None:
    master = await factories.master()
    reseller = await factories.organization(OrganizationKind.RESELLER, master, name="Reseller")
    customer = await factories.organization(OrganizationKind.CUSTOMER, reseller, name="Bakery")
    user, _ = await factories.quick_member(customer, "owner@example.com")
    secret = new_secret(RESET_PREFIX)
    await PasswordResetToken.create(
        token_hash=hash_secret(secret, TEST_SECRET_KEY),
        user=user,
        expires_at=now() + timedelta(minutes=10),
    )
    before = await AuditEvent.all().count()

    wrong = await api.data(RESET, {"token": new_secret(RESET_PREFIX), "new": NEW})
    assert wrong["resetPassword"]["userErrors"] == [{"code": "INVALID"}]
    assert await AuditEvent.all().count() == before  # a refused reset is no event
    done = await api.data(RESET, {"token": secret, "new": NEW})

    assert done["resetPassword"] == {"done": True, "userErrors": []}
    event = await AuditEvent.get(action="user.reset_password")
    assert event.organization_id == customer.id
    assert (event.target_type, event.target_id) == ("User", user.id)
    # The login acted as itself: its own organization reads who, not "provider".
    assert event.actor_email == "owner@example.com"
    assert event.actor_organization_id == customer.id
    assert event.summary == {"purpose": "RESET"}
