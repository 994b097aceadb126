"""GraphQL enums: the model enums themselves, registered with Strawberry in place, so the API
and the database can never disagree about a value."""

from __future__ import annotations

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

__all__ = ["OrganizationKind", "OrganizationStatus", "Role", "UserErrorCode", "UserStatus"]
