"""A token or login that stops working tells the frontend why: expired, or its organization
suspended (with what the organization itself may see of the suspension)."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from tortoise.timezone import now

from gql.schema.relay import to_global_id
from models import ApiKey, Organization, SessionToken
from models.enums import OrganizationKind, Role
from tests import factories
from tests.api import Api

VIEWER = "{ viewer { user { email } organization { name } } }"
SUSPEND = """
mutation ($ids: [ID!]!, $reason: String) {
  suspendOrganizations(input: {ids: $ids, reason: $reason}) {
    results { organization { status } userErrors { code } }
  }
}
"""
LOGIN = """
mutation ($email: String!, $password: String!) {
  login(input: {email: $email, password: $password}) {
    token
    userErrors { field message code }
    suspension { inherited reason suspendedAt suspendedByKind }
  }
}
"""
CREATE_KEY = """
mutation ($input: CreateApiKeyInput!) {
  createApiKey(input: $input) { secret userErrors { code } }
}
"""
PROVIDER_REASON = "Reseller under fraud review"


async def suspend(api: Api, org: Organization, reason: str, token: str) -> None:
    data = await api.data(
        SUSPEND, {"ids": [to_global_id("Organization", org.id)], "reason": reason}, token
    )
    (result,) = data["suspendOrganizations"]["results"]
    assert result["userErrors"] == []
    assert result["organization"]["status"] == "SUSPENDED"


async def hierarchy() -> dict[str, Any]:
    """Master → reseller → customer, each with an OWNER and a token."""
    master = await factories.master()
    reseller = await factories.organization(OrganizationKind.RESELLER, master, name="Northwind")
    customer = await factories.organization(OrganizationKind.CUSTOMER, reseller, name="Acme")
    _, admin = await factories.quick_member(master, "admin@example.com")
    _, seller = await factories.quick_member(reseller, "seller@example.com")
    await factories.member(customer, "owner@acme.example")
    user, membership = await factories.member(customer, "staff@acme.example", Role.ADMIN)
    return {
        "reseller": reseller,
        "customer": customer,
        "admin": admin,
        "seller": seller,
        "customer_token": await factories.session_for(user, membership),
    }


def only_error(body: dict[str, Any]) -> dict[str, Any]:
    assert body["data"] is None
    (error,) = body["errors"]
    result: dict[str, Any] = error
    return result


async def test_a_token_of_a_suspended_customer_says_so_with_its_own_reason(api: Api) -> None:
    world = await hierarchy()
    await suspend(api, world["customer"], "Unpaid invoice", world["seller"])

    error = only_error(await api(VIEWER, token=world["customer_token"]))

    assert error["extensions"]["code"] == "ORGANIZATION_SUSPENDED"
    assert "Unpaid invoice" in error["message"]
    suspension = error["extensions"]["suspension"]
    assert suspension["inherited"] is False
    assert suspension["reason"] == "Unpaid invoice"
    assert suspension["suspendedByKind"] == "RESELLER"
    assert suspension["suspendedAt"] is not None


async def test_a_suspension_above_is_told_without_its_reason(api: Api) -> None:
    """A customer never sees its provider: not its name, not why the platform suspended it."""
    world = await hierarchy()
    await suspend(api, world["reseller"], PROVIDER_REASON, world["admin"])

    body = await api(VIEWER, token=world["customer_token"])

    error = only_error(body)
    assert error["extensions"]["code"] == "ORGANIZATION_SUSPENDED"
    assert error["extensions"]["suspension"] == {
        "inherited": True,
        "reason": None,
        "suspendedAt": None,
        "suspendedByKind": None,
    }
    assert PROVIDER_REASON not in json.dumps(body)
    assert "Northwind" not in json.dumps(body)


async def test_an_own_suspension_under_a_suspended_provider_shows_only_its_own(api: Api) -> None:
    world = await hierarchy()
    await suspend(api, world["customer"], "Unpaid invoice", world["seller"])
    await suspend(api, world["reseller"], PROVIDER_REASON, world["admin"])

    body = await api(VIEWER, token=world["customer_token"])

    suspension = only_error(body)["extensions"]["suspension"]
    assert suspension["inherited"] is False
    assert suspension["reason"] == "Unpaid invoice"
    assert PROVIDER_REASON not in json.dumps(body)


async def test_an_api_key_of_a_suspended_organization_says_so(api: Api) -> None:
    world = await hierarchy()
    key = await api.data(
        CREATE_KEY,
        {
            "input": {
                "organizationId": to_global_id("Organization", world["reseller"].id),
                "name": "Billing sync",
                "role": "ADMIN",
            }
        },
        world["seller"],
    )
    secret = key["createApiKey"]["secret"]
    await suspend(api, world["reseller"], PROVIDER_REASON, world["admin"])

    error = only_error(await api("{ viewer { role } }", token=secret))

    assert error["extensions"]["code"] == "ORGANIZATION_SUSPENDED"
    assert error["extensions"]["suspension"]["suspendedByKind"] == "MASTER"
    assert error["extensions"]["suspension"]["reason"] == PROVIDER_REASON

    await ApiKey.all().update(expires_at=now() - timedelta(seconds=1))
    expired = only_error(await api("{ viewer { role } }", token=secret))
    assert expired["extensions"] == {"code": "UNAUTHENTICATED", "reason": "TOKEN_EXPIRED"}


async def test_an_expired_token_says_token_expired(api: Api) -> None:
    world = await hierarchy()
    await SessionToken.all().update(expires_at=now() - timedelta(seconds=1))

    error = only_error(await api(VIEWER, token=world["customer_token"]))

    assert error["extensions"] == {"code": "UNAUTHENTICATED", "reason": "TOKEN_EXPIRED"}


async def test_a_revoked_or_unknown_token_gets_no_reason(api: Api) -> None:
    """Logging out is not expiry, and a made-up token is no token at all."""
    world = await hierarchy()
    await SessionToken.all().update(revoked_at=now(), expires_at=now() - timedelta(seconds=1))

    for token in (world["customer_token"], "tnt_not-a-token"):
        error = only_error(await api(VIEWER, token=token))
        assert error["extensions"] == {"code": "UNAUTHENTICATED"}


async def test_logging_in_to_a_suspended_customer_says_why(api: Api) -> None:
    world = await hierarchy()
    await suspend(api, world["customer"], "Unpaid invoice", world["seller"])

    data = await api.data(LOGIN, {"email": "owner@acme.example", "password": factories.PASSWORD})

    login = data["login"]
    assert login["token"] is None
    (error,) = login["userErrors"]
    assert error["code"] == "ORGANIZATION_SUSPENDED"
    assert "Unpaid invoice" in error["message"]
    assert login["suspension"]["reason"] == "Unpaid invoice"
    assert login["suspension"]["inherited"] is False
    assert login["suspension"]["suspendedByKind"] == "RESELLER"
    assert await SessionToken.filter(user__email="owner@acme.example").count() == 0


async def test_logging_in_under_a_suspended_provider_hides_the_providers_reason(
    api: Api,
) -> None:
    world = await hierarchy()
    await suspend(api, world["reseller"], PROVIDER_REASON, world["admin"])

    body = await api(LOGIN, {"email": "owner@acme.example", "password": factories.PASSWORD})

    login = body["data"]["login"]
    assert [e["code"] for e in login["userErrors"]] == ["ORGANIZATION_SUSPENDED"]
    assert login["suspension"] == {
        "inherited": True,
        "reason": None,
        "suspendedAt": None,
        "suspendedByKind": None,
    }
    assert PROVIDER_REASON not in json.dumps(body)


async def test_a_wrong_password_learns_nothing_of_the_suspension(api: Api) -> None:
    """Only the right password hears why: a wrong one gets the answer an unknown email
    gets, word for word."""
    world = await hierarchy()
    await suspend(api, world["customer"], "Unpaid invoice", world["seller"])

    wrong = await api(LOGIN, {"email": "owner@acme.example", "password": "wrong password"})
    unknown = await api(LOGIN, {"email": "nobody@acme.example", "password": "wrong password"})

    assert wrong == unknown
    assert wrong["data"]["login"]["suspension"] is None
    assert [e["code"] for e in wrong["data"]["login"]["userErrors"]] == ["INVALID_CREDENTIALS"]
