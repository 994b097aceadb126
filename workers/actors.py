"""Actors. They take ids, never objects, and are idempotent: delivery is at least once."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from typing import Any
from uuid import UUID

import dramatiq

from domain.errors import DomainError
from domain.events import sequencer
from domain.jobs import outbox, purge
from domain.webhooks import delivery as webhook_delivery
from models import DeletionJob, OutboxEmail
from ops.job_progress import PurgeProgressLog
from settings import get_settings
from workers import loop
from workers.broker import broker
from workers.nudge import Debounced

logger = logging.getLogger("tenantry.workers")

# A purge that keeps failing is marked FAILED after this many attempts (the first run and
# its retries); `retryDeletionJob` starts it over from where it stopped.
PURGE_ATTEMPTS = 4
# What a job's viewers read of a failure that is not one of our own refusals.
INTERNAL_FAILURE = "An internal error stopped the purge; the worker log has the cause."


def _failure_shown(error: Exception) -> str:
    """What the job's viewers read of a failure. Our own refusals say why; anything else
    stays in the worker log, since a driver's message can quote SQL and the values of rows
    (another tenant's email in a unique-key violation) that the job's viewer may not see."""
    if isinstance(error, DomainError):
        return error.message
    return INTERNAL_FAILURE


async def _purge(job_id: UUID) -> None:
    progress = PurgeProgressLog(job_id)  # a log line every few seconds, and one at the end
    try:
        await purge.run(job_id, batch=get_settings().purge_batch_size, on_step=progress)
    except Exception as error:  # recorded on the job, then retried or given up
        attempts = await purge.record_failure(
            job_id, _failure_shown(error), give_up_after=PURGE_ATTEMPTS
        )
        logger.warning("purge job %s failed (attempt %s): %r", job_id, attempts, error)
        if attempts < PURGE_ATTEMPTS:
            raise
    await progress.finished()


@dramatiq.actor(
    broker=broker,
    queue_name="purge",
    max_retries=PURGE_ATTEMPTS - 1,
    min_backoff=500,
    max_backoff=30_000,
    time_limit=30 * 60 * 1000,
)
def purge_organization(job_id: str) -> None:
    """Run a deletion job to the end (or until it fails)."""
    loop.run(_purge(UUID(job_id)))


def _queued(send: Callable[[str], Any], argument: str) -> bool:
    """Send one message about a committed row; False when the broker refused it.

    The row is the truth and the message only a nudge: a broker that is down must never
    turn a committed change into an error. The failure is logged, and the scheduler
    re-sends unfinished jobs and pending emails from their rows.
    """
    try:
        send(argument)
    except Exception as error:  # any broker failure: connection, timeout, protocol
        logger.warning("could not queue %s (the scheduler sends it again): %r", argument, error)
        return False
    return True


def send_purge(job: DeletionJob) -> bool:
    """Queue a deletion job's run; False when the broker failed (logged, not raised)."""
    return _queued(purge_organization.send, str(job.id))


EMAIL_ATTEMPTS = 6


@dramatiq.actor(
    broker=broker,
    queue_name="email",
    max_retries=EMAIL_ATTEMPTS - 1,
    min_backoff=2_000,
    max_backoff=600_000,
    time_limit=2 * 60 * 1000,
)
def send_email(email_id: str) -> None:
    """Deliver one outbox email (once, however often this runs, unless a delivery dies
    between the mail server's answer and recording it)."""
    loop.run(_deliver(UUID(email_id)))


async def _deliver(email_id: UUID) -> None:
    from domain.people import password_flows

    settings = get_settings()
    request = password_flows.RESET_REQUEST
    if await OutboxEmail.filter(id=email_id, kind=request).exists():
        # A password reset request: look it up, and send its email if there is one.
        queued = await password_flows.answer_reset_request(email_id, settings)
        if queued is not None:
            send_emails([queued])
        return
    await outbox.deliver(email_id, settings, give_up_after=EMAIL_ATTEMPTS)


def send_emails(emails: list[OutboxEmail]) -> None:
    """Queue outbox emails' delivery (a broker failure is logged, not raised)."""
    for email in emails:
        if not _queued(send_email.send, str(email.id)):
            break  # the rest would fail alike (and each might wait on a timeout)


async def resend_unfinished(stale_seconds: int | None = None) -> int:
    """Send unfinished jobs and pending emails again (only those silent for
    `stale_seconds`, if given).

    The rows are the truth: a queue that lost its message (an in-memory queue after a
    restart, a worker killed mid-job) is repaired from them. Sending twice is harmless.
    """
    jobs = await purge.unfinished_jobs(stale_seconds)
    for job in jobs:
        if not send_purge(job):
            break  # the broker is down: the rest would fail alike; the next tick tries
    emails = await outbox.pending(stale_seconds if stale_seconds is not None else 0)
    send_emails(emails)
    return len(jobs) + len(emails)


@dramatiq.actor(broker=broker, queue_name="events", max_retries=5, time_limit=5 * 60 * 1000)
def place_events() -> None:
    """Place committed events in the stream and queue their webhook deliveries. Any
    number of these may run: a second finds nothing left to place."""
    loop.run(_place_events())


async def _place_events() -> None:
    placed = await sequencer.place_pending()
    send_webhook_deliveries(placed.endpoints)


def send_place_events() -> bool:
    """Nudge the sequencer now (False: the broker failed; the scheduler places the
    events on its next tick)."""
    return _queued(lambda _: place_events.send(), "the sequencer")


_sequencer_nudge = Debounced(lambda: send_place_events())


def nudge_sequencer() -> None:
    """After a commit that wrote events: nudge the sequencer a moment later, off the
    request's path, once for every request that asked meanwhile (workers/nudge.py)."""
    _sequencer_nudge.soon()


@dramatiq.actor(broker=broker, queue_name="webhooks", max_retries=0, time_limit=10 * 60 * 1000)
def deliver_webhooks(endpoint_id: str) -> None:
    """Send an endpoint's due deliveries, in order. Retries are the endpoint's own
    schedule (its next_attempt_at), not dramatiq's: after a failure this sends itself
    again for when the next try is due, and the scheduler re-sends what a lost message
    or a dead worker left behind."""
    done = loop.run(webhook_delivery.run_endpoint(UUID(endpoint_id), get_settings()))
    send_emails(done.emails)  # an endpoint disabled: its owners are told
    if done.disabled:
        send_place_events()  # its webhook_endpoint.disabled event
    if done.more:  # the pass stopped on its time budget
        _queued(deliver_webhooks.send, endpoint_id)
    elif done.retry_in is not None:  # at the end of the backoff (a claim too early is refused)
        delay = int(done.retry_in.total_seconds() * 1000) + 50
        _queued(lambda e: deliver_webhooks.send_with_options(args=(e,), delay=delay), endpoint_id)


def send_webhook_deliveries(endpoint_ids: Iterable[UUID]) -> None:
    for endpoint_id in endpoint_ids:
        if not _queued(deliver_webhooks.send, str(endpoint_id)):
            break  # the broker is down: the scheduler sends them again


async def _reset(email: str) -> None:
    from domain.people.password_flows import send_reset_email

    queued = await send_reset_email(email, get_settings())
    if queued is not None:
        send_emails([queued])


@dramatiq.actor(broker=broker, queue_name="email", max_retries=3, time_limit=60_000)
def request_password_reset(email: str) -> None:
    """Look the email up and, for a usable login, queue a reset email. Kept for messages
    queued before requests became outbox rows (see password_flows.record_reset_request)."""
    loop.run(_reset(email))
