"""The second-factor challenge `login` answers instead of a token.

A challenge is no session: it is a sealed value (domain/security/sealing.py) naming the login, the
organization the session will be for, what is still missing (a code, or enrolling first)
and when it lapses. Nothing is stored for it; it proves only that the password was right
a few minutes ago. It is bound to the login's state: a completed login (last_login_at),
a new password or a change of two-factor setup gives the login a new fingerprint, so a
challenge used once, or issued before such a change, never opens again.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from uuid import UUID

from tortoise.timezone import now

from domain.errors import DomainError, ErrorCode
from domain.security.sealing import sealer
from models import User

CODE_LIFETIME = timedelta(minutes=5)
ENROLL_LIFETIME = timedelta(minutes=15)
MAX_LENGTH = 1_000  # far above any challenge this module seals
_PURPOSE = "two-factor login challenge"


class Step(StrEnum):
    """What the login still needs: a code of its authenticator, or to enroll one."""

    CODE = "code"
    ENROLL = "enroll"


@dataclass(frozen=True)
class Challenge:
    token: str
    step: Step
    expires_at: datetime


@dataclass(frozen=True)
class Claims:
    user: User
    organization_id: UUID


def _fingerprint(user: User) -> list[str | None]:
    """What changes when the challenge must stop working (see the module's docstring)."""
    moments = (user.last_login_at, user.password_changed_at, user.totp_enabled_at)
    return [moment.isoformat() if moment else None for moment in moments]


def issue(user: User, organization_id: UUID, step: Step, secret_key: str) -> Challenge:
    expires_at = now() + (CODE_LIFETIME if step == Step.CODE else ENROLL_LIFETIME)
    payload = {
        "s": str(step),
        "u": user.id.hex,
        "o": organization_id.hex,
        "e": int(expires_at.timestamp()),
        "f": _fingerprint(user),
        # Two challenges of one login in one second are still unlike (the seal is
        # deterministic): nobody can tell from two challenges that they are one login's.
        "n": secrets.token_hex(8),
    }
    token = sealer(secret_key, _PURPOSE).seal(json.dumps(payload).encode())
    return Challenge(token=token, step=step, expires_at=expires_at)


def invalid() -> DomainError:
    return DomainError(
        ErrorCode.INVALID_CREDENTIALS,
        "This sign-in challenge is not valid or has expired: log in again.",
        ["challenge"],
    )


async def open_challenge(token: str, step: Step, secret_key: str) -> Claims:
    """The login and organization of a challenge for `step`; INVALID_CREDENTIALS for a
    forged, expired, used or outdated challenge, or one for the other step."""
    plaintext = sealer(secret_key, _PURPOSE).open(token, MAX_LENGTH)
    if plaintext is None:
        raise invalid()
    payload = json.loads(plaintext)
    if payload["s"] != step or payload["e"] <= now().timestamp():
        raise invalid()
    user = await User.get_or_none(id=UUID(hex=payload["u"]))
    if user is None or payload["f"] != _fingerprint(user):
        raise invalid()
    return Claims(user=user, organization_id=UUID(hex=payload["o"]))
