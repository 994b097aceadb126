"""The fast path (gql/fastpath/) answers every benchmark scenario's query exactly as stock
Strawberry and graphql-core execution does (`FAST_PATH=off`), over HTTP, on one database.

The scenarios (bench/scenarios.py) are the queries the fast path was built for; their
answers must not depend on it, field order included.
"""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator
from typing import Any

import orjson
import pytest

from bench.scenarios import SEARCH, scenarios
from domain.actor import Actor
from domain.events import audit
from gql.schema.relay import to_global_id
from models import Department, Membership, Note, Organization, Service, User
from models.enums import OrganizationKind, Role, ServiceKind
from settings import Settings
from tests import factories
from tests.api import Api, api_for


@dataclasses.dataclass
class World:
    tokens: dict[str, str]  # by a scenario's viewer
    user_id: str  # the global id scenario (d) reads


@pytest.fixture
async def world() -> World:
    """A reseller with customers showing every field the scenarios read (some matching the
    search, one bare), a user with a department and memberships, and audit events."""
    master = await factories.master()
    reseller = await factories.organization(OrganizationKind.RESELLER, master, name="Reseller")
    owner, owner_membership = await factories.member(reseller, "owner@example.com")
    actor = Actor.of_member(
        await Membership.get(id=owner_membership.id).select_related("organization"), owner
    )
    names = [f"{SEARCH.title()} Bakery {n}" for n in range(3)] + ["Quiet Shop"]
    for number, name in enumerate(names):
        customer = await factories.organization(OrganizationKind.CUSTOMER, reseller, name=name)
        await audit.record(actor, "organization.create", customer)
        if name == "Quiet Shop":
            continue  # no departments, notes, services or owner login: the nulls and []
        department = await Department.create(organization=customer, name=f"Sales {number}")
        await Department.create(organization=customer, name=f"Support {number}")
        login = await User.create(
            email=f"c{number}@example.com",
            password_hash="!",
            first_name="Cus",
            last_name=str(number),
            department=department,
        )
        await Membership.create(user=login, organization=customer, role=Role.OWNER)
        await Service.create(organization=customer, kind=ServiceKind.WEBSITE, name=f"w{number}")
        await Service.create(organization=customer, kind=ServiceKind.MAILBOX, name=f"m{number}")
        for text in ("first", "latest"):
            await Note.create(
                organization=customer,
                author=owner,
                author_organization=reseller,
                text=f"{text} {number}",
            )
    _, admin_token = await factories.quick_member(master, "admin@example.com")
    _, reseller_token = await factories.quick_member(reseller, "reseller@example.com")
    read = await User.get(email="c1@example.com")
    await Organization.filter(id=reseller.id).update(company="Reseller Ltd")
    return World(
        tokens={"reseller": reseller_token, "administrator": admin_token},
        user_id=to_global_id("User", read.id),
    )


@pytest.fixture
async def both(settings: Settings) -> AsyncIterator[dict[bool, Api]]:
    """An API client with the fast path on (True) and one with it off (False)."""
    async with (
        api_for(dataclasses.replace(settings, fast_path=True)) as fast,
        api_for(dataclasses.replace(settings, fast_path=False)) as stock,
    ):
        yield {True: fast, False: stock}


SCENARIOS = scenarios("placeholder")


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s.key for s in SCENARIOS])
async def test_each_bench_scenario_answers_the_same_with_and_without_the_fast_path(
    world: World, both: dict[bool, Api], scenario: Any
) -> None:
    variables = {**scenario.variables}
    if "id" in variables:
        variables["id"] = world.user_id
    token = world.tokens[scenario.viewer]

    fast = await both[True].post(scenario.query, variables, token)
    stock = await both[False].post(scenario.query, variables, token)

    assert fast.status_code == stock.status_code == 200
    body = orjson.loads(fast.content)
    assert "errors" not in body, body["errors"]
    assert _has_rows(body["data"]), body  # the world gave the query something to answer
    # Byte for byte: the same values, in the same field order.
    assert fast.content == stock.content


def _has_rows(data: dict[str, Any]) -> bool:
    (root,) = data.values()
    return bool(root) and (not isinstance(root, dict) or root.get("edges") != [])
