"""Effective status: an organization is as blocked as the most blocked of its ancestors."""

from __future__ import annotations

from collections.abc import Iterable
from uuid import UUID

from models import Organization
from models.enums import OrganizationStatus

_SEVERITY = {
    OrganizationStatus.ACTIVE: 0,
    OrganizationStatus.PENDING: 1,
    OrganizationStatus.SUSPENDED: 2,
    OrganizationStatus.DELETED: 3,
}


def combine(statuses: Iterable[OrganizationStatus]) -> OrganizationStatus:
    """The effective status of a chain of statuses (root to leaf, any order)."""
    return max(statuses, key=_SEVERITY.__getitem__, default=OrganizationStatus.ACTIVE)


def ancestor_uuids(organization: Organization) -> list[UUID]:
    return [UUID(hex=part) for part in organization.ancestor_ids]


async def effective_status(organization: Organization) -> OrganizationStatus:
    """The organization's effective status, with one query for its whole ancestry."""
    # The batch read a list page uses, for a batch of one (imported here: it combines
    # statuses with this module's `combine`).
    from domain.batches import effective_statuses

    return (await effective_statuses([organization.path]))[0]
