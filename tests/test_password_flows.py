"""Password flows: change, set by an administrator, reset by email or link, expiry."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from tortoise.timezone import now

from gql.schema.relay import to_global_id
from models import (
    LoginThrottle,
    OutboxEmail,
    PasswordResetToken,
    SecurityPolicy,
    SessionToken,
    User,
)
from models.enums import OrganizationKind, Role
from settings import Settings
from tests import factories
from tests.api import LOGIN, Api, error_codes
from workers import actors
from workers.broker import broker
from workers.embedded import embedded_worker

CHANGE = """
mutation ($current: String!, $new: String!) {
  changePassword(input: {currentPassword: $current, newPassword: $new}) {
    changed userErrors { field code }
  }
}
"""
SET = """
mutation ($id: ID!, $password: String) {
  setUserPassword(input: {userId: $id, password: $password}) {
    generatedPassword userErrors { code }
  }
}
"""
REQUEST = """
mutation ($email: String!) {
  requestPasswordReset(input: {email: $email}) { accepted userErrors { code } }
}
"""
LINK = """
mutation ($id: ID!) { createPasswordResetLink(input: {userId: $id}) { link userErrors { code } } }
"""
RESET = """
mutation ($token: String!, $new: String!) {
  resetPassword(input: {token: $token, newPassword: $new}) { done userErrors { field code } }
}
"""
VIEWER = "{ viewer { role } }"
NEW = "a brand new passphrase"


@pytest.fixture
async def people() -> dict[str, Any]:
    master = await factories.master()
    customer = await factories.organization(OrganizationKind.CUSTOMER, master, name="Customer")
    user, _ = await factories.member(customer, "user@example.com", Role.MEMBER)
    admin_user, admin = await factories.quick_member(customer, "admin@example.com", Role.ADMIN)
    return {"user": user, "admin": admin, "admin_user": admin_user, "customer": customer}


async def login(api: Api, password: str) -> dict[str, Any]:
    data = await api.data(LOGIN, {"email": "user@example.com", "password": password})
    result: dict[str, Any] = data["login"]
    return result


async def test_change_password_ends_the_other_sessions(api: Api, people: dict[str, Any]) -> None:
    first = (await login(api, factories.PASSWORD))["token"]
    second = (await login(api, factories.PASSWORD))["token"]

    wrong = await api.data(CHANGE, {"current": "not it", "new": NEW}, first)
    weak = await api.data(CHANGE, {"current": factories.PASSWORD, "new": "short"}, first)
    done = await api.data(CHANGE, {"current": factories.PASSWORD, "new": NEW}, first)

    assert wrong["changePassword"]["userErrors"][0]["code"] == "INVALID_CREDENTIALS"
    assert weak["changePassword"]["userErrors"] == [
        {"field": ["input", "newPassword"], "code": "WEAK_PASSWORD"}
    ]
    assert done["changePassword"] == {"changed": True, "userErrors": []}
    assert (await api.data(VIEWER, token=first))["viewer"]["role"] == "MEMBER"
    assert error_codes(await api(VIEWER, token=second)) == ["UNAUTHENTICATED"]
    assert (await login(api, NEW))["token"]


async def test_an_expired_password_gets_a_token_only_for_changing_it(
    api: Api, people: dict[str, Any]
) -> None:
    await SecurityPolicy.create(organization=people["customer"], password_expiry_days=90)
    await User.filter(id=people["user"].id).update(password_changed_at=now() - timedelta(days=91))

    expired = await login(api, factories.PASSWORD)
    limited = expired["token"]

    assert [e["code"] for e in expired["userErrors"]] == ["PASSWORD_EXPIRED"]
    assert error_codes(await api(VIEWER, token=limited)) == ["UNAUTHENTICATED"]
    changed = await api.data(CHANGE, {"current": factories.PASSWORD, "new": NEW}, limited)
    assert changed["changePassword"]["changed"] is True
    assert error_codes(await api(VIEWER, token=limited)) == ["UNAUTHENTICATED"]  # log in again
    fresh = await login(api, NEW)
    assert fresh["userErrors"] == []
    assert (await api.data(VIEWER, token=fresh["token"]))["viewer"]["role"] == "MEMBER"


async def test_an_administrator_sets_a_password_and_the_user_is_told(
    api: Api, people: dict[str, Any]
) -> None:
    session = (await login(api, factories.PASSWORD))["token"]

    data = await api.data(SET, {"id": to_global_id("User", people["user"].id)}, people["admin"])

    password = data["setUserPassword"]["generatedPassword"]
    assert (await login(api, password))["token"]
    assert error_codes(await api(VIEWER, token=session)) == ["UNAUTHENTICATED"]
    assert await OutboxEmail.filter(to_address="user@example.com", kind="password-set").exists()
    member = (await login(api, password))["token"]
    admin_id = to_global_id("User", people["admin_user"].id)
    refused = await api.data(SET, {"id": admin_id, "password": NEW}, member)
    assert refused["setUserPassword"]["userErrors"] == [{"code": "NOT_FOUND"}]  # not visible


@pytest.fixture
async def worker() -> AsyncIterator[None]:
    async with embedded_worker():
        yield


async def _reset_link_sent_to(email: str) -> str:
    await asyncio.to_thread(broker.join, actors.send_email.queue_name, timeout=30_000)
    body = (await OutboxEmail.get(to_address=email, kind="password-reset")).body
    return next(line for line in body.splitlines() if line.startswith("http"))


async def test_reset_by_email_is_single_use_and_ends_sessions(
    api: Api, worker: None, people: dict[str, Any]
) -> None:
    session = (await login(api, factories.PASSWORD))["token"]

    known = await api.data(REQUEST, {"email": "User@Example.com"})
    unknown = await api.data(REQUEST, {"email": "nobody@example.com"})
    link = await _reset_link_sent_to("user@example.com")
    token = parse_qs(urlsplit(link).query)["token"][0]
    used = await api.data(RESET, {"token": token, "new": NEW})
    again = await api.data(RESET, {"token": token, "new": "another new passphrase"})

    assert known == unknown  # no account enumeration
    assert await OutboxEmail.filter(kind="password-reset").count() == 1
    assert used["resetPassword"] == {"done": True, "userErrors": []}
    assert again["resetPassword"]["userErrors"] == [
        {"field": ["input", "token"], "code": "INVALID"}
    ]
    assert error_codes(await api(VIEWER, token=session)) == ["UNAUTHENTICATED"]
    assert await SessionToken.all().count() == 1  # the admin's; resetting logged nobody in
    assert (await login(api, NEW))["token"]


async def test_one_address_gets_at_most_a_few_reset_emails(
    api: Api, worker: None, people: dict[str, Any]
) -> None:
    """Else anyone could flood a victim's inbox; the requests past it answer as any other."""
    limit = Settings().password_reset_emails

    flood = await asyncio.gather(
        *(api.data(REQUEST, {"email": "user@example.com"}) for _ in range(100))
    )
    elsewhere = await api.data(REQUEST, {"email": "admin@example.com"})
    unknown = await api.data(REQUEST, {"email": "nobody@example.com"})
    await asyncio.to_thread(broker.join, actors.send_email.queue_name, timeout=30_000)

    assert all(answer == unknown for answer in [*flood, elsewhere])
    sent = OutboxEmail.filter(kind="password-reset")
    assert await sent.filter(to_address="user@example.com").count() == limit
    assert await sent.filter(to_address="admin@example.com").count() == 1
    assert await PasswordResetToken.all().count() == limit + 1
    (counted,) = await LoginThrottle.filter(key__startswith="reset:", failures=limit)
    assert "user" not in counted.key  # a digest, never the address

    # A new window allows a new email.
    await LoginThrottle.filter(key=counted.key).update(window_start=now() - timedelta(days=1))
    await api.data(REQUEST, {"email": "user@example.com"})
    await asyncio.to_thread(broker.join, actors.send_email.queue_name, timeout=30_000)
    assert await sent.filter(to_address="user@example.com").count() == limit + 1


async def test_reset_links_expire_and_wrong_tokens_fail(api: Api, people: dict[str, Any]) -> None:
    data = await api.data(LINK, {"id": to_global_id("User", people["user"].id)}, people["admin"])
    token = parse_qs(urlsplit(data["createPasswordResetLink"]["link"]).query)["token"][0]

    await PasswordResetToken.all().update(expires_at=now() - timedelta(seconds=1))
    expired = await api.data(RESET, {"token": token, "new": NEW})
    wrong = await api.data(RESET, {"token": "tnr_not-a-token", "new": NEW})

    assert token.startswith("tnr_")
    assert len(token) >= 40
    assert expired["resetPassword"]["userErrors"][0]["code"] == "INVALID"
    assert wrong["resetPassword"]["userErrors"][0]["code"] == "INVALID"
    stored = await PasswordResetToken.get()
    assert token not in stored.token_hash
    assert (await login(api, factories.PASSWORD))["token"]  # unchanged


async def test_users_are_warned_once_before_their_password_expires(
    people: dict[str, Any], settings: Any
) -> None:
    from workers.scheduler import tick

    await SecurityPolicy.create(
        organization=people["customer"], password_expiry_days=90, expiry_warning_days=7
    )
    await User.filter(id=people["user"].id).update(password_changed_at=now() - timedelta(days=85))
    await User.filter(id=people["admin_user"].id).update(
        password_changed_at=now() - timedelta(days=10)
    )

    first = await tick(settings)
    second = await tick(settings)

    assert first.expiry_warnings == 1
    assert second.expiry_warnings == 0
    (warning,) = await OutboxEmail.filter(kind="password-expiry")
    assert warning.to_address == "user@example.com"
    # A password changed after its last warning is warned about again in its own time.
    await User.filter(id=people["user"].id).update(
        password_expiry_warned_at=now() - timedelta(days=100),
        password_changed_at=now() - timedelta(days=86),
    )
    assert (await tick(settings)).expiry_warnings == 1
