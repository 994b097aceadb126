"""Deletion jobs: the progress of a purge, kept after the organization is gone."""

from __future__ import annotations

from datetime import datetime

import strawberry

from gql.schema.enums import described_enum
from gql.schema.errors import UserError
from gql.schema.organization import OrganizationType
from gql.schema.relay import Node, to_global_id
from models import DeletionJob, OutboxEmail
from models.enums import EmailStatus, JobStatus

described_enum(
    JobStatus,
    description="Where a purge (a deletion job) stands.",
    values={
        JobStatus.QUEUED: "Waiting for a worker; nothing is deleted yet (or, after "
        "retryDeletionJob, nothing more).",
        JobStatus.RUNNING: "A worker deletes the tree batch by batch; `done` of `total` "
        "rows so far.",
        JobStatus.DONE: "Finished: the organization and everything below it are gone.",
        JobStatus.FAILED: "Stopped before the end, what is deleted stays deleted: `error` "
        "says why (its attempts ran out, or the organization was restored or moved "
        "meanwhile). retryDeletionJob resumes it where it stopped.",
    },
)
described_enum(
    EmailStatus,
    description="Where an email of the outbox stands.",
    values={
        EmailStatus.PENDING: "Not sent yet: waiting for its first attempt or a retry after "
        "a failed one (`lastError`).",
        EmailStatus.SENT: "Handed to the mail server (`sentAt`).",
        EmailStatus.FAILED: "Given up on: its attempts ran out, or it can never be sent; "
        "`lastError` says why.",
    },
)


@strawberry.type(
    name="OutboxEmail", description="An email the platform sends (its body is not shown)."
)
class OutboxEmailType(Node):
    kind: str = strawberry.field(description="What it is about (welcome, password-reset, ...).")
    to_address: str = strawberry.field(description="The recipient.")
    subject: str = strawberry.field(description="The subject line.")
    status: EmailStatus = strawberry.field(description="PENDING, SENT or FAILED.")
    attempts: int = strawberry.field(description="Delivery attempts so far.")
    last_error: str | None = strawberry.field(description="The last delivery error, if any.")
    created_at: datetime = strawberry.field(description="When it was written.")
    sent_at: datetime | None = strawberry.field(description="When it was sent.")

    @classmethod
    def from_model(cls, email: OutboxEmail) -> OutboxEmailType:
        return cls(
            id=to_global_id("OutboxEmail", email.id),
            kind=email.kind,
            to_address=email.to_address,
            subject=email.subject,
            status=email.status,
            attempts=email.attempts,
            last_error=email.last_error,
            created_at=email.created_at,
            sent_at=email.sent_at,
        )


@strawberry.type(name="DeletionJob", description="A purge of an organization and its tree.")
class DeletionJobType(Node):
    organization_name: str = strawberry.field(description="The purged organization's name.")
    status: JobStatus = strawberry.field(description="Where the job stands.")
    phase: str = strawberry.field(description="What it is deleting now (services, users, ...).")
    done: int = strawberry.field(description="Rows deleted so far.")
    total: int = strawberry.field(description="Rows to delete in all (counted at the start).")
    attempts: int = strawberry.field(description="Failed attempts so far.")
    error: str | None = strawberry.field(description="The last failure, if any.")
    created_at: datetime = strawberry.field(description="When the purge was asked for.")
    started_at: datetime | None = strawberry.field(description="When a worker first took it.")
    finished_at: datetime | None = strawberry.field(description="When it ended (DONE/FAILED).")

    @classmethod
    def from_model(cls, job: DeletionJob) -> DeletionJobType:
        return cls(
            id=to_global_id("DeletionJob", job.id),
            organization_name=job.organization_name,
            status=job.status,
            phase=job.phase,
            done=job.done,
            total=job.total,
            attempts=job.attempts,
            error=job.error,
            created_at=job.created_at,
            started_at=job.started_at,
            finished_at=job.finished_at,
        )


@strawberry.type(description="How many rows of each kind a purge removes.")
class PurgeCounts:
    services: int = strawberry.field(description="Services, backups included.")
    notes: int = strawberry.field(description="Notes about or by organizations in the tree.")
    sessions: int = strawberry.field(description="Open sessions.")
    api_keys: int = strawberry.field(description="API keys of the tree's organizations.")
    reset_tokens: int = strawberry.field(description="Password reset tokens.")
    users: int = strawberry.field(description="Users left without any membership.")
    memberships: int = strawberry.field(
        description="Logins' places (role and rights) in the tree's organizations."
    )
    departments: int = strawberry.field(description="Departments of the tree's customers.")
    security_policies: int = strawberry.field(
        description="Security policies the tree's organizations set for themselves."
    )
    plans: int = strawberry.field(description="Plans the tree's organizations own.")
    organizations: int = strawberry.field(description="The organization and all below it.")


@strawberry.input(description="DELETED organizations to purge for good.")
class PurgeOrganizationsInput:
    ids: list[strawberry.ID] = strawberry.field(description="Up to 100 organization ids.")
    dry_run: bool = strawberry.field(
        default=False, description="Only count what would be removed; change nothing."
    )
    reassign_customers_to: strawberry.ID | None = strawberry.field(
        default=None,
        description="For a reseller: hand its customers to this organization (e.g. the "
        "master) instead of purging them. Each keeps its limits (a plan of the purged tree "
        "becomes a custom plan of the new owner); they must fit every plan above it.",
    )


@strawberry.type(description="What happened to one requested id.")
class PurgeResult:
    id: strawberry.ID = strawberry.field(description="The id as requested.")
    organization: OrganizationType | None = strawberry.field(
        description="The organization as it is now (its purge runs in the background); null "
        "when the id was refused."
    )
    job: DeletionJobType | None = strawberry.field(
        description="The started job (not in a dry run)."
    )
    counts: PurgeCounts | None = strawberry.field(description="What goes (or would go).")
    user_errors: list[UserError] = strawberry.field(description="Why this id was refused.")


@strawberry.type(description="Per-id results of purgeOrganizations.")
class PurgeOrganizationsPayload:
    results: list[PurgeResult] = strawberry.field(description="One per requested id.")
    dry_run: bool = strawberry.field(description="True when nothing was changed on purpose.")
    user_errors: list[UserError] = strawberry.field(description="Problems with the whole request.")


@strawberry.input(description="A failed deletion job to run again.")
class RetryDeletionJobInput:
    id: strawberry.ID = strawberry.field(description="The job.")


@strawberry.type(description="Result of retryDeletionJob.")
class RetryDeletionJobPayload:
    job: DeletionJobType | None = strawberry.field(description="The job, queued again.")
    user_errors: list[UserError] = strawberry.field(description="What was refused.")
