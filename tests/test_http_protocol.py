"""The GraphQL-over-HTTP protocol (docs/http.md): media types, GET, request shapes, CORS."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import AsyncIterator
from typing import Any

import pytest

from gql.http_protocol import negotiate
from settings import ConfigurationError, Settings, load_settings
from tests.api import Api, api_for, error_codes

TYPENAME = {"query": "{ __typename }"}
NEW = "application/graphql-response+json"
LEGACY = "application/json"


async def post(api: Api, body: Any, **headers: str) -> Any:
    return await api.client.post(
        "/graphql",
        content=json.dumps(body),
        headers={"content-type": "application/json", **headers},
    )


# -- content negotiation -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        (None, LEGACY),
        ("", LEGACY),
        ("*/*", LEGACY),
        ("application/*", LEGACY),
        ("application/json", LEGACY),
        ("application/json; charset=utf-8", LEGACY),
        (NEW, NEW),
        (f"{NEW}; charset=utf-8", NEW),
        (f"{NEW}, application/json;q=0.9", NEW),  # Apollo Client's and urql's default
        (f"application/json, {NEW}", NEW),  # equal weights: the spec's own type
        (f"{NEW};q=0.5, application/json", LEGACY),
        (f"{NEW};q=0.5, */*", LEGACY),
        (f"{NEW};q=0, */*", LEGACY),
        ("text/html, */*;q=0.8", LEGACY),
        ("text/html", None),
        ("application/xml", None),
        ("application/json; charset=iso-8859-1", None),
        (f"{NEW};q=0", None),
        ("application/json;q=bogus", None),
    ],
)
def test_accept_header_negotiation(accept: str | None, expected: str | None) -> None:
    assert negotiate(accept) == expected


async def test_the_new_media_type_is_answered_with_its_content_type(api: Api) -> None:
    response = await post(api, TYPENAME, accept=NEW)

    assert response.status_code == 200
    assert response.headers["content-type"] == f"{NEW}; charset=utf-8"
    assert response.json() == {"data": {"__typename": "Query"}}


async def test_without_accept_the_answer_is_legacy_json(api: Api) -> None:
    response = await api.client.post(
        "/graphql", content=json.dumps(TYPENAME), headers={"content-type": "application/json"}
    )

    assert response.headers["content-type"] == LEGACY


async def test_an_unacceptable_accept_is_a_coded_406(api: Api) -> None:
    response = await post(api, TYPENAME, accept="application/xml")

    assert response.status_code == 406
    assert error_codes(response.json()) == ["NOT_ACCEPTABLE"]


@pytest.mark.parametrize(
    "document",
    [
        "{ __typename ",  # does not parse
        "{ nothingLikeThis }",  # does not validate
    ],
)
async def test_a_request_error_is_400_without_data_under_the_new_type(
    api: Api, document: str
) -> None:
    new = await post(api, {"query": document}, accept=NEW)
    legacy = await post(api, {"query": document}, accept=LEGACY)

    assert new.status_code == 400
    assert "data" not in new.json()
    assert error_codes(new.json()) == ["BAD_REQUEST"]
    assert legacy.status_code == 200
    assert legacy.json()["data"] is None
    assert error_codes(legacy.json()) == ["BAD_REQUEST"]


async def test_a_variable_that_does_not_coerce_is_400_under_the_new_type(api: Api) -> None:
    body = {"query": "query ($n: Int) { organizations(first: $n) { totalCount } }"}

    response = await post(api, {**body, "variables": {"n": "ten"}}, accept=NEW)

    assert response.status_code == 400
    assert "data" not in response.json()


async def test_a_field_error_keeps_200_and_data_under_the_new_type(api: Api) -> None:
    # Executed: the field fails for want of a login, the response carries data.
    response = await post(api, {"query": "{ viewer { role } }"}, accept=NEW)

    assert response.status_code == 200
    assert "data" in response.json()
    assert error_codes(response.json()) == ["UNAUTHENTICATED"]


# -- request shapes ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "content_type",
    ["text/plain", "application/x-www-form-urlencoded", "application/json; charset=latin-1", ""],
)
async def test_a_post_that_is_not_utf8_json_is_a_coded_415(api: Api, content_type: str) -> None:
    response = await api.client.post(
        "/graphql", content=json.dumps(TYPENAME), headers={"content-type": content_type}
    )

    assert response.status_code == 415
    assert error_codes(response.json()) == ["UNSUPPORTED_MEDIA_TYPE"]


async def test_a_utf8_charset_is_accepted(api: Api) -> None:
    response = await api.client.post(
        "/graphql",
        content=json.dumps(TYPENAME),
        headers={"content-type": "application/json; charset=UTF-8"},
    )

    assert response.json() == {"data": {"__typename": "Query"}}


@pytest.mark.parametrize(
    "body",
    [
        ["array"],
        "string",
        {"query": 1},
        {"query": ["{ __typename }"]},
        {"query": "{ __typename }", "operationName": 0},
        {"query": "{ __typename }", "variables": "{}"},
        {"query": "{ __typename }", "variables": ["x"]},
        {"query": "{ __typename }", "extensions": False},
        {"query": "query A { __typename }", "operationName": "B"},
        {},
    ],
)
async def test_a_malformed_request_is_a_coded_400(api: Api, body: Any) -> None:
    for accept in (NEW, LEGACY):
        response = await post(api, body, accept=accept)

        assert response.status_code == 400, (body, accept)
        assert error_codes(response.json()) == ["BAD_REQUEST"]


async def test_an_empty_body_is_a_coded_400(api: Api) -> None:
    response = await api.client.post(
        "/graphql", content=b"", headers={"content-type": "application/json"}
    )

    assert response.status_code == 400
    assert error_codes(response.json()) == ["BAD_REQUEST"]


async def test_a_get_query_takes_url_encoded_variables_and_operation_name(api: Api) -> None:
    params = {
        "query": "query A { a: __typename } "
        "query B($x: Boolean!) { b: __typename @include(if: $x) }",
        "operationName": "B",
        "variables": json.dumps({"x": True}),
        "extensions": json.dumps({}),
    }

    response = await api.client.get("/graphql", params=params, headers={"accept": NEW})

    assert response.status_code == 200
    assert response.json() == {"data": {"b": "Query"}}


@pytest.mark.parametrize(
    "params",
    [
        {"query": "{ __typename }", "variables": "{not json"},
        {"query": "{ __typename }", "variables": "[1]"},
        {"query": "{ __typename }", "extensions": "1"},
        {"operationName": "A"},
    ],
)
async def test_a_malformed_get_is_a_coded_400(api: Api, params: dict[str, str]) -> None:
    response = await api.client.get("/graphql", params=params, headers={"accept": LEGACY})

    assert response.status_code == 400
    assert error_codes(response.json()) == ["BAD_REQUEST"]


async def test_a_mutation_over_get_is_405_allowing_post(api: Api) -> None:
    response = await api.client.get(
        "/graphql", params={"query": "mutation { logout { revoked } }"}, headers={"accept": NEW}
    )

    assert response.status_code == 405
    assert response.headers["allow"] == "POST"
    assert error_codes(response.json()) == ["METHOD_NOT_ALLOWED"]


async def test_a_browser_get_still_opens_graphiql(api: Api) -> None:
    browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"

    response = await api.client.get("/graphql", headers={"accept": browser})

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")


# -- CORS --------------------------------------------------------------------------------


def preflight(origin: str, headers: str = "content-type, authorization") -> dict[str, str]:
    return {
        "origin": origin,
        "access-control-request-method": "POST",
        "access-control-request-headers": headers,
    }


@pytest.fixture
async def panel_api(settings: Settings) -> AsyncIterator[Api]:
    configured = load_settings(
        {"CORS_ALLOWED_ORIGINS": "https://panel.example.com, https://admin.example.com"}
    )
    merged = dataclasses.replace(settings, cors_allowed_origins=configured.cors_allowed_origins)
    async with api_for(merged) as client:
        yield client


async def test_a_preflight_from_an_allowed_origin_is_answered(panel_api: Api) -> None:
    apollo = "content-type, authorization, apollographql-client-name, x-request-id"

    response = await panel_api.client.options(
        "/graphql", headers=preflight("https://panel.example.com", apollo)
    )

    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] == "https://panel.example.com"
    assert "POST" in response.headers["access-control-allow-methods"]
    allowed = response.headers["access-control-allow-headers"].lower()
    assert all(h.strip() in allowed for h in apollo.split(","))
    assert int(response.headers["access-control-max-age"]) > 0
    assert "access-control-allow-credentials" not in response.headers
    assert "Origin" in response.headers["vary"]


@pytest.mark.parametrize("origin", ["https://evil.example", "http://localhost:5173"])
async def test_a_preflight_from_another_origin_is_refused_unadorned(
    panel_api: Api, origin: str
) -> None:
    response = await panel_api.client.options("/graphql", headers=preflight(origin))

    assert response.status_code == 403
    assert error_codes(response.json()) == ["FORBIDDEN"]
    assert not any(name.startswith("access-control-") for name in response.headers)
    assert "Origin" in response.headers["vary"]


async def test_a_preflight_asking_for_an_unknown_header_is_refused(panel_api: Api) -> None:
    response = await panel_api.client.options(
        "/graphql", headers=preflight("https://panel.example.com", "x-something-else")
    )

    assert response.status_code == 403


async def test_a_request_from_an_allowed_origin_is_readable_and_varies(panel_api: Api) -> None:
    allowed = await post(panel_api, TYPENAME, origin="https://admin.example.com")
    other = await post(panel_api, TYPENAME, origin="https://evil.example")

    assert allowed.headers["access-control-allow-origin"] == "https://admin.example.com"
    assert "access-control-allow-origin" not in other.headers
    assert "Origin" in allowed.headers["vary"]
    assert "Origin" in other.headers["vary"]


@pytest.mark.parametrize("origin", ["http://localhost:5173", "http://127.0.0.1:3000"])
async def test_development_allows_any_local_port(api: Api, origin: str) -> None:
    response = await api.client.options("/graphql", headers=preflight(origin))

    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] == origin


@pytest.mark.parametrize(
    "origin", ["http://localhost.evil.example", "https://localhost:5173", "http://10.0.0.1:80"]
)
async def test_development_allows_nothing_but_local_http(api: Api, origin: str) -> None:
    response = await api.client.options("/graphql", headers=preflight(origin))

    assert response.status_code == 403


async def test_production_allows_no_origin_by_default(production_api: Api) -> None:
    response = await production_api.client.options(
        "/graphql", headers=preflight("http://localhost:5173")
    )

    assert response.status_code == 403


async def test_an_origin_configured_in_capitals_matches_what_browsers_send(
    settings: Settings,
) -> None:
    """Browsers send the host in lower case: `https://Panel.Example.com` must still match."""
    configured = load_settings({"CORS_ALLOWED_ORIGINS": "https://Panel.Example.com"})
    merged = dataclasses.replace(settings, cors_allowed_origins=configured.cors_allowed_origins)
    async with api_for(merged) as api:
        response = await api.client.options(
            "/graphql", headers=preflight("https://panel.example.com", "content-type")
        )

    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] == "https://panel.example.com"


def test_production_default_and_explicit_origins() -> None:
    production = load_settings({"TENANTRY_ENV": "production", "SECRET_KEY": "k" * 40})
    explicit = load_settings({"CORS_ALLOWED_ORIGINS": "https://panel.example.com/"})

    assert production.cors_allowed_origins is None
    assert not production.cors_allows_localhost
    assert load_settings({}).cors_allows_localhost
    assert explicit.cors_allowed_origins == ("https://panel.example.com",)
    assert not explicit.cors_allows_localhost


@pytest.mark.parametrize(
    "value",
    [
        "*",
        "panel.example.com",
        "https://panel.example.com/app",
        "ftp://x.example",
        "https://user@panel.example.com",
    ],
)
def test_an_origin_that_is_not_exact_is_a_configuration_error(value: str) -> None:
    with pytest.raises(ConfigurationError, match="CORS_ALLOWED_ORIGINS"):
        load_settings({"CORS_ALLOWED_ORIGINS": value})
