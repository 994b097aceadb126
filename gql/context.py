"""The per-request context: settings, the lazily authenticated actor, and DataLoaders."""

from __future__ import annotations

import asyncio
import ipaddress
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import Literal, overload

from starlette.requests import HTTPConnection

from domain.actor import Actor
from domain.errors import ImpersonationEnded, TokenExpired
from domain.hierarchy.suspension_notice import OrganizationSuspended
from domain.security.auth import authenticate
from gql.errors import (
    ApiError,
    impersonation_ended,
    organization_suspended,
    token_expired,
    unauthenticated,
)
from gql.loaders import Loaders
from models.enums import TokenPurpose
from settings import Settings


def client_ip(connection: HTTPConnection, settings: Settings) -> str | None:
    """The client's address; `X-Forwarded-For` is believed only from a trusted proxy.

    Walks the forwarded chain from the right, skipping trusted proxies, so a client cannot
    choose its address by sending its own header.
    """
    peer = connection.client.host if connection.client else None
    if peer is None or not settings.trusted_proxies:
        return peer
    # Proxies may add their own header line instead of extending the client's: read them all.
    forwarded = ",".join(connection.headers.getlist("x-forwarded-for"))
    chain = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    for hop in [peer, *reversed(chain)]:
        try:
            address = ipaddress.ip_address(hop)
        except ValueError:
            # A non-IP peer (a unix socket) is what it is; garbage inside the chain is unknown.
            return peer if hop == peer else None
        if not any(address in network for network in settings.trusted_proxies):
            return str(address)
    # Every hop is a trusted proxy: the leftmost is the closest thing to a client.
    return chain[0] if chain else peer


def bearer(authorization: str) -> str | None:
    """The token of an Authorization value (`Bearer …`, any case); None for another scheme."""
    scheme, _, token = authorization.partition(" ")
    return token.strip() or None if scheme.lower() == "bearer" else None


def bearer_token(connection: HTTPConnection) -> str | None:
    return bearer(connection.headers.get("authorization", ""))


@dataclass
class Context:
    connection: HTTPConnection
    settings: Settings
    # One authentication per request, shared by every field that asks: top-level fields
    # resolve concurrently, and each would otherwise look the token up again.
    _authentication: asyncio.Task[Actor | None] | None = None
    # The token was an impersonation whose impersonator may no longer act so.
    impersonation_ended: bool = False
    # Why a token that once was valid no longer is (expired, its organization suspended,
    # its impersonation ended): the error a required viewer raises instead of the plain
    # UNAUTHENTICATED. A factory: each field that asks raises an error of its own.
    refusal: Callable[[], ApiError] | None = None
    loaders: Loaders = field(init=False)

    def __post_init__(self) -> None:
        self.loaders = Loaders(lambda: self.viewer(), self.known_viewer)

    @property
    def ip(self) -> str | None:
        return client_ip(self.connection, self.settings)

    @property
    def user_agent(self) -> str | None:
        """The client's User-Agent header, as sent (domain/security/sessions.py cleans it)."""
        return self.connection.headers.get("user-agent")

    def token(self) -> str | None:
        """The credential the request carries (a WebSocket's comes from its connection_init)."""
        return bearer_token(self.connection)

    async def _authenticate(self) -> Actor | None:
        self.refusal = None
        token = self.token()
        if not token:
            return None
        try:
            return await authenticate(token, self.settings, self.ip)
        except ImpersonationEnded:
            self.impersonation_ended = True
            self.refusal = impersonation_ended
        except TokenExpired:
            self.refusal = token_expired
        except OrganizationSuspended as suspended:
            self.refusal = partial(organization_suspended, suspended.notice)
        return None

    def known_viewer(self) -> Actor | None:
        """The viewer with a full token once authentication has finished, without waiting;
        None while it has not (or for no such viewer): then ask `viewer()`."""
        task = self._authentication
        if task is None or not task.done() or task.cancelled() or task.exception():
            return None
        return _usable(task.result(), password_change=False)

    @overload
    async def viewer(
        self, required: Literal[True] = True, *, password_change: bool = False
    ) -> Actor: ...

    @overload
    async def viewer(
        self, required: Literal[False], *, password_change: bool = False
    ) -> Actor | None: ...

    async def viewer(self, required: bool = True, *, password_change: bool = False) -> Actor | None:
        """The authenticated actor; raises UNAUTHENTICATED when required and there is none.

        A token limited to changing an expired password counts only where the caller passes
        `password_change=True` (the changePassword mutation); everywhere else it is no token.
        """
        if self._authentication is None:
            self._authentication = asyncio.ensure_future(self._authenticate())
        actor = _usable(await asyncio.shield(self._authentication), password_change)
        if actor is None and required:
            raise self.refusal() if self.refusal else unauthenticated()
        return actor


def _usable(actor: Actor | None, password_change: bool) -> Actor | None:
    """A token limited to changing an expired password is no token, but where asked for."""
    if actor is not None and actor.purpose != TokenPurpose.FULL and not password_change:
        return None
    return actor
