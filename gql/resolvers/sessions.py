"""revokeSession and revokeSessions."""

from __future__ import annotations

from typing import Annotated

import strawberry

from domain.security import sessions
from gql.context import Context
from gql.schema.errors import attempt
from gql.schema.relay import INPUT, target_id
from gql.schema.session import (
    RevokeSessionInput,
    RevokeSessionPayload,
    RevokeSessionsInput,
    RevokeSessionsPayload,
)

Info = strawberry.Info[Context, None]


async def revoke_session(
    info: Info, input: Annotated[RevokeSessionInput, INPUT]
) -> RevokeSessionPayload:
    actor = await info.context.viewer()
    revoked, errors = await attempt(sessions.revoke_one(actor, target_id(input.id, "Session")))
    return RevokeSessionPayload(revoked=revoked is not None, user_errors=errors)


async def revoke_sessions(
    info: Info, input: Annotated[RevokeSessionsInput, INPUT]
) -> RevokeSessionsPayload:
    actor = await info.context.viewer()
    count, errors = await attempt(
        sessions.revoke_all(
            actor, target_id(input.user_id, "User"), except_current=input.except_current
        )
    )
    return RevokeSessionsPayload(revoked_count=count or 0, user_errors=errors)
