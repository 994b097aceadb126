"""Plans within the reseller's own plan; services within the customer's quotas."""

from __future__ import annotations

from typing import Any

import pytest

from domain.people.access import ALL_ACCESS_RIGHTS
from gql.schema.relay import to_global_id
from models import AuditEvent, Organization, Plan, Service
from models.enums import OrganizationKind, OrganizationStatus, Role, ServiceKind
from tests import factories
from tests.api import Api, error_codes
from tests.quota_world import gid

CREATE_PLAN = """
mutation ($input: CreatePlanInput!) {
  createPlan(input: $input) {
    plan { name quotas { websites databases diskMb } enabledKinds }
    userErrors { field code }
  }
}
"""
UPDATE_PLAN = """
mutation ($input: UpdatePlanInput!) {
  updatePlan(input: $input) { plan { name quotas { websites } } userErrors { field code } }
}
"""
CREATE_SERVICE = """
mutation ($org: ID!, $kind: ServiceKind!, $name: String!) {
  createService(input: {organizationId: $org, kind: $kind, name: $name}) {
    service { id kind name } userErrors { field code }
  }
}
"""
DELETE_SERVICE = """
mutation ($id: ID!) { deleteService(input: {id: $id}) { deletedServiceId userErrors { code } } }
"""
USAGE = "query ($id: ID!) { organization(id: $id) { usage { websites databases } } }"


@pytest.fixture
async def shop() -> dict[str, Any]:
    master = await factories.master()
    reseller_plan = await Plan.create(
        owner=master,
        name="Reseller S",
        website_quota=10,
        database_quota=None,
        enabled_kinds=[ServiceKind.WEBSITE, ServiceKind.DATABASE, ServiceKind.MAILBOX],
    )
    reseller = await factories.organization(OrganizationKind.RESELLER, master, name="Reseller")
    reseller.plan_id = reseller_plan.id
    await reseller.save()
    customer_plan = await Plan.create(
        owner=reseller,
        name="Two sites",
        website_quota=2,
        database_quota=None,
        mailbox_quota=0,
        enabled_kinds=[ServiceKind.WEBSITE, ServiceKind.DATABASE, ServiceKind.MAILBOX],
    )
    customer = await factories.organization(OrganizationKind.CUSTOMER, reseller, name="Customer")
    customer.plan_id = customer_plan.id
    await customer.save()
    foreign = await factories.organization(OrganizationKind.CUSTOMER, master, name="Foreign")
    tokens = {}
    for person, org, role in [
        ("admin", master, Role.OWNER),
        ("reseller", reseller, Role.OWNER),
        ("reseller-admin", reseller, Role.ADMIN),
        ("customer", customer, Role.ADMIN),
        ("customer-member", customer, Role.MEMBER),
    ]:
        # The reseller's ADMIN has every right but `plans`.
        rights = (
            [r for r in ALL_ACCESS_RIGHTS if r != "plans"] if person == "reseller-admin" else None
        )
        _, tokens[person] = await factories.quick_member(org, f"{person}@example.com", role, rights)
    return {
        "tokens": tokens,
        "master": master,
        "reseller": reseller,
        "customer": customer,
        "foreign": foreign,
        "customer_plan": customer_plan,
    }


def plan_input(**quotas: Any) -> dict[str, Any]:
    kinds = quotas.pop("kinds", ["WEBSITE"])
    return {"name": "Starter", "quotas": quotas, "enabledKinds": kinds}


async def test_administrators_create_unlimited_plans(api: Api, shop: dict[str, Any]) -> None:
    data = await api.data(
        CREATE_PLAN, {"input": plan_input(kinds=["MAILBOX"])}, shop["tokens"]["admin"]
    )

    assert data["createPlan"]["userErrors"] == []
    assert data["createPlan"]["plan"]["quotas"] == {
        "websites": None,
        "databases": None,
        "diskMb": None,
    }
    assert await AuditEvent.filter(action="plan.create").count() == 1


@pytest.mark.parametrize(
    ("plan", "error"),
    [
        (plan_input(websites=10), None),  # at the limit
        (plan_input(websites=11), ("QUOTA_EXCEEDED", ["input", "quotas", "websites"])),
        (plan_input(), ("QUOTA_EXCEEDED", ["input", "quotas", "websites"])),  # unlimited
        (plan_input(websites=5, databases=None), None),  # its own databases are unlimited
        (
            plan_input(websites=1, kinds=["WEBSITE", "DNS_ZONE"]),
            ("SERVICE_NOT_ENABLED", ["input", "enabledKinds"]),
        ),
        (plan_input(websites=-1), ("INVALID", ["input", "quotas", "websites"])),
    ],
)
async def test_a_resellers_plans_stay_within_its_own(
    api: Api, shop: dict[str, Any], plan: dict[str, Any], error: tuple[str, list[str]] | None
) -> None:
    data = await api.data(CREATE_PLAN, {"input": plan}, shop["tokens"]["reseller"])

    errors = [(e["code"], e["field"]) for e in data["createPlan"]["userErrors"]]
    assert errors == ([error] if error else [])
    assert await Plan.filter(name="Starter").exists() == (error is None)


PLANS_OF = "query ($owner: ID) { plans(ownerId: $owner) { edges { node { name } } } }"


@pytest.mark.parametrize(
    ("viewer", "owner", "names"),
    [
        ("reseller", "reseller", ["Two sites"]),  # what it may assign to its customers
        ("admin", "reseller", ["Two sites"]),
        ("admin", "master", ["Reseller S"]),
        ("reseller", "master", ["Reseller S"]),  # the plan it is on, which it sees
        ("customer", "reseller", ["Two sites"]),  # its own plan only
        ("reseller", "foreign", []),  # an organization it cannot see
        ("reseller", None, ["Reseller S", "Two sites"]),
    ],
)
async def test_plans_of_one_owner(
    api: Api, shop: dict[str, Any], viewer: str, owner: str | None, names: list[str]
) -> None:
    variables = {"owner": gid(shop[owner]) if owner else None}

    data = await api.data(PLANS_OF, variables, shop["tokens"][viewer])

    assert [edge["node"]["name"] for edge in data["plans"]["edges"]] == names


async def test_plans_of_an_owner_id_of_another_type_are_none(
    api: Api, shop: dict[str, Any]
) -> None:
    plan_id = gid(shop["customer_plan"])

    data = await api.data(PLANS_OF, {"owner": plan_id}, shop["tokens"]["admin"])

    assert data["plans"]["edges"] == []


async def test_a_plan_beyond_the_resellers_own_hears_of_every_field_at_once(
    api: Api, shop: dict[str, Any]
) -> None:
    plan = plan_input(databases=3, kinds=["WEBSITE", "FTP_ACCOUNT"])  # websites: unlimited

    data = await api.data(CREATE_PLAN, {"input": plan}, shop["tokens"]["reseller"])

    errors = data["createPlan"]["userErrors"]
    assert [(e["code"], e["field"]) for e in errors] == [
        ("QUOTA_EXCEEDED", ["input", "quotas", "websites"]),
        ("SERVICE_NOT_ENABLED", ["input", "enabledKinds"]),
    ]
    assert not await Plan.filter(name="Starter").exists()


async def test_plans_need_the_plans_right(api: Api, shop: dict[str, Any]) -> None:
    data = await api.data(
        CREATE_PLAN, {"input": plan_input(websites=1)}, shop["tokens"]["reseller-admin"]
    )
    customer = await api(CREATE_PLAN, {"input": plan_input(websites=1)}, shop["tokens"]["customer"])

    assert data["createPlan"]["userErrors"][0]["code"] == "FORBIDDEN"
    assert error_codes(customer) == ["FORBIDDEN"]
    assert not await Plan.filter(name="Starter").exists()


async def test_update_plan_within_bounds(api: Api, shop: dict[str, Any]) -> None:
    plan = to_global_id("Plan", shop["customer_plan"].id)
    token = shop["tokens"]["reseller"]

    renamed = await api.data(
        UPDATE_PLAN,
        {"input": {"id": plan, "name": "Three sites", "quotas": {"websites": 3}}},
        token,
    )
    too_big = await api.data(
        UPDATE_PLAN, {"input": {"id": plan, "quotas": {"websites": 50}}}, token
    )
    by_admin = await api.data(
        UPDATE_PLAN, {"input": {"id": plan, "name": "x"}}, shop["tokens"]["admin"]
    )

    assert renamed["updatePlan"] == {
        "plan": {"name": "Three sites", "quotas": {"websites": 3}},
        "userErrors": [],
    }
    assert too_big["updatePlan"]["userErrors"][0]["code"] == "QUOTA_EXCEEDED"
    assert by_admin["updatePlan"]["userErrors"][0]["code"] == "FORBIDDEN"
    stored = await Plan.get(id=shop["customer_plan"].id)
    assert (stored.name, stored.website_quota) == ("Three sites", 3)


async def add(
    api: Api, shop: dict[str, Any], kind: str, name: str, person: str = "customer"
) -> dict[str, Any]:
    org = to_global_id("Organization", shop["customer"].id)
    data = await api.data(
        CREATE_SERVICE, {"org": org, "kind": kind, "name": name}, shop["tokens"][person]
    )
    result: dict[str, Any] = data["createService"]
    return result


async def test_services_up_to_the_quota_and_usage_follows(api: Api, shop: dict[str, Any]) -> None:
    first = await add(api, shop, "WEBSITE", "one.example")
    second = await add(api, shop, "WEBSITE", "two.example", person="reseller")
    third = await add(api, shop, "WEBSITE", "three.example")

    assert first["userErrors"] == second["userErrors"] == []
    assert third == {
        "service": None,
        "userErrors": [{"field": ["input", "kind"], "code": "QUOTA_EXCEEDED"}],
    }
    usage = await api.data(
        USAGE, {"id": to_global_id("Organization", shop["customer"].id)}, shop["tokens"]["customer"]
    )
    assert usage["organization"]["usage"] == {"websites": 2, "databases": 0}

    deleted = await api.data(
        DELETE_SERVICE, {"id": first["service"]["id"]}, shop["tokens"]["customer"]
    )
    assert deleted["deleteService"]["userErrors"] == []
    assert (await add(api, shop, "WEBSITE", "three.example"))["userErrors"] == []
    assert await Service.filter(kind=ServiceKind.WEBSITE).count() == 2


async def test_unlimited_zero_and_disabled_kinds(api: Api, shop: dict[str, Any]) -> None:
    databases = [await add(api, shop, "DATABASE", f"db{n}") for n in range(5)]
    mailbox = await add(api, shop, "MAILBOX", "info")
    dns = await add(api, shop, "DNS_ZONE", "example.com")

    assert all(result["userErrors"] == [] for result in databases)  # null quota: unlimited
    assert mailbox["userErrors"][0]["code"] == "QUOTA_EXCEEDED"  # quota 0
    assert dns["userErrors"] == [{"field": ["input", "kind"], "code": "SERVICE_NOT_ENABLED"}]


async def test_who_may_add_services(api: Api, shop: dict[str, Any]) -> None:
    member = await add(api, shop, "WEBSITE", "a.example", person="customer-member")
    foreign = await api.data(
        CREATE_SERVICE,
        {"org": to_global_id("Organization", shop["foreign"].id), "kind": "WEBSITE", "name": "x"},
        shop["tokens"]["reseller"],
    )

    assert member["userErrors"][0]["code"] == "FORBIDDEN"
    assert foreign["createService"]["userErrors"][0]["code"] == "NOT_FOUND"
    assert await Service.all().count() == 0


async def test_no_services_while_the_organization_is_blocked(
    api: Api, shop: dict[str, Any]
) -> None:
    await Organization.filter(id=shop["customer"].id).update(status=OrganizationStatus.SUSPENDED)

    result = await add(api, shop, "WEBSITE", "a.example", person="reseller")

    assert result["userErrors"][0]["code"] == "INVALID_STATE"


async def test_duplicate_and_blank_names_are_refused(api: Api, shop: dict[str, Any]) -> None:
    await add(api, shop, "DATABASE", "shop")

    duplicate = await add(api, shop, "DATABASE", "shop")
    blank = await add(api, shop, "DATABASE", "  ")

    assert duplicate["userErrors"][0]["code"] == "INVALID"
    assert blank["userErrors"] == [{"field": ["input", "name"], "code": "INVALID"}]
