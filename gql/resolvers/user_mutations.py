"""createUser, updateUser, deleteUser."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry import UNSET

from domain.people import user_management
from gql.context import Context
from gql.schema.errors import attempt
from gql.schema.external_ids import pairs
from gql.schema.invitation import invitation_of
from gql.schema.relay import INPUT, filter_id, target_id, to_global_id
from gql.schema.user import UserType
from gql.schema.user_inputs import (
    CreateUserInput,
    CreateUserPayload,
    DeleteUserInput,
    DeleteUserPayload,
    UpdateUserInput,
    UpdateUserPayload,
)
from workers.actors import send_emails

Info = strawberry.Info[Context, None]


async def create_user(info: Info, input: Annotated[CreateUserInput, INPUT]) -> CreateUserPayload:
    actor = await info.context.viewer()
    spec = user_management.NewUser(
        organization_id=target_id(input.organization_id, "Organization"),
        email=input.email,
        first_name=input.first_name,
        last_name=input.last_name,
        role=input.role,
        access_rights=input.access_rights,
        language=input.language,
        department_id=filter_id(input.department_id, "Department"),
        password=input.password,
        credentials=input.credentials,
        external_id=input.external_id,
        metadata=pairs(input.metadata) or (),
    )
    created, errors = await attempt(
        user_management.create(
            actor,
            spec,
            bcrypt_rounds=info.context.settings.bcrypt_rounds,
            settings=info.context.settings,
        )
    )
    if created is None:
        return CreateUserPayload(
            user=None, generated_password=None, invitation=None, user_errors=errors
        )
    send_emails(list(created.emails))
    return CreateUserPayload(
        user=UserType.from_model(created.user) if created.user else None,
        generated_password=created.generated_password,
        invitation=invitation_of(created.invitation),
        user_errors=[],
    )


async def update_user(info: Info, input: Annotated[UpdateUserInput, INPUT]) -> UpdateUserPayload:
    actor = await info.context.viewer()
    department = input.department_id
    changes = user_management.UserChanges(
        organization_id=filter_id(input.organization_id, "Organization"),
        first_name=input.first_name,
        last_name=input.last_name,
        language=input.language,
        email=input.email,
        status=input.status,
        department_id=filter_id(department, "Department") if department is not UNSET else None,
        clear_department=department is None,
        role=input.role,
        access_rights=input.access_rights,
        external_id=input.external_id if input.external_id is not UNSET else None,
        clear_external_id=input.external_id is None,
        metadata=pairs(input.metadata),
        bounce_processing=user_management.KEEP
        if input.bounce_processing is UNSET
        else input.bounce_processing,
        message_disclaimer=user_management.KEEP
        if input.message_disclaimer is UNSET
        else input.message_disclaimer,
        properties=input.properties.changes() if input.properties else None,
    )
    result, errors = await attempt(
        user_management.update(actor, target_id(input.id, "User"), changes)
    )
    if result is None:
        return UpdateUserPayload(user=None, user_errors=errors)
    user, emails = result
    send_emails(list(emails))
    return UpdateUserPayload(user=UserType.from_model(user), user_errors=[])


async def delete_user(info: Info, input: Annotated[DeleteUserInput, INPUT]) -> DeleteUserPayload:
    actor = await info.context.viewer()
    removed, errors = await attempt(
        user_management.remove(
            actor, target_id(input.id, "User"), filter_id(input.organization_id, "Organization")
        )
    )
    return DeleteUserPayload(
        deleted_user_id=to_global_id("User", removed) if removed else None, user_errors=errors
    )
