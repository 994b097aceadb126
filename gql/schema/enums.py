"""GraphQL enums: the model enums themselves, registered with Strawberry in place, so the API
and the database can never disagree about a value."""

from __future__ import annotations

from collections.abc import Mapping
from enum import Enum
from typing import TypeVar

import strawberry

from domain.errors import ErrorCode
from models.enums import (
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

EnumT = TypeVar("EnumT", bound=type[Enum])


def described_enum(cls: EnumT, description: str, values: Mapping[Enum, str]) -> EnumT:
    """Register a model enum, describing each of its values too (GraphiQL shows them)."""
    strawberry.enum(cls, description=description)
    for value in cls.__strawberry_definition__.values:  # type: ignore[attr-defined]
        value.description = values[cls(value.value)]
    return cls


__all__ = [
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
    "What a service does now, from its own status and its organization's effective status "
    "(the strictest of its own and every organization above it): what a provisioning agent "
    "switches on or off.",
    {
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
