"""The form of a webhook endpoint's URL, checked when it is saved.

Only the form: whether the host may be reached (no private or loopback address) is decided
at each delivery, on the address the name resolves to then, since a name can be pointed
elsewhere at any time after it was saved.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from domain.errors import DomainError, ErrorCode
from domain.validation import has_control_characters
from domain.webhooks.address_guard import ascii_host

MAX_LENGTH = 2000  # the column's length


def _refuse(message: str, field: list[str]) -> DomainError:
    return DomainError(ErrorCode.INVALID, message, field)


def checked(value: str, field: list[str], *, https_only: bool) -> str:
    """`value` trimmed, when it is an absolute http(s) URL a receiver can be called at;
    INVALID naming `field` otherwise. `https_only` (production): signed events carry
    customers' data, which must not cross the network in clear."""
    cleaned = value.strip()
    if not cleaned:
        raise _refuse("An endpoint needs a URL.", field)
    if len(cleaned) > MAX_LENGTH:
        raise _refuse(f"A URL is limited to {MAX_LENGTH} characters.", field)
    # Whitespace and control characters (NUL among them) are read differently by
    # different parsers; a backslash is a path separator to some: none belongs in a URL.
    if has_control_characters(cleaned) or any(c.isspace() or c == "\\" for c in cleaned):
        raise _refuse("A URL cannot contain spaces, backslashes or control characters.", field)
    try:
        parts = urlsplit(cleaned)
        host = parts.hostname
        port = parts.port  # raises ValueError for a port that is not a number in range
    except ValueError:  # an unclosed [IPv6 literal, a bad port
        raise _refuse("This is not a valid URL.", field) from None
    if port == 0:
        # No receiver listens on port 0; the delivery would have gone to the scheme's
        # default port instead, while the URL and the Host header said 0.
        raise _refuse("A URL's port cannot be 0.", field)
    allowed = ("https",) if https_only else ("http", "https")
    if parts.scheme.lower() not in allowed:
        raise _refuse("Use an https:// URL." if https_only else "Use an http(s):// URL.", field)
    if not host:
        raise _refuse("The URL needs a host.", field)
    if ascii_host(host) is None:
        raise _refuse("The URL's host is not a valid (internationalized) name.", field)
    if "@" in parts.netloc:
        # Credentials in the URL would be stored and shown in clear; the signature is what
        # proves a delivery to the receiver.
        raise _refuse("A URL cannot carry a user name or password.", field)
    if parts.fragment or cleaned.endswith("#"):
        raise _refuse("A URL cannot have a #fragment (it is never sent).", field)
    return cleaned


def origin(url: str) -> str:
    """scheme://host[:port] of a checked URL: what audit events name an endpoint by. The
    path and query stay out of the log, since receivers often put a token there."""
    parts = urlsplit(url)
    return f"{parts.scheme.lower()}://{parts.netloc}"


def endpoint_name(url: str, description: str) -> str:
    """What the audit log and emails call an endpoint: its description, else its URL's
    origin (never the path or query, which may carry the receiver's own token)."""
    return description or origin(url)
