"""Idempotent creates: a retried call with the same key by the same caller gets the first
result back instead of a second object (kept for 24 hours at least)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from tortoise.timezone import now

from domain.actor import Actor
from domain.errors import DomainError, ErrorCode
from domain.validation import has_control_characters
from models import IdempotencyRecord

KEEP_FOR = timedelta(hours=48)
MAX_KEY_LENGTH = 200


def caller_key(actor: Actor) -> str:
    """Keys are per caller: the same key from two callers names two different requests."""
    if actor.api_key_id is not None:
        return f"key:{actor.api_key_id}"
    return f"user:{actor.user.id if actor.user else 'unknown'}"


def validate_key(key: str | None) -> str | None:
    if key is None:
        return None
    if not key.strip() or len(key) > MAX_KEY_LENGTH or has_control_characters(key):
        raise DomainError(
            ErrorCode.INVALID,
            f"An idempotency key is 1 to {MAX_KEY_LENGTH} characters, none of them control "
            "characters.",
            ["idempotencyKey"],
        )
    return key


async def recall(actor: Actor, operation: str, key: str | None) -> dict[str, Any] | None:
    """The stored result of an earlier call with this key, if it is still kept."""
    if key is None:
        return None
    record = await IdempotencyRecord.get_or_none(
        actor_key=caller_key(actor), operation=operation, key=key, expires_at__gt=now()
    )
    return dict(record.result) if record else None


async def remember(actor: Actor, operation: str, key: str | None, result: dict[str, Any]) -> None:
    """Store a result; call in the create's transaction. A concurrent twin with the same key
    fails here on the unique constraint, rolling its own create back."""
    if key is None:
        return
    await IdempotencyRecord.filter(
        actor_key=caller_key(actor), operation=operation, key=key, expires_at__lte=now()
    ).delete()
    await IdempotencyRecord.create(
        actor_key=caller_key(actor),
        operation=operation,
        key=key,
        result=result,
        expires_at=now() + KEEP_FOR,
    )
