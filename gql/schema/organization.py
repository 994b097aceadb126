"""The Organization type: master, resellers and customers."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Any
from uuid import UUID

import strawberry
from strawberry.extensions import FieldExtension

from domain import batches, listing, scope
from domain.hierarchy.suspension_notice import notice_in_effect, suspender_kind
from domain.jobs import purge
from domain.provisioning.quotas import with_overrides
from gql.context import Context
from gql.fastpath.direct import direct
from gql.loaders import (
    HintedRelation,
    Relation,
    RowRelation,
    ScopedRelation,
    grouped,
    models_by_id,
    own_panel_settings,
    plain_value,
    prefetch_page,
    unchanged,
)
from gql.permissions import CanReadNotes, CanSeeOwner, guarded
from gql.schema.department import Branding, DepartmentSettings, DepartmentType
from gql.schema.enums import OrganizationKind, OrganizationStatus
from gql.schema.external_ids import (
    EXTERNAL_ID_DESCRIPTION,
    METADATA_DESCRIPTION,
    MetadataEntry,
    entries,
)
from gql.schema.filters import ServiceFilter, service_query
from gql.schema.note import NoteType
from gql.schema.paging import ListOrder, PageArgs, connection_from_list, paged
from gql.schema.panel_settings import AddressBookRules, EffectiveSettings, effective_for
from gql.schema.plan import PlanType, QuotaOverrideType, QuotasType, UsageType
from gql.schema.relay import (
    FILTER,
    Connection,
    Node,
    to_global_id,
)
from gql.schema.service import ServiceType
from gql.schema.suspension import SuspensionType
from gql.schema.user import UserType
from models import Organization, Plan

if TYPE_CHECKING:
    from gql.schema.invitation import InvitationType
    from gql.schema.jobs import DeletionJobType
    from gql.schema.policy import SecurityPolicyType

Info = strawberry.Info[Context, None]


# The relations of an organization, each naming its batch read (the request's `Loaders`
# holds one loader per read, shared by every relation naming it). A field's resolver takes
# its relation's `value_for`.
EFFECTIVE_STATUS: HintedRelation[OrganizationType, tuple[str, OrganizationStatus], Any] = (
    HintedRelation(batches.effective_statuses_of, key=lambda o: (o.path, o.status))
)
OWNER: Relation[OrganizationType, UUID, Any] = Relation(
    models_by_id(Organization), key=lambda o: o.owner_id
)
# The organization's own model, for what needs more than the type's fields (its policy).
MODEL: Relation[OrganizationType, UUID, Any] = Relation(
    models_by_id(Organization), key=lambda o: o.pk
)
OWNER_LOGINS: ScopedRelation[OrganizationType, UUID, Any] = ScopedRelation(
    batches.owner_logins, key=lambda o: o.pk
)
DELETION_JOBS: ScopedRelation[OrganizationType, UUID, Any] = ScopedRelation(
    grouped(lambda actor: purge.visible_jobs(actor).order_by("-created_at"), "organization_id"),
    key=lambda o: o.pk,
)
USAGE: Relation[OrganizationType, UUID, Any] = Relation(batches.usage, key=lambda o: o.pk)
PLAN: Relation[OrganizationType, UUID, Any] = Relation(models_by_id(Plan), key=lambda o: o.plan_id)
# latestNote needs only this: one row per organization instead of all its notes.
LATEST_NOTE: ScopedRelation[OrganizationType, UUID, Any] = ScopedRelation(
    batches.latest_notes, key=lambda o: o.pk
)
NOTES: ScopedRelation[OrganizationType, UUID, list[Any]] = ScopedRelation(
    batches.notes, key=lambda o: o.pk
)
DEPARTMENTS: ScopedRelation[OrganizationType, UUID, list[Any]] = ScopedRelation(
    batches.departments, key=lambda o: o.pk
)
MEMBERSHIPS: ScopedRelation[OrganizationType, UUID, list[Any]] = ScopedRelation(
    grouped(
        lambda actor: (
            scope.visible_memberships(actor).select_related("user").order_by("user__email")
        ),
        "organization_id",
    ),
    key=lambda o: o.pk,
)
CUSTOMERS: ScopedRelation[OrganizationType, UUID, list[Any]] = ScopedRelation(
    grouped(
        lambda actor: (
            scope.visible_organizations(actor)
            .filter(kind=OrganizationKind.CUSTOMER)
            .order_by("name", "id")
        ),
        "owner_id",
    ),
    key=lambda o: o.pk,
)
SERVICES: ScopedRelation[OrganizationType, UUID, list[Any]] = ScopedRelation(
    grouped(
        lambda actor: scope.visible_services(actor).order_by("kind", "name", "id"),
        "organization_id",
    ),
    key=lambda o: o.pk,
)
PANEL_SETTINGS: Relation[OrganizationType, UUID, Any] = Relation(
    own_panel_settings, key=lambda o: o.pk
)


def nested_list(
    description: str,
    field: str,
    relation: RowRelation[OrganizationType, UUID, list[Any]],
    node_type: Any,
    to_node: Callable[[Any], Any],
    order: ListOrder,
    extensions: list[FieldExtension] | None = None,
) -> Any:
    """The connection field `field` over the rows `relation` answers, in `order`.
    `node_type` is the item's GraphQL type (lazy for Organization). Its cursors name this
    organization's list: another's is refused."""

    def resolve(root: OrganizationType, info: Info, paging: PageArgs) -> Any:
        fingerprint = f"Organization.{field}({root.pk.hex})"
        return relation.value_for(
            info.context.loaders,
            root,
            lambda rows: connection_from_list(rows, paging, to_node, order, fingerprint),
        )

    # A guarded field resolves to null when denied, so only it is nullable (set before
    # `paged` copies the signature).
    connection = Connection[node_type]
    resolve.__annotations__["return"] = connection | None if extensions else connection
    return strawberry.field(
        resolver=direct(paged(resolve)), description=description, extensions=extensions
    )


@strawberry.type(name="Contact", description="How to reach an organization.")
class ContactType:
    email: str = strawberry.field(description="Contact email address.")
    phone: str = strawberry.field(description="Contact phone number.")
    address_line1: str = strawberry.field(description="First address line.")
    address_line2: str = strawberry.field(description="Second address line.")
    city: str = strawberry.field(description="Town or city of the postal address.")
    postal_code: str = strawberry.field(
        description="Postal (ZIP) code of the address, as written in its country."
    )
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
    updated_at: datetime = strawberry.field(description="When it was last changed.")
    activated_at: datetime | None = strawberry.field(description="When it was last activated.")
    suspended_at: datetime | None = strawberry.field(description="When it was suspended.")
    suspension_reason: str | None = strawberry.field(description="Why it was suspended.")
    suspended_by_kind: OrganizationKind | None = strawberry.field(
        description="Who imposed the suspension: MASTER (the platform) or RESELLER. A "
        "suspension by the platform is lifted only by the platform; null when not suspended."
    )
    deleted_at: datetime | None = strawberry.field(description="When it was soft-deleted.")
    purge_after: datetime | None = strawberry.field(
        description="When a soft-deleted organization is purged for good."
    )
    expires_at: datetime | None = strawberry.field(
        description="The account's end date, set by its managers (never by the organization "
        'itself): once it passes, the scheduler suspends it with the reason "expired", '
        "after a warning email. Null: it does not expire."
    )
    external_id: str | None = strawberry.field(description=EXTERNAL_ID_DESCRIPTION)
    metadata: list[MetadataEntry] = strawberry.field(description=METADATA_DESCRIPTION)
    pk: strawberry.Private[UUID]
    path: strawberry.Private[str]
    owner_id: strawberry.Private[UUID | None]
    plan_id: strawberry.Private[UUID | None]
    overrides: strawberry.Private[dict[str, int | None]]

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
            updated_at=org.updated_at,
            activated_at=org.activated_at,
            suspended_at=org.suspended_at,
            suspension_reason=org.suspension_reason,
            suspended_by_kind=suspender_kind(org.suspended_by_depth),
            deleted_at=org.deleted_at,
            purge_after=org.purge_after,
            expires_at=org.expires_at,
            external_id=org.external_id,
            metadata=entries(org.metadata),
            pk=org.id,
            path=org.path,
            owner_id=org.owner_id,
            plan_id=org.plan_id,
            overrides=dict(org.quota_overrides or {}),
        )

    @strawberry.field(
        description="SUSPENDED or DELETED when this organization or any above it is; "
        "PENDING when it or an owner is pending; otherwise ACTIVE."
    )
    @direct
    def effective_status(self, info: Info) -> OrganizationStatus:
        return EFFECTIVE_STATUS.value_for(info.context.loaders, self, unchanged)  # type: ignore[no-any-return]

    @strawberry.field(
        description="Why logging in here is refused, as the organization's own people are "
        "told it: its own suspension (reason, since when, and whether the platform or its "
        "provider imposed it, never by whom), or `inherited` when an organization above it "
        "is suspended, with nothing more of that one. Null when it is not suspended."
    )
    @direct
    def suspension(self, info: Info) -> SuspensionType | None:
        return EFFECTIVE_STATUS.value_for(info.context.loaders, self, self._suspension)  # type: ignore[no-any-return]

    def _suspension(self, effective: OrganizationStatus) -> SuspensionType | None:
        notice = notice_in_effect(
            self.status,
            effective,
            self.suspension_reason,
            self.suspended_at,
            self.suspended_by_kind,
        )
        return SuspensionType.from_notice(notice) if notice else None

    @strawberry.field(
        description="The organization that manages this one (Plesk: provider); null for the "
        "Master. Visible to whoever may see that owner: administrators, and reseller staff "
        "for organizations below their own (a parent reseller sees its sub-resellers as the "
        "owners of their customers); never to a customer, nor for the top organization a "
        "reseller sees.",
        extensions=guarded(CanSeeOwner()),
    )
    @direct
    def owner(self, info: Info) -> OrganizationType | None:
        if self.owner_id is None:
            return None
        return OWNER.value_for(info.context.loaders, self, _organization_or_none)  # type: ignore[no-any-return]

    @strawberry.field(
        description="Its first OWNER login: the email lists show beside a customer. Null when "
        "the caller may not see the organization's users (a customer MEMBER sees only itself)."
    )
    @direct
    def owner_login(self, info: Info) -> UserType | None:
        return OWNER_LOGINS.value_for(  # type: ignore[no-any-return]
            info.context.loaders,
            self,
            lambda owners: UserType.from_model(owners[0]) if owners else None,
        )

    @strawberry.field(description="The latest purge of this organization, while it runs.")
    @direct
    def deletion_job(
        self, info: Info
    ) -> Annotated[DeletionJobType, strawberry.lazy("gql.schema.jobs")] | None:
        from gql.schema.jobs import DeletionJobType

        return DELETION_JOBS.value_for(  # type: ignore[no-any-return]
            info.context.loaders,
            self,
            lambda jobs: DeletionJobType.from_model(jobs[0]) if jobs else None,
        )

    @strawberry.field(description="The security policy in force here (inherited, strictest wins).")
    async def effective_security_policy(
        self, info: Info
    ) -> Annotated[SecurityPolicyType, strawberry.lazy("gql.schema.policy")]:
        from domain.security import policy
        from gql.schema.policy import SecurityPolicyType

        org = await plain_value(MODEL.value_for(info.context.loaders, self, unchanged))
        rules = await policy.effective(org, policy.defaults(info.context.settings))
        return SecurityPolicyType.from_policy(rules)

    @strawberry.field(
        description="Its own branding (the panels' Branding tab); null inherits from above."
    )
    @direct
    def branding(self, info: Info) -> Branding:
        return PANEL_SETTINGS.value_for(info.context.loaders, self, Branding.from_own)  # type: ignore[no-any-return]

    @strawberry.field(
        description="Its own defaults and mail settings for its users and those below it; "
        "null inherits from above."
    )
    @direct
    def settings(self, info: Info) -> DepartmentSettings:
        return PANEL_SETTINGS.value_for(info.context.loaders, self, DepartmentSettings.from_own)  # type: ignore[no-any-return]

    @strawberry.field(
        description="Its own address-book rules (the panels' Contacts tab); null inherits."
    )
    @direct
    def address_book(self, info: Info) -> AddressBookRules:
        return PANEL_SETTINGS.value_for(info.context.loaders, self, AddressBookRules.from_own)  # type: ignore[no-any-return]

    @strawberry.field(
        description="The settings in force here: each its own value, else the nearest "
        "organization's above it (resellers, the Master), else the platform's default."
    )
    async def effective_settings(self, info: Info) -> EffectiveSettings:
        return await effective_for(info, self)

    @strawberry.field(
        description="Existing logins invited into this organization and not yet answered: an "
        "owner named by an email that already had a login shows here until it accepts. Seen "
        "by whoever sees the organization's users; empty for a customer's MEMBERs."
    )
    async def invitations(
        self, info: Info
    ) -> list[Annotated[InvitationType, strawberry.lazy("gql.schema.invitation")]]:
        from domain import scope
        from domain.people import invitations
        from gql.schema.invitation import invitation_of

        if scope.is_customer_member(await info.context.viewer()):
            return []
        pending = await invitations.pending_in(self.pk)
        return [shown for invitation in pending if (shown := invitation_of(invitation))]

    @strawberry.field(description="Services in use, by kind (the list columns Sites, ...).")
    @direct
    def usage(self, info: Info) -> UsageType:
        return USAGE.value_for(info.context.loaders, self, UsageType.from_counts)  # type: ignore[no-any-return]

    @strawberry.field(description="The plan this organization is on; null when none.")
    @direct
    def plan(self, info: Info) -> PlanType | None:
        if self.plan_id is None:
            return None
        return PLAN.value_for(  # type: ignore[no-any-return]
            info.context.loaders, self, lambda plan: PlanType.from_model(plan) if plan else None
        )

    @strawberry.field(
        description="Its own limits: its plan's, with its quota overrides replacing them "
        "(see quotaOverrides); null: none set. The plans of its owner chain bound it as "
        "well: usage in a subtree never passes any of them."
    )
    @direct
    def quotas(self, info: Info) -> QuotasType:
        if self.plan_id is None:
            return QuotasType.from_plan(None)
        return PLAN.value_for(  # type: ignore[no-any-return]
            info.context.loaders,
            self,
            lambda plan: QuotasType.from_plan(
                with_overrides(plan, self.overrides) if plan else None
            ),
        )

    @strawberry.field(
        description="The quotas set for this organization itself, replacing its plan's "
        "(WHM editquota); empty when it follows its plan."
    )
    def quota_overrides(self) -> list[QuotaOverrideType]:
        return QuotaOverrideType.all_of(self.overrides)

    @strawberry.field(
        description="The newest private note the caller may read. Owner chain only.",
        extensions=guarded(CanReadNotes()),
    )
    @direct
    def latest_note(self, info: Info) -> NoteType | None:
        return LATEST_NOTE.value_for(  # type: ignore[no-any-return]
            info.context.loaders,
            self,
            lambda notes: NoteType.from_model(notes[0]) if notes else None,
        )

    notes = nested_list(
        "Private notes about this organization, newest first: those written by the caller's "
        "organization or below it. Owner chain only.",
        "notes",
        NOTES,
        NoteType,
        lambda note: NoteType.from_model(note),
        ListOrder(lambda note: (note.created_at, note.id), (datetime, UUID), descending=True),
        extensions=guarded(CanReadNotes()),
    )
    departments = nested_list(
        "Departments of this customer, by name.",
        "departments",
        DEPARTMENTS,
        DepartmentType,
        lambda department: DepartmentType.from_model(department),
        ListOrder(lambda department: (department.name, department.id), (str, UUID)),
    )
    users = nested_list(
        "Members of this organization the caller may see, by email.",
        "users",
        MEMBERSHIPS,
        UserType,
        lambda membership: UserType.from_model(membership.user),
        ListOrder(lambda membership: (membership.user.email, membership.user.id), (str, UUID)),
    )
    customers = nested_list(
        "Customers this organization owns directly, by name.",
        "customers",
        CUSTOMERS,
        Annotated["OrganizationType", strawberry.lazy("gql.schema.organization")],
        lambda organization: OrganizationType.from_model(organization),
        ListOrder(lambda organization: (organization.name, organization.id), (str, UUID)),
    )

    @strawberry.field(
        description="This customer's services, by kind and name; `filter` narrows them "
        "(its effectiveStatus compares each service's, see ServiceEffectiveStatus)."
    )
    @paged
    async def services(
        self,
        info: Info,
        filter: Annotated[ServiceFilter | None, FILTER] = None,
        *,
        paging: PageArgs,
    ) -> Connection[ServiceType]:
        # Not a nested_list: its `filter` is an input object, which a @direct resolver
        # cannot take. The rows still come from the page's one batch of services, and
        # are filtered here (the same conditions as the root list's, in memory).
        loaders = info.context.loaders
        rows: list[Any] = await plain_value(SERVICES.value_for(loaders, self, unchanged))
        if filter is not None:
            query = service_query(filter)
            organization_status = None
            if query.effective_status is not None:
                organization_status = await plain_value(
                    EFFECTIVE_STATUS.value_for(loaders, self, unchanged)
                )
            rows = [
                row
                for row in rows
                if listing.service_matches(row, query, self.pk, organization_status)
            ]
        return connection_from_list(
            rows,
            paging,
            ServiceType.from_model,
            ListOrder(lambda service: (service.kind, service.name, service.id), (str, str, UUID)),
            f"Organization.services({self.pk.hex})",
        )


def _organization_or_none(organization: Organization | None) -> OrganizationType | None:
    return OrganizationType.from_model(organization) if organization else None


# What `prefetch` loads for a list page, by the GraphQL fields its query selects on the
# rows: exactly the relations those fields read (several fields may share one).
PREFETCHED: dict[str, RowRelation[OrganizationType, Any, Any]] = {
    "effectiveStatus": EFFECTIVE_STATUS,
    "suspension": EFFECTIVE_STATUS,
    "owner": OWNER,
    "effectiveSecurityPolicy": MODEL,
    "ownerLogin": OWNER_LOGINS,
    "deletionJob": DELETION_JOBS,
    "usage": USAGE,
    "plan": PLAN,
    "quotas": PLAN,
    "latestNote": LATEST_NOTE,
    "notes": NOTES,
    "departments": DEPARTMENTS,
    "users": MEMBERSHIPS,
    "customers": CUSTOMERS,
    "services": SERVICES,
    "branding": PANEL_SETTINGS,
    "settings": PANEL_SETTINGS,
    "addressBook": PANEL_SETTINGS,
}
# The fields whose value comes from EFFECTIVE_STATUS (read from PREFETCHED, so a new one
# cannot be left out).
EFFECTIVE_STATUS_FIELDS = frozenset(
    name for name, relation in PREFETCHED.items() if relation is EFFECTIVE_STATUS
)


async def prefetch(info: Info, organizations: Sequence[OrganizationType], fields: set[str]) -> None:
    """Load, for every organization of a page, each relation the fields among `fields`
    read (the GraphQL names the query selects on the page's items), all in one round:
    relations naming the same read (OWNER, MODEL) share one batch."""
    wanted = {PREFETCHED[field] for field in fields & PREFETCHED.keys()}
    await prefetch_page(info.context.loaders, wanted, organizations)
