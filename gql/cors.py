"""CORS for browser frontends served from other origins (docs/http.md).

Starlette's middleware does the protocol: it answers preflights, mirrors an allowed
`Origin` and adds `Vary: Origin` to every answer so caches keep origins apart. Credentials
(cookies) are never allowed: clients authenticate with a bearer token, which a page from
another origin cannot read out of a browser by itself.
"""

from __future__ import annotations

import re

from starlette.datastructures import Headers
from starlette.middleware.cors import CORSMiddleware
from starlette.responses import Response
from starlette.types import ASGIApp

from gql.errors import ApiErrorCode
from gql.http_protocol import error_response
from settings import Settings

# In development any port of the local machine: frontends' dev servers pick their own.
LOCAL_ORIGINS = r"http://(localhost|127\.0\.0\.1)(:[0-9]{1,5})?"
ALLOWED_METHODS = ("GET", "POST")
# What browser GraphQL clients send: Apollo's client-awareness and CSRF-preflight headers,
# graphql-codegen/urql's defaults, our request id. (Starlette adds the always-safe ones:
# Accept, Accept-Language, Content-Language, Content-Type.)
ALLOWED_HEADERS = (
    "authorization",
    "x-request-id",
    "apollographql-client-name",
    "apollographql-client-version",
    "apollo-require-preflight",
    "x-apollo-operation-name",
    "graphql-client-name",
    "graphql-client-version",
)
EXPOSED_HEADERS = ("x-request-id",)
# Chromium caps a preflight's cache at two hours; longer would only be ignored.
MAX_AGE_SECONDS = 7_200


_LOCAL_ORIGIN = re.compile(LOCAL_ORIGINS)


def origin_allowed(settings: Settings, origin: str) -> bool:
    """Whether pages of `origin` may call the API: one rule for CORS and for WebSocket
    handshakes (a browser opens a socket from any page, with no preflight)."""
    if settings.cors_allows_localhost and _LOCAL_ORIGIN.fullmatch(origin):
        return True
    return origin in (settings.cors_allowed_origins or ())


class CorsMiddleware(CORSMiddleware):
    """Starlette's CORS, with refused preflights answered as coded errors that carry none
    of the Access-Control-Allow-* headers."""

    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        super().__init__(
            app,
            allow_origins=settings.cors_allowed_origins or (),
            allow_origin_regex=LOCAL_ORIGINS if settings.cors_allows_localhost else None,
            allow_methods=ALLOWED_METHODS,
            allow_headers=ALLOWED_HEADERS,
            allow_credentials=False,
            expose_headers=EXPOSED_HEADERS,
            max_age=MAX_AGE_SECONDS,
        )
        self.settings = settings

    def is_allowed_origin(self, origin: str) -> bool:
        return origin_allowed(self.settings, origin)

    def preflight_response(self, request_headers: Headers) -> Response:
        response = super().preflight_response(request_headers)
        if response.status_code == 200:
            return response
        what = bytes(response.body).decode().removeprefix("Disallowed CORS ")
        refused = error_response(
            403,
            f"Cross-origin request refused (not allowed: {what}). "
            "Allowed origins are set by CORS_ALLOWED_ORIGINS.",
            ApiErrorCode.FORBIDDEN,
        )
        refused.headers["Vary"] = response.headers["Vary"]
        return refused
