"""Bad input never gives INTERNAL: NUL and control characters, over-long filters, odd
datetimes, bodies that are no GraphQL request, header injection through names, forged log
lines and documents that are cheap to send but costly to validate."""

from __future__ import annotations

import dataclasses
import logging
import smtplib
import sys
from collections.abc import AsyncIterator
from email.message import EmailMessage
from typing import Any

import pytest
from graphql import get_introspection_query

import database
from domain.jobs import outbox
from domain.logsafe import OneLineFormatter, log_safe
from domain.people import password_flows
from gql.schema import filters
from gql.schema.relay import to_global_id
from models import Organization, OutboxEmail
from models.enums import EmailStatus, OrganizationKind
from ops.logs import TEXT_FORMAT
from settings import Settings
from tests import factories
from tests.api import LOGIN, Api, api_for, error_codes
from tests.test_outbox import Recorder

NUL = "\u0000"


async def _admin_of_master() -> tuple[Organization, str]:
    master = await factories.master()
    _, token = await factories.quick_member(master, "admin@example.com")
    return master, token


async def _admin() -> str:
    return (await _admin_of_master())[1]


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


async def test_a_password_reset_for_a_nul_email_is_accepted_like_any_other(
    api: Api, settings: Settings
) -> None:
    query = """mutation ($email: String!) { requestPasswordReset(input: {email: $email}) {
      accepted userErrors { code } } }"""
    data = await api.data(query, {"email": f"x{NUL}@example.com"})
    assert data["requestPasswordReset"] == {"accepted": True, "userErrors": []}
    # The worker's half looks the email up: an unknown email, not an error to retry.
    assert await password_flows.send_reset_email(f"x{NUL}@example.com", settings) is None


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


async def test_a_nul_character_anywhere_else_is_never_internal(api: Api) -> None:
    """Every other string input: an error of the request or a userError, never INTERNAL."""
    master, admin = await _admin_of_master()
    customer = await factories.organization(OrganizationKind.CUSTOMER, master, name="Acme")
    await factories.quick_member(customer, "owner@acme.example")
    org = to_global_id("Organization", customer.id)
    calls: list[tuple[str, dict[str, Any]]] = [
        (
            """mutation ($ids: [ID!]!, $text: String) { suspendOrganizations(input: {ids: $ids,
              reason: $text}) { userErrors { field code } results { userErrors { code } } } }""",
            {"ids": [org], "text": f"unpaid{NUL}"},
        ),
        (
            """mutation ($id: ID!, $text: String) { impersonate(input: {organizationId: $id,
              reason: $text}) { token userErrors { field code } } }""",
            {"id": org, "text": f"support{NUL}"},
        ),
        (
            """mutation ($text: String!) { resetPassword(input: {token: $text,
              newPassword: $text}) { done userErrors { field code } } }""",
            {"text": f"tnt_reset_{NUL}"},
        ),
        (
            """mutation ($text: String!) { changePassword(input: {currentPassword: $text,
              newPassword: $text}) { changed userErrors { field code } } }""",
            {"text": f"password{NUL}password"},
        ),
        (
            """mutation ($id: ID!, $text: String!) { createApiKey(input: {organizationId: $id,
              name: $text, role: MEMBER}) { userErrors { field code } } }""",
            {"id": org, "text": f"CI{NUL}"},
        ),
        (
            """mutation ($id: ID!, $text: String!) { createApiKey(input: {organizationId: $id,
              name: "CI", role: MEMBER, accessRights: [$text]}) { userErrors { field code } } }""",
            {"id": org, "text": f"dns{NUL}"},
        ),
        (
            """mutation ($id: ID!, $text: String!) { createUser(input: {organizationId: $id,
              email: "u@acme.example", accessRights: [$text], language: $text}) {
                userErrors { field code } } }""",
            {"id": org, "text": f"dns{NUL}"},
        ),
        (
            """mutation ($text: String!) { createPlan(input: {name: $text, quotas: {},
              enabledKinds: []}) { userErrors { field code } } }""",
            {"text": f"Gold{NUL}"},
        ),
        (
            """mutation ($id: ID!, $text: String!) { updateSecurityPolicy(input: {
              organizationId: $id, allowedIpRanges: [$text]}) { userErrors { field code } } }""",
            {"id": org, "text": f"10.0.0.0/8{NUL}"},
        ),
        ("""query ($text: ID!) { node(id: $text) { id } }""", {"text": f"T3Jn{NUL}"}),
        (
            """query ($text: String) { organizations(after: $text) { totalCount } }""",
            {"text": f"bzox{NUL}"},
        ),
    ]
    for query, variables in calls:
        body = await api(query, variables, admin)
        _no_internal(body)
        assert "INVALID_STATE" not in str(body), body  # the string itself was checked
        assert NUL not in str(await Organization.get(id=customer.id).values()), query


async def test_a_nul_character_no_check_caught_is_still_a_bad_request(
    api: Api, monkeypatch: pytest.MonkeyPatch, database_url: str
) -> None:
    """The net under the checks: PostgreSQL refusing a NUL is the request's fault."""
    admin = await _admin()
    monkeypatch.setattr(filters, "has_control_characters", lambda *_a, **_k: False)

    body = await api(SEARCHES["organizations"], {"text": f"adm{NUL}in"}, admin)

    if database.dialect_of(database_url) == "sqlite":
        assert body["data"]["organizations"]["totalCount"] == 0  # SQLite stores NUL alright
    else:
        assert error_codes(body) == ["BAD_REQUEST"], body


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


# --- 5. Line breaks that would reach an email header -----------------------------------

CREATE_USER = """mutation ($org: ID!, $email: String!) {
  createUser(input: {organizationId: $org, email: $email}) {
    user { id } userErrors { field code } } }"""


async def test_a_name_with_a_line_break_is_refused(api: Api) -> None:
    admin = await _admin()
    for name in ("Acme\r\nBcc: victim@example.com", "Acme\nBcc: victim@example.com"):
        data = await api.data(
            CREATE_CUSTOMER, {"input": {"name": name, "owner": {"email": "o@acme.example"}}}, admin
        )
        assert data["createCustomer"]["userErrors"] == [
            {"field": ["input", "name"], "code": "INVALID"}
        ]
    assert await OutboxEmail.all().count() == 0


async def test_a_stored_name_with_a_line_break_never_forges_a_header(
    api: Api, settings: Settings
) -> None:
    """A name stored before line breaks were refused reaches the welcome email's subject:
    the email goes out with the name on one line (it used to fail to build, forever)."""
    master, admin = await _admin_of_master()
    legacy = await factories.organization(
        OrganizationKind.CUSTOMER, master, name="Acme\r\nBcc: victim@example.com"
    )
    data = await api.data(
        CREATE_USER,
        {"org": to_global_id("Organization", legacy.id), "email": "u@acme.example"},
        admin,
    )
    assert data["createUser"]["userErrors"] == []
    email = await OutboxEmail.get(to_address="u@acme.example")
    recorder = Recorder()

    assert await outbox.deliver(email.id, settings, sender=recorder) == EmailStatus.SENT
    (message,) = recorder.sent
    assert message["Subject"] == "Your Acme Bcc: victim@example.com login"
    assert message["Bcc"] is None


async def test_an_email_that_can_never_be_built_fails_at_once(settings: Settings) -> None:
    email = await outbox.queue("welcome", "a@example.com\r\nBcc: victim@example.com", "Hi", "B")
    recorder = Recorder()

    status = await outbox.deliver(email.id, settings, sender=recorder, give_up_after=5)

    stored = await OutboxEmail.get(id=email.id)
    assert status == EmailStatus.FAILED
    assert (stored.status, stored.attempts, recorder.sent) == (EmailStatus.FAILED, 1, [])
    assert "recipient" in (stored.last_error or "")
    assert await outbox.deliver(email.id, settings, sender=recorder) == EmailStatus.FAILED


async def test_a_permanent_refusal_by_the_mail_server_is_not_retried(settings: Settings) -> None:
    email = await outbox.queue("welcome", "nobody@example.com", "Hi", "B")

    def refusing(settings: Settings, message: EmailMessage) -> None:
        raise smtplib.SMTPRecipientsRefused({"nobody@example.com": (550, b"no such user")})

    assert await outbox.deliver(email.id, settings, sender=refusing) == EmailStatus.FAILED
    assert (await OutboxEmail.get(id=email.id)).attempts == 1


# --- 6. Log lines ----------------------------------------------------------------------


def _control_free(records: list[logging.LogRecord]) -> None:
    """Our own records (libraries' debug output, such as SQL text, is not user input)."""
    for record in records:
        if not record.name.startswith(("tenantry", "strawberry")):
            continue
        message = record.getMessage()
        assert not any(ord(c) < 32 or 0x7F <= ord(c) <= 0x9F for c in message), message


async def test_an_email_with_control_characters_never_reaches_the_log(
    api: Api, caplog: pytest.LogCaptureFixture
) -> None:
    """An address with an escape sequence used to be accepted, and the lockout warning
    wrote it to the log as it was."""
    master, admin = await _admin_of_master()
    customer = await factories.organization(OrganizationKind.CUSTOMER, master, name="Acme")
    evil = "evil\x1b[2J\x1b[1;1H@example.com"  # clears the terminal, writes at the top
    caplog.set_level(logging.INFO)

    data = await api.data(
        CREATE_USER, {"org": to_global_id("Organization", customer.id), "email": evil}, admin
    )
    for _ in range(12):
        await api(LOGIN, {"email": evil, "password": "wrong-password"})
        await api(LOGIN, {"email": "x\r\n2026-12-01 INFO forged", "password": "wrong"})

    assert data["createUser"]["userErrors"] == [{"field": ["input", "email"], "code": "INVALID"}]
    _control_free(caplog.records)


async def test_a_stored_name_is_logged_on_one_line(
    api: Api, settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    master, admin = await _admin_of_master()
    legacy = await factories.organization(
        OrganizationKind.CUSTOMER, master, name="Acme\n2026-12-01 INFO forged"
    )
    await api.data(
        CREATE_USER,
        {"org": to_global_id("Organization", legacy.id), "email": "u@acme.example"},
        admin,
    )
    email = await OutboxEmail.get(to_address="u@acme.example")
    caplog.set_level(logging.INFO, logger="tenantry.email")

    assert await outbox.deliver(email.id, settings, sender=outbox.log_send) == EmailStatus.SENT
    assert any("forged" in record.getMessage() for record in caplog.records)
    _control_free(caplog.records)


def test_the_log_format_keeps_every_record_on_its_own_lines() -> None:
    formatter = OneLineFormatter(TEXT_FORMAT)
    record = logging.LogRecord(
        "tenantry.auth",
        logging.WARNING,
        __file__,
        1,
        "login %s locked",
        ("a\r\n2026-12-01 INFO forged\x1b[2J",),
        None,
    )
    try:
        raise ValueError("bad\n2026-12-01 INFO forged")
    except ValueError:
        record.exc_info = sys.exc_info()

    lines = formatter.format(record).split("\n")

    assert "login a\\r\\n2026-12-01 INFO forged\\x1b[2J locked" in lines[0]
    assert all(line.startswith(" ") for line in lines[1:]), lines
    assert log_safe("tab\there\u2028") == "tab\\there\\u2028"


# --- 7. Documents that are cheap to send and costly to validate ------------------------

COSTLY_DOCUMENTS = {
    "repeated fields": "{ viewer { " + "role " * 1_900 + "} }",
    "a fragment spread often": "fragment A on Viewer { " + "role " * 900 + "} "
    "{ viewer { " + "...A " * 500 + "} }",
    # 20^5 fields once expanded: Strawberry's depth limiter alone took seconds.
    "nested fragments": "".join(
        f"fragment F{i} on Viewer {{ " + (f"...F{i - 1} " * 20 if i else "role " * 20) + "} "
        for i in range(5)
    )
    + "{ viewer { ...F4 } }",
    "same fields in many fragments": "".join(
        f"fragment F{i} on Organization {{ id name kind }} " for i in range(25)
    )
    + "{ organizations { edges { node { "
    + " ".join(f"...F{i}" for i in range(25))
    + " } } } }",
}


@pytest.mark.parametrize("name", sorted(COSTLY_DOCUMENTS))
async def test_a_document_costly_to_validate_is_refused_before_validation(
    api: Api, name: str
) -> None:
    admin = await _admin()
    body = await api(COSTLY_DOCUMENTS[name], {}, admin)
    assert error_codes(body) == ["BAD_REQUEST"], body
    assert "selections" in body["errors"][0]["message"] or "repeats" in body["errors"][0]["message"]


async def test_large_but_reasonable_documents_still_work(api: Api) -> None:
    admin = await _admin()
    wide = (
        "{ "
        + " ".join(
            f"a{i}: organizations(first: 1) {{ totalCount edges {{ cursor node {{ id name kind "
            "status company effectiveStatus createdAt owner { id name kind status } "
            "users(first: 1) { edges { node { id email firstName lastName status } } } "
            "departments(first: 1) { edges { node { id name } } } } } }"
            for i in range(15)
        )
        + " viewer { role accessRights organization { id name } user { id email } } }"
    )
    relay_style = (
        "".join(f"fragment Part{i} on Organization {{ id name }} " for i in range(10))
        + "{ organizations { edges { node { "
        + " ".join(f"...Part{i}" for i in range(10))
        + " } } } }"
    )

    assert (await api.data(get_introspection_query(descriptions=True), {}, admin))["__schema"]
    assert (await api.data(wide, {}, admin))["a14"]["totalCount"] == 1
    assert (await api.data(relay_style, {}, admin))["organizations"]["edges"]
