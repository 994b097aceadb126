"""purgeOrganizations, retryDeletionJob and deletionJob."""

from __future__ import annotations

from typing import Annotated

import strawberry

from domain.errors import DomainError
from domain.jobs import outbox, purge
from gql.context import Context
from gql.schema.errors import UserError, attempt
from gql.schema.jobs import (
    DeletionJobType,
    OutboxEmailType,
    PurgeCounts,
    PurgeOrganizationsInput,
    PurgeOrganizationsPayload,
    PurgeResult,
    RetryDeletionJobInput,
    RetryDeletionJobPayload,
)
from gql.schema.organization import OrganizationType
from gql.schema.paging import PageArgs, paged, paginate
from gql.schema.relay import (
    INPUT,
    Connection,
    GlobalId,
    filter_id,
    parse_global_id,
    target_id,
    total_count_selected,
)
from models.enums import EmailStatus
from workers.actors import send_purge

Info = strawberry.Info[Context, None]


async def purge_organizations(
    info: Info, input: Annotated[PurgeOrganizationsInput, INPUT]
) -> PurgeOrganizationsPayload:
    actor = await info.context.viewer()
    try:
        results = await purge.request(
            actor,
            [filter_id(raw, "Organization") for raw in input.ids],
            dry_run=input.dry_run,
            reassign_to=filter_id(input.reassign_customers_to, "Organization"),
        )
    except DomainError as error:
        return PurgeOrganizationsPayload(
            results=[], dry_run=input.dry_run, user_errors=UserError.all_from_domain(error)
        )
    for result in results:
        if result.job is not None:  # committed: the row is the truth, the message a nudge
            send_purge(result.job)
    return PurgeOrganizationsPayload(
        results=[
            PurgeResult(
                id=raw,
                organization=OrganizationType.from_model(r.outcome.organization)
                if r.outcome.organization
                else None,
                job=DeletionJobType.from_model(r.job) if r.job else None,
                counts=PurgeCounts(**r.counts) if r.counts else None,
                user_errors=[UserError.from_domain(r.outcome.error)] if r.outcome.error else [],
            )
            for raw, r in zip(input.ids, results, strict=True)
        ],
        dry_run=input.dry_run,
        user_errors=[],
    )


async def retry_deletion_job(
    info: Info, input: Annotated[RetryDeletionJobInput, INPUT]
) -> RetryDeletionJobPayload:
    actor = await info.context.viewer()
    job, errors = await attempt(purge.retry(actor, target_id(input.id, "DeletionJob")))
    if job is None:
        return RetryDeletionJobPayload(job=None, user_errors=errors)
    send_purge(job)
    return RetryDeletionJobPayload(job=DeletionJobType.from_model(job), user_errors=[])


@strawberry.type
class JobQuery:
    @strawberry.field(
        description="The email outbox, newest first: administrators only (FORBIDDEN "
        "otherwise). Filter by status to find emails that could not be delivered."
    )
    @paged
    async def outbox_emails(
        self,
        info: Info,
        status: Annotated[
            EmailStatus | None, strawberry.argument(description="Only this status.")
        ] = None,
        *,
        paging: PageArgs,
    ) -> Connection[OutboxEmailType]:
        actor = await info.context.viewer()
        emails = outbox.visible_outbox(actor)
        if status is not None:
            emails = emails.filter(status=status)
        return await paginate(
            emails.order_by("-created_at", "-id"),
            paging,
            OutboxEmailType.from_model,
            total=total_count_selected(info),
        )

    @strawberry.field(
        description="A deletion job by id: its progress and, when FAILED, its error. Null "
        "when not visible (jobs are visible to the owner chain of what they purge)."
    )
    async def deletion_job(self, info: Info, id: GlobalId) -> DeletionJobType | None:
        actor = await info.context.viewer()
        parsed = parse_global_id(id)
        if parsed is None or parsed[0] != "DeletionJob":
            return None
        job = await purge.visible_jobs(actor).filter(id=parsed[1]).first()
        return DeletionJobType.from_model(job) if job else None
