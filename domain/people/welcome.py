"""How a new login gets its first password: shown once to whoever created it (today's
way), emailed to the login as a set-password link (a WELCOME token, see
domain/people/password_flows.py), or both. An existing login that is linked or invited keeps its
password: there is nothing to deliver."""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum

from domain.errors import DomainError, ErrorCode


class Credentials(StrEnum):
    SHOW_PASSWORD = "SHOW_PASSWORD"  # noqa: S105 - a delivery choice, not a password
    EMAIL_SET_PASSWORD_LINK = "EMAIL_SET_PASSWORD_LINK"  # noqa: S105 - as above
    BOTH = "BOTH"

    @property
    def shows_password(self) -> bool:
        return self != Credentials.EMAIL_SET_PASSWORD_LINK

    @property
    def emails_link(self) -> bool:
        return self != Credentials.SHOW_PASSWORD


def check(credentials: Credentials, password: str | None, field: Sequence[str]) -> None:
    """A chosen password is for showing (or telling) the login: with the link alone it
    would be set and never used, so that combination is refused."""
    if password is not None and credentials == Credentials.EMAIL_SET_PASSWORD_LINK:
        raise DomainError(
            ErrorCode.INVALID,
            "With EMAIL_SET_PASSWORD_LINK the login chooses its password: omit `password`, "
            "or ask for BOTH.",
            field,
        )
