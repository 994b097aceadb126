"""Who hears of an event: an organization reads the events its audit log shows.

One rule, the audit log's (`scope.visible_audit_events`), read as the organization's own
administrator would: the platform every event, a reseller its subtree's, a customer its
own. A webhook endpoint and the `events` query both go through it.
"""

from __future__ import annotations

from collections.abc import Iterable
from uuid import UUID

from tortoise.queryset import QuerySet

from domain import scope
from domain.actor import Actor
from models import AuditEvent, Organization
from models.enums import Role


def reader_of(organization: Organization) -> Actor:
    """The organization as a reader of events: an administrator of it, with no login."""
    return Actor(organization=organization, role=Role.ADMIN, access_rights=frozenset())


def readable_events(reader: Actor) -> QuerySet[AuditEvent]:
    """The placed events `reader` may see (AccessDenied for a customer MEMBER)."""
    return scope.visible_audit_events(reader).filter(position__isnull=False)


def organizations_on_paths(paths: Iterable[str]) -> set[UUID]:
    """Every organization on the given paths: the only ones whose endpoints may hear of
    events written at those paths (the rule above never reaches further), so the rule
    needs checking for their endpoints alone."""
    return {UUID(hex=part) for path in paths for part in path.split("/") if part}
