"""The login throttle per client address, and the tarpit every failed login waits in.

Per-login lockout (the security policy's `maxFailedLogins`) protects one account; it does
nothing against one address trying many emails, or unknown ones. This counts failed logins
per client address in the database, so every API process behind the load balancer shares
the count: `LOGIN_THROTTLE_FAILURES` failures within `LOGIN_THROTTLE_WINDOW_SECONDS` block
the address for `LOGIN_THROTTLE_BLOCK_SECONDS`, and a blocked address is refused before any
user lookup or bcrypt check.

`changePassword` checks a password too, and counts towards the same throttle: a stolen
session must not become an unthrottled way to guess its user's password.

A successful login does not reset its address's count: an attacker with one valid login of
their own could otherwise interleave it with guesses and never be blocked. Counts simply
age out with their window.
"""

from __future__ import annotations

import asyncio
import hashlib
import ipaddress
import logging
from datetime import datetime, timedelta

from tortoise.exceptions import IntegrityError
from tortoise.expressions import F, Q
from tortoise.timezone import now

from domain.errors import DomainError, ErrorCode
from models import LoginThrottle
from settings import Settings

logger = logging.getLogger("tenantry.auth")

# An IPv6 client usually holds a whole /64 (one subscriber, one site): counting single
# addresses would give it 2**64 fresh counters.
IPV6_PREFIX = 64
_CREATE_ATTEMPTS = 3


def key_for(ip: str | None) -> str | None:
    """The throttle key of a client address; None (not throttled) when the peer is unknown.

    IPv4 addresses are their own key, IPv6 addresses count by their /64 network (an
    IPv4-mapped IPv6 address as the IPv4 address), and a peer that is no IP address (a
    unix socket) by a digest of its name, so every key fits the column.
    """
    if not ip:
        return None
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return "peer:" + hashlib.sha256(ip.encode("utf-8", "replace")).hexdigest()[:40]
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.IPv6Network((int(address), IPV6_PREFIX), strict=False))
    return str(address)


def _enabled(key: str | None, settings: Settings) -> bool:
    return key is not None and settings.login_throttle_failures > 0


async def is_blocked(key: str | None, settings: Settings) -> bool:
    """Whether the address is blocked now (one primary-key lookup)."""
    if not _enabled(key, settings):
        return False
    return await LoginThrottle.filter(key=key, blocked_until__gt=now()).exists()


async def count_failure(key: str | None, settings: Settings) -> bool:
    """Count one failed login for the address; True when it made the address blocked.

    Every step is one atomic statement, so concurrent failures from any number of
    processes are each counted once: the count goes up inside a live window, or one
    failure restarts an expired window at 1 (a concurrent one then finds the window live
    and counts on it), or the first failure ever creates the row (a concurrent creator
    loses on the primary key and counts on the winner's row).
    """
    if not _enabled(key, settings):
        return False
    moment = now()
    window_cutoff = moment - timedelta(seconds=settings.login_throttle_window_seconds)
    for _ in range(_CREATE_ATTEMPTS):
        live = LoginThrottle.filter(key=key, window_start__gt=window_cutoff)
        if await live.update(failures=F("failures") + 1):
            break
        expired = LoginThrottle.filter(key=key, window_start__lte=window_cutoff)
        if await expired.update(failures=1, window_start=moment):
            break
        try:
            await LoginThrottle.create(key=key, failures=1, window_start=moment)
            break
        except IntegrityError:
            continue  # created meanwhile by another request: count on that row
    # At the limit: block, and start counting afresh (for after the block).
    blocked_until = moment + timedelta(seconds=settings.login_throttle_block_seconds)
    blocked = await LoginThrottle.filter(
        key=key, failures__gte=settings.login_throttle_failures
    ).update(blocked_until=blocked_until, failures=0, window_start=moment)
    if blocked:
        logger.warning(
            "login throttle: %s blocked for %s s after %s failed logins",
            key,
            settings.login_throttle_block_seconds,
            settings.login_throttle_failures,
        )
    return bool(blocked)


async def delete_expired(settings: Settings, moment: datetime | None = None) -> int:
    """Delete rows that no longer matter: their window and their block have both passed
    (a later failure would start afresh anyway). Run by the scheduler's tick."""
    moment = moment or now()
    window_cutoff = moment - timedelta(seconds=settings.login_throttle_window_seconds)
    deleted: int = await LoginThrottle.filter(
        Q(blocked_until__isnull=True) | Q(blocked_until__lte=moment),
        window_start__lte=window_cutoff,
    ).delete()
    return deleted


def too_many_attempts() -> DomainError:
    """The answer to a password check from a blocked address."""
    return DomainError(
        ErrorCode.TOO_MANY_ATTEMPTS,
        "Too many failed password checks from your network address. Try again in a few minutes.",
    )


async def tarpit(settings: Settings) -> None:
    """Hold a failed or refused login for LOGIN_FAILURE_DELAY_MS before it answers.

    An asyncio sleep: no CPU and no thread, so waiting attackers cost next to nothing,
    while a closed-loop attacker makes at most one attempt per delay per connection.
    """
    if settings.login_failure_delay_ms > 0:
        await asyncio.sleep(settings.login_failure_delay_ms / 1000)
