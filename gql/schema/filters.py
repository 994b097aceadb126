"""Filter and ordering inputs of the root lists."""

from __future__ import annotations

from datetime import datetime

import strawberry

from domain.hierarchy.external_ids import KEY_RULE
from domain.listing import (
    AuditOrderField,
    Direction,
    OrganizationOrderField,
    ServiceQuery,
    UserOrderField,
)
from domain.provisioning.domains import MAX_DOMAIN_LENGTH
from domain.validation import has_control_characters
from gql.errors import bad_request
from gql.schema.enums import (
    OrganizationKind,
    OrganizationStatus,
    Role,
    ServiceEffectiveStatus,
    ServiceKind,
    ServiceStatus,
    UserStatus,
    described_enum,
)
from gql.schema.relay import filter_id

# As long as the longest stored name or email, so no real search is cut short; the bound
# keeps LIKE patterns cheap (SQLite refuses patterns past 50,000 bytes outright).
MAX_SEARCH_LENGTH = 254
# The column's length: Tortoise refuses (with an exception) to compare with anything longer.
MAX_ACTION_LENGTH = 64

described_enum(
    Direction,
    name="OrderDirection",
    description="Which way a list runs along its order field.",
    values={
        Direction.ASC: "Smallest first: A to Z, oldest first, fewest first.",
        Direction.DESC: "Largest first: Z to A, newest first, most first.",
    },
)
described_enum(
    OrganizationOrderField,
    description="What to order organizations by; ties are broken by id, so pages never "
    "overlap. Text is compared in any letter case.",
    values={
        OrganizationOrderField.NAME: "The organization's name.",
        OrganizationOrderField.COMPANY: "The company name.",
        OrganizationOrderField.EMAIL: "The contact email address.",
        OrganizationOrderField.STATUS: "Its own status (not the effective one).",
        OrganizationOrderField.CREATED_AT: "When it was created.",
        OrganizationOrderField.WEBSITES: "How many websites it has.",
        OrganizationOrderField.DATABASES: "How many databases it has.",
        OrganizationOrderField.KIND: "MASTER, RESELLER or CUSTOMER.",
        OrganizationOrderField.UPDATED_AT: "When it last changed.",
        OrganizationOrderField.OWNER_NAME: "The name of its owner (the organization above "
        "it) where you may see the owner; otherwise (the platform, or your own "
        "organization) it sorts as empty.",
        OrganizationOrderField.PLAN_NAME: "Its plan's name; no plan sorts as empty.",
        OrganizationOrderField.MAILBOXES: "How many mailboxes it has.",
        OrganizationOrderField.FTP_ACCOUNTS: "How many FTP accounts it has.",
        OrganizationOrderField.DNS_ZONES: "How many DNS zones it has.",
        OrganizationOrderField.BACKUPS: "How many backups it has.",
        OrganizationOrderField.USERS: "How many members it has.",
        OrganizationOrderField.EXPIRES_AT: "Its expiry date; none sorts as the latest (last "
        "in ASC, whose first rows expire soonest).",
    },
)
described_enum(
    UserOrderField,
    description="What to order users by; ties are broken by id, so pages never overlap. "
    "Names are compared in any letter case.",
    values={
        UserOrderField.EMAIL: "The login's email address.",
        UserOrderField.NAME: "Last name, then first name.",
        UserOrderField.CREATED_AT: "When the login was created.",
        UserOrderField.LAST_LOGIN_AT: "When it last logged in; never sorts as the oldest.",
        UserOrderField.FIRST_NAME: "First name, then last name.",
        UserOrderField.STATUS: "ACTIVE or DISABLED.",
        UserOrderField.UPDATED_AT: "When the login last changed.",
    },
)
described_enum(
    AuditOrderField,
    description="What to order audit events by; ties are broken by time, then id.",
    values={
        AuditOrderField.TIME: "When it happened.",
        AuditOrderField.ACTOR: "Who did it: the email shown for the actor, in any letter case.",
        AuditOrderField.ACTION: "What was done, e.g. organization.suspend.",
    },
)


def filter_text(value: str | None, argument: str, max_length: int) -> str | None:
    """A text filter as given, or BAD_REQUEST naming `argument` when no stored value could
    match it: too long, or holding control characters (NUL cannot even be sent to
    PostgreSQL)."""
    if value is None:
        return None
    if len(value) > max_length:
        raise bad_request(f"`{argument}` is limited to {max_length} characters.")
    if has_control_characters(value):
        raise bad_request(f"`{argument}` contains control characters or line breaks.")
    return value


@strawberry.input(description="Metadata holding exactly this value at this key.")
class MetadataFilter:
    key: str = strawberry.field(description=f"The key: {KEY_RULE}.")
    value: str = strawberry.field(description="The value, exactly (letter case counts).")


@strawberry.input(description="Narrows `organizations`; every condition must hold.")
class OrganizationFilter:
    kind: OrganizationKind | None = strawberry.field(default=None, description="Only this kind.")
    status: OrganizationStatus | None = strawberry.field(
        default=None, description="Only this (own) status."
    )
    effective_status: OrganizationStatus | None = strawberry.field(
        default=None,
        description="Only this effective status (the strictest of its own and every "
        "organization above it): SUSPENDED lists the customers of a suspended reseller too.",
    )
    search: str | None = strawberry.field(
        default=None,
        description="Matches name, company, contact email, and the owner user's email and "
        "names, in any letter case (up to 254 characters).",
    )
    owner_id: strawberry.ID | None = strawberry.field(
        default=None, description="Only organizations this one owns directly."
    )
    include_descendants: bool = strawberry.field(
        default=False, description="With ownerId: everything below it, not only its children."
    )
    external_id: str | None = strawberry.field(
        default=None, description="Only organizations with exactly this external id."
    )
    metadata: MetadataFilter | None = strawberry.field(
        default=None, description="Only organizations whose metadata has this key and value."
    )
    plan_id: strawberry.ID | None = strawberry.field(
        default=None, description="Only organizations on this plan (none when it is not visible)."
    )
    created_after: datetime | None = strawberry.field(
        default=None, description="Only those created at or after this time."
    )
    created_before: datetime | None = strawberry.field(
        default=None, description="Only those created before this time."
    )
    expires_after: datetime | None = strawberry.field(
        default=None,
        description="Only those whose expiry date (expiresAt) is at or after this time; "
        "accounts without one are left out.",
    )
    expires_before: datetime | None = strawberry.field(
        default=None,
        description="Only those whose expiry date (expiresAt) is before this time (already "
        "passed, or coming up); accounts without one are left out.",
    )


@strawberry.input(description="Order of `organizations`.")
class OrganizationOrder:
    field: OrganizationOrderField = strawberry.field(description="What to order by.")
    direction: Direction = strawberry.field(default=Direction.ASC, description="ASC or DESC.")


@strawberry.input(description="Narrows `users`; every condition must hold.")
class UserFilter:
    organization_id: strawberry.ID | None = strawberry.field(
        default=None, description="Only members of this organization."
    )
    search: str | None = strawberry.field(
        default=None,
        description="Matches email, first and last name, in any letter case (up to 254 "
        "characters).",
    )
    role: Role | None = strawberry.field(default=None, description="Only members with this role.")
    status: UserStatus | None = strawberry.field(default=None, description="Only this status.")
    external_id: str | None = strawberry.field(
        default=None,
        description="Only users with a membership of exactly this external id (with "
        "organizationId: their membership there).",
    )
    metadata: MetadataFilter | None = strawberry.field(
        default=None,
        description="Only users with a membership whose metadata has this key and value.",
    )
    created_after: datetime | None = strawberry.field(
        default=None, description="Only logins created at or after this time."
    )
    created_before: datetime | None = strawberry.field(
        default=None, description="Only logins created before this time."
    )


@strawberry.input(description="Order of `users`.")
class UserOrder:
    field: UserOrderField = strawberry.field(description="What to order by.")
    direction: Direction = strawberry.field(default=Direction.ASC, description="ASC or DESC.")


@strawberry.input(description="Narrows `departments`.")
class DepartmentFilter:
    organization_id: strawberry.ID | None = strawberry.field(
        default=None, description="Only departments of this customer."
    )


@strawberry.input(description="Narrows `auditEvents`; every condition must hold.")
class AuditEventFilter:
    organization_id: strawberry.ID | None = strawberry.field(
        default=None, description="Only events about this organization."
    )
    actor_id: strawberry.ID | None = strawberry.field(
        default=None, description="Only events by this user."
    )
    action: str | None = strawberry.field(
        default=None, description="Only this action (up to 64 characters)."
    )
    since: datetime | None = strawberry.field(default=None, description="At or after this time.")
    until: datetime | None = strawberry.field(default=None, description="Before this time.")


@strawberry.input(description="Order of `auditEvents`.")
class AuditEventOrder:
    field: AuditOrderField = strawberry.field(description="What to order by.")
    direction: Direction = strawberry.field(default=Direction.DESC, description="ASC or DESC.")


@strawberry.input(description="Narrows a list of services; every condition must hold.")
class ServiceFilter:
    organization_id: strawberry.ID | None = strawberry.field(
        default=None, description="Only services of this customer."
    )
    kind: ServiceKind | None = strawberry.field(default=None, description="Only this kind.")
    status: ServiceStatus | None = strawberry.field(
        default=None, description="Only this (own) status."
    )
    effective_status: ServiceEffectiveStatus | None = strawberry.field(
        default=None,
        description="Only services in this effective state: SUSPENDED lists what to switch "
        "off while organizations are suspended, RECEIVE_ONLY the mailboxes to keep "
        "receiving.",
    )
    domain: str | None = strawberry.field(
        default=None,
        description="Websites and DNS zones whose domain contains this text, in any letter "
        "case (up to 253 characters); an internationalized name matches in its xn-- form, "
        "so give whole labels of one.",
    )


def service_query(filter: ServiceFilter | None) -> ServiceQuery:
    """The domain's query for a ServiceFilter (BAD_REQUEST for an unusable text or id)."""
    if filter is None:
        return ServiceQuery()
    return ServiceQuery(
        organization_id=filter_id(filter.organization_id, "Organization"),
        kind=filter.kind,
        status=filter.status,
        effective_status=filter.effective_status,
        domain=filter_text(filter.domain, "filter.domain", MAX_DOMAIN_LENGTH),
    )
