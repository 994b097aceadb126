"""Quotas are hierarchical: every plan on the ancestor path bounds the usage of its whole
subtree, and a kind needs every one of those plans to enable it."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from domain.provisioning import quotas
from models import Organization, Plan, Service
from models.enums import ServiceKind
from tests.api import Api
from tests.quota_world import gid, quota_chain

CREATE_SERVICE = """
mutation ($org: ID!, $kind: ServiceKind!, $name: String!) {
  createService(input: {organizationId: $org, kind: $kind, name: $name}) {
    service { id } userErrors { field code message }
  }
}
"""


@pytest.fixture
async def chain() -> dict[str, Any]:
    return await quota_chain()


async def add(
    api: Api, token: str, org: Organization, name: str, kind: str = "WEBSITE"
) -> dict[str, Any]:
    data = await api.data(CREATE_SERVICE, {"org": gid(org), "kind": kind, "name": name}, token)
    result: dict[str, Any] = data["createService"]
    return result


async def test_a_resellers_quota_bounds_every_customer_below_it(
    api: Api, chain: dict[str, Any]
) -> None:
    tokens = chain["tokens"]
    assert (await add(api, tokens["a"], chain["a"], "a1.example"))["userErrors"] == []
    assert (await add(api, tokens["a"], chain["a"], "a2.example"))["userErrors"] == []
    # The sub-reseller's customer counts against the reseller's quota too.
    assert (await add(api, tokens["b"], chain["b"], "b1.example"))["userErrors"] == []

    as_customer = await add(api, tokens["a"], chain["a"], "a3.example")
    as_reseller = await add(api, tokens["reseller"], chain["a"], "a3.example")

    # A's own plan allows 5; the reseller's allows 3 across its whole tree.
    assert as_reseller["service"] is None
    (error,) = as_reseller["userErrors"]
    assert (error["code"], error["field"]) == ("QUOTA_EXCEEDED", ["input", "kind"])
    assert "The plan of Reseller" in error["message"]
    # A customer is told which level without learning who manages it.
    (hidden,) = as_customer["userErrors"]
    assert hidden["code"] == "QUOTA_EXCEEDED"
    assert "provider" in hidden["message"]
    assert "Reseller" not in hidden["message"]
    assert await Service.filter(kind=ServiceKind.WEBSITE).count() == 3


async def test_a_customer_without_a_plan_is_bounded_by_its_owner_chain(
    api: Api, chain: dict[str, Any]
) -> None:
    token = chain["tokens"]["b"]
    created = [await add(api, token, chain["b"], f"b{n}.example") for n in range(4)]
    dns = await add(api, token, chain["b"], "example.com", kind="DNS_ZONE")

    assert [r["userErrors"] for r in created[:3]] == [[], [], []]
    assert created[3]["userErrors"][0]["code"] == "QUOTA_EXCEEDED"
    assert dns["userErrors"][0]["code"] == "SERVICE_NOT_ENABLED"
    assert await Service.filter(organization=chain["b"]).count() == 3


async def test_a_kind_needs_every_plan_above_to_enable_it(api: Api, chain: dict[str, Any]) -> None:
    # A's own plan enables mailboxes; the reseller's does not.
    result = await add(api, chain["tokens"]["reseller"], chain["a"], "info", kind="MAILBOX")

    (error,) = result["userErrors"]
    assert error["code"] == "SERVICE_NOT_ENABLED"
    assert "The plan of Reseller" in error["message"]
    assert not await Service.filter(kind=ServiceKind.MAILBOX).exists()


async def test_subtree_usage_is_counted_per_level_in_one_statement(chain: dict[str, Any]) -> None:
    for org, count in [(chain["a"], 2), (chain["b"], 1)]:
        for n in range(count):
            await Service.create(organization=org, kind=ServiceKind.WEBSITE, name=f"{n}")
    await Service.create(organization=chain["b"], kind=ServiceKind.DATABASE, name="db")

    paths = [o.path for o in (chain["master"], chain["reseller"], chain["sub"], chain["b"])]

    assert await quotas.subtree_usage(paths, ServiceKind.WEBSITE) == [3, 3, 1, 1]
    assert await quotas.subtree_usage(paths[1:2], ServiceKind.DATABASE) == [1]


async def test_concurrent_creates_on_one_customer_end_at_its_quota(
    api: Api, chain: dict[str, Any]
) -> None:
    await Plan.filter(id=chain["oversold"].id).update(website_quota=2)
    token = chain["tokens"]["a"]

    results = await asyncio.gather(
        *(add(api, token, chain["a"], f"race{n}.example") for n in range(6))
    )

    codes = sorted(r["userErrors"][0]["code"] if r["userErrors"] else "OK" for r in results)
    assert codes == [
        "OK",
        "OK",
        "QUOTA_EXCEEDED",
        "QUOTA_EXCEEDED",
        "QUOTA_EXCEEDED",
        "QUOTA_EXCEEDED",
    ]
    assert await Service.filter(organization=chain["a"]).count() == 2


async def test_sibling_customers_racing_their_resellers_quota_end_at_it(
    api: Api, chain: dict[str, Any]
) -> None:
    """Two customers of one reseller (one through a sub-reseller) create at once: their
    own plans allow it, the reseller's quota of 3 stops them together (PostgreSQL: their
    transactions run at the same time on separate connections)."""
    siblings = [(chain["tokens"]["a"], chain["a"]), (chain["tokens"]["b"], chain["b"])]

    results = await asyncio.gather(
        *(
            add(api, token, org, f"s{n}-{side}.example")  # domains are unique platform-wide
            for n in range(4)
            for side, (token, org) in enumerate(siblings)
        )
    )

    created = [r for r in results if not r["userErrors"]]
    refused = {r["userErrors"][0]["code"] for r in results if r["userErrors"]}
    assert (len(created), refused) == (3, {"QUOTA_EXCEEDED"})
    reseller_tree = Service.filter(
        organization__path__startswith=chain["reseller"].path, kind=ServiceKind.WEBSITE
    )
    assert await reseller_tree.count() == 3
