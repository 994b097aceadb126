"""Organizations (master, resellers, customers), their plans, services and private notes."""

from __future__ import annotations

from typing import TYPE_CHECKING
from uuid import UUID, uuid4

from tortoise import fields
from tortoise.models import Model

from models.enums import (
    AttachmentPolicy,
    ContactsVisibility,
    EmailTemplateKind,
    OrganizationKind,
    OrganizationStatus,
    ServiceKind,
    ServiceStatus,
)

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
    # When the owner was told that the purge is near (none again until it is rescheduled).
    purge_warned_at = fields.DatetimeField(null=True)
    # The account's end date (Plesk's "expiration date"): the scheduler suspends the
    # organization once it passes, after a warning email.
    expires_at = fields.DatetimeField(null=True, db_index=True)
    expiry_warned_at = fields.DatetimeField(null=True)
    # A billing system's own id for this organization, unique among its owner's children.
    external_id = fields.CharField(max_length=200, null=True)
    metadata: dict[str, str] = fields.JSONField(default=dict)
    # Per-organization quota limits replacing its plan's (WHM's editquota), keyed like the
    # plan's quota columns ("website_quota" ...); a value of None means unlimited.
    quota_overrides: dict[str, int | None] = fields.JSONField(default=dict)

    if TYPE_CHECKING:
        owner_id: UUID | None
        suspended_by_id: UUID | None

    class Meta:
        table = "organization"
        indexes = (("owner_id", "kind"),)
        unique_together = (("owner_id", "external_id"),)

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

    if TYPE_CHECKING:
        owner_id: UUID

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
    # The normalized domain of a website or DNS zone (lower case, no trailing dot), None for
    # other kinds: one website and one zone per domain on the whole platform.
    domain = fields.CharField(max_length=253, null=True, db_index=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    if TYPE_CHECKING:
        organization_id: UUID

    class Meta:
        table = "service"
        indexes = (("organization_id", "kind"),)
        unique_together = (("kind", "domain"),)


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

    if TYPE_CHECKING:
        organization_id: UUID
        author_id: UUID | None
        author_organization_id: UUID

    class Meta:
        table = "note"
        indexes = (("organization_id", "created_at"),)


class OrganizationSettings(Model):
    """Branding, mail settings and address-book rules of an organization, inherited down the
    tree (master, reseller, customer, then the customer's departments and users): None means
    "inherit", like the security policy, but any level may set any value."""

    id = fields.UUIDField(primary_key=True, default=uuid4)
    organization: fields.OneToOneRelation[Organization] = fields.OneToOneField(
        "models.Organization", related_name="panel_settings", on_delete=fields.CASCADE
    )
    primary_color = fields.CharField(max_length=7, null=True)
    logo_url = fields.CharField(max_length=2000, null=True)
    # Further branding images by role ("banner", "favicon" ...): role -> URL.
    images: dict[str, str] | None = fields.JSONField(null=True)
    footer = fields.TextField(null=True)
    language = fields.CharField(max_length=16, null=True)
    timezone = fields.CharField(max_length=64, null=True)
    attachments_policy = fields.CharEnumField(AttachmentPolicy, max_length=32, null=True)
    max_attachment_mb = fields.IntField(null=True)
    bounce_processing = fields.BooleanField(null=True)
    message_disclaimer = fields.TextField(null=True)
    contacts_visibility = fields.CharEnumField(ContactsVisibility, max_length=16, null=True)
    contacts_may_edit_own = fields.BooleanField(null=True)
    contacts_may_share = fields.BooleanField(null=True)
    updated_at = fields.DatetimeField(auto_now=True)

    if TYPE_CHECKING:
        organization_id: UUID

    class Meta:
        table = "organization_settings"


class EmailTemplate(Model):
    """A platform's or reseller's own wording of one notification email; the nearest
    ancestor's template wins, the built-in text when there is none."""

    id = fields.UUIDField(primary_key=True, default=uuid4)
    organization: fields.ForeignKeyRelation[Organization] = fields.ForeignKeyField(
        "models.Organization", related_name="email_templates", on_delete=fields.CASCADE
    )
    kind = fields.CharEnumField(EmailTemplateKind, max_length=32)
    subject = fields.CharField(max_length=300)
    body = fields.TextField()
    updated_at = fields.DatetimeField(auto_now=True)

    if TYPE_CHECKING:
        organization_id: UUID

    class Meta:
        table = "email_template"
        unique_together = (("organization_id", "kind"),)
