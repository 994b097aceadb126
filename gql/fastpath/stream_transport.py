"""Which of Strawberry's streaming transports (multipart, server-sent events) a request's
`Accept` header asks for: Strawberry's HTTP view decides it with a private method, which
gql/http_view.py needs for media-type negotiation and for the request's protocol."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def stream_transport(view: Any, headers: Mapping[str, str]) -> Any | None:
    """The transport `view` (a Strawberry HTTP view) streams with for these headers; None:
    a plain (non-streamed) answer."""
    return view._get_stream_transport_from_headers(headers)
