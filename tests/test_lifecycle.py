"""Lifecycle mutations (SPEC §2): every transition, every role, bulk, dry runs, audit."""

from __future__ import annotations

import asyncio
import uuid
from datetime import timedelta
from typing import Any

import pytest
from tortoise import Tortoise

from gql.schema.relay import to_global_id
from models import AuditEvent, Organization
from models.enums import OrganizationKind, OrganizationStatus, Role
from tests import factories
from tests.api import Api, error_codes

RESULT = "results { id organization { name status } userErrors { field code message } }"
MUTATIONS = {
    "activate": "activateOrganizations",
    "suspend": "suspendOrganizations",
    "reactivate": "reactivateOrganizations",
    "delete": "deleteOrganizations",
    "restore": "restoreOrganizations",
}
S = OrganizationStatus
# transition -> {status before: status after, or None when INVALID_STATE}
MATRIX: dict[str, dict[OrganizationStatus, OrganizationStatus | None]] = {
    "activate": {S.PENDING: S.ACTIVE, S.ACTIVE: None, S.SUSPENDED: None, S.DELETED: None},
    "suspend": {S.PENDING: None, S.ACTIVE: S.SUSPENDED, S.SUSPENDED: None, S.DELETED: None},
    "reactivate": {S.PENDING: None, S.ACTIVE: None, S.SUSPENDED: S.ACTIVE, S.DELETED: None},
    "delete": {S.PENDING: S.DELETED, S.ACTIVE: S.DELETED, S.SUSPENDED: S.DELETED, S.DELETED: None},
    "restore": {S.PENDING: None, S.ACTIVE: None, S.SUSPENDED: None, S.DELETED: S.SUSPENDED},
}


def mutation(action: str) -> str:
    return f"""
    mutation ($ids: [ID!]!, $dryRun: Boolean) {{
      {MUTATIONS[action]}(input: {{ids: $ids, dryRun: $dryRun}}) {{
        dryRun {RESULT} userErrors {{ code field }}
      }}
    }}"""


def gid(org: Organization) -> str:
    return to_global_id("Organization", org.id)


async def act(
    api: Api, token: str, action: str, orgs: list[Any], dry_run: bool = False
) -> dict[str, Any]:
    ids = [gid(o) if isinstance(o, Organization) else o for o in orgs]
    body = await api(mutation(action), {"ids": ids, "dryRun": dry_run}, token)
    assert "errors" not in body, body["errors"]
    payload: dict[str, Any] = body["data"][MUTATIONS[action]]
    return payload


def codes(payload: dict[str, Any]) -> list[str | None]:
    return [r["userErrors"][0]["code"] if r["userErrors"] else None for r in payload["results"]]


@pytest.fixture
async def tree() -> dict[str, Any]:
    master = await factories.master()
    reseller = await factories.organization(OrganizationKind.RESELLER, master, name="Reseller")
    other = await factories.organization(OrganizationKind.RESELLER, master, name="Other")
    sub = await factories.organization(OrganizationKind.RESELLER, reseller, name="Sub")
    orgs = {
        "master": master,
        "reseller": reseller,
        "other": other,
        "sub": sub,
        "own": await factories.organization(OrganizationKind.CUSTOMER, reseller, name="Own"),
        "foreign": await factories.organization(OrganizationKind.CUSTOMER, other, name="Foreign"),
        "subs": await factories.organization(OrganizationKind.CUSTOMER, sub, name="Sub's"),
    }
    tokens = {}
    for person, org, role in [
        ("admin", master, Role.ADMIN),
        ("support", master, Role.MEMBER),
        ("reseller", reseller, Role.OWNER),
        ("reseller-member", reseller, Role.MEMBER),
        ("customer-admin", orgs["own"], Role.ADMIN),
        ("customer-member", orgs["own"], Role.MEMBER),
    ]:
        _, tokens[person] = await factories.quick_member(org, f"{person}@example.com", role)
    return {"orgs": orgs, "tokens": tokens}


@pytest.mark.parametrize(
    ("action", "before"),
    [(action, before) for action, table in MATRIX.items() for before in table],
)
async def test_every_transition_from_every_state(
    api: Api, tree: dict[str, Any], action: str, before: OrganizationStatus
) -> None:
    org: Organization = tree["orgs"]["own"]
    extra: dict[str, Any] = {"status_before_delete": S.SUSPENDED} if before == S.DELETED else {}
    await Organization.filter(id=org.id).update(status=before, **extra)
    expected = MATRIX[action][before]

    payload = await act(api, tree["tokens"]["admin"], action, [org])

    await org.refresh_from_db()
    events = await AuditEvent.filter(target_id=org.id).count()
    if expected is None:
        assert codes(payload) == ["INVALID_STATE"]
        assert payload["results"][0]["organization"] is None
        assert org.status == before
        assert events == 0
    else:
        assert codes(payload) == [None]
        assert payload["results"][0]["organization"]["status"] == expected
        assert org.status == expected
        event = await AuditEvent.get(target_id=org.id)
        assert event.action == f"organization.{action}"
        assert event.actor_email == "admin@example.com"
        assert event.summary["from"] == before
        assert event.summary["to"] == expected


# The state each action starts from, and the state it leads to.
START = {
    "activate": (S.PENDING, S.ACTIVE),
    "suspend": (S.ACTIVE, S.SUSPENDED),
    "reactivate": (S.SUSPENDED, S.ACTIVE),
    "delete": (S.ACTIVE, S.DELETED),
    "restore": (S.DELETED, S.ACTIVE),
}


@pytest.mark.parametrize("action", list(MUTATIONS))
@pytest.mark.parametrize(
    ("person", "target", "expected"),
    [
        ("admin", "own", None),
        ("admin", "reseller", None),
        ("admin", "master", "FORBIDDEN"),
        ("reseller", "own", None),
        ("reseller", "sub", None),
        ("reseller", "subs", None),
        ("reseller", "foreign", "NOT_FOUND"),
        ("reseller", "other", "NOT_FOUND"),
        ("reseller", "reseller", "FORBIDDEN"),
    ],
)
async def test_who_may_do_what(
    api: Api, tree: dict[str, Any], action: str, person: str, target: str, expected: str | None
) -> None:
    org = tree["orgs"][target]
    before, after = START[action]
    if (person, target) in (("admin", "master"), ("reseller", "reseller")):
        before = S.ACTIVE  # one's own organization: blocking it would end one's session
    await Organization.filter(id=org.id).update(status=before, status_before_delete=S.ACTIVE)

    payload = await act(api, tree["tokens"][person], action, [org])

    assert codes(payload) == [expected]
    await org.refresh_from_db()
    assert org.status == (after if expected is None else before)


@pytest.mark.parametrize("action", list(MUTATIONS))
@pytest.mark.parametrize(
    "person", ["support", "reseller-member", "customer-admin", "customer-member"]
)
async def test_read_only_staff_and_customers_may_not_call_lifecycle_mutations(
    api: Api, tree: dict[str, Any], person: str, action: str
) -> None:
    target = tree["orgs"]["own"]

    body = await api(mutation(action), {"ids": [gid(target)]}, tree["tokens"][person])

    assert error_codes(body) == ["FORBIDDEN"]
    assert body["data"] is None
    await target.refresh_from_db()
    assert target.status == S.ACTIVE


async def test_a_bulk_call_applies_the_valid_ids_and_reports_the_rest(
    api: Api, tree: dict[str, Any]
) -> None:
    orgs = tree["orgs"]
    await Organization.filter(id=orgs["sub"].id).update(status=S.SUSPENDED)
    missing = to_global_id("Organization", uuid.uuid4())

    payload = await act(
        api,
        tree["tokens"]["reseller"],
        "suspend",
        [orgs["own"], orgs["sub"], orgs["foreign"], missing, "garbage", orgs["subs"]],
    )

    assert codes(payload) == [None, "INVALID_STATE", "NOT_FOUND", "NOT_FOUND", "NOT_FOUND", None]
    assert [r["userErrors"][0]["field"] for r in payload["results"] if r["userErrors"]] == [
        ["input", "ids", "1"],
        ["input", "ids", "2"],
        ["input", "ids", "3"],
        ["input", "ids", "4"],
    ]
    statuses = {o.name: o.status for o in await Organization.all()}
    assert statuses["Own"] == statuses["Sub's"] == S.SUSPENDED
    assert statuses["Foreign"] == S.ACTIVE
    assert await AuditEvent.all().count() == 2


async def test_foreign_and_missing_ids_get_the_same_answer(api: Api, tree: dict[str, Any]) -> None:
    missing = to_global_id("Organization", uuid.uuid4())

    payload = await act(
        api, tree["tokens"]["reseller"], "delete", [tree["orgs"]["foreign"], missing]
    )

    foreign, never_existed = payload["results"]
    assert foreign["userErrors"][0]["message"] == never_existed["userErrors"][0]["message"]
    assert foreign["organization"] is never_existed["organization"] is None


async def test_too_many_or_no_ids_are_refused_as_a_whole(api: Api, tree: dict[str, Any]) -> None:
    many = [gid(tree["orgs"]["own"])] * 101

    too_many = await act(api, tree["tokens"]["admin"], "suspend", many)
    none = await act(api, tree["tokens"]["admin"], "suspend", [])

    assert too_many["results"] == none["results"] == []
    assert too_many["userErrors"] == [{"code": "INVALID", "field": ["input", "ids"]}]
    assert none["userErrors"][0]["code"] == "INVALID"
    assert await AuditEvent.all().count() == 0


async def _snapshot() -> dict[str, list[dict[str, Any]]]:
    tables: dict[str, list[dict[str, Any]]] = {}
    for model in Tortoise.apps["models"].values():
        rows = await model.all().values()
        tables[model._meta.db_table] = sorted(rows, key=lambda row: str(row.get("id")))
    return tables


@pytest.mark.parametrize("action", list(MUTATIONS))
async def test_dry_run_reports_and_changes_nothing(
    api: Api, tree: dict[str, Any], action: str
) -> None:
    orgs = tree["orgs"]
    await Organization.filter(id=orgs["sub"].id).update(status=S.SUSPENDED)
    await Organization.filter(id=orgs["subs"].id).update(
        status=S.DELETED, status_before_delete=S.ACTIVE
    )
    await Organization.filter(id=orgs["own"].id).update(status=S.PENDING)
    before = await _snapshot()

    payload = await act(
        api, tree["tokens"]["admin"], action, [orgs["own"], orgs["sub"], orgs["subs"]], dry_run=True
    )

    assert payload["dryRun"] is True
    assert await _snapshot() == before
    expected = [
        None if MATRIX[action][status] else "INVALID_STATE"
        for status in (S.PENDING, S.SUSPENDED, S.DELETED)
    ]
    assert codes(payload) == expected


async def test_delete_sets_the_retention_window_and_restore_returns_the_old_status(
    api: Api, tree: dict[str, Any]
) -> None:
    org = tree["orgs"]["own"]
    await act(api, tree["tokens"]["admin"], "suspend", [org])

    await act(api, tree["tokens"]["admin"], "delete", [org])
    await org.refresh_from_db()
    assert org.status == S.DELETED
    assert org.deleted_at is not None
    assert org.purge_after is not None
    assert org.purge_after - org.deleted_at == timedelta(days=30)

    await act(api, tree["tokens"]["admin"], "restore", [org])
    await org.refresh_from_db()
    assert org.status == S.SUSPENDED
    assert org.deleted_at is None
    assert org.purge_after is None


async def test_suspending_a_reseller_blocks_its_customers_until_reactivated(
    api: Api, tree: dict[str, Any]
) -> None:
    orgs = tree["orgs"]
    admin = tree["tokens"]["admin"]
    await factories.member(orgs["own"], "owner@own.example")
    await factories.member(orgs["subs"], "owner@subs.example")
    await act(api, admin, "suspend", [orgs["subs"]])  # suspended on its own, before

    await act(api, admin, "suspend", [orgs["reseller"]])
    blocked = await api.data(
        'mutation { login(input: {email: "owner@own.example", '
        'password: "correct horse battery staple"}) { token userErrors { code } } }'
    )
    own = await Organization.get(id=orgs["own"].id)
    assert blocked["login"]["userErrors"] == [{"code": "ORGANIZATION_SUSPENDED"}]
    assert own.status == S.ACTIVE  # its own status was never rewritten

    await act(api, admin, "reactivate", [orgs["reseller"]])
    assert await api.login("owner@own.example", factories.PASSWORD)
    subs = await Organization.get(id=orgs["subs"].id)
    assert subs.status == S.SUSPENDED  # suspended on its own: stays so


async def test_concurrent_suspends_of_one_id_succeed_once(api: Api, tree: dict[str, Any]) -> None:
    org = tree["orgs"]["own"]
    token = tree["tokens"]["admin"]

    first, second = await asyncio.gather(
        act(api, token, "suspend", [org]), act(api, token, "suspend", [org])
    )

    assert sorted(codes(first) + codes(second), key=str) == ["INVALID_STATE", None]
    assert await AuditEvent.filter(action="organization.suspend").count() == 1


async def test_a_suspend_racing_a_delete_ends_in_a_valid_state(
    api: Api, tree: dict[str, Any]
) -> None:
    org = tree["orgs"]["own"]
    token = tree["tokens"]["admin"]

    suspend, delete = await asyncio.gather(
        act(api, token, "suspend", [org]), act(api, token, "delete", [org])
    )

    await org.refresh_from_db()
    assert org.status in (S.SUSPENDED, S.DELETED)
    successes = [c for c in codes(suspend) + codes(delete) if c is None]
    assert await AuditEvent.all().count() == len(successes) >= 1
    if org.status == S.DELETED:
        assert org.status_before_delete in (S.ACTIVE, S.SUSPENDED)


async def test_the_reason_is_recorded_and_shown(api: Api, tree: dict[str, Any]) -> None:
    org = tree["orgs"]["own"]
    query = """
    mutation ($ids: [ID!]!) {
      suspendOrganizations(input: {ids: $ids, reason: "Unpaid invoice"}) {
        results { organization { suspensionReason suspendedAt } userErrors { code } }
      }
    }"""

    data = await api.data(query, {"ids": [gid(org)]}, tree["tokens"]["admin"])

    result = data["suspendOrganizations"]["results"][0]
    assert result["organization"]["suspensionReason"] == "Unpaid invoice"
    assert result["organization"]["suspendedAt"] is not None
    event = await AuditEvent.get(target_id=org.id)
    assert event.summary["reason"] == "Unpaid invoice"
