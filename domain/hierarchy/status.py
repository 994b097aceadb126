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


async def require_live(organization: Organization, field: list[str], what: str) -> None:
    """Refuse (INVALID_STATE) to create anything under an organization that is, or sits
    under, a DELETED one: a purge may be under way there, and would destroy the new rows
    (or leave a login without its membership).

    Call it inside the create's transaction. On PostgreSQL the ancestry's rows stay
    share-locked until that transaction ends, so a concurrent delete waits for the create
    to commit (and a later purge then takes what it created) instead of slipping in between
    this check and the insert. SQLite runs one writing transaction at a time anyway.
    """
    from tortoise import connections

    from domain.errors import DomainError, ErrorCode

    ids = ancestor_uuids(organization)
    connection = connections.get("default")
    if connection.capabilities.dialect == "postgres":
        rows = await connection.execute_query_dict(
            'SELECT "status" FROM "organization" WHERE "id" = ANY($1::uuid[]) FOR SHARE',
            [ids],
        )
        statuses = [OrganizationStatus(row["status"]) for row in rows]
    else:
        statuses = list(
            await Organization.filter(id__in=ids).values_list("status", flat=True)  # type: ignore[arg-type]
        )
    if len(statuses) < len(ids) or combine(statuses) == OrganizationStatus.DELETED:
        raise DomainError(
            ErrorCode.INVALID_STATE, f"{what} is deleted: nothing can be added to it.", field
        )


def severity(status: OrganizationStatus) -> int:
    """How blocking a status is: `combine` keeps the most severe of a chain."""
    return _SEVERITY[status]


_OF_SEVERITY = {level: status for status, level in _SEVERITY.items()}


def of_severity(level: int) -> OrganizationStatus:
    """The status whose severity this is (a chain's, computed in SQL)."""
    return _OF_SEVERITY[level]
