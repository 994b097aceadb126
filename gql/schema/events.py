"""The event stream as the `events` query shows it, and the catalog of event types."""

from __future__ import annotations

from datetime import datetime
from typing import cast

import strawberry
from strawberry.scalars import JSON

from domain.actor import Actor
from domain.events import payload
from domain.events.catalog import EventType
from gql.schema.relay import to_global_id
from models import AuditEvent


@strawberry.type(
    name="Event",
    description="One change in the event stream, as you may read it: exactly what a webhook "
    "endpoint of your organization receives for it (docs/events.md).",
)
class EventView:
    id: strawberry.ID = strawberry.field(
        description="The global id of the audit event it is: `node(id)` answers the AuditEvent."
    )
    position: str = strawberry.field(
        description="Its place in the stream, a 64-bit integer written in decimal (a GraphQL "
        "Int holds only 32 bits): later events have greater positions."
    )
    type: str = strawberry.field(description="The event type, e.g. organization.suspended.")
    action: str = strawberry.field(
        description="The audit action behind it, finer than the type, e.g. organization.expire."
    )
    occurred_at: datetime = strawberry.field(description="When the change was made.")
    organization_id: strawberry.ID | None = strawberry.field(
        description="Global id of the organization it is about (null for the platform's own "
        "records with no organization)."
    )
    payload: JSON = strawberry.field(
        description="The Standard Webhooks body {type, timestamp, data} a webhook of your "
        "organization receives for this event."
    )

    @classmethod
    def from_model(cls, event: AuditEvent, reader: Actor) -> EventView:
        body = payload.render(event, reader)
        organization_id = event.organization_id
        return cls(
            id=to_global_id("AuditEvent", event.id),
            position=str(event.position),
            type=body["type"],
            action=event.action,
            occurred_at=event.created_at,
            organization_id=to_global_id("Organization", organization_id)
            if organization_id
            else None,
            payload=cast(JSON, body),
        )


@strawberry.type(name="EventType", description="A kind of event, from the catalog.")
class EventTypeView:
    name: str = strawberry.field(description="Its name, e.g. organization.suspended.")
    description: str = strawberry.field(
        description="What it means (the first action's description when several actions "
        "share the type)."
    )
    actions: list[str] = strawberry.field(description="The audit actions reported as this type.")

    @classmethod
    def of(cls, name: str, kinds: list[tuple[str, EventType]]) -> EventTypeView:
        return cls(
            name=name,
            description=kinds[0][1].description,
            actions=[action for action, _ in kinds],
        )
