"""Delivery of an endpoint's events (placeholder: the delivery worker lands next)."""

from __future__ import annotations

from uuid import UUID

from settings import Settings


async def run_endpoint(endpoint_id: UUID, settings: Settings) -> None:
    """Send an endpoint's due deliveries in position order (to be written)."""
    del endpoint_id, settings


async def due_endpoints() -> list[UUID]:
    """Enabled endpoints with deliveries due and no live worker (to be written)."""
    return []
