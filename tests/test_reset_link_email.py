"""createPasswordResetLink(sendTo): the link is emailed (through the outbox) to the login,
to its organizations' contact addresses, or both, within the reset-email limit."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from gql.schema.relay import to_global_id
from models import AuditEvent, LoginThrottle, OutboxEmail, PasswordResetToken
from models.enums import OrganizationKind, Role
from settings import Settings
from tests import factories
from tests.api import Api, error_codes

LINK = """
mutation ($id: ID!, $sendTo: [ResetLinkRecipient!]!) {
  createPasswordResetLink(input: {userId: $id, sendTo: $sendTo}) {
    link emailedTo userErrors { field code }
  }
}
"""
RESET = """
mutation ($token: String!) {
  resetPassword(input: {token: $token, newPassword: "a brand new passphrase"}) { done }
}
"""
IMPERSONATE = """
mutation ($id: ID!) { impersonate(input: {organizationId: $id, reason: "help"}) { token } }
"""


@pytest.fixture
async def world() -> dict[str, Any]:
    master = await factories.master()
    reseller = await factories.organization(OrganizationKind.RESELLER, master, name="Reseller")
    other = await factories.organization(OrganizationKind.RESELLER, master, name="Other")
    customer = await factories.organization(OrganizationKind.CUSTOMER, reseller, name="Shop")
    customer.contact_email = "Billing@Shop.Example"
    await customer.save(update_fields=["contact_email"])
    bare = await factories.organization(OrganizationKind.CUSTOMER, reseller, name="Bare")
    user, _ = await factories.member(customer, "user@example.com", Role.MEMBER)
    loner, _ = await factories.member(bare, "loner@example.com", Role.MEMBER)
    await factories.quick_member(customer, "shop-owner@example.com", Role.OWNER)
    tokens = {}
    for person, org, role in [
        ("admin", master, Role.OWNER),
        ("reseller", reseller, Role.OWNER),
        ("other", other, Role.OWNER),
        ("customer-admin", customer, Role.ADMIN),
    ]:
        # The customer's ADMIN lacks the `users` right.
        rights: list[str] | None = [] if person == "customer-admin" else None
        _, tokens[person] = await factories.quick_member(org, f"{person}@example.com", role, rights)
    return {
        "tokens": tokens,
        "user": to_global_id("User", user.id),
        "loner": to_global_id("User", loner.id),
        "customer": to_global_id("Organization", customer.id),
    }


async def _link(
    api: Api, world: dict[str, Any], who: str, send_to: list[str], user: str = "user"
) -> dict[str, Any]:
    return await api(LINK, {"id": world[user], "sendTo": send_to}, world["tokens"][who])


async def test_the_link_is_emailed_to_the_login_and_its_contact_address(
    api: Api, world: dict[str, Any]
) -> None:
    body = await _link(api, world, "reseller", ["LOGIN_EMAIL", "CONTACT_EMAIL"])

    result = body["data"]["createPasswordResetLink"]
    assert result["userErrors"] == []
    assert result["emailedTo"] == ["user@example.com", "billing@shop.example"]
    emails = await OutboxEmail.filter(kind="password-reset").order_by("to_address")
    assert [e.to_address for e in emails] == ["billing@shop.example", "user@example.com"]
    # One token, the same link in both emails and in the answer.
    assert all(result["link"] in e.body and "user@example.com" in e.body for e in emails)
    assert await PasswordResetToken.all().count() == 1
    (event,) = await AuditEvent.filter(action="user.reset_link")
    assert event.summary == {"sentTo": ["CONTACT_EMAIL", "LOGIN_EMAIL"]}
    token = parse_qs(urlsplit(result["link"]).query)["token"][0]
    assert (await api.data(RESET, {"token": token}))["resetPassword"]["done"] is True


async def test_without_send_to_no_email_is_sent(api: Api, world: dict[str, Any]) -> None:
    body = await _link(api, world, "admin", [])

    assert body["data"]["createPasswordResetLink"]["link"].startswith("http")
    assert body["data"]["createPasswordResetLink"]["emailedTo"] == []
    assert await OutboxEmail.all().count() == 0


async def test_contact_email_of_an_organization_without_one_is_refused(
    api: Api, world: dict[str, Any]
) -> None:
    body = await _link(api, world, "reseller", ["CONTACT_EMAIL"], user="loner")

    assert body["data"]["createPasswordResetLink"] == {
        "link": None,
        "emailedTo": [],
        "userErrors": [{"field": ["input", "sendTo"], "code": "INVALID"}],
    }
    assert await PasswordResetToken.all().count() == 0
    assert await OutboxEmail.all().count() == 0


async def test_the_reset_email_limit_counts_these_emails(api: Api, world: dict[str, Any]) -> None:
    limit = Settings().password_reset_emails
    for _ in range(limit):
        sent = await _link(api, world, "reseller", ["CONTACT_EMAIL"])
        assert sent["data"]["createPasswordResetLink"]["userErrors"] == []
    tokens_before = await PasswordResetToken.all().count()

    # The login's address still has room, the contact's not: nothing at all is sent.
    body = await _link(api, world, "reseller", ["LOGIN_EMAIL", "CONTACT_EMAIL"])

    assert body["data"]["createPasswordResetLink"]["userErrors"] == [
        {"field": ["input", "sendTo"], "code": "TOO_MANY_ATTEMPTS"}
    ]
    assert await PasswordResetToken.all().count() == tokens_before
    assert await OutboxEmail.filter(to_address="user@example.com").count() == 0
    assert await OutboxEmail.filter(to_address="billing@shop.example").count() == limit
    # The login's address was counted first, and given back with the refused call.
    assert await LoginThrottle.filter(key__startswith="reset:").count() == 1
    alone = await _link(api, world, "reseller", ["LOGIN_EMAIL"])
    assert alone["data"]["createPasswordResetLink"]["emailedTo"] == ["user@example.com"]


@pytest.mark.parametrize(("who", "code"), [("other", "NOT_FOUND"), ("customer-admin", "FORBIDDEN")])
async def test_only_login_authority_emails_a_reset_link(
    api: Api, world: dict[str, Any], who: str, code: str
) -> None:
    body = await _link(api, world, who, ["LOGIN_EMAIL", "CONTACT_EMAIL"])

    assert [e["code"] for e in body["data"]["createPasswordResetLink"]["userErrors"]] == [code]
    assert await OutboxEmail.all().count() == 0
    assert await PasswordResetToken.all().count() == 0


async def test_an_impersonation_sends_no_reset_link(api: Api, world: dict[str, Any]) -> None:
    started = await api.data(IMPERSONATE, {"id": world["customer"]}, world["tokens"]["reseller"])
    token = started["impersonate"]["token"]

    body = await api(LINK, {"id": world["user"], "sendTo": ["LOGIN_EMAIL"]}, token)

    assert error_codes(body) == ["FORBIDDEN"]
    assert await OutboxEmail.all().count() == 0
