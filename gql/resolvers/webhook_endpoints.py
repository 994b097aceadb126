"""createWebhookEndpoint, updateWebhookEndpoint, deleteWebhookEndpoint,
rotateWebhookSecret and the webhookEndpoints list."""

from __future__ import annotations

from typing import Annotated

import strawberry

from domain.webhooks import access, endpoints
from gql.context import Context
from gql.schema.errors import attempt
from gql.schema.paging import PageArgs, newest_of_organization, paged
from gql.schema.relay import (
    INPUT,
    Connection,
    filter_id,
    target_id,
    to_global_id,
    total_count_selected,
)
from gql.schema.webhook_endpoint import (
    CreateWebhookEndpointInput,
    CreateWebhookEndpointPayload,
    DeleteWebhookEndpointInput,
    DeleteWebhookEndpointPayload,
    RotateWebhookSecretInput,
    RotateWebhookSecretPayload,
    UpdateWebhookEndpointInput,
    UpdateWebhookEndpointPayload,
    WebhookEndpointType,
)
from models import WebhookEndpoint

Info = strawberry.Info[Context, None]
TYPE = "WebhookEndpoint"


def _present(endpoint: WebhookEndpoint | None) -> WebhookEndpointType | None:
    return WebhookEndpointType.from_model(endpoint) if endpoint is not None else None


async def create_webhook_endpoint(
    info: Info, input: Annotated[CreateWebhookEndpointInput, INPUT]
) -> CreateWebhookEndpointPayload:
    actor = await info.context.viewer()
    settings = info.context.settings
    created, errors = await attempt(
        endpoints.create(
            actor,
            filter_id(input.organization_id, "Organization"),
            input.url,
            input.description,
            input.event_types,
            input.enabled,
            secret_key=settings.secret_key,
            https_only=settings.production,
        )
    )
    if created is None:
        return CreateWebhookEndpointPayload(webhook_endpoint=None, secret=None, user_errors=errors)
    return CreateWebhookEndpointPayload(
        webhook_endpoint=WebhookEndpointType.from_model(created.endpoint),
        secret=created.secret,
        user_errors=[],
    )


async def update_webhook_endpoint(
    info: Info, input: Annotated[UpdateWebhookEndpointInput, INPUT]
) -> UpdateWebhookEndpointPayload:
    actor = await info.context.viewer()
    endpoint, errors = await attempt(
        endpoints.update(
            actor,
            target_id(input.id, TYPE),
            url=endpoints.UNSET if input.url is strawberry.UNSET else input.url,
            description=(
                endpoints.UNSET if input.description is strawberry.UNSET else input.description
            ),
            types=endpoints.UNSET if input.event_types is strawberry.UNSET else input.event_types,
            enabled=endpoints.UNSET if input.enabled is strawberry.UNSET else input.enabled,
            https_only=info.context.settings.production,
        )
    )
    return UpdateWebhookEndpointPayload(webhook_endpoint=_present(endpoint), user_errors=errors)


async def delete_webhook_endpoint(
    info: Info, input: Annotated[DeleteWebhookEndpointInput, INPUT]
) -> DeleteWebhookEndpointPayload:
    actor = await info.context.viewer()
    deleted, errors = await attempt(endpoints.delete(actor, target_id(input.id, TYPE)))
    return DeleteWebhookEndpointPayload(
        deleted_webhook_endpoint_id=to_global_id(TYPE, deleted) if deleted else None,
        user_errors=errors,
    )


async def rotate_webhook_secret(
    info: Info, input: Annotated[RotateWebhookSecretInput, INPUT]
) -> RotateWebhookSecretPayload:
    actor = await info.context.viewer()
    rotated, errors = await attempt(
        endpoints.rotate_secret(
            actor, target_id(input.id, TYPE), secret_key=info.context.settings.secret_key
        )
    )
    if rotated is None:
        return RotateWebhookSecretPayload(webhook_endpoint=None, secret=None, user_errors=errors)
    return RotateWebhookSecretPayload(
        webhook_endpoint=WebhookEndpointType.from_model(rotated.endpoint),
        secret=rotated.secret,
        user_errors=[],
    )


@strawberry.type
class WebhookEndpointQuery:
    @strawberry.field(
        description="Webhook endpoints of organizations you manage, newest first (their "
        "secrets are never shown)."
    )
    @paged
    async def webhook_endpoints(
        self,
        info: Info,
        organization_id: Annotated[
            strawberry.ID | None, strawberry.argument(description="Only this organization's.")
        ] = None,
        *,
        paging: PageArgs,
    ) -> Connection[WebhookEndpointType]:
        actor = await info.context.viewer()
        return await newest_of_organization(
            access.visible_endpoints(actor),
            filter_id(organization_id, "Organization"),
            paging,
            WebhookEndpointType.from_model,
            total=total_count_selected(info),
        )
