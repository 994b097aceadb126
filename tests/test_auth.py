"""Login, tokens and logout through the public API."""

from __future__ import annotations

from datetime import timedelta

import pytest
from tortoise.timezone import now

import domain.security.passwords
from domain.security.tokens import hash_secret
from models import Organization, SessionToken, User
from models.enums import OrganizationKind, OrganizationStatus, Role, TokenPurpose, UserStatus
from tests import factories
from tests.api import LOGIN, Api, error_codes

VIEWER = """
{ viewer { user { email } organization { name kind } role accessRights impersonator { id } } }
"""
LOGOUT = "mutation { logout { revoked userErrors { code } } }"


async def login_errors(api: Api, email: str, password: str) -> list[dict[str, object]]:
    data = await api.data(LOGIN, {"email": email, "password": password})
    assert data["login"]["token"] is None
    errors: list[dict[str, object]] = data["login"]["userErrors"]
    return errors


async def test_login_returns_a_token_that_authenticates(api: Api) -> None:
    master = await factories.master()
    await factories.member(master, "boss@example.com")

    data = await api.data(LOGIN, {"email": "Boss@Example.COM", "password": factories.PASSWORD})

    login = data["login"]
    assert login["userErrors"] == []
    assert login["user"]["email"] == "boss@example.com"
    assert login["viewer"]["role"] == "OWNER"
    assert login["viewer"]["organization"]["name"] == "Platform"
    assert len(login["token"]) >= 40
    viewer = (await api.data(VIEWER, token=login["token"]))["viewer"]
    assert viewer["user"]["email"] == "boss@example.com"
    assert viewer["organization"] == {"name": "Platform", "kind": "MASTER"}
    assert viewer["role"] == "OWNER"
    assert viewer["impersonator"] is None


async def test_token_is_stored_only_as_a_hash(api: Api) -> None:
    master = await factories.master()
    await factories.member(master, "boss@example.com")

    token = await api.login("boss@example.com", factories.PASSWORD)

    session = await SessionToken.get()
    assert session.token_hash == hash_secret(token, factories.TEST_SECRET_KEY)
    assert token not in session.token_hash


async def test_login_records_time_and_address(api: Api) -> None:
    master = await factories.master()
    user, _ = await factories.member(master, "boss@example.com")

    await api.login("boss@example.com", factories.PASSWORD)

    await user.refresh_from_db()
    assert user.last_login_ip == "203.0.113.7"
    assert user.last_login_at is not None


async def test_wrong_password_and_unknown_email_get_the_same_answer(
    api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    master = await factories.master()
    user, _ = await factories.member(master, "boss@example.com")
    decoy_checks: list[int] = []
    burn = domain.security.passwords.burn_verification_time

    async def counting_burn(rounds: int) -> None:
        decoy_checks.append(rounds)
        await burn(rounds)

    monkeypatch.setattr("domain.security.auth.burn_verification_time", counting_burn)

    wrong_password = await login_errors(api, "boss@example.com", "not the password")
    unknown_email = await login_errors(api, "nobody@example.com", factories.PASSWORD)

    # An unknown email still pays for one bcrypt check, so timing does not tell them apart.
    assert decoy_checks == [4]
    assert wrong_password == unknown_email
    assert wrong_password[0]["code"] == "INVALID_CREDENTIALS"
    await user.refresh_from_db()
    assert user.failed_login_count == 1


async def test_overlong_password_is_refused_like_a_wrong_one(api: Api) -> None:
    master = await factories.master()
    await factories.member(master, "boss@example.com")

    errors = await login_errors(api, "boss@example.com", "x" * 257)

    assert [e["code"] for e in errors] == ["INVALID_CREDENTIALS"]


async def test_disabled_user_cannot_log_in(api: Api) -> None:
    master = await factories.master()
    user, _ = await factories.member(master, "boss@example.com")
    user.status = UserStatus.DISABLED
    await user.save()

    errors = await login_errors(api, "boss@example.com", factories.PASSWORD)

    assert [e["code"] for e in errors] == ["ACCOUNT_DISABLED"]


@pytest.mark.parametrize(
    "status", [OrganizationStatus.SUSPENDED, OrganizationStatus.PENDING, OrganizationStatus.DELETED]
)
async def test_user_of_an_inactive_organization_cannot_log_in(
    api: Api, status: OrganizationStatus
) -> None:
    master = await factories.master()
    customer = await factories.organization(OrganizationKind.CUSTOMER, master, status=status)
    await factories.member(customer, "owner@customer.example")

    errors = await login_errors(api, "owner@customer.example", factories.PASSWORD)

    inactive = (
        "ORGANIZATION_SUSPENDED"
        if status == OrganizationStatus.SUSPENDED
        else ("ORGANIZATION_INACTIVE")
    )
    assert [e["code"] for e in errors] == [inactive]
    assert status.value.lower() in str(errors[0]["message"])
    assert await SessionToken.all().count() == 0


async def test_customer_of_a_suspended_reseller_cannot_log_in(api: Api) -> None:
    master = await factories.master()
    reseller = await factories.organization(
        OrganizationKind.RESELLER, master, status=OrganizationStatus.SUSPENDED
    )
    customer = await factories.organization(OrganizationKind.CUSTOMER, reseller)
    await factories.member(customer, "owner@customer.example")

    errors = await login_errors(api, "owner@customer.example", factories.PASSWORD)

    assert [e["code"] for e in errors] == ["ORGANIZATION_SUSPENDED"]
    await customer.refresh_from_db()
    assert customer.status == OrganizationStatus.ACTIVE  # its own status is untouched


@pytest.mark.parametrize("organization_id", ["garbage", "VXNlcjox"])
async def test_login_through_a_malformed_organization_id_is_refused(
    api: Api, organization_id: str
) -> None:
    master = await factories.master()
    await factories.member(master, "boss@example.com")
    query = """
    mutation ($id: ID) {
      login(input: {email: "boss@example.com", password: "correct horse battery staple",
                    organizationId: $id}) { token userErrors { code } }
    }"""

    data = await api.data(query, {"id": organization_id})

    assert data["login"] == {"token": None, "userErrors": [{"code": "INVALID_CREDENTIALS"}]}


async def test_user_in_two_organizations_logs_in_through_the_active_one(api: Api) -> None:
    master = await factories.master()
    suspended = await factories.organization(
        OrganizationKind.CUSTOMER, master, name="Suspended Co", status=OrganizationStatus.SUSPENDED
    )
    active = await factories.organization(OrganizationKind.CUSTOMER, master, name="Active Co")
    user, _ = await factories.member(suspended, "both@example.com")
    from domain.people.logins import add_membership

    await add_membership(user, active, Role.ADMIN)

    token = await api.login("both@example.com", factories.PASSWORD)

    viewer = (await api.data(VIEWER, token=token))["viewer"]
    assert viewer["organization"]["name"] == "Active Co"
    assert viewer["role"] == "ADMIN"


async def test_viewer_without_a_token_is_unauthenticated(api: Api) -> None:
    body = await api(VIEWER)

    assert body["data"] is None
    assert error_codes(body) == ["UNAUTHENTICATED"]


@pytest.mark.parametrize("token", ["garbage", "tnt_" + "A" * 43, ""])
async def test_unknown_token_is_unauthenticated(api: Api, token: str) -> None:
    body = await api(VIEWER, token=token)

    assert error_codes(body) == ["UNAUTHENTICATED"]


async def test_a_valid_token_under_another_scheme_is_not_accepted(api: Api) -> None:
    master = await factories.master()
    await factories.member(master, "boss@example.com")
    token = await api.login("boss@example.com", factories.PASSWORD)

    response = await api.client.post(
        "/graphql", json={"query": VIEWER}, headers={"Authorization": f"Basic {token}"}
    )

    assert error_codes(response.json()) == ["UNAUTHENTICATED"]


async def test_a_password_change_token_is_no_token_elsewhere(api: Api) -> None:
    master = await factories.master()
    user, membership = await factories.member(master, "boss@example.com")
    token = await factories.session_for(user, membership)
    await SessionToken.all().update(purpose=TokenPurpose.CHANGE_PASSWORD)

    assert error_codes(await api(VIEWER, token=token)) == ["UNAUTHENTICATED"]


async def test_expired_token_stops_working(api: Api) -> None:
    master = await factories.master()
    await factories.member(master, "boss@example.com")
    token = await api.login("boss@example.com", factories.PASSWORD)

    await SessionToken.all().update(expires_at=now() - timedelta(seconds=1))

    assert error_codes(await api(VIEWER, token=token)) == ["UNAUTHENTICATED"]


async def test_revoked_token_stops_working(api: Api) -> None:
    master = await factories.master()
    await factories.member(master, "boss@example.com")
    token = await api.login("boss@example.com", factories.PASSWORD)

    await SessionToken.all().update(revoked_at=now())

    assert error_codes(await api(VIEWER, token=token)) == ["UNAUTHENTICATED"]


async def test_logout_revokes_only_this_token(api: Api) -> None:
    master = await factories.master()
    await factories.member(master, "boss@example.com")
    first = await api.login("boss@example.com", factories.PASSWORD)
    second = await api.login("boss@example.com", factories.PASSWORD)

    data = await api.data(LOGOUT, token=first)

    assert data["logout"] == {"revoked": True, "userErrors": []}
    assert error_codes(await api(VIEWER, token=first)) == ["UNAUTHENTICATED"]
    assert (await api.data(VIEWER, token=second))["viewer"]["role"] == "OWNER"


async def test_logout_without_a_token_is_unauthenticated(api: Api) -> None:
    assert error_codes(await api(LOGOUT)) == ["UNAUTHENTICATED"]


async def test_suspending_the_organization_ends_its_sessions_at_once(api: Api) -> None:
    master = await factories.master()
    reseller = await factories.organization(OrganizationKind.RESELLER, master)
    customer = await factories.organization(OrganizationKind.CUSTOMER, reseller)
    await factories.member(customer, "owner@customer.example")
    token = await api.login("owner@customer.example", factories.PASSWORD)

    await Organization.filter(id=reseller.id).update(status=OrganizationStatus.SUSPENDED)

    assert error_codes(await api(VIEWER, token=token)) == ["ORGANIZATION_SUSPENDED"]


async def test_disabling_the_user_ends_its_sessions_at_once(api: Api) -> None:
    master = await factories.master()
    await factories.member(master, "boss@example.com")
    token = await api.login("boss@example.com", factories.PASSWORD)

    await User.filter(email="boss@example.com").update(status=UserStatus.DISABLED)

    assert error_codes(await api(VIEWER, token=token)) == ["UNAUTHENTICATED"]


async def test_long_unicode_password_round_trips(api: Api) -> None:
    password = ("pässwörd-密码-🔐" * 8)[:100]
    assert len(password) == 100
    assert len(password.encode()) > 72
    master = await factories.master()
    await factories.member(master, "boss@example.com", password=password)

    token = await api.login("boss@example.com", password)

    assert (await api.data(VIEWER, token=token))["viewer"]["role"] == "OWNER"
    # Only the full password works: bcrypt's 72-byte cut-off must not apply.
    errors = await login_errors(api, "boss@example.com", password[:-1] + "x")
    assert [e["code"] for e in errors] == ["INVALID_CREDENTIALS"]


async def test_256_character_password_works(api: Api) -> None:
    password = "ü" * 256
    master = await factories.master()
    await factories.member(master, "boss@example.com", password=password)

    assert await api.login("boss@example.com", password)
