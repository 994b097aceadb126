"""Inputs and payloads of the password flows."""

from __future__ import annotations

import strawberry

from domain.people.password_flows import ResetRecipient
from gql.schema.enums import described_enum
from gql.schema.errors import UserError
from gql.schema.user import UserType


@strawberry.input(description="Your current and your new password.")
class ChangePasswordInput:
    current_password: str = strawberry.field(description="The password you have now.")
    new_password: str = strawberry.field(description="The new one (it must meet the policy).")


@strawberry.type(description="Result of changePassword.")
class ChangePasswordPayload:
    changed: bool = strawberry.field(
        description="True when changed: your other sessions ended (a token limited to this "
        "change ended too; log in with the new password)."
    )
    user_errors: list[UserError] = strawberry.field(description="What was refused.")


@strawberry.input(description="Set a user's password as an administrator.")
class SetUserPasswordInput:
    user_id: strawberry.ID = strawberry.field(description="The user.")
    password: str | None = strawberry.field(
        default=None, description="Omit to have one generated and returned once."
    )


@strawberry.type(description="Result of setUserPassword.")
class SetUserPasswordPayload:
    user: UserType | None = strawberry.field(
        description="The user whose password was set; null when refused."
    )
    generated_password: str | None = strawberry.field(description="Shown this once.")
    user_errors: list[UserError] = strawberry.field(description="What was refused.")


@strawberry.input(description="Ask for a password reset email.")
class RequestPasswordResetInput:
    email: str = strawberry.field(description="The login's email address.")


@strawberry.type(description="Result of requestPasswordReset: the same for every email.")
class RequestPasswordResetPayload:
    accepted: bool = strawberry.field(
        description="Always true: if the email has a login, a reset link is on its way."
    )
    user_errors: list[UserError] = strawberry.field(description="Always empty.")


described_enum(
    ResetRecipient,
    name="ResetLinkRecipient",
    description="Where createPasswordResetLink emails the link.",
    values={
        "LOGIN_EMAIL": "The login's own email address.",
        "CONTACT_EMAIL": "The contact email address of each organization the login belongs "
        "to (deleted ones aside).",
    },
)


@strawberry.input(description="The user to make a reset link for, and where to email it.")
class CreatePasswordResetLinkInput:
    user_id: strawberry.ID = strawberry.field(description="The user.")
    send_to: list[ResetRecipient] = strawberry.field(
        default_factory=list,
        description="Also email the link there (empty: no email, the link is only returned). "
        "Each address receives at most PASSWORD_RESET_EMAILS reset emails per window, "
        "counted with requestPasswordReset's; past it the call is refused "
        "(TOO_MANY_ATTEMPTS) and nothing is sent.",
    )


@strawberry.type(description="Result of createPasswordResetLink.")
class CreatePasswordResetLinkPayload:
    link: str | None = strawberry.field(
        description="A single-use link valid for 30 minutes, to give to the user."
    )
    emailed_to: list[str] = strawberry.field(
        default_factory=list, description="The addresses the link was emailed to (`sendTo`)."
    )
    user_errors: list[UserError] = strawberry.field(description="What was refused.")


@strawberry.input(description="A reset token and the new password.")
class ResetPasswordInput:
    token: str = strawberry.field(description="The token from the reset link.")
    new_password: str = strawberry.field(
        description="The password to log in with from now on; it must meet the login's "
        "security policy (WEAK_PASSWORD)."
    )


@strawberry.type(description="Result of resetPassword (it does not log you in).")
class ResetPasswordPayload:
    done: bool = strawberry.field(description="True when the password was changed.")
    user_errors: list[UserError] = strawberry.field(description="What was refused.")
