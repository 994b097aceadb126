"""Plans cannot be escaped: a reseller's plans stay within its owner chain, a converted
customer's plan too, and no plan goes below what its organizations already use."""

from __future__ import annotations

from typing import Any

import pytest

from models import AuditEvent, Organization, Plan, Service
from models.enums import OrganizationKind, ServiceKind
from tests import factories
from tests.api import Api
from tests.quota_world import gid, quota_chain

CREATE_PLAN = """
mutation ($input: CreatePlanInput!) {
  createPlan(input: $input) { plan { name } userErrors { field code } }
}
"""
UPDATE_PLAN = """
mutation ($input: UpdatePlanInput!) {
  updatePlan(input: $input) {
    plan { quotas { websites } enabledKinds }
    conflicts { organization { name } kind used quota }
    userErrors { field code }
  }
}
"""
CONVERT = """
mutation ($input: ConvertToResellerInput!) {
  convertToReseller(input: $input) { results { organization { kind } userErrors { code } } }
}
"""
MOVE = """
mutation ($input: MoveOrganizationsInput!) {
  moveOrganizations(input: $input) {
    results { organization { name } userErrors { code message } }
  }
}
"""


@pytest.fixture
async def chain() -> dict[str, Any]:
    return await quota_chain()


async def services(org: Organization, kind: ServiceKind, count: int) -> None:
    for n in range(count):
        await Service.create(organization=org, kind=kind, name=f"{kind}-{n}")


@pytest.mark.parametrize(
    ("quotas", "kinds", "error"),
    [
        ({"websites": 3, "diskMb": 1000}, ["WEBSITE"], None),  # at the reseller's bounds
        ({"websites": 4, "diskMb": 10}, ["WEBSITE"], ("QUOTA_EXCEEDED", "quotas", "websites")),
        ({"diskMb": 10}, ["WEBSITE"], ("QUOTA_EXCEEDED", "quotas", "websites")),  # unlimited
        ({"websites": 1, "diskMb": 1001}, ["WEBSITE"], ("QUOTA_EXCEEDED", "quotas", "diskMb")),
        ({"websites": 1}, ["WEBSITE"], ("QUOTA_EXCEEDED", "quotas", "diskMb")),
        ({"websites": 1, "diskMb": 1}, ["MAILBOX"], ("SERVICE_NOT_ENABLED", "enabledKinds")),
    ],
)
async def test_a_reseller_without_a_plan_sells_within_its_owner_chain(
    api: Api,
    chain: dict[str, Any],
    quotas: dict[str, int],
    kinds: list[str],
    error: tuple[str, ...] | None,
) -> None:
    plan = {"name": "Sub's", "quotas": quotas, "enabledKinds": kinds}

    data = await api.data(CREATE_PLAN, {"input": plan}, chain["tokens"]["sub"])

    errors = [(e["code"], *e["field"][1:]) for e in data["createPlan"]["userErrors"]]
    assert errors == ([error] if error else [])
    assert await Plan.filter(name="Sub's").exists() == (error is None)


async def test_a_resellers_plan_update_stays_within_its_owner_chain(
    api: Api, chain: dict[str, Any]
) -> None:
    plan = await Plan.create(owner=chain["sub"], name="Sub's", website_quota=1, disk_quota_mb=1)
    change = {"id": gid(plan), "quotas": {"websites": 4, "diskMb": 1}}

    data = await api.data(UPDATE_PLAN, {"input": change}, chain["tokens"]["sub"])

    assert data["updatePlan"]["userErrors"] == [
        {"field": ["input", "quotas", "websites"], "code": "QUOTA_EXCEEDED"}
    ]
    assert (await Plan.get(id=plan.id)).website_quota == 1


async def test_converting_caps_the_quotas_at_the_owner_chain(
    api: Api, chain: dict[str, Any]
) -> None:
    # A is on an oversold plan (5 websites, mailboxes); B has no plan at all.
    ids = [gid(chain["a"]), gid(chain["b"])]

    data = await api.data(CONVERT, {"input": {"ids": ids}}, chain["tokens"]["admin"])

    results = data["convertToReseller"]["results"]
    assert [r["userErrors"] for r in results] == [[], []]
    for org, owner in [(chain["a"], chain["reseller"]), (chain["b"], chain["sub"])]:
        await org.refresh_from_db()
        assert org.kind == OrganizationKind.RESELLER
        plan = await Plan.get(id=org.plan_id)
        assert plan.is_custom
        assert plan.owner_id == owner.id
        assert (plan.website_quota, plan.database_quota, plan.disk_quota_mb) == (3, None, 1000)
        assert sorted(plan.enabled_kinds) == ["DATABASE", "WEBSITE"]


async def test_update_plan_below_usage_lists_the_conflicts(api: Api, chain: dict[str, Any]) -> None:
    oversold = chain["oversold"]
    await Organization.filter(id=chain["sub"].id).update(plan_id=oversold.id)
    await services(chain["a"], ServiceKind.WEBSITE, 2)
    await services(chain["a"], ServiceKind.DATABASE, 1)
    await services(chain["b"], ServiceKind.WEBSITE, 2)  # counts for Sub, which is on the plan
    lower = {
        "id": gid(oversold),
        "quotas": {"websites": 1, "diskMb": 100},
        "enabledKinds": ["WEBSITE"],
    }
    token = chain["tokens"]["reseller"]

    dry = await api.data(UPDATE_PLAN, {"input": {**lower, "dryRun": True}}, token)
    refused = await api.data(UPDATE_PLAN, {"input": lower}, token)

    expected = [
        {"organization": {"name": "A"}, "kind": "DATABASE", "used": 1, "quota": 0},
        {"organization": {"name": "A"}, "kind": "WEBSITE", "used": 2, "quota": 1},
        {"organization": {"name": "Sub"}, "kind": "WEBSITE", "used": 2, "quota": 1},
    ]
    assert dry["updatePlan"] == {
        "plan": {"quotas": {"websites": 5}, "enabledKinds": ["WEBSITE", "DATABASE", "MAILBOX"]},
        "conflicts": expected,
        "userErrors": [],
    }
    assert refused["updatePlan"] == {
        "plan": None,
        "conflicts": expected,
        "userErrors": [{"field": ["input", "quotas"], "code": "QUOTA_EXCEEDED"}],
    }
    stored = await Plan.get(id=oversold.id)
    assert (stored.website_quota, len(stored.enabled_kinds)) == (5, 3)
    assert not await AuditEvent.filter(action="plan.update").exists()

    # Down to exactly what is used is fine.
    fits = {
        "id": gid(oversold),
        "quotas": {"websites": 2, "diskMb": 100},
        "enabledKinds": ["WEBSITE", "DATABASE"],
    }
    done = await api.data(UPDATE_PLAN, {"input": fits}, token)
    assert (done["updatePlan"]["userErrors"], done["updatePlan"]["conflicts"]) == ([], [])
    assert (await Plan.get(id=oversold.id)).website_quota == 2


async def test_moving_onto_a_plan_needs_room_in_every_plan_above(
    api: Api, chain: dict[str, Any]
) -> None:
    newcomer = await factories.organization(
        OrganizationKind.CUSTOMER, chain["master"], name="Newcomer"
    )
    await services(newcomer, ServiceKind.WEBSITE, 2)
    await services(chain["a"], ServiceKind.WEBSITE, 2)
    move = {"ids": [gid(newcomer)], "newOwnerId": gid(chain["reseller"])}
    onto = {**move, "planId": gid(chain["oversold"])}  # 5 websites: room for its 2
    token = chain["tokens"]["admin"]

    dry = await api.data(MOVE, {"input": {**onto, "dryRun": True}}, token)
    refused = await api.data(MOVE, {"input": onto}, token)

    # The reseller's plan allows 3 websites in its tree; A has 2 of them.
    for data in (dry, refused):
        (error,) = data["moveOrganizations"]["results"][0]["userErrors"]
        assert error["code"] == "QUOTA_EXCEEDED"
        assert "The plan of Reseller allows 3 websites" in error["message"]
    await newcomer.refresh_from_db()
    assert newcomer.owner_id == chain["master"].id

    await Service.filter(organization=chain["a"]).delete()
    moved = await api.data(MOVE, {"input": onto}, token)
    assert moved["moveOrganizations"]["results"][0]["userErrors"] == []
    await newcomer.refresh_from_db()
    assert newcomer.plan_id == chain["oversold"].id


COPY = """
mutation ($input: CopyCustomerInput!) {
  copyCustomer(input: $input) { organization { name } userErrors { field code } }
}
"""


async def test_copying_a_customers_services_needs_room_in_every_plan_above(
    api: Api, chain: dict[str, Any]
) -> None:
    await services(chain["a"], ServiceKind.WEBSITE, 2)
    copy = {"sourceId": gid(chain["a"]), "name": "A Copy", "owner": {"email": "c@example.com"}}
    token = chain["tokens"]["reseller"]

    with_sites = await api.data(COPY, {"input": {**copy, "serviceKinds": ["WEBSITE"]}}, token)

    # A's plan allows 5 websites, but the reseller's 3 in all: two more do not fit.
    assert with_sites["copyCustomer"] == {
        "organization": None,
        "userErrors": [{"field": ["input", "serviceKinds"], "code": "QUOTA_EXCEEDED"}],
    }
    assert not await Organization.filter(name="A Copy").exists()
    without = await api.data(COPY, {"input": {**copy, "serviceKinds": []}}, token)
    assert without["copyCustomer"]["userErrors"] == []
    assert await Service.all().count() == 2
