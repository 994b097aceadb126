"""The visibility rule (SPEC §5): what an actor may see, as querysets on the stored ancestry.

Every resolver and every mutation target lookup starts from these querysets; nothing else
filters by viewer.
"""

from __future__ import annotations

from tortoise.queryset import QuerySet

from domain.actor import Actor
from models import Organization


def visible_organizations(actor: Actor) -> QuerySet[Organization]:
    """Administrators: all. Reseller staff: their reseller and its subtree. Customers: self."""
    if actor.is_administrator:
        return Organization.all()
    if actor.is_reseller:
        return Organization.filter(path__startswith=actor.organization.path)
    return Organization.filter(id=actor.organization.id)
