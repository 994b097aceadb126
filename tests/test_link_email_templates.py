"""The emails that carry a set-password link (a new login's welcome, createPasswordResetLink's
and requestPasswordReset's reset emails) are worded by the WELCOME and PASSWORD_RESET
templates: a reseller's words its customers' logins' emails, the built-in text applies
elsewhere, and the link in the body works (docs/notifications.md)."""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from domain.hierarchy.notifications import when
from gql.schema.relay import to_global_id
from models import Membership, Organization, OutboxEmail, PasswordResetToken
from models.enums import OrganizationKind, OrganizationStatus, ResetPurpose, Role
from tests import factories
from tests.api import Api
from workers import actors
from workers.broker import broker
from workers.embedded import embedded_worker

SET = """
mutation ($kind: EmailTemplateKind!, $subject: String!, $body: String!) {
  setEmailTemplate(input: {kind: $kind, subject: $subject, body: $body}) {
    template { kind custom placeholders }
    userErrors { field code message }
  }
}"""
CREATE_CUSTOMER = """
mutation ($input: CreateOrganizationInput!) {
  createCustomer(input: $input) { owner { email } userErrors { field code } }
}"""
CREATE_USER = """
mutation ($input: CreateUserInput!) {
  createUser(input: $input) { user { email } generatedPassword userErrors { field code } }
}"""
LINK = """
mutation ($id: ID!, $sendTo: [ResetLinkRecipient!]!) {
  createPasswordResetLink(input: {userId: $id, sendTo: $sendTo}) {
    link emailedTo userErrors { field code }
  }
}"""
REQUEST = """
mutation ($email: String!) { requestPasswordReset(input: {email: $email}) { accepted } }
"""
RESET = """
mutation ($token: String!, $new: String!) {
  resetPassword(input: {token: $token, newPassword: $new}) { done userErrors { field code } }
}"""
NEW = "a passphrase of my own"
WELCOME = {
    "kind": "WELCOME",
    "subject": "Reseller Co: your {organization_name} login",
    "body": "Hello {email}, open {link} before {link_expires_at}.\n{password_note}-- Reseller Co",
}
PASSWORD_RESET = {
    "kind": "PASSWORD_RESET",
    "subject": "Reseller Co: new password for {email}",
    "body": "{organization_name}: open {link} before {link_expires_at}.\n-- Reseller Co",
}


def _link_in(body: str) -> str:
    (link,) = re.findall(r"https?://\S+", body)
    return str(link)


async def _choose_password_with(api: Api, link: str, email: str) -> None:
    token = parse_qs(urlsplit(link).query)["token"][0]
    reset = await api.data(RESET, {"token": token, "new": NEW})
    assert reset["resetPassword"] == {"done": True, "userErrors": []}
    assert await api.login(email, NEW)


@pytest.fixture
async def world() -> dict[str, Any]:
    """Master > Reseller > Shop (with a contact address and a user), Master > Other >
    Foreign (with a user)."""
    master = await factories.master()
    reseller = await factories.organization(OrganizationKind.RESELLER, master, name="Reseller")
    other = await factories.organization(OrganizationKind.RESELLER, master, name="Other")
    shop = await factories.organization(OrganizationKind.CUSTOMER, reseller, name="Shop")
    await Organization.filter(id=shop.id).update(contact_email="billing@shop.example")
    foreign = await factories.organization(OrganizationKind.CUSTOMER, other, name="Foreign")
    shop_user, _ = await factories.member(shop, "clerk@example.com", Role.MEMBER)
    foreign_user, _ = await factories.member(foreign, "stranger@example.com", Role.MEMBER)
    tokens = {}
    for person, org in [("admin", master), ("reseller", reseller), ("other", other)]:
        _, tokens[person] = await factories.quick_member(org, f"{person}@example.com", Role.OWNER)
    return {
        "tokens": tokens,
        "shop": to_global_id("Organization", shop.id),
        "foreign": to_global_id("Organization", foreign.id),
        "reseller": to_global_id("Organization", reseller.id),
        "shop_user": to_global_id("User", shop_user.id),
        "foreign_user": to_global_id("User", foreign_user.id),
    }


async def _set(api: Api, world: dict[str, Any], template: dict[str, str]) -> None:
    data = await api.data(SET, template, world["tokens"]["reseller"])
    assert data["setEmailTemplate"]["userErrors"] == []


async def _create_user(
    api: Api, world: dict[str, Any], who: str, org: str, email: str, credentials: str
) -> None:
    variables = {
        "input": {"organizationId": world[org], "email": email, "credentials": credentials}
    }
    data = await api.data(CREATE_USER, variables, world["tokens"][who])
    assert data["createUser"]["userErrors"] == []


# Welcome emails.


async def test_a_reseller_s_welcome_template_words_its_customers_new_logins(
    api: Api, world: dict[str, Any]
) -> None:
    await _set(api, world, WELCOME)

    created = await api.data(
        CREATE_CUSTOMER,
        {
            "input": {
                "name": "Bakery",
                "owner": {"email": "baker@example.com", "credentials": "EMAIL_SET_PASSWORD_LINK"},
            }
        },
        world["tokens"]["reseller"],
    )
    await _create_user(api, world, "reseller", "shop", "till@example.com", "BOTH")

    assert created["createCustomer"]["userErrors"] == []
    baker = await OutboxEmail.get(kind="welcome", to_address="baker@example.com")
    token = await PasswordResetToken.get(user__email="baker@example.com")
    assert token.purpose == ResetPurpose.WELCOME
    link = _link_in(baker.body)
    assert baker.subject == "Reseller Co: your Bakery login"
    assert baker.body == (
        f"Hello baker@example.com, open {link} before {when(token.expires_at)}.\n-- Reseller Co"
    )
    till = await OutboxEmail.get(kind="welcome", to_address="till@example.com")
    assert till.subject == "Reseller Co: your Shop login"
    # BOTH: the login was shown a password too, and {password_note} says so.
    assert "the password your administrator gave you" in till.body
    assert till.body.endswith("change it.\n-- Reseller Co")
    await _choose_password_with(api, link, "baker@example.com")
    await _choose_password_with(api, _link_in(till.body), "till@example.com")


async def test_without_a_template_a_welcome_is_the_built_in_text(
    api: Api, world: dict[str, Any]
) -> None:
    await _set(api, world, WELCOME)  # the reseller's: not Other's customers', nor its own

    await _create_user(
        api, world, "other", "foreign", "newcomer@example.com", "EMAIL_SET_PASSWORD_LINK"
    )
    await _create_user(
        api, world, "admin", "reseller", "staff@example.com", "EMAIL_SET_PASSWORD_LINK"
    )

    for address, organization in [
        ("newcomer@example.com", "Foreign"),
        ("staff@example.com", "Reseller"),
    ]:
        email = await OutboxEmail.get(kind="welcome", to_address=address)
        token = await PasswordResetToken.get(user__email=address)
        link = _link_in(email.body)
        assert email.subject == f"Your {organization} login"
        assert email.body == (
            f"A login for {organization} was created for {address}.\n"
            f"Choose your password with this link (valid until {when(token.expires_at)}):\n"
            f"{link}\nAfter that, use 'Forgot password' to get a new link.\n"
        )
        await _choose_password_with(api, link, address)


# Reset emails.


async def test_a_reseller_s_reset_template_words_the_reset_links_it_emails(
    api: Api, world: dict[str, Any]
) -> None:
    await _set(api, world, PASSWORD_RESET)

    data = await api.data(
        LINK,
        {"id": world["shop_user"], "sendTo": ["LOGIN_EMAIL", "CONTACT_EMAIL"]},
        world["tokens"]["reseller"],
    )

    result = data["createPasswordResetLink"]
    assert result["emailedTo"] == ["clerk@example.com", "billing@shop.example"]
    token = await PasswordResetToken.get(user__email="clerk@example.com")
    for address in result["emailedTo"]:
        email = await OutboxEmail.get(kind="password-reset", to_address=address)
        assert email.subject == "Reseller Co: new password for clerk@example.com"
        assert email.body == (
            f"Shop: open {result['link']} before {when(token.expires_at)}.\n-- Reseller Co"
        )
    await _choose_password_with(api, result["link"], "clerk@example.com")


async def test_an_emailed_reset_link_elsewhere_is_the_built_in_text(
    api: Api, world: dict[str, Any]
) -> None:
    await _set(api, world, PASSWORD_RESET)

    data = await api.data(
        LINK, {"id": world["foreign_user"], "sendTo": ["LOGIN_EMAIL"]}, world["tokens"]["other"]
    )

    link = data["createPasswordResetLink"]["link"]
    email = await OutboxEmail.get(kind="password-reset", to_address="stranger@example.com")
    token = await PasswordResetToken.get(user__email="stranger@example.com")
    assert email.subject == "Reset your Foreign password"
    assert email.body == (
        f"Use this link (valid until {when(token.expires_at)}) to choose a new password for "
        f"the login stranger@example.com:\n{link}\n\n"
        "If you did not ask for it, ignore this email: your password stays as it is.\n"
    )


@pytest.fixture
async def worker() -> AsyncIterator[None]:
    broker.flush_all()  # messages other tests left about rows that are gone
    async with embedded_worker():
        yield


async def test_a_requested_reset_email_is_worded_by_the_login_s_provider(
    api: Api, worker: None, world: dict[str, Any]
) -> None:
    await _set(api, world, PASSWORD_RESET)

    for address in ("clerk@example.com", "stranger@example.com"):
        await api.data(REQUEST, {"email": address})
    await asyncio.to_thread(broker.join, actors.send_email.queue_name, timeout=30_000)

    clerk = await OutboxEmail.get(kind="password-reset", to_address="clerk@example.com")
    stranger = await OutboxEmail.get(kind="password-reset", to_address="stranger@example.com")
    assert clerk.subject == "Reseller Co: new password for clerk@example.com"
    assert clerk.body.startswith("Shop: open http")
    assert stranger.subject == "Reset your Foreign password"
    await _choose_password_with(api, _link_in(clerk.body), "clerk@example.com")


async def test_a_reset_email_is_about_the_login_s_oldest_live_organization(
    api: Api, world: dict[str, Any]
) -> None:
    """A login of Foreign (first) and of the reseller's Shop: its reset email is about
    Foreign, worded as Foreign's provider has it; once Foreign is deleted, about Shop."""
    await _set(api, world, PASSWORD_RESET)
    user, first = await factories.member(await Organization.get(name="Foreign"), "two@x.example")
    second = await Membership.create(
        user=user, organization=await Organization.get(name="Shop"), role=Role.MEMBER
    )
    await Membership.filter(id=first.id).update(created_at=second.created_at - timedelta(days=1))
    variables = {"id": to_global_id("User", user.id), "sendTo": ["LOGIN_EMAIL"]}

    await api.data(LINK, variables, world["tokens"]["admin"])
    await Organization.filter(name="Foreign").update(status=OrganizationStatus.DELETED)
    await api.data(LINK, variables, world["tokens"]["admin"])

    before, after = await OutboxEmail.filter(to_address="two@x.example").order_by("created_at")
    assert before.subject == "Reset your Foreign password"
    assert after.subject == "Reseller Co: new password for two@x.example"
    assert after.body.startswith("Shop: open http")


# The templates' own rules for these kinds.


async def test_password_note_is_a_welcome_placeholder_only(api: Api, world: dict[str, Any]) -> None:
    bad = {**PASSWORD_RESET, "body": "{link} {password_note}"}
    typo = {**WELCOME, "body": "{link} {password}"}

    refused = [(await api.data(SET, t, world["tokens"]["reseller"])) for t in (bad, typo)]

    for data, name in zip(refused, ("password_note", "password"), strict=True):
        (error,) = data["setEmailTemplate"]["userErrors"]
        assert (error["field"], error["code"]) == (["input", "body"], "INVALID")
        assert f"{{{name}}}" in error["message"]
    welcome = await api.data(SET, WELCOME, world["tokens"]["reseller"])
    assert "password_note" in welcome["setEmailTemplate"]["template"]["placeholders"]
