"""Bad input never gives INTERNAL: NUL and control characters, over-long filters, odd
datetimes, bodies that are no GraphQL request, header injection through names, forged log
lines and documents that are cheap to send but costly to validate."""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator
from typing import Any

import pytest

from models import OutboxEmail
from settings import Settings
from tests import factories
from tests.api import LOGIN, Api, api_for, error_codes

NUL = "\u0000"


async def _admin() -> str:
    master = await factories.master()
    _, token = await factories.quick_member(master, "admin@example.com")
    return token


def _no_internal(body: dict[str, Any]) -> None:
    codes = error_codes(body)
    assert "INTERNAL" not in codes, body
    assert all(code for code in codes), body


# --- 1. NUL characters -----------------------------------------------------------------


async def test_a_login_with_a_nul_character_is_an_unknown_login(api: Api) -> None:
    await _admin()
    for email, password in (
        (f"admin{NUL}@example.com", "whatever-password"),
        ("admin@example.com", f"pass{NUL}word"),
        (NUL, NUL),
    ):
        body = await api(LOGIN, {"email": email, "password": password})
        assert "errors" not in body, body
        assert [e["code"] for e in body["data"]["login"]["userErrors"]] == ["INVALID_CREDENTIALS"]


async def test_a_password_reset_for_a_nul_email_is_accepted_like_any_other(api: Api) -> None:
    query = """mutation ($email: String!) { requestPasswordReset(input: {email: $email}) {
      accepted userErrors { code } } }"""
    data = await api.data(query, {"email": f"x{NUL}@example.com"})
    assert data["requestPasswordReset"] == {"accepted": True, "userErrors": []}


SEARCHES = {
    "organizations": """query ($text: String) {
      organizations(filter: {search: $text}) { totalCount } }""",
    "users": """query ($text: String) { users(filter: {search: $text}) { totalCount } }""",
    "auditEvents": """query ($text: String) {
      auditEvents(filter: {action: $text}) { totalCount } }""",
}


@pytest.mark.parametrize("list_name", sorted(SEARCHES))
async def test_a_filter_with_a_nul_character_is_a_bad_request(api: Api, list_name: str) -> None:
    admin = await _admin()
    body = await api(SEARCHES[list_name], {"text": f"adm{NUL}in"}, admin)
    assert error_codes(body) == ["BAD_REQUEST"], body
    assert "control character" in body["errors"][0]["message"]


CREATE_CUSTOMER = """
mutation ($input: CreateOrganizationInput!) { createCustomer(input: $input) {
  organization { id } userErrors { field code } } }
"""


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"name": f"Acme{NUL}"}, ["name"]),
        ({"company": f"Acme{NUL} Ltd"}, ["company"]),
        ({"note": f"a{NUL}note"}, ["note"]),
        ({"idempotencyKey": f"key{NUL}"}, ["idempotencyKey"]),
        ({"owner": {"email": f"o{NUL}@acme.example"}}, ["owner", "email"]),
        ({"owner": {"email": "o@acme.example", "firstName": f"M{NUL}"}}, ["owner", "firstName"]),
        ({"contact": {"email": f"c{NUL}@acme.example"}}, ["contact", "email"]),
        ({"contact": {"city": f"Paris{NUL}"}}, ["contact", "city"]),
    ],
)
async def test_a_nul_character_in_a_create_is_a_user_error(
    api: Api, change: dict[str, Any], field: list[str]
) -> None:
    admin = await _admin()
    values: dict[str, Any] = {"name": "Acme", "owner": {"email": "o@acme.example"}, **change}
    data = await api.data(CREATE_CUSTOMER, {"input": values}, admin)
    assert data["createCustomer"]["organization"] is None
    assert data["createCustomer"]["userErrors"] == [{"field": ["input", *field], "code": "INVALID"}]
    assert await OutboxEmail.all().count() == 0  # nothing half-written


async def test_a_nul_character_in_a_logo_url_or_a_user_email_is_a_user_error(api: Api) -> None:
    admin = await _admin()
    customer = await api.data(
        CREATE_CUSTOMER, {"input": {"name": "Acme", "owner": {"email": "o@acme.example"}}}, admin
    )
    customer_id = customer["createCustomer"]["organization"]["id"]
    department = await api.data(
        """mutation ($id: ID!, $url: String) { createDepartment(input: {organizationId: $id,
          name: "Sales", branding: {logoUrl: $url}}) {
            department { id } userErrors { field code } } }""",
        {"id": customer_id, "url": f"https://logo.example/{NUL}.png"},
        admin,
    )
    user = await api.data(
        """mutation ($id: ID!, $email: String!) { createUser(input: {organizationId: $id,
          email: $email}) { user { id } userErrors { field code } } }""",
        {"id": customer_id, "email": f"u{NUL}@acme.example"},
        admin,
    )
    assert department["createDepartment"]["userErrors"] == [
        {"field": ["input", "branding", "logoUrl"], "code": "INVALID"}
    ]
    assert user["createUser"]["userErrors"] == [{"field": ["input", "email"], "code": "INVALID"}]


# --- 2. Over-long filters --------------------------------------------------------------


@pytest.fixture
async def roomy_api(settings: Settings) -> AsyncIterator[Api]:
    """A client of an app with the default body limit (the tests' is 20 KB)."""
    async with api_for(dataclasses.replace(settings, max_body_bytes=1_000_000)) as client:
        yield client


@pytest.mark.parametrize("list_name", sorted(SEARCHES))
async def test_an_over_long_filter_is_a_bad_request(roomy_api: Api, list_name: str) -> None:
    admin = await _admin()
    body = await roomy_api(SEARCHES[list_name], {"text": "%_" * 50_000}, admin)
    assert error_codes(body) == ["BAD_REQUEST"], body
    assert "limited to" in body["errors"][0]["message"]


@pytest.mark.parametrize("list_name", sorted(SEARCHES))
async def test_a_filter_at_its_limit_still_works(api: Api, list_name: str) -> None:
    admin = await _admin()
    limit = 64 if list_name == "auditEvents" else 254
    data = await api.data(SEARCHES[list_name], {"text": "%_\\" * (limit // 3)}, admin)
    assert data[list_name]["totalCount"] == 0


# --- 3. Datetimes ----------------------------------------------------------------------

AUDIT_SINCE = """query ($since: DateTime, $until: DateTime) {
  auditEvents(filter: {since: $since, until: $until}) { totalCount } }"""
BAD_DATETIMES = [
    "2026-01-01T00:00:00",  # no offset: which time zone?
    "2026-01-01",
    "9999-12-31T23:59:59-14:00",  # after year 9999 in UTC
    "0001-01-01T00:00:00+14:00",  # before year 1 in UTC
    "0000-01-01T00:00:00+00:00",
    "10000-01-01T00:00:00+00:00",
    "2026-13-01T00:00:00+00:00",
    "not a time",
]


@pytest.mark.parametrize("value", BAD_DATETIMES)
async def test_a_bad_datetime_in_a_filter_is_a_bad_request(api: Api, value: str) -> None:
    admin = await _admin()
    for variables in ({"since": value}, {"until": value}):
        body = await api(AUDIT_SINCE, variables, admin)
        assert error_codes(body) == ["BAD_REQUEST"], body
    literal = await api(
        f'{{ auditEvents(filter: {{since: "{value}"}}) {{ totalCount }} }}', {}, admin
    )
    assert error_codes(literal) == ["BAD_REQUEST"], literal


async def test_extreme_but_valid_datetimes_in_a_filter_work(api: Api) -> None:
    admin = await _admin()
    data = await api.data(
        AUDIT_SINCE,
        {"since": "0001-01-01T00:00:00+00:00", "until": "9999-12-31T23:59:59.999999Z"},
        admin,
    )
    assert data["auditEvents"]["totalCount"] >= 0


CREATE_API_KEY = """mutation ($org: ID!, $expiresAt: DateTime) {
  createApiKey(input: {organizationId: $org, name: "CI", role: MEMBER, expiresAt: $expiresAt}) {
    apiKey { expiresAt } userErrors { field code } } }"""


@pytest.mark.parametrize("value", ["2026-01-01T00:00:00", "9999-12-31T23:59:59-14:00"])
async def test_a_bad_api_key_expiry_is_a_bad_request(api: Api, value: str) -> None:
    admin = await _admin()
    customer = await api.data(
        CREATE_CUSTOMER, {"input": {"name": "Acme", "owner": {"email": "o@acme.example"}}}, admin
    )
    org = customer["createCustomer"]["organization"]["id"]
    body = await api(CREATE_API_KEY, {"org": org, "expiresAt": value}, admin)
    assert error_codes(body) == ["BAD_REQUEST"], body


# --- 4. Bodies that are no GraphQL request ---------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        b"[]",
        b'"x"',
        b"1",
        b"null",
        b"true",
        b'[{"query": "{ __typename }"}]',
        b'{"query": 1}',
        b'{"query": "{ __typename }", "variables": []}',
        b'{"query": "{ __typename }", "operationName": 1}',
        b'{"query": "{ __typename }", "extensions": "x"}',
    ],
)
async def test_a_body_that_is_no_graphql_request_is_a_bad_request(api: Api, body: bytes) -> None:
    response = await api.client.post(
        "/graphql", content=body, headers={"content-type": "application/json"}
    )
    assert response.status_code == 400, response.text
    assert error_codes(response.json()) == ["BAD_REQUEST"], response.text
