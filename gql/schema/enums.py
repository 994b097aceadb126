"""GraphQL enums: the model enums themselves, registered with Strawberry in place, so the API
and the database can never disagree about a value."""

from __future__ import annotations

from enum import Enum
from typing import TypeVar

import strawberry

from domain.errors import ErrorCode
from models.enums import (
    DeliveryStatus,
    OrganizationKind,
    OrganizationStatus,
    Role,
    ServiceEffectiveStatus,
    ServiceKind,
    ServiceStatus,
    UserStatus,
)

UserErrorCode = ErrorCode
E = TypeVar("E", bound=type[Enum])

__all__ = ["OrganizationKind", "OrganizationStatus", "Role", "UserErrorCode", "UserStatus"]


def described_enum(
    cls: E, *, description: str, values: dict[str, str], name: str | None = None
) -> E:
    """Register a domain enum with a description for each of its values (GraphiQL shows
    them), without making the domain enum depend on Strawberry."""
    strawberry.enum(cls, name=name, description=description)
    definition = cls.__strawberry_definition__  # type: ignore[attr-defined]
    missing = {value.name for value in definition.values} - set(values)
    assert not missing, f"undescribed values of {cls.__name__}: {sorted(missing)}"
    for value in definition.values:
        value.description = values[value.name]
    return cls


__all__ = [
    "DeliveryStatus",
    "OrganizationKind",
    "OrganizationStatus",
    "Role",
    "ServiceEffectiveStatus",
    "ServiceKind",
    "ServiceStatus",
    "UserErrorCode",
    "UserStatus",
]


described_enum(
    ServiceEffectiveStatus,
    description="What a service does now, from its own status and its organization's "
    "effective status (the strictest of its own and every organization above it): what a "
    "provisioning agent switches on or off.",
    values={
        ServiceEffectiveStatus.ACTIVE: "On: the service and its organization are active.",
        ServiceEffectiveStatus.RECEIVE_ONLY: "A mailbox of a suspended organization: it "
        "keeps receiving mail (nothing bounces), but nobody can log in to read or send.",
        ServiceEffectiveStatus.PENDING: "Not on yet: its organization is pending activation.",
        ServiceEffectiveStatus.SUSPENDED: "Off while its organization (or one above it) is "
        "suspended; back on when it is reactivated.",
        ServiceEffectiveStatus.DISABLED: "Off: the service itself is DISABLED, whatever its "
        "organization's state.",
        ServiceEffectiveStatus.DELETED: "Off: its organization (or one above it) is deleted "
        "and waits for its purge.",
    },
)


described_enum(
    DeliveryStatus,
    description="Where a webhook delivery stands.",
    values={
        DeliveryStatus.PENDING: "Waiting to be sent (or sent again after a failure).",
        DeliveryStatus.SUCCEEDED: "The receiver accepted it (a 2xx answer).",
        DeliveryStatus.FAILED: "Given up on after its last attempt; redeliverWebhook sends "
        "it again.",
    },
)


described_enum(
    OrganizationKind,
    description="Where an organization stands in the hierarchy: the one platform, the "
    "resellers below it, and their customers.",
    values={
        OrganizationKind.MASTER: "The platform itself: exactly one, above every reseller "
        "and customer; its staff are the administrators.",
        OrganizationKind.RESELLER: "Manages the organizations below it, on plans of its "
        "own: customers and sub-resellers (up to 3 levels of resellers).",
        OrganizationKind.CUSTOMER: "An end customer: services (websites, mailboxes, ...) "
        "belong to customers. It sees only itself, never who manages it.",
    },
)
described_enum(
    OrganizationStatus,
    description="An organization's own lifecycle state. Its `effectiveStatus` is the "
    "strictest of its own and those of the organizations above it.",
    values={
        OrganizationStatus.PENDING: "Created but not yet activated (activateOrganizations): "
        "its users cannot log in and its services are not on yet.",
        OrganizationStatus.ACTIVE: "In service: its users may log in, its services are on.",
        OrganizationStatus.SUSPENDED: "Locked (suspendOrganizations, or the scheduler once "
        "`expiresAt` passed): its users and those of every organization below it cannot log "
        "in, services are off but mailboxes keep receiving; reactivateOrganizations brings "
        "it back as it was.",
        OrganizationStatus.DELETED: "Soft-deleted: everything is off. Until `purgeAfter`, "
        "restoreOrganizations brings back the status it had; then it is purged for good.",
    },
)
described_enum(
    Role,
    description="A member's role in its organization; what a role may do is refined by the "
    "membership's access rights.",
    values={
        Role.OWNER: "Holds every access right and manages the organization; only a manager "
        "above it or another OWNER may change an OWNER's credentials, role or status.",
        Role.ADMIN: "Manages the organization (and, for the platform or a reseller, those "
        "below it) within its access rights, but cannot touch an OWNER.",
        Role.MEMBER: "Reads only: support staff of the platform or a reseller, or a plain "
        "user of a customer.",
    },
)
described_enum(
    UserStatus,
    description="Whether a login may be used, whatever its organizations' states.",
    values={
        UserStatus.ACTIVE: "It may log in (if an organization it belongs to is active).",
        UserStatus.DISABLED: "Switched off by updateUser: login answers ACCOUNT_DISABLED, "
        "its sessions end and the API keys it made are revoked.",
    },
)
described_enum(
    ServiceKind,
    description="A kind of resource a customer has: Tenantry keeps its settings; a "
    "provisioning agent runs it. A plan enables kinds and sets a quota for each.",
    values={
        ServiceKind.WEBSITE: "A website on its own domain, unique on the platform (access "
        "right `websites`).",
        ServiceKind.DATABASE: "A database, its name unique within the customer (access right "
        "`websites`).",
        ServiceKind.MAILBOX: "An email mailbox (access right `email`); it keeps receiving "
        "mail while its organization is suspended (RECEIVE_ONLY).",
        ServiceKind.FTP_ACCOUNT: "An FTP account, its name unique within the customer "
        "(access right `websites`).",
        ServiceKind.DNS_ZONE: "The DNS zone of a domain, unique on the platform (access right "
        "`dns`).",
        ServiceKind.BACKUP: "A backup, its name unique within the customer (access right "
        "`websites`).",
    },
)
described_enum(
    ServiceStatus,
    description="A service's own switch, set with updateService; what the service does "
    "also depends on its organization (`Service.effectiveStatus`).",
    values={
        ServiceStatus.ACTIVE: "Switched on: on whenever its organization is active.",
        ServiceStatus.DISABLED: "Switched off, whatever its organization's state.",
    },
)
described_enum(
    ErrorCode,
    name="UserErrorCode",
    description="Why a mutation refused (part of) its input: the `code` of a `userErrors` "
    "entry, with `field` naming the input at fault where there is one.",
    values={
        ErrorCode.INVALID: "A value is malformed or out of bounds (the message says which "
        "rule it breaks).",
        ErrorCode.NOT_FOUND: "No such id, or one outside what you may see: the two are "
        "answered alike so that ids tell nothing.",
        ErrorCode.INVALID_STATE: "The object is in a state that forbids this (e.g. restoring "
        "an organization that is not deleted); it may have changed meanwhile.",
        ErrorCode.QUOTA_EXCEEDED: "A plan's quota (of the organization or of any above it, "
        "each counting its whole subtree) would be passed; the message names the plan.",
        ErrorCode.SERVICE_NOT_ENABLED: "A plan of the organization or above it does not "
        "include this service kind.",
        ErrorCode.DOMAIN_TAKEN: "A website's or DNS zone's domain that some service of the "
        "platform already has, anyone's.",
        ErrorCode.EMAIL_TAKEN: "This email already has a login: a login's email is unique "
        "in any letter case.",
        ErrorCode.DUPLICATE: "A value that must be unique where it is (an external id "
        "among its siblings) is taken.",
        ErrorCode.WEAK_PASSWORD: "The password breaks the security policy's rules (its "
        "length, the kinds of character it requires); the message lists each.",
        ErrorCode.INVALID_CREDENTIALS: "Wrong email or password: both are answered alike, "
        "so the answer tells nothing of whether the email has a login.",
        ErrorCode.ACCOUNT_DISABLED: "The login is DISABLED (told only after the right password).",
        ErrorCode.ACCOUNT_LOCKED: "Too many failed logins: the login is locked for the "
        "policy's lockout minutes, even for the right password.",
        ErrorCode.TOO_MANY_ATTEMPTS: "Too many attempts from this network address (logins) "
        "or for this address (reset emails): wait and try again.",
        ErrorCode.ORGANIZATION_INACTIVE: "The organization to log in to is PENDING or DELETED.",
        ErrorCode.ORGANIZATION_SUSPENDED: "The organization to log in to is suspended, "
        "itself or through one above it; `LoginPayload.suspension` tells what may be told of "
        "it. A token of such an organization gets it as a top-level error.",
        ErrorCode.PASSWORD_EXPIRED: "The password is past the policy's maximum age: the "
        "token returned can only change it (changePassword).",
        ErrorCode.ADDRESS_NOT_ALLOWED: "The login comes from a network address outside the "
        "allowed IP ranges of the security policy (or of the login's department).",
        ErrorCode.TWO_FACTOR_REQUIRED: "The password was right; finish with "
        "completeTwoFactorLogin and the challenge in `LoginPayload.twoFactor`.",
        ErrorCode.TWO_FACTOR_ENROLLMENT_REQUIRED: "The password was right, but the policy "
        "requires two-factor login: enroll an authenticator (beginTotpEnrollment, then "
        "confirmTotpEnrollment) with the challenge in `LoginPayload.twoFactor`.",
        ErrorCode.FORBIDDEN: "The object is visible to you but this action is not yours to "
        "take: an access right is missing, or your role does not outrank the target's.",
        ErrorCode.IDEMPOTENCY_MISMATCH: "This idempotency key was already used with a "
        "different request: use a new key for a new request.",
    },
)
