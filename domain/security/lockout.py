"""Per-login lockout (the policy's `maxFailedLogins` and `lockoutMinutes`), for unknown
emails exactly as for real ones.

A real login counts its failures on its user row. An email nobody has is counted the same
way in the `login_throttle` table, under an HMAC of the email, against the Master's policy
(the one every other policy tightens), and locks the same way: after as many failures an
unknown email answers ACCOUNT_LOCKED just as a real one does, so hammering an email tells
nobody whether it exists, while the owner of a real, locked login is still told why.

Two differences remain (README, Security model): logins of an organization whose policy
locks sooner than the Master's lock sooner than unknown emails (no one rule for unknown
emails matches every organization's); and a real login's count lasts until it logs in or
locks, while an unknown email's is forgotten a day (UNKNOWN_EMAIL_MEMORY) after its first
failure, so the rows of made-up emails do not pile up.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from tortoise.expressions import F
from tortoise.timezone import now

from domain.errors import DomainError, ErrorCode
from domain.logsafe import log_safe
from domain.people.logins import normalize_email
from domain.security import counters, policy
from models import Membership, Organization, User
from models.enums import OrganizationKind
from settings import Settings

logger = logging.getLogger("tenantry.auth")
UNKNOWN_EMAIL_MEMORY = timedelta(days=1)


def account_locked() -> DomainError:
    """The answer to a login that is locked (real or not)."""
    return DomainError(
        ErrorCode.ACCOUNT_LOCKED,
        "Too many failed logins: this login is locked for a while. Try again later.",
    )


def is_locked(user: User) -> bool:
    """Whether the user's login is locked now."""
    return user.locked_until is not None and user.locked_until > now()


async def _home_policy(user: User, settings: Settings) -> policy.Policy:
    """The lockout rules of a login: those of its highest organization."""
    membership = (
        await Membership.filter(user=user)
        .select_related("organization")
        .order_by("organization__depth", "created_at")
        .first()
    )
    defaults = policy.defaults(settings)
    return await policy.effective(membership.organization, defaults) if membership else defaults


async def count_failure(user: User, settings: Settings) -> None:
    """Count one failed attempt (atomically: concurrent attempts each count); at the
    policy's limit, lock the login for its lockout window and start counting again."""
    await User.filter(id=user.id).update(failed_login_count=F("failed_login_count") + 1)
    rules = await _home_policy(user, settings)
    locked = await User.filter(id=user.id, failed_login_count__gte=rules.max_failed_logins).update(
        locked_until=now() + timedelta(minutes=rules.lockout_minutes), failed_login_count=0
    )
    if locked:
        logger.warning(
            "login %s locked for %s minutes", log_safe(user.email), rules.lockout_minutes
        )


def _unknown_key(email: str, settings: Settings) -> str:
    return counters.email_key(counters.LOGIN_PREFIX, normalize_email(email), settings.secret_key)


async def unknown_is_locked(email: str, settings: Settings) -> bool:
    """Whether an email nobody has is locked now, as a real login would be."""
    return await counters.is_blocked(_unknown_key(email, settings), now())


async def count_unknown_failure(email: str, settings: Settings) -> None:
    """Count a failed login for an email nobody has, and lock it at the Master policy's
    limit, as `count_failure` does for a real login."""
    master = await Organization.filter(kind=OrganizationKind.MASTER).first()
    defaults = policy.defaults(settings)
    rules = await policy.effective(master, defaults) if master else defaults
    key, moment = _unknown_key(email, settings), now()
    await counters.take(key, moment, UNKNOWN_EMAIL_MEMORY)
    until = moment + timedelta(minutes=rules.lockout_minutes)
    if await counters.block_if_full(key, rules.max_failed_logins, moment, until):
        logger.warning("an unknown email locked for %s minutes", rules.lockout_minutes)


async def delete_expired(moment: datetime | None = None) -> int:
    """Forget unknown emails whose count and lock have both passed (the scheduler's tick)."""
    moment = moment or now()
    return await counters.delete_expired(counters.LOGIN_PREFIX, UNKNOWN_EMAIL_MEMORY, moment)
