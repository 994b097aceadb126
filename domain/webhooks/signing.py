"""Standard Webhooks signatures: what a receiver checks before it believes a delivery.

The signed content is `{webhook-id}.{webhook-timestamp}.{body}`; each signing key gives
one `v1,<base64 HMAC-SHA256>`, and `webhook-signature` carries them all, space separated,
so a receiver that still holds the secret from before a rotation verifies too. The id is
the delivery's (the same on every attempt, so a receiver can drop repeats); the timestamp
is the attempt's own, so a receiver may refuse old replays.
"""

from __future__ import annotations

import base64
import hashlib
import hmac

from domain.webhooks import secrets
from models import WebhookDelivery, WebhookEndpoint


class Unsignable(Exception):
    """No key opens for the endpoint: nothing is sent (never an unsigned delivery)."""


def signature(keys: list[bytes], message_id: str, timestamp: int, body: bytes) -> str:
    """The `webhook-signature` value of one message under these keys."""
    content = f"{message_id}.{timestamp}.".encode() + body
    return " ".join(
        "v1," + base64.b64encode(hmac.new(key, content, hashlib.sha256).digest()).decode()
        for key in keys
    )


def headers(
    endpoint: WebhookEndpoint, delivery: WebhookDelivery, secret_key: str, timestamp: int
) -> dict[str, str]:
    """The three Standard Webhooks headers of one attempt; Unsignable without a key."""
    keys = secrets.signing_keys(endpoint, secret_key)
    if not keys:
        raise Unsignable(
            "the endpoint's signing secret cannot be opened with this server's SECRET_KEY "
            "(rotate the secret)"
        )
    return {
        "webhook-id": delivery.message_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": signature(
            keys, delivery.message_id, timestamp, delivery.payload.encode()
        ),
    }
