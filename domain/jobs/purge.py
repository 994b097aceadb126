"""Purge: removing a soft-deleted organization and everything under it, for good.

A purge is a DeletionJob row first and a queue message second. The job walks the subtree
bottom-up in phases; each step deletes at most BATCH rows in its own short transaction
and records progress in the same transaction, so a worker killed mid-way, a message
delivered twice or two copies running at once all end in the same state: every step
deletes "what is left", and `done` only ever counts rows a step really deleted.
Audit events are never deleted; they keep the names and paths they were written with.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from uuid import UUID

from tortoise import connections
from tortoise.expressions import Q
from tortoise.queryset import QuerySet
from tortoise.timezone import now
from tortoise.transactions import in_transaction

from domain import scope
from domain.actor import Actor
from domain.errors import DomainError, ErrorCode, not_found
from domain.events import audit
from domain.hierarchy import handover
from domain.hierarchy.lifecycle import Outcome, for_each
from domain.jobs import purge_sql
from domain.jobs.purge_sql import PHASES
from models import DeletionJob, Organization
from models.enums import JobStatus, OrganizationKind, OrganizationStatus

BATCH = 1_000


async def count_rows(path: str, *, customers_leave: bool = False) -> dict[str, int]:
    """How many rows of each kind a purge of the subtree at `path` removes; with
    `customers_leave`, once its customers were handed over (reassignCustomersTo).

    Memberships are counted whole here: those of leaving users go in the users phase.
    """
    connection = connections.get("default")
    phases = purge_sql.PHASES_WITHOUT_CUSTOMERS if customers_leave else PHASES
    return {phase.name: await purge_sql.count(connection, phase, path) for phase in phases}


# ---------------------------------------------------------------- starting a purge


@dataclass(frozen=True)
class PurgeOutcome:
    outcome: Outcome
    job: DeletionJob | None = None
    counts: dict[str, int] | None = None


async def request(
    actor: Actor,
    ids: Sequence[UUID | None],
    *,
    dry_run: bool,
    reassign_to: UUID | None = None,
) -> list[PurgeOutcome]:
    """Start a purge job per DELETED organization (dry run: count what would go)."""
    target = None
    if reassign_to is not None:
        target = await scope.visible_organizations(actor).filter(id=reassign_to).first()
        if target is None or target.kind == OrganizationKind.CUSTOMER:
            raise not_found(["reassignCustomersTo"], "master or reseller")
    jobs: dict[UUID, DeletionJob] = {}
    counts: dict[UUID, dict[str, int]] = {}

    async def start(org: Organization, index: int) -> Organization:
        field = ["ids", str(index)]
        if org.status != OrganizationStatus.DELETED:
            raise DomainError(
                ErrorCode.INVALID_STATE, "Only a deleted organization is purged.", field
            )
        if target is not None and (
            target.path.startswith(org.path) or org.kind != OrganizationKind.RESELLER
        ):
            raise DomainError(
                ErrorCode.INVALID,
                "Customers are handed over from a reseller to an organization outside it.",
                field,
            )
        if await DeletionJob.filter(
            organization_id=org.id, status__in=[JobStatus.QUEUED, JobStatus.RUNNING]
        ).exists():
            raise DomainError(ErrorCode.INVALID_STATE, "A purge of it is already under way.", field)
        if target is not None:
            await handover.check_room(actor, org, target, field)
            await handover.check_external_ids(org, target, field)
        counts[org.id] = await count_rows(org.path, customers_leave=target is not None)
        if dry_run:
            return org
        async with in_transaction("default"):
            # Still DELETED as the job is written (a restore may have come in between).
            locked = await Organization.select_for_update(no_key=True).get_or_none(
                id=org.id, status=OrganizationStatus.DELETED
            )
            if locked is None:
                raise DomainError(
                    ErrorCode.INVALID_STATE, "It changed meanwhile; reload it.", field
                )
            jobs[org.id] = await DeletionJob.create(
                organization_id=org.id,
                organization_name=org.name,
                organization_path=org.path,
                reassign_customers_to=target.id if target else None,
                requested_by=actor.user,
                total=sum(counts[org.id].values()),
            )
            await audit.record(actor, "organization.purge", org, summary={"rows": counts[org.id]})
        return org

    outcomes = await for_each(actor, ids, start, "purge")
    return [
        PurgeOutcome(
            o,
            jobs.get(o.organization.id) if o.organization else None,
            counts.get(o.organization.id) if o.organization else None,
        )
        for o in outcomes
    ]


# ---------------------------------------------------------------- running a purge


# What a step changes on the job: the rest of the row is left alone.
_PROGRESS = ["status", "started_at", "phase", "done", "finished_at", "heartbeat_at"]


async def step(job_id: UUID, batch: int | None = None) -> bool:
    """Delete one batch; True while work remains.

    The batch comes from the job's current phase or, once that has nothing left, from the
    next phase that has something: an emptied phase costs no step of its own. The job row
    is locked for the step (PostgreSQL), so copies of the job serialise, and the deletion
    and the progress it records commit together (on PostgreSQL they are one statement).
    """
    async with in_transaction("default") as connection:
        job = await DeletionJob.select_for_update().get(id=job_id)
        if job.status in (JobStatus.DONE, JobStatus.FAILED):
            return False
        if (stopped := await _still_deleted(job)) is not None:
            job.status, job.finished_at, job.error = JobStatus.FAILED, now(), stopped
            await job.save(update_fields=[*_PROGRESS, "error"])
            return False
        if job.status == JobStatus.QUEUED:
            job.status, job.started_at = JobStatus.RUNNING, now()
        job.heartbeat_at = now()
        recorded = False
        phases = [p.name for p in PHASES]
        if job.reassign_customers_to and job.phase in ("", "reassign"):
            job.phase = "reassign"
            moved = await handover.reassign_batch(job, batch or BATCH)
            if not moved:
                job.phase = phases[0]
        else:
            for phase in PHASES[phases.index(job.phase or phases[0]) :]:
                job.phase = phase.name
                deleted = await purge_sql.delete_batch(
                    connection, phase, job.organization_path, batch or BATCH, _progress(job)
                )
                if deleted:
                    job.done += deleted
                    # PostgreSQL recorded it in the batch's statement: one round trip less.
                    recorded = purge_sql.records_progress(connection)
                    break
            else:
                job.status, job.finished_at = JobStatus.DONE, now()
        if not recorded:
            await job.save(update_fields=_PROGRESS)
        return job.status == JobStatus.RUNNING


async def _still_deleted(job: DeletionJob) -> str | None:
    """Why the job must stop (None: go on). Its organization must still be DELETED where
    the job found it: one restored (or moved) since the purge was asked for keeps the rest
    of its rows. Its row is locked for the step (PostgreSQL), so a restore waits for the
    step, then sees the job and refuses (lifecycle); a restore that won the race is seen
    here. A missing row was the purge's own last batch: what is left is the job's to end.
    """
    org = await Organization.select_for_update(no_key=True).filter(id=job.organization_id).first()
    if org is None or (
        org.status == OrganizationStatus.DELETED and org.path == job.organization_path
    ):
        return None
    what = (
        f"is {org.status.lower()} again (restored"
        if org.status != OrganizationStatus.DELETED
        else "was moved (changed"
    )
    return (
        f"Stopped: the organization {what} since the purge was asked for); nothing more "
        "was removed. Delete it again and start a new purge if it must go."
    )


def _progress(job: DeletionJob) -> purge_sql.Progress:
    """The progress a batch of the job records, before its rows are added to `done`."""
    return purge_sql.Progress(job.id, job.phase, job.status.value, job.started_at, job.heartbeat_at)


async def run(
    job_id: UUID,
    *,
    batch: int | None = None,
    on_step: Callable[[], Awaitable[None]] | None = None,
) -> None:
    """Run the job to the end (idempotent: a finished job is left as it is)."""
    while await step(job_id, batch):
        if on_step is not None:
            await on_step()


async def record_failure(job_id: UUID, error: str, *, give_up_after: int) -> int:
    """Count a failed attempt and keep its error; FAILED once attempts reach the limit.

    Returns the number of attempts so far (the caller retries while below the limit).
    """
    async with in_transaction("default"):
        job = await DeletionJob.select_for_update().get(id=job_id)
        job.attempts += 1
        job.error = error[:2000]
        if job.attempts >= give_up_after:
            job.status, job.finished_at = JobStatus.FAILED, now()
        await job.save()
        return job.attempts


async def retry(actor: Actor, job_id: UUID) -> DeletionJob:
    """Queue a FAILED job again; it resumes where it stopped."""
    scope.require_organization_manager(actor)
    job = await visible_jobs(actor).filter(id=job_id).first()
    if job is None:
        raise not_found(["id"], "deletion job")
    if job.status != JobStatus.FAILED:
        raise DomainError(ErrorCode.INVALID_STATE, "Only a failed job is retried.", ["id"])
    async with in_transaction("default"):
        changed = await DeletionJob.filter(id=job.id, status=JobStatus.FAILED).update(
            status=JobStatus.QUEUED, error=None, finished_at=None, attempts=0
        )
        if changed:
            # In the log of the organization being purged while it is there (a purge
            # removes it last), else in the retrying manager's own.
            org = await Organization.get_or_none(id=job.organization_id)
            await audit.record(
                actor,
                "organization.purge_retry",
                org or actor.organization,
                target_type="DeletionJob",
                target_id=job.id,
                target_name=job.organization_name,
                summary={"organization": job.organization_name},
            )
    return await DeletionJob.get(id=job.id)


async def unfinished_jobs(stale_seconds: int | None = None) -> list[DeletionJob]:
    """QUEUED or RUNNING jobs; with `stale_seconds`, only those silent for that long (no
    progress recorded, or never started and asked for that long ago)."""
    jobs = DeletionJob.filter(status__in=[JobStatus.QUEUED, JobStatus.RUNNING])
    if stale_seconds is not None:
        cutoff = now() - timedelta(seconds=stale_seconds)
        jobs = jobs.filter(
            Q(heartbeat_at__lt=cutoff) | Q(heartbeat_at__isnull=True, created_at__lt=cutoff)
        )
    return await jobs


async def sweep_expired(moment: datetime | None = None) -> list[DeletionJob]:
    """Start purges of DELETED organizations whose retention period has passed.

    Only the top of each expired subtree gets a job (its purge covers the rest), and an
    organization with a job under way is left alone.
    """
    moment = moment or now()
    due = await Organization.filter(
        status=OrganizationStatus.DELETED, purge_after__lte=moment
    ).order_by("depth")
    started: list[DeletionJob] = []
    covered: list[str] = []
    for org in due:
        if any(org.path.startswith(path) for path in covered):
            continue
        covered.append(org.path)
        busy = await DeletionJob.filter(
            organization_id=org.id, status__in=[JobStatus.QUEUED, JobStatus.RUNNING]
        ).exists()
        if busy:
            continue
        async with in_transaction("default"):
            # Still DELETED as the job is written: a restore since the query keeps it.
            if (
                await Organization.select_for_update(no_key=True)
                .filter(id=org.id, status=OrganizationStatus.DELETED)
                .first()
            ) is None:
                continue
            counts = await count_rows(org.path)
            job = await DeletionJob.create(
                organization_id=org.id,
                organization_name=org.name,
                organization_path=org.path,
                total=sum(counts.values()),
            )
            await audit.record(
                None, "organization.purge", org, summary={"rows": counts, "reason": "retention"}
            )
        started.append(job)
    return started


def visible_jobs(actor: Actor) -> QuerySet[DeletionJob]:
    """Jobs about organizations inside the actor's visible subtree (by their kept path)."""
    if actor.is_administrator:
        return DeletionJob.all()
    if actor.organization.kind == OrganizationKind.CUSTOMER:
        return DeletionJob.filter(id=None)
    return DeletionJob.filter(**scope.subtree(actor.organization.path, "organization_path"))
