"""The WebSocket side of /graphql: `graphql-transport-ws` only, authenticated, bounded.

- Protocol: only `graphql-transport-ws` (the graphql-ws library's). A handshake offering
  anything else (the legacy `graphql-ws` of subscriptions-transport-ws, or nothing) is
  accepted without a subprotocol and closed at once with 4406 "Subprotocol not
  acceptable", as graphql-ws's own server does.
- Authentication: from the `connection_init` payload (gql/socket_context.py); no usable
  token closes with 4403 "Forbidden". Every WS_SESSION_CHECK_SECONDS, and before each
  event a subscription delivers, the session is checked again exactly as an HTTP request
  checks it; once it no longer holds the socket closes with 4403.
- Limits: the HTTP request limits (the schema's extensions: tokens, depth, aliases,
  selections, no introspection in production) apply to each operation; a message over
  MAX_BODY_BYTES closes with 1009; a login (user or API key) runs at most
  WS_MAX_SUBSCRIPTIONS operations at once over at most WS_MAX_SOCKETS_PER_LOGIN sockets
  (gql/ws_logins.py; one more socket closes with 4429); a socket that sends no
  `connection_init` within WS_INIT_TIMEOUT_SECONDS closes with 4408.
- Trusted documents: with TRUSTED_DOCUMENTS_ONLY a subscribe's query must be a trusted
  document's text, checked by the HTTP request's rules (gql/persisted.py).
- Operations: subscriptions only. A query or mutation is answered with an `error`
  message (BAD_REQUEST): those go over HTTP (gql/socket_context.TransportOperations).
- Malformed messages close with 4400, those of the wrong shape included
  (gql/ws_messages.py); a close reason is cut to the 123 bytes a close frame holds.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncGenerator
from contextlib import suppress
from datetime import timedelta
from json import JSONDecodeError
from typing import Any, cast

from graphql import GraphQLError
from starlette.requests import Request
from starlette.responses import Response
from starlette.websockets import WebSocket, WebSocketDisconnect, WebSocketState
from strawberry.asgi import ASGIWebSocketAdapter
from strawberry.exceptions import ConnectionRejectionError
from strawberry.http.exceptions import NonJsonMessageReceived, NonTextMessageReceived
from strawberry.schema import BaseSchema
from strawberry.subscriptions import GRAPHQL_TRANSPORT_WS_PROTOCOL
from strawberry.subscriptions.protocols.graphql_transport_ws.handlers import (
    BaseGraphQLTransportWSHandler,
)
from strawberry.subscriptions.protocols.graphql_transport_ws.types import ErrorMessage, Message
from strawberry.types.unset import UnsetType

from gql import http_protocol
from gql.cors import origin_allowed
from gql.socket_context import SocketContext
from gql.view import GraphQLView, finish_error
from gql.ws_logins import LoginSockets, login_of
from gql.ws_messages import malformed

logger = logging.getLogger("tenantry.ws")

FORBIDDEN = 4403
TOO_MANY = 4429
MESSAGE_TOO_BIG = 1009
MAX_CLOSE_REASON_BYTES = 123


class _BoundedSocket(ASGIWebSocketAdapter):
    """Reads messages of at most MAX_BODY_BYTES; a bigger one closes the socket (1009)."""

    async def close(self, code: int, reason: str) -> None:
        # A close frame holds at most 123 bytes of reason, and Strawberry's echo what the
        # client sent (a message type, an operation id): a longer reason failed the
        # connection with no close code at all.
        fitted = reason.encode()[:MAX_CLOSE_REASON_BYTES].decode(errors="ignore")
        await super().close(code, fitted)

    async def iter_json(self, *, ignore_parsing_errors: bool = False) -> AsyncGenerator[object]:
        view = cast("GraphQLWebSocketView", self.view)
        limit = view.settings.max_body_bytes
        try:
            while self.ws.application_state != WebSocketState.DISCONNECTED:
                text = await self.ws.receive_text()
                # A character is at least a byte: the cheap test first.
                if len(text) > limit or len(text.encode()) > limit:
                    await self.close(MESSAGE_TOO_BIG, f"Messages are limited to {limit} bytes")
                    return
                try:
                    yield view.decode_json(text)
                except JSONDecodeError as error:
                    if not ignore_parsing_errors:
                        raise NonJsonMessageReceived from error
        except KeyError as error:  # a binary frame: the protocol is text only
            raise NonTextMessageReceived from error
        except WebSocketDisconnect:
            pass


class SocketHandler(BaseGraphQLTransportWSHandler[SocketContext, None]):
    """graphql-transport-ws with the session watched, and every error coded."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.context.end_session = self.end_session
        self.session_watch: asyncio.Task[None] | None = None
        self.session_closed = False
        self.logins = cast("GraphQLWebSocketView", self.view).logins
        self.login: str | None = None  # whose budget this socket uses, once admitted

    async def handle_message(self, message: Any) -> None:
        reason = malformed(message)
        if reason is not None:
            await self.handle_invalid_message(reason)
            return
        await super().handle_message(message)

    async def handle_connection_init(self, message: Any) -> None:
        if not self.connection_init_received and not await self._admit(message):
            return
        await super().handle_connection_init(message)
        if self.connection_acknowledged and self.session_watch is None:
            self.session_watch = asyncio.create_task(self._watch_session())

    async def _admit(self, message: Any) -> bool:
        """Count the socket against its login, or close it (4429) when the login holds
        WS_MAX_SOCKETS_PER_LOGIN already. A payload or token Strawberry refuses passes."""
        payload = message.get("payload", {})
        if not isinstance(payload, dict):
            return True
        self.context.connection_params = payload
        actor = await self.context.viewer(required=False)  # cached for on_ws_connect
        if actor is None:
            return True
        login = login_of(actor)
        # No await from the count to `add`: concurrent handshakes cannot overshoot.
        if self.logins.sockets(login) >= self.context.settings.ws_max_sockets_per_login:
            await self.websocket.close(TOO_MANY, "Too many sockets for this login")
            return False
        self.logins.add(login, self)
        self.login = login
        return True

    async def handle_subscribe(self, message: Any) -> None:
        if not await self._trusted(message):
            return
        # The bound is the login's, across its sockets (gql/ws_logins.py); a reused id is
        # left to Strawberry (4409).
        if (
            self.login is not None
            and message["id"] not in self.operations
            and self.logins.operations(self.login) >= self.context.settings.ws_max_subscriptions
        ):
            error = GraphQLError("Subscription limit reached")
            await self.send_message(
                {"id": message["id"], "type": "error", "payload": [error.formatted]}
            )
            return
        await super().handle_subscribe(message)

    async def _trusted(self, message: Any) -> bool:
        """With TRUSTED_DOCUMENTS_ONLY a socket runs trusted documents only, as HTTP does:
        the payload is resolved by the same rules (gql/persisted.py); a refusal is sent as
        the operation's `error` message."""
        persisted = cast("GraphQLWebSocketView", self.view).persisted
        if not persisted.trusted_only or not self.connection_acknowledged:
            return True
        try:
            persisted.resolve(http_protocol.parameters(message["payload"]))
        except http_protocol.ProtocolError as error:
            refusal = GraphQLError(error.message, extensions={"code": error.code})
            await self.send_message(
                ErrorMessage(id=message["id"], type="error", payload=[refusal.formatted])
            )
            return False
        return True

    async def _watch_session(self) -> None:
        interval = self.context.settings.ws_session_check_seconds
        while not self.session_closed:
            await asyncio.sleep(interval)
            try:
                holds = await self.context.renewed_viewer() is not None
            except Exception:
                # The database did not answer: no verdict, so ask again next time (no value
                # is sent meanwhile without its own check).
                logger.warning("could not check a WebSocket's session", exc_info=True)
                continue
            if not holds:
                await self.end_session()

    async def end_session(self) -> None:
        """Close the socket (4403) and stop its operations: the session no longer holds."""
        if self.session_closed:
            return
        self.session_closed = True
        reason = "Impersonation ended" if self.context.impersonation_ended else "Session ended"
        with suppress(Exception):  # the client may be gone already
            await self.websocket.close(FORBIDDEN, reason)
        for operation_id in list(self.operations):
            await self.cleanup_operation(operation_id)

    async def shutdown(self) -> None:
        if self.login is not None:
            self.logins.discard(self.login, self)
        if self.session_watch is not None and self.session_watch is not asyncio.current_task():
            self.session_watch.cancel()
            with suppress(asyncio.CancelledError):
                await self.session_watch
        await super().shutdown()

    def forget_id(self, id: str) -> None:
        # An operation stopped by end_session was already forgotten when it completes.
        self.operations.pop(id, None)

    async def send_message(self, message: Message) -> None:
        if self.session_closed:
            return
        production = self.context.settings.production
        payload: Any = message.get("payload")
        if message["type"] == "error":
            for error in payload:
                finish_error(error, production=production)
        elif message["type"] == "next":
            for error in payload.get("errors") or []:
                finish_error(error, production=production)
        await super().send_message(message)


class GraphQLWebSocketView(GraphQLView):
    """The view behind `WebSocketRoute("/graphql")`; HTTP stays with GraphQLView."""

    # Strawberry types the handler by the view's Context; SocketContext is one.
    graphql_transport_ws_handler_class = SocketHandler  # type: ignore[assignment]
    websocket_adapter_class = _BoundedSocket  # type: ignore[assignment]

    def __init__(self, schema: BaseSchema, **kwargs: Any) -> None:
        settings = kwargs["settings"]
        super().__init__(
            schema,
            graphql_ide=None,
            subscription_protocols=(GRAPHQL_TRANSPORT_WS_PROTOCOL,),
            connection_init_wait_timeout=timedelta(seconds=settings.ws_init_timeout_seconds),
            # Bounded per login instead, across its sockets (SocketHandler).
            max_subscriptions_per_connection=None,
            **kwargs,
        )
        self.logins = LoginSockets()

    def encode_json(self, data: object) -> str:  # type: ignore[override]
        # Text frames: graphql-ws clients parse `event.data` as a string (a binary frame
        # would reach a browser as a Blob).
        return super().encode_json(data).decode()

    async def get_context(
        self, request: Request | WebSocket, response: Response | WebSocket
    ) -> SocketContext:
        return SocketContext(connection=request, settings=self.settings)

    def is_websocket_origin_allowed(self, request: Any, origin: str) -> bool:
        # Asked only for a cross-origin browser handshake: the HTTP API's CORS rule decides,
        # so a frontend that may call the API may also subscribe, and no other page may.
        return origin_allowed(self.settings, origin)

    async def on_ws_connect(self, context: Any) -> UnsetType | dict[str, object] | None:
        if await cast("SocketContext", context).viewer(required=False) is None:
            raise ConnectionRejectionError()
        return await super().on_ws_connect(context)  # no payload in the ack
