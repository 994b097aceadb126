"""A three-level tree beside a sibling reseller, for the list tests: Master > Zulu North
(reseller) > Sub (sub-reseller) > two customers; North's own customer; South (a sibling
reseller) with one. Plans of each reseller; tokens for an administrator, each reseller's
owner and a customer's owner."""

from __future__ import annotations

from typing import Any

from models import Organization, Plan
from models.enums import OrganizationKind
from tests import factories

RESELLER, CUSTOMER = OrganizationKind.RESELLER, OrganizationKind.CUSTOMER


async def build_tree() -> dict[str, Any]:
    """Master > Zulu North (reseller) > Sub (sub-reseller) > two customers; North's own
    customer; a sibling reseller South with one. Tokens for admin, North, Sub, South and a
    customer."""
    master = await factories.master()
    north = await factories.organization(RESELLER, master, name="Zulu North")
    sub = await factories.organization(RESELLER, north, name="Sub")
    south = await factories.organization(RESELLER, master, name="South")
    gold = await Plan.create(owner=north, name="Gold")
    bronze = await Plan.create(owner=sub, name="bronze")
    aluminium = await Plan.create(owner=south, name="Aluminium")
    orgs: dict[str, Any] = {"master": master, "north": north, "sub": sub, "south": south}
    for name, owner, plan in [
        ("North Customer", north, gold),
        ("Sub Customer A", sub, bronze),
        ("Sub Customer B", sub, None),
        ("South Customer", south, aluminium),
    ]:
        orgs[name] = await factories.organization(CUSTOMER, owner, name=name)
        await Organization.filter(id=orgs[name].id).update(plan_id=plan.id if plan else None)
    orgs["plans"] = {"gold": gold, "bronze": bronze, "aluminium": aluminium}
    tokens = {}
    for key, org in [("admin", master), ("north", north), ("sub", sub), ("south", south)]:
        _, tokens[key] = await factories.quick_member(org, f"{key}@example.com")
    _, tokens["customer"] = await factories.quick_member(
        orgs["Sub Customer A"], "customer@example.com"
    )
    orgs["tokens"] = tokens
    return orgs
