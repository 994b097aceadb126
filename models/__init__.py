"""Tortoise models, one module per domain. Tortoise discovers them from this package.

Every foreign key `x` also has the attribute `x_id`, which Tortoise sets on instances but
type checkers cannot see: each model declares its ids in an `if TYPE_CHECKING:` block
(annotations only, nothing Tortoise or aerich reads).
"""

from models.audit import AuditEvent
from models.auth import ApiKey, PasswordResetToken, RecoveryCode, SessionToken
from models.jobs import DeletionJob, IdempotencyRecord, OutboxEmail
from models.organization import (
    EmailTemplate,
    Note,
    Organization,
    OrganizationSettings,
    Plan,
    Service,
)
from models.security import LoginThrottle, SecurityPolicy
from models.user import Department, Invitation, Membership, User
from models.webhooks import WebhookAttempt, WebhookDelivery, WebhookEndpoint

__all__ = [
    "ApiKey",
    "AuditEvent",
    "DeletionJob",
    "Department",
    "EmailTemplate",
    "IdempotencyRecord",
    "Invitation",
    "LoginThrottle",
    "Membership",
    "Note",
    "Organization",
    "OrganizationSettings",
    "OutboxEmail",
    "PasswordResetToken",
    "Plan",
    "RecoveryCode",
    "SecurityPolicy",
    "Service",
    "SessionToken",
    "User",
    "WebhookAttempt",
    "WebhookDelivery",
    "WebhookEndpoint",
]
