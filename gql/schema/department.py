"""Departments inside a customer."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Any

import strawberry

from domain.batches import DepartmentRow
from gql.schema.panel_settings import (
    AddressBookRules,
    BrandingImage,
    EffectiveSettings,
    effective_for,
    images_of,
)
from gql.schema.relay import Node, to_global_id
from models import Department
from models.enums import AttachmentPolicy

if TYPE_CHECKING:
    from gql.schema.policy import SecurityPolicyType


@strawberry.type(
    description="How the panel looks for the users of a department or organization: its "
    "own values; null (an empty footer) inherits from the level above."
)
class Branding:
    primary_color: str | None = strawberry.field(description="Hex color, e.g. #1a73e8.")
    logo_url: str | None = strawberry.field(description="HTTPS URL of the logo.")
    footer: str = strawberry.field(description="Footer text; empty inherits.")
    images: list[BrandingImage] | None = strawberry.field(
        description="Further images by role (banner, favicon, ...); null inherits the whole set."
    )

    @classmethod
    def from_own(cls, own: Any) -> Branding:
        """From a department, a light row or an organization's settings row (or None)."""
        return cls(
            primary_color=getattr(own, "primary_color", None),
            logo_url=getattr(own, "logo_url", None),
            footer=getattr(own, "footer", None) or "",
            images=images_of(getattr(own, "images", None)),
        )


@strawberry.type(
    description="Defaults and mail settings for the users of a department or organization: "
    "its own values; null inherits from the level above."
)
class DepartmentSettings:
    language: str | None = strawberry.field(
        description="Default language (BCP 47); new users get it when createUser names none."
    )
    timezone: str | None = strawberry.field(description="IANA time zone.")
    attachments_policy: AttachmentPolicy | None = strawberry.field(
        description="Which mail attachments users may send and receive."
    )
    max_attachment_mb: int | None = strawberry.field(
        description="Largest attachment, in megabytes (1 to 2048)."
    )
    bounce_processing: bool | None = strawberry.field(
        description="Whether bounced mail is processed."
    )
    message_disclaimer: str | None = strawberry.field(
        description="Text added to outgoing messages."
    )

    @classmethod
    def from_own(cls, own: Any) -> DepartmentSettings:
        """From a department, a light row or an organization's settings row (or None)."""
        return cls(
            language=getattr(own, "language", None),
            timezone=getattr(own, "timezone", None),
            attachments_policy=getattr(own, "attachments_policy", None),
            max_attachment_mb=getattr(own, "max_attachment_mb", None),
            bounce_processing=getattr(own, "bounce_processing", None),
            message_disclaimer=getattr(own, "message_disclaimer", None),
        )


@strawberry.type(description="Network restrictions for a department's users.")
class DepartmentSecurity:
    allowed_ip_ranges: list[str] = strawberry.field(
        description="CIDR ranges logins must come from; empty means no restriction here."
    )


@strawberry.type(name="Department", description="A group of users inside a customer.")
class DepartmentType(Node):
    name: str = strawberry.field(description="Department name, unique within its customer.")
    description: str = strawberry.field(description="What the department is for.")
    branding: Branding = strawberry.field(
        description="Its own look of the panel for its users; null values inherit the customer's."
    )
    settings: DepartmentSettings = strawberry.field(description="Defaults for its users.")
    address_book: AddressBookRules = strawberry.field(
        description="What its users may see and do in the address book (Contacts)."
    )
    security: DepartmentSecurity = strawberry.field(
        description="Where its users may log in from, within the customer's policy."
    )
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
        from domain.security import policy
        from gql.schema.policy import SecurityPolicyType

        rules = await policy.for_department(self.model, policy.defaults(info.context.settings))
        return SecurityPolicyType.from_policy(rules)

    @strawberry.field(
        description="The settings in force for its users (before their own): the "
        "department's, else its customer's, resellers' and the Master's, else the defaults."
    )
    async def effective_settings(self, info: strawberry.Info[Any, None]) -> EffectiveSettings:
        org = await info.context.loaders.organization_by_id.load(self.model.organization_id)
        return await effective_for(info, org, self.model)

    @classmethod
    def from_model(cls, department: Department | DepartmentRow) -> DepartmentType:
        return cls(
            id=to_global_id("Department", department.id),
            name=department.name,
            description=department.description,
            branding=Branding.from_own(department),
            settings=DepartmentSettings.from_own(department),
            address_book=AddressBookRules.from_own(department),
            security=DepartmentSecurity(allowed_ip_ranges=list(department.allowed_ip_ranges)),
            created_at=department.created_at,
            model=department,
        )
