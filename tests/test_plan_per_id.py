"""convertToReseller and moveOrganizations with a plan per id (`plans`), beside the shared
`planId`; and what a converted customer's services become."""

from __future__ import annotations

from typing import Any

import pytest

from gql.schema.relay import to_global_id
from models import AuditEvent, Membership, Organization, Plan, Service, User
from models.enums import OrganizationKind, Role, ServiceKind
from tests import factories
from tests.api import Api

RESULTS = """
  results { id organization { name kind plan { name isCustom } } userErrors { field code } }
  userErrors { field code message }
"""
CONVERT = (
    "mutation ($input: ConvertToResellerInput!) { convertToReseller(input: $input) { "
    + RESULTS
    + " } }"
)
MOVE = (
    "mutation ($input: MoveOrganizationsInput!) { moveOrganizations(input: $input) { "
    + RESULTS
    + " } }"
)


def gid(thing: Organization | Plan) -> str:
    return to_global_id("Organization" if isinstance(thing, Organization) else "Plan", thing.id)


@pytest.fixture
async def world() -> dict[str, Any]:
    """North sells Resale (a reseller plan) and Hosting; its Sub sells Sub Hosting. Acme
    (2 websites, on Hosting) and Beta (none, no plan) are North's customers."""
    master = await factories.master()
    north = await factories.organization(OrganizationKind.RESELLER, master, name="North")
    south = await factories.organization(OrganizationKind.RESELLER, master, name="South")
    sub = await factories.organization(OrganizationKind.RESELLER, north, name="Sub")
    kinds = ["WEBSITE", "DATABASE"]
    resale = await Plan.create(owner=north, name="Resale", website_quota=50, enabled_kinds=kinds)
    hosting = await Plan.create(owner=north, name="Hosting", website_quota=5, enabled_kinds=kinds)
    sub_hosting = await Plan.create(
        owner=sub, name="Sub Hosting", website_quota=4, enabled_kinds=kinds
    )
    sub_small = await Plan.create(owner=sub, name="Sub Small", website_quota=1, enabled_kinds=kinds)
    south_plan = await Plan.create(owner=south, name="South", enabled_kinds=kinds)
    acme = await factories.organization(OrganizationKind.CUSTOMER, north, name="Acme")
    await Organization.filter(id=acme.id).update(plan_id=hosting.id)
    beta = await factories.organization(OrganizationKind.CUSTOMER, north, name="Beta")
    for name in ("one.example", "two.example"):
        await Service.create(organization=acme, kind=ServiceKind.WEBSITE, name=name)
    tokens = {}
    for person, org, rights in [
        ("north", north, None),
        ("north_admin", north, ["users", "websites", "email", "dns", "billing"]),
    ]:
        role = Role.OWNER if rights is None else Role.ADMIN
        _, tokens[person] = await factories.quick_member(org, f"{person}@example.com", role, rights)
    await factories.quick_member(acme, "owner@acme.example")
    return {
        "north": north,
        "sub": sub,
        "acme": acme,
        "beta": beta,
        "resale": resale,
        "hosting": hosting,
        "sub_hosting": sub_hosting,
        "sub_small": sub_small,
        "south_plan": south_plan,
        "tokens": tokens,
    }


async def run(api: Api, query: str, token: str, **fields: Any) -> dict[str, Any]:
    data = await api.data(query, {"input": fields}, token)
    [result] = data.values()
    answer: dict[str, Any] = result
    return answer


def plans_of(result: dict[str, Any]) -> list[Any]:
    return [
        (r["organization"] or {}).get("plan") or [e["code"] for e in r["userErrors"]]
        for r in result["results"]
    ]


async def test_convert_takes_a_plan_per_id_and_a_custom_one_by_default(
    api: Api, world: dict[str, Any]
) -> None:
    acme, beta = world["acme"], world["beta"]

    result = await run(
        api,
        CONVERT,
        world["tokens"]["north"],
        ids=[gid(acme), gid(beta)],
        plans=[{"id": gid(beta), "planId": gid(world["resale"])}],
    )

    assert result["userErrors"] == []
    assert plans_of(result) == [
        {"name": "Custom: Acme", "isCustom": True},
        {"name": "Resale", "isCustom": False},
    ]
    await beta.refresh_from_db()
    assert (beta.kind, beta.plan_id) == (OrganizationKind.RESELLER, world["resale"].id)


async def test_an_item_wins_over_the_shared_plan(api: Api, world: dict[str, Any]) -> None:
    acme, beta = world["acme"], world["beta"]

    result = await run(
        api,
        CONVERT,
        world["tokens"]["north"],
        ids=[gid(acme), gid(beta)],
        planId=gid(world["resale"]),
        plans=[{"id": gid(acme), "planId": None}],
    )

    assert plans_of(result) == [
        {"name": "Custom: Acme", "isCustom": True},
        {"name": "Resale", "isCustom": False},
    ]


async def test_items_must_name_the_ids_once(api: Api, world: dict[str, Any]) -> None:
    acme, beta, token = world["acme"], world["beta"], world["tokens"]["north"]
    plan = gid(world["resale"])

    for query, extra in [(CONVERT, {}), (MOVE, {"newOwnerId": gid(world["sub"])})]:
        result = await run(
            api,
            query,
            token,
            ids=[gid(acme)],
            plans=[
                {"id": gid(beta), "planId": plan},
                {"id": gid(acme), "planId": None},
                {"id": gid(acme), "planId": None},
                {"id": "garbage\x00", "planId": None},
            ],
            **extra,
        )

        assert result["results"] == []
        assert [(e["field"], e["code"]) for e in result["userErrors"]] == [
            (["input", "plans", "0", "id"], "INVALID"),
            (["input", "plans", "2", "id"], "INVALID"),
            (["input", "plans", "3", "id"], "INVALID"),
        ]
    for org in (acme, beta):
        await org.refresh_from_db()
        assert org.kind == OrganizationKind.CUSTOMER
        assert org.owner_id == world["north"].id


async def test_an_item_plan_is_checked_for_its_own_id(api: Api, world: dict[str, Any]) -> None:
    acme, beta = world["acme"], world["beta"]
    foreign = {"id": gid(acme), "planId": gid(world["south_plan"])}

    wrong = await run(
        api,
        CONVERT,
        world["tokens"]["north"],
        ids=[gid(acme), gid(beta)],
        plans=[foreign],
        dryRun=True,
    )
    no_right = await run(
        api,
        CONVERT,
        world["tokens"]["north_admin"],
        ids=[gid(acme), gid(beta)],
        plans=[{"id": gid(beta), "planId": gid(world["resale"])}],
    )

    # One answer per id: the others go ahead.
    assert [r["userErrors"] for r in wrong["results"]] == [
        [{"field": ["input", "plans", "0", "planId"], "code": "NOT_FOUND"}],
        [],
    ]
    # Without the plans right the plan part is refused; a custom plan needs no right.
    assert [r["userErrors"] for r in no_right["results"]] == [
        [],
        [{"field": ["input", "plans", "0", "planId"], "code": "FORBIDDEN"}],
    ]
    await acme.refresh_from_db()
    assert acme.kind == OrganizationKind.RESELLER
    await beta.refresh_from_db()
    assert beta.kind == OrganizationKind.CUSTOMER


async def test_move_takes_a_plan_per_id(api: Api, world: dict[str, Any]) -> None:
    acme, beta, token = world["acme"], world["beta"], world["tokens"]["north"]

    conflicts = await run(
        api,
        MOVE,
        token,
        ids=[gid(acme)],
        newOwnerId=gid(world["sub"]),
        plans=[{"id": gid(acme), "planId": gid(world["sub_small"])}],
        dryRun=True,
    )
    result = await run(
        api,
        MOVE,
        token,
        ids=[gid(acme), gid(beta)],
        newOwnerId=gid(world["sub"]),
        plans=[{"id": gid(acme), "planId": gid(world["sub_hosting"])}],
    )

    assert [r["userErrors"] for r in conflicts["results"]] == [
        [{"field": ["input", "ids", "0"], "code": "QUOTA_EXCEEDED"}]
    ]
    assert plans_of(result) == [
        {"name": "Sub Hosting", "isCustom": False},
        {"name": "Custom: Beta", "isCustom": True},
    ]
    await acme.refresh_from_db()
    assert (acme.owner_id, acme.plan_id) == (world["sub"].id, world["sub_hosting"].id)


async def test_move_keeps_the_overrides_in_its_custom_plan(api: Api, world: dict[str, Any]) -> None:
    acme, token = world["acme"], world["tokens"]["north"]
    await Organization.filter(id=acme.id).update(quota_overrides={"website_quota": 3})

    result = await run(api, MOVE, token, ids=[gid(acme)], newOwnerId=gid(world["sub"]))

    assert plans_of(result) == [{"name": "Custom: Acme", "isCustom": True}]
    await acme.refresh_from_db()
    plan = await Plan.get(id=acme.plan_id)
    assert (plan.website_quota, acme.quota_overrides) == (3, {})


async def test_a_converted_customer_keeps_its_services_under_a_customer_of_its_own(
    api: Api, world: dict[str, Any]
) -> None:
    acme, beta, token = world["acme"], world["beta"], world["tokens"]["north"]
    await Organization.filter(id=acme.id).update(quota_overrides={"website_quota": 3})

    preview = await run(api, CONVERT, token, ids=[gid(acme)], dryRun=True)
    assert await Organization.filter(owner_id=acme.id).count() == 0
    await run(api, CONVERT, token, ids=[gid(acme), gid(beta)])

    assert preview["results"][0]["userErrors"] == []
    [kept] = await Organization.filter(owner_id=acme.id)
    assert (kept.kind, kept.name, kept.plan_id) == (OrganizationKind.CUSTOMER, "Acme", None)
    assert sorted(s.name for s in await Service.filter(organization=kept)) == [
        "one.example",
        "two.example",
    ]
    assert await Service.filter(organization=acme).count() == 0
    # A customer without services becomes a reseller alone.
    assert await Organization.filter(owner_id=beta.id).count() == 0
    # The reseller's custom plan carries its override and still counts the services below it.
    await acme.refresh_from_db()
    assert ((await Plan.get(id=acme.plan_id)).website_quota, acme.quota_overrides) == (3, {})
    owner = await User.get(email="owner@acme.example")
    owner_token = await factories.session_for(owner, await Membership.get(user=owner))
    customers = "{ organizations(filter: {kind: CUSTOMER}) { edges { node { id name %s } } } }"
    listed = await api.data(customers % "usage { websites }", token=owner_token)
    assert [e["node"] for e in listed["organizations"]["edges"]] == [
        {"id": gid(kept), "name": "Acme", "usage": {"websites": 2}}
    ]
    add = """mutation ($id: ID!, $name: String!) { createService(input: {organizationId: $id,
      kind: WEBSITE, name: $name}) { userErrors { code } } }"""
    third = await api.data(add, {"id": gid(kept), "name": "three.example"}, owner_token)
    fourth = await api.data(add, {"id": gid(kept), "name": "four.example"}, owner_token)
    assert third["createService"]["userErrors"] == []
    assert fourth["createService"]["userErrors"] == [{"code": "QUOTA_EXCEEDED"}]
    created = await AuditEvent.get(action="organization.create", organization_id=kept.id)
    assert created.summary == {"from": "convertToReseller", "reseller": "Acme", "services": 2}
