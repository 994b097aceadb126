"""Top-level GraphQL errors and the `extensions.code` every error carries.

Expected failures inside a mutation are `userErrors`; these are for the rest: no or bad
credentials, no right to call the operation at all, a malformed request, and anything
unexpected (masked as INTERNAL).
"""

from __future__ import annotations

from enum import StrEnum

from graphql import GraphQLError

from domain.errors import AccessDenied, DomainError, ErrorCode
from domain.hierarchy.suspension_notice import SuspensionNotice


class ApiErrorCode(StrEnum):
    UNAUTHENTICATED = "UNAUTHENTICATED"
    FORBIDDEN = "FORBIDDEN"
    BAD_REQUEST = "BAD_REQUEST"
    NOT_FOUND = "NOT_FOUND"
    UNAVAILABLE = "UNAVAILABLE"
    INTERNAL = "INTERNAL"
    # The HTTP protocol's refusals (docs/http.md).
    METHOD_NOT_ALLOWED = "METHOD_NOT_ALLOWED"
    NOT_ACCEPTABLE = "NOT_ACCEPTABLE"
    UNSUPPORTED_MEDIA_TYPE = "UNSUPPORTED_MEDIA_TYPE"
    PERSISTED_QUERY_NOT_FOUND = "PERSISTED_QUERY_NOT_FOUND"
    PERSISTED_QUERY_NOT_SUPPORTED = "PERSISTED_QUERY_NOT_SUPPORTED"
    PERSISTED_QUERY_NOT_ALLOWED = "PERSISTED_QUERY_NOT_ALLOWED"


class ApiError(Exception):
    """An error with a code; graphql-core copies `extensions` onto the GraphQL error."""

    def __init__(self, code: ApiErrorCode | str, message: str, reason: str | None = None) -> None:
        super().__init__(message)
        self.extensions: dict[str, object] = {"code": str(code)}
        if reason is not None:
            self.extensions["reason"] = reason


def unauthenticated() -> ApiError:
    return ApiError(ApiErrorCode.UNAUTHENTICATED, "Authentication required: log in first.")


def impersonation_ended() -> ApiError:
    """The token was an impersonation its impersonator may no longer hold: "back to admin"."""
    return ApiError(
        ApiErrorCode.UNAUTHENTICATED,
        "The impersonation ended: its impersonator may no longer act as this organization.",
        reason="IMPERSONATION_ENDED",
    )


def token_expired() -> ApiError:
    """A session token or API key past its lifetime: log in again (or make a new key)."""
    return ApiError(
        ApiErrorCode.UNAUTHENTICATED,
        "The token has expired: log in again.",
        reason="TOKEN_EXPIRED",
    )


def organization_suspended(notice: SuspensionNotice) -> ApiError:
    """The token's organization is suspended: `extensions.suspension` says what its people
    may see of it (see domain/hierarchy/suspension_notice.py)."""
    error = ApiError(ErrorCode.ORGANIZATION_SUSPENDED, notice.message)
    error.extensions["suspension"] = {
        "inherited": notice.inherited,
        "reason": notice.reason,
        "suspendedAt": notice.suspended_at.isoformat() if notice.suspended_at else None,
        "suspendedByKind": str(notice.suspended_by_kind) if notice.suspended_by_kind else None,
    }
    return error


def bad_request(message: str) -> ApiError:
    return ApiError(ApiErrorCode.BAD_REQUEST, message)


def expected_code(error: GraphQLError) -> str | None:
    """The code of an error we raised on purpose, or None for an unexpected one."""
    original = error.original_error
    if original is None:
        # Parsing and validation errors (syntax, unknown fields, limits): the client's doing.
        return str((error.extensions or {}).get("code") or ApiErrorCode.BAD_REQUEST)
    own_code = (getattr(original, "extensions", None) or {}).get("code")
    if isinstance(original, (ApiError, GraphQLError)) and own_code:
        # Ours, or a permission class's (error_extensions), already coded.
        return str(own_code)
    if isinstance(original, DomainError):
        return str(original.code)
    if isinstance(original, AccessDenied):
        return str(ApiErrorCode.FORBIDDEN)
    if isinstance(original, GraphQLError) and error.path is None:
        # Variable coercion and similar request errors graphql-core raises itself. With a
        # path it was raised while resolving (e.g. a bad output value): the server's fault.
        return str(ApiErrorCode.BAD_REQUEST)
    return None
