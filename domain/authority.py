"""Authority: who may change what (docs/authority.md is the table this module implements).

Visibility (domain/scope.py) answers "may the actor see the target" — outside it, every
mutation answers NOT_FOUND exactly as for an id that never existed. This module answers the
next question, "may the actor do this to it", in one place: every mutation of `domain/`
asks one of the functions below and raises what it returns. Resolvers never decide.

The relations everything is built from:

- **manages** an organization: OWNER/ADMIN staff of an organization strictly above it
  (administrators manage everything but the Master; reseller managers their subtree).
- **administers** an organization: manages it, or is its own OWNER/ADMIN.
- **outranks an OWNER of** an organization: manages it, or is its own OWNER. Nobody below
  OWNER touches an OWNER's credentials, role or status.
- **has authority over a login**: for *every* organization the login belongs to, the actor
  administers it, and outranks the OWNER there if the login is an OWNER there. A login is
  shared across organizations; authority over it is not: a reseller that links the
  platform administrator's email into its customer gains nothing over that login.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from uuid import UUID

from tortoise.expressions import Q

from domain import scope
from domain.actor import Actor
from domain.errors import AccessDenied, DomainError, ErrorCode
from domain.people.access import ALL_ACCESS_RIGHTS
from models import Membership, Note, Organization, User
from models.enums import OrganizationKind, Role, ServiceKind

# The access right that gates each area (SPEC: rights gate their areas; OWNER has them all).
USERS = "users"
PLANS = "plans"
BILLING = "billing"
SERVICE_RIGHT: dict[ServiceKind, str] = {
    ServiceKind.WEBSITE: "websites",
    ServiceKind.DATABASE: "websites",
    ServiceKind.FTP_ACCOUNT: "websites",
    ServiceKind.BACKUP: "websites",
    ServiceKind.MAILBOX: "email",
    ServiceKind.DNS_ZONE: "dns",
}
_ROLE_RANK = {Role.MEMBER: 0, Role.ADMIN: 1, Role.OWNER: 2}


def forbidden(message: str, field: Sequence[str] | None = None) -> DomainError:
    return DomainError(ErrorCode.FORBIDDEN, message, field)


# The relations.


def manages(actor: Actor, org: Organization) -> bool:
    """OWNER/ADMIN staff of an organization strictly above `org`."""
    return scope.may_manage(actor, org)


def administers(actor: Actor, org: Organization) -> bool:
    """Manages `org`, or is its own OWNER/ADMIN."""
    return scope.administers(actor, org)


def outranks_owner_of(actor: Actor, org: Organization) -> bool:
    """May touch an OWNER of `org`: manages it, or is an OWNER of it."""
    return manages(actor, org) or (org.id == actor.organization.id and actor.role == Role.OWNER)


def may_touch_member(actor: Actor, org: Organization, role: Role) -> bool:
    """May change a membership of `org` held with `role` (or the login behind it, there)."""
    return administers(actor, org) and (role != Role.OWNER or outranks_owner_of(actor, org))


def may_touch_memberships(actor: Actor, memberships: Iterable[Membership]) -> bool:
    """Authority over a login: every one of its memberships (organizations loaded)."""
    listed = list(memberships)
    if not listed:
        # A login with no organization left: only administrators may still act on it.
        return actor.is_administrator and actor.can_manage
    return all(may_touch_member(actor, m.organization, Role(m.role)) for m in listed)


def may_read_login_activity(actor: Actor, memberships: Iterable[Membership]) -> bool:
    """`lastLoginAt`, `lastLoginIp`, `failedLoginCount`: staff who see every one of the
    login's organizations as its administrators (read-only support staff of the owner
    chain included). Memberships with their organizations loaded."""
    if actor.is_administrator:
        return True
    listed = list(memberships)
    return bool(listed) and all(
        scope.manages_member_of(actor, m.organization.id, m.organization.path) for m in listed
    )


async def login_memberships(user: User) -> list[Membership]:
    """Every membership of the login, whatever the actor sees (authority is over all)."""
    return await Membership.filter(user_id=user.id).select_related("organization")


async def has_authority_over_login(actor: Actor, user: User) -> bool:
    return may_touch_memberships(actor, await login_memberships(user))


def is_own_login(actor: Actor, user: User) -> bool:
    """The actor is this login, acting as itself (not an impersonation, not an API key)."""
    return acts_as_login(actor, user.id)


def acts_as_login(actor: Actor, user_id: UUID) -> bool:
    """`is_own_login` by the login's id."""
    return actor.user is not None and actor.user.id == user_id and actor.impersonator is None


def may_manage_sessions(actor: Actor, user_id: UUID, memberships: Iterable[Membership]) -> bool:
    """A login's sessions and two-factor state: the login itself (as itself), or someone
    with authority over it holding the `users` right (memberships with organizations)."""
    if acts_as_login(actor, user_id):
        return True
    return actor.has_right(USERS) and may_touch_memberships(actor, memberships)


async def require_authority_over_login(actor: Actor, user: User, field: Sequence[str]) -> None:
    """Credentials and identity of a login (password, reset links, email, names, status,
    deletion, sessions): only an actor with authority over every organization it is in."""
    if not await has_authority_over_login(actor, user):
        raise forbidden(
            "This login belongs to organizations you do not administer: only someone who "
            "administers all of them may change its credentials or identity.",
            field,
        )


def may_set_external_ids(actor: Actor, org: Organization) -> bool:
    """An organization's external id and metadata, and those of its memberships, belong to
    whoever bills it: the managers of its owner chain (the Master's: its own OWNER/ADMIN
    staff, nobody being above it). Never the organization's own staff otherwise: a customer
    or reseller must not re-point its own record in its seller's billing system."""
    if org.kind == OrganizationKind.MASTER:
        return actor.is_administrator and actor.can_manage
    return manages(actor, org)


def may_edit_note(actor: Actor, note: Note) -> bool:
    """Change or delete a (visible) note: managers of the organization that wrote it, and
    the platform's administrators (OWNER/ADMIN of the Master), whoever wrote it."""
    if not actor.can_manage:
        return False
    return actor.is_administrator or note.author_organization_id == actor.organization.id


# Rights and roles.


def require_right(actor: Actor, right: str, field: Sequence[str] | None = None) -> None:
    """The access right of an area (an OWNER has every right)."""
    if not actor.has_right(right):
        raise forbidden(f"This needs the `{right}` access right.", field)


def require_service_right(actor: Actor, kind: ServiceKind, field: Sequence[str]) -> None:
    require_right(actor, SERVICE_RIGHT[kind], field)


def check_grant(
    actor: Actor,
    org: Organization,
    role: Role,
    rights: Iterable[str],
    *,
    role_field: Sequence[str] = ("role",),
    rights_field: Sequence[str] = ("accessRights",),
) -> None:
    """Appointing `role` with `rights` in `org` (a user, an invitation or an API key).

    Only those who outrank its OWNERs appoint OWNERs; within its own organization nobody
    appoints above its own role; nobody grants a right it does not hold itself (an OWNER
    holds them all, so appointing one needs them all), so no one can mint a colleague
    stronger than themselves.
    """
    if role == Role.OWNER and not outranks_owner_of(actor, org):
        raise forbidden("Only owners (or the organizations above) appoint owners.", role_field)
    own_org = org.id == actor.organization.id
    if own_org and _ROLE_RANK[role] > _ROLE_RANK[actor.role]:
        raise forbidden("Nobody appoints above their own role.", role_field)
    # An OWNER holds every right: appointing one grants them all.
    check_rights_held(actor, ALL_ACCESS_RIGHTS if role == Role.OWNER else rights, rights_field)


def check_rights_held(actor: Actor, rights: Iterable[str], field: Sequence[str]) -> None:
    """Nobody grants a right it does not hold itself."""
    missing = sorted(r for r in set(rights) if not actor.has_right(r))
    if missing:
        raise forbidden(
            f"You cannot grant access rights you do not hold: {', '.join(missing)}.", field
        )


def check_own_membership_change(
    actor: Actor,
    old_role: Role,
    new_role: Role | None,
    old_rights: Iterable[str],
    new_rights: Iterable[str] | None,
) -> None:
    """Nobody raises their own role or grants themselves access rights."""
    if new_role is not None and _ROLE_RANK[new_role] > _ROLE_RANK[old_role]:
        raise forbidden("Nobody raises their own role.", ["role"])
    if new_rights is not None and set(new_rights) - set(old_rights):
        raise forbidden("Nobody grants themselves access rights.", ["accessRights"])


def require_login(actor: Actor, what: str) -> None:
    """Refuse API keys (top-level FORBIDDEN): some things only a login may do."""
    if actor.user is None:
        raise AccessDenied(f"Only a login may {what}, not an API key.")


# Impersonation.


def refuse_lasting_credentials(actor: Actor, what: str) -> None:
    """An impersonation never creates credentials that outlive it: API keys, passwords,
    reset links, accepted invitations (top-level FORBIDDEN)."""
    if actor.impersonator is not None:
        raise AccessDenied(f"An impersonation cannot {what}: it never creates lasting credentials.")


def may_impersonate(actor: Actor, target: Organization) -> bool:
    """Managers logged in as themselves impersonate what they manage (administrators: every
    reseller and customer; reseller managers: everything below their reseller)."""
    return (
        actor.user is not None
        and actor.impersonator is None
        and actor.api_key_id is None
        and target.kind != OrganizationKind.MASTER
        and manages(actor, target)
    )


def check_plan_change(actor: Actor, org: Organization, field: Sequence[str]) -> None:
    """An organization's plan and quota overrides are set from above it: by the managers of
    its owner chain (with the `plans` right, asked first), never by itself."""
    if not manages(actor, org):
        raise forbidden("Only the organizations above it set its plan and quotas.", field)


# Lifecycle levels.


@dataclass(frozen=True)
class Level:
    """The depth of the organization an actor acts from: 0 for the Master, 1 for a
    top-level reseller, ... A suspension or deletion remembers the level that imposed it."""

    depth: int

    @classmethod
    def of(cls, actor: Actor) -> Level:
        return cls(actor.organization.depth)

    def may_lift(self, imposed_at: int | None) -> bool:
        """Only the level that imposed it, or one above, lifts it."""
        return imposed_at is None or self.depth <= imposed_at


def check_lifecycle(actor: Actor, org: Organization, action: str, field: Sequence[str]) -> None:
    """Lifecycle actions are for the managers of the owner chain; a suspension imposed from
    above cannot be lifted (reactivate), nor the organization deleted, restored or purged,
    from below; a deletion imposed from above cannot be restored or purged from below."""
    if not manages(actor, org):
        raise forbidden("You may not change this organization's lifecycle.", field)
    level = Level.of(actor)
    if action in ("reactivate", "delete", "restore", "purge") and not level.may_lift(
        org.suspended_by_depth
    ):
        raise forbidden(
            "It was suspended by the platform or a higher reseller: only they may lift it.",
            field,
        )
    if action in ("restore", "purge") and not level.may_lift(org.deleted_by_depth):
        raise forbidden(
            "It was deleted by the platform or a higher reseller: only they may restore it.",
            field,
        )


async def check_levels_within(
    actor: Actor, org: Organization, field: Sequence[str], *, subtree: bool = False
) -> None:
    """What a level above the actor suspended or deleted stays so, however it is reached.

    Checks `org`, the organizations between the actor's and it, and with `subtree` every
    organization below it: deleting or purging a parent must not destroy a child the
    platform suspended; moving a customer out from under, or copying, what the platform
    blocked must not set it free.
    """
    depth = actor.organization.depth
    above_actor = set(actor.organization.ancestor_ids)
    between = [UUID(hex=part) for part in org.ancestor_ids if part not in above_actor]
    imposed = Q(suspended_by_depth__lt=depth) | Q(deleted_by_depth__lt=depth)
    reached = Q(id__in=between)
    if subtree:
        reached |= Q(**scope.subtree(org.path))
    if await Organization.filter(reached).filter(imposed).exists():
        raise forbidden(
            "The platform or a higher reseller suspended or deleted it, or an organization "
            "on its way: only they may change that.",
            field,
        )
