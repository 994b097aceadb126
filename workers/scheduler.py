"""The periodic work: `tenantry scheduler` with a broker, the app itself in the embedded mode.

Each tick re-sends jobs that went silent (their worker died), places events whose nudge
was lost (and, at its end, its own) and re-sends webhook deliveries that are due, starts
purges of soft-deleted organizations whose retention period has passed and warns those
whose purge is near, suspends accounts whose expiry date has passed and warns those whose
date is near, warns users whose password expires soon, deletes webhook deliveries older than the
delivery log keeps, and deletes login-throttle rows that no longer count (addresses,
unknown emails, reset-email counts).

Several processes may run the loop (`serve --workers N` in the embedded mode, a second
scheduler started by mistake): each tick takes the database's "scheduler" lock first, and a
process that finds it taken skips that tick, so two ticks never run at once.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass

from database import process_lock
from domain.events import sequencer
from domain.hierarchy import expiry
from domain.jobs import purge, purge_warning
from domain.people import password_flows
from domain.security import lockout, reset_limit, throttle
from domain.webhooks import delivery as webhook_delivery
from domain.webhooks import log_retention
from settings import Settings
from workers.actors import resend_unfinished, send_emails, send_purge, send_webhook_deliveries

logger = logging.getLogger("tenantry.scheduler")


@dataclass(frozen=True)
class Tick:
    resent: int
    purges_started: int
    expiry_warnings: int = 0
    throttles_deleted: int = 0
    purge_warnings: int = 0
    account_expiry_warnings: int = 0
    accounts_expired: int = 0
    events_placed: int = 0
    deliveries_deleted: int = 0


async def tick(settings: Settings) -> Tick:
    resent = await resend_unfinished(settings.job_stale_seconds)
    # Events whose nudge was lost (a broker down at commit) are placed here, and endpoints
    # whose next attempt is due (or whose worker died mid-delivery) are sent again.
    placed = await sequencer.place_pending()
    send_webhook_deliveries(placed.endpoints | set(await webhook_delivery.due_endpoints()))
    started = await purge.sweep_expired()
    for job in started:
        send_purge(job)
    purge_warnings = await purge_warning.warn_coming_purges(settings.purge_warning_days)
    send_emails(purge_warnings)
    expired, expired_emails = await expiry.expire_due()
    send_emails(expired_emails)
    account_warnings = await expiry.warn_expiring(settings.expiry_warning_days)
    send_emails(account_warnings)
    warnings = await password_flows.warn_expiring_passwords(settings)
    send_emails(warnings)
    deliveries_deleted = await log_retention.delete_old_deliveries(settings.webhook_log_days)
    throttles_deleted = (
        await throttle.delete_expired(settings)
        + await lockout.delete_expired()
        + await reset_limit.delete_expired(settings)
    )
    # The tick's own events (expiries, retention purges, warnings) are written outside any
    # request, so no request nudges the sequencer: placed now, not a whole interval later.
    own = await sequencer.place_pending()
    send_webhook_deliveries(own.endpoints)
    if resent or started:
        logger.info("re-sent %s silent jobs, started %s retention purges", resent, len(started))
    if expired:
        logger.info("suspended %s accounts whose expiry date passed", expired)
    return Tick(
        resent=resent,
        purges_started=len(started),
        expiry_warnings=len(warnings),
        throttles_deleted=throttles_deleted,
        purge_warnings=len(purge_warnings),
        account_expiry_warnings=len(account_warnings),
        accounts_expired=expired,
        events_placed=placed.events + own.events,
        deliveries_deleted=deliveries_deleted,
    )


async def guarded_tick(settings: Settings) -> Tick | None:
    """One tick under the scheduler lock; None (skipped) when another process holds it."""
    async with process_lock(settings.database_url, "scheduler", wait=False) as held:
        if not held:
            logger.debug("another process is ticking: this tick is skipped")
            return None
        return await tick(settings)


async def run_forever(settings: Settings, stop: asyncio.Event) -> None:
    """Tick every SCHEDULER_INTERVAL_SECONDS until `stop` is set; a failed tick is logged
    and the next one tries again."""
    while not stop.is_set():
        try:
            await guarded_tick(settings)
        except Exception:
            logger.exception("scheduler tick failed")
        try:
            await asyncio.wait_for(stop.wait(), timeout=settings.scheduler_interval_seconds)
        except TimeoutError:
            continue
