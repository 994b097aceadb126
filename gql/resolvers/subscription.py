"""The root Subscription type: served over the WebSocket only (gql/ws.py).

Both fields poll the database (SUBSCRIPTION_POLL_SECONDS), which every process shares, so
they work with any number of API processes and workers and no extra infrastructure. The
viewer is checked when a subscription starts, exactly as an HTTP request's, and again
(its session, and what it may see) before every value it is sent.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator

import strawberry

from domain import scope
from domain.errors import not_found
from domain.events import audit
from domain.events.event_feed import LifecycleFeed
from domain.jobs import purge
from gql.schema.jobs import DeletionJobType
from gql.schema.relay import GlobalId, target_id
from gql.schema.subscription import OrganizationEventType
from gql.socket_context import SocketContext, socket_context
from models import DeletionJob
from models.enums import JobStatus

_ENDED = frozenset({JobStatus.DONE, JobStatus.FAILED})
# What a client is shown of a job: a new value is sent when any of these changes.
_SHOWN = ("status", "phase", "done", "total", "attempts", "error", "started_at", "finished_at")


def _missing_job() -> Exception:
    return not_found(None, "deletion job")


async def _job_progress(
    context: SocketContext, job: DeletionJob
) -> AsyncGenerator[DeletionJobType]:
    shown: tuple[object, ...] | None = None
    while True:
        state = tuple(getattr(job, name) for name in _SHOWN)
        if state != shown:
            actor = await context.renewed_viewer()
            if actor is None:
                await context.end_session()
                return
            if not await purge.visible_jobs(actor).filter(id=job.id).exists():
                raise _missing_job()
            yield DeletionJobType.from_model(job)
            shown = state
        if job.status in _ENDED:
            return
        await asyncio.sleep(context.settings.subscription_poll_seconds)
        fresh = await DeletionJob.get_or_none(id=job.id)
        if fresh is None:
            raise _missing_job()
        job = fresh


async def _lifecycle_events(
    context: SocketContext, feed: LifecycleFeed
) -> AsyncGenerator[OrganizationEventType]:
    while True:
        await asyncio.sleep(context.settings.subscription_poll_seconds)
        actor = await context.viewer(required=False)  # as last checked: only to look
        if actor is None:
            await context.end_session()
            return
        if not await feed.next_batch(actor):
            continue
        # Something to send: check the session and read again with the viewer as it is now.
        actor = await context.renewed_viewer()
        if actor is None:
            await context.end_session()
            return
        for event in await feed.next_batch(actor):
            feed.delivered_up_to(event)
            yield OrganizationEventType.from_event(audit.as_seen_by(actor, event))


@strawberry.type(
    description="Live updates: over the WebSocket at /graphql (graphql-transport-ws) only."
)
class Subscription:
    @strawberry.subscription(
        description="A deletion job's progress: its current state at once, then each change "
        "(every SUBSCRIPTION_POLL_SECONDS at most); completes once the job is DONE or "
        "FAILED. NOT_FOUND for a job the viewer may not see, as for one that never existed."
    )
    async def deletion_job(
        self, info: strawberry.Info, id: GlobalId
    ) -> AsyncGenerator[DeletionJobType]:
        context = socket_context(info)
        actor = await context.viewer()
        job = await purge.visible_jobs(actor).filter(id=target_id(id, "DeletionJob")).first()
        if job is None:
            raise _missing_job()
        return _job_progress(context, job)

    @strawberry.subscription(
        description="Lifecycle events (created, suspended, reactivated, deleted, restored, "
        "purged, moved, ...) of the organizations whose audit log the viewer reads, from now "
        "on, each as the viewer's audit log shows it. FORBIDDEN for customer MEMBERs, who "
        "read no audit log."
    )
    async def organization_events(
        self, info: strawberry.Info
    ) -> AsyncGenerator[OrganizationEventType]:
        context = socket_context(info)
        scope.visible_audit_events(await context.viewer())  # refuses before any event
        return _lifecycle_events(context, LifecycleFeed())
