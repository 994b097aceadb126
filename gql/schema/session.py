"""A login's sessions, and the inputs and payloads that revoke them."""

from __future__ import annotations

from datetime import datetime

import strawberry

from gql.schema.errors import UserError
from gql.schema.relay import to_global_id
from models import SessionToken


@strawberry.type(
    name="Session",
    description="A working session of a login (a login or an impersonation). Its token is "
    "never shown again.",
)
class SessionType:
    id: strawberry.ID = strawberry.field(description="The session's id, for revokeSession.")
    created_at: datetime = strawberry.field(description="When it began.")
    last_seen_at: datetime | None = strawberry.field(
        description="When it was last used (kept to the minute)."
    )
    expires_at: datetime = strawberry.field(description="When it stops working by itself.")
    ip: str | None = strawberry.field(
        description="The address it began from (null to a customer for an impersonation: "
        "it never learns who manages it)."
    )
    user_agent: str | None = strawberry.field(
        description="The client it began from, as its User-Agent header named it."
    )
    is_impersonation: bool = strawberry.field(
        description="Someone above the organization acting as this login (log in as customer)."
    )
    current: bool = strawberry.field(description="The session this request came with.")

    @classmethod
    def from_model(cls, session: SessionToken, current_id: object) -> SessionType:
        return cls(
            id=strawberry.ID(to_global_id("Session", session.id)),
            created_at=session.created_at,
            last_seen_at=session.last_seen_at,
            expires_at=session.expires_at,
            ip=session.ip,
            user_agent=session.user_agent,
            is_impersonation=session.impersonator_id is not None,
            current=session.id == current_id,
        )


@strawberry.input(description="Which session to revoke.")
class RevokeSessionInput:
    id: strawberry.ID = strawberry.field(description="The session's id (User.sessions).")


@strawberry.type(description="Result of revokeSession.")
class RevokeSessionPayload:
    revoked: bool = strawberry.field(description="Whether the session was revoked.")
    user_errors: list[UserError] = strawberry.field(description="What was refused.")


@strawberry.input(description="Whose sessions to revoke.")
class RevokeSessionsInput:
    user_id: strawberry.ID = strawberry.field(description="The login.")
    except_current: bool = strawberry.field(
        default=False,
        description="Keep the session this request came with (log out everywhere else).",
    )


@strawberry.type(description="Result of revokeSessions.")
class RevokeSessionsPayload:
    revoked_count: int = strawberry.field(description="How many sessions were revoked.")
    user_errors: list[UserError] = strawberry.field(description="What was refused.")
