"""The Starlette application: /graphql, the operations routes (ops/), a request body limit,
Tortoise lifespan."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route, WebSocketRoute
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from tortoise.contrib.starlette import RegisterTortoise

from database import tortoise_config
from db_routing import Replicas
from gql.cors import CorsMiddleware
from gql.export import export_endpoint
from gql.http_protocol import code_for_status, error_response
from gql.ide import graphiql_routes
from gql.schema import build_schema
from gql.view import GraphQLView
from gql.ws import GraphQLWebSocketView
from ops.heap import freeze_startup_heap
from ops.metrics import mark_process_dead
from ops.observe import RequestObserver
from ops.routes import operations_routes
from ops.safety import refuse_unsafe_production
from settings import Settings, get_settings
from workers.embedded import embedded_scheduler, embedded_worker

logger = logging.getLogger("tenantry")


class _BodyTooLarge(Exception):
    pass


class BodyLimitMiddleware:
    """Refuse request bodies over `limit` bytes with 413, declared or streamed."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length", b"")
        if declared.isdigit() and int(declared) > self.limit:
            await self._too_large(scope, receive, send)
            return
        received = 0
        response_started = False

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.limit:
                    raise _BodyTooLarge
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal response_started
            response_started = response_started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, limited_receive, tracking_send)
        except _BodyTooLarge:
            if not response_started:
                await self._too_large(scope, receive, send)

    async def _too_large(self, scope: Scope, receive: Receive, send: Send) -> None:
        # Built only when refusing: rendering it up front cost every request its JSON.
        refusal = error_response(413, f"Request body is larger than {self.limit} bytes.")
        await refusal(scope, receive, send)


async def http_error(request: Request, error: Exception) -> Response:
    """Wrong method or path: the same coded JSON body as every other error."""
    assert isinstance(error, HTTPException)
    return error_response(error.status_code, error.detail, code_for_status(error.status_code))


def read_replicas(settings: Settings) -> Replicas | None:
    """This process's read replicas (their health, who wrote lately); None without any."""
    if not settings.database_replica_urls:
        return None
    return Replicas(
        len(settings.database_replica_urls),
        max_lag_seconds=settings.replica_max_lag_seconds,
        read_your_writes_seconds=settings.replica_read_your_writes_seconds,
    )


def create_app(settings: Settings | None = None, *, manage_database: bool = True) -> Starlette:
    """Build the app. Tests pass `manage_database=False` and initialise Tortoise themselves."""
    settings = settings or get_settings()
    schema = build_schema(
        production=settings.production,
        fast_path=settings.fast_path,
        replicas=read_replicas(settings),
    )
    view = GraphQLView(
        schema,
        settings=settings,
        graphql_ide=None if settings.production else "graphiql",
        # Queries only (mutations over GET answer 405): urql's and Apollo's GET requests.
        allow_queries_via_get=True,
    )

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        if not manage_database:
            yield
            return
        refuse_unsafe_production(settings)  # also when started without `tenantry serve`
        # Without a broker the app also runs the jobs and the scheduler: on exit the
        # scheduler stops first (its ticks send jobs), then the worker, then the database.
        async with (
            RegisterTortoise(
                app,
                config=tortoise_config(settings.database_url, settings.database_replica_urls),
            ),
            embedded_worker(),
            embedded_scheduler(settings),
        ):
            if settings.production:
                # Once per serving process (a test process would freeze its fixtures too).
                freeze_startup_heap()
            yield
        mark_process_dead()

    app = Starlette(
        routes=[
            Route("/graphql", view, methods=["GET", "POST"]),
            WebSocketRoute("/graphql", GraphQLWebSocketView(schema, settings=settings)),
            Route("/export/{list}.csv", export_endpoint(schema, settings), methods=["GET"]),
            *operations_routes(settings),
            *graphiql_routes(view.graphql_ide),
        ],
        lifespan=lifespan,
        exception_handlers={HTTPException: http_error},
    )
    app.add_middleware(BodyLimitMiddleware, limit=settings.max_body_bytes)
    # Starlette runs the last added outermost: every answer, a refused preflight or body
    # included, gets a request id; errors get CORS headers too.
    app.add_middleware(CorsMiddleware, settings=settings)
    app.add_middleware(RequestObserver)
    return app
