"""API keys: types, inputs and payloads."""

from __future__ import annotations

from datetime import datetime

import strawberry

from gql.schema.enums import Role
from gql.schema.errors import UserError
from gql.schema.relay import Node, to_global_id
from models import ApiKey


@strawberry.type(
    name="ApiKey", description="A partner integration's key (its secret is never shown again)."
)
class ApiKeyType(Node):
    name: str = strawberry.field(description="What it is for.")
    role: Role = strawberry.field(description="It acts like a member with this role.")
    access_rights: list[str] = strawberry.field(description="Screens it may use.")
    prefix: str = strawberry.field(description="The key's visible start, to tell keys apart.")
    created_at: datetime = strawberry.field(description="When it was created.")
    expires_at: datetime | None = strawberry.field(description="When it stops working.")
    revoked_at: datetime | None = strawberry.field(description="When it was revoked.")

    @classmethod
    def from_model(cls, key: ApiKey) -> ApiKeyType:
        return cls(
            id=to_global_id("ApiKey", key.id),
            name=key.name,
            role=key.role,
            access_rights=list(key.access_rights),
            prefix=key.prefix,
            created_at=key.created_at,
            expires_at=key.expires_at,
            revoked_at=key.revoked_at,
        )


@strawberry.input(description="A new API key.")
class CreateApiKeyInput:
    organization_id: strawberry.ID = strawberry.field(description="The organization it acts for.")
    name: str = strawberry.field(description="What it is for.")
    role: Role = strawberry.field(description="OWNER (owners only), ADMIN or MEMBER.")
    access_rights: list[str] | None = strawberry.field(
        default=None,
        description="Screens it may use: billing, dns, email, plans, users, websites; only "
        "rights you hold yourself (FORBIDDEN otherwise). Omitted: none.",
    )
    expires_at: datetime | None = strawberry.field(
        default=None,
        description="When it stops working (in the future); omitted: it works until revoked.",
    )


@strawberry.type(description="Result of createApiKey.")
class CreateApiKeyPayload:
    api_key: ApiKeyType | None = strawberry.field(
        description="The new key as listed from now on; null when refused."
    )
    secret: str | None = strawberry.field(
        description="The key itself, for Authorization: Bearer. Shown this once; keep it secret."
    )
    user_errors: list[UserError] = strawberry.field(description="What was refused.")


@strawberry.input(description="The key to revoke.")
class RevokeApiKeyInput:
    id: strawberry.ID = strawberry.field(description="The key to revoke; it stops at once.")


@strawberry.type(description="Result of revokeApiKey.")
class RevokeApiKeyPayload:
    api_key: ApiKeyType | None = strawberry.field(description="The key, now revoked.")
    user_errors: list[UserError] = strawberry.field(description="What was refused.")
