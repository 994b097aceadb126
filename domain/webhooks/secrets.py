"""Signing secrets, as Standard Webhooks has them: `whsec_` and the base64 of 32 random
bytes, shown once. Stored sealed (domain/security/sealing.py), never hashed: signing needs the key
itself. A rotated-out secret keeps signing beside the new one for a while, so a receiver
can switch without losing a message (the signature header carries both)."""

from __future__ import annotations

import base64
import secrets
from datetime import timedelta

from tortoise.timezone import now

from domain.security.sealing import sealer
from models import WebhookEndpoint

PREFIX = "whsec_"
KEY_BYTES = 32
# How long the previous secret signs too, after a rotation.
OVERLAP = timedelta(hours=24)
_PURPOSE = "webhook signing secret"
_MAX_SEALED = 200


def new_secret() -> str:
    return PREFIX + base64.b64encode(secrets.token_bytes(KEY_BYTES)).decode()


def key_of(secret: str) -> bytes:
    """The HMAC key a `whsec_` secret stands for."""
    return base64.b64decode(secret.removeprefix(PREFIX))


def seal(secret: str, secret_key: str) -> str:
    return sealer(secret_key, _PURPOSE).seal(secret.encode())


def _open(sealed: str, secret_key: str) -> bytes | None:
    opened = sealer(secret_key, _PURPOSE).open(sealed, _MAX_SEALED)
    return key_of(opened.decode()) if opened is not None else None


def signing_keys(endpoint: WebhookEndpoint, secret_key: str) -> list[bytes]:
    """The keys a delivery to `endpoint` is signed with now: its secret, and the previous
    one while the overlap after a rotation lasts. A secret sealed under another
    SECRET_KEY no longer opens: the endpoint then signs with nothing (its deliveries fail
    until the secret is rotated), never with a guess."""
    keys = [_open(endpoint.secret_sealed, secret_key)]
    expires = endpoint.previous_secret_expires_at
    if endpoint.previous_secret_sealed and expires is not None and expires > now():
        keys.append(_open(endpoint.previous_secret_sealed, secret_key))
    return [key for key in keys if key is not None]
