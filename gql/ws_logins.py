"""What each login holds open over WebSockets on this process, to bound it.

Every subscription polls the database and every socket has its session checked again, so
a bound per socket alone would let one login (opening sockets is cheap) make the server
do unbounded work. Sockets and subscriptions are therefore counted per login: a user (an
impersonation counts as its impersonator, the person acting) or an API key. The counts
are per process: N API processes allow N times as much.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from typing import Protocol

from domain.actor import Actor


class _Socket(Protocol):
    @property
    def operations(self) -> Mapping[str, object]:
        """The operations the socket runs, by id (Strawberry's handler keeps them so)."""


def login_of(actor: Actor) -> str:
    """Whose budget an actor's sockets and subscriptions use."""
    if actor.api_key_id is not None:
        return f"key:{actor.api_key_id}"
    person = actor.impersonator or actor.user
    assert person is not None  # an actor is a user or an API key
    return f"user:{person.id}"


class LoginSockets:
    """The open sockets of each login; a socket is counted from its connection_ack until
    its handler shuts down."""

    def __init__(self) -> None:
        self._sockets: defaultdict[str, set[_Socket]] = defaultdict(set)

    def add(self, login: str, socket: _Socket) -> None:
        self._sockets[login].add(socket)

    def discard(self, login: str, socket: _Socket) -> None:
        sockets = self._sockets.get(login)
        if sockets is not None:
            sockets.discard(socket)
            if not sockets:
                del self._sockets[login]

    def sockets(self, login: str) -> int:
        return len(self._sockets.get(login, ()))

    def operations(self, login: str) -> int:
        return sum(len(socket.operations) for socket in self._sockets.get(login, ()))
