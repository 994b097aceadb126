"""Filtered, searched and ordered lists, always narrowing the actor's scope (domain/scope.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import TypeVar
from uuid import UUID

from pypika_tortoise.terms import Term
from tortoise.expressions import Case, Function, Q, RawSQL, Subquery, When
from tortoise.functions import Count, Lower
from tortoise.models import Model
from tortoise.queryset import QuerySet

from db_routing import planned_per_run
from domain import batches, scope
from domain.actor import Actor
from domain.events.audit import PROVIDER
from domain.hierarchy import external_ids, status
from domain.id_sets import UnionAll
from domain.provisioning import domains, service_state
from models import AuditEvent, Department, Membership, Organization, Plan, Service, User
from models.enums import (
    OrganizationKind,
    OrganizationStatus,
    Role,
    ServiceEffectiveStatus,
    ServiceKind,
    ServiceStatus,
    UserStatus,
)

ModelT = TypeVar("ModelT", bound=Model)


class Direction(StrEnum):
    ASC = "ASC"
    DESC = "DESC"


class OrganizationOrderField(StrEnum):
    NAME = "NAME"
    COMPANY = "COMPANY"
    EMAIL = "EMAIL"
    STATUS = "STATUS"
    CREATED_AT = "CREATED_AT"
    WEBSITES = "WEBSITES"
    DATABASES = "DATABASES"
    KIND = "KIND"
    UPDATED_AT = "UPDATED_AT"
    OWNER_NAME = "OWNER_NAME"
    PLAN_NAME = "PLAN_NAME"
    MAILBOXES = "MAILBOXES"
    FTP_ACCOUNTS = "FTP_ACCOUNTS"
    DNS_ZONES = "DNS_ZONES"
    BACKUPS = "BACKUPS"
    USERS = "USERS"
    EXPIRES_AT = "EXPIRES_AT"


class UserOrderField(StrEnum):
    EMAIL = "EMAIL"
    NAME = "NAME"
    CREATED_AT = "CREATED_AT"
    LAST_LOGIN_AT = "LAST_LOGIN_AT"
    FIRST_NAME = "FIRST_NAME"
    STATUS = "STATUS"
    UPDATED_AT = "UPDATED_AT"


class AuditOrderField(StrEnum):
    TIME = "TIME"
    ACTOR = "ACTOR"
    ACTION = "ACTION"


# Sort keys per order field: text sorts are case-insensitive (LOWER) so both databases,
# whatever their collation, list "beta" between "Alpha" and "Gamma".
SortKeys = dict[str, Function | Case | Term | str]


def _services_of(kind: ServiceKind) -> SortKeys:
    return {f"sort_{kind.lower()}_count": Count("services", _filter=Q(services__kind=kind))}


_ORGANIZATION_SORT: dict[OrganizationOrderField, SortKeys] = {
    OrganizationOrderField.NAME: {"sort_name": Lower("name")},
    OrganizationOrderField.COMPANY: {"sort_company": Lower("company")},
    OrganizationOrderField.EMAIL: {"sort_email": Lower("contact_email")},
    OrganizationOrderField.STATUS: {"status": "status"},
    OrganizationOrderField.CREATED_AT: {"created_at": "created_at"},
    OrganizationOrderField.WEBSITES: {
        "sort_websites": Count("services", _filter=Q(services__kind=ServiceKind.WEBSITE))
    },
    OrganizationOrderField.DATABASES: {
        "sort_databases": Count("services", _filter=Q(services__kind=ServiceKind.DATABASE))
    },
    OrganizationOrderField.KIND: {"kind": "kind"},
    OrganizationOrderField.UPDATED_AT: {"updated_at": "updated_at"},
    OrganizationOrderField.MAILBOXES: _services_of(ServiceKind.MAILBOX),
    OrganizationOrderField.FTP_ACCOUNTS: _services_of(ServiceKind.FTP_ACCOUNT),
    OrganizationOrderField.DNS_ZONES: _services_of(ServiceKind.DNS_ZONE),
    OrganizationOrderField.BACKUPS: _services_of(ServiceKind.BACKUP),
    OrganizationOrderField.USERS: {"sort_users": Count("memberships")},
    # Databases disagree where NULLs sort; no expiry date is explicitly the latest ("never
    # expires"): last in ASC, whose first rows are the accounts that expire soonest.
    OrganizationOrderField.EXPIRES_AT: {
        "sort_never_expires": Case(When(expires_at__isnull=True, then="1"), default="0"),
        "expires_at": "expires_at",
    },
    # A plan is shown to whoever sees the organization on it. No plan sorts as "".
    OrganizationOrderField.PLAN_NAME: {
        "sort_plan": RawSQL(
            "COALESCE((SELECT LOWER(sort_plan.name) FROM plan sort_plan"
            " WHERE sort_plan.id = organization.plan_id), '')"
        )
    },
}
# The owner's name, "" for the Master (no owner).
_OWNER_NAME = (
    "COALESCE((SELECT LOWER(sort_owner.name) FROM organization sort_owner"
    " WHERE sort_owner.id = organization.owner_id), '')"
)


def _organization_sort(actor: Actor, field: OrganizationOrderField) -> SortKeys:
    """The sort keys of `field` for this actor. The owner's name sorts only rows whose
    owner the actor may see (Organization.owner): below administrators that is every
    visible row but the actor's own organization, the top of what it sees, which sorts as
    if it had no owner, so that its place tells nothing of its owner's name."""
    if field != OrganizationOrderField.OWNER_NAME:
        return _ORGANIZATION_SORT[field]
    if actor.is_administrator:
        return {"sort_owner": RawSQL(_OWNER_NAME)}
    # An id from the database, never from the request: safe to write into the statement.
    own = UUID(str(actor.organization.id))
    return {
        "sort_owner": RawSQL(f"CASE WHEN organization.id = '{own}' THEN '' ELSE {_OWNER_NAME} END")
    }


_USER_SORT: dict[UserOrderField, SortKeys] = {
    UserOrderField.EMAIL: {"email": "email"},
    UserOrderField.NAME: {"sort_last": Lower("last_name"), "sort_first": Lower("first_name")},
    UserOrderField.FIRST_NAME: {"sort_first": Lower("first_name"), "sort_last": Lower("last_name")},
    UserOrderField.STATUS: {"status": "status"},
    UserOrderField.CREATED_AT: {"created_at": "created_at"},
    UserOrderField.UPDATED_AT: {"updated_at": "updated_at"},
    # Databases disagree where NULLs sort; "never logged in" is explicitly the oldest.
    UserOrderField.LAST_LOGIN_AT: {
        "sort_logged_in": Case(When(last_login_at__isnull=True, then="0"), default="1"),
        "last_login_at": "last_login_at",
    },
}


def _sorted(queryset: QuerySet[ModelT], keys: SortKeys, direction: Direction) -> QuerySet[ModelT]:
    """Order by the keys, then by id, so pages never overlap or skip on ties."""
    annotations = {name: key for name, key in keys.items() if not isinstance(key, str)}
    if annotations:
        queryset = queryset.annotate(**annotations)
    sign = "-" if direction == Direction.DESC else ""
    return queryset.order_by(*(f"{sign}{name}" for name in (*keys, "id")))


def _created_between(
    queryset: QuerySet[ModelT], after: datetime | None, before: datetime | None
) -> QuerySet[ModelT]:
    """Rows created at or after `after` and strictly before `before`."""
    if after is not None:
        queryset = queryset.filter(created_at__gte=after)
    if before is not None:
        queryset = queryset.filter(created_at__lt=before)
    return queryset


def _expiring_between(
    queryset: QuerySet[Organization], after: datetime | None, before: datetime | None
) -> QuerySet[Organization]:
    """Organizations whose expiry date is at or after `after` and strictly before
    `before`; either bound leaves out those with no expiry date."""
    if after is not None:
        queryset = queryset.filter(expires_at__gte=after)
    if before is not None:
        queryset = queryset.filter(expires_at__lt=before)
    return queryset


def _text_search(text: str, *fields: str) -> Q:
    return Q(*(Q(**{f"{field}__icontains": text}) for field in fields), join_type="OR")


def _searched_ids(text: str) -> UnionAll:
    """Ids of the organizations whose name, company or contact email contains `text`,
    then of those whose OWNER user's email or names contain it (in any letter case), as
    one id set: each half is found by its own indexes (the trigram indexes on PostgreSQL,
    and the partial index of OWNER memberships by user). It is a condition on top of the
    actor's scope, never a widening of it: the caller filters its visible rows by it."""
    named = Organization.filter(_text_search(text, "name", "company", "contact_email"))
    owned = Membership.filter(
        _text_search(text, "user__email", "user__first_name", "user__last_name"),
        role=Role.OWNER,
    )
    return UnionAll(named.values("id"), owned.values("organization_id"))


@dataclass(frozen=True)
class OrganizationQuery:
    kind: OrganizationKind | None = None
    status: OrganizationStatus | None = None
    effective_status: OrganizationStatus | None = None
    search: str | None = None
    owner_id: UUID | None = None
    include_descendants: bool = False
    external_id: str | None = None
    # (key, value): metadata holding exactly this value at this key.
    metadata: tuple[str, str] | None = None
    plan_id: UUID | None = None
    created_after: datetime | None = None
    created_before: datetime | None = None
    expires_after: datetime | None = None
    expires_before: datetime | None = None
    order_by: OrganizationOrderField = OrganizationOrderField.CREATED_AT
    direction: Direction = Direction.DESC


async def organizations(actor: Actor, query: OrganizationQuery) -> QuerySet[Organization]:
    """Visible organizations matching the query.

    `search` matches name, company, contact email, and the email and names of the OWNER
    user. `owner_id` lists an owner's direct children (all descendants with
    `include_descendants`); an owner the actor cannot see yields nothing, and so does a
    plan it cannot see. `created_after` is inclusive, `created_before` exclusive, and so
    are `expires_after` and `expires_before` (which leave out accounts without an expiry).
    """
    queryset = scope.visible_organizations(actor)
    if query.kind is not None:
        queryset = queryset.filter(kind=query.kind)
    if query.status is not None:
        queryset = queryset.filter(status=query.status)
    if query.external_id is not None:
        queryset = queryset.filter(external_id=query.external_id)
    if query.metadata is not None:
        queryset = queryset.filter(external_ids.metadata_match(Organization, *query.metadata))
    if query.effective_status is not None:
        queryset = with_effective_status(queryset, {query.effective_status})
    if query.owner_id is not None:
        owner = await scope.visible_organizations(actor).filter(id=query.owner_id).first()
        if owner is None:
            queryset = queryset.filter(id=None)  # still ordered below: paging needs the order
        elif query.include_descendants:
            queryset = queryset.filter(**scope.subtree(owner.path)).exclude(id=owner.id)
        else:
            queryset = queryset.filter(owner_id=owner.id)
    if query.plan_id is not None:
        visible_plan = scope.visible_plans(actor).filter(id=query.plan_id)
        queryset = queryset.filter(plan_id__in=Subquery(visible_plan.values("id")))
    queryset = _created_between(queryset, query.created_after, query.created_before)
    queryset = _expiring_between(queryset, query.expires_after, query.expires_before)
    if query.search and query.search.strip():
        # On the pool that plans it for its text (db_routing.planned_per_run).
        queryset = planned_per_run(queryset.filter(id__in=_searched_ids(query.search.strip())))
    return _sorted(queryset, _organization_sort(actor, query.order_by), query.direction)


def with_effective_status(
    queryset: QuerySet[Organization], wanted: set[OrganizationStatus]
) -> QuerySet[Organization]:
    """The organizations whose effective status (domain/hierarchy/status.py) is one of `wanted`: one
    condition of the statement, whatever the page size (no read per row or per ancestor)."""
    return queryset.annotate(effective_severity=RawSQL(batches.effective_severity_sql())).filter(
        effective_severity__in=sorted(status.severity(s) for s in wanted)
    )


@dataclass(frozen=True)
class ServiceQuery:
    organization_id: UUID | None = None
    kind: ServiceKind | None = None
    status: ServiceStatus | None = None
    effective_status: ServiceEffectiveStatus | None = None
    domain: str | None = None


def services(actor: Actor, query: ServiceQuery) -> QuerySet[Service]:
    """Visible services, by organization, then kind and name: a provisioning agent pages
    through them to learn what to switch on or off (`effective_status`). `domain` matches
    part of a website's or DNS zone's domain, in any letter case."""
    queryset = scope.visible_services(actor)
    if query.organization_id is not None:
        queryset = queryset.filter(organization_id=query.organization_id)
    if query.kind is not None:
        queryset = queryset.filter(kind=query.kind)
    if query.status is not None:
        queryset = queryset.filter(status=query.status)
    if query.domain is not None and query.domain.strip():
        queryset = queryset.filter(domain__contains=domains.search_form(query.domain))
    if query.effective_status is not None:
        queryset = queryset.filter(_in_effective_status(query.effective_status))
    return queryset.order_by("organization_id", "kind", "name", "id")


def service_matches(
    service: Service,
    query: ServiceQuery,
    organization_id: UUID,
    organization_status: OrganizationStatus | None,
) -> bool:
    """`services`' conditions for one loaded service of the organization `organization_id`
    (whose effective status `organization_status` is needed for `effective_status` only)."""
    if query.organization_id is not None and query.organization_id != organization_id:
        return False
    if query.kind is not None and service.kind != query.kind:
        return False
    if query.status is not None and service.status != query.status:
        return False
    searched = query.domain.strip() if query.domain is not None else ""
    if searched and domains.search_form(searched) not in (service.domain or ""):
        return False
    if query.effective_status is not None:
        assert organization_status is not None
        found = service_state.effective(service.kind, service.status, organization_status)
        if found != query.effective_status:
            return False
    return True


def _in_effective_status(wanted: ServiceEffectiveStatus) -> Q:
    """Services whose effective status is `wanted`: for each way of getting it
    (service_state.combinations), own status and kind, in an organization of that
    effective status."""
    terms = [
        Q(
            status=own,
            kind__in=sorted(kinds),
            organization_id__in=Subquery(
                with_effective_status(Organization.all(), set(organizations)).values("id")
            ),
        )
        for organizations, own, kinds in service_state.combinations(wanted)
    ]
    return Q(*terms, join_type="OR") if terms else Q(id=None)


@dataclass(frozen=True)
class UserQuery:
    organization_id: UUID | None = None
    search: str | None = None
    role: Role | None = None
    status: UserStatus | None = None
    # Of a visible membership (with organization_id: of the membership there).
    external_id: str | None = None
    metadata: tuple[str, str] | None = None
    created_after: datetime | None = None
    created_before: datetime | None = None
    order_by: UserOrderField = UserOrderField.EMAIL
    direction: Direction = Direction.ASC


def users(actor: Actor, query: UserQuery) -> QuerySet[User]:
    """Visible users; `organization_id`, `role`, `external_id` and `metadata` refer to
    their visible memberships (one membership meeting them all)."""
    queryset = scope.visible_users(actor)
    by_membership = (query.organization_id, query.role, query.external_id, query.metadata)
    if any(condition is not None for condition in by_membership):
        memberships = scope.visible_memberships(actor)
        if query.organization_id is not None:
            memberships = memberships.filter(organization_id=query.organization_id)
        if query.role is not None:
            memberships = memberships.filter(role=query.role)
        if query.external_id is not None:
            memberships = memberships.filter(external_id=query.external_id)
        if query.metadata is not None:
            memberships = memberships.filter(
                external_ids.metadata_match(Membership, *query.metadata)
            )
        queryset = queryset.filter(id__in=Subquery(memberships.values("user_id")))
    if query.status is not None:
        queryset = queryset.filter(status=query.status)
    if query.search and query.search.strip():
        queryset = queryset.filter(
            _text_search(query.search.strip(), "email", "first_name", "last_name")
        )
    queryset = _created_between(queryset, query.created_after, query.created_before)
    return _sorted(queryset, _USER_SORT[query.order_by], query.direction)


def departments(actor: Actor, organization_id: UUID | None = None) -> QuerySet[Department]:
    queryset = scope.visible_departments(actor)
    if organization_id is not None:
        queryset = queryset.filter(organization_id=organization_id)
    return queryset.order_by("name", "id")


def plans(actor: Actor, owner_id: UUID | None = None) -> QuerySet[Plan]:
    """The plans the actor sees, by name; with `owner_id`, only that organization's."""
    visible = scope.visible_plans(actor)
    if owner_id is not None:
        visible = visible.filter(owner_id=owner_id)
    return visible.order_by("name", "id")


@dataclass(frozen=True)
class AuditQuery:
    organization_id: UUID | None = None
    actor_id: UUID | None = None
    action: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    order_by: AuditOrderField = AuditOrderField.TIME
    direction: Direction = Direction.DESC


def _audit_sort(actor: Actor, field: AuditOrderField) -> SortKeys:
    """The sort keys of `field`. The actor column sorts by what the reader is shown
    (domain/events/audit.py, as_seen_by): a customer's log sorts its provider's staff as the one
    name PROVIDER, so that the order tells nothing of their addresses."""
    if field == AuditOrderField.TIME:
        return {"created_at": "created_at"}
    if field == AuditOrderField.ACTION:
        return {"action": "action", "created_at": "created_at"}
    if actor.organization.kind != OrganizationKind.CUSTOMER:
        return {"sort_actor": Lower("actor_email"), "created_at": "created_at"}
    own = UUID(str(actor.organization.id))  # from the database: safe in the statement
    shown = (
        f"CASE WHEN actor_organization_id = '{own}' THEN LOWER(actor_email)"
        f" ELSE '{PROVIDER.lower()}' END"
    )
    return {"sort_actor": RawSQL(shown), "created_at": "created_at"}


def audit_events(actor: Actor, query: AuditQuery) -> QuerySet[AuditEvent]:
    """Visible audit events, newest first unless ordered; raises AccessDenied for customer
    MEMBERs."""
    queryset = scope.visible_audit_events(actor)
    if query.organization_id is not None:
        queryset = queryset.filter(organization_id=query.organization_id)
    if query.actor_id is not None:
        queryset = queryset.filter(actor_id=query.actor_id)
    if query.action:
        queryset = queryset.filter(action=query.action)
    if query.since is not None:
        queryset = queryset.filter(created_at__gte=query.since)
    if query.until is not None:
        queryset = queryset.filter(created_at__lt=query.until)
    return _sorted(queryset, _audit_sort(actor, query.order_by), query.direction)
