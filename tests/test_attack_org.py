"""Attacks on the organization features of issue 14 (plans in place, settings, templates,
expiry, notes, external ids, domains, the services list), each kept as a regression test."""

from __future__ import annotations

import dataclasses
from datetime import timedelta
from typing import Any

import pytest
from tortoise.timezone import now

from gql.schema.relay import to_global_id
from models import Organization
from models.enums import OrganizationStatus, Role
from settings import Settings
from tests.api import Api
from tests.reseller_tree import reseller_tree
from workers.scheduler import tick


def gid(org: Organization) -> str:
    return to_global_id("Organization", org.id)


@pytest.fixture
async def tree() -> dict[str, Any]:
    return await reseller_tree(
        [
            ("admin", "master", Role.ADMIN),
            ("reseller", "reseller", Role.OWNER),
            ("other", "other", Role.OWNER),
            ("owner", "customer", Role.OWNER),
            ("member", "customer", Role.MEMBER),
        ]
    )


EXPIRES = """
mutation ($id: ID!, $expires: DateTime) {
  updateOrganization(input: {id: $id, expiresAt: $expires}) { userErrors { field code } }
}"""
RENAME = """
mutation ($id: ID!, $name: String!) {
  updateOrganization(input: {id: $id, name: $name}) { userErrors { field code } }
}"""
REACTIVATE = """
mutation ($ids: [ID!]!) { reactivateOrganizations(input: {ids: $ids}) {
  results { organization { status } userErrors { code } } } }"""


async def test_renames_after_a_platform_expiry_date_do_not_hand_its_suspension_down(
    api: Api, tree: dict[str, Any], settings: Settings
) -> None:
    """The platform sets a customer's expiry; then the customer renames itself many times.
    The expiry's suspension must still be the platform's: its reseller may not lift it."""
    customer, tokens = tree["orgs"]["customer"], tree["tokens"]
    set_ = await api.data(
        EXPIRES,
        {"id": gid(customer), "expires": (now() + timedelta(days=1)).isoformat()},
        tokens["admin"],
    )
    assert set_["updateOrganization"]["userErrors"] == []
    for index in range(60):
        renamed = await api.data(
            RENAME, {"id": gid(customer), "name": f"Bakery {index}"}, tokens["owner"]
        )
        assert renamed["updateOrganization"]["userErrors"] == []
    await Organization.filter(id=customer.id).update(expires_at=now() - timedelta(minutes=1))

    await tick(dataclasses.replace(settings, expiry_warning_days=7))
    by_reseller = await api.data(REACTIVATE, {"ids": [gid(customer)]}, tokens["reseller"])

    stored = await Organization.get(id=customer.id)
    assert stored.suspended_by_depth == 0
    assert by_reseller["reactivateOrganizations"]["results"][0]["userErrors"] == [
        {"code": "FORBIDDEN"}
    ]
    assert (await Organization.get(id=customer.id)).status == OrganizationStatus.SUSPENDED


MOVE = """
mutation ($ids: [ID!]!, $to: ID!) {
  moveOrganizations(input: {ids: $ids, newOwnerId: $to}) {
    results { organization { id } userErrors { field code } } userErrors { field code }
  }
}"""


async def test_a_move_onto_an_owner_whose_customer_has_its_external_id_is_a_duplicate(
    api: Api, tree: dict[str, Any]
) -> None:
    """Two resellers' billing both number a customer WHMCS-1: moving one beside the other
    answers DUPLICATE for that id, never an internal error, and moves nothing."""
    customer, foreign = tree["orgs"]["customer"], tree["orgs"]["foreign"]
    await Organization.filter(id__in=[customer.id, foreign.id]).update(external_id="WHMCS-1")

    body = await api(
        MOVE, {"ids": [gid(customer)], "to": gid(tree["orgs"]["other"])}, tree["tokens"]["admin"]
    )

    assert "errors" not in body, body["errors"]
    result = body["data"]["moveOrganizations"]["results"][0]
    assert result["userErrors"] == [{"field": ["input", "ids", "0"], "code": "DUPLICATE"}]
    stored = await Organization.get(id=customer.id)
    assert stored.owner_id == tree["orgs"]["reseller"].id


PURGE = """
mutation ($ids: [ID!]!, $to: ID) {
  purgeOrganizations(input: {ids: $ids, reassignCustomersTo: $to}) {
    results { job { id } userErrors { field code } }
  }
}"""


async def test_a_hand_over_onto_an_owner_holding_a_customer_s_external_id_is_refused(
    api: Api, tree: dict[str, Any]
) -> None:
    """Purging a reseller and handing its customers to another: a clash of external ids at
    the new owner would fail the job midway; it is refused up front."""
    reseller, customer, foreign = (tree["orgs"][n] for n in ("reseller", "customer", "foreign"))
    await Organization.filter(id__in=[customer.id, foreign.id]).update(external_id="WHMCS-1")
    await Organization.filter(id=reseller.id).update(status=OrganizationStatus.DELETED)

    body = await api(
        PURGE, {"ids": [gid(reseller)], "to": gid(tree["orgs"]["other"])}, tree["tokens"]["admin"]
    )

    result = body["data"]["purgeOrganizations"]["results"][0]
    assert result == {
        "job": None,
        "userErrors": [{"field": ["input", "ids", "0"], "code": "DUPLICATE"}],
    }


async def test_a_hand_over_that_meets_an_id_taken_meanwhile_goes_on_without_it(
    tree: dict[str, Any],
) -> None:
    from domain.hierarchy import handover
    from models import DeletionJob

    reseller, customer, other = (tree["orgs"][n] for n in ("reseller", "customer", "other"))
    await Organization.filter(id__in=[customer.id, tree["orgs"]["foreign"].id]).update(
        external_id="WHMCS-1"
    )
    reseller = await Organization.get(id=reseller.id)
    job = await DeletionJob.create(
        organization_id=reseller.id,
        organization_name=reseller.name,
        organization_path=reseller.path,
        reassign_customers_to=other.id,
        total=0,
    )

    assert await handover.reassign_batch(job, 10) == 1

    moved = await Organization.get(id=customer.id)
    assert (moved.owner_id, moved.external_id) == (other.id, None)


CHANGE_PLAN = """
mutation ($id: ID!, $plan: ID) {
  changePlan(input: {id: $id, planId: $plan}) { organization { id } userErrors { field code } }
}"""


async def test_a_plan_change_that_loses_a_race_with_a_move_does_not_follow_it(
    api: Api, tree: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """changePlan picks a plan of the customer's owner, then locks its row; a move that
    commits in between must not leave the customer under its new owner on a plan of the
    old one (whose staff could then set its limits with updatePlan)."""
    from domain.actor import Actor
    from domain.hierarchy import moves
    from domain.provisioning import plan_changes
    from models import Plan

    customer, reseller = tree["orgs"]["customer"], tree["orgs"]["reseller"]
    sold = await Plan.create(
        owner=reseller, name="Sold", website_quota=5, enabled_kinds=["WEBSITE"]
    )
    real_assignable = moves.assignable_plan

    async def moved_meanwhile(*args: Any) -> Plan:
        plan = await real_assignable(*args)
        admin = Actor(
            organization=tree["orgs"]["master"], role=Role.OWNER, access_rights=frozenset()
        )
        [outcome] = await moves.move(
            admin, [customer.id], new_owner_id=tree["orgs"]["other"].id, plan_id=None, dry_run=False
        )
        assert outcome.error is None
        return plan

    monkeypatch.setattr(plan_changes, "assignable_plan", moved_meanwhile)
    data = await api.data(
        CHANGE_PLAN,
        {"id": gid(customer), "plan": to_global_id("Plan", sold.id)},
        tree["tokens"]["admin"],
    )

    assert data["changePlan"]["userErrors"] == [{"field": ["input", "id"], "code": "INVALID_STATE"}]
    stored = await Organization.get(id=customer.id)
    assert stored.owner_id == tree["orgs"]["other"].id
    assert stored.plan_id != sold.id


async def test_an_account_under_a_deleted_reseller_is_not_warned_of_its_expiry(
    tree: dict[str, Any], settings: Settings
) -> None:
    """A customer of a deleted reseller is effectively deleted: it neither expires nor is
    told to ask that (deleted) provider to extend its account."""
    from models import OutboxEmail

    await Organization.filter(id=tree["orgs"]["reseller"].id).update(
        status=OrganizationStatus.DELETED
    )
    await Organization.filter(id=tree["orgs"]["customer"].id).update(
        expires_at=now() + timedelta(days=2)
    )

    result = await tick(dataclasses.replace(settings, expiry_warning_days=7))

    assert result.account_expiry_warnings == 0
    assert not await OutboxEmail.filter(kind="notice-expiry-warning").exists()
    stored = await Organization.get(id=tree["orgs"]["customer"].id)
    assert stored.expiry_warned_at is None  # warned once it is restored, if still due


OVERRIDES = """
mutation ($input: SetQuotaOverridesInput!) {
  setQuotaOverrides(input: $input) { organization { id } userErrors { field code } }
}"""


async def test_clearing_an_override_is_checked_against_the_plan_as_it_is_under_the_lock(
    api: Api, tree: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Bakery uses 5 websites on a plan of 10, with its own override of 8. Its plan is
    lowered to 3 (allowed: the override, not the plan, binds it) just after
    setQuotaOverrides read the plan; clearing the override must then be refused, or its 5
    websites would sit above a quota of 3."""
    from domain.provisioning import plan_changes
    from models import Plan, Service
    from models.enums import ServiceKind

    customer, reseller = tree["orgs"]["customer"], tree["orgs"]["reseller"]
    plan = await Plan.create(
        owner=reseller, name="Ten", website_quota=10, enabled_kinds=["WEBSITE"]
    )
    await Organization.filter(id=customer.id).update(
        plan_id=plan.id, quota_overrides={"website_quota": 8}
    )
    for index in range(5):
        await Service.create(
            organization=customer, kind=ServiceKind.WEBSITE, name=f"s{index}.example"
        )
    real_check = plan_changes._check_usage
    lowered = False

    async def lowered_meanwhile(*args: Any) -> None:
        nonlocal lowered
        await real_check(*args)
        if not lowered:  # the first check, before the lock: updatePlan commits now
            lowered = True
            await Plan.filter(id=plan.id).update(website_quota=3)

    monkeypatch.setattr(plan_changes, "_check_usage", lowered_meanwhile)
    data = await api.data(
        OVERRIDES,
        {"input": {"id": gid(customer), "clear": ["WEBSITES"]}},
        tree["tokens"]["reseller"],
    )

    assert data["setQuotaOverrides"]["userErrors"] == [
        {"field": ["input", "overrides"], "code": "QUOTA_EXCEEDED"}
    ]
    assert (await Organization.get(id=customer.id)).quota_overrides == {"website_quota": 8}


@pytest.mark.parametrize("expires", ["later", None])
async def test_a_reseller_may_not_extend_or_drop_the_platform_s_expiry_date(
    api: Api, tree: dict[str, Any], expires: str | None
) -> None:
    """The platform's date is the platform's suspension to come: the reseller may not
    lift it in advance by moving or removing the date (it sets a date of its own where
    there is none, and changes its own)."""
    customer, tokens = tree["orgs"]["customer"], tree["tokens"]
    soon = (now() + timedelta(days=1)).isoformat()
    later = (now() + timedelta(days=900)).isoformat()
    await api.data(EXPIRES, {"id": gid(customer), "expires": soon}, tokens["admin"])

    by_reseller = await api.data(
        EXPIRES, {"id": gid(customer), "expires": later if expires else None}, tokens["reseller"]
    )
    by_admin = await api.data(EXPIRES, {"id": gid(customer), "expires": None}, tokens["admin"])
    own = await api.data(EXPIRES, {"id": gid(customer), "expires": soon}, tokens["reseller"])
    changed_own = await api.data(
        EXPIRES, {"id": gid(customer), "expires": later}, tokens["reseller"]
    )

    assert by_reseller["updateOrganization"]["userErrors"] == [
        {"field": ["input", "expiresAt"], "code": "FORBIDDEN"}
    ]
    assert by_admin["updateOrganization"]["userErrors"] == []
    assert own["updateOrganization"]["userErrors"] == []
    assert changed_own["updateOrganization"]["userErrors"] == []
    # The platform changes a reseller's date too.
    again = await api.data(EXPIRES, {"id": gid(customer), "expires": soon}, tokens["admin"])
    assert again["updateOrganization"]["userErrors"] == []
