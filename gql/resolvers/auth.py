"""`login` and `logout`."""

from __future__ import annotations

from typing import Annotated

import strawberry

from domain.actor import Actor
from domain.errors import DomainError, ErrorCode
from domain.hierarchy.suspension_notice import OrganizationSuspended
from domain.security import auth, impersonation
from domain.security.login_challenge import Step
from gql.context import Context
from gql.schema.auth import (
    EndImpersonationPayload,
    ImpersonateInput,
    ImpersonatePayload,
    LoginInput,
    LoginPayload,
    LogoutPayload,
)
from gql.schema.errors import UserError, attempt
from gql.schema.relay import INPUT, filter_id, target_id
from gql.schema.suspension import SuspensionType
from gql.schema.two_factor import TwoFactorChallengeType
from gql.schema.user import UserType
from gql.schema.viewer import ViewerType

Info = strawberry.Info[Context, None]


def refused(error: DomainError) -> LoginPayload:
    """The payload of a refused login step (login and completeTwoFactorLogin)."""
    return LoginPayload(
        token=None,
        expires_at=None,
        user=None,
        viewer=None,
        user_errors=[UserError.from_domain(error)],
        suspension=(
            SuspensionType.from_notice(error.notice)
            if isinstance(error, OrganizationSuspended)
            else None
        ),
    )


async def login(info: Info, input: Annotated[LoginInput, INPUT]) -> LoginPayload:
    # An id that is no organization's selects no membership: INVALID_CREDENTIALS, exactly
    # like an organization the user is not in, so ids cannot be probed through login.
    organization_id = filter_id(input.organization_id, "Organization")
    try:
        result = await auth.login(
            input.email,
            input.password,
            settings=info.context.settings,
            ip=info.context.ip,
            organization_id=organization_id,
            user_agent=info.context.user_agent,
        )
    except DomainError as error:
        return refused(error)
    return login_payload(result)


_STEP_ERRORS = {
    Step.CODE: DomainError(
        ErrorCode.TWO_FACTOR_REQUIRED,
        "Enter your authenticator's code (completeTwoFactorLogin with the challenge).",
    ),
    Step.ENROLL: DomainError(
        ErrorCode.TWO_FACTOR_ENROLLMENT_REQUIRED,
        "Your organization requires two-factor login: set up an authenticator "
        "(beginTotpEnrollment, then confirmTotpEnrollment, with the challenge).",
    ),
}
_EXPIRED = DomainError(
    ErrorCode.PASSWORD_EXPIRED,
    "Your password has expired: the token can only change it (changePassword).",
)


def login_payload(result: auth.LoginResult) -> LoginPayload:
    """The payload of a login step that succeeded: a session, or the challenge still to
    complete (login and completeTwoFactorLogin)."""
    if result.challenge is not None:
        challenge = result.challenge
        return LoginPayload(
            token=None,
            expires_at=None,
            user=None,
            viewer=None,
            user_errors=[UserError.from_domain(_STEP_ERRORS[challenge.step])],
            two_factor=TwoFactorChallengeType(
                challenge=challenge.token, step=challenge.step, expires_at=challenge.expires_at
            ),
        )
    actor = Actor.of_member(result.membership, result.user)
    return LoginPayload(
        token=result.token,
        expires_at=result.expires_at,
        user=UserType.from_model(result.user),
        viewer=ViewerType.from_actor(actor),
        user_errors=[UserError.from_domain(_EXPIRED)] if result.expired else [],
    )


async def logout(info: Info) -> LogoutPayload:
    actor = await info.context.viewer()
    return LogoutPayload(revoked=await auth.logout(actor), user_errors=[])


async def impersonate(info: Info, input: Annotated[ImpersonateInput, INPUT]) -> ImpersonatePayload:
    actor = await info.context.viewer()
    started, errors = await attempt(
        impersonation.start(
            actor,
            target_id(input.organization_id, "Organization"),
            input.reason,
            secret_key=info.context.settings.secret_key,
            user_agent=info.context.user_agent,
        )
    )
    if started is None:
        return ImpersonatePayload(token=None, expires_at=None, viewer=None, user_errors=errors)
    membership = started.membership
    viewer = Actor.of_member(membership, membership.user, impersonator=actor.user)
    return ImpersonatePayload(
        token=started.token,
        expires_at=started.expires_at,
        viewer=ViewerType.from_actor(viewer),
        user_errors=[],
    )


async def end_impersonation(info: Info) -> EndImpersonationPayload:
    actor = await info.context.viewer()
    revoked, errors = await attempt(impersonation.end(actor))
    return EndImpersonationPayload(revoked=bool(revoked), user_errors=errors)
