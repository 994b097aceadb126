"""Every HTTP request: its request id, one log line, and its metrics.

An ASGI middleware (outermost, so refused bodies and 404s are seen too) takes or makes the
request id, echoes it in `X-Request-ID`, and at the end logs one line: method, path,
status, duration, and for GraphQL the operation's name, outcome and the viewer's
organization, which the schema extension (ops/graphql.py) notes on the request's record.
"""

from __future__ import annotations

import contextvars
import logging
import time
from dataclasses import dataclass

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ops import metrics, request_id
from ops.gauges import update_pool_gauges
from ops.logs import install_request_ids

logger = logging.getLogger("tenantry.request")

# Probes and scrapes come every few seconds: their successes are logged at DEBUG only.
QUIET_PATHS = frozenset({"/livez", "/readyz", "/healthz", "/metrics"})


@dataclass
class RequestRecord:
    """What the GraphQL layer learns about a request, for its log line and metrics."""

    operation: str | None = None  # the label (bounded), see metrics.operation_label
    operation_name: str | None = None  # as the client named it (for the log line only)
    outcome: str | None = None
    organization_id: str | None = None


current: contextvars.ContextVar[RequestRecord | None] = contextvars.ContextVar(
    "tenantry_request_record", default=None
)


class RequestObserver:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        install_request_ids()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        offered = headers.get(request_id.HEADER.encode(), b"").decode("latin-1")
        rid = request_id.accepted(offered) or request_id.new()
        rid_token = request_id.current.set(rid)
        record = RequestRecord()
        record_token = current.set(record)
        started = time.perf_counter()
        status = 500  # what the client gets if the app fails before answering

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message.setdefault("headers", [])
                message["headers"] = [
                    *message["headers"],
                    (request_id.HEADER.encode(), rid.encode()),
                ]
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            if scope["type"] == "http":
                self._finish(scope, status, time.perf_counter() - started, record)
            current.reset(record_token)
            request_id.current.reset(rid_token)

    def _finish(self, scope: Scope, status: int, seconds: float, record: RequestRecord) -> None:
        path = metrics.path_label(scope.get("path", ""))
        metrics.http_requests.labels(path=path, status=str(status)).inc()
        if record.operation is not None:
            metrics.graphql_duration.labels(operation=record.operation).observe(seconds)
        update_pool_gauges()
        fields: dict[str, object] = {
            "method": scope.get("method"),
            "path": scope.get("path"),
            "status": status,
            "duration_ms": round(seconds * 1000, 1),
        }
        if record.operation is not None:
            fields["operation"] = record.operation_name or record.operation
            fields["outcome"] = record.outcome
        if record.organization_id is not None:
            fields["organization_id"] = record.organization_id
        quiet = path in QUIET_PATHS and status < 400
        level = logging.DEBUG if quiet else logging.INFO
        logger.log(level, "request", extra={"fields": fields})
