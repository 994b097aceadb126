"""Actors. They take ids, never objects, and are idempotent: delivery is at least once."""

from __future__ import annotations

import logging
from uuid import UUID

import dramatiq

from domain import outbox, purge
from models import DeletionJob, OutboxEmail
from settings import get_settings
from workers import loop
from workers.broker import broker

logger = logging.getLogger("tenantry.workers")

# A purge that keeps failing is marked FAILED after this many attempts (the first run and
# its retries); `retryDeletionJob` starts it over from where it stopped.
PURGE_ATTEMPTS = 4


async def _purge(job_id: UUID) -> None:
    try:
        await purge.run(job_id, batch=get_settings().purge_batch_size)
    except Exception as error:  # recorded on the job, then retried or given up
        attempts = await purge.record_failure(job_id, repr(error), give_up_after=PURGE_ATTEMPTS)
        logger.warning("purge job %s failed (attempt %s): %r", job_id, attempts, error)
        if attempts < PURGE_ATTEMPTS:
            raise


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


def send_purge(job: DeletionJob) -> None:
    purge_organization.send(str(job.id))


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
    settings = get_settings()
    loop.run(outbox.deliver(UUID(email_id), settings, give_up_after=EMAIL_ATTEMPTS))


def send_emails(emails: list[OutboxEmail]) -> None:
    for email in emails:
        send_email.send(str(email.id))


async def resend_unfinished(stale_seconds: int | None = None) -> int:
    """Send unfinished jobs and pending emails again (only those silent for
    `stale_seconds`, if given).

    The rows are the truth: a queue that lost its message (an in-memory queue after a
    restart, a worker killed mid-job) is repaired from them. Sending twice is harmless.
    """
    jobs = await purge.unfinished_jobs(stale_seconds)
    for job in jobs:
        send_purge(job)
    emails = await outbox.pending(stale_seconds if stale_seconds is not None else 0)
    send_emails(emails)
    return len(jobs) + len(emails)


async def _reset(email: str) -> None:
    from domain.password_flows import send_reset_email

    queued = await send_reset_email(email, get_settings())
    if queued is not None:
        send_emails([queued])


@dramatiq.actor(broker=broker, queue_name="email", max_retries=3, time_limit=60_000)
def request_password_reset(email: str) -> None:
    """Look the email up and, for a usable login, queue a reset email. It runs here, not in
    the request, so the API answers alike (and as fast) whether the login exists or not."""
    loop.run(_reset(email))
