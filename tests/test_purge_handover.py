"""purgeOrganizations with reassignCustomersTo: the customers keep their limits, the dry
run counts what the job then removes, and the job ends with done == total."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import pytest
from tortoise.models import Model

from models import (
    ApiKey,
    Department,
    Membership,
    Note,
    Organization,
    PasswordResetToken,
    Plan,
    SecurityPolicy,
    Service,
    SessionToken,
    User,
)
from models.enums import OrganizationKind, OrganizationStatus, Role, ServiceKind
from tests import factories
from tests.api import Api
from tests.quota_world import gid
from workers.broker import broker
from workers.embedded import embedded_worker

PURGE = """
mutation ($ids: [ID!]!, $to: ID, $dryRun: Boolean) {
  purgeOrganizations(input: {ids: $ids, reassignCustomersTo: $to, dryRun: $dryRun}) {
    results {
      job { id total }
      counts {
        services notes sessions apiKeys resetTokens users memberships departments
        securityPolicies plans organizations
      }
      userErrors { code message }
    }
  }
}
"""
JOB = "query ($id: ID!) { deletionJob(id: $id) { status done total } }"
# PurgeCounts field -> the table it counts.
TABLES: dict[str, type[Model]] = {
    "services": Service,
    "notes": Note,
    "sessions": SessionToken,
    "apiKeys": ApiKey,
    "resetTokens": PasswordResetToken,
    "users": User,
    "memberships": Membership,
    "departments": Department,
    "securityPolicies": SecurityPolicy,
    "plans": Plan,
    "organizations": Organization,
}


@pytest.fixture
async def worker() -> AsyncIterator[None]:
    async with embedded_worker():
        yield


@pytest.fixture
async def doomed() -> dict[str, Any]:
    """A deleted reseller with a sub-reseller, customers on its plans and one on none,
    staff, notes and services; a reseller to hand the customers to."""
    master = await factories.master()
    _, admin = await factories.quick_member(master, "admin@example.com")
    reseller = await factories.organization(
        OrganizationKind.RESELLER, master, name="Doomed", status=OrganizationStatus.DELETED
    )
    sub = await factories.organization(OrganizationKind.RESELLER, reseller, name="Doomed Sub")
    sold = await Plan.create(
        owner=reseller,
        name="Doomed two",
        website_quota=2,
        database_quota=1,
        disk_quota_mb=500,
        enabled_kinds=["WEBSITE", "DATABASE"],
    )
    sub_sold = await Plan.create(
        owner=sub, name="Sub one", website_quota=1, enabled_kinds=["WEBSITE"]
    )
    kept = await Plan.create(owner=master, name="Master's", website_quota=7)
    staff, _ = await factories.quick_member(reseller, "staff@doomed.example")
    customers: dict[str, Organization] = {}
    for name, owner, plan in [
        ("On its plan", reseller, sold),
        ("On no plan", reseller, None),
        ("On the sub's plan", sub, sub_sold),
        ("On the master's plan", reseller, kept),
    ]:
        customer = await factories.organization(OrganizationKind.CUSTOMER, owner, name=name)
        customer.plan_id = plan.id if plan else None
        await customer.save()
        await factories.quick_member(customer, f"{len(customers)}@customer.example")
        await Service.create(organization=customer, kind=ServiceKind.WEBSITE, name="site")
        await Department.create(organization=customer, name="Sales")
        await Note.create(
            organization=customer, author=staff, author_organization=reseller, text="theirs"
        )
        customers[name] = customer
    # Staff also members of a customer stay: that membership is not inside what goes.
    await Membership.create(user=staff, organization=customers["On no plan"], role=Role.MEMBER)
    await SecurityPolicy.create(organization=reseller, min_password_length=12)
    await Department.create(organization=sub, name="Ops")
    target_plan = await Plan.create(
        owner=master, name="Target", website_quota=10, enabled_kinds=["WEBSITE", "DATABASE"]
    )
    target = await factories.organization(OrganizationKind.RESELLER, master, name="Target")
    target.plan_id = target_plan.id
    await target.save()
    return {
        "admin": admin,
        "reseller": reseller,
        "target": target,
        "customers": customers,
        "plans": {"sold": sold, "sub_sold": sub_sold, "kept": kept},
    }


async def purge(api: Api, doomed: dict[str, Any], *, dry_run: bool = False) -> dict[str, Any]:
    variables = {"ids": [gid(doomed["reseller"])], "to": gid(doomed["target"]), "dryRun": dry_run}
    data = await api.data(PURGE, variables, doomed["admin"])
    (result,) = data["purgeOrganizations"]["results"]
    assert result["userErrors"] == []
    return dict(result)


async def drained() -> None:
    await asyncio.to_thread(broker.join, "purge", timeout=60_000)


async def test_handed_over_customers_keep_their_limits(
    api: Api, worker: None, doomed: dict[str, Any]
) -> None:
    # Its own quota (setQuotaOverrides) goes into the custom plan; one on a plan that stays
    # keeps its override.
    await Organization.filter(name="On the sub's plan").update(quota_overrides={"website_quota": 2})
    await Organization.filter(name="On the master's plan").update(
        quota_overrides={"website_quota": 5}
    )
    await purge(api, doomed)
    await drained()

    target, plans = doomed["target"], doomed["plans"]
    for name, original, websites in [
        ("On its plan", plans["sold"], 2),
        ("On the sub's plan", plans["sub_sold"], 2),
    ]:
        customer = await Organization.get(name=name)
        assert (customer.owner_id, customer.depth) == (target.id, 2)
        assert customer.quota_overrides == {}
        plan = await Plan.get(id=customer.plan_id)
        assert (plan.is_custom, plan.owner_id) == (True, target.id)
        columns = ["database_quota", "disk_quota_mb", "enabled_kinds"]
        assert [getattr(plan, c) for c in columns] == [getattr(original, c) for c in columns]
        assert plan.website_quota == websites
    assert (await Organization.get(name="On no plan")).plan_id is None
    stays = await Organization.get(name="On the master's plan")
    assert (stays.plan_id, stays.quota_overrides) == (plans["kept"].id, {"website_quota": 5})
    assert not await Organization.filter(name__startswith="Doomed").exists()


async def test_the_dry_run_counts_what_the_job_removes_and_it_ends_done_equal_total(
    api: Api, worker: None, doomed: dict[str, Any]
) -> None:
    before = {field: set(await t.all().values_list("id", flat=True)) for field, t in TABLES.items()}

    dry = await purge(api, doomed, dry_run=True)
    started = await purge(api, doomed)
    await drained()

    after = {field: set(await t.all().values_list("id", flat=True)) for field, t in TABLES.items()}
    removed = {field: len(before[field] - after[field]) for field in TABLES}
    assert dry["counts"] == started["counts"] == removed
    assert removed["organizations"] == 2  # the reseller and its sub-reseller, no customer
    job = (await api.data(JOB, {"id": started["job"]["id"]}, doomed["admin"]))["deletionJob"]
    assert job == {"status": "DONE", "done": job["total"], "total": sum(removed.values())}
    assert started["job"]["total"] == job["total"]


async def test_customers_are_handed_over_only_where_they_fit(
    api: Api, doomed: dict[str, Any]
) -> None:
    await Plan.filter(name="Target").update(website_quota=3)  # the four customers have four
    variables = {"ids": [gid(doomed["reseller"])], "to": gid(doomed["target"])}

    data = await api.data(PURGE, variables, doomed["admin"])

    (error,) = data["purgeOrganizations"]["results"][0]["userErrors"]
    assert error["code"] == "QUOTA_EXCEEDED"
    assert "The plan of Target allows 3 websites" in error["message"]
    assert data["purgeOrganizations"]["results"][0]["job"] is None
