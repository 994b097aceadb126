"""Idempotent creates: a retried call with the same key by the same caller gets the first
result back instead of a second object (kept for 24 hours at least).

A replay is answered as the caller stands now: what it can no longer see (moved away,
purged, or its own scope changed) is NOT_FOUND, never someone else's data. The same key
with a different request is IDEMPOTENCY_MISMATCH: each record keeps a fingerprint of the
request that wrote it, inside its `result` (records written before fingerprints existed
have none, and replay as they always did).
"""

from __future__ import annotations

import dataclasses
import hashlib
import hmac
import json
from datetime import timedelta
from typing import Any

from tortoise.timezone import now

from domain.actor import Actor
from domain.errors import DomainError, ErrorCode
from domain.validation import has_control_characters
from models import IdempotencyRecord

KEEP_FOR = timedelta(hours=48)
MAX_KEY_LENGTH = 200
_FINGERPRINT = "fingerprint"


def caller_key(actor: Actor) -> str:
    """Keys are per caller: the same key from two callers names two different requests."""
    if actor.api_key_id is not None:
        return f"key:{actor.api_key_id}"
    return f"user:{actor.user.id if actor.user else 'unknown'}"


def validate_key(key: str | None) -> str | None:
    """The key as given, or INVALID when it is blank or too long (None: no key)."""
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


def _plain(value: object) -> object:
    """JSON for what json does not know: ids as text, sets sorted (their order is none)."""
    if isinstance(value, set | frozenset):
        return sorted(str(item) for item in value)
    return str(value)


def fingerprint(operation: str, request: Any, secret_key: str) -> str:
    """The fingerprint of a create's request (a dataclass; its idempotency key left out):
    an HMAC-SHA256 of its canonical JSON. Keyed rather than a bare SHA-256 because the
    request may hold the new login's password, which a copy of the database must not be
    able to guess at offline."""
    fields = dataclasses.asdict(request)
    fields.pop("idempotency_key", None)
    canonical = json.dumps(
        {"operation": operation, "request": fields},
        sort_keys=True,
        separators=(",", ":"),
        default=_plain,
    )
    return hmac.new(secret_key.encode(), canonical.encode(), hashlib.sha256).hexdigest()


async def recall(
    actor: Actor, operation: str, key: str | None, request_fingerprint: str | None = None
) -> dict[str, Any] | None:
    """The stored result of an earlier call with this key, if it is still kept.

    IDEMPOTENCY_MISMATCH when that call's request was not this one.
    """
    if key is None:
        return None
    record = await IdempotencyRecord.get_or_none(
        actor_key=caller_key(actor), operation=operation, key=key, expires_at__gt=now()
    )
    if record is None:
        return None
    result = dict(record.result)
    stored = result.pop(_FINGERPRINT, None)
    if stored is not None and request_fingerprint is not None and stored != request_fingerprint:
        raise DomainError(
            ErrorCode.IDEMPOTENCY_MISMATCH,
            "This idempotency key was used for a different request: use a new key for a "
            "new request, or repeat the first one exactly.",
            ["idempotencyKey"],
        )
    return result


async def remember(
    actor: Actor,
    operation: str,
    key: str | None,
    result: dict[str, Any],
    request_fingerprint: str | None = None,
) -> None:
    """Store a result (and the fingerprint of its request); call in the create's
    transaction. A concurrent twin with the same key fails here on the unique constraint,
    rolling its own create back."""
    if key is None:
        return
    await IdempotencyRecord.filter(
        actor_key=caller_key(actor), operation=operation, key=key, expires_at__lte=now()
    ).delete()
    if request_fingerprint is not None:
        result = {**result, _FINGERPRINT: request_fingerprint}
    await IdempotencyRecord.create(
        actor_key=caller_key(actor),
        operation=operation,
        key=key,
        result=result,
        expires_at=now() + KEEP_FOR,
    )


def gone() -> DomainError:
    """A replay whose first result the caller can no longer see, or that no longer exists:
    one answer for both, so a replay tells nothing about other tenants."""
    return DomainError(
        ErrorCode.NOT_FOUND,
        "What the first call with this idempotency key created no longer exists or is no "
        "longer yours to see.",
        ["idempotencyKey"],
    )
