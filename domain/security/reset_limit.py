"""How many password-reset emails one address may receive: PASSWORD_RESET_EMAILS per
PASSWORD_RESET_WINDOW_SECONDS.

`requestPasswordReset` needs no login and answers alike for every email, so without a limit
anyone could flood a victim's inbox with reset emails. The limit is per target address,
counted in the `login_throttle` table under an HMAC of the email; a request past it still
gets the same answer (the caller cannot tell), but no email is sent.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from tortoise.timezone import now

from domain.security import counters
from settings import Settings


def _window(settings: Settings) -> timedelta:
    return timedelta(seconds=settings.password_reset_window_seconds)


async def take(normalized_email: str, settings: Settings) -> bool:
    """Count one reset email to this address; False (counting nothing) when its window
    already holds PASSWORD_RESET_EMAILS of them. A limit of 0 allows every one."""
    if settings.password_reset_emails == 0:
        return True
    key = counters.email_key(counters.RESET_PREFIX, normalized_email, settings.secret_key)
    slot = await counters.take(key, now(), _window(settings), settings.password_reset_emails)
    return slot is not None


async def delete_expired(settings: Settings, moment: datetime | None = None) -> int:
    """Delete the counts whose window has passed (the scheduler's tick)."""
    return await counters.delete_expired(counters.RESET_PREFIX, _window(settings), moment or now())
