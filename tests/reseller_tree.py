"""The tree the expiry and organization-attack tests share: the Master, a reseller with a
customer (Bakery), and another reseller with a customer of its own (Foreign)."""

from __future__ import annotations

from typing import Any

from models.enums import OrganizationKind, Role
from tests import factories

# (who, the organization key, role): one login and token each.
People = list[tuple[str, str, Role]]


async def reseller_tree(people: People) -> dict[str, Any]:
    master = await factories.master()
    reseller = await factories.organization(OrganizationKind.RESELLER, master, name="Reseller")
    other = await factories.organization(OrganizationKind.RESELLER, master, name="Other")
    customer = await factories.organization(OrganizationKind.CUSTOMER, reseller, name="Bakery")
    foreign = await factories.organization(OrganizationKind.CUSTOMER, other, name="Foreign")
    orgs = {
        "master": master,
        "reseller": reseller,
        "other": other,
        "customer": customer,
        "foreign": foreign,
    }
    tokens = {}
    for person, org, role in people:
        _, tokens[person] = await factories.quick_member(orgs[org], f"{person}@example.com", role)
    return {"orgs": orgs, "tokens": tokens}
