"""Two-factor login: the challenge login answers, enrollment, recovery codes, reset."""

from __future__ import annotations

from datetime import datetime

import strawberry

from domain.security.login_challenge import Step
from gql.schema.enums import described_enum
from gql.schema.errors import UserError
from gql.schema.user import UserType
from gql.schema.viewer import ViewerType

TwoFactorStep = described_enum(
    Step,
    name="TwoFactorStep",
    description="What a login still needs before it gets its token.",
    values={
        "CODE": "A second factor: completeTwoFactorLogin with the challenge and the "
        "authenticator's current code, or one of the recovery codes.",
        "ENROLL": "The security policy requires two-factor login and this login has no "
        "authenticator yet: set one up with beginTotpEnrollment, then "
        "confirmTotpEnrollment, passing the challenge.",
    },
)


@strawberry.type(
    name="TwoFactorChallenge",
    description="login's answer for a login that needs a second factor: pass `challenge` "
    "to completeTwoFactorLogin (CODE) or to beginTotpEnrollment and "
    "confirmTotpEnrollment (ENROLL). It is no token and authorizes nothing else.",
)
class TwoFactorChallengeType:
    challenge: str = strawberry.field(description="The sealed challenge. Keep it secret.")
    step: TwoFactorStep = strawberry.field(  # type: ignore[valid-type]
        description="CODE: give a code or a recovery code. ENROLL: the policy requires "
        "two-factor login and this login has none yet: set it up first."
    )
    expires_at: datetime = strawberry.field(description="When it lapses (log in again).")


@strawberry.input(description="The second step of a login with two-factor.")
class CompleteTwoFactorLoginInput:
    challenge: str = strawberry.field(description="The challenge login answered.")
    code: str | None = strawberry.field(
        default=None, description="The authenticator's current 6-digit code."
    )
    recovery_code: str | None = strawberry.field(
        default=None, description="Or one of the recovery codes (each works once)."
    )


@strawberry.input(description="Start setting up an authenticator app.")
class BeginTotpEnrollmentInput:
    challenge: str | None = strawberry.field(
        default=None,
        description="Without a session: the ENROLL challenge login answered.",
    )
    code: str | None = strawberry.field(
        default=None,
        description="Replacing a working authenticator: a current code of it (or password).",
    )
    password: str | None = strawberry.field(
        default=None,
        description="Your password: needed with a session for a first authenticator (or, "
        "instead of a code, to replace a working one); not with a challenge.",
    )


@strawberry.type(description="Result of beginTotpEnrollment. Shown once.")
class BeginTotpEnrollmentPayload:
    secret: str | None = strawberry.field(
        description="The new secret (base32), to type into an authenticator app."
    )
    otpauth_uri: str | None = strawberry.field(
        description="The same as an otpauth:// URI, to show as a QR code."
    )
    user_errors: list[UserError] = strawberry.field(description="What was refused.")


@strawberry.input(description="The first code of the new authenticator.")
class ConfirmTotpEnrollmentInput:
    code: str = strawberry.field(description="Its current 6-digit code.")
    challenge: str | None = strawberry.field(
        default=None,
        description="Without a session: the ENROLL challenge login answered; the login "
        "then completes and the payload carries its token.",
    )


@strawberry.type(description="Result of confirmTotpEnrollment.")
class ConfirmTotpEnrollmentPayload:
    recovery_codes: list[str] | None = strawberry.field(
        description="Single-use codes for when the authenticator is lost. Shown once."
    )
    token: str | None = strawberry.field(
        default=None, description="With a challenge: the bearer token of the completed login."
    )
    expires_at: datetime | None = strawberry.field(
        default=None, description="With a challenge: when the token stops working."
    )
    viewer: ViewerType | None = strawberry.field(
        default=None, description="With a challenge: the new session's viewer."
    )
    user_errors: list[UserError] = strawberry.field(description="What was refused.")


@strawberry.input(description="Proof for turning off or renewing your two-factor login.")
class TwoFactorProofInput:
    code: str | None = strawberry.field(
        default=None, description="A current code of your authenticator."
    )
    password: str | None = strawberry.field(default=None, description="Or your password.")


@strawberry.type(description="Result of disableTotp.")
class DisableTotpPayload:
    disabled: bool = strawberry.field(description="Whether two-factor login is now off.")
    user_errors: list[UserError] = strawberry.field(description="What was refused.")


@strawberry.type(description="Result of regenerateRecoveryCodes.")
class RegenerateRecoveryCodesPayload:
    recovery_codes: list[str] | None = strawberry.field(
        description="The new codes (the old ones no longer work). Shown once."
    )
    user_errors: list[UserError] = strawberry.field(description="What was refused.")


@strawberry.input(description="Whose two-factor login to turn off.")
class ResetTwoFactorInput:
    user_id: strawberry.ID = strawberry.field(description="The login (not your own).")


@strawberry.type(description="Result of resetTwoFactor.")
class ResetTwoFactorPayload:
    user: UserType | None = strawberry.field(description="The login, now without two-factor.")
    user_errors: list[UserError] = strawberry.field(description="What was refused.")
