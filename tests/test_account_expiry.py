"""Account expiry (`expiresAt`): who sets it and how it is checked, and the scheduler's
ticks around it and around purges: warnings once, suspension as "expired" at the setter's
level, audit events as `system` (docs/notifications.md). On SQLite and PostgreSQL alike."""

from __future__ import annotations

import dataclasses
from datetime import timedelta
from typing import Any

import pytest
from tortoise.timezone import now

from gql.schema.relay import to_global_id
from models import AuditEvent, Organization, OutboxEmail
from models.enums import OrganizationKind, OrganizationStatus, Role
from settings import Settings
from tests import factories
from tests.api import Api
from tests.reseller_tree import reseller_tree
from workers.scheduler import tick

UPDATE = """
mutation ($id: ID!, $expires: DateTime) {
  updateOrganization(input: {id: $id, expiresAt: $expires}) {
    organization { expiresAt } userErrors { field code }
  }
}"""
CREATE = """
mutation ($expires: DateTime) {
  createCustomer(input: {name: "Fresh", owner: {email: "fresh@example.com"},
                         expiresAt: $expires}) {
    organization { id expiresAt } userErrors { field code }
  }
}"""
REACTIVATE = """
mutation ($ids: [ID!]!) { reactivateOrganizations(input: {ids: $ids}) {
  results { organization { status expiresAt } userErrors { code } } } }"""


def gid(org: Organization) -> str:
    return to_global_id("Organization", org.id)


def iso(days: float) -> str:
    return (now() + timedelta(days=days)).isoformat()


@pytest.fixture
async def tree() -> dict[str, Any]:
    return await reseller_tree(
        [
            ("admin", "master", Role.ADMIN),
            ("reseller", "reseller", Role.OWNER),
            ("reseller-member", "reseller", Role.MEMBER),
            ("owner", "customer", Role.OWNER),
            ("customer-admin", "customer", Role.ADMIN),
        ]
    )


@pytest.fixture
def quiet(settings: Settings) -> Settings:
    return dataclasses.replace(settings, expiry_warning_days=7, purge_warning_days=7)


# Setting it.


async def test_a_manager_sets_changes_and_clears_the_date_and_the_customer_reads_it(
    api: Api, tree: dict[str, Any]
) -> None:
    customer = tree["orgs"]["customer"]
    when = iso(30)

    set_ = await api.data(
        UPDATE, {"id": gid(customer), "expires": when}, tree["tokens"]["reseller"]
    )
    read = await api.data(
        "query ($id: ID!) { node(id: $id) { ... on Organization { expiresAt } } }",
        {"id": gid(customer)},
        tree["tokens"]["owner"],
    )
    await Organization.filter(id=customer.id).update(expiry_warned_at=now())
    cleared = await api.data(
        UPDATE, {"id": gid(customer), "expires": None}, tree["tokens"]["admin"]
    )

    assert set_["updateOrganization"]["userErrors"] == []
    assert read["node"]["expiresAt"] == set_["updateOrganization"]["organization"]["expiresAt"]
    assert cleared["updateOrganization"]["organization"]["expiresAt"] is None
    stored = await Organization.get(id=customer.id)
    assert stored.expires_at is None
    assert stored.expiry_warned_at is None  # a changed date is warned of again
    events = await AuditEvent.filter(action="organization.update").order_by("created_at")
    assert [e.summary["expiryLevel"] for e in events] == [1, 0]


@pytest.mark.parametrize("person", ["owner", "customer-admin"])
async def test_the_organization_itself_may_not_set_its_date_and_nothing_is_written(
    api: Api, tree: dict[str, Any], person: str
) -> None:
    customer = tree["orgs"]["customer"]
    query = """mutation ($id: ID!, $expires: DateTime) {
      updateOrganization(input: {id: $id, name: "Renamed", expiresAt: $expires}) {
        organization { name } userErrors { field code } } }"""

    data = await api.data(query, {"id": gid(customer), "expires": iso(900)}, tree["tokens"][person])

    assert data["updateOrganization"]["userErrors"] == [
        {"field": ["input", "expiresAt"], "code": "FORBIDDEN"}
    ]
    stored = await Organization.get(id=customer.id)
    assert (stored.name, stored.expires_at) == ("Bakery", None)
    # Its name it still edits.
    renamed = await api.data(
        'mutation ($id: ID!) { updateOrganization(input: {id: $id, name: "Renamed"}) '
        "{ userErrors { code } } }",
        {"id": gid(customer)},
        tree["tokens"][person],
    )
    assert renamed["updateOrganization"]["userErrors"] == []


@pytest.mark.parametrize(
    ("person", "target", "code"),
    [("reseller", "foreign", "NOT_FOUND"), ("reseller-member", "customer", "FORBIDDEN")],
)
async def test_another_reseller_s_customer_is_not_found_and_support_staff_is_forbidden(
    api: Api, tree: dict[str, Any], person: str, target: str, code: str
) -> None:
    org = tree["orgs"][target]

    body = await api(UPDATE, {"id": gid(org), "expires": iso(30)}, tree["tokens"][person])

    assert "errors" not in body
    assert [e["code"] for e in body["data"]["updateOrganization"]["userErrors"]] == [code]
    assert (await Organization.get(id=org.id)).expires_at is None


@pytest.mark.parametrize("days", [-1, 0])
async def test_a_date_that_is_not_in_the_future_is_invalid(
    api: Api, tree: dict[str, Any], days: int
) -> None:
    customer = tree["orgs"]["customer"]

    updated = await api.data(
        UPDATE, {"id": gid(customer), "expires": iso(days)}, tree["tokens"]["reseller"]
    )
    created = await api.data(CREATE, {"expires": iso(days)}, tree["tokens"]["reseller"])

    assert updated["updateOrganization"]["userErrors"] == [
        {"field": ["input", "expiresAt"], "code": "INVALID"}
    ]
    assert created["createCustomer"]["userErrors"] == [
        {"field": ["input", "expiresAt"], "code": "INVALID"}
    ]
    assert not await Organization.filter(name="Fresh").exists()


async def test_a_date_without_an_offset_is_a_bad_request(api: Api, tree: dict[str, Any]) -> None:
    body = await api(
        UPDATE,
        {"id": gid(tree["orgs"]["customer"]), "expires": "2999-01-01T00:00:00"},
        tree["tokens"]["reseller"],
    )

    assert body["errors"][0]["extensions"]["code"] == "BAD_REQUEST"


async def test_create_customer_sets_the_date_and_records_the_seller_s_level(
    api: Api, tree: dict[str, Any]
) -> None:
    data = await api.data(CREATE, {"expires": iso(60)}, tree["tokens"]["reseller"])

    payload = data["createCustomer"]
    assert payload["userErrors"] == []
    assert payload["organization"]["expiresAt"] is not None
    event = await AuditEvent.get(action="organization.create")
    assert event.summary["expiryLevel"] == 1


# The scheduler.


async def test_a_tick_warns_once_of_a_near_expiry_and_again_after_a_new_date(
    api: Api, tree: dict[str, Any], quiet: Settings
) -> None:
    customer = tree["orgs"]["customer"]
    await api.data(UPDATE, {"id": gid(customer), "expires": iso(3)}, tree["tokens"]["reseller"])
    far = await factories.organization(OrganizationKind.CUSTOMER, tree["orgs"]["reseller"])
    await Organization.filter(id=far.id).update(expires_at=now() + timedelta(days=30))
    await factories.quick_member(far, "far@example.com")

    first = await tick(quiet)
    second = await tick(quiet)
    await api.data(UPDATE, {"id": gid(customer), "expires": iso(5)}, tree["tokens"]["reseller"])
    third = await tick(quiet)

    assert (first.account_expiry_warnings, second.account_expiry_warnings) == (1, 0)
    assert third.account_expiry_warnings == 1
    emails = await OutboxEmail.filter(kind="notice-expiry-warning").order_by("created_at")
    assert [e.to_address for e in emails] == ["owner@example.com", "owner@example.com"]
    assert "Bakery expires on" in emails[0].subject
    assert await AuditEvent.filter(action="organization.expiry_warning").count() == 2
    event = await AuditEvent.filter(action="organization.expiry_warning").first()
    assert event is not None
    assert event.actor_email == "system"
    assert (await Organization.get(id=customer.id)).status == OrganizationStatus.ACTIVE


async def test_zero_warning_days_warns_of_nothing(
    api: Api, tree: dict[str, Any], settings: Settings
) -> None:
    await Organization.filter(id=tree["orgs"]["customer"].id).update(
        expires_at=now() + timedelta(hours=1)
    )
    off = dataclasses.replace(settings, expiry_warning_days=0)

    result = await tick(off)

    assert result.account_expiry_warnings == 0
    assert not await OutboxEmail.filter(kind="notice-expiry-warning").exists()


async def test_a_passed_date_suspends_as_expired_at_the_setter_s_level_once(
    api: Api, tree: dict[str, Any], quiet: Settings
) -> None:
    customer = tree["orgs"]["customer"]
    await api.data(UPDATE, {"id": gid(customer), "expires": iso(1)}, tree["tokens"]["reseller"])
    await Organization.filter(id=customer.id).update(expires_at=now() - timedelta(minutes=1))

    first = await tick(quiet)
    second = await tick(quiet)

    assert (first.accounts_expired, second.accounts_expired) == (1, 0)
    stored = await Organization.get(id=customer.id)
    assert stored.status == OrganizationStatus.SUSPENDED
    assert stored.suspension_reason == "expired"
    assert stored.suspended_by_depth == 1  # the reseller set the date: it may lift it
    event = await AuditEvent.get(action="organization.expire")
    assert event.actor_email == "system"
    assert event.summary["reason"] == "expired"
    emails = await OutboxEmail.filter(kind="notice-expired")
    assert [e.to_address for e in emails] == ["owner@example.com"]
    # Its login is told why.
    refused = await api("{ viewer { role } }", token=tree["tokens"]["owner"])
    assert refused["errors"][0]["extensions"]["suspension"]["reason"] == "expired"
    assert refused["errors"][0]["extensions"]["suspension"]["suspendedByKind"] == "RESELLER"


async def test_an_expiry_reaches_the_lifecycle_feed_as_a_suspension(
    tree: dict[str, Any], quiet: Settings
) -> None:
    from domain.actor import Actor
    from domain.events.event_feed import KIND_OF_ACTION, LifecycleFeed, LifecycleKind

    reseller = tree["orgs"]["reseller"]
    actor = Actor(organization=reseller, role=Role.OWNER, access_rights=frozenset())
    feed = LifecycleFeed(since=now() - timedelta(seconds=1))
    await Organization.filter(id=tree["orgs"]["customer"].id).update(
        expires_at=now() - timedelta(minutes=1)
    )

    await tick(quiet)

    events = await feed.next_batch(actor)
    assert [(KIND_OF_ACTION[e.action], e.target_name) for e in events] == [
        (LifecycleKind.SUSPENDED, "Bakery")
    ]


async def test_the_setter_reactivates_and_the_passed_date_is_lifted(
    api: Api, tree: dict[str, Any], quiet: Settings
) -> None:
    customer = tree["orgs"]["customer"]
    await api.data(UPDATE, {"id": gid(customer), "expires": iso(1)}, tree["tokens"]["reseller"])
    await Organization.filter(id=customer.id).update(expires_at=now() - timedelta(minutes=1))
    await tick(quiet)

    data = await api.data(REACTIVATE, {"ids": [gid(customer)]}, tree["tokens"]["reseller"])
    again = await tick(quiet)

    result = data["reactivateOrganizations"]["results"][0]
    assert result["userErrors"] == []
    assert result["organization"] == {"status": "ACTIVE", "expiresAt": None}
    assert again.accounts_expired == 0
    assert (await Organization.get(id=customer.id)).status == OrganizationStatus.ACTIVE


async def test_a_date_set_by_the_platform_is_lifted_by_the_platform_only(
    api: Api, tree: dict[str, Any], quiet: Settings
) -> None:
    customer = tree["orgs"]["customer"]
    await api.data(UPDATE, {"id": gid(customer), "expires": iso(1)}, tree["tokens"]["admin"])
    await Organization.filter(id=customer.id).update(expires_at=now() - timedelta(minutes=1))
    await tick(quiet)

    by_reseller = await api.data(REACTIVATE, {"ids": [gid(customer)]}, tree["tokens"]["reseller"])

    assert (await Organization.get(id=customer.id)).suspended_by_depth == 0
    assert by_reseller["reactivateOrganizations"]["results"][0]["userErrors"] == [
        {"code": "FORBIDDEN"}
    ]


async def test_a_date_no_event_tells_of_counts_as_the_owner_s(
    tree: dict[str, Any], quiet: Settings
) -> None:
    customer = tree["orgs"]["customer"]
    await Organization.filter(id=customer.id).update(expires_at=now() - timedelta(minutes=1))

    await tick(quiet)

    assert (await Organization.get(id=customer.id)).suspended_by_depth == 1  # the reseller's


@pytest.mark.parametrize(
    "status", [OrganizationStatus.PENDING, OrganizationStatus.SUSPENDED, OrganizationStatus.DELETED]
)
async def test_only_active_accounts_expire(
    tree: dict[str, Any], quiet: Settings, status: OrganizationStatus
) -> None:
    customer = tree["orgs"]["customer"]
    await Organization.filter(id=customer.id).update(
        status=status, expires_at=now() - timedelta(minutes=1), suspension_reason=None
    )

    result = await tick(quiet)

    assert result.accounts_expired == 0
    stored = await Organization.get(id=customer.id)
    assert (stored.status, stored.suspension_reason) == (status, None)


async def test_an_account_under_a_deleted_reseller_does_not_expire(
    tree: dict[str, Any], quiet: Settings
) -> None:
    await Organization.filter(id=tree["orgs"]["reseller"].id).update(
        status=OrganizationStatus.DELETED
    )
    await Organization.filter(id=tree["orgs"]["customer"].id).update(
        expires_at=now() - timedelta(minutes=1)
    )

    assert (await tick(quiet)).accounts_expired == 0


# Purge warnings.


async def test_a_tick_warns_once_before_a_purge_and_again_after_a_new_delete(
    api: Api, tree: dict[str, Any], quiet: Settings
) -> None:
    customer = tree["orgs"]["customer"]
    delete = """mutation ($ids: [ID!]!, $notify: Boolean!) {
      deleteOrganizations(input: {ids: $ids}, notify: $notify) { results { userErrors { code } } } }
    """
    restore = """mutation ($ids: [ID!]!) {
      restoreOrganizations(input: {ids: $ids}) { results { userErrors { code } } } }"""
    await api.data(delete, {"ids": [gid(customer)], "notify": False}, tree["tokens"]["reseller"])
    # Due in 3 days: within the warning period.
    await Organization.filter(id=customer.id).update(purge_after=now() + timedelta(days=3))

    first = await tick(quiet)
    second = await tick(quiet)
    await api.data(restore, {"ids": [gid(customer)]}, tree["tokens"]["reseller"])
    await api.data(delete, {"ids": [gid(customer)], "notify": False}, tree["tokens"]["reseller"])
    far = await tick(quiet)  # the new date is 30 days away: not yet
    await Organization.filter(id=customer.id).update(purge_after=now() + timedelta(days=2))
    near = await tick(quiet)

    assert (first.purge_warnings, second.purge_warnings) == (1, 0)
    assert (far.purge_warnings, near.purge_warnings) == (0, 1)
    emails = await OutboxEmail.filter(kind="notice-purge-warning").order_by("created_at")
    assert len(emails) == 2
    assert "will be removed on" in emails[0].subject
    events = await AuditEvent.filter(action="organization.purge_warning")
    assert len(events) == 2
    assert {e.actor_email for e in events} == {"system"}
    assert (await Organization.get(id=customer.id)).status == OrganizationStatus.DELETED


@pytest.mark.parametrize(("days", "warning_days"), [(20, 7), (3, 0)])
async def test_a_far_purge_or_zero_warning_days_warns_of_nothing(
    tree: dict[str, Any], settings: Settings, days: int, warning_days: int
) -> None:
    await Organization.filter(id=tree["orgs"]["customer"].id).update(
        status=OrganizationStatus.DELETED,
        deleted_at=now(),
        purge_after=now() + timedelta(days=days),
    )

    result = await tick(dataclasses.replace(settings, purge_warning_days=warning_days))

    assert result.purge_warnings == 0
    assert not await OutboxEmail.filter(kind="notice-purge-warning").exists()
