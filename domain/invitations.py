"""Invitations: how an existing login joins an organization whose staff do not administer it.

Naming an email that already has a login (createCustomer, createReseller, copyCustomer,
createUser) links it only when the actor has authority over that login (domain/authority.py).
Otherwise the membership is offered: an invitation that grants nothing until the login
accepts it (`viewer.invitations`, `acceptInvitation`, `declineInvitation`) and expires after
INVITATION_LIFETIME. The inviter learns nothing about the login but that it was invited.
"""

from __future__ import annotations

from datetime import timedelta
from uuid import UUID

from tortoise.exceptions import IntegrityError
from tortoise.timezone import now
from tortoise.transactions import in_transaction

from domain import audit, authority, outbox
from domain.actor import Actor
from domain.errors import AccessDenied, DomainError, ErrorCode, not_found
from domain.status import require_live
from models import Invitation, Membership, Organization, OutboxEmail, User
from models.enums import Role

INVITATION_LIFETIME = timedelta(days=7)


async def offer(
    actor: Actor, org: Organization, user: User, role: Role, rights: list[str]
) -> tuple[Invitation, OutboxEmail]:
    """Invite `user` into `org` (call inside the create's transaction). A pending invitation
    of the same login to the same organization is renewed rather than duplicated."""
    expires_at = now() + INVITATION_LIFETIME
    await Invitation.filter(user_id=user.id, organization_id=org.id).delete()
    invitation = await Invitation.create(
        organization=org,
        user=user,
        role=role,
        access_rights=sorted(set(rights)),
        invited_by=actor.user,
        expires_at=expires_at,
    )
    email = await outbox.queue(
        "invitation",
        user.email,
        "You were invited to an organization",
        f"You were invited to join {org.name} as {role.lower()}. Log in and accept or decline "
        f"the invitation before {expires_at:%Y-%m-%d %H:%M} UTC; until you accept, it gives "
        "nobody any access to your login.\n",
    )
    await audit.record(
        actor,
        "invitation.create",
        org,
        target_type="Invitation",
        target_id=invitation.id,
        target_name=user.email,
        summary={"role": role},
    )
    return invitation, email


async def pending(user_id: UUID) -> list[Invitation]:
    """The login's invitations that can still be accepted, newest first."""
    return (
        await Invitation.filter(user_id=user_id, expires_at__gt=now())
        .select_related("organization")
        .order_by("-created_at")
    )


async def pending_in(organization_id: UUID) -> list[Invitation]:
    """The organization's invitations that can still be accepted, oldest first."""
    return (
        await Invitation.filter(organization_id=organization_id, expires_at__gt=now())
        .select_related("organization", "user")
        .order_by("created_at")
    )


async def _own_invitation(actor: Actor, invitation_id: UUID) -> Invitation:
    if actor.user is None:
        raise AccessDenied("Only a login answers its invitations.")
    invitation = (
        await Invitation.filter(id=invitation_id, user_id=actor.user.id, expires_at__gt=now())
        .select_related("organization")
        .first()
    )
    if invitation is None:
        raise not_found(["id"], "invitation")
    return invitation


async def accept(actor: Actor, invitation_id: UUID) -> Membership:
    """The invited login accepts: the membership exists from now on. Never from inside an
    impersonation: the impersonator would hand itself a lasting membership."""
    authority.refuse_lasting_credentials(actor, "accept invitations")
    invitation = await _own_invitation(actor, invitation_id)
    try:
        async with in_transaction():
            await require_live(invitation.organization, ["id"], "The organization")
            taken = await Invitation.filter(id=invitation.id).delete()
            if not taken:  # a concurrent accept or decline answered it first
                raise not_found(["id"], "invitation")
            membership = await Membership.create(
                user_id=invitation.user_id,  # type: ignore[attr-defined]
                organization=invitation.organization,
                role=invitation.role,
                access_rights=invitation.access_rights,
            )
            await audit.record(
                actor,
                "invitation.accept",
                invitation.organization,
                target_type="User",
                target_id=invitation.user_id,  # type: ignore[attr-defined]
                target_name=actor.user.email if actor.user else "",
                summary={"role": invitation.role},
            )
    except IntegrityError:
        raise DomainError(
            ErrorCode.INVALID_STATE, "You are already a member of this organization.", ["id"]
        ) from None
    return membership


async def decline(actor: Actor, invitation_id: UUID) -> UUID:
    """The invited login declines: the invitation is gone, nothing was ever granted."""
    invitation = await _own_invitation(actor, invitation_id)
    async with in_transaction():
        await Invitation.filter(id=invitation.id).delete()
        await audit.record(
            actor,
            "invitation.decline",
            invitation.organization,
            target_type="Invitation",
            target_id=invitation.id,
            target_name=actor.user.email if actor.user else "",
        )
    return invitation.id
