"""Actors. They take ids, never objects, and are idempotent: delivery is at least once."""

from __future__ import annotations

import logging
from uuid import UUID

import dramatiq

from domain import purge
from models import DeletionJob
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


async def resend_unfinished(stale_seconds: int | None = None) -> int:
    """Send QUEUED/RUNNING jobs again (only those silent for `stale_seconds`, if given).

    The job row is the truth: a queue that lost its message (an in-memory queue after a
    restart, a worker killed mid-job) is repaired from it. A job sent twice is harmless.
    """
    jobs = await purge.unfinished_jobs(stale_seconds)
    for job in jobs:
        send_purge(job)
    return len(jobs)
