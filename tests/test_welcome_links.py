"""A new login's set-password link: createCustomer, createReseller, copyCustomer and
createUser may email it (credentials: EMAIL_SET_PASSWORD_LINK or BOTH) instead of, or
beside, showing a generated password."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from tortoise.timezone import now

from gql.schema.relay import to_global_id
from models import Organization, OutboxEmail, PasswordResetToken, User
from models.enums import OrganizationKind, ResetPurpose, Role
from settings import Settings
from tests import factories
from tests.api import Api, error_codes

CREATE = """
mutation ($input: CreateOrganizationInput!) {
  %s(input: $input) { owner { email } generatedPassword userErrors { field code } }
}
"""
COPY = """
mutation ($input: CopyCustomerInput!) {
  copyCustomer(input: $input) { owner { email } generatedPassword userErrors { field code } }
}
"""
CREATE_USER = """
mutation ($input: CreateUserInput!) {
  createUser(input: $input) { user { email } generatedPassword userErrors { field code } }
}
"""
RESET = """
mutation ($token: String!, $new: String!) {
  resetPassword(input: {token: $token, newPassword: $new}) { done userErrors { field code } }
}
"""
IMPERSONATE = """
mutation ($id: ID!) { impersonate(input: {organizationId: $id, reason: "help"}) { token } }
"""
NEW = "my own chosen passphrase"


@pytest.fixture
async def world() -> dict[str, Any]:
    master = await factories.master()
    reseller = await factories.organization(OrganizationKind.RESELLER, master, name="Reseller")
    other = await factories.organization(OrganizationKind.RESELLER, master, name="Other")
    customer = await factories.organization(OrganizationKind.CUSTOMER, reseller, name="Shop")
    tokens = {}
    for person, org, role in [
        ("admin", master, Role.OWNER),
        ("reseller", reseller, Role.OWNER),
        ("other", other, Role.OWNER),
        ("shop-owner", customer, Role.OWNER),
        ("shop-member", customer, Role.MEMBER),
    ]:
        _, tokens[person] = await factories.quick_member(org, f"{person}@example.com", role)
    return {
        "tokens": tokens,
        "customer": to_global_id("Organization", customer.id),
    }


async def _welcome_token(email: str) -> str:
    """The token of the link in the login's welcome email."""
    body = (await OutboxEmail.get(kind="welcome", to_address=email)).body
    link = next(line for line in body.splitlines() if line.startswith("http"))
    return parse_qs(urlsplit(link).query)["token"][0]


async def _choose_password_and_log_in(api: Api, email: str) -> None:
    reset = await api.data(RESET, {"token": await _welcome_token(email), "new": NEW})
    assert reset["resetPassword"] == {"done": True, "userErrors": []}
    assert await api.login(email, NEW)


@pytest.mark.parametrize("mutation", ["createCustomer", "createReseller"])
async def test_a_new_owner_gets_a_set_password_link_instead_of_a_password(
    api: Api, world: dict[str, Any], mutation: str
) -> None:
    owner = {"email": "new@example.com", "credentials": "EMAIL_SET_PASSWORD_LINK"}

    data = await api.data(
        CREATE % mutation, {"input": {"name": "New Co", "owner": owner}}, world["tokens"]["admin"]
    )

    result = data[mutation]
    assert result == {
        "owner": {"email": "new@example.com"},
        "generatedPassword": None,
        "userErrors": [],
    }
    (token,) = await PasswordResetToken.all()
    assert token.purpose == ResetPurpose.WELCOME
    welcome = await OutboxEmail.get(kind="welcome", to_address="new@example.com")
    assert "administrator gave you" not in welcome.body
    lifetime = timedelta(hours=Settings().welcome_link_hours)
    assert now() + lifetime - timedelta(minutes=1) < token.expires_at <= now() + lifetime
    await _choose_password_and_log_in(api, "new@example.com")


async def test_both_shows_the_password_and_emails_the_link(api: Api, world: dict[str, Any]) -> None:
    variables = {
        "input": {
            "organizationId": world["customer"],
            "email": "clerk@example.com",
            "role": "MEMBER",
            "credentials": "BOTH",
        }
    }

    data = await api.data(CREATE_USER, variables, world["tokens"]["reseller"])

    password = data["createUser"]["generatedPassword"]
    assert password
    assert data["createUser"]["userErrors"] == []
    assert await api.login("clerk@example.com", password)
    welcome = await OutboxEmail.get(kind="welcome", to_address="clerk@example.com")
    assert "the password your administrator gave you" in welcome.body
    await _choose_password_and_log_in(api, "clerk@example.com")


async def test_a_copy_s_owner_gets_the_link(api: Api, world: dict[str, Any]) -> None:
    variables = {
        "input": {
            "sourceId": world["customer"],
            "name": "Shop Two",
            "owner": {"email": "copy@example.com", "credentials": "EMAIL_SET_PASSWORD_LINK"},
        }
    }

    data = await api.data(COPY, variables, world["tokens"]["reseller"])

    assert data["copyCustomer"]["generatedPassword"] is None
    assert data["copyCustomer"]["userErrors"] == []
    await _choose_password_and_log_in(api, "copy@example.com")


async def test_the_default_shows_the_password_and_emails_no_link(
    api: Api, world: dict[str, Any]
) -> None:
    variables = {"input": {"organizationId": world["customer"], "email": "plain@example.com"}}

    data = await api.data(CREATE_USER, variables, world["tokens"]["shop-owner"])

    assert data["createUser"]["generatedPassword"]
    assert await PasswordResetToken.all().count() == 0
    welcome = await OutboxEmail.get(kind="welcome", to_address="plain@example.com")
    assert "http" not in welcome.body


async def test_a_chosen_password_with_the_link_alone_is_refused(
    api: Api, world: dict[str, Any]
) -> None:
    owner = {
        "email": "new@example.com",
        "password": "a long enough password",
        "credentials": "EMAIL_SET_PASSWORD_LINK",
    }
    user = {
        "organizationId": world["customer"],
        "email": "clerk@example.com",
        "password": "a long enough password",
        "credentials": "EMAIL_SET_PASSWORD_LINK",
    }

    org = await api.data(
        CREATE % "createCustomer",
        {"input": {"name": "N", "owner": owner}},
        world["tokens"]["admin"],
    )
    made = await api.data(CREATE_USER, {"input": user}, world["tokens"]["admin"])
    unknown = await api(
        CREATE_USER,
        {"input": {**user, "password": None, "credentials": "SMOKE_SIGNALS"}},
        world["tokens"]["admin"],
    )

    assert org["createCustomer"]["userErrors"] == [
        {"field": ["input", "owner", "credentials"], "code": "INVALID"}
    ]
    assert made["createUser"]["userErrors"] == [
        {"field": ["input", "credentials"], "code": "INVALID"}
    ]
    assert error_codes(unknown) == ["BAD_REQUEST"]
    assert await User.filter(email__in=["new@example.com", "clerk@example.com"]).count() == 0
    assert await Organization.filter(name="N").count() == 0
    assert await OutboxEmail.all().count() == 0
    assert await PasswordResetToken.all().count() == 0


async def test_an_impersonation_may_have_the_link_emailed(api: Api, world: dict[str, Any]) -> None:
    """The link goes to the new login, never to the impersonator: no credential of its own."""
    started = await api.data(IMPERSONATE, {"id": world["customer"]}, world["tokens"]["reseller"])
    variables = {
        "input": {
            "organizationId": world["customer"],
            "email": "clerk@example.com",
            "credentials": "BOTH",
        }
    }

    data = await api.data(CREATE_USER, variables, started["impersonate"]["token"])

    assert data["createUser"]["generatedPassword"] is None
    welcome = await OutboxEmail.get(kind="welcome", to_address="clerk@example.com")
    assert "administrator gave you" not in welcome.body  # nobody was given one
    await _choose_password_and_log_in(api, "clerk@example.com")


@pytest.mark.parametrize(("person", "code"), [("other", "NOT_FOUND"), ("shop-member", "FORBIDDEN")])
async def test_only_who_may_create_the_user_gets_a_link_sent(
    api: Api, world: dict[str, Any], person: str, code: str
) -> None:
    variables = {
        "input": {
            "organizationId": world["customer"],
            "email": "clerk@example.com",
            "credentials": "EMAIL_SET_PASSWORD_LINK",
        }
    }

    data = await api.data(CREATE_USER, variables, world["tokens"][person])

    assert [e["code"] for e in data["createUser"]["userErrors"]] == [code]
    assert await OutboxEmail.all().count() == 0
    assert await PasswordResetToken.all().count() == 0


async def test_an_existing_login_gets_no_link(api: Api, world: dict[str, Any]) -> None:
    variables = {
        "input": {
            "organizationId": world["customer"],
            "email": "other@example.com",
            "credentials": "EMAIL_SET_PASSWORD_LINK",
        }
    }

    await api.data(CREATE_USER, variables, world["tokens"]["reseller"])

    assert await PasswordResetToken.all().count() == 0
    assert await OutboxEmail.filter(kind="welcome").count() == 0


async def test_an_expired_welcome_link_is_refused(api: Api, world: dict[str, Any]) -> None:
    variables = {
        "input": {
            "organizationId": world["customer"],
            "email": "late@example.com",
            "credentials": "EMAIL_SET_PASSWORD_LINK",
        }
    }
    await api.data(CREATE_USER, variables, world["tokens"]["reseller"])
    await PasswordResetToken.all().update(expires_at=now() - timedelta(seconds=1))

    reset = await api.data(RESET, {"token": await _welcome_token("late@example.com"), "new": NEW})

    assert reset["resetPassword"]["userErrors"] == [
        {"field": ["input", "token"], "code": "INVALID"}
    ]
