"""Webhook endpoints: the type, inputs and payloads (the secret only in the payloads that
made it)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Annotated
from uuid import UUID

import strawberry
from strawberry import UNSET

from gql.context import Context
from gql.fastpath.direct import direct
from gql.schema.errors import UserError
from gql.schema.owning_organization import organization_of
from gql.schema.relay import Node, to_global_id
from models import WebhookEndpoint

if TYPE_CHECKING:
    from gql.schema.organization import OrganizationType

Info = strawberry.Info[Context, None]
SIGNING_KEY_SHOWN_ONCE = (
    "The signing secret (whsec_ and base64): receivers check each delivery's "
    "webhook-signature with it. Shown this once; keep it secret."
)


@strawberry.type(
    name="WebhookEndpoint",
    description="A URL that receives the events its organization may see, signed (Standard "
    "Webhooks). Its secret is never shown again after the mutation that made it.",
)
class WebhookEndpointType(Node):
    url: str = strawberry.field(description="Where the events are posted.")
    description: str = strawberry.field(description="What it is for (may be empty).")
    event_types: list[str] = strawberry.field(
        description="The event types it receives (a family as `organization.*`); empty: all."
    )
    enabled: bool = strawberry.field(description="Whether events are sent to it.")
    disabled_reason: str = strawberry.field(
        description="Why it was disabled (by a person, or after failing too long); empty "
        "while enabled."
    )
    disabled_at: datetime | None = strawberry.field(description="When it was disabled.")
    failing_since: datetime | None = strawberry.field(
        description="Since when its deliveries have failed in a row (null: not failing)."
    )
    consecutive_failures: int = strawberry.field(description="Failed attempts in a row.")
    next_attempt_at: datetime | None = strawberry.field(
        description="When the next retry is due (null: none waiting)."
    )
    last_success_at: datetime | None = strawberry.field(
        description="When a delivery last succeeded."
    )
    created_at: datetime = strawberry.field(description="When it was created.")
    updated_at: datetime = strawberry.field(description="When it last changed.")
    organization_pk: strawberry.Private[UUID]

    @classmethod
    def from_model(cls, endpoint: WebhookEndpoint) -> WebhookEndpointType:
        return cls(
            id=to_global_id("WebhookEndpoint", endpoint.id),
            url=endpoint.url,
            description=endpoint.description,
            event_types=list(endpoint.event_types),
            enabled=endpoint.enabled,
            disabled_reason=endpoint.disabled_reason,
            disabled_at=endpoint.disabled_at,
            failing_since=endpoint.failing_since,
            consecutive_failures=endpoint.consecutive_failures,
            next_attempt_at=endpoint.next_attempt_at,
            last_success_at=endpoint.last_success_at,
            created_at=endpoint.created_at,
            updated_at=endpoint.updated_at,
            organization_pk=endpoint.organization_id,
        )

    @strawberry.field(description="The organization it belongs to (whose events it hears).")
    @direct
    def organization(
        self, info: Info
    ) -> Annotated[OrganizationType, strawberry.lazy("gql.schema.organization")] | None:
        return organization_of(info, self.organization_pk)  # type: ignore[no-any-return]


@strawberry.input(description="A new webhook endpoint.")
class CreateWebhookEndpointInput:
    organization_id: strawberry.ID | None = strawberry.field(
        default=None, description="The organization whose events it receives (default: yours)."
    )
    url: str = strawberry.field(
        description="An http(s) URL (https only in production), at most 2000 characters, "
        "with no user name, password or #fragment."
    )
    description: str = strawberry.field(default="", description="What it is for (200 at most).")
    event_types: list[str] = strawberry.field(
        default_factory=list,
        description="Event types (or families such as `organization.*`) to receive, at most "
        "100; empty: every type.",
    )
    enabled: bool = strawberry.field(default=True, description="Whether events are sent to it.")


@strawberry.type(description="Result of createWebhookEndpoint.")
class CreateWebhookEndpointPayload:
    webhook_endpoint: WebhookEndpointType | None = strawberry.field(description="The endpoint.")
    secret: str | None = strawberry.field(description=SIGNING_KEY_SHOWN_ONCE)
    user_errors: list[UserError] = strawberry.field(description="What was refused.")


@strawberry.input(description="Changes to a webhook endpoint: omitted fields stay as they are.")
class UpdateWebhookEndpointInput:
    id: strawberry.ID = strawberry.field(description="The endpoint.")
    url: str | None = strawberry.field(default=UNSET, description="A new URL (not null).")
    description: str | None = strawberry.field(
        default=UNSET, description="A new description; null clears it."
    )
    event_types: list[str] | None = strawberry.field(
        default=UNSET, description="The event types to receive; empty or null: every type."
    )
    enabled: bool | None = strawberry.field(
        default=UNSET,
        description="false stops sending to it; true starts again afresh (failures "
        "forgotten, nothing waiting to retry). Not null.",
    )


@strawberry.type(description="Result of updateWebhookEndpoint.")
class UpdateWebhookEndpointPayload:
    webhook_endpoint: WebhookEndpointType | None = strawberry.field(description="As it is now.")
    user_errors: list[UserError] = strawberry.field(description="What was refused.")


@strawberry.input(description="The webhook endpoint to delete.")
class DeleteWebhookEndpointInput:
    id: strawberry.ID = strawberry.field(description="The endpoint.")


@strawberry.type(description="Result of deleteWebhookEndpoint.")
class DeleteWebhookEndpointPayload:
    deleted_webhook_endpoint_id: strawberry.ID | None = strawberry.field(
        description="The deleted endpoint's id."
    )
    user_errors: list[UserError] = strawberry.field(description="What was refused.")


@strawberry.input(description="The webhook endpoint to give a new signing secret.")
class RotateWebhookSecretInput:
    id: strawberry.ID = strawberry.field(description="The endpoint.")


@strawberry.type(description="Result of rotateWebhookSecret.")
class RotateWebhookSecretPayload:
    webhook_endpoint: WebhookEndpointType | None = strawberry.field(description="The endpoint.")
    secret: str | None = strawberry.field(
        description=SIGNING_KEY_SHOWN_ONCE + " The previous secret signs too for 24 hours."
    )
    user_errors: list[UserError] = strawberry.field(description="What was refused.")
