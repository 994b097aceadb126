"""A purge's progress in the worker's log: a line every few seconds, and one at the end."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from uuid import UUID

from models import DeletionJob

logger = logging.getLogger("tenantry.workers")

PROGRESS_LOG_SECONDS = 5.0


def _percent(job: DeletionJob) -> int:
    return int(100 * job.done / job.total) if job.total else 100


class PurgeProgressLog:
    """Called after each batch of a purge (`purge.run(on_step=...)`); reads the job's row,
    one primary-key lookup, only when a line is due."""

    def __init__(
        self,
        job_id: UUID,
        every_seconds: float = PROGRESS_LOG_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.job_id = job_id
        self.every_seconds = every_seconds
        self.clock = clock
        self.started = self.last = clock()

    async def __call__(self) -> None:
        moment = self.clock()
        if moment - self.last < self.every_seconds:
            return
        self.last = moment
        job = await DeletionJob.get_or_none(id=self.job_id)
        if job is not None:
            logger.info(
                "purge of %s: %s, %s of %s rows (%s%%)",
                job.organization_name,
                job.phase or "starting",
                job.done,
                job.total,
                _percent(job),
                extra={"fields": {"job_id": str(job.id), "done": job.done, "total": job.total}},
            )

    async def finished(self) -> None:
        job = await DeletionJob.get_or_none(id=self.job_id)
        if job is not None:
            logger.info(
                "purge of %s: %s, %s of %s rows in %.1f s",
                job.organization_name,
                job.status.value,
                job.done,
                job.total,
                self.clock() - self.started,
                extra={"fields": {"job_id": str(job.id), "status": job.status.value}},
            )
