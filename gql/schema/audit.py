"""Audit events: who did what to which object, kept after the object is gone."""

from __future__ import annotations

from datetime import datetime
from typing import cast

import strawberry
from strawberry.scalars import JSON

from gql.schema.relay import Node, to_global_id
from models import AuditEvent


@strawberry.type(name="AuditEvent", description="One recorded change.")
class AuditEventType(Node):
    created_at: datetime = strawberry.field(description="When it happened.")
    action: str = strawberry.field(description="What was done, e.g. organization.suspend.")
    actor_email: str = strawberry.field(description="Who did it (kept after the login is gone).")
    impersonator_email: str | None = strawberry.field(
        description="Set when the actor was being impersonated: the person really acting."
    )
    target_type: str = strawberry.field(description="Type of the object changed.")
    target_id: strawberry.ID | None = strawberry.field(
        description="Global id of the object changed (it may no longer exist)."
    )
    target_name: str = strawberry.field(description="Its name at the time.")
    summary: JSON = strawberry.field(
        description="Details of the change, a JSON object whose keys depend on `action` (e.g. "
        "`notified` for a suspension, `rows` for a purge)."
    )
    ip: str | None = strawberry.field(description="The client address.")

    @classmethod
    def from_model(cls, event: AuditEvent) -> AuditEventType:
        return cls(
            id=to_global_id("AuditEvent", event.id),
            created_at=event.created_at,
            action=event.action,
            actor_email=event.actor_email,
            impersonator_email=event.impersonator_email,
            target_type=event.target_type,
            target_id=to_global_id(event.target_type, event.target_id) if event.target_id else None,
            target_name=event.target_name,
            summary=cast(JSON, event.summary),
            ip=event.ip,
        )
