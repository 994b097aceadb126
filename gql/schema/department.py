"""Departments inside a customer."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Any

import strawberry

from domain.batches import DepartmentRow
from gql.schema.relay import Node, to_global_id
from models import Department

if TYPE_CHECKING:
    from gql.schema.policy import SecurityPolicyType


@strawberry.type(description="How the panel looks for a department's users.")
class Branding:
    primary_color: str | None = strawberry.field(description="Hex color, e.g. #1a73e8.")
    logo_url: str | None = strawberry.field(description="HTTPS URL of the logo.")
    footer: str = strawberry.field(description="Footer text.")


@strawberry.type(description="Defaults for a department's users.")
class DepartmentSettings:
    language: str | None = strawberry.field(description="Default language (BCP 47).")
    timezone: str | None = strawberry.field(description="IANA time zone.")


@strawberry.type(description="Network restrictions for a department's users.")
class DepartmentSecurity:
    allowed_ip_ranges: list[str] = strawberry.field(
        description="CIDR ranges logins must come from; empty means no restriction here."
    )


@strawberry.type(name="Department", description="A group of users inside a customer.")
class DepartmentType(Node):
    name: str = strawberry.field(description="Department name, unique within its customer.")
    description: str = strawberry.field(description="What the department is for.")
    branding: Branding = strawberry.field(description="Branding overrides.")
    settings: DepartmentSettings = strawberry.field(description="Defaults for its users.")
    security: DepartmentSecurity = strawberry.field(description="Network restrictions.")
    created_at: datetime = strawberry.field(description="When it was created.")
    # What its policy is read from (policy.for_department).
    model: strawberry.Private[Department | DepartmentRow]

    @strawberry.field(
        description="The policy its users log in under: the organization's, with the "
        "department's own IP ranges when it has them."
    )
    async def effective_security_policy(
        self, info: strawberry.Info[Any, None]
    ) -> Annotated[SecurityPolicyType, strawberry.lazy("gql.schema.policy")]:
        from domain import policy
        from gql.schema.policy import SecurityPolicyType

        rules = await policy.for_department(self.model, policy.defaults(info.context.settings))
        return SecurityPolicyType.from_policy(rules)

    @classmethod
    def from_model(cls, department: Department | DepartmentRow) -> DepartmentType:
        return cls(
            id=to_global_id("Department", department.id),
            name=department.name,
            description=department.description,
            branding=Branding(
                primary_color=department.primary_color,
                logo_url=department.logo_url,
                footer=department.footer,
            ),
            settings=DepartmentSettings(language=department.language, timezone=department.timezone),
            security=DepartmentSecurity(allowed_ip_ranges=list(department.allowed_ip_ranges)),
            created_at=department.created_at,
            model=department,
        )
