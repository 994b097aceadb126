"""completeTwoFactorLogin, TOTP enrollment, recovery codes, disableTotp, resetTwoFactor."""

from __future__ import annotations

from typing import Annotated

import strawberry

from domain.actor import Actor
from domain.errors import DomainError
from domain.security import two_factor
from domain.security.auth import LoginResult
from gql.context import Context
from gql.resolvers.auth import login_payload, refused
from gql.schema.auth import LoginPayload
from gql.schema.errors import attempt
from gql.schema.relay import INPUT, target_id
from gql.schema.two_factor import (
    BeginTotpEnrollmentInput,
    BeginTotpEnrollmentPayload,
    CompleteTwoFactorLoginInput,
    ConfirmTotpEnrollmentInput,
    ConfirmTotpEnrollmentPayload,
    DisableTotpPayload,
    RegenerateRecoveryCodesPayload,
    ResetTwoFactorInput,
    ResetTwoFactorPayload,
    TwoFactorProofInput,
)
from gql.schema.user import UserType
from gql.schema.viewer import ViewerType
from workers.actors import send_emails

Info = strawberry.Info[Context, None]


def _viewer_of(result: LoginResult) -> ViewerType:
    return ViewerType.from_actor(Actor.of_member(result.membership, result.user))


async def complete_two_factor_login(
    info: Info, input: Annotated[CompleteTwoFactorLoginInput, INPUT]
) -> LoginPayload:
    context = info.context
    try:
        result = await two_factor.complete_login(
            input.challenge,
            input.code,
            input.recovery_code,
            context.settings,
            ip=context.ip,
            user_agent=context.user_agent,
        )
    except DomainError as error:
        return refused(error)
    return login_payload(result)


async def begin_totp_enrollment(
    info: Info, input: Annotated[BeginTotpEnrollmentInput, INPUT]
) -> BeginTotpEnrollmentPayload:
    actor = None if input.challenge is not None else await info.context.viewer()
    enrollment, errors = await attempt(
        two_factor.begin_enrollment(
            actor,
            info.context.settings,
            challenge=input.challenge,
            code=input.code,
            password=input.password,
        )
    )
    if enrollment is None:
        return BeginTotpEnrollmentPayload(secret=None, otpauth_uri=None, user_errors=errors)
    return BeginTotpEnrollmentPayload(
        secret=enrollment.secret, otpauth_uri=enrollment.uri, user_errors=[]
    )


async def confirm_totp_enrollment(
    info: Info, input: Annotated[ConfirmTotpEnrollmentInput, INPUT]
) -> ConfirmTotpEnrollmentPayload:
    context = info.context
    actor = None if input.challenge is not None else await context.viewer()
    confirmed, errors = await attempt(
        two_factor.confirm_enrollment(
            actor,
            input.code,
            context.settings,
            challenge=input.challenge,
            ip=context.ip,
            user_agent=context.user_agent,
        )
    )
    if confirmed is None:
        return ConfirmTotpEnrollmentPayload(recovery_codes=None, user_errors=errors)
    login = confirmed.login
    return ConfirmTotpEnrollmentPayload(
        recovery_codes=confirmed.recovery_codes,
        token=login.token if login else None,
        expires_at=login.expires_at if login else None,
        viewer=_viewer_of(login) if login else None,
        user_errors=[],
    )


async def disable_totp(
    info: Info, input: Annotated[TwoFactorProofInput, INPUT]
) -> DisableTotpPayload:
    actor = await info.context.viewer()
    _, errors = await attempt(
        two_factor.disable(actor, info.context.settings, code=input.code, password=input.password)
    )
    return DisableTotpPayload(disabled=not errors, user_errors=errors)


async def regenerate_recovery_codes(
    info: Info, input: Annotated[TwoFactorProofInput, INPUT]
) -> RegenerateRecoveryCodesPayload:
    actor = await info.context.viewer()
    codes, errors = await attempt(
        two_factor.regenerate_recovery_codes(
            actor, info.context.settings, code=input.code, password=input.password
        )
    )
    return RegenerateRecoveryCodesPayload(recovery_codes=codes, user_errors=errors)


async def reset_two_factor(
    info: Info, input: Annotated[ResetTwoFactorInput, INPUT]
) -> ResetTwoFactorPayload:
    actor = await info.context.viewer()
    result, errors = await attempt(two_factor.reset(actor, target_id(input.user_id, "User")))
    if result is None:
        return ResetTwoFactorPayload(user=None, user_errors=errors)
    user, email = result
    send_emails([email])
    return ResetTwoFactorPayload(user=UserType.from_model(user), user_errors=[])
