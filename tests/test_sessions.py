"""A login's sessions through the public API: what is recorded and listed, who may list and
revoke them, and that a revoked session stops at once (open WebSockets too)."""

from __future__ import annotations

import dataclasses
from datetime import timedelta
from typing import Any
from uuid import uuid4

import pytest
from tortoise.timezone import now

from gql.schema.relay import to_global_id
from models import AuditEvent, SessionToken, User
from models.enums import OrganizationKind, Role
from settings import Settings
from tests import factories
from tests.api import LOGIN, Api, error_codes
from tests.ws import authenticated, served

SESSIONS = """
query ($id: ID!) { node(id: $id) { ... on User { sessions {
  id createdAt lastSeenAt expiresAt ip userAgent isImpersonation current } } } }
"""
REVOKE = """
mutation ($id: ID!) { revokeSession(input: {id: $id}) { revoked userErrors { field code } } }
"""
REVOKE_ALL = """
mutation ($id: ID!, $keep: Boolean!) {
  revokeSessions(input: {userId: $id, exceptCurrent: $keep}) {
    revokedCount userErrors { field code } } }
"""
VIEWER = "{ viewer { user { email } } }"
EVENTS = "subscription { organizationEvents { kind organizationName } }"


def uid(user: User) -> str:
    return to_global_id("User", user.id)


async def login_as(api: Api, email: str, user_agent: str | None = None) -> str:
    headers = {"User-Agent": user_agent} if user_agent is not None else {}
    response = await api.client.post(
        "/graphql",
        json={"query": LOGIN, "variables": {"email": email, "password": factories.PASSWORD}},
        headers=headers,
    )
    login = response.json()["data"]["login"]
    assert login["userErrors"] == [], login
    token: str = login["token"]
    return token


async def sessions_of(api: Api, user: User, token: str) -> list[dict[str, Any]]:
    data = await api.data(SESSIONS, {"id": uid(user)}, token)
    listed: list[dict[str, Any]] = data["node"]["sessions"]
    return listed


@pytest.fixture
async def land() -> dict[str, Any]:
    """The platform, two resellers, a customer of the first with an OWNER, an ADMIN and a
    MEMBER, each with a session."""
    master = await factories.master()
    north = await factories.organization(OrganizationKind.RESELLER, master, name="North")
    south = await factories.organization(OrganizationKind.RESELLER, master, name="South")
    customer = await factories.organization(OrganizationKind.CUSTOMER, north, name="Acme")
    people: dict[str, Any] = {}
    for name, org, role in (
        ("admin", master, Role.OWNER),
        ("north", north, Role.OWNER),
        ("south", south, Role.OWNER),
        ("owner", customer, Role.OWNER),
        ("staff", customer, Role.ADMIN),
        ("member", customer, Role.MEMBER),
    ):
        user, membership = await factories.member(org, f"{name}@example.com", role)
        people[name] = user
        people[f"{name}-token"] = await factories.session_for(user, membership)
    people["customer"] = customer
    return people


async def test_login_records_the_client_and_the_list_shows_it_without_the_token(
    api: Api, land: Any
) -> None:
    token = await login_as(api, "owner@example.com", "Panel/2.0 (\x07bell\x1b[31m)" + "x" * 600)

    listed = await sessions_of(api, land["owner"], token)

    assert len(listed) == 2  # the fixture's session and this login's
    mine = next(s for s in listed if s["current"])
    assert mine["ip"] == "203.0.113.7"
    assert mine["userAgent"].startswith("Panel/2.0 (bell[31m)")
    assert len(mine["userAgent"]) == 500
    assert mine["isImpersonation"] is False
    assert mine["lastSeenAt"] is not None
    assert token not in str(listed)
    stored = await SessionToken.get(user_agent=mine["userAgent"])
    assert stored.token_hash not in str(listed)


async def test_last_seen_is_refreshed_at_most_once_a_minute(api: Api, land: Any) -> None:
    token = land["owner-token"]
    long_ago = now() - timedelta(minutes=5)
    await SessionToken.filter(user=land["owner"]).update(last_seen_at=long_ago)

    await api.data(VIEWER, token=token)
    first = (await SessionToken.get(user=land["owner"])).last_seen_at
    await api.data(VIEWER, token=token)
    second = (await SessionToken.get(user=land["owner"])).last_seen_at

    assert first is not None
    assert first > long_ago + timedelta(minutes=4)
    assert second == first  # within the minute: no write


async def test_a_revoked_session_stops_at_once_and_is_audited(api: Api, land: Any) -> None:
    other = await login_as(api, "owner@example.com", "Phone")
    listed = await sessions_of(api, land["owner"], land["owner-token"])
    phone = next(s for s in listed if s["userAgent"] == "Phone")

    answer = await api.data(REVOKE, {"id": phone["id"]}, land["owner-token"])

    assert answer["revokeSession"] == {"revoked": True, "userErrors": []}
    assert error_codes(await api(VIEWER, token=other)) == ["UNAUTHENTICATED"]
    assert (await api.data(VIEWER, token=land["owner-token"]))["viewer"] is not None
    assert await AuditEvent.filter(action="user.revoke_session").count() == 1
    again = await api.data(REVOKE, {"id": phone["id"]}, land["owner-token"])
    assert [e["code"] for e in again["revokeSession"]["userErrors"]] == ["NOT_FOUND"]


async def test_all_but_the_current_session_or_all_of_them(api: Api, land: Any) -> None:
    others = [await login_as(api, "owner@example.com") for _ in range(2)]
    mine = land["owner-token"]

    kept = await api.data(REVOKE_ALL, {"id": uid(land["owner"]), "keep": True}, mine)

    assert kept["revokeSessions"] == {"revokedCount": 2, "userErrors": []}
    for token in others:
        assert error_codes(await api(VIEWER, token=token)) == ["UNAUTHENTICATED"]
    assert (await api.data(VIEWER, token=mine))["viewer"] is not None
    everything = await api.data(REVOKE_ALL, {"id": uid(land["owner"]), "keep": False}, mine)
    assert everything["revokeSessions"]["revokedCount"] == 1
    assert error_codes(await api(VIEWER, token=mine)) == ["UNAUTHENTICATED"]


async def test_the_owner_chain_with_login_authority_lists_and_revokes(api: Api, land: Any) -> None:
    for manager in ("north-token", "admin-token"):
        listed = await sessions_of(api, land["owner"], land[manager])
        assert [s["current"] for s in listed] == [False]
    answer = await api.data(
        REVOKE_ALL, {"id": uid(land["owner"]), "keep": False}, land["north-token"]
    )
    assert answer["revokeSessions"]["revokedCount"] == 1
    assert error_codes(await api(VIEWER, token=land["owner-token"])) == ["UNAUTHENTICATED"]


async def test_without_authority_the_sessions_are_refused(api: Api, land: Any) -> None:
    target = {"id": uid(land["owner"]), "keep": False}
    # An ADMIN of the same customer sees its OWNER but nobody below OWNER touches one.
    body = await api(SESSIONS, {"id": uid(land["owner"])}, land["staff-token"])
    assert error_codes(body) == ["FORBIDDEN"]
    assert body["data"]["node"]["sessions"] is None
    staff = await api.data(REVOKE_ALL, target, land["staff-token"])
    assert [e["code"] for e in staff["revokeSessions"]["userErrors"]] == ["FORBIDDEN"]
    # A customer's MEMBER and another reseller do not see the login: as for an id that
    # never existed.
    for outsider in ("member-token", "south-token"):
        answer = await api.data(REVOKE_ALL, target, land[outsider])
        assert answer["revokeSessions"]["userErrors"] == [
            {"field": ["input", "userId"], "code": "NOT_FOUND"}
        ]
    session = await SessionToken.get(user=land["owner"])
    by_id = await api.data(REVOKE, {"id": to_global_id("Session", session.id)}, land["south-token"])
    assert [e["code"] for e in by_id["revokeSession"]["userErrors"]] == ["NOT_FOUND"]
    by_member = await api.data(
        REVOKE, {"id": to_global_id("Session", session.id)}, land["staff-token"]
    )
    assert [e["code"] for e in by_member["revokeSession"]["userErrors"]] == ["FORBIDDEN"]
    assert await SessionToken.filter(revoked_at__isnull=False).count() == 0
    assert (await api.data(VIEWER, token=land["owner-token"]))["viewer"] is not None


@pytest.mark.parametrize(
    "bad_id",
    ["", "not-an-id", "\x00", "x" * 5000, to_global_id("Organization", uuid4())],
    ids=["empty", "garbage", "nul", "too-long", "wrong-kind"],
)
async def test_a_bad_session_or_login_id_is_not_found(api: Api, land: Any, bad_id: str) -> None:
    answer = await api.data(REVOKE, {"id": bad_id}, land["owner-token"])
    assert answer["revokeSession"]["userErrors"] == [
        {"field": ["input", "id"], "code": "NOT_FOUND"}
    ]
    every = await api.data(REVOKE_ALL, {"id": bad_id, "keep": False}, land["admin-token"])
    assert every["revokeSessions"] == {
        "revokedCount": 0,
        "userErrors": [{"field": ["input", "userId"], "code": "NOT_FOUND"}],
    }
    assert await SessionToken.filter(revoked_at__isnull=False).count() == 0


async def test_an_impersonation_is_listed_as_one(api: Api, land: Any) -> None:
    impersonate = """mutation ($id: ID!) { impersonate(input: {organizationId: $id}) {
      token userErrors { code } } }"""
    org_id = to_global_id("Organization", land["customer"].id)
    started = await api.data(impersonate, {"id": org_id}, land["north-token"])
    assert started["impersonate"]["userErrors"] == []

    listed = await sessions_of(api, land["owner"], land["owner-token"])

    assert sorted(s["isImpersonation"] for s in listed) == [False, True]


async def test_an_open_socket_closes_when_its_session_is_revoked(
    api: Api, land: Any, settings: Settings
) -> None:
    watched = dataclasses.replace(
        settings, subscription_poll_seconds=0.05, ws_session_check_seconds=0.2
    )
    other = await login_as(api, "owner@example.com", "Laptop")
    async with served(watched) as url, authenticated(url, other) as ws:
        await ws.subscribe("1", EVENTS)
        listed = await sessions_of(api, land["owner"], land["owner-token"])
        laptop = next(s for s in listed if s["userAgent"] == "Laptop")
        await api.data(REVOKE, {"id": laptop["id"]}, land["owner-token"])
        assert await ws.closed() == (4403, "Session ended")
