"""Export tickets: a short-lived credential to put in an export link.

A browser follows a download link without an Authorization header, so `exportTicket`
seals the caller's own token, with an expiry, into an opaque value that only the export
endpoint accepts (`/export/<list>.csv?ticket=…`). Opening it gives back the token, which
then authenticates exactly as in the header: a logout, a password reset, a disabled login
or a suspension in the meantime refuse the export as they refuse the token. A ticket that
leaks (browser history, a proxy's log) exports for at most TICKET_LIFETIME and never reveals
the token: it is sealed with AES-SIV under a key of its own derived from SECRET_KEY, like
the paging cursors (gql/schema/cursors.py).
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from datetime import datetime, timedelta

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESSIV
from cryptography.hazmat.primitives.hashes import SHA256
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

# Long enough to click a link a page just rendered, short enough to be no session.
TICKET_LIFETIME = timedelta(minutes=5)
_KEY_PURPOSE = b"tenantry export ticket key"
_ASSOCIATED_DATA = [b"tenantry export ticket v1"]
# Far above a sealed token and its expiry; refused before decoding.
MAX_TICKET_LENGTH = 1_000
_URL_SAFE_BASE64 = re.compile(r"[A-Za-z0-9_-]+")


class TicketExpired(Exception):
    """An authentic ticket whose lifetime has passed."""


def _aead(secret: str) -> AESSIV:
    return AESSIV(HKDF(SHA256(), 64, salt=None, info=_KEY_PURPOSE).derive(secret.encode()))


def seal(secret: str, token: str, now: datetime) -> tuple[str, datetime]:
    """A ticket for `token` and when it expires."""
    expires_at = now + TICKET_LIFETIME
    plaintext = json.dumps([token, expires_at.timestamp()]).encode()
    sealed = _aead(secret).encrypt(plaintext, _ASSOCIATED_DATA)
    return base64.urlsafe_b64encode(sealed).decode().rstrip("="), expires_at


def open_ticket(secret: str, ticket: str, now: datetime) -> str | None:
    """The token a ticket holds; None for anything that is no ticket of this server;
    TicketExpired for one of ours whose time has passed."""
    if len(ticket) > MAX_TICKET_LENGTH or not _URL_SAFE_BASE64.fullmatch(ticket):
        return None
    try:
        sealed = base64.urlsafe_b64decode(ticket + "=" * (-len(ticket) % 4))
        plaintext = _aead(secret).decrypt(sealed, _ASSOCIATED_DATA)
    except (ValueError, binascii.Error, InvalidTag):
        return None
    token, expires = json.loads(plaintext)
    if now.timestamp() >= expires:
        raise TicketExpired
    return str(token)
