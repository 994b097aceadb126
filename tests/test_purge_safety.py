"""A purge never destroys what is no longer meant to go: restoring during a purge is
refused, a purge step stops when its organization is no longer DELETED, and nothing can be
created under a deleted organization (where a purge would destroy it, or leave a login
without its membership)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import pytest

from domain.jobs import purge
from gql.schema.relay import to_global_id
from models import (
    ApiKey,
    DeletionJob,
    Department,
    Membership,
    Note,
    Organization,
    SecurityPolicy,
    Service,
    User,
)
from models.enums import JobStatus, OrganizationKind, OrganizationStatus, ServiceKind
from tests import factories
from tests.api import Api
from workers import actors

PURGE = """
mutation ($ids: [ID!]!) {
  purgeOrganizations(input: {ids: $ids}) { results { job { id status } userErrors { code } } }
}
"""
RESTORE = """
mutation ($ids: [ID!]!) {
  restoreOrganizations(input: {ids: $ids}) {
    results { organization { status } userErrors { code message } }
  }
}
"""
JOB = "query ($id: ID!) { deletionJob(id: $id) { status error done } }"


def gid(org: Organization) -> str:
    return to_global_id("Organization", org.id)


@pytest.fixture
def no_queue(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Purge messages are kept here instead of being queued: the test runs the job."""
    sent: list[str] = []
    monkeypatch.setattr(actors.purge_organization, "send", sent.append)
    return sent


@pytest.fixture
async def doomed() -> dict[str, Any]:
    """A DELETED reseller with two customers (one DELETED on its own too), each with an
    owner login and a service, and an ACTIVE customer elsewhere."""
    master = await factories.master()
    _, admin = await factories.quick_member(master, "admin@example.com")
    reseller = await factories.organization(OrganizationKind.RESELLER, master, name="Doomed")
    sub = await factories.organization(OrganizationKind.RESELLER, reseller, name="Doomed Sub")
    customers = []
    for number in range(2):
        customer = await factories.organization(
            OrganizationKind.CUSTOMER, reseller, name=f"C{number}"
        )
        await factories.quick_member(customer, f"owner{number}@example.com")
        await Service.create(organization=customer, kind=ServiceKind.WEBSITE, name=f"s{number}")
        customers.append(customer)
    await Organization.filter(id=customers[1].id).update(
        status=OrganizationStatus.DELETED, status_before_delete=OrganizationStatus.ACTIVE
    )
    await Organization.filter(id=reseller.id).update(
        status=OrganizationStatus.DELETED, status_before_delete=OrganizationStatus.ACTIVE
    )
    alive = await factories.organization(OrganizationKind.CUSTOMER, master, name="Alive")
    return {
        "admin": admin,
        "reseller": await Organization.get(id=reseller.id),
        "sub": sub,
        "customers": [await Organization.get(id=c.id) for c in customers],
        "alive": alive,
    }


async def _rows() -> dict[str, int]:
    return {
        "organizations": await Organization.all().count(),
        "users": await User.all().count(),
        "memberships": await Membership.all().count(),
        "services": await Service.all().count(),
    }


async def _start_purge(api: Api, doomed: dict[str, Any]) -> UUID:
    data = await api.data(PURGE, {"ids": [gid(doomed["reseller"])]}, doomed["admin"])
    (result,) = data["purgeOrganizations"]["results"]
    assert result["userErrors"] == []
    job = await DeletionJob.get(organization_id=doomed["reseller"].id)
    return job.id


async def test_restore_while_a_purge_is_queued_or_running_is_refused(
    api: Api, doomed: dict[str, Any], no_queue: list[str]
) -> None:
    job_id = await _start_purge(api, doomed)
    before = await _rows()

    # The reseller itself, and a customer deleted on its own inside it: both refused.
    for org in (doomed["reseller"], doomed["customers"][1]):
        data = await api.data(RESTORE, {"ids": [gid(org)]}, doomed["admin"])
        (result,) = data["restoreOrganizations"]["results"]
        assert result["organization"] is None
        assert [e["code"] for e in result["userErrors"]] == ["INVALID_STATE"]
        assert "purge" in result["userErrors"][0]["message"]
    assert (await Organization.get(id=doomed["reseller"].id)).status == OrganizationStatus.DELETED
    assert await _rows() == before  # nothing changed, nothing gone yet

    assert await purge.step(job_id, batch=1)  # RUNNING now, one row gone
    assert (await DeletionJob.get(id=job_id)).status == JobStatus.RUNNING
    data = await api.data(RESTORE, {"ids": [gid(doomed["reseller"])]}, doomed["admin"])
    assert [e["code"] for e in data["restoreOrganizations"]["results"][0]["userErrors"]] == [
        "INVALID_STATE"
    ]

    # The refused restore left a consistent DELETED tree: the job purges all of it.
    await purge.run(job_id)
    job = await DeletionJob.get(id=job_id)
    assert job.status == JobStatus.DONE
    assert job.done == job.total
    assert {o.name for o in await Organization.all()} == {"Platform", "Alive"}
    assert sorted(u.email for u in await User.all()) == ["admin@example.com"]


async def test_restore_after_the_purge_failed_or_ended_is_a_plain_state_answer(
    api: Api, doomed: dict[str, Any], no_queue: list[str]
) -> None:
    """Only an unfinished job blocks a restore: a FAILED job's organization can be
    restored (what the purge had not reached is kept), and a restore never reaches one."""
    job_id = await _start_purge(api, doomed)
    await DeletionJob.filter(id=job_id).update(status=JobStatus.FAILED)

    data = await api.data(RESTORE, {"ids": [gid(doomed["reseller"])]}, doomed["admin"])
    assert data["restoreOrganizations"]["results"][0] == {
        "organization": {"status": "ACTIVE"},
        "userErrors": [],
    }


async def test_a_purge_step_stops_when_its_organization_is_no_longer_deleted(
    api: Api, doomed: dict[str, Any], no_queue: list[str]
) -> None:
    job_id = await _start_purge(api, doomed)
    # A restore that slipped in after the purge was asked for (forced here).
    await Organization.filter(id=doomed["reseller"].id).update(status=OrganizationStatus.ACTIVE)
    before = await _rows()

    await purge.run(job_id)

    assert await _rows() == before  # nothing deleted
    job = (await api.data(JOB, {"id": to_global_id("DeletionJob", job_id)}, doomed["admin"]))[
        "deletionJob"
    ]
    assert job["status"] == "FAILED"
    assert job["done"] == 0
    assert "active again" in job["error"]


async def test_a_purge_stopped_mid_way_keeps_the_rest(
    api: Api, doomed: dict[str, Any], no_queue: list[str]
) -> None:
    job_id = await _start_purge(api, doomed)
    assert await purge.step(job_id, batch=1)  # one service gone
    await Organization.filter(id=doomed["reseller"].id).update(status=OrganizationStatus.ACTIVE)
    before = await _rows()

    await purge.run(job_id, batch=1)

    assert await _rows() == before
    job = await DeletionJob.get(id=job_id)
    assert (job.status, job.done) == (JobStatus.FAILED, 1)
    # A retry stops again, for the same reason, still deleting nothing.
    await DeletionJob.filter(id=job_id).update(status=JobStatus.QUEUED)
    await purge.run(job_id)
    assert (await DeletionJob.get(id=job_id)).status == JobStatus.FAILED
    assert await _rows() == before


CREATE_USER = """
mutation ($org: ID!) {
  createUser(input: {organizationId: $org, email: "late@example.com"}) {
    user { id } userErrors { code }
  }
}
"""
CREATE_CUSTOMER = """
mutation ($owner: ID!) {
  createCustomer(input: {name: "Late", ownerId: $owner, owner: {email: "late@example.com"}}) {
    organization { id } userErrors { code field }
  }
}
"""
CREATE_SERVICE = """
mutation ($org: ID!) {
  createService(input: {organizationId: $org, kind: WEBSITE, name: "late.example"}) {
    userErrors { code }
  }
}
"""
CREATE_DEPARTMENT = """
mutation ($org: ID!) {
  createDepartment(input: {organizationId: $org, name: "Late"}) { userErrors { code } }
}
"""
CREATE_API_KEY = """
mutation ($org: ID!) {
  createApiKey(input: {organizationId: $org, name: "late", role: ADMIN}) { userErrors { code } }
}
"""
ADD_NOTE = """
mutation ($org: ID!) {
  addNote(input: {organizationId: $org, text: "late"}) { userErrors { code } }
}
"""
UPDATE_POLICY = """
mutation ($org: ID!) {
  updateSecurityPolicy(input: {organizationId: $org, minPasswordLength: 12}) { userErrors { code } }
}
"""
MOVE = """
mutation ($ids: [ID!]!, $owner: ID!) {
  moveOrganizations(input: {ids: $ids, newOwnerId: $owner}) {
    results { userErrors { code } } userErrors { code }
  }
}
"""


def _codes(payload: dict[str, Any]) -> list[str]:
    results = payload.get("results", [])
    errors = payload["userErrors"] or [e for r in results for e in r["userErrors"]]
    return [e["code"] for e in errors]


async def test_nothing_is_created_under_a_deleted_organization(
    api: Api, doomed: dict[str, Any], no_queue: list[str]
) -> None:
    """Under a customer or sub-reseller whose reseller is DELETED (its own status ACTIVE),
    before and while a purge runs: every create answers INVALID_STATE and writes nothing."""
    admin = doomed["admin"]
    customer, sub = doomed["customers"][0], doomed["sub"]
    before = await _rows()
    for purging in (False, True):
        if purging:
            await _start_purge(api, doomed)
        calls: list[tuple[str, str, dict[str, Any]]] = [
            ("createUser", CREATE_USER, {"org": gid(customer)}),
            ("createCustomer", CREATE_CUSTOMER, {"owner": gid(sub)}),
            ("createService", CREATE_SERVICE, {"org": gid(customer)}),
            ("createDepartment", CREATE_DEPARTMENT, {"org": gid(customer)}),
            ("createApiKey", CREATE_API_KEY, {"org": gid(customer)}),
            ("addNote", ADD_NOTE, {"org": gid(customer)}),
            ("updateSecurityPolicy", UPDATE_POLICY, {"org": gid(customer)}),
            ("moveOrganizations", MOVE, {"ids": [gid(doomed["alive"])], "owner": gid(sub)}),
        ]
        for name, query, variables in calls:
            data = await api.data(query, variables, admin)
            assert _codes(data[name]) == ["INVALID_STATE"], (name, data)
    assert await _rows() == before
    assert await Department.all().count() == 0
    assert await ApiKey.all().count() == 0
    assert await Note.all().count() == 0
    assert await SecurityPolicy.all().count() == 0
    assert (await Organization.get(id=doomed["alive"].id)).owner_id != sub.id


async def test_a_customer_under_a_purge_cannot_be_moved_out_half_purged(
    api: Api, doomed: dict[str, Any], no_queue: list[str]
) -> None:
    master = await Organization.get(name="Platform")
    await _start_purge(api, doomed)

    data = await api.data(
        MOVE, {"ids": [gid(doomed["customers"][0])], "owner": gid(master)}, doomed["admin"]
    )

    assert _codes(data["moveOrganizations"]) == ["INVALID_STATE"]
    moved = await Organization.get(id=doomed["customers"][0].id)
    assert moved.owner_id == doomed["reseller"].id


DELETE_USER = """
mutation ($id: ID!, $org: ID!) {
  deleteUser(input: {id: $id, organizationId: $org}) { deletedUserId userErrors { code } }
}
"""


async def test_a_login_is_not_left_without_membership_by_a_removal_during_a_purge(
    api: Api, doomed: dict[str, Any], no_queue: list[str]
) -> None:
    """A login in a customer being purged and in a live one: the purge keeps it (it has a
    membership outside). Removing it from the live one meanwhile would leave it with none."""
    user, _ = await factories.quick_member(doomed["customers"][0], "both@example.com")
    await Membership.create(user=user, organization=doomed["alive"], role="ADMIN")
    job_id = await _start_purge(api, doomed)
    variables = {"id": to_global_id("User", user.id), "org": gid(doomed["alive"])}

    refused = await api.data(DELETE_USER, variables, doomed["admin"])

    assert refused["deleteUser"] == {
        "deletedUserId": None,
        "userErrors": [{"code": "INVALID_STATE"}],
    }
    await purge.run(job_id)
    assert await Membership.filter(user=user).count() == 1  # the live one, kept
    # Once the purge is over the removal goes ahead, and takes the login with it.
    removed = await api.data(DELETE_USER, variables, doomed["admin"])
    assert removed["deleteUser"]["userErrors"] == []
    assert not await User.filter(id=user.id).exists()
