"""A small hierarchy with plans at two levels, for the quota tests."""

from __future__ import annotations

from typing import Any

from gql.schema.relay import to_global_id
from models import Organization, Plan
from models.enums import OrganizationKind, Role
from tests import factories


def gid(org: Organization | Plan) -> str:
    return to_global_id("Organization" if isinstance(org, Organization) else "Plan", org.id)


async def quota_chain() -> dict[str, Any]:
    """Master > Reseller (plan: 3 websites, websites and databases only) > customer A (on
    an oversold plan of 5 websites, mailboxes too), and Reseller > Sub (no plan) > B (no
    plan)."""
    master = await factories.master()
    reseller_plan = await Plan.create(
        owner=master,
        name="Reseller Three",
        website_quota=3,
        disk_quota_mb=1000,
        enabled_kinds=["WEBSITE", "DATABASE"],
    )
    reseller = await factories.organization(OrganizationKind.RESELLER, master, name="Reseller")
    reseller.plan_id = reseller_plan.id
    await reseller.save()
    oversold = await Plan.create(
        owner=reseller,
        name="Five sites",
        website_quota=5,
        enabled_kinds=["WEBSITE", "DATABASE", "MAILBOX"],
    )
    a = await factories.organization(OrganizationKind.CUSTOMER, reseller, name="A")
    a.plan_id = oversold.id
    await a.save()
    sub = await factories.organization(OrganizationKind.RESELLER, reseller, name="Sub")
    b = await factories.organization(OrganizationKind.CUSTOMER, sub, name="B")
    tokens = {}
    for person, org in [
        ("admin", master),
        ("reseller", reseller),
        ("sub", sub),
        ("a", a),
        ("b", b),
    ]:
        role = Role.ADMIN if org.kind == OrganizationKind.CUSTOMER else Role.OWNER
        _, tokens[person] = await factories.quick_member(org, f"{person}@example.com", role)
    return {
        "master": master,
        "reseller": reseller,
        "reseller_plan": reseller_plan,
        "oversold": oversold,
        "a": a,
        "sub": sub,
        "b": b,
        "tokens": tokens,
    }
