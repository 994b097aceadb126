"""The visibility rule (SPEC §5): what an actor may see, as querysets on the stored ancestry.

Every list, every field that returns objects, `node(id)` and every mutation's target lookup
starts from these querysets; nothing else filters by viewer. The subtree of an organization
is one indexed `path LIKE 'prefix%'` condition, never a walk.

| actor                          | organizations      | users / departments                |
|--------------------------------|--------------------|------------------------------------|
| administrator (Master staff)   | all                | all                                |
| reseller staff                 | itself + subtree   | of those                           |
| customer OWNER / ADMIN         | itself             | of itself                          |
| customer MEMBER                | itself             | itself / its own department        |
"""

from __future__ import annotations

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


def subtree(path: str, field: str = "path") -> dict[str, str]:
    """Filter for everything whose `field` starts with `path` (itself included).

    A byte-order range on an indexed column: every path inside the subtree sorts between
    `path` and the same string with its final "/" raised to "0", and nothing else does.
    (Paths are compared in byte order: SQLite's default, PostgreSQL's COLLATE "C".)
    """
    return {f"{field}__gte": path, f"{field}__lt": path[:-1] + "0"}


def visible_organizations(actor: Actor) -> QuerySet[Organization]:
    """Administrators: all. Reseller staff: their reseller and its subtree. Customers: self."""
    if actor.is_administrator:
        return Organization.all()
    if actor.is_reseller:
        return Organization.filter(**subtree(actor.organization.path))
    return Organization.filter(id=actor.organization.id)


def visible_organization_ids(actor: Actor) -> Subquery:
    return Subquery(visible_organizations(actor).values("id"))


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


def visible_departments(actor: Actor) -> QuerySet[Department]:
    """Departments of visible organizations; a customer MEMBER sees only its own department."""
    if is_customer_member(actor):
        department_id = actor.user.department_id if actor.user else None  # type: ignore[attr-defined]
        return Department.filter(id=department_id, organization_id=actor.organization.id)
    if actor.is_administrator:
        return Department.all()
    return Department.filter(organization_id__in=visible_organization_ids(actor))


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
