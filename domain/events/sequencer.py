"""The sequencer: gives committed events their positions, in commit order, and hands each
new event to the webhook endpoints that may see it.

Why not a number taken at insert: two transactions take 5 and 6, the one with 6 commits
first, a poller reads 6 and moves its cursor past 5 for ever. Here positions are given
after commit, by one sequencer at a time (PostgreSQL: a transaction-level advisory lock;
SQLite: `BEGIN IMMEDIATE` already serializes writers), each time above every position
given before. An event committed later is placed later, so a reader whose cursor is at N
has seen every event it ever will below N.

It runs after each request that wrote events (a broker message), and on every scheduler
tick (so a lost message or a broker that was down delays events, never loses them). Both
may run at once: the lock makes the second find nothing left to place.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from uuid import UUID

import orjson
from tortoise import connections
from tortoise.expressions import Q
from tortoise.transactions import in_transaction

from domain.events import audience, payload
from domain.events.catalog import actions_of
from models import AuditEvent, WebhookDelivery, WebhookEndpoint
from models.enums import OrganizationKind

# How many events one pass places (the rest wait for the next pass, which the caller runs
# while a pass comes back full).
BATCH = 500
# pg_advisory_xact_lock key: "tenantry events" (any constant other locks do not use).
_LOCK_KEY = 0x7465_6E61_6E74_7279 & 0x7FFF_FFFF_FFFF_FFFF


@dataclass(frozen=True)
class Placed:
    events: int
    # Endpoints given new deliveries: their delivery workers should run.
    endpoints: frozenset[UUID]


async def place_pending(batch: int = BATCH) -> Placed:
    """Place every committed event not yet placed, and make their deliveries."""
    events, endpoints = 0, set[UUID]()
    while True:
        placed = await place_batch(batch)
        events += placed.events
        endpoints |= placed.endpoints
        if placed.events < batch:
            return Placed(events, frozenset(endpoints))


async def place_batch(batch: int = BATCH) -> Placed:
    """One pass: up to `batch` events placed and delivered to their endpoints."""
    if not await AuditEvent.filter(position__isnull=True).exists():
        return Placed(0, frozenset())  # the usual case: no write lock taken
    async with in_transaction("default") as connection:
        dialect = connection.capabilities.dialect
        if dialect == "postgres":
            await connection.execute_query("SELECT pg_advisory_xact_lock($1)", [_LOCK_KEY])
        top = await _top_position()
        unplaced = (
            await AuditEvent.filter(position__isnull=True).order_by("created_at", "id").limit(batch)
        )
        if not unplaced:
            return Placed(0, frozenset())
        for offset, event in enumerate(unplaced, start=1):
            event.position = top + offset
        await AuditEvent.bulk_update(unplaced, fields=["position"], batch_size=batch)
        endpoints = await _fan_out(unplaced)
    return Placed(len(unplaced), frozenset(endpoints))


async def _top_position() -> int:
    connection = connections.get("default")
    _, rows = await connection.execute_query(
        'SELECT COALESCE(MAX("position"), 0) AS "top" FROM "audit_event"'
    )
    return int(rows[0]["top"])


async def _enabled_endpoints_of(owners: set[UUID]) -> list[WebhookEndpoint]:
    """Enabled endpoints of these organizations, and the platform's (it hears of all)."""
    return (
        await WebhookEndpoint.filter(
            Q(organization_id__in=list(owners)) | Q(organization__kind=OrganizationKind.MASTER),
            enabled=True,
        )
        .select_related("organization")
        .order_by("created_at")
    )


async def _fan_out(events: Sequence[AuditEvent]) -> set[UUID]:
    """One delivery per (endpoint, event) the endpoint's owner may see and asked for,
    rendered for that owner. Only events written after the endpoint was made."""
    endpoints = await _enabled_endpoints_of(
        audience.organizations_on_paths(e.organization_path for e in events)
        | {e.organization_id for e in events if e.organization_id}
    )
    by_id = {event.id: event for event in events}
    deliveries: list[WebhookDelivery] = []
    touched: set[UUID] = set()
    for endpoint in endpoints:
        reader = audience.reader_of(endpoint.organization)
        wanted = audience.readable_events(reader).filter(
            id__in=list(by_id), created_at__gte=endpoint.created_at
        )
        if endpoint.event_types:
            wanted = wanted.filter(action__in=actions_of(endpoint.event_types))
        for event_id in await wanted.values_list("id", flat=True):
            event = by_id[event_id]  # type: ignore[index]
            body = payload.render(event, reader)
            deliveries.append(
                WebhookDelivery(
                    endpoint_id=endpoint.id,
                    event_id=event.id,
                    position=event.position,
                    event_type=body["type"],
                    message_id=message_id(event.id),
                    payload=orjson.dumps(body).decode(),
                )
            )
            touched.add(endpoint.id)
    if deliveries:
        await WebhookDelivery.bulk_create(deliveries, batch_size=500)
    return touched


def message_id(event_id: UUID) -> str:
    """The webhook-id of an event's deliveries: the same on every attempt and endpoint."""
    return f"msg_{event_id.hex}"
