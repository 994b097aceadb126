"""A real server and a real WebSocket client for the graphql-transport-ws tests.

uvicorn serves the app on this test's event loop (so the database connections the tests
opened are the ones the app uses) on a free port; `websockets` talks to it as any
graphql-ws client would.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import pytest
import uvicorn
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed
from websockets.typing import Origin, Subprotocol

from app import create_app
from settings import Settings

TRANSPORT_WS = "graphql-transport-ws"
WAIT = 10  # seconds a test waits for a message before it fails


@asynccontextmanager
async def served(settings: Settings) -> AsyncIterator[str]:
    """The app behind a real server; yields the WebSocket URL of /graphql."""
    config = uvicorn.Config(
        create_app(settings, manage_database=False),
        host="127.0.0.1",
        port=0,
        lifespan="off",
        ws="websockets-sansio",
        log_level="warning",
    )
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve())
    while not server.started:
        assert not task.done(), "the server did not start"
        await asyncio.sleep(0.01)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"ws://127.0.0.1:{port}/graphql"
    finally:
        server.should_exit = True
        await task


class Socket:
    def __init__(self, connection: ClientConnection) -> None:
        self.connection = connection

    @property
    def subprotocol(self) -> str | None:
        return self.connection.subprotocol

    async def send(self, message: dict[str, Any]) -> None:
        await self.connection.send(json.dumps(message))

    async def receive(self, seconds: float = WAIT) -> dict[str, Any]:
        async with asyncio.timeout(seconds):
            message = await self.connection.recv()
        assert isinstance(message, str), "graphql-transport-ws messages are text frames"
        decoded: dict[str, Any] = json.loads(message)
        return decoded

    async def init(self, payload: object) -> dict[str, Any]:
        await self.send({"type": "connection_init", "payload": payload})
        return await self.receive()

    async def subscribe(self, id: str, query: str, variables: dict[str, Any] | None = None) -> None:
        await self.send(
            {"id": id, "type": "subscribe", "payload": {"query": query, "variables": variables}}
        )

    async def closed(self, seconds: float = WAIT) -> tuple[int, str]:
        """(code, reason) the server closed with; fails on any message before it."""
        with pytest.raises(ConnectionClosed) as closed:
            async with asyncio.timeout(seconds):
                await self.connection.recv()
        received = closed.value.rcvd
        assert received is not None, "the server did not send a close frame"
        return received.code, received.reason


@asynccontextmanager
async def socket(url: str, *subprotocols: str, origin: str | None = None) -> AsyncIterator[Socket]:
    """A socket as a browser page on `origin` opens it (None: as a non-browser client)."""
    offered = [Subprotocol(p) for p in subprotocols] if subprotocols else None
    page = Origin(origin) if origin is not None else None
    async with connect(url, subprotocols=offered, origin=page) as connection:
        yield Socket(connection)


@asynccontextmanager
async def authenticated(url: str, token: str) -> AsyncIterator[Socket]:
    """A graphql-transport-ws socket past its connection_ack."""
    async with socket(url, TRANSPORT_WS) as ws:
        assert await ws.init({"Authorization": f"Bearer {token}"}) == {"type": "connection_ack"}
        yield ws
