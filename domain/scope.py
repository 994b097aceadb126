"""The visibility rule (SPEC §5): what an actor may see, as querysets on the stored ancestry.

Every list, every field that returns objects, `node(id)` and every mutation's target lookup
starts from these querysets; nothing else filters by viewer. The subtree of an organization
is one indexed `path LIKE 'prefix%'` condition, never a walk.

A rule the per-request loaders read through hand-written SQL (domain/batches.py) also has
a SQL form, `visible_<rows>_sql`, right after its queryset: the same branches, giving a
`Condition`. tests/test_scope_sql.py holds each pair to the same rows for every kind of
actor.

| actor                          | organizations      | users / departments                |
|--------------------------------|--------------------|------------------------------------|
| administrator (Master staff)   | all                | all                                |
| reseller staff                 | itself + subtree   | of those                           |
| customer OWNER / ADMIN         | itself             | of itself                          |
| customer MEMBER                | itself             | itself / its own department        |
"""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from tortoise.expressions import Q, Subquery
from tortoise.queryset import QuerySet

from domain.actor import Actor
from domain.errors import AccessDenied
from models import AuditEvent, Department, Membership, Note, Organization, Plan, Service, User
from models.enums import OrganizationKind, Role


def is_customer_member(actor: Actor) -> bool:
    return actor.organization.kind == OrganizationKind.CUSTOMER and actor.role == Role.MEMBER


def _subtree_path(actor: Actor) -> str | None:
    """The path prefix the actor sees; None for administrators, who see everything."""
    return None if actor.is_administrator else actor.organization.path


def subtree_bounds(path: str) -> tuple[str, str]:
    """(low, high): the subtree at `path`, itself included, is every path p with
    low <= p < high.

    A byte-order range on an indexed column: every path inside the subtree sorts between
    `path` and the same string with its final "/" raised to "0", and nothing else does.
    (Paths are compared in byte order: SQLite's default, PostgreSQL's COLLATE "C".)
    """
    return path, path[:-1] + "0"


def subtree(path: str, field: str = "path") -> dict[str, str]:
    """Filter for everything whose `field` starts with `path` (itself included)."""
    low, high = subtree_bounds(path)
    return {f"{field}__gte": low, f"{field}__lt": high}


@dataclass(frozen=True)
class Condition:
    """A rule of this module as a SQL condition, for hand-written statements.

    `sql` names its parameters $1..$n (`params`, in that order); a statement numbers its
    own after them. The text depends only on the kind of actor and the column names, never
    on the actor, so statements built on it can be written once and cached by it.
    """

    sql: str
    params: tuple[str | None, ...] = ()


EVERYTHING = Condition("1 = 1")
NOTHING = Condition("1 = 0")
# The organizations of a subtree: $1 and $2 are its bounds (subtree_bounds).
_IN_SUBTREE = "IN (SELECT id FROM organization WHERE path >= $1 AND path < $2)"


def _text(value: UUID | None) -> str | None:
    # As Tortoise stores a UUID on SQLite; asyncpg takes the same text for a uuid parameter.
    return None if value is None else str(value)


def visible_organizations(actor: Actor) -> QuerySet[Organization]:
    """Administrators: all. Reseller staff: their reseller and its subtree. Customers: self."""
    if actor.is_administrator:
        return Organization.all()
    if actor.is_reseller:
        return Organization.filter(**subtree(actor.organization.path))
    return Organization.filter(id=actor.organization.id)


def visible_organization_ids(actor: Actor) -> Subquery:
    return Subquery(visible_organizations(actor).values("id"))


def visible_organization_ids_sql(actor: Actor, column: str) -> Condition:
    """`visible_organization_ids` as SQL: the organization id in `column` is visible."""
    if actor.is_administrator:
        return EVERYTHING
    if actor.is_reseller:
        return Condition(f"{column} {_IN_SUBTREE}", subtree_bounds(actor.organization.path))
    return Condition(f"{column} = $1", (_text(actor.organization.id),))


def visible_users(actor: Actor) -> QuerySet[User]:
    """Users with a membership in a visible organization; a customer MEMBER sees only itself."""
    if is_customer_member(actor):
        return User.filter(id=actor.user.id if actor.user else None)
    if actor.is_administrator:
        return User.all()
    members = Membership.filter(organization_id__in=visible_organization_ids(actor))
    return User.filter(id__in=Subquery(members.values("user_id")))


def visible_memberships(actor: Actor) -> QuerySet[Membership]:
    if is_customer_member(actor):
        user_id = actor.user.id if actor.user else None
        return Membership.filter(user_id=user_id, organization_id=actor.organization.id)
    if actor.is_administrator:
        return Membership.all()
    return Membership.filter(organization_id__in=visible_organization_ids(actor))


def visible_memberships_sql(actor: Actor, alias: str) -> Condition:
    """`visible_memberships` as SQL, on the membership table aliased `alias`."""
    if is_customer_member(actor):
        user_id = actor.user.id if actor.user else None
        return Condition(
            f"{alias}.user_id = $1 AND {alias}.organization_id = $2",
            (_text(user_id), _text(actor.organization.id)),
        )
    return visible_organization_ids_sql(actor, f"{alias}.organization_id")


def visible_departments(actor: Actor) -> QuerySet[Department]:
    """Departments of visible organizations; a customer MEMBER sees only its own department."""
    if is_customer_member(actor):
        department_id = actor.user.department_id if actor.user else None
        return Department.filter(id=department_id, organization_id=actor.organization.id)
    if actor.is_administrator:
        return Department.all()
    return Department.filter(organization_id__in=visible_organization_ids(actor))


def visible_departments_sql(actor: Actor, alias: str) -> Condition:
    """`visible_departments` as SQL, on the department table aliased `alias`."""
    if is_customer_member(actor):
        department_id = actor.user.department_id if actor.user else None
        return Condition(
            f"{alias}.id = $1 AND {alias}.organization_id = $2",
            (_text(department_id), _text(actor.organization.id)),
        )
    return visible_organization_ids_sql(actor, f"{alias}.organization_id")


def visible_services(actor: Actor) -> QuerySet[Service]:
    if actor.is_administrator:
        return Service.all()
    return Service.filter(organization_id__in=visible_organization_ids(actor))


def visible_plans(actor: Actor) -> QuerySet[Plan]:
    """Plans owned by visible organizations, and the plans visible organizations are on
    (a sub-reseller sees the plan its parent sold to a customer it manages)."""
    if actor.is_administrator:
        return Plan.all()
    on = visible_organizations(actor).filter(plan_id__not_isnull=True).values("plan_id")
    return Plan.filter(Q(owner_id__in=visible_organization_ids(actor)) | Q(id__in=Subquery(on)))


def is_owner_chain_of(actor: Actor, organization_id: UUID, organization_path: str) -> bool:
    """The actor's organization is strictly above the organization (staff only)."""
    return (
        actor.organization.kind != OrganizationKind.CUSTOMER
        and organization_id != actor.organization.id
        and organization_path.startswith(actor.organization.path)
    )


def may_see_owner_of(actor: Actor, organization_path: str) -> bool:
    """Whether the actor may see the owner of the organization at `organization_path`
    (Organization.owner, the Reseller column of lists): exactly when that owner is one of
    the organizations it sees. Administrators see every owner; reseller staff the owners
    inside their subtree (their own reseller, and below it), so a parent reseller sees
    which sub-reseller a customer belongs to, but nobody sees the owner of the top of
    what they see, and a customer never sees its provider."""
    if actor.is_administrator:
        return True
    owner_path = organization_path[: organization_path.rstrip("/").rfind("/") + 1]
    return bool(actor.is_reseller and owner_path.startswith(actor.organization.path))


def may_read_notes_about(actor: Actor, organization_id: UUID, organization_path: str) -> bool:
    """Notes are for the owner chain: staff above the organization, never the organization."""
    return is_owner_chain_of(actor, organization_id, organization_path)


def may_manage(actor: Actor, organization: Organization) -> bool:
    """Lifecycle rights over an organization: OWNER/ADMIN staff of an organization above it.

    Administrators manage everything but the Master; reseller managers manage everything
    below their reseller (sub-resellers and their customers included), never the reseller
    itself; customers and every MEMBER manage no organization.
    """
    return actor.can_manage and is_owner_chain_of(actor, organization.id, organization.path)


def administers(actor: Actor, organization: Organization) -> bool:
    """Manages the organization's own affairs (users, departments, services, policy, keys):
    its own OWNER/ADMIN, or a manager of its owner chain."""
    own = organization.id == actor.organization.id and actor.can_manage
    return own or may_manage(actor, organization)


def require_organization_manager(actor: Actor) -> None:
    """Refuse (top-level FORBIDDEN) actors who may manage no organization at all."""
    if not actor.can_manage or actor.organization.kind == OrganizationKind.CUSTOMER:
        raise AccessDenied("Only administrators and resellers' managers may do this.")


def manages_member_of(actor: Actor, organization_id: UUID, organization_path: str) -> bool:
    """The actor administers the organization itself, or sits in its owner chain."""
    if organization_id == actor.organization.id:
        return actor.can_manage
    return is_owner_chain_of(actor, organization_id, organization_path)


def visible_notes(actor: Actor) -> QuerySet[Note]:
    """Notes whose author's organization is the actor's organization or below it.

    A note is visible to its author's organization and that organization's owner chain, so
    administrators see resellers' notes on their customers and a reseller sees only notes its
    own staff (or its sub-resellers') wrote. Customers author none and see none.
    """
    if actor.organization.kind == OrganizationKind.CUSTOMER:
        return Note.filter(id=None)
    if actor.is_administrator:
        return Note.all()
    # The subject must be visible too: after a move, the old reseller's notes stay with the
    # customer but the old reseller no longer sees either.
    return Note.filter(
        **subtree(actor.organization.path, "author_organization__path"),
        **subtree(actor.organization.path, "organization__path"),
    )


def visible_notes_sql(actor: Actor, alias: str) -> Condition:
    """`visible_notes` as SQL, on the note table aliased `alias`."""
    if actor.organization.kind == OrganizationKind.CUSTOMER:
        return NOTHING
    if actor.is_administrator:
        return EVERYTHING
    return Condition(
        f"{alias}.author_organization_id {_IN_SUBTREE} AND {alias}.organization_id {_IN_SUBTREE}",
        subtree_bounds(actor.organization.path),
    )


def visible_audit_events(actor: Actor) -> QuerySet[AuditEvent]:
    """Administrators: all. Resellers: their subtree. Customer OWNER/ADMIN: their own org.

    Raises AccessDenied for customer MEMBERs, who have no audit log at all.
    """
    if is_customer_member(actor):
        raise AccessDenied("Only administrators of an organization may read its audit log.")
    path = _subtree_path(actor)
    if path is None:
        return AuditEvent.all()
    if actor.is_reseller:
        return AuditEvent.filter(**subtree(path, "organization_path"))
    # By id, not path: a customer keeps its whole history when it moves to another owner.
    return AuditEvent.filter(organization_id=actor.organization.id)
