"""The context of a WebSocket connection: its credential comes from `connection_init`.

Browsers cannot set headers on a WebSocket, so graphql-ws clients send the token in the
`connection_init` payload. Clients put it in one of a few common shapes; all are read:
`{"Authorization": "Bearer …"}` (any case of the key), `{"headers": {"Authorization":
"Bearer …"}}` and `{"token": "…"}` (or `authToken`).

One context lives as long as the connection, so unlike an HTTP request's it must be able
to check its session again: `renewed_viewer()` forgets the cached authentication (and the
loaders it scoped) and authenticates anew.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import strawberry
from graphql import GraphQLError
from strawberry.extensions import SchemaExtension
from strawberry.types.graphql import OperationType

from domain.actor import Actor
from gql.context import Context, bearer
from gql.errors import ApiError, ApiErrorCode
from gql.loaders import Loaders

_BARE_TOKEN_KEYS = ("token", "authToken")


def token_from_params(params: dict[str, Any]) -> str | None:
    """The token of a connection_init payload, in any of the shapes clients send."""
    headers = params.get("headers")
    for source in (params, headers if isinstance(headers, dict) else {}):
        for key, value in source.items():
            if isinstance(key, str) and key.lower() == "authorization":
                return bearer(value) if isinstance(value, str) else None
    for key in _BARE_TOKEN_KEYS:
        value = params.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


async def _no_socket() -> None:
    return None


@dataclass
class SocketContext(Context):
    # Set by Strawberry from the connection_init payload.
    connection_params: dict[str, Any] = field(default_factory=dict)
    # Closes the socket because its session no longer holds (set by the handler).
    end_session: Callable[[], Awaitable[None]] = _no_socket

    def token(self) -> str | None:
        return token_from_params(self.connection_params)

    async def renewed_viewer(self) -> Actor | None:
        """The viewer as the session stands now (None: it no longer holds)."""
        self._authentication = None
        self.impersonation_ended = False
        self.loaders = Loaders(lambda: self.viewer(), self.known_viewer)
        return await self.viewer(required=False)


def socket_context(info: strawberry.Info) -> SocketContext:
    """The context of a subscription, which only a WebSocket runs."""
    context = info.context
    if not isinstance(context, SocketContext):
        raise ApiError(ApiErrorCode.BAD_REQUEST, "Subscriptions run over the WebSocket only.")
    return context


class TransportOperations(SchemaExtension):
    """Each transport runs its own operations: subscriptions over the WebSocket only, and
    only subscriptions there (queries and mutations go over HTTP, where every rule of a
    request applies, and a subscription over HTTP would have no socket to stream to)."""

    def on_validate(self) -> Iterator[None]:
        # Runs after the validation extension (listed before it) has validated.
        self._refuse_other_transport()
        yield

    def _refuse_other_transport(self) -> None:
        execution = self.execution_context
        if execution.pre_execution_errors or execution.graphql_document is None:
            return
        try:
            subscription = execution.operation_type == OperationType.SUBSCRIPTION
        except Exception:  # no such operation: graphql-core's own error follows
            return
        over_socket = isinstance(execution.context, SocketContext)
        if subscription == over_socket:
            return
        message = (
            "Only subscriptions run over the WebSocket: send queries and mutations over HTTP."
            if over_socket
            else "Subscriptions run over the WebSocket (graphql-transport-ws) only."
        )
        execution.pre_execution_errors = [
            GraphQLError(message, extensions={"code": str(ApiErrorCode.BAD_REQUEST)})
        ]
