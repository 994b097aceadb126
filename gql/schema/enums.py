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

strawberry.enum(OrganizationKind, description="MASTER (the platform), RESELLER or CUSTOMER.")
strawberry.enum(OrganizationStatus, description="Lifecycle state of an organization.")
strawberry.enum(Role, description="A member's role in its organization.")
strawberry.enum(UserStatus, description="Whether a login may be used.")
strawberry.enum(ServiceKind, description="A kind of service a customer can have.")
strawberry.enum(ServiceStatus, description="Whether a service is enabled.")
strawberry.enum(
    ErrorCode, name="UserErrorCode", description="Why a mutation refused (part of) its input."
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
