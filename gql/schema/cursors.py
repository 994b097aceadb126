"""Opaque, sealed keyset cursors.

A cursor names a position in one ordered list: the sort key values of a row and its id
(the tiebreaker), so the next page starts right after that row however many rows were
inserted or deleted meanwhile. It also names the list and its order (its "fingerprint"),
so a cursor of another list, or of the same list in another order, is refused instead of
silently answering a page that starts somewhere meaningless.

Cursors are sealed with a key derived from the server's SECRET_KEY: the payload is
encrypted (a sort key can be a value the caller may not read, such as a login time) and
authenticated, so a tampered, truncated or forged cursor is refused before anything of it
reaches SQL. The seal is the server's one sealing helper (domain/security/sealing.py, AES-SIV):
deterministic, so the same position always gives the same cursor (clients may compare
them), and equal cursors are all an observer learns. A cursor sealed under an earlier
SECRET_KEY no longer opens: it is refused like any other invalid cursor.
"""

from __future__ import annotations

import json
from datetime import datetime
from functools import lru_cache
from typing import Any
from uuid import UUID

from domain.security.sealing import Sealer
from gql.errors import bad_request

# The purpose and associated data cursors were sealed with from the start (changing them
# would invalidate every cursor a client holds across a deploy).
_PURPOSE = "paging cursor"
_ASSOCIATED_DATA = "tenantry paging cursor v1"
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


class CursorCodec:
    """Seals and opens cursors with a key derived from one secret."""

    def __init__(self, secret: str) -> None:
        self._sealer = Sealer(secret, _PURPOSE, _ASSOCIATED_DATA)
        # Memoised per codec: a page of 100 rows encodes 100 cursors, and the same rows come
        # back page after page. Bounded, so a crawl through every row cannot grow it.
        self._sealed = lru_cache(maxsize=16_384)(self._seal)

    def encode(self, fingerprint: str, key: tuple[Any, ...]) -> str:
        """The cursor of the row with sort `key` (its id last) in the list `fingerprint`."""
        return self._sealed(fingerprint, key)

    def _seal(self, fingerprint: str, key: tuple[Any, ...]) -> str:
        plaintext = json.dumps(
            [fingerprint, [_encode_value(v) for v in key]], separators=(",", ":")
        ).encode()
        return self._sealer.seal(plaintext)

    def list_of(self, cursor: str) -> str | None:
        """The list (fingerprint) an authentic cursor was issued for; None for garbage. For a
        list that can say more than "another list" about a cursor that is not its own."""
        plaintext = self._sealer.open(cursor, MAX_CURSOR_LENGTH)
        if plaintext is None:
            return None
        owner: str = json.loads(plaintext)[0]
        return owner

    def decode(self, cursor: str, fingerprint: str, argument: str) -> tuple[Any, ...]:
        """The sort key a cursor of list `fingerprint` holds; BAD_REQUEST for anything
        else: garbage, a tampered or truncated cursor, another list's or order's."""
        plaintext = self._sealer.open(cursor, MAX_CURSOR_LENGTH)
        if plaintext is None:  # garbage, forged, tampered, truncated, or another key's
            raise bad_request(f"`{argument}` is not a valid cursor.")
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
