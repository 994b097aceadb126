"""createApiKey, revokeApiKey and the apiKeys list."""

from __future__ import annotations

from typing import Annotated

import strawberry

from domain.security import api_keys
from gql.context import Context
from gql.schema.api_keys import (
    ApiKeyType,
    CreateApiKeyInput,
    CreateApiKeyPayload,
    RevokeApiKeyInput,
    RevokeApiKeyPayload,
)
from gql.schema.errors import attempt
from gql.schema.paging import PageArgs, newest_of_organization, paged
from gql.schema.relay import INPUT, Connection, filter_id, target_id, total_count_selected

Info = strawberry.Info[Context, None]


async def create_api_key(
    info: Info, input: Annotated[CreateApiKeyInput, INPUT]
) -> CreateApiKeyPayload:
    actor = await info.context.viewer()
    created, errors = await attempt(
        api_keys.create(
            actor,
            target_id(input.organization_id, "Organization"),
            input.name,
            input.role,
            input.access_rights,
            input.expires_at,
            secret_key=info.context.settings.secret_key,
        )
    )
    if created is None:
        return CreateApiKeyPayload(api_key=None, secret=None, user_errors=errors)
    return CreateApiKeyPayload(
        api_key=ApiKeyType.from_model(created.key), secret=created.secret, user_errors=[]
    )


async def revoke_api_key(
    info: Info, input: Annotated[RevokeApiKeyInput, INPUT]
) -> RevokeApiKeyPayload:
    actor = await info.context.viewer()
    key, errors = await attempt(api_keys.revoke(actor, target_id(input.id, "ApiKey")))
    return RevokeApiKeyPayload(
        api_key=ApiKeyType.from_model(key) if key else None, user_errors=errors
    )


@strawberry.type
class ApiKeyQuery:
    @strawberry.field(
        description="API keys of organizations you manage, newest first (secrets are never shown)."
    )
    @paged
    async def api_keys(
        self,
        info: Info,
        organization_id: Annotated[
            strawberry.ID | None, strawberry.argument(description="Only this organization's.")
        ] = None,
        *,
        paging: PageArgs,
    ) -> Connection[ApiKeyType]:
        actor = await info.context.viewer()
        return await newest_of_organization(
            api_keys.visible_keys(actor),
            filter_id(organization_id, "Organization"),
            paging,
            ApiKeyType.from_model,
            total=total_count_selected(info),
        )
