"""Opaque bearer secrets: 256 random bits, shown once, stored only as a keyed hash.

The hash is an HMAC under SECRET_KEY, so a copy of the database alone can neither use nor
confirm a token. Rotating SECRET_KEY therefore ends every session and API key.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

SESSION_PREFIX = "tnt_"
API_KEY_PREFIX = "tnk_"
RESET_PREFIX = "tnr_"
INVITATION_PREFIX = "tni_"


def new_secret(prefix: str) -> str:
    return prefix + secrets.token_urlsafe(32)


def hash_secret(secret: str, key: str) -> str:
    return hmac.new(key.encode("utf-8"), secret.encode("utf-8"), hashlib.sha256).hexdigest()
