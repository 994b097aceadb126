"""Per-organization security policy (every field None means "inherit from the owner"), and
the counters of the login throttle, unknown-email lockout and reset-email limit."""

from __future__ import annotations

from typing import TYPE_CHECKING
from uuid import UUID, uuid4

from tortoise import fields
from tortoise.models import Model

if TYPE_CHECKING:
    from models.organization import Organization


class SecurityPolicy(Model):
    id = fields.UUIDField(primary_key=True, default=uuid4)
    organization: fields.OneToOneRelation[Organization] = fields.OneToOneField(
        "models.Organization", related_name="security_policy", on_delete=fields.CASCADE
    )
    min_password_length = fields.IntField(null=True)
    require_uppercase = fields.BooleanField(null=True)
    require_lowercase = fields.BooleanField(null=True)
    require_digit = fields.BooleanField(null=True)
    require_symbol = fields.BooleanField(null=True)
    password_expiry_days = fields.IntField(null=True)
    expiry_warning_days = fields.IntField(null=True)
    max_failed_logins = fields.IntField(null=True)
    lockout_minutes = fields.IntField(null=True)
    allowed_ip_ranges: list[str] | None = fields.JSONField(null=True)
    session_lifetime_minutes = fields.IntField(null=True)
    # Logins of this organization must use a second factor (True only tightens).
    require_two_factor = fields.BooleanField(null=True)
    updated_at = fields.DatetimeField(auto_now=True)

    if TYPE_CHECKING:
        organization_id: UUID

    class Meta:
        table = "security_policy"


class LoginThrottle(Model):
    """A count in a time window, shared by every API process: the login attempts of one
    client address, the failed logins of one unknown email, the reset emails sent to one
    address.

    One row per key counted recently: a new window overwrites the row in place, and the
    scheduler deletes rows whose window and block have both passed (see the counters
    module of the domain package).
    """

    # A client address (an IPv6 address by its /64 network, see domain.security.throttle.key_for),
    # or `login:` / `reset:` and an HMAC of an email (domain.security.counters.email_key).
    key = fields.CharField(max_length=64, primary_key=True)
    failures = fields.IntField(default=0)
    window_start = fields.DatetimeField(db_index=True)
    blocked_until = fields.DatetimeField(null=True)

    class Meta:
        table = "login_throttle"
