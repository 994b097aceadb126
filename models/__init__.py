"""Tortoise models, one module per domain. Tortoise discovers them from this package."""

from models.audit import AuditEvent
from models.auth import ApiKey, PasswordResetToken, SessionToken
from models.jobs import DeletionJob, IdempotencyRecord, OutboxEmail
from models.organization import Note, Organization, Plan, Service
from models.security import LoginThrottle, SecurityPolicy
from models.user import Department, Invitation, Membership, User

__all__ = [
    "ApiKey",
    "AuditEvent",
    "DeletionJob",
    "Department",
    "IdempotencyRecord",
    "Invitation",
    "LoginThrottle",
    "Membership",
    "Note",
    "Organization",
    "OutboxEmail",
    "PasswordResetToken",
    "Plan",
    "SecurityPolicy",
    "Service",
    "SessionToken",
    "User",
]
