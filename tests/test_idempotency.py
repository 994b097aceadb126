"""Replays of idempotent creates (createCustomer, createReseller, copyCustomer) answer as
the caller stands now: NOT_FOUND for what it can no longer see or what is gone, and
IDEMPOTENCY_MISMATCH for the same key with another request."""

from __future__ import annotations

from typing import Any

import pytest

from domain.jobs import purge
from gql.schema.relay import to_global_id
from models import AuditEvent, DeletionJob, IdempotencyRecord, Membership, Organization
from models.enums import OrganizationKind, OrganizationStatus, Role
from tests import factories
from tests.api import Api
from workers import actors

CREATE = """
mutation ($input: CreateOrganizationInput!) {
  %s(input: $input) {
    organization { id name } owner { email } generatedPassword
    userErrors { field code message }
  }
}
"""
COPY = """
mutation ($input: CopyCustomerInput!) {
  copyCustomer(input: $input) {
    organization { id name } owner { email } userErrors { field code message }
  }
}
"""
MOVE = """
mutation ($ids: [ID!]!, $owner: ID!) {
  moveOrganizations(input: {ids: $ids, newOwnerId: $owner}) { results { userErrors { code } } }
}
"""
DELETE = """
mutation ($ids: [ID!]!) {
  deleteOrganizations(input: {ids: $ids}) { results { userErrors { code } } }
}
"""
PURGE = """
mutation ($ids: [ID!]!) {
  purgeOrganizations(input: {ids: $ids}) { results { userErrors { code } } }
}
"""


def gid(org: Organization) -> str:
    return to_global_id("Organization", org.id)


@pytest.fixture
async def world() -> dict[str, Any]:
    master = await factories.master()
    first = await factories.organization(OrganizationKind.RESELLER, master, name="First")
    second = await factories.organization(OrganizationKind.RESELLER, master, name="Second")
    tokens = {}
    for person, org in [("admin", master), ("first", first), ("second", second)]:
        _, tokens[person] = await factories.quick_member(org, f"{person}@example.com")
    return {"master": master, "first": first, "second": second, "tokens": tokens}


async def create(
    api: Api, token: str, mutation: str = "createCustomer", **fields: Any
) -> dict[str, Any]:
    payload = {"name": "Repeat Co", "owner": {"email": "repeat@example.com"}, **fields}
    data = await api.data(CREATE % mutation, {"input": payload}, token)
    result: dict[str, Any] = data[mutation]
    return result


def _codes(result: dict[str, Any]) -> list[str]:
    return [error["code"] for error in result["userErrors"]]


async def test_a_replay_of_a_customer_moved_away_is_not_found(
    api: Api, world: dict[str, Any]
) -> None:
    first = await create(api, world["tokens"]["first"], idempotencyKey="k1")
    customer = await Organization.get(name="Repeat Co")
    moved = await api.data(
        MOVE, {"ids": [gid(customer)], "owner": gid(world["second"])}, world["tokens"]["admin"]
    )
    assert moved["moveOrganizations"]["results"] == [{"userErrors": []}]

    replay = await create(api, world["tokens"]["first"], idempotencyKey="k1")

    assert first["userErrors"] == []
    assert replay["organization"] is None
    assert replay["owner"] is None
    assert _codes(replay) == ["NOT_FOUND"]
    assert replay["userErrors"][0]["field"] == ["input", "idempotencyKey"]
    assert await Organization.filter(name="Repeat Co").count() == 1


async def test_a_replay_after_the_callers_scope_changed_is_not_found(
    api: Api, world: dict[str, Any]
) -> None:
    """The same login, now acting for another reseller, replays its key: the first result
    is under the reseller it no longer acts for."""
    await create(api, world["tokens"]["first"], idempotencyKey="k1")
    user = (await Membership.get(organization=world["first"]).prefetch_related("user")).user
    elsewhere = await Membership.create(user=user, organization=world["second"], role=Role.OWNER)
    token = await factories.session_for(user, elsewhere)

    replay = await create(api, token, idempotencyKey="k1")

    assert replay["organization"] is None
    assert _codes(replay) == ["NOT_FOUND"]
    assert await Organization.filter(name="Repeat Co").count() == 1


@pytest.mark.parametrize("mutation", ["createCustomer", "createReseller"])
async def test_a_replay_of_a_purged_result_is_not_found_not_internal(
    api: Api, world: dict[str, Any], monkeypatch: pytest.MonkeyPatch, mutation: str
) -> None:
    monkeypatch.setattr(actors.purge_organization, "send", lambda job_id: None)
    admin = world["tokens"]["admin"]
    first = await create(api, admin, mutation, idempotencyKey="k1")
    ids = [first["organization"]["id"]]
    await api.data(DELETE, {"ids": ids}, admin)
    await api.data(PURGE, {"ids": ids}, admin)
    await purge.run((await DeletionJob.get()).id)
    assert await Organization.filter(name="Repeat Co").count() == 0

    body = await api(CREATE % mutation, {"input": _repeat("k1")}, admin)

    assert "errors" not in body, body
    replay = body["data"][mutation]
    assert replay["organization"] is None
    assert _codes(replay) == ["NOT_FOUND"]
    assert "no longer exists" in replay["userErrors"][0]["message"]


def _repeat(key: str) -> dict[str, Any]:
    return {"name": "Repeat Co", "owner": {"email": "repeat@example.com"}, "idempotencyKey": key}


@pytest.mark.parametrize("mutation", ["createCustomer", "createReseller"])
@pytest.mark.parametrize(
    "change",
    [
        {"name": "Another Co"},
        {"owner": {"email": "repeat@example.com", "password": "another long password 1"}},
        {"company": "Repeat Co Ltd"},
        {"activate": False},
    ],
)
async def test_the_same_key_with_another_request_is_refused(
    api: Api, world: dict[str, Any], mutation: str, change: dict[str, Any]
) -> None:
    admin = world["tokens"]["admin"]
    first = await create(api, admin, mutation, idempotencyKey="k1")
    events = await AuditEvent.all().count()

    other = await create(api, admin, mutation, idempotencyKey="k1", **change)
    same = await create(api, admin, mutation, idempotencyKey="k1")

    assert other["organization"] is None
    assert _codes(other) == ["IDEMPOTENCY_MISMATCH"]
    assert other["userErrors"][0]["field"] == ["input", "idempotencyKey"]
    assert same["organization"] == first["organization"]  # the first request still replays
    assert same["userErrors"] == []
    assert await Organization.filter(name__in=["Repeat Co", "Another Co"]).count() == 1
    assert await AuditEvent.all().count() == events


async def test_a_copy_replays_checks_its_request_and_what_it_can_still_see(
    api: Api, world: dict[str, Any]
) -> None:
    source = await factories.organization(OrganizationKind.CUSTOMER, world["first"], name="Src")
    token = world["tokens"]["first"]

    def copy(name: str, kinds: list[str]) -> dict[str, Any]:
        return {
            "sourceId": gid(source),
            "name": name,
            "owner": {"email": "copy@example.com"},
            "serviceKinds": kinds,
            "idempotencyKey": "c1",
        }

    first = (await api.data(COPY, {"input": copy("Copy", ["WEBSITE", "DATABASE"])}, token))[
        "copyCustomer"
    ]
    # Kinds are a set: their order is no difference.
    same = (await api.data(COPY, {"input": copy("Copy", ["DATABASE", "WEBSITE"])}, token))[
        "copyCustomer"
    ]
    other = (await api.data(COPY, {"input": copy("Copy", ["WEBSITE"])}, token))["copyCustomer"]
    assert first["userErrors"] == []
    assert same["organization"] == first["organization"]
    assert _codes(other) == ["IDEMPOTENCY_MISMATCH"]

    copied = await Organization.get(name="Copy")
    await api.data(
        MOVE, {"ids": [gid(copied)], "owner": gid(world["second"])}, world["tokens"]["admin"]
    )
    gone = (await api.data(COPY, {"input": copy("Copy", ["WEBSITE", "DATABASE"])}, token))[
        "copyCustomer"
    ]
    assert gone["organization"] is None
    assert _codes(gone) == ["NOT_FOUND"]


async def test_a_record_written_before_fingerprints_replays_as_before(
    api: Api, world: dict[str, Any]
) -> None:
    admin = world["tokens"]["admin"]
    first = await create(api, admin, idempotencyKey="k1")
    record = await IdempotencyRecord.get()
    assert set(record.result) == {"organization", "owner", "invitation", "fingerprint"}
    record.result = {k: v for k, v in record.result.items() if k != "fingerprint"}
    await record.save()

    replay = await create(api, admin, idempotencyKey="k1", name="Renamed Co")

    assert replay["userErrors"] == []
    assert replay["organization"] == first["organization"]
    assert replay["generatedPassword"] is None


async def test_a_replay_into_a_deleted_but_visible_result_still_answers_it(
    api: Api, world: dict[str, Any]
) -> None:
    """DELETED is not gone: its owner chain still sees it, and the replay answers it."""
    admin = world["tokens"]["admin"]
    first = await create(api, admin, idempotencyKey="k1")
    await api.data(DELETE, {"ids": [first["organization"]["id"]]}, admin)
    assert (await Organization.get(name="Repeat Co")).status == OrganizationStatus.DELETED

    replay = await create(api, admin, idempotencyKey="k1")

    assert replay["organization"] == first["organization"]
