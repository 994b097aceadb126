"""Creating logins and linking them to organizations."""

from __future__ import annotations

from collections.abc import Iterable

from tortoise.exceptions import IntegrityError

from domain.errors import DomainError, ErrorCode
from domain.security.passwords import hash_password, password_problems
from models import Membership, Organization, User
from models.enums import Role


def normalize_email(email: str) -> str:
    return email.strip().lower()


MAX_EMAIL_LENGTH = 254


def _unusable(email: str) -> bool:
    # Whitespace, control and other unprintable characters (NUL cannot even be stored in
    # PostgreSQL) are in no address a login has.
    return len(email) > MAX_EMAIL_LENGTH or any(c.isspace() or not c.isprintable() for c in email)


def validate_email(email: str, field: list[str]) -> str:
    """Return the normalized email or raise INVALID naming `field`."""
    normalized = normalize_email(email)
    local, _, domain = normalized.partition("@")
    if not local or "." not in domain or _unusable(normalized):
        raise DomainError(ErrorCode.INVALID, "Enter a valid email address.", field)
    return normalized


def lookup_email(email: str) -> str | None:
    """The normalized form of an email to look a login up by, or None when no login can
    have it (then it is simply an unknown email, never an error of its own)."""
    normalized = normalize_email(email)
    return None if _unusable(normalized) else normalized


async def create_user(
    email: str,
    password: str,
    *,
    bcrypt_rounds: int,
    first_name: str = "",
    last_name: str = "",
    language: str = "en",
) -> User:
    """Create a login; EMAIL_TAKEN when the address is in use in any letter case."""
    normalized = validate_email(email, ["email"])
    problems = password_problems(password)
    if problems:
        raise DomainError(
            ErrorCode.WEAK_PASSWORD, "The password " + "; ".join(problems) + ".", ["password"]
        )
    if await User.filter(email=normalized).exists():
        raise DomainError(ErrorCode.EMAIL_TAKEN, "This email already has a login.", ["email"])
    try:
        return await User.create(
            email=normalized,
            password_hash=await hash_password(password, bcrypt_rounds),
            first_name=first_name,
            last_name=last_name,
            language=language,
        )
    except IntegrityError:  # lost a race with another create of the same email
        raise DomainError(
            ErrorCode.EMAIL_TAKEN, "This email already has a login.", ["email"]
        ) from None


async def add_membership(
    user: User, organization: Organization, role: Role, access_rights: Iterable[str] = ()
) -> Membership:
    return await Membership.create(
        user=user, organization=organization, role=role, access_rights=sorted(set(access_rights))
    )
