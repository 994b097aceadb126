"""purgeOrganizations through GraphQL, run by the in-process worker on the stub broker."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from typing import Any
from uuid import UUID

import pytest

from domain.jobs import purge
from gql.schema.relay import to_global_id
from models import DeletionJob, Organization
from models.enums import JobStatus, OrganizationKind, OrganizationStatus
from tests import factories
from tests.api import Api, error_codes
from workers import actors
from workers.broker import broker
from workers.embedded import embedded_worker

PURGE = """
mutation ($ids: [ID!]!, $dryRun: Boolean) {
  purgeOrganizations(input: {ids: $ids, dryRun: $dryRun}) {
    dryRun
    results {
      job { id status total }
      counts { organizations services users }
      userErrors { code }
    }
  }
}
"""
JOB = """
query ($id: ID!) {
  deletionJob(id: $id) { organizationName status phase done total attempts error }
}
"""
RETRY = """
mutation ($id: ID!) { retryDeletionJob(input: {id: $id}) { job { status } userErrors { code } } }
"""


@pytest.fixture
async def worker() -> AsyncIterator[None]:
    broker.flush_all()  # messages earlier tests left about jobs whose rows are gone
    async with embedded_worker():
        yield


async def drained() -> None:
    """Wait until the purge queue is empty and every message was processed."""
    await asyncio.to_thread(broker.join, "purge", timeout=60_000)


@pytest.fixture
async def doomed() -> dict[str, Any]:
    master = await factories.master()
    _, admin = await factories.quick_member(master, "admin@example.com")
    reseller = await factories.organization(
        OrganizationKind.RESELLER, master, name="Doomed", status=OrganizationStatus.DELETED
    )
    for number in range(3):
        customer = await factories.organization(
            OrganizationKind.CUSTOMER, reseller, name=f"C{number}"
        )
        await factories.quick_member(customer, f"owner{number}@example.com")
    customer_alive = await factories.organization(OrganizationKind.CUSTOMER, master, name="Alive")
    _, reseller_token = await factories.quick_member(
        await factories.organization(OrganizationKind.RESELLER, master, name="Other"),
        "other@example.com",
    )
    return {
        "admin": admin,
        "other": reseller_token,
        "reseller": reseller,
        "alive": customer_alive,
    }


def gid(org: Organization) -> str:
    return to_global_id("Organization", org.id)


async def test_purge_through_the_api_runs_to_done(
    api: Api, worker: None, doomed: dict[str, Any]
) -> None:
    ids = [gid(doomed["reseller"])]
    dry = await api.data(PURGE, {"ids": ids, "dryRun": True}, doomed["admin"])
    assert dry["purgeOrganizations"]["results"][0]["counts"] == {
        "organizations": 4,
        "services": 0,
        "users": 3,
    }
    assert dry["purgeOrganizations"]["results"][0]["job"] is None
    assert await DeletionJob.all().count() == 0

    data = await api.data(PURGE, {"ids": ids}, doomed["admin"])
    await drained()

    job_id = data["purgeOrganizations"]["results"][0]["job"]["id"]
    job = (await api.data(JOB, {"id": job_id}, doomed["admin"]))["deletionJob"]
    assert job["status"] == "DONE"
    assert job["done"] == job["total"] > 0
    assert job["organizationName"] == "Doomed"
    assert {o.name for o in await Organization.all()} == {"Platform", "Alive", "Other"}
    # Another reseller does not see the job at all.
    assert await api.data(JOB, {"id": job_id}, doomed["other"]) == {"deletionJob": None}


async def test_only_deleted_and_managed_organizations_are_purged(
    api: Api, doomed: dict[str, Any]
) -> None:
    data = await api.data(
        PURGE, {"ids": [gid(doomed["alive"]), gid(doomed["reseller"])]}, doomed["other"]
    )

    codes = [r["userErrors"][0]["code"] for r in data["purgeOrganizations"]["results"]]
    assert codes == ["NOT_FOUND", "NOT_FOUND"]
    customer = await factories.organization(OrganizationKind.CUSTOMER, doomed["reseller"], name="x")
    member_token = (await factories.quick_member(customer, "m@example.com"))[1]
    assert error_codes(await api(PURGE, {"ids": [gid(customer)]}, member_token)) == [
        "UNAUTHENTICATED"  # its organization is effectively deleted: no session at all
    ]


async def test_a_second_purge_of_the_same_organization_is_refused(
    api: Api, doomed: dict[str, Any]
) -> None:
    ids = [gid(doomed["reseller"])]
    await api.data(PURGE, {"ids": ids}, doomed["admin"])  # no worker: stays QUEUED

    again = await api.data(PURGE, {"ids": ids}, doomed["admin"])

    assert again["purgeOrganizations"]["results"][0]["userErrors"] == [{"code": "INVALID_STATE"}]
    assert await DeletionJob.all().count() == 1
    broker.flush_all()


async def test_a_failing_job_retries_fails_visibly_and_can_be_retried(
    api: Api,
    worker: None,
    doomed: dict[str, Any],
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.WARNING, logger="tenantry.workers")
    monkeypatch.setitem(actors.purge_organization.options, "min_backoff", 10)
    monkeypatch.setitem(actors.purge_organization.options, "max_backoff", 20)
    real_step = purge.step

    async def broken_step(job_id: UUID, batch: int | None = None) -> bool:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(purge, "step", broken_step)
    data = await api.data(PURGE, {"ids": [gid(doomed["reseller"])]}, doomed["admin"])
    job_id = data["purgeOrganizations"]["results"][0]["job"]["id"]
    await drained()

    failed = (await api.data(JOB, {"id": job_id}, doomed["admin"]))["deletionJob"]
    assert failed["status"] == "FAILED"
    assert failed["attempts"] == actors.PURGE_ATTEMPTS
    # The cause is the operators' (a driver's message can quote other tenants' rows).
    assert failed["error"] == actors.INTERNAL_FAILURE
    assert any("disk on fire" in r.getMessage() for r in caplog.records)

    monkeypatch.setattr(purge, "step", real_step)
    retried = await api.data(RETRY, {"id": job_id}, doomed["admin"])
    await drained()

    assert retried["retryDeletionJob"] == {"job": {"status": "QUEUED"}, "userErrors": []}
    done = (await api.data(JOB, {"id": job_id}, doomed["admin"]))["deletionJob"]
    assert done["status"] == "DONE"
    assert done["error"] is None
    assert not await Organization.filter(name="Doomed").exists()
    again = await api.data(RETRY, {"id": job_id}, doomed["admin"])
    assert again["retryDeletionJob"]["userErrors"] == [{"code": "INVALID_STATE"}]


async def test_unfinished_jobs_are_sent_again_when_the_worker_starts(
    api: Api, doomed: dict[str, Any]
) -> None:
    await api.data(PURGE, {"ids": [gid(doomed["reseller"])]}, doomed["admin"])
    broker.flush_all()  # the process died: the in-memory queue is gone, the row is not

    async with embedded_worker():
        await drained()

    assert (await DeletionJob.get()).status == JobStatus.DONE


async def test_the_retention_sweep_purges_only_what_is_due(
    worker: None, doomed: dict[str, Any], settings: Any
) -> None:
    from datetime import timedelta

    from tortoise.timezone import now

    from models import AuditEvent
    from workers.scheduler import tick

    reseller = doomed["reseller"]
    child = await Organization.filter(owner_id=reseller.id).first()
    assert child is not None
    await Organization.filter(id__in=[reseller.id, child.id]).update(
        status=OrganizationStatus.DELETED, purge_after=now() - timedelta(minutes=1)
    )
    not_yet = await factories.organization(
        OrganizationKind.CUSTOMER, doomed["alive"].owner, name="Later"
    )
    await Organization.filter(id=not_yet.id).update(
        status=OrganizationStatus.DELETED, purge_after=now() + timedelta(days=1)
    )

    first = await tick(settings)
    await drained()
    second = await tick(settings)

    assert first.purges_started == 1  # the reseller's job covers its deleted customer too
    assert second.purges_started == 0
    assert (await DeletionJob.get()).status == JobStatus.DONE
    assert not await Organization.filter(name="Doomed").exists()
    assert await Organization.filter(name="Later").exists()
    event = await AuditEvent.get(action="organization.purge")
    assert event.actor_email == "system"
    assert event.summary["reason"] == "retention"
