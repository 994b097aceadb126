"""Security policy: inherited and only ever stricter; enforced on passwords and at login."""

from __future__ import annotations

import dataclasses
import ipaddress
from datetime import datetime, timedelta
from typing import Any

import pytest
from tortoise.timezone import now

from gql.schema.relay import to_global_id
from models import Department, Membership, User
from models.enums import OrganizationKind, Role
from settings import Settings
from tests import factories
from tests.api import LOGIN, Api, api_for

UPDATE = """
mutation ($input: UpdateSecurityPolicyInput!) {
  updateSecurityPolicy(input: $input) {
    effectivePolicy {
      minPasswordLength requireDigit maxFailedLogins allowedIpRanges sessionLifetimeMinutes
    }
    userErrors { field code message }
  }
}
"""
EFFECTIVE = """
query ($id: ID!) {
  organization(id: $id) {
    effectiveSecurityPolicy { minPasswordLength requireDigit requireSymbol allowedIpRanges }
  }
}
"""


@pytest.fixture
async def tree() -> dict[str, Any]:
    master = await factories.master()
    reseller = await factories.organization(OrganizationKind.RESELLER, master, name="Reseller")
    customer = await factories.organization(OrganizationKind.CUSTOMER, reseller, name="Customer")
    tokens = {}
    for person, org, role in [
        ("admin", master, Role.OWNER),
        ("reseller", reseller, Role.OWNER),
        ("customer", customer, Role.ADMIN),
    ]:
        _, tokens[person] = await factories.quick_member(org, f"{person}@example.com", role)
    await factories.member(customer, "login@example.com", Role.MEMBER)
    return {"master": master, "reseller": reseller, "customer": customer, "tokens": tokens}


def gid(org: Any) -> str:
    return to_global_id("Organization", org.id)


async def set_policy(
    api: Api, tree: dict[str, Any], person: str, org: str, **fields: Any
) -> dict[str, Any]:
    data = await api.data(
        UPDATE, {"input": {"organizationId": gid(tree[org]), **fields}}, tree["tokens"][person]
    )
    result: dict[str, Any] = data["updateSecurityPolicy"]
    return result


async def test_policies_inherit_and_a_level_may_only_tighten(
    api: Api, tree: dict[str, Any]
) -> None:
    top = await set_policy(api, tree, "admin", "master", minPasswordLength=12, requireDigit=True)
    looser = await set_policy(api, tree, "customer", "customer", minPasswordLength=10)
    dropped = await set_policy(api, tree, "reseller", "customer", requireDigit=False)
    tighter = await set_policy(
        api, tree, "customer", "customer", minPasswordLength=14, requireSymbol=True
    )

    assert top["userErrors"] == []
    assert looser["userErrors"][0]["field"] == ["input", "minPasswordLength"]
    assert looser["userErrors"][0]["code"] == "INVALID"
    assert "12" in looser["userErrors"][0]["message"]
    assert dropped["userErrors"][0]["field"] == ["input", "requireDigit"]
    assert tighter["userErrors"] == []
    effective = (await api.data(EFFECTIVE, {"id": gid(tree["customer"])}, tree["tokens"]["admin"]))[
        "organization"
    ]["effectiveSecurityPolicy"]
    assert effective == {
        "minPasswordLength": 14,
        "requireDigit": True,
        "requireSymbol": True,
        "allowedIpRanges": None,
    }


async def test_ip_ranges_must_lie_within_the_inherited_ones(api: Api, tree: dict[str, Any]) -> None:
    await set_policy(api, tree, "admin", "master", allowedIpRanges=["10.0.0.0/8", "2001:db8::/32"])

    inside = await set_policy(
        api, tree, "reseller", "reseller", allowedIpRanges=["10.1.0.0/16", "2001:db8:1::/48"]
    )
    outside = await set_policy(
        api, tree, "reseller", "reseller", allowedIpRanges=["192.168.0.0/16"]
    )
    bad = await set_policy(api, tree, "reseller", "reseller", allowedIpRanges=["10.0.0.0/33"])

    assert inside["userErrors"] == []
    assert outside["userErrors"][0]["field"] == ["input", "allowedIpRanges"]
    assert bad["userErrors"][0]["field"] == ["input", "allowedIpRanges", "0"]


async def test_passwords_must_meet_the_policy_in_force(api: Api, tree: dict[str, Any]) -> None:
    await set_policy(api, tree, "admin", "master", minPasswordLength=12, requireDigit=True)
    create = """
    mutation ($input: CreateUserInput!) {
      createUser(input: $input) { generatedPassword userErrors { field code message } }
    }"""
    base = {"organizationId": gid(tree["customer"]), "email": "new@example.com"}

    weak = await api.data(
        create, {"input": {**base, "password": "short pw"}}, tree["tokens"]["customer"]
    )
    generated = await api.data(create, {"input": base}, tree["tokens"]["customer"])

    (error,) = weak["createUser"]["userErrors"]
    assert error["code"] == "WEAK_PASSWORD"
    assert "12 characters" in error["message"]
    assert "a digit" in error["message"]
    password = generated["createUser"]["generatedPassword"]
    assert len(password) >= 12
    assert any(c.isdigit() for c in password)


async def login(api: Api, password: str) -> dict[str, Any]:
    data = await api.data(LOGIN, {"email": "login@example.com", "password": password})
    result: dict[str, Any] = data["login"]
    return result


async def test_lockout_after_the_limit_and_unlock_after_the_window(
    api: Api, tree: dict[str, Any]
) -> None:
    await set_policy(api, tree, "admin", "master", maxFailedLogins=3, lockoutMinutes=15)

    for _ in range(3):
        assert (await login(api, "wrong password"))["userErrors"][0][
            "code"
        ] == "INVALID_CREDENTIALS"
    locked = await login(api, factories.PASSWORD)

    assert locked["userErrors"][0]["code"] == "ACCOUNT_LOCKED"
    user = await User.get(email="login@example.com")
    assert user.locked_until is not None
    assert user.locked_until - now() > timedelta(minutes=14)
    await User.filter(id=user.id).update(locked_until=now() - timedelta(seconds=1))
    assert (await login(api, factories.PASSWORD))["token"]


async def test_aliased_logins_count_as_separate_attempts(api: Api, tree: dict[str, Any]) -> None:
    await set_policy(api, tree, "admin", "master", maxFailedLogins=3)
    attempts = " ".join(
        f'a{i}: login(input: {{email: "login@example.com", password: "nope {i}"}}) {{ token }}'
        for i in range(5)
    )

    await api("mutation { " + attempts + " }")

    assert (await login(api, factories.PASSWORD))["userErrors"][0]["code"] == "ACCOUNT_LOCKED"


@pytest.mark.parametrize(
    ("ranges", "allowed"),
    [(["203.0.113.0/24"], True), (["10.0.0.0/8"], False), (["2001:db8::/32"], False)],
)
async def test_logins_only_from_allowed_addresses(
    api: Api, tree: dict[str, Any], ranges: list[str], allowed: bool
) -> None:
    # The test client connects from 203.0.113.7.
    await set_policy(api, tree, "admin", "customer", allowedIpRanges=ranges)

    result = await login(api, factories.PASSWORD)

    assert bool(result["token"]) is allowed
    if not allowed:
        assert result["userErrors"][0]["code"] == "ADDRESS_NOT_ALLOWED"


async def test_ipv6_clients_and_forwarded_addresses(
    settings: Settings, tree: dict[str, Any]
) -> None:
    behind_proxy = dataclasses.replace(
        settings, trusted_proxies=(ipaddress.ip_network("203.0.113.0/24"),)
    )
    async with api_for(behind_proxy) as api:
        await set_policy(api, tree, "admin", "customer", allowedIpRanges=["2001:db8::/32"])
        query = {
            "query": LOGIN,
            "variables": {"email": "login@example.com", "password": factories.PASSWORD},
        }

        via_proxy = await api.client.post(
            "/graphql", json=query, headers={"X-Forwarded-For": "2001:db8::5"}
        )
        spoofed = await api.client.post(
            "/graphql", json=query, headers={"X-Forwarded-For": "2001:db8::5, 198.51.100.1"}
        )

    assert via_proxy.json()["data"]["login"]["token"]
    assert spoofed.json()["data"]["login"]["userErrors"][0]["code"] == "ADDRESS_NOT_ALLOWED"


async def test_sessions_last_as_long_as_the_policy_says(api: Api, tree: dict[str, Any]) -> None:
    await set_policy(api, tree, "admin", "master", sessionLifetimeMinutes=30)

    result = await login(api, factories.PASSWORD)

    expires = datetime.fromisoformat(result["expiresAt"])
    assert timedelta(minutes=29) < expires - now() <= timedelta(minutes=30)


async def test_only_managers_set_policies(api: Api, tree: dict[str, Any]) -> None:
    member = await User.get(email="login@example.com")
    token = await factories.session_for(member, await Membership.get(user=member))

    data = await api.data(
        UPDATE, {"input": {"organizationId": gid(tree["customer"]), "minPasswordLength": 20}}, token
    )

    assert data["updateSecurityPolicy"]["userErrors"][0]["code"] == "FORBIDDEN"


async def test_a_parent_that_tightens_later_binds_a_child_set_earlier(
    api: Api, tree: dict[str, Any]
) -> None:
    # The customer allowed the client's network first (203.0.113.7 connects), then its
    # reseller narrowed its own list to another network: the earlier, wider child list
    # must not outlive it.
    child = await set_policy(api, tree, "customer", "customer", allowedIpRanges=["203.0.113.0/24"])
    parent = await set_policy(
        api, tree, "reseller", "reseller", allowedIpRanges=["198.51.100.0/24", "203.0.113.0/28"]
    )

    narrowed = await login(api, factories.PASSWORD)
    await set_policy(api, tree, "reseller", "reseller", allowedIpRanges=["198.51.100.0/24"])
    refused = await login(api, factories.PASSWORD)
    effective = await api.data(EFFECTIVE, {"id": gid(tree["customer"])}, tree["tokens"]["admin"])

    assert child["userErrors"] == []
    assert parent["userErrors"] == []
    assert narrowed["token"]  # 203.0.113.7 lies within both lists
    assert refused["token"] is None
    assert refused["userErrors"][0]["code"] == "ADDRESS_NOT_ALLOWED"
    assert effective["organization"]["effectiveSecurityPolicy"]["allowedIpRanges"] == []


async def test_a_department_narrows_and_never_widens_its_organization_s_ranges(
    api: Api, tree: dict[str, Any]
) -> None:
    await set_policy(api, tree, "admin", "customer", allowedIpRanges=["203.0.113.0/24"])
    department = await Department.create(
        organization=tree["customer"], name="Ops", allowed_ip_ranges=["203.0.113.0/24"]
    )
    await User.filter(email="login@example.com").update(department_id=department.id)
    allowed = await login(api, factories.PASSWORD)
    # Set before the organization narrowed its own list: the department's stays wider.
    await set_policy(api, tree, "admin", "customer", allowedIpRanges=["203.0.113.128/25"])

    refused = await login(api, factories.PASSWORD)

    assert allowed["token"]
    assert refused["userErrors"][0]["code"] == "ADDRESS_NOT_ALLOWED"
