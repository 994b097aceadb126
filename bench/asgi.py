"""An in-process GraphQL request, as the benchmarks send it to the app (no network):
its ASGI scope, and `InProcess`, which posts a query and returns its data."""

from __future__ import annotations

from collections.abc import MutableMapping
from typing import Any

import orjson


def graphql_scope(body: bytes, token: str) -> dict[str, Any]:
    """The ASGI scope of `POST /graphql` with a JSON body of `len(body)` and a bearer token."""
    return {
        "type": "http",
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": "/graphql",
        "raw_path": b"/graphql",
        "query_string": b"",
        "root_path": "",
        "headers": [
            (b"content-type", b"application/json"),
            (b"content-length", str(len(body)).encode()),
            (b"authorization", f"Bearer {token}".encode()),
        ],
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 80),
    }


class InProcess:
    """POST /graphql to the app, in this process."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def post(self, query: str, variables: dict[str, Any], token: str = "") -> Any:
        body = orjson.dumps({"query": query, "variables": variables})
        scope = graphql_scope(body, token)
        if not token:
            scope["headers"] = [h for h in scope["headers"] if h[0] != b"authorization"]
        sent: list[bytes] = []

        async def receive() -> dict[str, Any]:
            return {"type": "http.request", "body": body, "more_body": False}

        async def send(message: MutableMapping[str, Any]) -> None:
            if message["type"] == "http.response.body":
                sent.append(message.get("body", b""))

        await self.app(scope, receive, send)
        answer = orjson.loads(b"".join(sent))
        if answer.get("errors"):
            raise SystemExit(f"the API answered with errors: {answer['errors']}")
        return answer["data"]
