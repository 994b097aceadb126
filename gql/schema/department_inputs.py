"""Inputs and payloads of the department mutations. Omitted fields stay as they are; null
clears an optional one."""

from __future__ import annotations

from typing import Any

import strawberry
from strawberry import UNSET

from domain import departments
from gql.schema.department import DepartmentType
from gql.schema.errors import UserError


def _given(value: Any) -> Any:
    return departments.UNSET if value is UNSET else value


@strawberry.input(description="Branding changes.")
class BrandingInput:
    primary_color: str | None = strawberry.field(default=UNSET, description="#rrggbb.")
    logo_url: str | None = strawberry.field(default=UNSET, description="An https:// URL.")
    footer: str | None = strawberry.field(default=UNSET, description="Footer text.")


@strawberry.input(description="Defaults for the department's users.")
class DepartmentSettingsInput:
    language: str | None = strawberry.field(default=UNSET, description="BCP 47, e.g. pt-BR.")
    timezone: str | None = strawberry.field(default=UNSET, description="IANA, e.g. Europe/Berlin.")


@strawberry.input(description="Network restrictions.")
class DepartmentSecurityInput:
    allowed_ip_ranges: list[str] | None = strawberry.field(
        default=UNSET, description="CIDR ranges (IPv4 or IPv6) logins must come from."
    )


@strawberry.input(description="A new department of a customer.")
class CreateDepartmentInput:
    organization_id: strawberry.ID = strawberry.field(description="The customer.")
    name: str = strawberry.field(description="Unique within the customer.")
    description: str | None = strawberry.field(default=UNSET, description="What it is for.")
    branding: BrandingInput | None = strawberry.field(default=UNSET, description="Branding.")
    settings: DepartmentSettingsInput | None = strawberry.field(
        default=UNSET, description="Defaults."
    )
    security: DepartmentSecurityInput | None = strawberry.field(
        default=UNSET, description="Network restrictions."
    )

    def to_domain(self) -> departments.DepartmentFields:
        return department_fields(
            self.name, self.description, self.branding, self.settings, self.security
        )


@strawberry.input(description="Changes to a department; omitted fields stay as they are.")
class UpdateDepartmentInput:
    id: strawberry.ID = strawberry.field(description="The department.")
    name: str | None = strawberry.field(default=UNSET, description="New name.")
    description: str | None = strawberry.field(default=UNSET, description="New description.")
    branding: BrandingInput | None = strawberry.field(default=UNSET, description="Branding.")
    settings: DepartmentSettingsInput | None = strawberry.field(
        default=UNSET, description="Defaults."
    )
    security: DepartmentSecurityInput | None = strawberry.field(
        default=UNSET, description="Network restrictions."
    )

    def to_domain(self) -> departments.DepartmentFields:
        return department_fields(
            self.name, self.description, self.branding, self.settings, self.security
        )


def department_fields(
    name: Any, description: Any, branding: Any, settings: Any, security: Any
) -> departments.DepartmentFields:
    """Domain fields from input parts; a group given as null or omitted changes nothing."""
    branding = branding or BrandingInput()
    settings = settings or DepartmentSettingsInput()
    security = security or DepartmentSecurityInput()
    return departments.DepartmentFields(
        name=_given(name) if name is not None else departments.UNSET,
        description=_given(description),
        primary_color=_given(branding.primary_color),
        logo_url=_given(branding.logo_url),
        footer=_given(branding.footer),
        language=_given(settings.language),
        timezone=_given(settings.timezone),
        allowed_ip_ranges=_given(security.allowed_ip_ranges)
        if security.allowed_ip_ranges is not None
        else [],
    )


@strawberry.input(description="The department to delete (its users stay).")
class DeleteDepartmentInput:
    id: strawberry.ID = strawberry.field(description="The department.")


@strawberry.type(description="Result of createDepartment / updateDepartment.")
class DepartmentPayload:
    department: DepartmentType | None = strawberry.field(description="As it is now.")
    user_errors: list[UserError] = strawberry.field(description="What was refused.")


@strawberry.type(description="Result of deleteDepartment.")
class DeleteDepartmentPayload:
    deleted_department_id: strawberry.ID | None = strawberry.field(description="The deleted id.")
    user_errors: list[UserError] = strawberry.field(description="What was refused.")
