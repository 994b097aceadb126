"""The audit trail: one event per successful change, written in the change's transaction."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from domain.actor import Actor
from models import AuditEvent, Organization


async def record(
    actor: Actor,
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
    """
    if target_id is None and organization is not None and target_type == "Organization":
        target_id = organization.id
    return await AuditEvent.create(
        action=action,
        actor=actor.user,
        actor_email=actor.user.email if actor.user else f"api-key:{actor.api_key_id}",
        impersonator=actor.impersonator,
        impersonator_email=actor.impersonator.email if actor.impersonator else None,
        api_key_id=actor.api_key_id,
        organization=organization,
        organization_path=organization.path if organization else "",
        target_type=target_type,
        target_id=target_id,
        target_name=target_name if target_name is not None else getattr(organization, "name", ""),
        summary=summary or {},
        ip=actor.ip,
    )
