"""The /graphql endpoint's conventions: coded errors, request limits, the IDE, health."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

import domain.security.auth
from settings import Settings
from tests import factories
from tests.api import Api, error_codes

VIEWER = "{ viewer { role } }"
JSON = {"content-type": "application/json"}


def assert_no_trace(text: str) -> None:
    assert "Traceback" not in text
    assert 'File "' not in text


async def test_malformed_json_is_a_coded_bad_request(api: Api) -> None:
    response = await api.client.post(
        "/graphql", content=b'{"query": ', headers={"content-type": "application/json"}
    )

    assert response.status_code == 400
    assert error_codes(response.json()) == ["BAD_REQUEST"]
    assert_no_trace(response.text)


async def test_body_without_a_query_is_a_coded_bad_request(api: Api) -> None:
    response = await api.client.post("/graphql", json={"variables": {}})

    assert response.status_code == 400
    assert error_codes(response.json()) == ["BAD_REQUEST"]


async def test_syntax_error_is_a_coded_bad_request(api: Api) -> None:
    body = await api("{ viewer { role ")

    assert error_codes(body) == ["BAD_REQUEST"]


async def test_unknown_field_is_a_coded_bad_request(api: Api) -> None:
    body = await api("{ viewer { shoeSize } }")

    assert error_codes(body) == ["BAD_REQUEST"]


async def test_wrongly_typed_variable_is_a_coded_bad_request(api: Api) -> None:
    body = await api("query ($n: Int) { organizations(first: $n) { totalCount } }", {"n": "ten"})

    assert error_codes(body) == ["BAD_REQUEST"]


async def test_oversized_body_is_refused_with_413(api: Api, settings: Settings) -> None:
    padding = "x" * (settings.max_body_bytes + 1)

    response = await api.client.post(
        "/graphql", json={"query": VIEWER, "variables": {"p": padding}}
    )

    assert response.status_code == 413
    assert error_codes(response.json()) == ["BAD_REQUEST"]


async def test_oversized_streamed_body_without_length_is_refused(
    api: Api, settings: Settings
) -> None:
    async def chunks() -> AsyncIterator[bytes]:
        yield b'{"query": "{ viewer { role } }", "variables": {"p": "'
        for _ in range(settings.max_body_bytes // 1000 + 2):
            yield b"x" * 1000
        yield b'"}}'

    response = await api.client.post(
        "/graphql", content=chunks(), headers={"content-type": "application/json"}
    )

    assert response.status_code == 413
    assert error_codes(response.json()) == ["BAD_REQUEST"]
    assert_no_trace(response.text)


def _owner_chain(depth: int) -> str:
    """organizations > edges > node > owner > ... > name, of the given depth.

    Depth is measured as graphql-depth-limit does: `{ viewer { role } }` has depth 1.
    """
    inner = "name"
    for _ in range(depth - 3):
        inner = f"owner {{ {inner} }}"
    return f"{{ organizations {{ edges {{ node {{ {inner} }} }} }} }}"


async def test_query_deeper_than_8_is_refused(api: Api) -> None:
    too_deep = await api(_owner_chain(9))

    assert error_codes(too_deep) == ["BAD_REQUEST"]
    assert "depth" in too_deep["errors"][0]["message"]
    # Depth 8 passes validation and fails later, for want of a token.
    assert error_codes(await api(_owner_chain(8))) == ["UNAUTHENTICATED"]


async def test_fragments_count_towards_depth(api: Api) -> None:
    query = """
    { organizations { edges { node { ...A } } } }
    fragment A on Organization { owner { ...B } }
    fragment B on Organization { owner { owner { owner { owner { owner { name } } } } } }
    """

    assert error_codes(await api(query)) == ["BAD_REQUEST"]


async def test_too_many_aliases_are_refused(api: Api) -> None:
    many = "{ " + " ".join(f"a{i}: viewer {{ role }}" for i in range(16)) + " }"
    fifteen = "{ " + " ".join(f"a{i}: viewer {{ role }}" for i in range(15)) + " }"

    body = await api(many)

    assert error_codes(body) == ["BAD_REQUEST"]
    assert "alias" in body["errors"][0]["message"].lower()
    assert "BAD_REQUEST" not in error_codes(await api(fifteen))


async def test_too_many_tokens_are_refused(api: Api) -> None:
    body = await api("{ viewer { " + "role " * 2_000 + "} }")

    assert error_codes(body) == ["BAD_REQUEST"]


async def test_page_size_over_100_is_refused(api: Api) -> None:
    master = await factories.master()
    await factories.member(master, "boss@example.com")
    token = await api.login("boss@example.com", factories.PASSWORD)

    for argument in ("first", "last"):
        body = await api(f"{{ organizations({argument}: 101) {{ totalCount }} }}", token=token)
        assert error_codes(body) == ["BAD_REQUEST"], argument
        ok = await api(f"{{ organizations({argument}: 100) {{ totalCount }} }}", token=token)
        assert ok["data"]["organizations"]["totalCount"] == 1


async def test_invalid_cursor_is_refused(api: Api) -> None:
    master = await factories.master()
    await factories.member(master, "boss@example.com")
    token = await api.login("boss@example.com", factories.PASSWORD)

    body = await api('{ organizations(after: "not-a-cursor") { totalCount } }', token=token)

    assert error_codes(body) == ["BAD_REQUEST"]


async def test_unexpected_error_is_masked_as_internal(
    api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("secret database detail")

    monkeypatch.setattr(domain.security.auth, "authenticate", broken)
    monkeypatch.setattr("gql.context.authenticate", broken)

    response = await api.post(VIEWER, token="tnt_whatever")

    body = response.json()
    assert error_codes(body) == ["INTERNAL"]
    assert body["errors"][0]["message"] == "Internal server error."
    assert "secret database detail" not in response.text
    assert_no_trace(response.text)


async def test_graphiql_is_served_in_development(api: Api) -> None:
    response = await api.client.get("/graphql", headers={"accept": "text/html"})

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert "graphiql" in response.text.lower()


async def test_production_serves_no_graphiql_no_introspection_no_suggestions(
    production_api: Api,
) -> None:
    page = await production_api.client.get("/graphql", headers={"accept": "text/html"})
    introspection = await production_api("{ __schema { types { name } } }")
    typo = await production_api("{ viewr { role } }")

    assert page.status_code == 404
    assert "graphiql" not in page.text.lower()
    assert introspection["data"] is None
    assert set(error_codes(introspection)) == {"BAD_REQUEST"}
    assert "introspection" in introspection["errors"][0]["message"].lower()
    assert error_codes(typo) == ["BAD_REQUEST"]
    assert "Did you mean" not in str(typo)


async def test_development_suggests_fields(api: Api) -> None:
    body = await api("{ viewr { role } }")

    assert "Did you mean" in body["errors"][0]["message"]


async def test_queries_over_get_are_executed_but_mutations_are_not(api: Api) -> None:
    """Over GET only queries run (tests/test_http_protocol.py has the rest)."""
    query = await api.client.get("/graphql", params={"query": "{ __typename }"})
    mutation = await api.client.get("/graphql", params={"query": "mutation { logout { revoked } }"})

    assert query.status_code == 200
    assert query.json() == {"data": {"__typename": "Query"}}
    assert mutation.status_code == 405
    assert error_codes(mutation.json()) == ["METHOD_NOT_ALLOWED"]


async def test_healthz_reports_the_database(api: Api) -> None:
    response = await api.client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "migrations": "ok"}}


async def test_wrong_method_is_a_coded_405(api: Api) -> None:
    response = await api.client.put("/graphql", json={"query": VIEWER})

    assert response.status_code == 405
    assert error_codes(response.json()) == ["BAD_REQUEST"]


async def test_unknown_path_is_a_coded_404(api: Api) -> None:
    response = await api.client.get("/nothing-here")

    assert response.status_code == 404
    assert error_codes(response.json()) == ["NOT_FOUND"]


async def test_production_does_not_suggest_argument_or_type_names(production_api: Api) -> None:
    argument = await production_api("{ organizations(frist: 1) { totalCount } }")
    type_name = await production_api("{ viewer { ... on Viewr { role } } }")

    for body in (argument, type_name):
        assert error_codes(body) == ["BAD_REQUEST"]
        message = body["errors"][0]["message"]
        assert "Did you mean" not in message
        assert "'first'" not in message
        assert "'Viewer'" not in message


async def test_a_bad_output_value_is_masked_as_internal(
    api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    from gql.schema.user import UserType

    master = await factories.master()
    await factories.member(master, "boss@example.com")
    token = await api.login("boss@example.com", factories.PASSWORD)
    real = UserType.from_model

    def corrupt(user: object) -> UserType:
        converted = real(user)  # type: ignore[arg-type]
        converted.login = (None, None, "secret-row-value")  # type: ignore[assignment]
        return converted

    monkeypatch.setattr(UserType, "from_model", corrupt)

    body = await api("{ viewer { user { failedLoginCount } } }", token=token)

    assert error_codes(body) == ["INTERNAL"]
    assert "secret-row-value" not in str(body)


async def test_a_request_authenticates_once_however_many_fields_ask(
    api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    import domain.security.auth

    master = await factories.master()
    await factories.member(master, "boss@example.com")
    token = await api.login("boss@example.com", factories.PASSWORD)
    real = domain.security.auth.authenticate
    calls: list[str] = []

    async def counting(*args: object, **kwargs: object) -> object:
        calls.append("authenticate")
        return await real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr("gql.context.authenticate", counting)

    body = await api(
        "{ " + " ".join(f"v{i}: viewer {{ role }}" for i in range(5)) + " }", token=token
    )

    assert [body["data"][f"v{i}"]["role"] for i in range(5)] == ["OWNER"] * 5
    assert calls == ["authenticate"]


async def test_a_body_that_is_not_valid_utf8_json_is_a_coded_bad_request(api: Api) -> None:
    # A lone surrogate: the standard json module accepted it, orjson refuses it.
    response = await api.client.post(
        "/graphql", content=b'{"query": "{ viewer { role } }\\ud800"}', headers=JSON
    )

    assert response.status_code == 400
    assert error_codes(response.json()) == ["BAD_REQUEST"]
    assert_no_trace(response.text)
