"""An in-process GraphQL request, as the benchmarks send it to the app (no network)."""

from __future__ import annotations

from typing import Any


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
