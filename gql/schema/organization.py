"""The Organization type: master, resellers and customers."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

import strawberry
from strawberry.permission import PermissionExtension

from gql.context import Context
from gql.permissions import CanSeeOwner
from gql.schema.enums import OrganizationKind, OrganizationStatus
from gql.schema.relay import Node, to_global_id
from models import Organization


@strawberry.type(name="Contact", description="How to reach an organization.")
class ContactType:
    email: str = strawberry.field(description="Contact email address.")
    phone: str = strawberry.field(description="Contact phone number.")
    address_line1: str = strawberry.field(description="First address line.")
    address_line2: str = strawberry.field(description="Second address line.")
    city: str = strawberry.field(description="City.")
    postal_code: str = strawberry.field(description="Postal code.")
    country: str = strawberry.field(description="ISO 3166-1 alpha-2 country code.")


@strawberry.type(name="Organization", description="The Master, a Reseller or a Customer.")
class OrganizationType(Node):
    kind: OrganizationKind = strawberry.field(description="MASTER, RESELLER or CUSTOMER.")
    name: str = strawberry.field(description="Display name.")
    company: str = strawberry.field(description="Legal company name.")
    contact: ContactType = strawberry.field(description="Contact details.")
    status: OrganizationStatus = strawberry.field(
        description="The organization's own status (see effectiveStatus for the inherited one)."
    )
    created_at: datetime = strawberry.field(description="When it was created.")
    activated_at: datetime | None = strawberry.field(description="When it was last activated.")
    suspended_at: datetime | None = strawberry.field(description="When it was suspended.")
    suspension_reason: str | None = strawberry.field(description="Why it was suspended.")
    deleted_at: datetime | None = strawberry.field(description="When it was soft-deleted.")
    purge_after: datetime | None = strawberry.field(
        description="When a soft-deleted organization is purged for good."
    )
    _path: strawberry.Private[str]
    owner_id: strawberry.Private[UUID | None]

    @classmethod
    def from_model(cls, org: Organization) -> OrganizationType:
        return cls(
            id=to_global_id("Organization", org.id),
            kind=org.kind,
            name=org.name,
            company=org.company,
            contact=ContactType(
                email=org.contact_email,
                phone=org.contact_phone,
                address_line1=org.address_line1,
                address_line2=org.address_line2,
                city=org.city,
                postal_code=org.postal_code,
                country=org.country,
            ),
            status=org.status,
            created_at=org.created_at,
            activated_at=org.activated_at,
            suspended_at=org.suspended_at,
            suspension_reason=org.suspension_reason,
            deleted_at=org.deleted_at,
            purge_after=org.purge_after,
            _path=org.path,
            owner_id=org.owner_id,  # type: ignore[attr-defined]
        )

    @strawberry.field(
        description="SUSPENDED or DELETED when this organization or any above it is; "
        "PENDING when it or an owner is pending; otherwise ACTIVE."
    )
    async def effective_status(self, info: strawberry.Info[Context, None]) -> OrganizationStatus:
        return await info.context.loaders.effective_status_by_path.load(self._path)

    @strawberry.field(
        description="The organization that manages this one (Plesk: provider); null for the "
        "Master. Visible to administrators and to the owner itself.",
        extensions=[PermissionExtension(permissions=[CanSeeOwner()], use_directives=False)],
    )
    async def owner(self, info: strawberry.Info[Context, None]) -> OrganizationType | None:
        if self.owner_id is None:
            return None
        owner = await info.context.loaders.organization_by_id.load(self.owner_id)
        return OrganizationType.from_model(owner) if owner else None
