"""The audit log. Events outlive what they describe, so names and paths are copied in."""

from __future__ import annotations

from typing import TYPE_CHECKING
from uuid import UUID, uuid4

from tortoise import fields
from tortoise.models import Model

if TYPE_CHECKING:
    from models.auth import ApiKey
    from models.organization import Organization
    from models.user import User


class AuditEvent(Model):
    id = fields.UUIDField(primary_key=True, default=uuid4)
    created_at = fields.DatetimeField(auto_now_add=True, db_index=True)
    action = fields.CharField(max_length=64, db_index=True)
    actor: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "models.User",
        related_name="audit_events",
        null=True,
        on_delete=fields.SET_NULL,
        db_index=True,
    )
    actor_email = fields.CharField(max_length=254, default="")
    impersonator: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "models.User",
        related_name="audit_events_impersonated",
        null=True,
        on_delete=fields.SET_NULL,
        db_index=True,
    )
    impersonator_email = fields.CharField(max_length=254, null=True)
    # The organization the actor acted for (a plain id: it may be purged). A customer's own
    # log shows its provider's staff without their emails or addresses.
    actor_organization_id = fields.UUIDField(null=True)
    api_key: fields.ForeignKeyNullableRelation[ApiKey] = fields.ForeignKeyField(
        "models.ApiKey",
        related_name="audit_events",
        null=True,
        on_delete=fields.SET_NULL,
        db_index=True,
    )
    # The organization the event belongs to (indexed with created_at in Meta); its path is
    # kept so scoping survives a purge.
    organization: fields.ForeignKeyNullableRelation[Organization] = fields.ForeignKeyField(
        "models.Organization",
        related_name="audit_events",
        null=True,
        on_delete=fields.SET_NULL,
    )
    organization_path = fields.CharField(max_length=512, default="")
    target_type = fields.CharField(max_length=32)
    target_id = fields.UUIDField(null=True)
    target_name = fields.CharField(max_length=254, default="")
    summary: dict[str, object] = fields.JSONField(default=dict)
    ip = fields.CharField(max_length=45, null=True)
    # The event's place in the event stream (`events`, webhooks): given after commit, in
    # commit order, by domain.events.sequencer; None until then. A number taken at insert
    # would not do: a transaction that took 5 may commit after one that took 6, and a
    # reader that moved past 6 would never see 5.
    position = fields.BigIntField(null=True, unique=True)

    if TYPE_CHECKING:
        actor_id: UUID | None
        impersonator_id: UUID | None
        api_key_id: UUID | None
        organization_id: UUID | None

    class Meta:
        table = "audit_event"
        indexes = (
            ("organization_id", "created_at"),
            ("target_id", "created_at"),
            # Subtree scoping: organization_path range (byte order, see migrations).
            ("organization_path", "created_at"),
        )
