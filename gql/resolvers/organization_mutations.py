"""createCustomer, createReseller, updateOrganization, and the note mutations."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry import UNSET

from domain.errors import DomainError
from domain.hierarchy import copies, expiry, notes, organizations
from gql.context import Context
from gql.schema.errors import UserError, attempt
from gql.schema.external_ids import pairs
from gql.schema.invitation import invitation_of
from gql.schema.note import NoteType
from gql.schema.organization import OrganizationType
from gql.schema.organization_inputs import (
    AddNoteInput,
    CopyCustomerInput,
    CreateOrganizationInput,
    CreateOrganizationPayload,
    DeleteNoteInput,
    DeleteNotePayload,
    NotePayload,
    OwnerInput,
    UpdateNoteInput,
    UpdateOrganizationInput,
    UpdateOrganizationPayload,
)
from gql.schema.relay import INPUT, filter_id, target_id, to_global_id
from gql.schema.user import UserType
from models.enums import OrganizationKind
from workers.actors import send_emails

Info = strawberry.Info[Context, None]


async def _create(
    info: Info, input: CreateOrganizationInput, kind: OrganizationKind
) -> CreateOrganizationPayload:
    actor = await info.context.viewer()
    spec = organizations.NewOrganization(
        kind=kind,
        name=input.name,
        owner=_owner_login(input.owner),
        company=input.company,
        contact=input.contact.to_domain() if input.contact else organizations.Contact(),
        owner_id=filter_id(input.owner_id, "Organization"),
        plan_id=filter_id(input.plan_id, "Plan"),
        activate=input.activate,
        note=input.note,
        idempotency_key=input.idempotency_key,
        expires_at=input.expires_at,
        external_id=input.external_id,
        metadata=pairs(input.metadata) or (),
    )
    try:
        created = await organizations.create(
            actor,
            spec,
            settings=info.context.settings,
        )
    except DomainError as error:
        return _refused(error)
    return _created(created)


def _owner_login(owner: OwnerInput) -> organizations.OwnerLogin:
    return organizations.OwnerLogin(
        email=owner.email,
        first_name=owner.first_name,
        last_name=owner.last_name,
        password=owner.password,
        credentials=owner.credentials,
    )


def _refused(error: DomainError) -> CreateOrganizationPayload:
    return CreateOrganizationPayload(
        organization=None,
        owner=None,
        generated_password=None,
        invitation=None,
        user_errors=UserError.all_from_domain(error),
    )


def _created(created: organizations.Created) -> CreateOrganizationPayload:
    send_emails(list(created.emails))  # committed: now the actor may send them
    return CreateOrganizationPayload(
        organization=OrganizationType.from_model(created.organization),
        owner=UserType.from_model(created.owner) if created.owner else None,
        generated_password=created.generated_password,
        invitation=invitation_of(created.invitation),
        user_errors=[UserError.from_domain(created.plan_error)] if created.plan_error else [],
    )


async def create_customer(
    info: Info, input: Annotated[CreateOrganizationInput, INPUT]
) -> CreateOrganizationPayload:
    return await _create(info, input, OrganizationKind.CUSTOMER)


async def create_reseller(
    info: Info, input: Annotated[CreateOrganizationInput, INPUT]
) -> CreateOrganizationPayload:
    return await _create(info, input, OrganizationKind.RESELLER)


async def copy_customer(
    info: Info, input: Annotated[CopyCustomerInput, INPUT]
) -> CreateOrganizationPayload:
    actor = await info.context.viewer()
    spec = copies.CopySpec(
        source_id=target_id(input.source_id, "Organization"),
        name=input.name,
        owner=_owner_login(input.owner),
        service_kinds=frozenset(input.service_kinds),
        idempotency_key=input.idempotency_key,
        activate=input.activate,
    )
    try:
        created = await copies.copy_customer(
            actor,
            spec,
            settings=info.context.settings,
        )
    except DomainError as error:
        return _refused(error)
    return _created(created)


async def update_organization(
    info: Info, input: Annotated[UpdateOrganizationInput, INPUT]
) -> UpdateOrganizationPayload:
    actor = await info.context.viewer()
    changes = organizations.OrganizationChanges(
        name=input.name,
        company=input.company,
        contact=input.contact.given() if input.contact else None,
        expires_at=expiry.KEEP if input.expires_at is UNSET else input.expires_at,
        external_id=input.external_id if input.external_id is not UNSET else None,
        clear_external_id=input.external_id is None,
        metadata=pairs(input.metadata),
    )
    org, errors = await attempt(
        organizations.update(actor, target_id(input.id, "Organization"), changes)
    )
    return UpdateOrganizationPayload(
        organization=OrganizationType.from_model(org) if org else None, user_errors=errors
    )


async def add_note(info: Info, input: Annotated[AddNoteInput, INPUT]) -> NotePayload:
    actor = await info.context.viewer()
    note, errors = await attempt(
        notes.add(actor, target_id(input.organization_id, "Organization"), input.text)
    )
    return NotePayload(note=NoteType.from_model(note) if note else None, user_errors=errors)


async def update_note(info: Info, input: Annotated[UpdateNoteInput, INPUT]) -> NotePayload:
    actor = await info.context.viewer()
    note, errors = await attempt(notes.update(actor, target_id(input.id, "Note"), input.text))
    return NotePayload(note=NoteType.from_model(note) if note else None, user_errors=errors)


async def delete_note(info: Info, input: Annotated[DeleteNoteInput, INPUT]) -> DeleteNotePayload:
    actor = await info.context.viewer()
    deleted, errors = await attempt(notes.delete(actor, target_id(input.id, "Note")))
    return DeleteNotePayload(
        deleted_note_id=to_global_id("Note", deleted) if deleted else None, user_errors=errors
    )
