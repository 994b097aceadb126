"""Attacks on logging in and credentials (issue 14): sessions, reset and welcome links."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from gql.schema.relay import to_global_id
from models import OutboxEmail, SessionToken, User
from models.enums import OrganizationKind, Role
from tests import factories
from tests.api import Api

VIEWER = "{ viewer { user { email } } }"
IMPERSONATE = """mutation ($id: ID!) { impersonate(input: {organizationId: $id}) {
  token userErrors { code } } }"""
REVOKE_ALL = """
mutation ($id: ID!, $keep: Boolean!) {
  revokeSessions(input: {userId: $id, exceptCurrent: $keep}) {
    revokedCount userErrors { field code } } }
"""
LINK = """
mutation ($id: ID!) { createPasswordResetLink(input: {userId: $id}) { link userErrors { code } } }
"""
RESET = """
mutation ($token: String!, $new: String!) {
  resetPassword(input: {token: $token, newPassword: $new}) { done userErrors { field code } }
}
"""
CHANGE = """
mutation ($old: String!, $new: String!) {
  changePassword(input: {currentPassword: $old, newPassword: $new}) { userErrors { code } }
}
"""
NEW = "a brand new passphrase"


def uid(user: User) -> str:
    return to_global_id("User", user.id)


@pytest.fixture
async def land() -> dict[str, Any]:
    master = await factories.master()
    north = await factories.organization(OrganizationKind.RESELLER, master, name="North")
    customer = await factories.organization(OrganizationKind.CUSTOMER, north, name="Acme")
    people: dict[str, Any] = {"customer": customer}
    for name, org, role in (
        ("admin", master, Role.OWNER),
        ("north", north, Role.OWNER),
        ("owner", customer, Role.OWNER),
    ):
        user, membership = await factories.member(org, f"{name}@example.com", role)
        people[name] = user
        people[f"{name}-token"] = await factories.session_for(user, membership)
    return people


async def test_revoking_a_logins_sessions_ends_the_impersonations_it_started(
    api: Api, land: Any
) -> None:
    """A compromised reseller login is logged out everywhere: the impersonation its
    attacker started must stop too, not keep acting as the customer's OWNER."""
    org_id = to_global_id("Organization", land["customer"].id)
    started = await api.data(IMPERSONATE, {"id": org_id}, land["north-token"])
    impersonation = started["impersonate"]["token"]
    assert (await api.data(VIEWER, token=impersonation))["viewer"]["user"]["email"] == (
        "owner@example.com"
    )

    revoked = await api.data(
        REVOKE_ALL, {"id": uid(land["north"]), "keep": False}, land["admin-token"]
    )

    assert revoked["revokeSessions"] == {"revokedCount": 2, "userErrors": []}
    body = await api(VIEWER, token=impersonation)
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    # The customer's OWNER keeps its own session: it is not the one revoked.
    assert await SessionToken.filter(user=land["owner"], revoked_at__isnull=True).count() == 1


async def link_token(api: Api, user: User, token: str) -> str:
    data = await api.data(LINK, {"id": uid(user)}, token)
    link: str = data["createPasswordResetLink"]["link"]
    return parse_qs(urlsplit(link).query)["token"][0]


async def test_a_used_reset_link_ends_the_logins_other_links(api: Api, land: Any) -> None:
    first = await link_token(api, land["owner"], land["north-token"])
    second = await link_token(api, land["owner"], land["admin-token"])

    used = await api.data(RESET, {"token": second, "new": NEW})
    stale = await api.data(RESET, {"token": first, "new": "the attacker's passphrase"})

    assert used["resetPassword"] == {"done": True, "userErrors": []}
    assert stale["resetPassword"]["userErrors"] == [
        {"field": ["input", "token"], "code": "INVALID"}
    ]


async def test_a_changed_password_ends_the_logins_reset_links(api: Api, land: Any) -> None:
    pending = await link_token(api, land["owner"], land["north-token"])

    changed = await api.data(CHANGE, {"old": factories.PASSWORD, "new": NEW}, land["owner-token"])
    stale = await api.data(RESET, {"token": pending, "new": "the attacker's passphrase"})

    assert changed["changePassword"]["userErrors"] == []
    assert stale["resetPassword"]["userErrors"] == [
        {"field": ["input", "token"], "code": "INVALID"}
    ]


CREATE_USER = """
mutation ($input: CreateUserInput!) {
  createUser(input: $input) { user { id } userErrors { field code } }
}
"""
UPDATE_USER = """
mutation ($input: UpdateUserInput!) { updateUser(input: $input) { userErrors { field code } } }
"""


async def welcome_token(email: str) -> str:
    body = (await OutboxEmail.get(kind="welcome", to_address=email)).body
    link = next(line for line in body.splitlines() if line.startswith("http"))
    return parse_qs(urlsplit(link).query)["token"][0]


@pytest.mark.parametrize("change", [{"email": "clerk@example.com"}, {"status": "DISABLED"}])
async def test_a_new_email_or_a_disabled_login_ends_its_links(
    api: Api, land: Any, change: dict[str, str]
) -> None:
    """The welcome link went to a mistyped address (a stranger's mailbox); the
    administrator corrects the email. The stranger's link must not set the password of
    the corrected login. Likewise a disabled login's links die with its sessions."""
    customer = to_global_id("Organization", land["customer"].id)
    made = await api.data(
        CREATE_USER,
        {
            "input": {
                "organizationId": customer,
                "email": "clerk@exmaple.com",
                "credentials": "EMAIL_SET_PASSWORD_LINK",
            }
        },
        land["owner-token"],
    )
    assert made["createUser"]["userErrors"] == []
    stranger = await welcome_token("clerk@exmaple.com")

    updated = await api.data(
        UPDATE_USER,
        {"input": {"id": made["createUser"]["user"]["id"], "organizationId": customer, **change}},
        land["owner-token"],
    )
    used = await api.data(RESET, {"token": stranger, "new": "the stranger's passphrase"})

    assert updated["updateUser"]["userErrors"] == []
    assert used["resetPassword"]["userErrors"] == [{"field": ["input", "token"], "code": "INVALID"}]


SESSIONS = """
query ($id: ID!) { node(id: $id) { ... on User { sessions { ip userAgent isImpersonation } } } }
"""


async def test_a_customer_does_not_learn_its_providers_address_from_an_impersonation(
    api: Api, land: Any
) -> None:
    """Its audit log shows an impersonation as `provider`, without an address: its list of
    sessions must not give the impersonator's address and client away either."""
    org_id = to_global_id("Organization", land["customer"].id)
    response = await api.client.post(
        "/graphql",
        json={"query": IMPERSONATE, "variables": {"id": org_id}},
        headers={
            "Authorization": f"Bearer {land['north-token']}",
            "User-Agent": "NorthSupportDesk/1.0",
        },
    )
    assert response.json()["data"]["impersonate"]["userErrors"] == []

    seen_by_customer = await api.data(SESSIONS, {"id": uid(land["owner"])}, land["owner-token"])
    seen_by_north = await api.data(SESSIONS, {"id": uid(land["owner"])}, land["north-token"])

    impersonations = [s for s in seen_by_customer["node"]["sessions"] if s["isImpersonation"]]
    assert impersonations == [{"ip": None, "userAgent": None, "isImpersonation": True}]
    (north_view,) = [s for s in seen_by_north["node"]["sessions"] if s["isImpersonation"]]
    assert north_view["ip"] is not None
    # Recorded as a login's is, for those who may read it.
    assert north_view["userAgent"] == "NorthSupportDesk/1.0"


TICKET = "{ exportTicket { ticket } }"


async def test_an_export_ticket_is_no_bearer_token_and_dies_with_its_session(
    api: Api, land: Any
) -> None:
    ticket = (await api.data(TICKET, token=land["north-token"]))["exportTicket"]["ticket"]

    as_bearer = await api(VIEWER, token=ticket)
    await api.data(REVOKE_ALL, {"id": uid(land["north"]), "keep": False}, land["admin-token"])
    replayed = await api.client.get(f"/export/users.csv?ticket={ticket}")

    assert as_bearer["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert replayed.status_code == 401
    assert land["north-token"] not in replayed.text
