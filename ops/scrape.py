"""GET /metrics: Prometheus' text format, behind METRICS_TOKEN.

Who may scrape: with METRICS_TOKEN set, only a request bearing it (`Authorization: Bearer
…`); without it, anyone in development and nobody in production (404, as if there were no
such page: a production deployment exposes its internals only when it chose a token).
"""

from __future__ import annotations

import hmac
from collections.abc import Awaitable, Callable

import anyio.to_thread
from prometheus_client import REGISTRY, CollectorRegistry, generate_latest
from prometheus_client.exposition import CONTENT_TYPE_LATEST
from starlette.requests import Request
from starlette.responses import Response

from gql.context import bearer_token
from gql.errors import ApiErrorCode
from gql.http_protocol import error_response
from ops import gauges, metrics
from settings import Settings


def allowed(request: Request, settings: Settings) -> Response | None:
    """None when the request may scrape, else the refusal to send."""
    if settings.metrics_token is None:
        if settings.production:
            return error_response(404, "Not Found", ApiErrorCode.NOT_FOUND)
        return None
    offered = bearer_token(request) or ""
    if hmac.compare_digest(offered.encode(), settings.metrics_token.encode()):
        return None
    refusal = error_response(
        401, "A valid metrics token is required.", ApiErrorCode.UNAUTHENTICATED
    )
    refusal.headers["WWW-Authenticate"] = "Bearer"
    return refusal


def _process_metrics() -> bytes:
    """The counters and histograms of every API process (multiprocess mode), or of this one."""
    if not metrics.multiprocess_enabled():
        return generate_latest(REGISTRY)
    from prometheus_client import multiprocess

    registry = CollectorRegistry()
    multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
    return generate_latest(registry)


def metrics_endpoint(settings: Settings) -> Callable[[Request], Awaitable[Response]]:
    async def scrape(request: Request) -> Response:
        refusal = allowed(request, settings)
        if refusal is not None:
            return refusal
        snapshot = await gauges.read_snapshot()
        registry = CollectorRegistry(auto_describe=False)
        registry.register(gauges.SnapshotCollector(snapshot))
        # Reading the processes' files is file I/O: off the event loop.
        body = await anyio.to_thread.run_sync(_process_metrics) + generate_latest(registry)
        return Response(body, media_type=CONTENT_TYPE_LATEST)

    return scrape
