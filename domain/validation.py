"""Input checks shared by the create and update operations."""

from __future__ import annotations

from domain.errors import DomainError, ErrorCode
from domain.users import validate_email


def text(value: str, field: list[str], *, max_length: int, required: bool = False) -> str:
    """Trimmed text within `max_length`; INVALID naming the `field` path otherwise."""
    cleaned = value.strip()
    if required and not cleaned:
        raise DomainError(ErrorCode.INVALID, "This cannot be empty.", field)
    if len(cleaned) > max_length:
        raise DomainError(ErrorCode.INVALID, f"This is limited to {max_length} characters.", field)
    if any(ord(c) < 32 and c not in "\n\t" for c in cleaned):
        raise DomainError(ErrorCode.INVALID, "This contains control characters.", field)
    return cleaned


def optional_email(value: str, field: list[str]) -> str:
    return validate_email(value, field) if value.strip() else ""


def country(value: str, field: list[str]) -> str:
    cleaned = value.strip().upper()
    if cleaned and (len(cleaned) != 2 or not cleaned.isalpha() or not cleaned.isascii()):
        raise DomainError(ErrorCode.INVALID, "Use a two-letter ISO country code.", field)
    return cleaned
