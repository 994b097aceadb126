"""Inputs and payloads of the department mutations. Omitted fields stay as they are; null
clears an optional one."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from strawberry import UNSET

from domain.people import departments
from gql.schema.department import DepartmentType
from gql.schema.errors import UserError
from models.enums import AttachmentPolicy, ContactsVisibility

if TYPE_CHECKING:
    from gql.schema.organization import OrganizationType


def _given(value: Any) -> Any:
    return departments.UNSET if value is UNSET else value


@strawberry.input(description="A branding image and the role the panel shows it in.")
class BrandingImageInput:
    role: str = strawberry.field(description="A short name such as banner or favicon.")
    url: str = strawberry.field(description="An https:// URL.")


@strawberry.input(
    description="Branding changes: omitted fields stay, null (or an empty footer) inherits "
    "from the level above."
)
class BrandingInput:
    primary_color: str | None = strawberry.field(default=UNSET, description="#rrggbb.")
    logo_url: str | None = strawberry.field(default=UNSET, description="An https:// URL.")
    footer: str | None = strawberry.field(default=UNSET, description="Footer text.")
    images: list[BrandingImageInput] | None = strawberry.field(
        default=UNSET, description="Replaces the whole set (at most 10, each role once)."
    )


@strawberry.input(
    description="Defaults and mail settings for the users of a department or organization: "
    "omitted fields stay, null inherits from the level above."
)
class DepartmentSettingsInput:
    language: str | None = strawberry.field(default=UNSET, description="BCP 47, e.g. pt-BR.")
    timezone: str | None = strawberry.field(default=UNSET, description="IANA, e.g. Europe/Berlin.")
    attachments_policy: AttachmentPolicy | None = strawberry.field(
        default=UNSET, description="Which attachments may be sent and received."
    )
    max_attachment_mb: int | None = strawberry.field(
        default=UNSET, description="Largest attachment in megabytes, 1 to 2048."
    )
    bounce_processing: bool | None = strawberry.field(
        default=UNSET, description="Whether bounced mail is processed."
    )
    message_disclaimer: str | None = strawberry.field(
        default=UNSET, description="Text added to outgoing messages (up to 4000 characters)."
    )


@strawberry.input(description="Address-book rules (Contacts): omitted fields stay, null inherits.")
class AddressBookInput:
    visibility: ContactsVisibility | None = strawberry.field(
        default=UNSET, description="Whose contacts users see."
    )
    may_edit_own: bool | None = strawberry.field(
        default=UNSET, description="Whether users may edit their own contact card."
    )
    may_share: bool | None = strawberry.field(
        default=UNSET, description="Whether users may share contacts."
    )


def settings_changes(branding: Any, settings: Any, address_book: Any) -> dict[str, Any]:
    """The panel-settings columns the input groups set (departments.UNSET: as they are);
    a group given as null or omitted changes nothing."""
    branding = branding or BrandingInput()
    settings = settings or DepartmentSettingsInput()
    address_book = address_book or AddressBookInput()
    images = branding.images
    return {
        "primary_color": _given(branding.primary_color),
        "logo_url": _given(branding.logo_url),
        "footer": _given(branding.footer),
        "images": _given(images if images in (UNSET, None) else [(i.role, i.url) for i in images]),
        "language": _given(settings.language),
        "timezone": _given(settings.timezone),
        "attachments_policy": _given(settings.attachments_policy),
        "max_attachment_mb": _given(settings.max_attachment_mb),
        "bounce_processing": _given(settings.bounce_processing),
        "message_disclaimer": _given(settings.message_disclaimer),
        "contacts_visibility": _given(address_book.visibility),
        "contacts_may_edit_own": _given(address_book.may_edit_own),
        "contacts_may_share": _given(address_book.may_share),
    }


@strawberry.input(description="Where a department's users may log in from.")
class DepartmentSecurityInput:
    allowed_ip_ranges: list[str] | None = strawberry.field(
        default=UNSET, description="CIDR ranges (IPv4 or IPv6) logins must come from."
    )


@strawberry.input(description="A new department of a customer.")
class CreateDepartmentInput:
    organization_id: strawberry.ID = strawberry.field(description="The customer.")
    name: str = strawberry.field(description="Unique within the customer.")
    description: str | None = strawberry.field(default=UNSET, description="What it is for.")
    branding: BrandingInput | None = strawberry.field(
        default=UNSET,
        description="How the panel looks to its users (colour, logo, footer, images); "
        "omitted: the customer's.",
    )
    settings: DepartmentSettingsInput | None = strawberry.field(
        default=UNSET,
        description="Defaults and mail settings for its users (language, time zone, "
        "attachments, ...).",
    )
    address_book: AddressBookInput | None = strawberry.field(
        default=UNSET, description="Address-book rules."
    )
    security: DepartmentSecurityInput | None = strawberry.field(
        default=UNSET, description="Where its users may log in from."
    )

    def to_domain(self) -> departments.DepartmentFields:
        return department_fields(
            self.name,
            self.description,
            settings_changes(self.branding, self.settings, self.address_book),
            self.security,
        )


@strawberry.input(description="Changes to a department; omitted fields stay as they are.")
class UpdateDepartmentInput:
    id: strawberry.ID = strawberry.field(description="The department.")
    name: str | None = strawberry.field(default=UNSET, description="New name.")
    description: str | None = strawberry.field(default=UNSET, description="New description.")
    branding: BrandingInput | None = strawberry.field(
        default=UNSET,
        description="Changes to how the panel looks to its users (colour, logo, footer, images).",
    )
    settings: DepartmentSettingsInput | None = strawberry.field(
        default=UNSET,
        description="Defaults and mail settings for its users (language, time zone, "
        "attachments, ...).",
    )
    address_book: AddressBookInput | None = strawberry.field(
        default=UNSET, description="Address-book rules."
    )
    security: DepartmentSecurityInput | None = strawberry.field(
        default=UNSET, description="Where its users may log in from."
    )

    def to_domain(self) -> departments.DepartmentFields:
        return department_fields(
            self.name,
            self.description,
            settings_changes(self.branding, self.settings, self.address_book),
            self.security,
        )


def department_fields(
    name: Any, description: Any, settings: dict[str, Any], security: Any
) -> departments.DepartmentFields:
    """Domain fields from input parts; a group given as null or omitted changes nothing."""
    security = security or DepartmentSecurityInput()
    return departments.DepartmentFields(
        name=_given(name) if name is not None else departments.UNSET,
        description=_given(description),
        settings=settings,
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


@strawberry.input(
    description="An organization's own panel settings (the Master's, a reseller's or a "
    "customer's), inherited below it: omitted fields stay, null inherits from above."
)
class UpdateOrganizationSettingsInput:
    organization_id: strawberry.ID = strawberry.field(
        description="Whose own settings change: your organization or one you manage."
    )
    branding: BrandingInput | None = strawberry.field(
        default=UNSET,
        description="Changes to how the panel looks (colour, logo, footer, images) to its "
        "users and to those below it that set none of their own.",
    )
    settings: DepartmentSettingsInput | None = strawberry.field(
        default=UNSET, description="Defaults and mail settings."
    )
    address_book: AddressBookInput | None = strawberry.field(
        default=UNSET, description="Address-book rules."
    )

    def changes(self) -> dict[str, Any]:
        return settings_changes(self.branding, self.settings, self.address_book)


@strawberry.type(description="Result of updateOrganizationSettings.")
class UpdateOrganizationSettingsPayload:
    organization: Annotated[OrganizationType, strawberry.lazy("gql.schema.organization")] | None = (
        strawberry.field(description="The organization, with its settings as they are now.")
    )
    user_errors: list[UserError] = strawberry.field(description="What was refused.")
