"""The login throttle per client address, and the tarpit every failed login waits in.

Per-login lockout (the security policy's `maxFailedLogins`) protects one account; it does
nothing against one address trying many emails, or unknown ones. This counts password
checks per client address in the database, so every API process behind the load balancer
shares the count: `LOGIN_THROTTLE_FAILURES` failures within `LOGIN_THROTTLE_WINDOW_SECONDS`
block the address for `LOGIN_THROTTLE_BLOCK_SECONDS`, and a blocked address is refused
before any user lookup or bcrypt check.

Each attempt reserves its count atomically *before* its password is checked, and is refused
unchecked when the window is full. Counting only after the check let every guess that
arrived at once pass a "not blocked yet" test: 300 concurrent guesses were 300 checks.

A check that finds the right password gives its own count back, so successes do not count;
a failure's count stays. That resets nothing: an attacker's own valid logins between
guesses only undo themselves, never a failure, and a count given back only comes off the
window it was taken in. Many correct logins at once from one address can at worst fill the
window for the moment they are being checked: the address's other attempts (the attacker's
guesses included) are refused meanwhile, and a failure landing then blocks the address as
if the window were all failures. An attempt cut short (an error, a client gone) keeps its
count, the cautious side. Counts simply age out with their window.

`changePassword` checks a password too, and counts towards the same throttle: a stolen
session must not become an unthrottled way to guess its user's password.
"""

from __future__ import annotations

import hashlib
import ipaddress
import logging
import time
from asyncio import sleep
from dataclasses import dataclass
from datetime import datetime, timedelta

from tortoise.timezone import now

from domain.errors import DomainError, ErrorCode
from domain.security import counters
from ops.metrics import record_throttle_block
from settings import Settings

logger = logging.getLogger("tenantry.auth")

# An IPv6 client usually holds a whole /64 (one subscriber, one site): counting single
# addresses would give it 2**64 fresh counters.
IPV6_PREFIX = 64


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


@dataclass(frozen=True)
class Attempt:
    """A password check its client address has made room for (see `reserve`)."""

    settings: Settings
    slot: counters.Slot | None = None  # None: the address is not throttled

    async def failed(self) -> None:
        """The check failed: its count stays, and at the limit the address is blocked."""
        if self.slot is None:
            return
        moment = now()
        until = moment + timedelta(seconds=self.settings.login_throttle_block_seconds)
        limit = self.settings.login_throttle_failures
        if await counters.block_if_full(self.slot.key, limit, moment, until):
            record_throttle_block()
            logger.warning(
                "login throttle: %s blocked for %s s after %s failed logins",
                self.slot.key,
                self.settings.login_throttle_block_seconds,
                limit,
            )

    async def passed(self) -> None:
        """The password was right: the attempt gives its own count back (in its window)."""
        if self.slot is not None:
            await counters.give_back(self.slot)


async def reserve(key: str | None, settings: Settings) -> Attempt:
    """Count an attempt from the address before its password is checked; raises
    TOO_MANY_ATTEMPTS, checking and counting nothing, when the address is blocked or
    LOGIN_THROTTLE_FAILURES attempts in its window have failed or are being checked.

    One atomic statement: however many attempts arrive at once, on however many
    processes, at most the limit get a password check.
    """
    if key is None or settings.login_throttle_failures == 0:
        return Attempt(settings)
    window = timedelta(seconds=settings.login_throttle_window_seconds)
    slot = await counters.take(key, now(), window, settings.login_throttle_failures)
    if slot is None:
        raise too_many_attempts()
    return Attempt(settings, slot)


async def delete_expired(settings: Settings, moment: datetime | None = None) -> int:
    """Delete address rows that no longer matter: their window and their block have both
    passed (a later failure would start afresh anyway). Run by the scheduler's tick."""
    window = timedelta(seconds=settings.login_throttle_window_seconds)
    return await counters.delete_expired(None, window, moment or now())


def too_many_attempts() -> DomainError:
    """The answer to a password check from a blocked address."""
    return DomainError(
        ErrorCode.TOO_MANY_ATTEMPTS,
        "Too many failed password checks from your network address. Try again in a few minutes.",
    )


def clock() -> float:
    """The tarpit's clock (monotonic seconds): when a login started, and how long ago."""
    return time.monotonic()


def remaining_delay(delay_ms: int, started: float, moment: float) -> float:
    """Seconds still to wait at `moment` so that an answer begun at `started` goes out
    `delay_ms` after its start; 0 when its work already took that long."""
    return max(0.0, delay_ms / 1000 - (moment - started))


async def tarpit(settings: Settings, started: float) -> None:
    """Hold a failed or refused login until LOGIN_FAILURE_DELAY_MS after it `started`.

    Padding to a constant instead of adding to the work: a bcrypt check, a decoy for an
    unknown email and an instant refusal all answer at the same moment, so the time an
    answer takes tells nothing about the path it took (unless the work itself took longer
    than the delay). An asyncio sleep: no CPU and no thread, so waiting attackers cost
    next to nothing, while a closed-loop attacker makes at most one attempt per delay per
    connection.
    """
    wait = remaining_delay(settings.login_failure_delay_ms, started, clock())
    if wait > 0:
        await sleep(wait)
