"""Rows that background work is driven from: purge jobs, the email outbox, idempotency keys."""

from __future__ import annotations

from typing import TYPE_CHECKING
from uuid import UUID, uuid4

from tortoise import fields
from tortoise.models import Model

from models.enums import EmailStatus, JobStatus

if TYPE_CHECKING:
    from models.user import User


class DeletionJob(Model):
    """A purge of one organization's tree. The row is the truth; the queue message a nudge."""

    id = fields.UUIDField(primary_key=True, default=uuid4)
    # No foreign key: the organization is gone when the job finishes.
    organization_id = fields.UUIDField(db_index=True)
    organization_name = fields.CharField(max_length=200)
    organization_path = fields.CharField(max_length=512)
    reassign_customers_to = fields.UUIDField(null=True)
    requested_by: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "models.User",
        related_name="deletion_jobs",
        null=True,
        on_delete=fields.SET_NULL,
        db_index=True,
    )
    status = fields.CharEnumField(JobStatus, max_length=16, default=JobStatus.QUEUED)
    phase = fields.CharField(max_length=32, default="")
    done = fields.IntField(default=0)
    total = fields.IntField(default=0)
    attempts = fields.IntField(default=0)
    error = fields.TextField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    started_at = fields.DatetimeField(null=True)
    finished_at = fields.DatetimeField(null=True)
    heartbeat_at = fields.DatetimeField(null=True)

    if TYPE_CHECKING:
        requested_by_id: UUID | None

    class Meta:
        table = "deletion_job"
        indexes = (("status", "heartbeat_at"),)


class OutboxEmail(Model):
    """An email written in the business transaction and sent later by an actor."""

    id = fields.UUIDField(primary_key=True, default=uuid4)
    kind = fields.CharField(max_length=64)
    to_address = fields.CharField(max_length=254)
    subject = fields.CharField(max_length=300)
    body = fields.TextField()
    status = fields.CharEnumField(EmailStatus, max_length=16, default=EmailStatus.PENDING)
    attempts = fields.IntField(default=0)
    last_error = fields.TextField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    next_attempt_at = fields.DatetimeField(null=True)
    sent_at = fields.DatetimeField(null=True)

    class Meta:
        table = "outbox_email"
        indexes = (("status", "next_attempt_at"),)


class IdempotencyRecord(Model):
    """The first result of a create retried with the same key by the same caller."""

    id = fields.UUIDField(primary_key=True, default=uuid4)
    actor_key = fields.CharField(max_length=64)
    operation = fields.CharField(max_length=64)
    key = fields.CharField(max_length=200)
    result: dict[str, object] = fields.JSONField(default=dict)
    created_at = fields.DatetimeField(auto_now_add=True)
    expires_at = fields.DatetimeField(db_index=True)

    class Meta:
        table = "idempotency_record"
        unique_together = (("actor_key", "operation", "key"),)
