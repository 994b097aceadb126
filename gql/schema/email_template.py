"""Email templates: a platform's or reseller's own wording of its notification emails."""

from __future__ import annotations

import strawberry

from domain.hierarchy.email_templates import PLACEHOLDERS, Shown
from gql.schema.enums import described_enum
from gql.schema.errors import UserError
from models.enums import EmailTemplateKind

described_enum(
    EmailTemplateKind,
    description="A notification email whose wording a platform or reseller may set for "
    "the organizations below it.",
    values={
        EmailTemplateKind.SUSPENDED: "To a suspended organization (suspendOrganizations), "
        "with the reason.",
        EmailTemplateKind.REACTIVATED: "To a reactivated organization (reactivateOrganizations).",
        EmailTemplateKind.DELETED: "To a deleted organization (deleteOrganizations), with "
        "the date of its purge.",
        EmailTemplateKind.PURGE_WARNING: "To a deleted organization once, PURGE_WARNING_DAYS "
        "before its purge.",
        EmailTemplateKind.EXPIRY_WARNING: "To an organization once, EXPIRY_WARNING_DAYS "
        "before its `expiresAt`.",
        EmailTemplateKind.EXPIRED: "To an organization the scheduler suspended because its "
        "`expiresAt` passed.",
        EmailTemplateKind.WELCOME: "To a new login: its single-use set-password link "
        "(credentials EMAIL_SET_PASSWORD_LINK or BOTH).",
        EmailTemplateKind.PASSWORD_RESET: "To a login or a contact address: a password "
        "reset link (createPasswordResetLink, requestPasswordReset).",
    },
)


@strawberry.type(
    name="EmailTemplate",
    description="The wording of one kind of email about the organizations below yours: "
    "your own template, or the built-in text while you have none.",
)
class EmailTemplateType:
    kind: EmailTemplateKind = strawberry.field(description="The email this wording is for.")
    subject: str = strawberry.field(description="The subject line, with placeholders.")
    body: str = strawberry.field(description="The plain-text body, with placeholders.")
    custom: bool = strawberry.field(
        description="True when your organization set it; false for the built-in text, which "
        "applies unless an organization above yours set one of its own."
    )
    placeholders: list[str] = strawberry.field(
        description="The placeholders this kind accepts, written {name} in subject and body."
    )

    @classmethod
    def from_shown(cls, shown: Shown) -> EmailTemplateType:
        return cls(
            kind=shown.kind,
            subject=shown.text.subject,
            body=shown.text.body,
            custom=shown.custom,
            placeholders=sorted(PLACEHOLDERS[shown.kind]),
        )


@strawberry.input(description="Your organization's wording of one kind of email.")
class SetEmailTemplateInput:
    kind: EmailTemplateKind = strawberry.field(description="The email to word.")
    subject: str = strawberry.field(
        description="1 to 300 characters on one line; placeholders such as {organization_name}."
    )
    body: str = strawberry.field(
        description="1 to 10,000 characters of plain text; an unknown placeholder is INVALID."
    )


@strawberry.input(description="The kind of email whose own template to drop.")
class ResetEmailTemplateInput:
    kind: EmailTemplateKind = strawberry.field(
        description="The email whose own wording goes: the wording of the nearest "
        "organization above yours applies again, else the built-in text."
    )


@strawberry.type(description="Result of setEmailTemplate / resetEmailTemplate.")
class EmailTemplatePayload:
    template: EmailTemplateType | None = strawberry.field(
        description="The template as it is now (after a reset: the built-in text)."
    )
    user_errors: list[UserError] = strawberry.field(description="What was refused.")
