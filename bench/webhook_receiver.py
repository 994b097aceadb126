"""A receiver that only counts: the far end of the webhook benchmark.

    uvicorn bench.webhook_receiver:app --port N

Answers 204 to every POST and counts the distinct webhook-ids it saw; GET /count tells.
Kept minimal so that the benchmark measures the sender, not the receiver.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]

_seen: set[bytes] = set()


async def app(
    scope: Scope,
    receive: Callable[[], Awaitable[Message]],
    send: Callable[[Message], Awaitable[None]],
) -> None:
    if scope["type"] != "http":
        return
    while (await receive()).get("more_body"):
        pass
    if scope["method"] == "GET":
        body = str(len(_seen)).encode()
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": body})
        return
    for name, value in scope["headers"]:
        if name == b"webhook-id":
            _seen.add(value)
    await send({"type": "http.response.start", "status": 204, "headers": []})
    await send({"type": "http.response.body", "body": b""})
