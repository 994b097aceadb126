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


class ResetPurpose(StrEnum):
    """Why a set-password link exists: a forgotten password, or a new login's welcome."""

    RESET = "RESET"
    WELCOME = "WELCOME"


class AttachmentPolicy(StrEnum):
    """Which mail attachments a customer's or department's users may send and receive."""

    ALLOW = "ALLOW"
    BLOCK_EXECUTABLES = "BLOCK_EXECUTABLES"
    BLOCK_ALL = "BLOCK_ALL"


class ContactsVisibility(StrEnum):
    """Whose contacts a user of a customer or department sees in the address book."""

    ORGANIZATION = "ORGANIZATION"
    DEPARTMENT = "DEPARTMENT"
    NONE = "NONE"


class EmailTemplateKind(StrEnum):
    """The notification emails a platform or reseller may word for itself."""

    SUSPENDED = "SUSPENDED"
    REACTIVATED = "REACTIVATED"
    DELETED = "DELETED"
    PURGE_WARNING = "PURGE_WARNING"
    EXPIRY_WARNING = "EXPIRY_WARNING"
    EXPIRED = "EXPIRED"
    WELCOME = "WELCOME"
    PASSWORD_RESET = "PASSWORD_RESET"  # noqa: S105 - an email kind


class ServiceEffectiveStatus(StrEnum):
    """What a service does now, given its own status and its organization's effective one:
    what a provisioning agent switches on or off (domain/provisioning/service_state.py)."""

    ACTIVE = "ACTIVE"
    # A mailbox of a suspended organization: mail is still accepted, nothing else works.
    RECEIVE_ONLY = "RECEIVE_ONLY"
    PENDING = "PENDING"
    SUSPENDED = "SUSPENDED"
    DISABLED = "DISABLED"
    DELETED = "DELETED"


class DeliveryStatus(StrEnum):
    """Where one event's delivery to one webhook endpoint stands."""

    PENDING = "PENDING"
    SUCCEEDED = "SUCCEEDED"
    FAILED = "FAILED"
