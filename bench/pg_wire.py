"""A TCP proxy in front of PostgreSQL that counts the round trips its clients make.

A round trip is a message after which the client waits for the server's ReadyForQuery: a
Sync ('S', the end of an extended-protocol exchange: parse, bind, execute) or a simple
Query ('Q', what asyncpg's connection reset sends). The proxy reads the client's side of
the protocol (version 3): first untyped messages (an SSL or GSSAPI request, then the
startup message), then typed ones, `type byte + int32 length + body`.

bench/round_trips.py counts each read scenario's round trips through it for bench/reads.py;
tests/test_round_trips.py counts those of a real `tenantry serve`.
"""

from __future__ import annotations

import asyncio
import struct
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from urllib.parse import urlsplit, urlunsplit

# Request codes a client sends before its startup message (the server answers one byte).
_SSL_REQUEST = 80877103
_GSSENC_REQUEST = 80877104
_ROUND_TRIP_ENDS = frozenset({ord("S"), ord("Q")})


@dataclass
class RoundTrips:
    """What the proxy counted, from all its connections."""

    count: int = 0
    kinds: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, kind: int) -> None:
        with self.lock:
            self.count += 1
            self.kinds.append(chr(kind))

    def reset(self) -> None:
        with self.lock:
            self.count = 0
            self.kinds.clear()


async def _read_client(
    reader: asyncio.StreamReader, writer: asyncio.StreamWriter, counted: RoundTrips
) -> None:
    started = False
    while not started:
        header = await reader.readexactly(8)
        length, code = struct.unpack("!ii", header)
        writer.write(header + await reader.readexactly(length - 8))
        await writer.drain()
        started = code not in (_SSL_REQUEST, _GSSENC_REQUEST)
    while True:
        header = await reader.readexactly(5)
        kind, length = header[0], struct.unpack("!i", header[1:])[0]
        writer.write(header + await reader.readexactly(length - 4))
        await writer.drain()
        if kind in _ROUND_TRIP_ENDS:
            counted.add(kind)


async def _pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    while data := await reader.read(65536):
        writer.write(data)
        await writer.drain()


async def _serve(
    target: tuple[str, int], counted: RoundTrips, ready: threading.Event, port: list[int]
) -> None:
    async def connection(client_r: asyncio.StreamReader, client_w: asyncio.StreamWriter) -> None:
        server_r, server_w = await asyncio.open_connection(*target)
        both = [
            asyncio.ensure_future(_read_client(client_r, server_w, counted)),
            asyncio.ensure_future(_pipe(server_r, client_w)),
        ]
        with suppress(Exception):
            await asyncio.wait(both, return_when=asyncio.FIRST_COMPLETED)
        for task in both:
            task.cancel()
        for stream in (client_w, server_w):
            stream.close()

    server = await asyncio.start_server(connection, "127.0.0.1", 0)
    port.append(server.sockets[0].getsockname()[1])
    ready.set()
    async with server:
        await server.serve_forever()


@contextmanager
def counting_proxy(host: str, port: int) -> Iterator[tuple[int, RoundTrips]]:
    """A proxy to PostgreSQL at `host:port` for the block: yields its local port and what
    it counts. It runs in a thread of its own, so a server in another process (or this
    one's blocking calls) can use it while the test waits."""
    counted, ready, bound = RoundTrips(), threading.Event(), list[int]()
    loop = asyncio.new_event_loop()
    main = loop.create_task(_serve((host, port), counted, ready, bound))

    def run() -> None:
        asyncio.set_event_loop(loop)
        with suppress(asyncio.CancelledError):
            loop.run_until_complete(main)
        # The connections' own tasks end with the proxy, quietly.
        left = asyncio.all_tasks(loop)
        for task in left:
            task.cancel()
        loop.run_until_complete(asyncio.gather(*left, return_exceptions=True))
        loop.close()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    assert ready.wait(10), "the counting proxy did not start"
    try:
        yield bound[0], counted
    finally:
        loop.call_soon_threadsafe(main.cancel)
        thread.join(10)


@contextmanager
def counted(database_url: str) -> Iterator[tuple[str, RoundTrips]]:
    """A counting proxy to the PostgreSQL server of `database_url` for the block: yields
    the URL to connect to instead (same user, password and database, through the proxy)
    and what the proxy counts."""
    parts = urlsplit(database_url)
    with counting_proxy(parts.hostname or "127.0.0.1", parts.port or 5432) as (port, trips):
        credentials = parts.netloc.rpartition("@")[0]
        netloc = f"{credentials}@127.0.0.1:{port}" if credentials else f"127.0.0.1:{port}"
        yield urlunsplit(parts._replace(netloc=netloc)), trips
