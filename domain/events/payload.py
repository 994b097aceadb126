"""An event as one reader may see it: the JSON a webhook receives and `events` returns.

The reader is an organization (a webhook endpoint's owner, or the viewer's): the audit
log's own rules say what it may read (`audit.as_seen_by`: a customer never learns who
manages it). Ids are global ids, usable in `node(id)`; nothing secret is ever in an event
(the audit summary holds none: no password, token, code or secret is recorded).
"""

from __future__ import annotations

from datetime import UTC
from typing import Any

from domain.actor import Actor
from domain.events import audit
from domain.events.catalog import EVENT_OF_ACTION, PAYLOAD_VERSION
from domain.global_ids import global_id
from models import AuditEvent


def timestamp(event: AuditEvent) -> str:
    """RFC 3339 in UTC with a Z, as Standard Webhooks payloads carry it."""
    return event.created_at.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _actor(event: AuditEvent) -> dict[str, Any]:
    if event.actor_email == audit.PROVIDER:
        actor: dict[str, Any] = {"type": "provider"}
    elif event.actor_email == audit.SYSTEM:
        actor = {"type": "system"}
    elif event.api_key_id is not None:
        actor = {"type": "api_key", "id": global_id("ApiKey", event.api_key_id)}
    else:
        actor_id = event.actor_id
        actor = {
            "type": "user",
            "id": global_id("User", actor_id) if actor_id else None,
            "email": event.actor_email,
        }
    if event.impersonator_email == audit.PROVIDER:
        actor["impersonatedBy"] = {"type": "provider"}
    elif event.impersonator_email:
        impersonator_id = event.impersonator_id
        actor["impersonatedBy"] = {
            "type": "user",
            "id": global_id("User", impersonator_id) if impersonator_id else None,
            "email": event.impersonator_email,
        }
    return actor


def event_type_name(action: str) -> str:
    """The event type of a stored action. An action no longer in the catalog (a row from
    an older release) is shown as itself rather than failing the whole batch."""
    kind = EVENT_OF_ACTION.get(action)
    return kind.name if kind else action


def render(event: AuditEvent, reader: Actor) -> dict[str, Any]:
    """The Standard Webhooks payload (`type`, `timestamp`, `data`) of a placed event, for
    a reader allowed to see it (the caller checked that)."""
    shown = audit.as_seen_by(reader, event)
    organization_id = event.organization_id
    data: dict[str, Any] = {
        "version": PAYLOAD_VERSION,
        "id": global_id("AuditEvent", event.id),
        "position": event.position,
        "action": event.action,
        "organization": (
            {"id": global_id("Organization", organization_id)} if organization_id else None
        ),
        "target": {
            "type": event.target_type,
            "id": global_id(event.target_type, event.target_id) if event.target_id else None,
            "name": event.target_name,
        },
        "actor": _actor(shown),
        "details": shown.summary,
    }
    return {
        "type": event_type_name(event.action),
        "timestamp": timestamp(event),
        "data": data,
    }
