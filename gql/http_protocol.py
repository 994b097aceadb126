"""The GraphQL-over-HTTP protocol: what a request may look like and how its answer is framed.

The rules follow the GraphQL-over-HTTP specification (docs/http.md):

- The answer's media type comes from the request's `Accept`: `application/graphql-response+json`
  (the spec's own) or `application/json` (the legacy one, also for `*/*` or no `Accept`).
  Anything else is 406.
- A POST carries `application/json` (UTF-8, the only charset) or is refused with 415.
- The request is an object whose `query` and `operationName` are strings and whose
  `variables` and `extensions` are objects; over GET the last two are URL-encoded JSON.
- Under `application/graphql-response+json` a request that never reached execution (it did
  not parse, validate or coerce its variables) answers 400 without a `data` entry; under
  `application/json` it keeps the legacy 200 with `"data": null`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from starlette.responses import JSONResponse, Response

from gql.errors import ApiErrorCode

GRAPHQL_RESPONSE_JSON = "application/graphql-response+json"
JSON = "application/json"
# When the client accepts both equally, the spec's own type wins: it carries more meaning.
_PREFERENCE = (GRAPHQL_RESPONSE_JSON, JSON)


def content_type(media_type: str) -> str:
    # application/json is UTF-8 by definition; the newer type says so, as the spec asks.
    return media_type if media_type == JSON else f"{media_type}; charset=utf-8"


def code_for_status(status_code: int) -> ApiErrorCode:
    """The code of a refusal that only has an HTTP status (a wrong path, method or body)."""
    return ApiErrorCode.NOT_FOUND if status_code == 404 else ApiErrorCode.BAD_REQUEST


def error_response(
    status_code: int,
    message: str,
    code: str = ApiErrorCode.BAD_REQUEST,
    media_type: str = JSON,
    headers: Mapping[str, str] | None = None,
    extensions: Mapping[str, Any] | None = None,
) -> Response:
    """A GraphQL-shaped error body, so clients parse every failure the same way; more
    `extensions` (a `reason`, a `suspension`) beside the code where the error has them.

    `"data": null` is the legacy application/json shape; the spec's own media type says a
    request that never executed has no `data` at all.
    """
    coded = {**(extensions or {}), "code": str(code)}
    body: dict[str, Any] = {"errors": [{"message": message, "extensions": coded}]}
    if media_type == JSON:
        body = {"data": None, **body}
    return JSONResponse(
        body, status_code=status_code, headers=headers, media_type=content_type(media_type)
    )


class ProtocolError(Exception):
    """A request the protocol refuses before any GraphQL runs: an HTTP status and a code."""

    def __init__(
        self,
        status_code: int,
        message: str,
        code: str = ApiErrorCode.BAD_REQUEST,
        headers: Mapping[str, str] | None = None,
        legacy_status: int | None = None,
    ) -> None:
        super().__init__(message)
        self.status_code = status_code
        self.message = message
        self.code = str(code)
        self.headers = dict(headers or {})
        # Under application/json, errors a GraphQL client reads from the body (the persisted
        # query ones) keep the legacy 200: Apollo's link retries only on what it can read.
        self.legacy_status = legacy_status or status_code

    def status_for(self, media_type: str) -> int:
        return self.status_code if media_type == GRAPHQL_RESPONSE_JSON else self.legacy_status


@dataclass(frozen=True)
class MediaRange:
    type: str  # "application/json", "application/*" or "*/*"
    quality: float
    charset: str | None

    def matches(self, media_type: str) -> bool:
        if self.charset is not None and self.charset not in ("utf-8", "utf8"):
            return False  # we only ever write UTF-8
        main, _, sub = self.type.partition("/")
        wanted_main, _, wanted_sub = media_type.partition("/")
        return main in ("*", wanted_main) and sub in ("*", wanted_sub)

    @property
    def specificity(self) -> int:
        return 2 - self.type.count("*")


def _media_ranges(accept: str) -> list[MediaRange]:
    ranges = []
    for part in accept.split(","):
        kind, *parameters = (piece.strip() for piece in part.split(";"))
        if not kind:
            continue
        quality, charset = 1.0, None
        for parameter in parameters:
            name, _, value = parameter.partition("=")
            name, value = name.strip().lower(), value.strip().strip('"').lower()
            if name == "q":
                try:
                    quality = min(max(float(value), 0.0), 1.0)
                except ValueError:
                    quality = 0.0  # a malformed weight accepts nothing rather than everything
            elif name == "charset":
                charset = value
        ranges.append(MediaRange(kind.lower(), quality, charset))
    return ranges


def negotiate(accept: str | None) -> str | None:
    """The media type to answer in, or None when the client accepts neither of ours.

    Per RFC 9110 each of our types takes the weight of the most specific range that matches
    it; the heavier wins, ties go to `_PREFERENCE`. `*/*` alone means the legacy JSON, which
    is what clients that send it (curl, older libraries) expect.
    """
    if accept is None or not accept.strip():
        return JSON
    ranges = _media_ranges(accept)
    weights: dict[str, float] = {}
    for media_type in _PREFERENCE:
        matching = [r for r in ranges if r.matches(media_type)]
        if matching:
            best = max(matching, key=lambda r: r.specificity)
            weights[media_type] = max(
                r.quality for r in matching if r.specificity == best.specificity
            )
    acceptable = {t: w for t, w in weights.items() if w > 0}
    if not acceptable:
        return None
    if not any(r.type == GRAPHQL_RESPONSE_JSON for r in ranges):
        # Only wildcards or application/json named: the legacy answer.
        return JSON if JSON in acceptable else None
    top = max(acceptable.values())
    return next(t for t in _PREFERENCE if acceptable.get(t) == top)


def not_acceptable() -> ProtocolError:
    return ProtocolError(
        406,
        f"This endpoint answers in {GRAPHQL_RESPONSE_JSON} or {JSON} (UTF-8); "
        "the Accept header allows neither.",
        ApiErrorCode.NOT_ACCEPTABLE,
    )


def check_content_type(content_type: str | None) -> None:
    """A POST body must be JSON in UTF-8 (the spec's only required encoding)."""
    kind, *parameters = (piece.strip() for piece in (content_type or "").split(";"))
    charset = None
    for parameter in parameters:
        name, _, value = parameter.partition("=")
        if name.strip().lower() == "charset":
            charset = value.strip().strip('"').lower()
    if kind.lower() != JSON or charset not in (None, "utf-8", "utf8"):
        shown = content_type or "none"
        raise ProtocolError(
            415,
            f"A POST must have Content-Type {JSON} (UTF-8), not {shown}.",
            ApiErrorCode.UNSUPPORTED_MEDIA_TYPE,
        )


@dataclass(frozen=True)
class RequestParameters:
    """The GraphQL request's parameters, their types checked."""

    query: str | None
    operation_name: str | None
    variables: dict[str, Any] | None
    extensions: dict[str, Any] = field(default_factory=dict)
    document_id: str | None = None


def _optional(params: Mapping[str, Any], name: str, kind: type, what: str) -> Any:
    value = params.get(name)
    if value is not None and not isinstance(value, kind):
        raise ProtocolError(400, f"The request's `{name}` must be {what} or null.")
    return value


def parameters(params: Mapping[str, Any]) -> RequestParameters:
    return RequestParameters(
        query=_optional(params, "query", str, "a string"),
        operation_name=_optional(params, "operationName", str, "a string"),
        variables=_optional(params, "variables", dict, "an object"),
        extensions=_optional(params, "extensions", dict, "an object") or {},
        document_id=_optional(params, "documentId", str, "a string"),
    )


def parameters_from_body(body: bytes, decode_json: Callable[[bytes], object]) -> RequestParameters:
    if not body.strip():
        raise ProtocolError(400, "The request body is empty; send a JSON object with `query`.")
    try:
        parsed = decode_json(body)
    except ValueError:
        raise ProtocolError(400, "The request body is not valid JSON.") from None
    if not isinstance(parsed, dict):
        # A list would be a batch, which this endpoint does not take.
        raise ProtocolError(400, "The request body must be a JSON object.")
    return parameters(parsed)


def parameters_from_query_string(
    query_params: Mapping[str, Any], decode_json: Callable[[str], object]
) -> RequestParameters:
    """A GET's parameters: `variables` and `extensions` are JSON in the URL."""
    params: dict[str, Any] = dict(query_params)
    for name in ("variables", "extensions"):
        raw = params.get(name)
        if raw in (None, ""):
            params[name] = None
            continue
        try:
            params[name] = decode_json(raw)
        except ValueError:
            raise ProtocolError(400, f"The URL's `{name}` is not valid JSON.") from None
    return parameters(params)


def mutation_over_get() -> ProtocolError:
    return ProtocolError(
        405,
        "Only queries may be sent with GET; send mutations with POST.",
        ApiErrorCode.METHOD_NOT_ALLOWED,
        headers={"Allow": "POST"},
    )


def is_request_error(response: Mapping[str, Any]) -> bool:
    """The answer of a request that never executed: no data, and no error on a field.

    Errors raised while executing carry the `path` of their field; parse, validation and
    variable-coercion errors (and the persisted-query ones) have none. A masked INTERNAL or
    UNAVAILABLE error is the server's fault, never the request's.
    """
    errors = response.get("errors") or []
    if response.get("data") is not None or not errors:
        return False
    server_codes = {str(ApiErrorCode.INTERNAL), str(ApiErrorCode.UNAVAILABLE)}
    return not any(
        "path" in error or (error.get("extensions") or {}).get("code") in server_codes
        for error in errors
    )
