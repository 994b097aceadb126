"""Security policy: the effective values, and the input that tightens them."""

from __future__ import annotations

import strawberry
from strawberry import UNSET

from domain.security.policy import Policy
from gql.schema.errors import UserError


@strawberry.type(
    name="SecurityPolicy", description="The policy in force (inherited and own, strictest wins)."
)
class SecurityPolicyType:
    min_password_length: int = strawberry.field(description="Minimum password length (>= 8).")
    require_uppercase: bool = strawberry.field(description="Passwords need an upper-case letter.")
    require_lowercase: bool = strawberry.field(description="Passwords need a lower-case letter.")
    require_digit: bool = strawberry.field(description="Passwords need a digit.")
    require_symbol: bool = strawberry.field(description="Passwords need a symbol.")
    password_expiry_days: int | None = strawberry.field(
        description="Days a password lasts; null: no expiry."
    )
    expiry_warning_days: int = strawberry.field(
        description="Days before a password expires that its login is warned by email."
    )
    max_failed_logins: int = strawberry.field(description="Failures before a login is locked.")
    lockout_minutes: int = strawberry.field(description="Minutes a locked login stays locked.")
    allowed_ip_ranges: list[str] | None = strawberry.field(
        description="CIDR ranges logins must come from; null: any address."
    )
    session_lifetime_minutes: int = strawberry.field(
        description="Minutes a session token lasts from its login."
    )
    require_two_factor: bool = strawberry.field(
        description="Logins must complete a second factor (an authenticator app's code); "
        "one without it is asked to enroll when it logs in."
    )

    @classmethod
    def from_policy(cls, policy: Policy) -> SecurityPolicyType:
        return cls(
            min_password_length=policy.min_password_length,
            require_uppercase=policy.require_uppercase,
            require_lowercase=policy.require_lowercase,
            require_digit=policy.require_digit,
            require_symbol=policy.require_symbol,
            password_expiry_days=policy.password_expiry_days,
            expiry_warning_days=policy.expiry_warning_days,
            max_failed_logins=policy.max_failed_logins,
            lockout_minutes=policy.lockout_minutes,
            allowed_ip_ranges=list(policy.allowed_ip_ranges)
            if policy.allowed_ip_ranges is not None
            else None,
            session_lifetime_minutes=policy.session_lifetime_minutes,
            require_two_factor=policy.require_two_factor,
        )


@strawberry.input(
    description="An organization's own policy: omitted fields stay, null inherits. "
    "A level may only make the inherited policy stricter."
)
class UpdateSecurityPolicyInput:
    organization_id: strawberry.ID = strawberry.field(
        description="Whose own policy changes; it binds the logins of it and of every "
        "organization below it."
    )
    min_password_length: int | None = strawberry.field(default=UNSET, description="At least 8.")
    require_uppercase: bool | None = strawberry.field(
        default=UNSET, description="Upper-case needed."
    )
    require_lowercase: bool | None = strawberry.field(
        default=UNSET, description="Lower-case needed."
    )
    require_digit: bool | None = strawberry.field(default=UNSET, description="A digit needed.")
    require_symbol: bool | None = strawberry.field(default=UNSET, description="A symbol needed.")
    password_expiry_days: int | None = strawberry.field(
        default=UNSET,
        description="Days a password lasts before login answers PASSWORD_EXPIRED; no more "
        "than the inherited value.",
    )
    expiry_warning_days: int | None = strawberry.field(
        default=UNSET,
        description="Days before a password expires that its login is warned by email; no "
        "fewer than the inherited value.",
    )
    max_failed_logins: int | None = strawberry.field(
        default=UNSET, description="Failures before a lock."
    )
    lockout_minutes: int | None = strawberry.field(
        default=UNSET,
        description="Minutes a locked login stays locked; no fewer than the inherited value.",
    )
    allowed_ip_ranges: list[str] | None = strawberry.field(
        default=UNSET,
        description="CIDR ranges (IPv4 or IPv6) logins must come from, within the inherited "
        "ones; elsewhere login answers ADDRESS_NOT_ALLOWED.",
    )
    session_lifetime_minutes: int | None = strawberry.field(
        default=UNSET,
        description="Minutes a session token lasts (at least 5); no more than the inherited value.",
    )
    require_two_factor: bool | None = strawberry.field(
        default=UNSET, description="Second factor required (true only tightens)."
    )

    def changes(self) -> dict[str, object]:
        from domain.security.policy import UNSET as KEEP

        names = (
            "min_password_length",
            "require_uppercase",
            "require_lowercase",
            "require_digit",
            "require_symbol",
            "password_expiry_days",
            "expiry_warning_days",
            "max_failed_logins",
            "lockout_minutes",
            "allowed_ip_ranges",
            "session_lifetime_minutes",
            "require_two_factor",
        )
        return {n: KEEP if getattr(self, n) is UNSET else getattr(self, n) for n in names}


@strawberry.type(description="Result of updateSecurityPolicy.")
class UpdateSecurityPolicyPayload:
    effective_policy: SecurityPolicyType | None = strawberry.field(
        description="The policy now in force."
    )
    user_errors: list[UserError] = strawberry.field(description="What was refused.")
