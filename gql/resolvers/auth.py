"""`login` and `logout`."""

from __future__ import annotations

from typing import Annotated

import strawberry

from domain import auth, impersonation
from domain.actor import Actor
from domain.errors import DomainError, ErrorCode
from domain.suspension_notice import OrganizationSuspended
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
from gql.schema.user import UserType
from gql.schema.viewer import ViewerType

Info = strawberry.Info[Context, None]


def _refused(error: DomainError) -> LoginPayload:
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
        )
    except DomainError as error:
        return _refused(error)
    actor = Actor.of_member(result.membership, result.user)
    expired = (
        [
            UserError.from_domain(
                DomainError(
                    ErrorCode.PASSWORD_EXPIRED,
                    "Your password has expired: the token can only change it (changePassword).",
                )
            )
        ]
        if result.expired
        else []
    )
    return LoginPayload(
        token=result.token,
        expires_at=result.expires_at,
        user=UserType.from_model(result.user),
        viewer=ViewerType.from_actor(actor),
        user_errors=expired,
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
