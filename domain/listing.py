"""Filtered, searched and ordered lists, always narrowing the actor's scope (domain/scope.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import TypeVar
from uuid import UUID

from tortoise.expressions import Case, Function, Q, RawSQL, Subquery, When
from tortoise.functions import Count, Lower
from tortoise.models import Model
from tortoise.queryset import QuerySet

from domain import batches, domains, scope, service_state, status
from domain.actor import Actor
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


class UserOrderField(StrEnum):
    EMAIL = "EMAIL"
    NAME = "NAME"
    CREATED_AT = "CREATED_AT"
    LAST_LOGIN_AT = "LAST_LOGIN_AT"


# Sort keys per order field: text sorts are case-insensitive (LOWER) so both databases,
# whatever their collation, list "beta" between "Alpha" and "Gamma".
SortKeys = dict[str, Function | Case | str]

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
}
_USER_SORT: dict[UserOrderField, SortKeys] = {
    UserOrderField.EMAIL: {"email": "email"},
    UserOrderField.NAME: {"sort_last": Lower("last_name"), "sort_first": Lower("first_name")},
    UserOrderField.CREATED_AT: {"created_at": "created_at"},
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


def _text_search(text: str, *fields: str) -> Q:
    return Q(*(Q(**{f"{field}__icontains": text}) for field in fields), join_type="OR")


@dataclass(frozen=True)
class OrganizationQuery:
    kind: OrganizationKind | None = None
    status: OrganizationStatus | None = None
    effective_status: OrganizationStatus | None = None
    search: str | None = None
    owner_id: UUID | None = None
    include_descendants: bool = False
    order_by: OrganizationOrderField = OrganizationOrderField.CREATED_AT
    direction: Direction = Direction.DESC


async def organizations(actor: Actor, query: OrganizationQuery) -> QuerySet[Organization]:
    """Visible organizations matching the query.

    `search` matches name, company, contact email, and the email and names of the OWNER
    user. `owner_id` lists an owner's direct children (all descendants with
    `include_descendants`); an owner the actor cannot see yields nothing.
    """
    queryset = scope.visible_organizations(actor)
    if query.kind is not None:
        queryset = queryset.filter(kind=query.kind)
    if query.status is not None:
        queryset = queryset.filter(status=query.status)
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
    if query.search and query.search.strip():
        text = query.search.strip()
        owners = Membership.filter(
            _text_search(text, "user__email", "user__first_name", "user__last_name"),
            role=Role.OWNER,
        )
        named = Organization.filter(_text_search(text, "name", "company", "contact_email"))
        # Two id sets rather than `text matches OR id in owners`: each set is then found by
        # its trigram indexes (PostgreSQL), instead of testing the text of every row.
        queryset = queryset.filter(
            Q(id__in=Subquery(named.values("id")))
            | Q(id__in=Subquery(owners.values("organization_id")))
        )
    return _sorted(queryset, _ORGANIZATION_SORT[query.order_by], query.direction)


def with_effective_status(
    queryset: QuerySet[Organization], wanted: set[OrganizationStatus]
) -> QuerySet[Organization]:
    """The organizations whose effective status (domain/status.py) is one of `wanted`: one
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
    order_by: UserOrderField = UserOrderField.EMAIL
    direction: Direction = Direction.ASC


def users(actor: Actor, query: UserQuery) -> QuerySet[User]:
    """Visible users; `organization_id` and `role` refer to their visible memberships."""
    queryset = scope.visible_users(actor)
    if query.organization_id is not None or query.role is not None:
        memberships = scope.visible_memberships(actor)
        if query.organization_id is not None:
            memberships = memberships.filter(organization_id=query.organization_id)
        if query.role is not None:
            memberships = memberships.filter(role=query.role)
        queryset = queryset.filter(id__in=Subquery(memberships.values("user_id")))
    if query.status is not None:
        queryset = queryset.filter(status=query.status)
    if query.search and query.search.strip():
        queryset = queryset.filter(
            _text_search(query.search.strip(), "email", "first_name", "last_name")
        )
    return _sorted(queryset, _USER_SORT[query.order_by], query.direction)


def departments(actor: Actor, organization_id: UUID | None = None) -> QuerySet[Department]:
    queryset = scope.visible_departments(actor)
    if organization_id is not None:
        queryset = queryset.filter(organization_id=organization_id)
    return queryset.order_by("name", "id")


def plans(actor: Actor) -> QuerySet[Plan]:
    return scope.visible_plans(actor).order_by("name", "id")


@dataclass(frozen=True)
class AuditQuery:
    organization_id: UUID | None = None
    actor_id: UUID | None = None
    action: str | None = None
    since: datetime | None = None
    until: datetime | None = None


def audit_events(actor: Actor, query: AuditQuery) -> QuerySet[AuditEvent]:
    """Visible audit events, newest first; raises AccessDenied for customer MEMBERs."""
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
    return queryset.order_by("-created_at", "-id")
