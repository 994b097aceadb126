"""Where a webhook may go: never into the platform's own network (SSRF).

A receiver's URL is the customer's to choose, so without a guard a delivery could reach
the metadata service (169.254.169.254), the database, or anything else only the server
can reach. The host is resolved once per attempt and every address it resolves to is
checked (one bad address refuses the lot: a resolver may hand them out in any order); the
attempt then connects to the very address that was checked, so a name that resolves to a
public address for the check and to 127.0.0.1 a moment later (DNS rebinding) gains
nothing. WEBHOOK_ALLOW_PRIVATE_NETWORKS lifts the address rule (development's default),
never the pinning.
"""

from __future__ import annotations

import ipaddress
import re
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

import anyio.to_thread

Address = ipaddress.IPv4Address | ipaddress.IPv6Address

# Ranges Python's flags do not all cover in every version; checked besides them.
_ALWAYS_REFUSED = tuple(
    ipaddress.ip_network(net)
    for net in (
        "0.0.0.0/8",  # "this network"
        "100.64.0.0/10",  # carrier-grade NAT: the provider's network, not the internet
        "192.0.0.0/24",  # IETF protocol assignments
        "198.18.0.0/15",  # benchmarking
        "64:ff9b:1::/48",  # local-use NAT64
        "100::/64",  # discard-only
        "2001:db8::/32",  # documentation
        "fc00::/7",  # unique local
        "fec0::/10",  # site-local (deprecated, still routed privately)
    )
)
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
# What a host name may be made of once in its ASCII form (an IP literal aside).
_ASCII_NAME = re.compile(r"[a-z0-9._-]+")


class Refused(Exception):
    """The URL may not be delivered to (its message says why, for the attempt log)."""


@dataclass(frozen=True)
class Target:
    """Where one attempt connects: the checked address, and the name it stands for."""

    url: str  # the receiver's URL with the checked address in place of the host
    host_header: str
    # For https: the name TLS sends (SNI) and verifies the certificate against.
    sni_hostname: str | None
    address: Address


def ascii_host(host: str) -> str | None:
    """The host as it goes on the wire: an internationalized name (`bücher.example`) in
    its IDNA form (`xn--bcher-kva.example`), the form the resolver looks up too; None when
    it has none. HTTP headers and TLS server names are ASCII only, so without this a
    receiver at such a name made every attempt raise before it was sent (and counted)."""
    if host.isascii():
        return host
    try:
        encoded = host.encode("idna").decode("ascii").lower()
    except UnicodeError:
        return None
    return encoded if _ASCII_NAME.fullmatch(encoded) else None


def _embedded_ipv4(address: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 form carries (mapped, 6to4, NAT64, Teredo's client)."""
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    if address in _NAT64:
        return ipaddress.IPv4Address(int(address) & 0xFFFF_FFFF)
    if address.teredo is not None:
        return address.teredo[1]
    # IPv4-compatible (::a.b.c.d, deprecated), but not :: and ::1 themselves.
    if int(address) >> 32 == 0 and int(address) > 1:
        return ipaddress.IPv4Address(int(address))
    return None


def is_refused(address: Address) -> bool:
    """Whether an address is outside the public internet."""
    if isinstance(address, ipaddress.IPv6Address):
        inner = _embedded_ipv4(address)
        if inner is not None and is_refused(inner):
            return True
        if address.is_site_local:
            return True
    return (
        not address.is_global
        or address.is_private
        or address.is_loopback
        or address.is_link_local
        or address.is_multicast
        or address.is_reserved
        or address.is_unspecified
        or any(address in network for network in _ALWAYS_REFUSED)
    )


async def _resolve(host: str, port: int) -> list[Address]:
    try:
        # Abandoned on cancel: a resolver that hangs must not hold the attempt past its
        # timeout (the thread ends on its own).
        infos = await anyio.to_thread.run_sync(
            lambda: socket.getaddrinfo(host, port, type=socket.SOCK_STREAM),
            abandon_on_cancel=True,
        )
    except (OSError, UnicodeError) as error:
        raise Refused(f"the host {host!r} does not resolve: {error}") from None
    # Without any %zone: only link-local addresses have one, and those are refused.
    addresses = [ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in infos]
    if not addresses:
        raise Refused(f"the host {host!r} has no address")
    return addresses


async def target(url: str, *, allow_private: bool) -> Target:
    """Resolve the URL's host once and check what it resolves to; Refused if it may not
    be delivered to."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise Refused("only http and https URLs receive webhooks")
    if not parts.hostname:
        raise Refused("the URL has no host")
    host = ascii_host(parts.hostname)
    if host is None:
        raise Refused(f"the host {parts.hostname!r} is not a valid internationalized name")
    if parts.username is not None or parts.password is not None:
        raise Refused("the URL may not carry a user name or password")
    try:
        named_port = parts.port
    except ValueError:
        raise Refused("the URL's port is not a number from 1 to 65535") from None
    if named_port == 0:
        raise Refused("the URL's port is not a number from 1 to 65535")
    port = named_port or (443 if parts.scheme == "https" else 80)
    addresses = await _resolve(host, port)
    if not allow_private and any(is_refused(address) for address in addresses):
        # Without the address: the message goes to the delivery log, which the
        # endpoint's tenant reads, and would make our resolver answer it what any
        # internal name (db.internal, a cluster's services) stands for.
        raise Refused(
            f"the host {host!r} is not a public address: it resolves to a loopback, "
            "private, link-local or reserved one (WEBHOOK_ALLOW_PRIVATE_NETWORKS is off)"
        )
    chosen = addresses[0]
    shown = f"[{chosen}]" if chosen.version == 6 else str(chosen)
    literal = _is_literal(host)
    # The Host header keeps the name (and a port the URL named), as the receiver expects.
    named_host = f"[{host}]" if ":" in host else host
    host_header = named_host if parts.port is None else f"{named_host}:{parts.port}"
    return Target(
        url=urlunsplit((parts.scheme, f"{shown}:{port}", parts.path or "/", parts.query, "")),
        host_header=host_header,
        sni_hostname=host if parts.scheme == "https" and not literal else None,
        address=chosen,
    )


def _is_literal(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True
