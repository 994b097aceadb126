"""The visibility rule (SPEC §5): what an actor may see, as conditions on the stored ancestry.

Every list, every field that returns objects, `node(id)` and every mutation's target lookup
starts from these rules; nothing else filters by viewer. The subtree of an organization
is one indexed range on `path`, never a walk.

Each rule is written once, as a `RowCondition` (`<row>_rule(actor)`, domain/conditions.py),
and read two ways: `visible_<rows>(actor)`, the queryset, and `rule.sql(alias, dialect)`,
the same condition as SQL for the per-request loaders' hand-written statements
(domain/batches.py). tests/test_scope_sql.py holds the two renderings of each rule to the
same rows on drawn worlds.

| actor                          | organizations      | users / departments                |
|--------------------------------|--------------------|------------------------------------|
| administrator (Master staff)   | all                | all                                |
| reseller staff                 | itself + subtree   | of those                           |
| customer OWNER / ADMIN         | itself             | of itself                          |
| customer MEMBER                | itself             | itself / its own department        |
"""

from __future__ import annotations

from uuid import UUID

from tortoise.queryset import QuerySet

from domain.actor import Actor
from domain.conditions import (
    EVERYTHING,
    NOTHING,
    Among,
    Equals,
    InSubtree,
    NotNull,
    RowCondition,
    all_of,
    any_of,
    subtree_bounds,
)
from domain.errors import AccessDenied
from models import AuditEvent, Department, Membership, Note, Organization, Plan, Service, User
from models.enums import OrganizationKind, Role


def is_customer_member(actor: Actor) -> bool:
    return actor.organization.kind == OrganizationKind.CUSTOMER and actor.role == Role.MEMBER


def subtree(path: str, field: str = "path") -> dict[str, str]:
    """Filter for everything whose `field` starts with `path` (itself included)."""
    low, high = subtree_bounds(path)
    return {f"{field}__gte": low, f"{field}__lt": high}


def organization_rule(actor: Actor) -> RowCondition:
    """Administrators: all. Reseller staff: their reseller and its subtree. Customers: self."""
    if actor.is_administrator:
        return EVERYTHING
    if actor.is_reseller:
        return InSubtree.at("path", actor.organization.path)
    return Equals("id", actor.organization.id)


def visible_organizations(actor: Actor) -> QuerySet[Organization]:
    """The organizations the actor may see: `organization_rule` as a queryset."""
    return organization_rule(actor).rows(Organization)


def _of_visible_organization(actor: Actor, column: str = "organization_id") -> RowCondition:
    """Rows whose organization (the id in `column`) is visible to the actor."""
    if actor.is_administrator:
        return EVERYTHING
    if actor.is_reseller:
        return Among(column, Organization, "organization", organization_rule(actor))
    return Equals(column, actor.organization.id)


def _own_user_id(actor: Actor) -> UUID | None:
    return actor.user.id if actor.user else None


def membership_rule(actor: Actor) -> RowCondition:
    """Memberships of visible organizations; a customer MEMBER sees only its own."""
    if is_customer_member(actor):
        user_id = _own_user_id(actor)
        if user_id is None:  # an API key has no membership of its own
            return NOTHING
        return all_of(Equals("user_id", user_id), Equals("organization_id", actor.organization.id))
    return _of_visible_organization(actor)


def visible_memberships(actor: Actor) -> QuerySet[Membership]:
    """The memberships the actor may see: `membership_rule` as a queryset."""
    return membership_rule(actor).rows(Membership)


def user_rule(actor: Actor) -> RowCondition:
    """Users with a membership in a visible organization; a customer MEMBER sees only itself."""
    if is_customer_member(actor):
        user_id = _own_user_id(actor)
        return NOTHING if user_id is None else Equals("id", user_id)
    if actor.is_administrator:
        return EVERYTHING
    members = _of_visible_organization(actor)
    return Among("id", Membership, "membership", members, selected="user_id")


def visible_users(actor: Actor) -> QuerySet[User]:
    """The users the actor may see: `user_rule` as a queryset."""
    return user_rule(actor).rows(User)


def department_rule(actor: Actor) -> RowCondition:
    """Departments of visible organizations; a customer MEMBER sees only its own department."""
    if is_customer_member(actor):
        department_id = actor.user.department_id if actor.user else None
        if department_id is None:
            return NOTHING
        return all_of(Equals("id", department_id), Equals("organization_id", actor.organization.id))
    return _of_visible_organization(actor)


def visible_departments(actor: Actor) -> QuerySet[Department]:
    """The departments the actor may see: `department_rule` as a queryset."""
    return department_rule(actor).rows(Department)


def service_rule(actor: Actor) -> RowCondition:
    """Services of visible organizations."""
    return _of_visible_organization(actor)


def visible_services(actor: Actor) -> QuerySet[Service]:
    """The services the actor may see: `service_rule` as a queryset."""
    return service_rule(actor).rows(Service)


def plan_rule(actor: Actor) -> RowCondition:
    """Plans owned by visible organizations, and the plans visible organizations are on
    (a sub-reseller sees the plan its parent sold to a customer it manages)."""
    if actor.is_administrator:
        return EVERYTHING
    on_plans = all_of(organization_rule(actor), NotNull("plan_id"))
    return any_of(
        _of_visible_organization(actor, "owner_id"),
        Among("id", Organization, "organization", on_plans, selected="plan_id"),
    )


def visible_plans(actor: Actor) -> QuerySet[Plan]:
    """The plans the actor may see: `plan_rule` as a queryset."""
    return plan_rule(actor).rows(Plan)


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


def note_rule(actor: Actor) -> RowCondition:
    """Notes whose author's organization is the actor's organization or below it.

    A note is visible to its author's organization and that organization's owner chain, so
    administrators see resellers' notes on their customers and a reseller sees only notes its
    own staff (or its sub-resellers') wrote. Customers author none and see none.
    """
    if actor.organization.kind == OrganizationKind.CUSTOMER:
        return NOTHING
    if actor.is_administrator:
        return EVERYTHING
    # The subject must be visible too: after a move, the old reseller's notes stay with the
    # customer but the old reseller no longer sees either.
    below = organization_rule(actor)
    return all_of(
        Among("author_organization_id", Organization, "organization", below),
        Among("organization_id", Organization, "organization", below),
    )


def visible_notes(actor: Actor) -> QuerySet[Note]:
    """The notes the actor may see: `note_rule` as a queryset."""
    return note_rule(actor).rows(Note)


def audit_event_rule(actor: Actor) -> RowCondition:
    """Administrators: all. Resellers: their subtree. Customer OWNER/ADMIN: their own org.

    Raises AccessDenied for customer MEMBERs, who have no audit log at all.
    """
    if is_customer_member(actor):
        raise AccessDenied("Only administrators of an organization may read its audit log.")
    if actor.is_administrator:
        return EVERYTHING
    if actor.is_reseller:
        return InSubtree.at("organization_path", actor.organization.path)
    # By id, not path: a customer keeps its whole history when it moves to another owner.
    return Equals("organization_id", actor.organization.id)


def visible_audit_events(actor: Actor) -> QuerySet[AuditEvent]:
    """The audit events the actor may see: `audit_event_rule` as a queryset."""
    return audit_event_rule(actor).rows(AuditEvent)
