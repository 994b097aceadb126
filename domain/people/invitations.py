"""Invitations: how an existing login joins another organization.

Naming an email that already has a login (createCustomer, createReseller, copyCustomer,
createUser) never links it, unless it is the actor's own: the membership is offered as an
invitation that grants nothing until the login accepts it and that lapses after
INVITATION_LIFETIME. Even authority over a login is not consent: whoever planted a login
knows its password. So accepting takes both a session of the invited login and the secret
emailed to its address (`acceptInvitation(input: {token})`); `viewer.invitations` lists
what waits, and `declineInvitation` needs only the session. The inviter learns nothing
about the login but that it was invited.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from uuid import UUID

from tortoise.exceptions import IntegrityError
from tortoise.timezone import now
from tortoise.transactions import in_transaction

from domain import authority
from domain.actor import Actor
from domain.errors import AccessDenied, DomainError, ErrorCode, not_found
from domain.events import audit
from domain.hierarchy.status import require_live
from domain.jobs import outbox
from domain.security.tokens import INVITATION_PREFIX, hash_secret, new_secret
from models import Invitation, Membership, Organization, OutboxEmail, User
from models.enums import Role
from settings import get_settings

INVITATION_LIFETIME = timedelta(days=7)


async def offer(
    actor: Actor, org: Organization, user: User, role: Role, rights: list[str]
) -> tuple[Invitation, OutboxEmail]:
    """Invite `user` into `org` (call inside the create's transaction). A pending invitation
    of the same login to the same organization is replaced, with a new secret."""
    settings = get_settings()
    secret = new_secret(INVITATION_PREFIX)
    expires_at = now() + INVITATION_LIFETIME
    await Invitation.filter(user_id=user.id, organization_id=org.id).delete()
    invitation = await Invitation.create(
        organization=org,
        user=user,
        role=role,
        access_rights=sorted(set(rights)),
        token_hash=hash_secret(secret, settings.secret_key),
        invited_by=actor.user,
        expires_at=expires_at,
    )
    email = await outbox.queue(
        "invitation",
        user.email,
        "You were invited to an organization",
        f"You were invited to join {org.name} as {role.lower()}. To accept, log in and open\n"
        f"{settings.public_url}/accept-invitation?token={secret}\n"
        f"before {expires_at:%Y-%m-%d %H:%M} UTC. Until you accept, it gives nobody any "
        "access to your login; if you did not expect it, ignore this email.\n",
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


async def _own_invitation(actor: Actor, **lookup: Any) -> Invitation:
    """A pending invitation of the actor's own login, found by `lookup`; else NOT_FOUND."""
    if actor.user is None:
        raise AccessDenied("Only a login answers its invitations.")
    invitation = (
        await Invitation.filter(user_id=actor.user.id, expires_at__gt=now(), **lookup)
        .select_related("organization")
        .first()
    )
    if invitation is None:
        raise not_found(["token" if "token_hash" in lookup else "id"], "invitation")
    return invitation


async def accept(actor: Actor, token: str) -> Membership:
    """The invited login accepts with the secret from its email: the membership exists from
    now on. Never from inside an impersonation: the impersonator would hand itself a
    lasting membership."""
    authority.refuse_lasting_credentials(actor, "accept invitations")
    secret_hash = hash_secret(token, get_settings().secret_key)
    invitation = await _own_invitation(actor, token_hash=secret_hash)
    try:
        async with in_transaction("default"):
            await require_live(invitation.organization, ["id"], "The organization")
            taken = await Invitation.filter(id=invitation.id).delete()
            if not taken:  # a concurrent accept or decline answered it first
                raise not_found(["token"], "invitation")
            membership = await Membership.create(
                user_id=invitation.user_id,
                organization=invitation.organization,
                role=invitation.role,
                access_rights=invitation.access_rights,
            )
            await audit.record(
                actor,
                "invitation.accept",
                invitation.organization,
                target_type="User",
                target_id=invitation.user_id,
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
    invitation = await _own_invitation(actor, id=invitation_id)
    async with in_transaction("default"):
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
