"""API keys: created by managers, shown once, stored hashed, scoped like a member."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from tortoise.timezone import now

from domain.security.tokens import hash_secret
from gql.schema.relay import to_global_id
from models import ApiKey, Organization
from models.enums import OrganizationKind, OrganizationStatus, Role
from tests import factories
from tests.api import Api, error_codes

CREATE = """
mutation ($input: CreateApiKeyInput!) {
  createApiKey(input: $input) { apiKey { id name role prefix } secret userErrors { field code } }
}
"""
REVOKE = """
mutation ($id: ID!) {
  revokeApiKey(input: {id: $id}) { apiKey { revokedAt } userErrors { code } }
}
"""
VIEWER = "{ viewer { user { email } organization { name } role } organizations { totalCount } }"


@pytest.fixture
async def partners() -> dict[str, Any]:
    master = await factories.master()
    reseller = await factories.organization(OrganizationKind.RESELLER, master, name="Reseller")
    await factories.organization(OrganizationKind.CUSTOMER, reseller, name="Customer")
    await factories.organization(OrganizationKind.CUSTOMER, master, name="Elsewhere")
    tokens = {}
    for person, org, role in [
        ("owner", reseller, Role.OWNER),
        ("admin", reseller, Role.ADMIN),
        ("member", reseller, Role.MEMBER),
    ]:
        _, tokens[person] = await factories.quick_member(org, f"{person}@example.com", role)
    return {"reseller": reseller, "tokens": tokens}


async def create(
    api: Api, partners: dict[str, Any], person: str = "owner", **fields: Any
) -> dict[str, Any]:
    payload = {
        "organizationId": to_global_id("Organization", partners["reseller"].id),
        "name": "Billing sync",
        "role": "ADMIN",
        **fields,
    }
    data = await api.data(CREATE, {"input": payload}, partners["tokens"][person])
    result: dict[str, Any] = data["createApiKey"]
    return result


async def test_a_key_is_shown_once_stored_hashed_and_acts_with_its_role(
    api: Api, partners: dict[str, Any]
) -> None:
    result = await create(api, partners)

    secret = result["secret"]
    assert secret.startswith("tnk_")
    assert secret.startswith(result["apiKey"]["prefix"])
    stored = await ApiKey.get()
    assert stored.secret_hash == hash_secret(secret, factories.TEST_SECRET_KEY)
    assert secret not in stored.secret_hash
    viewer = await api.data(VIEWER, token=secret)
    assert viewer["viewer"] == {"user": None, "organization": {"name": "Reseller"}, "role": "ADMIN"}
    assert viewer["organizations"]["totalCount"] == 2  # the reseller and its customer only
    listed = await api.data(
        "{ apiKeys { edges { node { name prefix } } } }", token=partners["tokens"]["owner"]
    )
    assert listed["apiKeys"]["edges"] == [
        {"node": {"name": "Billing sync", "prefix": result["apiKey"]["prefix"]}}
    ]
    assert "secret" not in str(listed)


@pytest.mark.parametrize(
    ("person", "fields", "code"),
    [
        ("member", {}, "FORBIDDEN"),
        ("admin", {"role": "OWNER"}, "FORBIDDEN"),
        ("owner", {"name": " "}, "INVALID"),
        ("owner", {"accessRights": ["root"]}, "INVALID"),
        ("owner", {"expiresAt": "2001-01-01T00:00:00+00:00"}, "INVALID"),
    ],
)
async def test_key_refusals(
    api: Api, partners: dict[str, Any], person: str, fields: dict[str, Any], code: str
) -> None:
    result = await create(api, partners, person, **fields)

    assert [e["code"] for e in result["userErrors"]] == [code]
    assert await ApiKey.all().count() == 0


async def test_revoked_expired_and_suspended_keys_stop_working(
    api: Api, partners: dict[str, Any]
) -> None:
    revoked = await create(api, partners, name="one")
    expiring = await create(api, partners, name="two")
    suspended = await create(api, partners, name="three")

    await api.data(REVOKE, {"id": revoked["apiKey"]["id"]}, partners["tokens"]["owner"])
    await ApiKey.filter(name="two").update(expires_at=now() - timedelta(seconds=1))
    assert (await api.data(VIEWER, token=suspended["secret"]))["viewer"]["role"] == "ADMIN"
    await Organization.filter(id=partners["reseller"].id).update(
        status=OrganizationStatus.SUSPENDED
    )

    for key in (revoked, expiring):
        assert error_codes(await api(VIEWER, token=key["secret"])) == ["UNAUTHENTICATED"]
    assert error_codes(await api(VIEWER, token=suspended["secret"])) == ["ORGANIZATION_SUSPENDED"]


async def test_a_key_cannot_impersonate_or_mint_keys(api: Api, partners: dict[str, Any]) -> None:
    key = (await create(api, partners, role="OWNER"))["secret"]
    customer = await Organization.get(name="Customer")

    impersonate = await api(
        "mutation ($id: ID!) { impersonate(input: {organizationId: $id}) { token } }",
        {"id": to_global_id("Organization", customer.id)},
        key,
    )
    mint = await api(
        CREATE,
        {
            "input": {
                "organizationId": to_global_id("Organization", partners["reseller"].id),
                "name": "x",
                "role": "MEMBER",
            }
        },
        key,
    )

    assert error_codes(impersonate) == ["FORBIDDEN"]
    # Not for API keys at all (docs/authority.md): a top-level FORBIDDEN, nothing created.
    assert error_codes(mint) == ["FORBIDDEN"]
    assert mint["data"] is None
