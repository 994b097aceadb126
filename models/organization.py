"""Organizations (master, resellers, customers), their plans, services and private notes."""

from __future__ import annotations

from typing import TYPE_CHECKING
from uuid import uuid4

from tortoise import fields
from tortoise.models import Model

from models.enums import OrganizationKind, OrganizationStatus, ServiceKind, ServiceStatus

if TYPE_CHECKING:
    from models.user import User


class Organization(Model):
    """A node of the hierarchy. `path` is the materialized ancestry used for subtree queries.

    `path` holds the hex ids of every ancestor and of the organization itself, each followed
    by "/", so "everything under X" is `path LIKE X.path || '%'` on one indexed column.
    """

    id = fields.UUIDField(primary_key=True, default=uuid4)
    kind = fields.CharEnumField(OrganizationKind, max_length=16, db_index=True)
    name = fields.CharField(max_length=200)
    company = fields.CharField(max_length=200, default="")
    contact_email = fields.CharField(max_length=254, default="")
    contact_phone = fields.CharField(max_length=40, default="")
    address_line1 = fields.CharField(max_length=200, default="")
    address_line2 = fields.CharField(max_length=200, default="")
    city = fields.CharField(max_length=100, default="")
    postal_code = fields.CharField(max_length=20, default="")
    country = fields.CharField(max_length=2, default="")
    status = fields.CharEnumField(
        OrganizationStatus, max_length=16, default=OrganizationStatus.ACTIVE, db_index=True
    )
    # Where `restore` returns to after a soft delete.
    status_before_delete = fields.CharEnumField(OrganizationStatus, max_length=16, null=True)
    owner: fields.ForeignKeyNullableRelation[Organization] = fields.ForeignKeyField(
        "models.Organization", related_name="children", null=True, on_delete=fields.RESTRICT
    )
    path = fields.CharField(max_length=512, unique=True)
    depth = fields.SmallIntField(default=0)
    # Plan.owner points back here and Tortoise cannot order a cycle of foreign keys, so this
    # is a plain column; each dialect's initial migration declares the constraint by hand
    # (REFERENCES plan ON DELETE SET NULL).
    plan_id = fields.UUIDField(null=True, db_index=True)
    created_at = fields.DatetimeField(auto_now_add=True, db_index=True)
    updated_at = fields.DatetimeField(auto_now=True)
    activated_at = fields.DatetimeField(null=True)
    suspended_at = fields.DatetimeField(null=True)
    suspension_reason = fields.CharField(max_length=500, null=True)
    # Who imposed the suspension, and the depth of their organization (0 = the Master): a
    # suspension or deletion is lifted only from that level or above (WHM's "disallow
    # unsuspend"), so a reseller cannot undo what the platform decided.
    suspended_by: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "models.User", related_name=False, null=True, on_delete=fields.SET_NULL, db_index=True
    )
    suspended_by_depth = fields.SmallIntField(null=True)
    deleted_by_depth = fields.SmallIntField(null=True)
    deleted_at = fields.DatetimeField(null=True)
    purge_after = fields.DatetimeField(null=True, db_index=True)

    class Meta:
        table = "organization"
        indexes = (("owner_id", "kind"),)

    def __str__(self) -> str:
        return f"{self.kind} {self.name}"

    @property
    def ancestor_ids(self) -> list[str]:
        """Hex ids from the root down to and including this organization."""
        return [part for part in self.path.split("/") if part]


class Plan(Model):
    """Quotas per service kind (None = unlimited) and the kinds a plan enables."""

    id = fields.UUIDField(primary_key=True, default=uuid4)
    owner: fields.ForeignKeyRelation[Organization] = fields.ForeignKeyField(
        "models.Organization", related_name="plans", on_delete=fields.CASCADE, db_index=True
    )
    name = fields.CharField(max_length=200)
    # A custom plan belongs to exactly one organization (convert/move without a plan).
    is_custom = fields.BooleanField(default=False)
    website_quota = fields.IntField(null=True)
    database_quota = fields.IntField(null=True)
    mailbox_quota = fields.IntField(null=True)
    ftp_account_quota = fields.IntField(null=True)
    dns_zone_quota = fields.IntField(null=True)
    backup_quota = fields.IntField(null=True)
    disk_quota_mb = fields.IntField(null=True)
    enabled_kinds: list[str] = fields.JSONField(default=list)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "plan"


class Service(Model):
    """One resource of a customer (a website, a mailbox, ...): settings only, never data."""

    id = fields.UUIDField(primary_key=True, default=uuid4)
    organization: fields.ForeignKeyRelation[Organization] = fields.ForeignKeyField(
        "models.Organization", related_name="services", on_delete=fields.CASCADE
    )
    kind = fields.CharEnumField(ServiceKind, max_length=16)
    name = fields.CharField(max_length=255)
    status = fields.CharEnumField(ServiceStatus, max_length=16, default=ServiceStatus.ACTIVE)
    settings: dict[str, object] = fields.JSONField(default=dict)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "service"
        indexes = (("organization_id", "kind"),)


class Note(Model):
    """A private note about an organization, visible to its author's organization chain."""

    id = fields.UUIDField(primary_key=True, default=uuid4)
    organization: fields.ForeignKeyRelation[Organization] = fields.ForeignKeyField(
        "models.Organization", related_name="notes", on_delete=fields.CASCADE
    )
    author: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "models.User",
        related_name="notes_written",
        null=True,
        on_delete=fields.SET_NULL,
        db_index=True,
    )
    author_organization: fields.ForeignKeyRelation[Organization] = fields.ForeignKeyField(
        "models.Organization",
        related_name="notes_authored",
        on_delete=fields.CASCADE,
        db_index=True,
    )
    text = fields.TextField()
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "note"
        indexes = (("organization_id", "created_at"),)
