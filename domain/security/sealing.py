"""Sealed values: encrypted and authenticated with a key derived from SECRET_KEY.

Every sealed thing of the server (paging cursors, TOTP secrets at rest, two-factor login
challenges) goes through `Sealer`: AES-SIV (RFC 5297) from the `cryptography` package, an
audited deterministic AEAD, under a key drawn from SECRET_KEY with HKDF for one purpose
only. The purpose is also the associated data, so a value sealed for one purpose never
opens as another even if two purposes were ever given the same key. A value sealed under
an earlier SECRET_KEY no longer opens.

Deterministic means the same plaintext always gives the same sealed text (cursors rely on
that: clients may compare them); a value that must not be linkable to another carries its
own random bytes.
"""

from __future__ import annotations

import base64
import binascii
import re
from functools import lru_cache

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESSIV
from cryptography.hazmat.primitives.hashes import SHA256
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

# AES-256-SIV takes two 256-bit keys (one authenticates, one encrypts).
_KEY_BYTES = 64
_URL_SAFE_BASE64 = re.compile(r"[A-Za-z0-9_-]+")


class Sealer:
    """Seals and opens byte strings for one purpose, as unpadded URL-safe base64."""

    def __init__(self, secret: str, purpose: str, associated: str | None = None) -> None:
        info = f"tenantry {purpose} key".encode()
        key = HKDF(SHA256(), _KEY_BYTES, salt=None, info=info).derive(secret.encode())
        self._aead = AESSIV(key)
        self._associated = [(associated or f"tenantry {purpose} v1").encode()]

    def seal(self, plaintext: bytes) -> str:
        sealed = self._aead.encrypt(plaintext, self._associated)
        return base64.urlsafe_b64encode(sealed).decode().rstrip("=")

    def open(self, text: str, max_length: int) -> bytes | None:
        """The plaintext, or None for anything `seal` did not write with this key and
        purpose: garbage, a tampered or truncated value, one of another purpose or key."""
        # Only what `seal` writes: a lenient base64 decoder would skip any other
        # character, so that countless strings would open as the same value.
        if len(text) > max_length or not _URL_SAFE_BASE64.fullmatch(text):
            return None
        try:
            sealed = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
        except (ValueError, binascii.Error):
            return None
        try:
            return self._aead.decrypt(sealed, self._associated)
        except InvalidTag:
            return None


@lru_cache(maxsize=16)
def sealer(secret: str, purpose: str, associated: str | None = None) -> Sealer:
    """The sealer of a purpose under a secret key (one per purpose per process)."""
    return Sealer(secret, purpose, associated)
