"""Organizations' lifecycle events, read from the audit log as a feed with a cursor.

The audit log is already written in the transaction of every change, on every process, so
polling it needs no broker or pub/sub of its own. An event is stamped when written but
seen only once its transaction commits, so the feed does not move on the newest event it
sent: it reads every event stamped since a floor and skips the ids it has delivered. The
floor is `LATE_COMMIT_SECONDS` before the start of the last read whose every event was
delivered, by this process's own clock: an event committed after that read was stamped
at most that long before it. Events stamped alike, or stamped ahead by a process whose
clock runs fast, hide nothing; only a process whose clock lags by more than
`LATE_COMMIT_SECONDS` can have its events missed.
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
    "organization.expire": LifecycleKind.SUSPENDED,  # the scheduler, on account expiry
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
    floor: datetime = field(init=False)
    # The last read that was not cut at BATCH: when it started, and which of its events
    # are still to be delivered. Once none are, the floor moves up to it.
    _read_at: datetime | None = field(default=None, init=False)
    _undelivered: set[UUID] = field(default_factory=set, init=False)

    def __post_init__(self) -> None:
        self.floor = self.since

    async def next_batch(self, actor: Actor) -> list[AuditEvent]:
        """The lifecycle events the actor may see (the audit log's own scope rule, which
        raises AccessDenied for a customer MEMBER) that it was not given yet, oldest first.
        Nothing is marked delivered: call `delivered_up_to` for what was given."""
        started = now()
        events = scope.visible_audit_events(actor).filter(
            action__in=list(KIND_OF_ACTION),
            target_type="Organization",
            created_at__gte=self.floor,
        )
        if self.delivered:
            events = events.exclude(id__in=list(self.delivered))
        batch = await events.order_by("created_at", "id").limit(BATCH)
        if len(batch) < BATCH:
            self._read_at, self._undelivered = started, {event.id for event in batch}
            self._move_floor()
        else:  # more may follow, stamped before `started`: the floor waits for them
            self._read_at = None
        return batch

    def delivered_up_to(self, event: AuditEvent) -> None:
        """Mark an event (of the last batch) given to the subscriber."""
        self.delivered[event.id] = event.created_at
        self._undelivered.discard(event.id)
        self._move_floor()

    def _move_floor(self) -> None:
        if self._read_at is None or self._undelivered:
            return
        self.floor = max(self.floor, self._read_at - timedelta(seconds=LATE_COMMIT_SECONDS))
        self._read_at = None
        for event_id, created_at in list(self.delivered.items()):
            if created_at < self.floor:  # below the floor: no read returns it again
                del self.delivered[event_id]
