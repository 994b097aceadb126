"""Organizations' lifecycle events, read from the audit log as a feed with a cursor.

The audit log is already written in the transaction of every change, on every process, so
polling it needs no broker or pub/sub of its own. The feed moves on (created_at, id); it
also looks back `LATE_COMMIT_SECONDS` before its newest event and skips the ids it has
delivered, because an event is stamped when written but seen only once its transaction
commits: one written earlier and committed later would otherwise slip behind the cursor.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from uuid import UUID

from tortoise.timezone import now

from domain import scope
from domain.actor import Actor
from models import AuditEvent


class LifecycleKind(StrEnum):
    CREATED = "CREATED"
    COPIED = "COPIED"
    ACTIVATED = "ACTIVATED"
    SUSPENDED = "SUSPENDED"
    REACTIVATED = "REACTIVATED"
    DELETED = "DELETED"
    RESTORED = "RESTORED"
    PURGED = "PURGED"
    MOVED = "MOVED"
    CONVERTED_TO_RESELLER = "CONVERTED_TO_RESELLER"


# Audit actions that change an organization's place or status in the hierarchy.
KIND_OF_ACTION: dict[str, LifecycleKind] = {
    "organization.create": LifecycleKind.CREATED,
    "organization.copy": LifecycleKind.COPIED,
    "organization.activate": LifecycleKind.ACTIVATED,
    "organization.suspend": LifecycleKind.SUSPENDED,
    "organization.reactivate": LifecycleKind.REACTIVATED,
    "organization.delete": LifecycleKind.DELETED,
    "organization.restore": LifecycleKind.RESTORED,
    "organization.purge": LifecycleKind.PURGED,
    "organization.move": LifecycleKind.MOVED,
    "organization.convert_to_reseller": LifecycleKind.CONVERTED_TO_RESELLER,
}
LATE_COMMIT_SECONDS = 10
BATCH = 100


@dataclass
class LifecycleFeed:
    """Where one subscriber stands in the feed. Starts at the moment it is made: a
    subscriber hears of what happens from then on."""

    since: datetime = field(default_factory=now)
    delivered: dict[UUID, datetime] = field(default_factory=dict)

    async def next_batch(self, actor: Actor) -> list[AuditEvent]:
        """The lifecycle events the actor may see (the audit log's own scope rule, which
        raises AccessDenied for a customer MEMBER) that it was not given yet, oldest first.
        Nothing is marked delivered: call `delivered_up_to` for what was given."""
        events = scope.visible_audit_events(actor).filter(
            action__in=list(KIND_OF_ACTION),
            target_type="Organization",
            created_at__gte=self._floor(),
        )
        if self.delivered:
            events = events.exclude(id__in=list(self.delivered))
        return await events.order_by("created_at", "id").limit(BATCH)

    def delivered_up_to(self, event: AuditEvent) -> None:
        self.delivered[event.id] = event.created_at
        floor = self._floor()
        for event_id, created_at in list(self.delivered.items()):
            if created_at < floor:
                del self.delivered[event_id]

    def _floor(self) -> datetime:
        newest = max(self.delivered.values(), default=self.since)
        return max(self.since, newest - timedelta(seconds=LATE_COMMIT_SECONDS))
