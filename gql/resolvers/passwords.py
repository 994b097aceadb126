"""changePassword, setUserPassword, requestPasswordReset, createPasswordResetLink,
resetPassword."""

from __future__ import annotations

from typing import Annotated

import strawberry

from domain.people import password_flows
from gql.context import Context
from gql.schema.errors import attempt
from gql.schema.password_inputs import (
    ChangePasswordInput,
    ChangePasswordPayload,
    CreatePasswordResetLinkInput,
    CreatePasswordResetLinkPayload,
    RequestPasswordResetInput,
    RequestPasswordResetPayload,
    ResetPasswordInput,
    ResetPasswordPayload,
    SetUserPasswordInput,
    SetUserPasswordPayload,
)
from gql.schema.relay import INPUT, target_id
from gql.schema.user import UserType
from workers.actors import send_emails

Info = strawberry.Info[Context, None]


async def change_password(
    info: Info, input: Annotated[ChangePasswordInput, INPUT]
) -> ChangePasswordPayload:
    actor = await info.context.viewer(password_change=True)
    _, errors = await attempt(
        password_flows.change_password(
            actor, input.current_password, input.new_password, info.context.settings
        )
    )
    return ChangePasswordPayload(changed=not errors, user_errors=errors)


async def set_user_password(
    info: Info, input: Annotated[SetUserPasswordInput, INPUT]
) -> SetUserPasswordPayload:
    actor = await info.context.viewer()
    result, errors = await attempt(
        password_flows.set_user_password(
            actor, target_id(input.user_id, "User"), input.password, info.context.settings
        )
    )
    if result is None:
        return SetUserPasswordPayload(user=None, generated_password=None, user_errors=errors)
    send_emails(list(result.emails))
    return SetUserPasswordPayload(
        user=UserType.from_model(result.user),
        generated_password=result.generated_password,
        user_errors=[],
    )


async def request_password_reset(
    info: Info, input: Annotated[RequestPasswordResetInput, INPUT]
) -> RequestPasswordResetPayload:
    # No lookup here: the same answer, as fast, for every email. The worker does the rest,
    # from a row written first: a broker that is down loses nothing (the scheduler sends it).
    request = await password_flows.record_reset_request(input.email)
    if request is not None:
        send_emails([request])
    return RequestPasswordResetPayload(accepted=True, user_errors=[])


async def create_password_reset_link(
    info: Info, input: Annotated[CreatePasswordResetLinkInput, INPUT]
) -> CreatePasswordResetLinkPayload:
    actor = await info.context.viewer()
    result, errors = await attempt(
        password_flows.create_reset_link(
            actor,
            target_id(input.user_id, "User"),
            info.context.settings,
            frozenset(input.send_to),
        )
    )
    if result is None:
        return CreatePasswordResetLinkPayload(link=None, user_errors=errors)
    send_emails(list(result.emails))
    return CreatePasswordResetLinkPayload(
        link=result.link, emailed_to=list(result.emailed_to), user_errors=[]
    )


async def reset_password(
    info: Info, input: Annotated[ResetPasswordInput, INPUT]
) -> ResetPasswordPayload:
    _, errors = await attempt(
        password_flows.reset_password(input.token, input.new_password, info.context.settings)
    )
    return ResetPasswordPayload(done=not errors, user_errors=errors)
