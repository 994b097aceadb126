"""Domain names of websites and DNS zones: one of each per domain on the whole platform.

`Service.domain` holds the name in one spelling (lower case, no trailing dot, an
internationalized name in its ASCII "xn--" form), so "Example.COM." and "example.com"
are the same domain, and the unique index on (kind, domain) is the final judge of who
has it: a check before the insert gives the usual answer, and the index settles a race
between two creates that both passed the check.
"""

from __future__ import annotations

import re

import idna

from domain.errors import DomainError, ErrorCode
from models import Service
from models.enums import ServiceKind

# The kinds whose name is a domain, unique on the platform.
DOMAIN_KINDS = frozenset({ServiceKind.WEBSITE, ServiceKind.DNS_ZONE})
MAX_DOMAIN_LENGTH = 253  # RFC 1035, without the root's trailing dot
_LABEL = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?")


def carries_domain(kind: ServiceKind | str) -> bool:
    return kind in DOMAIN_KINDS


def normalize(name: str, field: list[str]) -> str:
    """The domain `name` stands for, or INVALID: at least two labels of letters, digits
    and inner hyphens (1 to 63 characters each, 253 in all), a top-level label that is not
    a number, one optional trailing dot. Unicode names are mapped as browsers do (UTS 46)
    and stored as their ASCII form."""
    refused = DomainError(
        ErrorCode.INVALID, "Use a domain name such as example.com or bäckerei.de.", field
    )
    text = name.strip()
    text = text[:-1] if text.endswith(".") else text
    if not text or len(text) > 4 * MAX_DOMAIN_LENGTH:  # bounds the IDNA work
        raise refused
    try:
        ascii_name = idna.encode(text, uts46=True, transitional=False).decode("ascii")
    except (idna.IDNAError, UnicodeError, ValueError):
        raise refused from None
    labels = ascii_name.split(".")
    if (
        len(ascii_name) > MAX_DOMAIN_LENGTH
        or len(labels) < 2
        or not all(_LABEL.fullmatch(label) for label in labels)
        or labels[-1].isdigit()
    ):
        raise refused
    return ascii_name


def search_form(text: str) -> str:
    """A search text as stored domains spell it: lower case, and an internationalized
    name (or part of one) in its ASCII form when it has one."""
    lowered = text.strip().lower().rstrip(".")
    if lowered.isascii():
        return lowered
    try:
        return idna.encode(lowered, uts46=True, transitional=False).decode("ascii")
    except (idna.IDNAError, UnicodeError, ValueError):
        return lowered  # matches nothing stored: domains are ASCII


def taken() -> DomainError:
    """The answer for a domain some service of the platform already has, whoever's it is
    (docs/services.md says why it does not depend on who asks)."""
    return DomainError(
        ErrorCode.DOMAIN_TAKEN, "This domain is already in use on the platform.", ["name"]
    )


async def is_taken(kind: ServiceKind | str, domain: str, *, but: object = None) -> bool:
    """Whether another service of this kind has the domain (`but`: the id of a service to
    leave out, the one being renamed)."""
    others = Service.filter(kind=kind, domain=domain)
    if but is not None:
        others = others.exclude(id=but)
    return await others.exists()


async def require_free(kind: ServiceKind | str, domain: str, *, but: object = None) -> None:
    """DOMAIN_TAKEN when another service of this kind has the domain."""
    if await is_taken(kind, domain, but=but):
        raise taken()


async def lost_race(kind: ServiceKind | str, domain: str | None, *, but: object = None) -> bool:
    """After an insert or update refused by the database: whether the unique index on
    (kind, domain) is what refused it (a concurrent write took the domain after our
    check), rather than some other constraint."""
    return domain is not None and await is_taken(kind, domain, but=but)
