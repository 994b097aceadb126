"""What subscriptions deliver: organizations' lifecycle events (docs/websocket.md)."""

from __future__ import annotations

from datetime import datetime

import strawberry

from domain.events.event_feed import KIND_OF_ACTION, LifecycleKind
from gql.schema.audit import AuditEventType
from gql.schema.enums import described_enum
from gql.schema.relay import to_global_id
from models import AuditEvent

described_enum(
    LifecycleKind,
    name="OrganizationEventKind",
    description="What happened to an organization's status or place in the hierarchy.",
    values={
        LifecycleKind.CREATED: "It was created (createCustomer, createReseller).",
        LifecycleKind.COPIED: "It was created as a copy of a customer (copyCustomer).",
        LifecycleKind.ACTIVATED: "PENDING -> ACTIVE (activateOrganizations).",
        LifecycleKind.SUSPENDED: "It was suspended: by suspendOrganizations, or by the "
        "scheduler once its `expiresAt` passed.",
        LifecycleKind.REACTIVATED: "SUSPENDED -> ACTIVE (reactivateOrganizations).",
        LifecycleKind.DELETED: "It was soft-deleted (deleteOrganizations): restorable until "
        "its `purgeAfter`.",
        LifecycleKind.RESTORED: "DELETED -> the status it had before (restoreOrganizations).",
        LifecycleKind.PURGED: "Its purge started (purgeOrganizations, or the scheduler after "
        "`purgeAfter`): a deletion job removes it and everything below it for good.",
        LifecycleKind.MOVED: "It was given another owner (moveOrganizations).",
        LifecycleKind.CONVERTED_TO_RESELLER: "The customer became a reseller (convertToReseller).",
    },
)


@strawberry.type(
    name="OrganizationEvent",
    description="A change to an organization's status or place in the hierarchy.",
)
class OrganizationEventType:
    kind: LifecycleKind = strawberry.field(description="What happened.")
    organization_id: strawberry.ID = strawberry.field(
        description="The organization's global id (it may no longer exist, e.g. PURGED)."
    )
    organization_name: str = strawberry.field(description="Its name at the time.")
    occurred_at: datetime = strawberry.field(description="When it happened.")
    audit_event: AuditEventType = strawberry.field(
        description="The audit event it comes from, as the viewer's audit log shows it."
    )

    @classmethod
    def from_event(cls, event: AuditEvent) -> OrganizationEventType:
        """From an audit event already as the viewer may read it (audit.as_seen_by)."""
        assert event.target_id is not None  # lifecycle events always name their target
        return cls(
            kind=KIND_OF_ACTION[event.action],
            organization_id=to_global_id("Organization", event.target_id),
            organization_name=event.target_name,
            occurred_at=event.created_at,
            audit_event=AuditEventType.from_model(event),
        )
