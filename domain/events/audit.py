"""The audit trail: one event per successful change, written in the change's transaction."""

from __future__ import annotations

import copy
from typing import Any
from uuid import UUID

from domain.actor import Actor
from domain.events import written
from domain.events.catalog import event_type_of
from models import AuditEvent, Organization
from models.enums import OrganizationKind

SYSTEM = "system"


async def record(
    actor: Actor | None,
    action: str,
    organization: Organization | None,
    *,
    target_type: str = "Organization",
    target_id: UUID | None = None,
    target_name: str | None = None,
    summary: dict[str, Any] | None = None,
) -> AuditEvent:
    """Write one audit event. Call inside the transaction of the change it describes, so a
    change never lands without its event and a failed change leaves none.

    `organization` is the one the event belongs to (whose log shows it); the target defaults
    to that organization. Names and paths are copied so the event outlives a purge.
    `actor` None is the platform itself (the scheduler's retention sweep).

    Every audit event is also an event of the event stream (`domain.events`): the action
    must have its event type in the catalog, and the request is marked so that the
    sequencer places the event once the transaction has committed.
    """
    event_type_of(action)  # UnknownAction for an action missing from the catalog
    written.note_written()
    if target_id is None and organization is not None and target_type == "Organization":
        target_id = organization.id
    if actor is None:
        actor_email = SYSTEM
    elif actor.user is not None:
        actor_email = actor.user.email
    else:
        actor_email = f"api-key:{actor.api_key_id}"
    return await AuditEvent.create(
        action=action,
        actor=actor.user if actor else None,
        actor_email=actor_email,
        impersonator=actor.impersonator if actor else None,
        impersonator_email=actor.impersonator.email if actor and actor.impersonator else None,
        api_key_id=actor.api_key_id if actor else None,
        actor_organization_id=actor.organization.id if actor else None,
        organization=organization,
        organization_path=organization.path if organization else "",
        target_type=target_type,
        target_id=target_id,
        target_name=target_name if target_name is not None else getattr(organization, "name", ""),
        summary=summary or {},
        ip=actor.ip if actor else None,
    )


# What a customer sees instead of the email of someone acting from above it.
PROVIDER = "provider"
# Summary keys that name the organizations managing the target.
_OWNER_KEYS = ("from", "to")
# Summary keys that tell where in the tree whoever acted sits: an expiry date's setter's
# depth (expiry.LEVEL_KEY), 0 for the platform, 2 for a sub-reseller, which would tell a
# customer whether the platform or which level of resellers manages it.
_PROVIDER_STRUCTURE_KEYS = ("expiryLevel",)


def as_seen_by(actor: Actor, event: AuditEvent) -> AuditEvent:
    """The event as the actor may read it. A customer never learns who manages it
    (Organization.owner is hidden from it), so in its own log the staff of the
    organizations above it, and whoever impersonated its owner, appear as PROVIDER,
    without an address, a move does not name the owners, and an expiry date does not
    tell at which level of the tree it was set. Everyone else reads events
    as recorded."""
    if actor.organization.kind != OrganizationKind.CUSTOMER:
        return event
    from_inside = event.actor_organization_id == actor.organization.id
    if from_inside and not event.impersonator_email:
        return event
    shown = copy.copy(event)  # only this reader's view changes; nothing is saved
    if not from_inside:
        shown.actor_email = PROVIDER
    # An impersonation is shown as such, but not whose: the impersonator is its provider's.
    shown.impersonator_email = PROVIDER if event.impersonator_email else None
    shown.ip = None
    hidden = _PROVIDER_STRUCTURE_KEYS + (_OWNER_KEYS if event.action == "organization.move" else ())
    if any(key in event.summary for key in hidden):
        shown.summary = {k: v for k, v in event.summary.items() if k not in hidden}
    return shown
