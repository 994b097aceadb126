"""The `events` query's stream: the events a viewer may read, in position order.

A poller reads forward from a position. Before it reads, the sequencer places whatever has
committed (one EXISTS when nothing is pending), so a poller never waits for the worker to
see its own writes, and nothing placed later can land below the position it reached
(domain/events/sequencer.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from uuid import UUID

from tortoise.queryset import QuerySet

from domain.actor import Actor
from domain.events import audience, sequencer
from domain.events.catalog import actions_of
from models import AuditEvent


@dataclass(frozen=True)
class EventQuery:
    # Event types and families (`organization.*`), already checked; empty: every type.
    types: tuple[str, ...] = ()
    organization_id: UUID | None = None


async def readable(actor: Actor, query: EventQuery) -> tuple[QuerySet[AuditEvent], frozenset[UUID]]:
    """The placed events `actor` may read that match `query`, by position (AccessDenied for
    a customer MEMBER, before anything is placed), and the endpoints the placing gave new
    deliveries to (the caller nudges their workers)."""
    events = audience.readable_events(actor)
    placed = await sequencer.place_pending()
    if query.types:
        events = events.filter(action__in=actions_of(query.types))
    if query.organization_id is not None:
        events = events.filter(organization_id=query.organization_id)
    return events.order_by("position"), placed.endpoints


async def page_after(
    events: QuerySet[AuditEvent], position: int, size: int
) -> Sequence[AuditEvent]:
    """Up to `size` events strictly after `position` (one more tells a next page exists)."""
    return await events.filter(position__gt=position).limit(size + 1)
