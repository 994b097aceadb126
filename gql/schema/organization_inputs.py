"""Inputs and payloads of creating and editing organizations and their notes."""

from __future__ import annotations

from datetime import datetime

import strawberry
from strawberry import UNSET

from domain.hierarchy.organizations import Contact
from domain.people.welcome import Credentials
from gql.schema.errors import UserError
from gql.schema.external_ids import EXTERNAL_ID_DESCRIPTION, MetadataEntryInput
from gql.schema.invitation import InvitationType
from gql.schema.note import NoteType
from gql.schema.organization import OrganizationType
from gql.schema.user import UserType
from gql.schema.user_inputs import CREDENTIALS_DESCRIPTION
from models.enums import ServiceKind


@strawberry.input(description="Contact details; omitted fields stay as they are (or empty).")
class ContactInput:
    email: str | None = strawberry.field(default=None, description="Contact email.")
    phone: str | None = strawberry.field(default=None, description="Phone number.")
    address_line1: str | None = strawberry.field(
        default=None, description="First line of the postal address (street and number)."
    )
    address_line2: str | None = strawberry.field(
        default=None, description="Second line of the postal address (building, floor)."
    )
    city: str | None = strawberry.field(
        default=None, description="Town or city of the postal address."
    )
    postal_code: str | None = strawberry.field(
        default=None, description="Postal (ZIP) code, as written in its country."
    )
    country: str | None = strawberry.field(default=None, description="ISO 3166-1 alpha-2.")

    def given(self) -> dict[str, str]:
        """The fields the caller set, by domain name."""
        return {
            name: value
            for name, value in (
                ("email", self.email),
                ("phone", self.phone),
                ("address_line1", self.address_line1),
                ("address_line2", self.address_line2),
                ("city", self.city),
                ("postal_code", self.postal_code),
                ("country", self.country),
            )
            if value is not None
        }

    def to_domain(self) -> Contact:
        return Contact(**self.given())


@strawberry.input(description="The owner login of a new organization.")
class OwnerInput:
    email: str = strawberry.field(
        description="An email that already has a login is linked as OWNER, not duplicated."
    )
    first_name: str = strawberry.field(
        default="", description="Given name of a new login (an existing one keeps its own)."
    )
    last_name: str = strawberry.field(
        default="", description="Family name of a new login (an existing one keeps its own)."
    )
    password: str | None = strawberry.field(
        default=None,
        description="Omit to have one generated: it is returned once as generatedPassword.",
    )
    credentials: Credentials = strawberry.field(
        default=Credentials.SHOW_PASSWORD, description=CREDENTIALS_DESCRIPTION
    )


@strawberry.input(description="A new customer or reseller and its owner login.")
class CreateOrganizationInput:
    name: str = strawberry.field(description="Display name (1 to 200 characters).")
    owner: OwnerInput = strawberry.field(description="Its owner login.")
    company: str = strawberry.field(default="", description="Legal company name.")
    contact: ContactInput | None = strawberry.field(default=None, description="Contact details.")
    owner_id: strawberry.ID | None = strawberry.field(
        default=None,
        description="Administrators only: the master or reseller that will own it. Resellers "
        "always create under themselves.",
    )
    plan_id: strawberry.ID | None = strawberry.field(
        default=None,
        description="A plan of the owner. Needs the `plans` access right; without it the "
        "plan part is refused (FORBIDDEN) and the rest is created.",
    )
    activate: bool = strawberry.field(
        default=True, description="False leaves it PENDING: nobody in it can log in yet."
    )
    note: str | None = strawberry.field(default=None, description="A first private note.")
    expires_at: datetime | None = strawberry.field(
        default=None,
        description="The account's end date, in the future: the scheduler suspends it then "
        '(reason "expired"), after a warning email. Omitted: it does not expire.',
    )
    external_id: str | None = strawberry.field(
        default=None, description=EXTERNAL_ID_DESCRIPTION + " DUPLICATE when taken."
    )
    metadata: list[MetadataEntryInput] | None = strawberry.field(
        default=None, description="A billing system's key-value data about it."
    )
    idempotency_key: str | None = strawberry.field(
        default=None,
        description="Retrying with the same key returns the first result instead of a "
        "duplicate (kept at least 24 hours); NOT_FOUND when that result is gone or out of "
        "your sight, IDEMPOTENCY_MISMATCH when the request differs from the first.",
    )


@strawberry.type(description="Result of createCustomer / createReseller.")
class CreateOrganizationPayload:
    organization: OrganizationType | None = strawberry.field(description="The new organization.")
    owner: UserType | None = strawberry.field(
        description="Its owner login; null when the email already had a login (yours "
        "excepted), which was invited instead (see invitation)."
    )
    generated_password: str | None = strawberry.field(
        description="The generated owner password, shown this once (null when the owner "
        "gave one, already had a login, gets a set-password link instead, the call was a "
        "retry or an impersonation made it)."
    )
    invitation: InvitationType | None = strawberry.field(
        description="Set when the owner's email already has a login (yours excepted): it "
        "was invited, and becomes the OWNER once it accepts with the emailed token."
    )
    user_errors: list[UserError] = strawberry.field(description="What was refused.")


@strawberry.input(description="A copy of a customer: same owner, plan, policy, departments.")
class CopyCustomerInput:
    source_id: strawberry.ID = strawberry.field(description="The customer to copy.")
    name: str = strawberry.field(description="The copy's name.")
    owner: OwnerInput = strawberry.field(
        description="The copy's owner login (users are never copied)."
    )
    service_kinds: list[ServiceKind] = strawberry.field(
        default_factory=list,
        description="Which kinds of services to copy (their settings, never their data). "
        "DOMAIN_TAKEN when the source has websites or DNS zones of the kinds chosen: a "
        "domain is unique on the platform, so copy without them.",
    )
    activate: bool = strawberry.field(
        default=True, description="False leaves the copy PENDING, as in createCustomer."
    )
    idempotency_key: str | None = strawberry.field(
        default=None,
        description="Retrying with the same key returns the first copy; "
        "IDEMPOTENCY_MISMATCH when the request differs from the first.",
    )


@strawberry.input(description="Changes to an organization's details; omitted fields stay.")
class UpdateOrganizationInput:
    id: strawberry.ID = strawberry.field(description="The organization to edit.")
    name: str | None = strawberry.field(default=None, description="New display name.")
    company: str | None = strawberry.field(default=None, description="New company name.")
    contact: ContactInput | None = strawberry.field(default=None, description="Contact changes.")
    expires_at: datetime | None = strawberry.field(
        default=UNSET,
        description="A new end date of the account (in the future), or null for none; "
        "omitted, it stays. Only its managers set it (FORBIDDEN for the organization "
        "itself). A new date is warned of again.",
    )
    external_id: str | None = strawberry.field(
        default=UNSET,
        description="A new external id (DUPLICATE when a sibling has it); null removes it. "
        "Only the organizations above it set it (the Master's: its own administrators).",
    )
    metadata: list[MetadataEntryInput] | None = strawberry.field(
        default=None,
        description="Replaces its metadata whole ([] empties it). Only the organizations "
        "above it set it.",
    )


@strawberry.type(description="Result of updateOrganization.")
class UpdateOrganizationPayload:
    organization: OrganizationType | None = strawberry.field(description="As it is now.")
    user_errors: list[UserError] = strawberry.field(description="What was refused.")


@strawberry.input(description="A new private note.")
class AddNoteInput:
    organization_id: strawberry.ID = strawberry.field(description="Whom the note is about.")
    text: str = strawberry.field(description="The note (up to 10,000 characters).")


@strawberry.input(description="New text for a note.")
class UpdateNoteInput:
    id: strawberry.ID = strawberry.field(description="The note.")
    text: str = strawberry.field(description="The new text.")


@strawberry.input(description="The note to delete.")
class DeleteNoteInput:
    id: strawberry.ID = strawberry.field(description="The note.")


@strawberry.type(description="Result of addNote / updateNote.")
class NotePayload:
    note: NoteType | None = strawberry.field(description="The note as it is now.")
    user_errors: list[UserError] = strawberry.field(description="What was refused.")


@strawberry.type(description="Result of deleteNote.")
class DeleteNotePayload:
    deleted_note_id: strawberry.ID | None = strawberry.field(description="The deleted note's id.")
    user_errors: list[UserError] = strawberry.field(description="What was refused.")
