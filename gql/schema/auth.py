"""Inputs and payloads of `login` and `logout`."""

from __future__ import annotations

from datetime import datetime

import strawberry

from gql.schema.errors import UserError
from gql.schema.suspension import SuspensionType
from gql.schema.two_factor import TwoFactorChallengeType
from gql.schema.user import UserType
from gql.schema.viewer import ViewerType


@strawberry.input(description="Credentials for `login`.")
class LoginInput:
    email: str = strawberry.field(description="The login's email address, in any letter case.")
    password: str = strawberry.field(description="The password (up to 256 characters).")
    organization_id: strawberry.ID | None = strawberry.field(
        default=None,
        description="For a user in several organizations: which one to act for. "
        "Default: the highest one that is active.",
    )


@strawberry.type(description="Result of `login`.")
class LoginPayload:
    token: str | None = strawberry.field(
        description="Bearer token for the Authorization header. Shown once; keep it secret."
    )
    expires_at: datetime | None = strawberry.field(description="When the token stops working.")
    user: UserType | None = strawberry.field(description="The user who logged in.")
    viewer: ViewerType | None = strawberry.field(description="The new session's viewer.")
    user_errors: list[UserError] = strawberry.field(description="Why the login was refused.")
    suspension: SuspensionType | None = strawberry.field(
        default=None,
        description="With ORGANIZATION_SUSPENDED (answered only to the right password): the "
        "suspension, as the organization itself may see it.",
    )
    two_factor: TwoFactorChallengeType | None = strawberry.field(
        default=None,
        description="With TWO_FACTOR_REQUIRED or TWO_FACTOR_ENROLLMENT_REQUIRED (answered "
        "only to the right password): the challenge to complete the login with.",
    )


@strawberry.type(description="Result of `logout`.")
class LogoutPayload:
    revoked: bool = strawberry.field(description="Whether a session token was revoked.")
    user_errors: list[UserError] = strawberry.field(description="Problems, if any.")


@strawberry.input(description="Whom to log in as.")
class ImpersonateInput:
    organization_id: strawberry.ID = strawberry.field(
        description="A reseller or customer below you (administrators: any)."
    )
    reason: str | None = strawberry.field(
        default=None, description="Why (recorded in the audit log the customer sees)."
    )


@strawberry.type(description="Result of impersonate.")
class ImpersonatePayload:
    token: str | None = strawberry.field(
        description="A bearer token acting as the organization's OWNER, for 30 minutes."
    )
    expires_at: datetime | None = strawberry.field(description="When it stops working.")
    viewer: ViewerType | None = strawberry.field(
        description="Who the token acts as; viewer.impersonator is you."
    )
    user_errors: list[UserError] = strawberry.field(description="What was refused.")


@strawberry.type(description="Result of endImpersonation.")
class EndImpersonationPayload:
    revoked: bool = strawberry.field(description="Whether the impersonation token was revoked.")
    user_errors: list[UserError] = strawberry.field(description="What was refused.")
