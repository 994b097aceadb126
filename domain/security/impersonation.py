"""Impersonation ("log in as customer", SPEC §5): a short-lived token acting as the target
organization's OWNER, with the impersonator recorded on it and on every audit event."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from uuid import UUID

from tortoise.timezone import now
from tortoise.transactions import in_transaction

from domain import authority, scope, validation
from domain.actor import Actor
from domain.errors import AccessDenied, DomainError, ErrorCode, not_found
from domain.events import audit
from domain.hierarchy.status import effective_status
from domain.security import sessions
from domain.security.tokens import SESSION_PREFIX, hash_secret, new_secret
from models import Membership, SessionToken
from models.enums import OrganizationStatus, Role

LIFETIME = timedelta(minutes=30)


@dataclass(frozen=True)
class Impersonation:
    token: str
    expires_at: datetime
    membership: Membership


async def start(
    actor: Actor,
    organization_id: UUID,
    reason: str | None,
    *,
    secret_key: str,
    user_agent: str | None = None,
) -> Impersonation:
    """Administrators: any reseller or customer. Resellers: below them only. Never upwards,
    sideways, by support staff (MEMBERs), by API keys, or from inside an impersonation."""
    if actor.user is None or actor.impersonator is not None or not actor.can_manage:
        raise AccessDenied("Only managers logged in as themselves may impersonate.")
    scope.require_organization_manager(actor)
    target = await scope.visible_organizations(actor).filter(id=organization_id).first()
    if target is None or not authority.may_impersonate(actor, target):
        # Itself, upwards and sideways answer as if it did not exist.
        raise not_found(["organizationId"], "organization")
    if await effective_status(target) != OrganizationStatus.ACTIVE:
        raise DomainError(
            ErrorCode.INVALID_STATE, "Only an active organization.", ["organizationId"]
        )
    owner = (
        await Membership.filter(organization=target, role=Role.OWNER)
        .select_related("user", "organization")
        .order_by("created_at")
        .first()
    )
    if owner is None:
        raise DomainError(ErrorCode.INVALID_STATE, "It has no owner to act as.", ["organizationId"])
    cleaned = validation.text(reason or "", ["reason"], max_length=500, multiline=True) or None
    token = new_secret(SESSION_PREFIX)
    expires_at = now() + LIFETIME
    async with in_transaction("default"):
        await SessionToken.create(
            token_hash=hash_secret(token, secret_key),
            user=owner.user,
            membership=owner,
            impersonator=actor.user,
            impersonator_membership_id=actor.membership_id,
            impersonation_reason=cleaned,
            expires_at=expires_at,
            ip=actor.ip,
            user_agent=sessions.clean_user_agent(user_agent),
        )
        # In the customer's own log too: it may see who looked.
        await audit.record(
            actor,
            "organization.impersonate",
            target,
            summary={"as": owner.user.email, "reason": cleaned},
        )
    return Impersonation(token=token, expires_at=expires_at, membership=owner)


async def end(actor: Actor) -> bool:
    """Revoke the impersonation token this request came with ("Back to admin")."""
    authority.require_login(actor, "end impersonations")
    if actor.impersonator is None or actor.session_id is None:
        raise DomainError(ErrorCode.INVALID_STATE, "This session is not an impersonation.")
    async with in_transaction("default"):
        revoked = await SessionToken.filter(id=actor.session_id, revoked_at__isnull=True).update(
            revoked_at=now()
        )
        await audit.record(actor, "organization.end_impersonation", actor.organization)
    return revoked > 0
