"""Inputs and payloads of the user mutations."""

from __future__ import annotations

import strawberry
from strawberry import UNSET

from domain.people.welcome import Credentials
from gql.schema.enums import Role, UserStatus, described_enum
from gql.schema.errors import UserError
from gql.schema.external_ids import MetadataEntryInput
from gql.schema.invitation import InvitationType
from gql.schema.user import UserType

described_enum(
    Credentials,
    name="CredentialDelivery",
    description="How a new login gets its first password. A login that existed already "
    "(linked or invited) keeps its own, and nothing is delivered.",
    values={
        "SHOW_PASSWORD": "The password (generated or given) is returned once to the caller, "
        "as today; the welcome email carries no link.",
        "EMAIL_SET_PASSWORD_LINK": "No password is shown: the welcome email carries a "
        "single-use link (valid WELCOME_LINK_HOURS) with which the login chooses its "
        "password through resetPassword. A given `password` is refused (INVALID).",
        "BOTH": "The password is returned once and the welcome email carries the link too.",
    },
)

CREDENTIALS_DESCRIPTION = (
    "How the new login gets its password: shown once (SHOW_PASSWORD, the default), a "
    "set-password link in its welcome email, or both."
)


@strawberry.input(description="A new login in an organization.")
class CreateUserInput:
    organization_id: strawberry.ID = strawberry.field(description="Its organization.")
    email: str = strawberry.field(description="Must not have a login yet.")
    first_name: str = strawberry.field(
        default="", description="Given name of a new login (an existing one keeps its own)."
    )
    last_name: str = strawberry.field(
        default="", description="Family name of a new login (an existing one keeps its own)."
    )
    role: Role = strawberry.field(
        default=Role.MEMBER, description="OWNER (only owners appoint owners), ADMIN or MEMBER."
    )
    access_rights: list[str] | None = strawberry.field(
        default=None, description="Screens it may use: billing, dns, email, plans, users, websites."
    )
    language: str | None = strawberry.field(
        default=None,
        description="BCP 47 language tag; omitted: the department's default language, else "
        "the organization's effective one (en unless set above).",
    )
    department_id: strawberry.ID | None = strawberry.field(
        default=None, description="A department of the organization."
    )
    password: str | None = strawberry.field(
        default=None, description="Omit to have one generated and returned once."
    )
    credentials: Credentials = strawberry.field(
        default=Credentials.SHOW_PASSWORD, description=CREDENTIALS_DESCRIPTION
    )
    external_id: str | None = strawberry.field(
        default=None,
        description="A billing system's id for the new membership, unique among the "
        "organization's users (DUPLICATE when taken). Only the organizations above it set it; "
        "INVALID_STATE when the email has a login, which is invited instead.",
    )
    metadata: list[MetadataEntryInput] | None = strawberry.field(
        default=None, description="The membership's metadata (as for externalId)."
    )


@strawberry.input(
    description="Changes to a login's directory properties: omitted fields stay, null or an "
    "empty text removes one. A user changes its own displayName, phone and mobile; jobTitle "
    "and office only its administrators."
)
class UserPropertiesInput:
    display_name: str | None = strawberry.field(default=UNSET, description="Up to 100 characters.")
    job_title: str | None = strawberry.field(default=UNSET, description="Up to 100 characters.")
    office: str | None = strawberry.field(default=UNSET, description="Up to 100 characters.")
    phone: str | None = strawberry.field(default=UNSET, description="e.g. +49 30 1234567.")
    mobile: str | None = strawberry.field(default=UNSET, description="e.g. +49 151 1234567.")

    def changes(self) -> dict[str, str | None]:
        given = {
            "displayName": self.display_name,
            "jobTitle": self.job_title,
            "office": self.office,
            "phone": self.phone,
            "mobile": self.mobile,
        }
        return {key: value for key, value in given.items() if value is not UNSET}


@strawberry.type(description="Result of createUser.")
class CreateUserPayload:
    user: UserType | None = strawberry.field(
        description="The new login (or your own, linked); null when the email already had "
        "another login, which was invited instead (see invitation)."
    )
    generated_password: str | None = strawberry.field(
        description="Shown this once (never to an impersonation, nor with EMAIL_SET_PASSWORD_LINK)."
    )
    invitation: InvitationType | None = strawberry.field(
        description="Set when the email already has a login (yours excepted): it was "
        "invited, and becomes a member once it accepts with the emailed token."
    )
    user_errors: list[UserError] = strawberry.field(description="What was refused.")


@strawberry.input(description="Changes to a user; omitted fields stay as they are.")
class UpdateUserInput:
    id: strawberry.ID = strawberry.field(description="The user.")
    organization_id: strawberry.ID | None = strawberry.field(
        default=None,
        description="Whose membership role and accessRights change (needed when the user "
        "belongs to several organizations you manage).",
    )
    first_name: str | None = strawberry.field(default=None, description="New given name.")
    last_name: str | None = strawberry.field(default=None, description="New family name.")
    language: str | None = strawberry.field(
        default=None, description="Preferred language, a BCP 47 tag (e.g. pt-BR)."
    )
    email: str | None = strawberry.field(
        default=None, description="New login email; the user is told at both addresses."
    )
    status: UserStatus | None = strawberry.field(
        default=None, description="DISABLED ends its sessions at once."
    )
    department_id: strawberry.ID | None = strawberry.field(
        default=UNSET, description="A department of the organization; null removes it."
    )
    role: Role | None = strawberry.field(
        default=None,
        description="New role in that organization (only owners, or those above, appoint owners).",
    )
    access_rights: list[str] | None = strawberry.field(
        default=None, description="New access rights."
    )
    external_id: str | None = strawberry.field(
        default=UNSET,
        description="The membership's new external id (DUPLICATE when another user of the "
        "organization has it); null removes it. Only the organizations above it set it.",
    )
    metadata: list[MetadataEntryInput] | None = strawberry.field(
        default=None,
        description="Replaces the membership's metadata whole ([] empties it). Only the "
        "organizations above it set it.",
    )
    bounce_processing: bool | None = strawberry.field(
        default=UNSET,
        description="Whether its bounced mail is processed; null inherits (administrators).",
    )
    message_disclaimer: str | None = strawberry.field(
        default=UNSET,
        description="Text added to its outgoing messages; null inherits (the user itself too).",
    )
    properties: UserPropertiesInput | None = strawberry.field(
        default=None, description="Directory properties to change."
    )


@strawberry.type(description="Result of updateUser.")
class UpdateUserPayload:
    user: UserType | None = strawberry.field(description="As it is now.")
    user_errors: list[UserError] = strawberry.field(description="What was refused.")


@strawberry.input(description="Remove a user from an organization.")
class DeleteUserInput:
    id: strawberry.ID = strawberry.field(description="The user.")
    organization_id: strawberry.ID | None = strawberry.field(
        default=None,
        description="The organization to remove it from (needed when it belongs to several "
        "you manage). A user left without organizations is deleted.",
    )


@strawberry.type(description="Result of deleteUser.")
class DeleteUserPayload:
    deleted_user_id: strawberry.ID | None = strawberry.field(description="The removed user.")
    user_errors: list[UserError] = strawberry.field(description="What was refused.")
