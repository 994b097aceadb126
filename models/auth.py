"""Credentials: session tokens, API keys and password reset tokens, all stored as hashes."""

from __future__ import annotations

from typing import TYPE_CHECKING
from uuid import UUID, uuid4

from tortoise import fields
from tortoise.models import Model

from models.enums import ResetPurpose, Role, TokenPurpose

if TYPE_CHECKING:
    from models.organization import Organization
    from models.user import Membership, User


class SessionToken(Model):
    """A bearer token from `login` or `impersonate`; only its keyed hash is stored."""

    id = fields.UUIDField(primary_key=True, default=uuid4)
    token_hash = fields.CharField(max_length=64, unique=True)
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="sessions", on_delete=fields.CASCADE, db_index=True
    )
    membership: fields.ForeignKeyRelation[Membership] = fields.ForeignKeyField(
        "models.Membership", related_name="sessions", on_delete=fields.CASCADE, db_index=True
    )
    # Set when an administrator or reseller acts as this user ("log in as customer").
    impersonator: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "models.User",
        related_name="impersonation_sessions",
        null=True,
        on_delete=fields.CASCADE,
        db_index=True,
    )
    # The membership the impersonator acted through: every request re-checks that it could
    # still start this impersonation, and the session dies with it.
    # The membership the impersonator acted through: every request re-checks that it could
    # still start this impersonation (through any other, once this one is gone).
    impersonator_membership: fields.ForeignKeyNullableRelation[Membership] = fields.ForeignKeyField(
        "models.Membership",
        related_name="impersonation_sessions",
        null=True,
        on_delete=fields.SET_NULL,
        db_index=True,
    )
    impersonation_reason = fields.CharField(max_length=500, null=True)
    purpose = fields.CharEnumField(TokenPurpose, max_length=16, default=TokenPurpose.FULL)
    ip = fields.CharField(max_length=45, null=True)
    user_agent = fields.CharField(max_length=500, null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    # Refreshed at most once a minute by the requests the token makes.
    last_seen_at = fields.DatetimeField(null=True)
    expires_at = fields.DatetimeField(db_index=True)
    revoked_at = fields.DatetimeField(null=True)

    if TYPE_CHECKING:
        user_id: UUID
        membership_id: UUID
        impersonator_id: UUID | None
        impersonator_membership_id: UUID | None

    class Meta:
        table = "session_token"


class ApiKey(Model):
    """A partner integration's credential, bound to one organization and one role."""

    id = fields.UUIDField(primary_key=True, default=uuid4)
    organization: fields.ForeignKeyRelation[Organization] = fields.ForeignKeyField(
        "models.Organization", related_name="api_keys", on_delete=fields.CASCADE, db_index=True
    )
    name = fields.CharField(max_length=200)
    role = fields.CharEnumField(Role, max_length=16)
    access_rights: list[str] = fields.JSONField(default=list)
    # The visible start of the key, so people can tell their keys apart.
    prefix = fields.CharField(max_length=16, db_index=True)
    secret_hash = fields.CharField(max_length=64, unique=True)
    created_by: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "models.User",
        related_name="api_keys_created",
        null=True,
        on_delete=fields.SET_NULL,
        db_index=True,
    )
    created_at = fields.DatetimeField(auto_now_add=True)
    expires_at = fields.DatetimeField(null=True)
    revoked_at = fields.DatetimeField(null=True)
    last_used_at = fields.DatetimeField(null=True)

    if TYPE_CHECKING:
        organization_id: UUID
        created_by_id: UUID | None

    class Meta:
        table = "api_key"


class PasswordResetToken(Model):
    """A single-use password reset link's token, stored as a keyed hash."""

    id = fields.UUIDField(primary_key=True, default=uuid4)
    token_hash = fields.CharField(max_length=64, unique=True)
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="reset_tokens", on_delete=fields.CASCADE, db_index=True
    )
    created_by: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "models.User",
        related_name="reset_tokens_created",
        null=True,
        on_delete=fields.SET_NULL,
        db_index=True,
    )
    purpose = fields.CharEnumField(ResetPurpose, max_length=16, default=ResetPurpose.RESET)
    created_at = fields.DatetimeField(auto_now_add=True)
    expires_at = fields.DatetimeField(db_index=True)
    used_at = fields.DatetimeField(null=True)

    if TYPE_CHECKING:
        user_id: UUID
        created_by_id: UUID | None

    class Meta:
        table = "password_reset_token"


class RecoveryCode(Model):
    """One single-use recovery code of a two-factor login, stored as a keyed hash."""

    id = fields.UUIDField(primary_key=True, default=uuid4)
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="recovery_codes", on_delete=fields.CASCADE, db_index=True
    )
    code_hash = fields.CharField(max_length=64, unique=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    used_at = fields.DatetimeField(null=True)

    if TYPE_CHECKING:
        user_id: UUID

    class Meta:
        table = "recovery_code"
