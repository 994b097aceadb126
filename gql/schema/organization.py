"""The Organization type: master, resellers and customers."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Any
from uuid import UUID

import strawberry
from strawberry.dataloader import DataLoader
from strawberry.extensions import FieldExtension

from gql.context import Context
from gql.loaders import Loaders
from gql.permissions import CanReadNotes, CanSeeOwner, guarded
from gql.schema.department import DepartmentType
from gql.schema.enums import OrganizationKind, OrganizationStatus
from gql.schema.note import NoteType
from gql.schema.plan import PlanType, QuotasType, UsageType
from gql.schema.relay import (
    After,
    Before,
    Connection,
    First,
    Last,
    Node,
    PageArgs,
    connection_from_list,
    to_global_id,
)
from gql.schema.service import ServiceType
from gql.schema.user import UserType
from models import Organization

if TYPE_CHECKING:
    from gql.schema.jobs import DeletionJobType
    from gql.schema.policy import SecurityPolicyType

Info = strawberry.Info[Context, None]


def nested_list(
    description: str,
    loader: Callable[[Loaders], DataLoader[UUID, list[Any]]],
    node_type: Any,
    to_node: Callable[[Any], Any],
    extensions: list[FieldExtension] | None = None,
) -> Any:
    """A connection field over rows a per-request loader fetched for the organization.

    `node_type` is the item's GraphQL type (a lazy one for Organization itself).
    """

    async def resolve(
        root: OrganizationType,
        info: Info,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Any:
        rows = await loader(info.context.loaders).load(root.pk)
        return await connection_from_list(rows, PageArgs(first, after, last, before), to_node)

    # A guarded field resolves to null when denied, so only it is nullable.
    connection = Connection[node_type]
    resolve.__annotations__["return"] = connection | None if extensions else connection
    return strawberry.field(resolver=resolve, description=description, extensions=extensions)


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
    pk: strawberry.Private[UUID]
    path: strawberry.Private[str]
    owner_id: strawberry.Private[UUID | None]
    plan_id: strawberry.Private[UUID | None]

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
            pk=org.id,
            path=org.path,
            owner_id=org.owner_id,  # type: ignore[attr-defined]
            plan_id=org.plan_id,
        )

    @strawberry.field(
        description="SUSPENDED or DELETED when this organization or any above it is; "
        "PENDING when it or an owner is pending; otherwise ACTIVE."
    )
    async def effective_status(self, info: Info) -> OrganizationStatus:
        return await info.context.loaders.effective_status_by_path.load(self.path)

    @strawberry.field(
        description="The organization that manages this one (Plesk: provider); null for the "
        "Master. Visible to administrators and to the owner itself.",
        extensions=guarded(CanSeeOwner()),
    )
    async def owner(self, info: Info) -> OrganizationType | None:
        if self.owner_id is None:
            return None
        owner = await info.context.loaders.organization_by_id.load(self.owner_id)
        return OrganizationType.from_model(owner) if owner else None

    @strawberry.field(
        description="Its first OWNER login: the email lists show beside a customer. Null when "
        "the caller may not see the organization's users (a customer MEMBER sees only itself)."
    )
    async def owner_login(self, info: Info) -> UserType | None:
        owners = await info.context.loaders.owner_logins_by_organization.load(self.pk)
        return UserType.from_model(owners[0].user) if owners else None

    @strawberry.field(description="The latest purge of this organization, while it runs.")
    async def deletion_job(
        self, info: Info
    ) -> Annotated[DeletionJobType, strawberry.lazy("gql.schema.jobs")] | None:
        from gql.schema.jobs import DeletionJobType

        jobs = await info.context.loaders.deletion_jobs_by_organization.load(self.pk)
        return DeletionJobType.from_model(jobs[0]) if jobs else None

    @strawberry.field(description="The security policy in force here (inherited, strictest wins).")
    async def effective_security_policy(
        self, info: Info
    ) -> Annotated[SecurityPolicyType, strawberry.lazy("gql.schema.policy")]:
        from domain import policy
        from gql.schema.policy import SecurityPolicyType

        org = await info.context.loaders.organization_by_id.load(self.pk)
        rules = await policy.effective(org, policy.defaults(info.context.settings))  # type: ignore[arg-type]
        return SecurityPolicyType.from_policy(rules)

    @strawberry.field(description="Services in use, by kind (the list columns Sites, ...).")
    async def usage(self, info: Info) -> UsageType:
        return UsageType.from_counts(await info.context.loaders.usage_by_organization.load(self.pk))

    @strawberry.field(description="The plan this organization is on; null when none.")
    async def plan(self, info: Info) -> PlanType | None:
        if self.plan_id is None:
            return None
        plan = await info.context.loaders.plan_by_id.load(self.plan_id)
        return PlanType.from_model(plan) if plan else None

    @strawberry.field(description="The limits in force (from the plan); null means unlimited.")
    async def quotas(self, info: Info) -> QuotasType:
        plan = await info.context.loaders.plan_by_id.load(self.plan_id) if self.plan_id else None
        return QuotasType.from_plan(plan)

    @strawberry.field(
        description="The newest private note the caller may read. Owner chain only.",
        extensions=guarded(CanReadNotes()),
    )
    async def latest_note(self, info: Info) -> NoteType | None:
        notes = await info.context.loaders.notes_by_organization.load(self.pk)
        return NoteType.from_model(notes[0]) if notes else None

    notes = nested_list(
        "Private notes about this organization, newest first: those written by the caller's "
        "organization or below it. Owner chain only.",
        lambda loaders: loaders.notes_by_organization,
        NoteType,
        lambda note: NoteType.from_model(note),
        extensions=guarded(CanReadNotes()),
    )
    departments = nested_list(
        "Departments of this customer, by name.",
        lambda loaders: loaders.departments_by_organization,
        DepartmentType,
        lambda department: DepartmentType.from_model(department),
    )
    users = nested_list(
        "Members of this organization the caller may see, by email.",
        lambda loaders: loaders.memberships_by_organization,
        UserType,
        lambda membership: UserType.from_model(membership.user),
    )
    customers = nested_list(
        "Customers this organization owns directly, by name.",
        lambda loaders: loaders.customers_by_owner,
        Annotated["OrganizationType", strawberry.lazy("gql.schema.organization")],
        lambda organization: OrganizationType.from_model(organization),
    )
    services = nested_list(
        "This customer's services, by kind and name.",
        lambda loaders: loaders.services_by_organization,
        ServiceType,
        lambda service: ServiceType.from_model(service),
    )
