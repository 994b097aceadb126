"""Enumerations shared by models, the domain layer and the GraphQL schema."""

from enum import StrEnum


class OrganizationKind(StrEnum):
    MASTER = "MASTER"
    RESELLER = "RESELLER"
    CUSTOMER = "CUSTOMER"


class OrganizationStatus(StrEnum):
    PENDING = "PENDING"
    ACTIVE = "ACTIVE"
    SUSPENDED = "SUSPENDED"
    DELETED = "DELETED"


class Role(StrEnum):
    OWNER = "OWNER"
    ADMIN = "ADMIN"
    MEMBER = "MEMBER"


class UserStatus(StrEnum):
    ACTIVE = "ACTIVE"
    DISABLED = "DISABLED"


class ServiceKind(StrEnum):
    WEBSITE = "WEBSITE"
    DATABASE = "DATABASE"
    MAILBOX = "MAILBOX"
    FTP_ACCOUNT = "FTP_ACCOUNT"
    DNS_ZONE = "DNS_ZONE"
    BACKUP = "BACKUP"


class ServiceStatus(StrEnum):
    ACTIVE = "ACTIVE"
    DISABLED = "DISABLED"


class TokenPurpose(StrEnum):
    """What a session token may do: everything, or only change an expired password."""

    FULL = "FULL"
    CHANGE_PASSWORD = "CHANGE_PASSWORD"  # noqa: S105 - a token purpose


class JobStatus(StrEnum):
    QUEUED = "QUEUED"
    RUNNING = "RUNNING"
    DONE = "DONE"
    FAILED = "FAILED"


class EmailStatus(StrEnum):
    PENDING = "PENDING"
    SENT = "SENT"
    FAILED = "FAILED"
