"""convertToReseller, moveOrganizations and copyCustomer: the tree changes, the history stays."""

from __future__ import annotations

from typing import Any

import pytest

from domain.webhooks import endpoints
from gql.schema.relay import to_global_id
from models import (
    AuditEvent,
    Department,
    Membership,
    Note,
    Organization,
    Plan,
    SecurityPolicy,
    Service,
    User,
    WebhookDelivery,
    WebhookEndpoint,
)
from models.enums import DeliveryStatus, OrganizationKind, Role, ServiceKind, ServiceStatus
from tests import factories
from tests.api import Api

RESULTS = """
  dryRun
  results { organization { name kind } userErrors { field code message } }
  userErrors { field code }
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
COPY = """
mutation ($input: CopyCustomerInput!) {
  copyCustomer(input: $input) {
    organization { id name plan { name } }
    owner { email }
    generatedPassword
    userErrors { field code }
  }
}
"""


def gid(org: Organization | Plan) -> str:
    return to_global_id("Organization" if isinstance(org, Organization) else "Plan", org.id)


@pytest.fixture
async def land() -> dict[str, Any]:
    master = await factories.master()
    north = await factories.organization(OrganizationKind.RESELLER, master, name="North")
    south = await factories.organization(OrganizationKind.RESELLER, master, name="South")
    sub = await factories.organization(OrganizationKind.RESELLER, north, name="North Sub")
    north_plan = await Plan.create(
        owner=north,
        name="North Five",
        website_quota=5,
        database_quota=None,
        enabled_kinds=["WEBSITE", "DATABASE"],
    )
    south_bound = await Plan.create(
        owner=master,
        name="South Bound",
        website_quota=3,
        database_quota=None,
        enabled_kinds=["WEBSITE", "DATABASE"],
    )
    south.plan_id = south_bound.id
    await south.save()
    south_small = await Plan.create(
        owner=south, name="South One", website_quota=1, enabled_kinds=["WEBSITE"]
    )
    customer = await factories.organization(OrganizationKind.CUSTOMER, north, name="Acme")
    customer.plan_id = north_plan.id
    await customer.save()
    await factories.quick_member(customer, "owner@acme.example")
    for kind, name in [(ServiceKind.WEBSITE, "acme.example"), (ServiceKind.DATABASE, "acme_db")]:
        await Service.create(organization=customer, kind=kind, name=name)
    await Department.create(organization=customer, name="Sales", allowed_ip_ranges=["10.0.0.0/8"])
    staff, _ = await factories.quick_member(customer, "staff@acme.example", Role.MEMBER)
    staff.department = await Department.get(name="Sales")
    await staff.save()
    await SecurityPolicy.create(organization=customer, min_password_length=14)
    tokens = {}
    for person, org in [("admin", master), ("north", north), ("south", south)]:
        _, tokens[person] = await factories.quick_member(org, f"{person}@example.com")
    await Note.create(
        organization=customer,
        author=await User.get(email="north@example.com"),
        author_organization=north,
        text="North's note",
    )
    return {
        "master": master,
        "north": north,
        "south": south,
        "sub": sub,
        "customer": customer,
        "north_plan": north_plan,
        "south_small": south_small,
        "tokens": tokens,
    }


async def run(api: Api, query: str, mutation: str, token: str, **fields: Any) -> dict[str, Any]:
    data = await api.data(query, {"input": fields}, token)
    result: dict[str, Any] = data[mutation]
    return result


async def test_convert_keeps_everything_and_carries_the_quotas(
    api: Api, land: dict[str, Any]
) -> None:
    customer = land["customer"]

    result = await run(
        api, CONVERT, "convertToReseller", land["tokens"]["admin"], ids=[gid(customer)]
    )

    assert result["results"][0]["organization"] == {"name": "Acme", "kind": "RESELLER"}
    await customer.refresh_from_db()
    assert customer.kind == OrganizationKind.RESELLER
    plan = await Plan.get(id=customer.plan_id)
    assert plan.is_custom
    assert (plan.website_quota, plan.database_quota) == (5, None)
    assert plan.owner_id == land["north"].id
    assert await Membership.filter(organization=customer).count() == 2
    # Its services run on under a customer of its own with its name (docs/plans.md).
    assert await Service.filter(organization=customer).count() == 0
    kept = await Organization.get(owner_id=customer.id)
    assert (kept.kind, kept.name) == (OrganizationKind.CUSTOMER, "Acme")
    assert await Service.filter(organization=kept).count() == 2
    assert await Note.filter(organization=customer).count() == 1
    assert await AuditEvent.filter(action="organization.convert_to_reseller").count() == 1
    # The owner now logs in as a reseller.
    owner = await User.get(email="owner@acme.example")
    membership = await Membership.get(user=owner)
    token = await factories.session_for(owner, membership)
    viewer = await api.data("{ viewer { organization { kind } } }", token=token)
    assert viewer["viewer"]["organization"]["kind"] == "RESELLER"


async def test_convert_refusals(api: Api, land: dict[str, Any]) -> None:
    deep = await factories.organization(OrganizationKind.RESELLER, land["sub"], name="Level 3")
    too_deep = await factories.organization(OrganizationKind.CUSTOMER, deep, name="Level 4")

    result = await run(
        api,
        CONVERT,
        "convertToReseller",
        land["tokens"]["admin"],
        ids=[gid(land["north"]), gid(too_deep)],
    )

    assert [r["userErrors"][0]["code"] for r in result["results"]] == ["INVALID_STATE", "INVALID"]
    await too_deep.refresh_from_db()
    assert too_deep.kind == OrganizationKind.CUSTOMER


async def test_convert_onto_a_plan_of_the_owner(api: Api, land: dict[str, Any]) -> None:
    reseller_plan = await Plan.create(
        owner=land["north"],
        name="North Resale",
        website_quota=50,
        enabled_kinds=["WEBSITE", "DATABASE"],
    )
    elsewhere = land["south_small"]

    wrong = await run(
        api,
        CONVERT,
        "convertToReseller",
        land["tokens"]["north"],
        ids=[gid(land["customer"])],
        planId=gid(elsewhere),
    )
    right = await run(
        api,
        CONVERT,
        "convertToReseller",
        land["tokens"]["north"],
        ids=[gid(land["customer"])],
        planId=gid(reseller_plan),
    )

    assert wrong["results"][0]["userErrors"][0]["code"] == "NOT_FOUND"
    assert right["results"][0]["userErrors"] == []
    await land["customer"].refresh_from_db()
    assert land["customer"].plan_id == reseller_plan.id


async def move_acme_to_south(api: Api, land: dict[str, Any]) -> None:
    """The administrator moves Acme from North to South, where it fits South's bound."""
    result = await run(
        api,
        MOVE,
        "moveOrganizations",
        land["tokens"]["admin"],
        ids=[gid(land["customer"])],
        newOwnerId=gid(land["south"]),
    )
    assert result["results"][0]["userErrors"] == []


async def make_acme_fit_south(land: dict[str, Any]) -> None:
    await Service.filter(organization=land["customer"], kind=ServiceKind.WEBSITE).delete()
    await Plan.filter(id=land["north_plan"].id).update(website_quota=3)


async def test_move_changes_the_owner_and_who_sees_it(api: Api, land: dict[str, Any]) -> None:
    customer, tokens = land["customer"], land["tokens"]
    await make_acme_fit_south(land)

    await move_acme_to_south(api, land)

    await customer.refresh_from_db()
    assert customer.owner_id == land["south"].id
    assert customer.path == land["south"].path + customer.id.hex + "/"
    plan = await Plan.get(id=customer.plan_id)
    assert (plan.is_custom, plan.website_quota, plan.owner_id) == (True, 3, land["south"].id)
    query = "query ($id: ID!) { organization(id: $id) { name notes { totalCount } } }"
    as_south = await api.data(query, {"id": gid(customer)}, tokens["south"])
    as_north = await api.data(query, {"id": gid(customer)}, tokens["north"])
    as_admin = await api.data(query, {"id": gid(customer)}, tokens["admin"])
    assert as_south["organization"]["notes"]["totalCount"] == 0  # North's note is not South's
    assert as_north["organization"] is None
    assert as_admin["organization"]["notes"]["totalCount"] == 1  # the note stays
    assert await Membership.filter(organization=customer).count() == 2
    owner = await User.get(email="owner@acme.example")
    owner_token = await factories.session_for(owner, await Membership.get(user=owner))
    history = await api.data("{ auditEvents { edges { node { action } } } }", token=owner_token)
    assert [e["node"]["action"] for e in history["auditEvents"]["edges"]] == ["organization.move"]
    # The former owner hears that the customer left, not where to; the new owner hears
    # the move itself and nothing of the former owner's log.
    moves = '{ events(types: ["organization.*"]) { edges { node { type payload } } } }'
    north_events = (await api.data(moves, token=tokens["north"]))["events"]["edges"]
    south_events = (await api.data(moves, token=tokens["south"]))["events"]["edges"]
    assert [e["node"]["type"] for e in north_events] == ["organization.moved_away"]
    away = north_events[0]["node"]["payload"]["data"]
    assert away["target"]["id"] == gid(customer)
    assert away["organization"]["id"] == gid(land["north"])
    assert "South" not in str(away)
    assert gid(land["south"]) not in str(away)
    assert [e["node"]["type"] for e in south_events] == ["organization.moved"]
    note = await api.data(
        "query ($id: ID!) { node(id: $id) { id } }",
        {"id": to_global_id("Note", (await Note.get()).id)},
        tokens["north"],
    )
    assert note == {"node": None}


async def test_move_reports_conflicts_and_moves_nothing(api: Api, land: dict[str, Any]) -> None:
    customer, token = land["customer"], land["tokens"]["admin"]
    before = (customer.owner_id, customer.path, customer.plan_id)

    keep_quotas = await run(
        api,
        MOVE,
        "moveOrganizations",
        token,
        ids=[gid(customer)],
        newOwnerId=gid(land["south"]),
        dryRun=True,
    )
    onto_small = await run(
        api,
        MOVE,
        "moveOrganizations",
        token,
        ids=[gid(customer)],
        newOwnerId=gid(land["south"]),
        planId=gid(land["south_small"]),
    )

    # Its own plan allows 5 websites, more than South's own plan (3).
    assert keep_quotas["dryRun"] is True
    assert keep_quotas["results"][0]["userErrors"][0]["code"] == "QUOTA_EXCEEDED"
    message = onto_small["results"][0]["userErrors"][0]["message"]
    assert "DATABASE (not enabled)" in message
    await customer.refresh_from_db()
    assert (customer.owner_id, customer.path, customer.plan_id) == before


async def test_move_within_a_resellers_own_tree(api: Api, land: dict[str, Any]) -> None:
    token = land["tokens"]["north"]

    into_sub = await run(
        api,
        MOVE,
        "moveOrganizations",
        token,
        ids=[gid(land["customer"])],
        newOwnerId=gid(land["sub"]),
    )
    to_foreign = await run(
        api,
        MOVE,
        "moveOrganizations",
        token,
        ids=[gid(land["customer"])],
        newOwnerId=gid(land["south"]),
    )

    assert into_sub["results"][0]["userErrors"] == []
    assert to_foreign["results"] == []
    assert to_foreign["userErrors"] == [{"field": ["input", "newOwnerId"], "code": "NOT_FOUND"}]


async def test_copy_copies_settings_never_users(api: Api, land: dict[str, Any]) -> None:
    customer = land["customer"]

    result = await run(
        api,
        COPY,
        "copyCustomer",
        land["tokens"]["north"],
        sourceId=gid(customer),
        name="Acme Copy",
        owner={"email": "copy@acme.example"},
        serviceKinds=["DATABASE"],
    )

    assert result["userErrors"] == []
    assert result["organization"]["plan"] == {"name": "North Five"}
    assert result["owner"] == {"email": "copy@acme.example"}
    copy = await Organization.get(name="Acme Copy")
    assert copy.owner_id == land["north"].id
    assert [m.user_id for m in await Membership.filter(organization=copy)] == [
        (await User.get(email="copy@acme.example")).id
    ]
    departments = await Department.filter(organization=copy)
    assert [(d.name, d.allowed_ip_ranges) for d in departments] == [("Sales", ["10.0.0.0/8"])]
    assert await User.filter(department=departments[0]).count() == 0
    assert [s.kind for s in await Service.filter(organization=copy)] == [ServiceKind.DATABASE]
    assert (await SecurityPolicy.get(organization=copy)).min_password_length == 14
    assert await Note.filter(organization=copy).count() == 0
    assert await AuditEvent.filter(action="organization.copy").count() == 1


async def test_a_copy_keeps_a_disabled_service_disabled(api: Api, land: dict[str, Any]) -> None:
    await Service.filter(organization=land["customer"], kind=ServiceKind.DATABASE).update(
        status=ServiceStatus.DISABLED
    )

    result = await run(
        api,
        COPY,
        "copyCustomer",
        land["tokens"]["north"],
        sourceId=gid(land["customer"]),
        name="Acme Copy",
        owner={"email": "copy@acme.example"},
        serviceKinds=["DATABASE"],
    )

    assert result["userErrors"] == []
    copy = await Organization.get(name="Acme Copy")
    assert [s.status for s in await Service.filter(organization=copy)] == [ServiceStatus.DISABLED]


async def test_copy_is_idempotent_and_refuses_foreign_sources(
    api: Api, land: dict[str, Any]
) -> None:
    fields = {
        "sourceId": gid(land["customer"]),
        "name": "Acme Copy",
        "owner": {"email": "copy@acme.example"},
        "idempotencyKey": "copy-1",
    }
    first = await run(api, COPY, "copyCustomer", land["tokens"]["north"], **fields)
    retry = await run(api, COPY, "copyCustomer", land["tokens"]["north"], **fields)
    foreign = await run(
        api, COPY, "copyCustomer", land["tokens"]["south"], **{**fields, "idempotencyKey": None}
    )

    assert retry["organization"]["id"] == first["organization"]["id"]
    assert await Organization.filter(name="Acme Copy").count() == 1
    assert foreign["userErrors"] == [{"field": ["input", "sourceId"], "code": "NOT_FOUND"}]


ENDPOINT = """
mutation ($input: CreateWebhookEndpointInput!) {
  createWebhookEndpoint(input: $input) { webhookEndpoint { id } userErrors { code } }
}
"""
ENDPOINTS = """
query ($id: ID!) {
  webhookEndpoints(organizationId: $id) { edges { node { url enabled disabledReason } } }
}
"""


async def test_a_move_disables_the_endpoints_of_logins_who_no_longer_manage_the_customer(
    api: Api, land: dict[str, Any]
) -> None:
    customer, tokens = land["customer"], land["tokens"]
    await make_acme_fit_south(land)
    owner = await User.get(email="owner@acme.example")
    owner_token = await factories.session_for(owner, await Membership.get(user=owner))
    for who, token in [
        ("north", tokens["north"]),
        ("admin", tokens["admin"]),
        ("own", owner_token),
    ]:
        made = await api.data(
            ENDPOINT,
            {"input": {"organizationId": gid(customer), "url": f"https://{who}.example.com/in"}},
            token,
        )
        assert made["createWebhookEndpoint"]["userErrors"] == []
    north_endpoint = await WebhookEndpoint.get(url="https://north.example.com/in")
    waiting = await WebhookDelivery.create(
        endpoint=north_endpoint,
        event_type="organization.updated",
        message_id="msg_waiting",
        payload="{}",
        status=DeliveryStatus.PENDING,
    )

    await move_acme_to_south(api, land)

    seen = await api.data(ENDPOINTS, {"id": gid(customer)}, tokens["south"])
    states = {
        edge["node"]["url"]: (edge["node"]["enabled"], edge["node"]["disabledReason"])
        for edge in seen["webhookEndpoints"]["edges"]
    }
    assert states == {
        "https://north.example.com/in": (False, endpoints.DISABLED_BY_A_MOVE),
        "https://admin.example.com/in": (True, ""),
        "https://own.example.com/in": (True, ""),
    }
    await waiting.refresh_from_db()
    assert waiting.status == DeliveryStatus.FAILED
    disabled = await AuditEvent.get(action="webhook_endpoint.disable")
    assert (disabled.target_id, disabled.actor_id) == (north_endpoint.id, None)
    # The move's event names no owner its readers cannot see: North is not above Acme now.
    moved = await AuditEvent.get(action="organization.move")
    assert "from" not in moved.summary
    assert str(land["north"].id) not in str(moved.summary)
