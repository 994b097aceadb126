"""Error codes the domain raises; the API turns them into userErrors or coded errors."""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum


class ErrorCode(StrEnum):
    """Codes of expected failures, shown to API clients as `UserError.code`."""

    INVALID = "INVALID"
    NOT_FOUND = "NOT_FOUND"
    INVALID_STATE = "INVALID_STATE"
    QUOTA_EXCEEDED = "QUOTA_EXCEEDED"
    SERVICE_NOT_ENABLED = "SERVICE_NOT_ENABLED"
    # A website's or DNS zone's domain some service of the platform already has.
    DOMAIN_TAKEN = "DOMAIN_TAKEN"
    EMAIL_TAKEN = "EMAIL_TAKEN"
    # A value that must be unique where it is (an external id among its siblings) is taken.
    DUPLICATE = "DUPLICATE"
    WEAK_PASSWORD = "WEAK_PASSWORD"  # noqa: S105 - an error code, not a password
    INVALID_CREDENTIALS = "INVALID_CREDENTIALS"
    ACCOUNT_DISABLED = "ACCOUNT_DISABLED"
    ACCOUNT_LOCKED = "ACCOUNT_LOCKED"
    TOO_MANY_ATTEMPTS = "TOO_MANY_ATTEMPTS"  # the client address is blocked from logging in
    ORGANIZATION_INACTIVE = "ORGANIZATION_INACTIVE"  # pending or deleted
    ORGANIZATION_SUSPENDED = "ORGANIZATION_SUSPENDED"  # itself or an organization above it
    PASSWORD_EXPIRED = "PASSWORD_EXPIRED"  # noqa: S105 - an error code
    ADDRESS_NOT_ALLOWED = "ADDRESS_NOT_ALLOWED"
    # The password was right; the login completes with a second factor (or enrolls one).
    TWO_FACTOR_REQUIRED = "TWO_FACTOR_REQUIRED"
    TWO_FACTOR_ENROLLMENT_REQUIRED = "TWO_FACTOR_ENROLLMENT_REQUIRED"
    FORBIDDEN = "FORBIDDEN"
    # An idempotency key sent again with a different request than the first.
    IDEMPOTENCY_MISMATCH = "IDEMPOTENCY_MISMATCH"


class DomainError(Exception):
    """An expected failure: bad input, a state conflict, an unknown id."""

    def __init__(self, code: ErrorCode, message: str, field: Sequence[str] | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.field = list(field) if field is not None else None


class AccessDenied(Exception):
    """The actor may not perform this operation at all (top-level FORBIDDEN)."""

    def __init__(self, message: str = "You are not allowed to do this.") -> None:
        super().__init__(message)
        self.message = message


class ImpersonationEnded(Exception):
    """An impersonation token whose impersonator could no longer start it: it stopped
    working (UNAUTHENTICATED, `extensions.reason` IMPERSONATION_ENDED)."""


class TokenExpired(Exception):
    """A session token or API key that was valid but whose lifetime has passed
    (UNAUTHENTICATED, `extensions.reason` TOKEN_EXPIRED): log in again."""


def not_found(field: Sequence[str] | None = None, what: str = "object") -> DomainError:
    """The one answer for ids that do not exist and ids outside the actor's scope alike."""
    return DomainError(ErrorCode.NOT_FOUND, f"No {what} with this id.", field)
