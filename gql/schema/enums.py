"""GraphQL enums: the model enums themselves, registered with Strawberry in place, so the API
and the database can never disagree about a value."""

from __future__ import annotations

from enum import Enum
from typing import TypeVar

import strawberry

from domain.errors import ErrorCode
from models.enums import OrganizationKind, OrganizationStatus, Role, UserStatus

strawberry.enum(OrganizationKind, description="MASTER (the platform), RESELLER or CUSTOMER.")
strawberry.enum(OrganizationStatus, description="Lifecycle state of an organization.")
strawberry.enum(Role, description="A member's role in its organization.")
strawberry.enum(UserStatus, description="Whether a login may be used.")
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
