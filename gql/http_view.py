"""Strawberry's ASGI view speaking the GraphQL-over-HTTP protocol (gql/http_protocol.py).

Strawberry parses, executes and renders; this base decides what a request may be and how
its answer is framed: the media type from `Accept`, the checks on a request's shape, the
persisted-query lookup (gql/persisted.py), 405 for a mutation over GET, and 400 without
`data` for a request error under application/graphql-response+json.
"""

from __future__ import annotations

from functools import cached_property
from typing import Any

from cross_web import AsyncHTTPRequestAdapter, HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.http import GraphQLHTTPResponse, GraphQLRequestData
from strawberry.schema.exceptions import InvalidOperationTypeError
from strawberry.types import ExecutionResult

from gql import http_protocol
from gql.context import Context
from gql.fastpath.stream_transport import stream_transport
from gql.persisted import PersistedQueries
from settings import Settings


class GraphQLOverHTTP(GraphQL[Context, None]):
    settings: Settings

    @cached_property
    def persisted(self) -> PersistedQueries:
        return PersistedQueries(self.settings)

    async def run(self, request: Any, context: Any = None, root_value: Any = None) -> Any:
        media_type = http_protocol.JSON  # what a 406 answers in
        try:
            if isinstance(request, Request):
                media_type = self._negotiate(request)
            return await super().run(request)
        except http_protocol.ProtocolError as error:
            return http_protocol.error_response(
                error.status_for(media_type), error.message, error.code, media_type, error.headers
            )
        except HTTPException as error:
            # Strawberry answers a missing query, a wrong method or the IDE being off with
            # plain text; give clients the same coded JSON as other errors.
            code = http_protocol.code_for_status(error.status_code)
            return http_protocol.error_response(error.status_code, error.reason, code, media_type)

    def _negotiate(self, request: Request) -> str:
        """The answer's media type, kept on the request for `create_response`."""
        adapter = self.request_adapter_class(request)
        media_type = http_protocol.negotiate(request.headers.get("accept"))
        if media_type is None and (
            self.should_render_graphql_ide(adapter) or stream_transport(self, adapter.headers)
        ):
            media_type = http_protocol.JSON  # the IDE's page or a stream has its own type
        if media_type is None:
            raise http_protocol.not_acceptable()
        request.state.graphql_media_type = media_type
        return media_type

    def should_render_graphql_ide(self, request: Any) -> bool:
        # A GET naming its document by hash or id (Apollo's hashed GETs) has no `query`,
        # yet is a GraphQL request, not a visit from a browser.
        params = request.query_params
        if params.get("extensions") is not None or params.get("documentId") is not None:
            return False
        return super().should_render_graphql_ide(request)

    async def get_sub_response(self, request: Request | WebSocket) -> Response:
        sub_response = await super().get_sub_response(request)
        sub_response.media_type = getattr(request.state, "graphql_media_type", http_protocol.JSON)
        return sub_response

    async def parse_http_body(self, request_adapter: AsyncHTTPRequestAdapter) -> GraphQLRequestData:
        if request_adapter.method == "GET":
            params = http_protocol.parameters_from_query_string(
                request_adapter.query_params, self.decode_json
            )
        else:
            http_protocol.check_content_type(request_adapter.content_type)
            params = http_protocol.parameters_from_body(
                await request_adapter.get_body(), self.decode_json
            )
        transport = stream_transport(self, request_adapter.headers)
        return GraphQLRequestData(
            query=self.persisted.resolve(params),
            variables=params.variables,
            operation_name=params.operation_name,
            extensions=params.extensions,
            protocol=transport.protocol if transport else "http",
        )

    async def execute_single(  # Strawberry's signature
        self,
        request: Request,
        request_adapter: AsyncHTTPRequestAdapter,
        sub_response: Response,
        context: Context,
        root_value: None,
        request_data: GraphQLRequestData,
    ) -> ExecutionResult:
        try:
            return await super().execute_single(
                request, request_adapter, sub_response, context, root_value, request_data
            )
        except HTTPException as error:
            if request_adapter.method == "GET" and isinstance(
                error.__cause__, InvalidOperationTypeError
            ):
                raise http_protocol.mutation_over_get() from error
            raise

    def create_response(
        self,
        response_data: GraphQLHTTPResponse | list[GraphQLHTTPResponse],
        sub_response: Response,
    ) -> Response:
        media_type = sub_response.media_type or http_protocol.JSON
        request_error = (
            media_type == http_protocol.GRAPHQL_RESPONSE_JSON
            and isinstance(response_data, dict)
            and http_protocol.is_request_error(response_data)
        )
        if request_error:
            response_data = {k: v for k, v in response_data.items() if k != "data"}  # type: ignore[union-attr,assignment]
        response = super().create_response(response_data, sub_response)
        response.headers["content-type"] = http_protocol.content_type(media_type)
        if request_error and not sub_response.status_code:
            response.status_code = 400
        return response
