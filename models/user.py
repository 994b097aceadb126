"""Logins, their memberships in organizations, and the departments inside customers."""

from __future__ import annotations

from typing import TYPE_CHECKING
from uuid import UUID, uuid4

from tortoise import fields
from tortoise.models import Model

from models.enums import AttachmentPolicy, ContactsVisibility, Role, UserStatus

if TYPE_CHECKING:
    from models.organization import Organization


class User(Model):
    """A login. `email` is stored lower-cased (a CHECK constraint holds it to that), so the
    plain unique index is also case-insensitive uniqueness and serves the login lookup."""

    id = fields.UUIDField(primary_key=True, default=uuid4)
    email = fields.CharField(max_length=254, unique=True)
    first_name = fields.CharField(max_length=100, default="")
    last_name = fields.CharField(max_length=100, default="")
    password_hash = fields.CharField(max_length=200)
    language = fields.CharField(max_length=16, default="en")
    status = fields.CharEnumField(UserStatus, max_length=16, default=UserStatus.ACTIVE)
    department: fields.ForeignKeyNullableRelation[Department] = fields.ForeignKeyField(
        "models.Department",
        related_name="users",
        null=True,
        on_delete=fields.SET_NULL,
        db_index=True,
    )
    password_changed_at = fields.DatetimeField(auto_now_add=True)
    # When this password's expiry warning went out (none again until it changes).
    password_expiry_warned_at = fields.DatetimeField(null=True)
    failed_login_count = fields.IntField(default=0)
    locked_until = fields.DatetimeField(null=True)
    last_login_at = fields.DatetimeField(null=True)
    last_login_ip = fields.CharField(max_length=45, null=True)
    # Mail settings of this login; None inherits its department's, then its organization's.
    bounce_processing = fields.BooleanField(null=True)
    message_disclaimer = fields.TextField(null=True)
    # Directory properties (job title, phone, office ...), validated by the domain layer.
    properties: dict[str, str] = fields.JSONField(default=dict)
    # Two-factor login: the TOTP secret, encrypted with the server's key; a pending one
    # waits for its first code before it replaces the active one.
    totp_secret = fields.CharField(max_length=255, null=True)
    totp_pending_secret = fields.CharField(max_length=255, null=True)
    totp_enabled_at = fields.DatetimeField(null=True)
    # The last TOTP time step accepted: a code is never accepted twice.
    totp_last_step = fields.BigIntField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True, db_index=True)
    updated_at = fields.DatetimeField(auto_now=True)

    if TYPE_CHECKING:
        department_id: UUID | None

    class Meta:
        table = "user"

    def __str__(self) -> str:
        return self.email

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


class Membership(Model):
    """Ties a user to one organization with a role and the access rights frontends use."""

    id = fields.UUIDField(primary_key=True, default=uuid4)
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="memberships", on_delete=fields.CASCADE
    )
    organization: fields.ForeignKeyRelation[Organization] = fields.ForeignKeyField(
        "models.Organization", related_name="memberships", on_delete=fields.CASCADE
    )
    role = fields.CharEnumField(Role, max_length=16)
    access_rights: list[str] = fields.JSONField(default=list)
    # A billing system's id for this user in this organization, unique within it.
    external_id = fields.CharField(max_length=200, null=True)
    metadata: dict[str, str] = fields.JSONField(default=dict)
    created_at = fields.DatetimeField(auto_now_add=True)

    if TYPE_CHECKING:
        user_id: UUID
        organization_id: UUID

    class Meta:
        table = "membership"
        unique_together = (("user_id", "organization_id"), ("organization_id", "external_id"))
        indexes = (("organization_id", "role"),)


class Department(Model):
    """A group of users inside a customer, with its own branding, settings and IP ranges."""

    id = fields.UUIDField(primary_key=True, default=uuid4)
    organization: fields.ForeignKeyRelation[Organization] = fields.ForeignKeyField(
        "models.Organization", related_name="departments", on_delete=fields.CASCADE
    )
    name = fields.CharField(max_length=200)
    description = fields.TextField(default="")
    primary_color = fields.CharField(max_length=7, null=True)
    logo_url = fields.CharField(max_length=2000, null=True)
    footer = fields.TextField(default="")
    language = fields.CharField(max_length=16, null=True)
    timezone = fields.CharField(max_length=64, null=True)
    allowed_ip_ranges: list[str] = fields.JSONField(default=list)
    # The department's overrides of its customer's settings (None inherits them).
    images: dict[str, str] | None = fields.JSONField(null=True)
    attachments_policy = fields.CharEnumField(AttachmentPolicy, max_length=32, null=True)
    max_attachment_mb = fields.IntField(null=True)
    bounce_processing = fields.BooleanField(null=True)
    message_disclaimer = fields.TextField(null=True)
    contacts_visibility = fields.CharEnumField(ContactsVisibility, max_length=16, null=True)
    contacts_may_edit_own = fields.BooleanField(null=True)
    contacts_may_share = fields.BooleanField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    if TYPE_CHECKING:
        organization_id: UUID

    class Meta:
        table = "department"
        unique_together = (("organization_id", "name"),)


class Invitation(Model):
    """A membership offered to an existing login that the inviter does not fully administer.

    It grants nothing until the login accepts it: linking a shared login must not hand the
    inviter authority over a login that other organizations rely on.
    """

    id = fields.UUIDField(primary_key=True, default=uuid4)
    organization: fields.ForeignKeyRelation[Organization] = fields.ForeignKeyField(
        "models.Organization", related_name="invitations", on_delete=fields.CASCADE, db_index=True
    )
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="invitations", on_delete=fields.CASCADE, db_index=True
    )
    role = fields.CharEnumField(Role, max_length=16)
    access_rights: list[str] = fields.JSONField(default=list)
    # The keyed hash of the secret emailed to the login: accepting needs it, so only whoever
    # reads that mailbox accepts, not whoever else knows the login's password.
    token_hash = fields.CharField(max_length=64, unique=True)
    invited_by: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "models.User", related_name=False, null=True, on_delete=fields.SET_NULL, db_index=True
    )
    created_at = fields.DatetimeField(auto_now_add=True)
    expires_at = fields.DatetimeField(db_index=True)

    if TYPE_CHECKING:
        organization_id: UUID
        user_id: UUID
        invited_by_id: UUID | None

    class Meta:
        table = "invitation"
        unique_together = (("user_id", "organization_id"),)
