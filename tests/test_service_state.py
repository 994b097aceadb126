"""Services follow their organization's state: Service.effectiveStatus, the lists filtered
by it (Organization.services, the root `services` a provisioning agent pages through) and
organizations filtered by their effective status."""

from __future__ import annotations

from typing import Any

import pytest

from bench.statements import statements_sent
from domain.provisioning import service_state
from gql.schema.relay import to_global_id
from models import Organization, Service
from models.enums import (
    OrganizationKind,
    OrganizationStatus,
    Role,
    ServiceEffectiveStatus,
    ServiceKind,
    ServiceStatus,
)
from tests import factories
from tests.api import Api

SERVICES = """
query ($filter: ServiceFilter, $first: Int, $after: String) {
  services(filter: $filter, first: $first, after: $after) {
    totalCount
    edges { node { name kind status effectiveStatus organization { name } } }
    pageInfo { hasNextPage endCursor }
  }
}
"""
ORGANIZATION_SERVICES = """
query ($id: ID!, $filter: ServiceFilter) {
  organization(id: $id) {
    effectiveStatus
    services(first: 50, filter: $filter) {
      totalCount edges { node { name effectiveStatus } }
    }
  }
}
"""
ORGANIZATIONS = """
query ($filter: OrganizationFilter) {
  organizations(first: 50, filter: $filter) { totalCount edges { node { name effectiveStatus } } }
}
"""
SORTED = """
query ($filter: OrganizationFilter, $after: String) {
  organizations(
    first: 1, after: $after, filter: $filter, orderBy: {field: WEBSITES, direction: DESC}
  ) {
    edges { node { name } } pageInfo { endCursor }
  }
}
"""
UPDATE_SERVICE = """
mutation ($input: UpdateServiceInput!) {
  updateService(input: $input) {
    service { name domain status effectiveStatus } userErrors { field code }
  }
}
"""
SUSPEND = """
mutation ($ids: [ID!]!) {
  suspendOrganizations(input: {ids: $ids, reason: "unpaid"}) { userErrors { code } }
}
"""


def gid(org: Organization) -> str:
    return to_global_id("Organization", org.id)


@pytest.mark.parametrize("organization", list(OrganizationStatus))
@pytest.mark.parametrize("own", list(ServiceStatus))
@pytest.mark.parametrize("kind", list(ServiceKind))
def test_the_rule_and_its_inversion_agree(
    organization: OrganizationStatus, own: ServiceStatus, kind: ServiceKind
) -> None:
    found = service_state.effective(kind, own, organization)
    matching = [
        wanted
        for wanted in ServiceEffectiveStatus
        if any(
            organization in orgs and own == status and kind in kinds
            for orgs, status, kinds in service_state.combinations(wanted)
        )
    ]
    assert matching == [found]


def test_the_rule_reads_as_the_panels_do() -> None:
    rule = service_state.effective
    suspended, pending = OrganizationStatus.SUSPENDED, OrganizationStatus.PENDING
    on, off = ServiceStatus.ACTIVE, ServiceStatus.DISABLED
    assert rule(ServiceKind.WEBSITE, on, suspended) == ServiceEffectiveStatus.SUSPENDED
    assert rule(ServiceKind.BACKUP, on, suspended) == ServiceEffectiveStatus.SUSPENDED
    assert rule(ServiceKind.MAILBOX, on, suspended) == ServiceEffectiveStatus.RECEIVE_ONLY
    assert rule(ServiceKind.MAILBOX, on, OrganizationStatus.DELETED) == "DELETED"
    assert rule(ServiceKind.MAILBOX, off, suspended) == ServiceEffectiveStatus.DISABLED
    assert rule(ServiceKind.DNS_ZONE, on, pending) == ServiceEffectiveStatus.PENDING
    assert rule(ServiceKind.DATABASE, off, OrganizationStatus.ACTIVE) == "DISABLED"


@pytest.fixture
async def platform() -> dict[str, Any]:
    """Two resellers; the second suspended (its customer with it). Each customer has a
    website and a mailbox; the active one a disabled database too."""
    master = await factories.master()
    north = await factories.organization(OrganizationKind.RESELLER, master, name="North")
    south = await factories.organization(
        OrganizationKind.RESELLER, master, name="South", status=OrganizationStatus.SUSPENDED
    )
    shop = await factories.organization(OrganizationKind.CUSTOMER, north, name="Shop")
    cafe = await factories.organization(OrganizationKind.CUSTOMER, south, name="Cafe")
    fresh = await factories.organization(
        OrganizationKind.CUSTOMER, north, name="Fresh", status=OrganizationStatus.PENDING
    )
    for org, slug in [(shop, "shop"), (cafe, "cafe"), (fresh, "fresh")]:
        await Service.create(
            organization=org,
            kind=ServiceKind.WEBSITE,
            name=f"{slug}.example",
            domain=f"{slug}.example",
        )
        await Service.create(organization=org, kind=ServiceKind.MAILBOX, name=f"info@{slug}")
    await Service.create(
        organization=shop, kind=ServiceKind.DATABASE, name="shop_db", status=ServiceStatus.DISABLED
    )
    tokens = {}
    for person, org, role in [
        ("admin", master, Role.OWNER),
        ("north", north, Role.OWNER),
        ("shop", shop, Role.OWNER),
        ("shop-member", shop, Role.MEMBER),
    ]:
        _, tokens[person] = await factories.quick_member(org, f"{person}@example.com", role)
    return {"tokens": tokens, "north": north, "south": south, "shop": shop, "cafe": cafe}


def states(data: dict[str, Any]) -> dict[str, str]:
    return {e["node"]["name"]: e["node"]["effectiveStatus"] for e in data["edges"]}


async def test_services_read_their_organizations_state(api: Api, platform: dict[str, Any]) -> None:
    data = await api.data(SERVICES, {}, platform["tokens"]["admin"])

    assert states(data["services"]) == {
        "shop.example": "ACTIVE",
        "info@shop": "ACTIVE",
        "shop_db": "DISABLED",
        # A customer of a suspended reseller is suspended too: its website is off, its
        # mailbox keeps receiving.
        "cafe.example": "SUSPENDED",
        "info@cafe": "RECEIVE_ONLY",
        "fresh.example": "PENDING",
        "info@fresh": "PENDING",
    }
    assert data["services"]["totalCount"] == 7
    owners = {
        e["node"]["name"]: e["node"]["organization"]["name"] for e in data["services"]["edges"]
    }
    assert owners["info@cafe"] == "Cafe"


@pytest.mark.parametrize(
    ("wanted", "names"),
    [
        ("SUSPENDED", {"cafe.example"}),
        ("RECEIVE_ONLY", {"info@cafe"}),
        ("DISABLED", {"shop_db"}),
        ("PENDING", {"fresh.example", "info@fresh"}),
        ("ACTIVE", {"shop.example", "info@shop"}),
        ("DELETED", set()),
    ],
)
async def test_an_agent_filters_by_effective_status(
    api: Api, platform: dict[str, Any], wanted: str, names: set[str]
) -> None:
    data = await api.data(
        SERVICES, {"filter": {"effectiveStatus": wanted}}, platform["tokens"]["admin"]
    )

    assert set(states(data["services"])) == names
    assert data["services"]["totalCount"] == len(names)


async def test_suspending_turns_services_off_and_reactivating_on(
    api: Api, platform: dict[str, Any]
) -> None:
    token = platform["tokens"]["admin"]
    shop = gid(platform["shop"])
    assert (await api.data(SUSPEND, {"ids": [shop]}, token))["suspendOrganizations"] == {
        "userErrors": []
    }

    data = await api.data(ORGANIZATION_SERVICES, {"id": shop}, token)

    assert data["organization"]["effectiveStatus"] == "SUSPENDED"
    assert states(data["organization"]["services"]) == {
        "shop.example": "SUSPENDED",
        "info@shop": "RECEIVE_ONLY",
        "shop_db": "DISABLED",
    }
    off = await api.data(
        ORGANIZATION_SERVICES, {"id": shop, "filter": {"effectiveStatus": "SUSPENDED"}}, token
    )
    assert states(off["organization"]["services"]) == {"shop.example": "SUSPENDED"}
    assert off["organization"]["services"]["totalCount"] == 1


async def test_organization_services_filter_by_kind_status_and_domain(
    api: Api, platform: dict[str, Any]
) -> None:
    token = platform["tokens"]["shop"]
    shop = gid(platform["shop"])

    async def names(filter: dict[str, Any]) -> set[str]:
        data = await api.data(ORGANIZATION_SERVICES, {"id": shop, "filter": filter}, token)
        return set(states(data["organization"]["services"]))

    assert await names({"kind": "MAILBOX"}) == {"info@shop"}
    assert await names({"status": "DISABLED"}) == {"shop_db"}
    assert await names({"domain": "SHOP.EX"}) == {"shop.example"}
    assert await names({"domain": "cafe"}) == set()
    assert await names({"organizationId": gid(platform["cafe"])}) == set()


async def test_a_reseller_sees_only_its_own_customers_services(
    api: Api, platform: dict[str, Any]
) -> None:
    data = await api.data(SERVICES, {}, platform["tokens"]["north"])
    assert set(states(data["services"])) == {
        "shop.example",
        "info@shop",
        "shop_db",
        "fresh.example",
        "info@fresh",
    }
    # Another reseller's customer, by id: nothing, as for an id that never existed.
    foreign = await api.data(
        SERVICES, {"filter": {"organizationId": gid(platform["cafe"])}}, platform["tokens"]["north"]
    )
    assert foreign["services"]["edges"] == []
    member = await api.data(SERVICES, {}, platform["tokens"]["shop-member"])
    assert set(states(member["services"])) == {"shop.example", "info@shop", "shop_db"}


async def test_the_root_list_pages_by_keyset(api: Api, platform: dict[str, Any]) -> None:
    token = platform["tokens"]["admin"]
    seen: list[str] = []
    after = None
    while True:
        data = await api.data(SERVICES, {"first": 2, "after": after}, token)
        seen += [e["node"]["name"] for e in data["services"]["edges"]]
        if not data["services"]["pageInfo"]["hasNextPage"]:
            break
        after = data["services"]["pageInfo"]["endCursor"]
    assert len(seen) == len(set(seen)) == 7


@pytest.mark.parametrize(
    "filter",
    [
        {"domain": "x" * 254},
        {"domain": "a\u0000b"},
    ],
)
async def test_bad_filters_are_bad_requests(
    api: Api, platform: dict[str, Any], filter: dict[str, Any]
) -> None:
    body = await api(SERVICES, {"filter": filter}, platform["tokens"]["admin"])
    assert body["errors"][0]["extensions"]["code"] == "BAD_REQUEST"
    assert body["data"] is None or body["data"]["services"] is None


async def test_an_id_that_is_no_organizations_lists_nothing(
    api: Api, platform: dict[str, Any]
) -> None:
    for bad in ["not-an-id", to_global_id("Service", platform["shop"].id)]:
        data = await api.data(
            SERVICES, {"filter": {"organizationId": bad}}, platform["tokens"]["admin"]
        )
        assert data["services"]["edges"] == []


async def test_organizations_filter_by_effective_status(api: Api, platform: dict[str, Any]) -> None:
    token = platform["tokens"]["admin"]

    async def names(status: str) -> set[str]:
        data = await api.data(ORGANIZATIONS, {"filter": {"effectiveStatus": status}}, token)
        return set(states(data["organizations"]))

    # Cafe's own status is ACTIVE: its reseller's suspension is what it has in effect.
    assert await names("SUSPENDED") == {"South", "Cafe"}
    assert await names("PENDING") == {"Fresh"}
    assert await names("ACTIVE") == {"Platform", "North", "Shop"}
    assert await names("DELETED") == set()
    # With an order that counts services (a grouped statement) and on a later page.
    sorted_page = await api.data(SORTED, {"filter": {"effectiveStatus": "SUSPENDED"}}, token)
    edges = sorted_page["organizations"]["edges"]
    assert [e["node"]["name"] for e in edges] == ["Cafe"]
    rest = await api.data(
        SORTED,
        {
            "filter": {"effectiveStatus": "SUSPENDED"},
            "after": sorted_page["organizations"]["pageInfo"]["endCursor"],
        },
        token,
    )
    assert [e["node"]["name"] for e in rest["organizations"]["edges"]] == ["South"]
    own = await api.data(ORGANIZATIONS, {"filter": {"status": "SUSPENDED"}}, token)
    assert set(states(own["organizations"])) == {"South"}
    # A reseller's list narrows its own scope.
    north = await api.data(
        ORGANIZATIONS, {"filter": {"effectiveStatus": "ACTIVE"}}, platform["tokens"]["north"]
    )
    assert set(states(north["organizations"])) == {"North", "Shop"}


async def test_update_service_switches_it_off_and_on(api: Api, platform: dict[str, Any]) -> None:
    database = await Service.get(name="shop_db")
    service_id = to_global_id("Service", database.id)
    token = platform["tokens"]["shop"]

    on = await api.data(UPDATE_SERVICE, {"input": {"id": service_id, "status": "ACTIVE"}}, token)

    assert on["updateService"] == {
        "service": {
            "name": "shop_db",
            "domain": None,
            "status": "ACTIVE",
            "effectiveStatus": "ACTIVE",
        },
        "userErrors": [],
    }
    assert (await Service.get(id=database.id)).status == ServiceStatus.ACTIVE
    from models import AuditEvent

    event = await AuditEvent.get(action="service.update")
    assert event.summary["changed"] == {"status": {"from": "DISABLED", "to": "ACTIVE"}}


async def test_update_service_follows_the_authority_rule(
    api: Api, platform: dict[str, Any]
) -> None:
    cafe_site = await Service.get(name="cafe.example")
    shop_site = await Service.get(name="shop.example")
    change = {"status": "DISABLED"}

    foreign = await api.data(
        UPDATE_SERVICE,
        {"input": {"id": to_global_id("Service", cafe_site.id), **change}},
        platform["tokens"]["north"],
    )
    member = await api.data(
        UPDATE_SERVICE,
        {"input": {"id": to_global_id("Service", shop_site.id), **change}},
        platform["tokens"]["shop-member"],
    )
    unknown = await api.data(
        UPDATE_SERVICE,
        {"input": {"id": to_global_id("Service", Organization().id), **change}},
        platform["tokens"]["admin"],
    )

    assert foreign["updateService"]["userErrors"] == [
        {"field": ["input", "id"], "code": "NOT_FOUND"}
    ]
    assert unknown["updateService"]["userErrors"] == foreign["updateService"]["userErrors"]
    assert member["updateService"]["userErrors"] == [
        {"field": ["input", "id"], "code": "FORBIDDEN"}
    ]
    assert {s.status for s in await Service.filter(kind=ServiceKind.WEBSITE)} == {
        ServiceStatus.ACTIVE
    }


async def _statements_for(api: Api, token: str, first: int) -> int:
    with statements_sent() as statements:
        data = await api.data(SERVICES, {"first": first}, token)
    assert len(data["services"]["edges"]) == first
    return len(statements)


async def test_statements_do_not_depend_on_page_size(api: Api) -> None:
    master = await factories.master()
    _, token = await factories.quick_member(master, "admin@example.com")
    reseller = await factories.organization(
        OrganizationKind.RESELLER, master, name="R", status=OrganizationStatus.SUSPENDED
    )
    for number in range(30):
        customer = await factories.organization(
            OrganizationKind.CUSTOMER, reseller, name=f"C{number}"
        )
        await Service.create(organization=customer, kind=ServiceKind.MAILBOX, name=f"m{number}")

    assert await _statements_for(api, token, 3) == await _statements_for(api, token, 30)


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"name": "db\u0000x"}, "INVALID"),
        ({"name": "d" * 256}, "INVALID"),
        ({"name": "   "}, "INVALID"),
    ],
)
async def test_update_service_refuses_bad_names(
    api: Api, platform: dict[str, Any], change: dict[str, Any], code: str
) -> None:
    database = await Service.get(name="shop_db")
    variables = {"input": {"id": to_global_id("Service", database.id), **change}}

    data = await api.data(UPDATE_SERVICE, variables, platform["tokens"]["shop"])

    assert data["updateService"] == {
        "service": None,
        "userErrors": [{"field": ["input", "name"], "code": code}],
    }
    assert (await Service.get(id=database.id)).name == "shop_db"


async def test_update_service_refuses_other_ids_and_deleted_organizations(
    api: Api, platform: dict[str, Any]
) -> None:
    token = platform["tokens"]["admin"]
    wrong_type = {"id": gid(platform["shop"]), "status": "DISABLED"}
    not_an_id = {"id": "nope", "status": "DISABLED"}
    for refused in (wrong_type, not_an_id):
        data = await api.data(UPDATE_SERVICE, {"input": refused}, token)
        assert data["updateService"]["userErrors"] == [
            {"field": ["input", "id"], "code": "NOT_FOUND"}
        ]
    await Organization.filter(id=platform["shop"].id).update(status=OrganizationStatus.DELETED)
    site = await Service.get(name="shop.example")

    late = await api.data(
        UPDATE_SERVICE,
        {"input": {"id": to_global_id("Service", site.id), "status": "DISABLED"}},
        token,
    )

    assert late["updateService"]["userErrors"] == [
        {"field": ["input", "id"], "code": "INVALID_STATE"}
    ]
    assert (await Service.get(id=site.id)).status == ServiceStatus.ACTIVE
