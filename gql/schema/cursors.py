"""Opaque, sealed keyset cursors.

A cursor names a position in one ordered list: the sort key values of a row and its id
(the tiebreaker), so the next page starts right after that row however many rows were
inserted or deleted meanwhile. It also names the list and its order (its "fingerprint"),
so a cursor of another list, or of the same list in another order, is refused instead of
silently answering a page that starts somewhere meaningless.

Cursors are sealed with the server's SECRET_KEY: the payload is encrypted (a sort key can
be a value the caller may not read, such as a login time) and authenticated, so a
tampered, truncated or forged cursor is refused before anything of it reaches SQL. The
construction is deterministic authenticated encryption in the SIV style: the tag is a
keyed BLAKE2b of the plaintext and also the nonce of a SHAKE-256 key stream, so the same
position always gives the same cursor (clients may compare them) and equal cursors are all
an observer learns.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
from datetime import datetime
from functools import lru_cache
from typing import Any
from uuid import UUID

from gql.errors import bad_request

_TAG_BYTES = 16
# Far above any real cursor (a few sort values and an id); refused before decoding.
MAX_CURSOR_LENGTH = 2_000


def _encode_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return {"t": value.isoformat()}
    if isinstance(value, UUID):
        return {"u": value.hex}
    return value  # str (StrEnum members included), int, None


def _decode_value(value: Any) -> Any:
    if isinstance(value, dict):
        if "t" in value:
            return datetime.fromisoformat(value["t"])
        return UUID(hex=value["u"])
    return value


def _xor(data: bytes, stream: bytes) -> bytes:
    return (int.from_bytes(data) ^ int.from_bytes(stream)).to_bytes(len(data))


class CursorCodec:
    """Seals and opens cursors with keys derived from one secret."""

    def __init__(self, secret: str) -> None:
        root = secret.encode()
        self._mac_key = hmac.digest(root, b"tenantry cursor tag", "sha256")
        self._stream_key = hmac.digest(root, b"tenantry cursor stream", "sha256")
        # Memoised per codec: a page of 100 rows encodes 100 cursors, and the same rows come
        # back page after page. Bounded, so a crawl through every row cannot grow it.
        self._sealed = lru_cache(maxsize=16_384)(self._seal)

    def _stream(self, tag: bytes, length: int) -> bytes:
        return hashlib.shake_256(self._stream_key + tag).digest(length)

    def _tag(self, plaintext: bytes) -> bytes:
        return hashlib.blake2b(plaintext, key=self._mac_key, digest_size=_TAG_BYTES).digest()

    def encode(self, fingerprint: str, key: tuple[Any, ...]) -> str:
        """The cursor of the row with sort `key` (its id last) in the list `fingerprint`."""
        return self._sealed(fingerprint, key)

    def _seal(self, fingerprint: str, key: tuple[Any, ...]) -> str:
        plaintext = json.dumps(
            [fingerprint, [_encode_value(v) for v in key]], separators=(",", ":")
        ).encode()
        tag = self._tag(plaintext)
        sealed = tag + _xor(plaintext, self._stream(tag, len(plaintext)))
        return base64.urlsafe_b64encode(sealed).decode().rstrip("=")

    def decode(self, cursor: str, fingerprint: str, argument: str) -> tuple[Any, ...]:
        """The sort key a cursor of list `fingerprint` holds; BAD_REQUEST for anything
        else: garbage, a tampered or truncated cursor, another list's or order's."""
        invalid = bad_request(f"`{argument}` is not a valid cursor.")
        if len(cursor) > MAX_CURSOR_LENGTH:
            raise invalid
        try:
            sealed = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        except (ValueError, binascii.Error):
            raise invalid from None
        tag, body = sealed[:_TAG_BYTES], sealed[_TAG_BYTES:]
        if len(tag) < _TAG_BYTES or not body:
            raise invalid
        plaintext = _xor(body, self._stream(tag, len(body)))
        if not hmac.compare_digest(tag, self._tag(plaintext)):
            raise invalid
        # Authentic, so written by `encode`: its shape needs no further checking.
        owner, values = json.loads(plaintext)
        if owner != fingerprint:
            raise bad_request(
                f"`{argument}` is a cursor of another list or another order of this list."
            )
        return tuple(_decode_value(v) for v in values)


@lru_cache(maxsize=4)
def codec_for(secret: str) -> CursorCodec:
    """The codec of a secret key (one per process in practice)."""
    return CursorCodec(secret)
