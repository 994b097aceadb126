"""The list columns a panel shows: the Reseller (owner) column for a parent reseller, every
column as an order (owner and plan names, kind, updated, counts), and the plan, owner and
created-range filters, in a three-level tree beside a sibling reseller."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from gql.schema.relay import to_global_id
from models import AuditEvent, Membership, Organization, Service, User
from models.enums import OrganizationKind, Role, ServiceKind, UserStatus
from tests.api import Api, error_codes
from tests.list_tree import build_tree

RESELLER, CUSTOMER = OrganizationKind.RESELLER, OrganizationKind.CUSTOMER
ROWS = """
query ($filter: OrganizationFilter, $orderBy: OrganizationOrder) {
  organizations(first: 100, filter: $filter, orderBy: $orderBy) {
    totalCount
    edges { node { name owner { name } } }
  }
}
"""
USERS = """
query ($filter: UserFilter, $orderBy: UserOrder) {
  users(first: 100, filter: $filter, orderBy: $orderBy) { edges { node { email } } }
}
"""
AUDIT = """
query ($orderBy: AuditEventOrder) {
  auditEvents(first: 100, orderBy: $orderBy) { edges { node { action actorEmail } } }
}
"""


def gid(kind: str, row: Any) -> str:
    return to_global_id(kind, row.id)


@pytest.fixture
async def tree() -> dict[str, Any]:
    return await build_tree()


async def _rows(api: Api, token: str, **variables: Any) -> dict[str, Any]:
    """name -> the owner shown ("FORBIDDEN" where the field was refused)."""
    body = await api(ROWS, variables, token)
    edges = body["data"]["organizations"]["edges"]
    refused = {
        error["path"][2]
        for error in body.get("errors", [])
        if error["extensions"]["code"] == "FORBIDDEN" and error["path"][-1] == "owner"
    }
    assert set(error_codes(body)) <= {"FORBIDDEN"}, body
    return {
        edge["node"]["name"]: "FORBIDDEN"
        if index in refused
        else (edge["node"]["owner"] or {}).get("name")
        for index, edge in enumerate(edges)
    }


async def _names(api: Api, token: str, **variables: Any) -> list[str]:
    data = await api.data(ROWS.replace("name owner { name }", "name"), variables, token)
    return [edge["node"]["name"] for edge in data["organizations"]["edges"]]


async def test_a_parent_reseller_sees_the_sub_reseller_owning_each_customer(
    api: Api, tree: dict[str, Any]
) -> None:
    rows = await _rows(api, tree["tokens"]["north"])

    assert rows == {
        "Zulu North": "FORBIDDEN",  # the top of what it sees: its own owner is the platform's
        "Sub": "Zulu North",
        "North Customer": "Zulu North",
        "Sub Customer A": "Sub",
        "Sub Customer B": "Sub",
    }


async def test_nobody_sees_an_owner_outside_what_it_sees(api: Api, tree: dict[str, Any]) -> None:
    tokens = tree["tokens"]

    assert await _rows(api, tokens["sub"]) == {
        "Sub": "FORBIDDEN",  # its parent reseller stays hidden from it
        "Sub Customer A": "Sub",
        "Sub Customer B": "Sub",
    }
    assert await _rows(api, tokens["south"]) == {"South": "FORBIDDEN", "South Customer": "South"}
    assert await _rows(api, tokens["customer"]) == {"Sub Customer A": "FORBIDDEN"}
    everything = await _rows(api, tokens["admin"])
    assert everything["Sub Customer A"] == "Sub"
    assert everything["Platform"] is None  # the Master has no owner


async def test_the_owner_name_order_sorts_by_the_owner_shown(
    api: Api, tree: dict[str, Any]
) -> None:
    up = {"orderBy": {"field": "OWNER_NAME", "direction": "ASC"}}
    down = {"orderBy": {"field": "OWNER_NAME", "direction": "DESC"}}
    customers = {"filter": {"kind": "CUSTOMER"}}

    admin = await _names(api, tree["tokens"]["admin"], **customers, **up)
    assert admin[0] == "South Customer"  # "south" < "sub" < "zulu north"
    assert set(admin[1:3]) == {"Sub Customer A", "Sub Customer B"}
    assert admin[3] == "North Customer"
    # Sub's own row sorts as having no owner, wherever its parent's name would put it.
    assert (await _names(api, tree["tokens"]["sub"], **up))[0] == "Sub"
    assert (await _names(api, tree["tokens"]["sub"], **down))[-1] == "Sub"
    north = await _names(api, tree["tokens"]["north"], **up)
    assert north[0] == "Zulu North"
    assert set(north[1:3]) == {"Sub Customer A", "Sub Customer B"}


async def test_the_plan_name_order_sorts_without_a_plan_first(
    api: Api, tree: dict[str, Any]
) -> None:
    token = tree["tokens"]["admin"]
    customers = {"kind": "CUSTOMER"}

    up = await _names(
        api, token, filter=customers, orderBy={"field": "PLAN_NAME", "direction": "ASC"}
    )
    down = await _names(
        api, token, filter=customers, orderBy={"field": "PLAN_NAME", "direction": "DESC"}
    )

    # No plan, Aluminium, bronze (any case), Gold.
    assert up == ["Sub Customer B", "South Customer", "Sub Customer A", "North Customer"]
    assert down == list(reversed(up))


async def test_kind_updated_and_count_orders(api: Api, tree: dict[str, Any]) -> None:
    token = tree["tokens"]["north"]
    touched = tree["North Customer"]
    touched.name = "North Customer"
    await touched.save()  # the latest change
    for kind, count in ((ServiceKind.MAILBOX, 2), (ServiceKind.DNS_ZONE, 1)):
        for number in range(count):
            await Service.create(organization=touched, kind=kind, name=f"{kind}{number}")
    for number in range(3):
        user = await User.create(email=f"m{number}@example.com", password_hash="!")
        await Membership.create(user=user, organization=tree["Sub Customer A"], role=Role.MEMBER)

    def order(field: str, direction: str = "ASC") -> dict[str, Any]:
        return {"orderBy": {"field": field, "direction": direction}}

    kinds = await _names(api, token, **order("KIND"))
    # CUSTOMER before RESELLER (ties by id).
    assert set(kinds[:3]) == {"North Customer", "Sub Customer A", "Sub Customer B"}
    assert set(kinds[3:]) == {"Zulu North", "Sub"}
    assert (await _names(api, token, **order("UPDATED_AT")))[-1] == "North Customer"
    for field in ("MAILBOXES", "DNS_ZONES"):
        assert (await _names(api, token, **order(field, "DESC")))[0] == "North Customer"
    # Its three members and its owner's login.
    assert (await _names(api, token, **order("USERS", "DESC")))[0] == "Sub Customer A"


async def test_filters_by_plan_owner_and_created_range(api: Api, tree: dict[str, Any]) -> None:
    tokens, plans = tree["tokens"], tree["plans"]
    await Organization.filter(id=tree["Sub Customer A"].id).update(
        created_at=datetime(2026, 1, 10, tzinfo=UTC)
    )
    await Organization.filter(id=tree["Sub Customer B"].id).update(
        created_at=datetime(2026, 2, 10, tzinfo=UTC)
    )

    async def names(token: str, **conditions: Any) -> set[str]:
        return set(await _names(api, token, filter=conditions))

    bronze = gid("Plan", plans["bronze"])
    assert await names(tokens["north"], planId=bronze) == {"Sub Customer A"}
    assert await names(tokens["north"], planId=gid("Plan", plans["aluminium"])) == set()
    assert await names(tokens["south"], planId=bronze) == set()  # not its plan to see
    sub = gid("Organization", tree["sub"])
    assert await names(tokens["north"], ownerId=sub) == {"Sub Customer A", "Sub Customer B"}
    assert await names(tokens["south"], ownerId=sub) == set()
    january = {"createdAfter": "2026-01-01T00:00:00Z", "createdBefore": "2026-02-10T00:00:00Z"}
    assert await names(tokens["north"], **january) == {"Sub Customer A"}
    # Inclusive after, exclusive before.
    assert await names(tokens["north"], createdAfter="2026-02-10T00:00:00Z", ownerId=sub) == {
        "Sub Customer B"
    }
    assert await names(tokens["north"], ownerId=sub, createdBefore="2026-02-10T00:00:00Z") == {
        "Sub Customer A"
    }


@pytest.mark.parametrize(
    ("condition", "code"),
    [
        ({"planId": "not-an-id"}, None),  # an id that names nothing filters to nothing
        ({"planId": to_global_id("Organization", __import__("uuid").uuid4())}, None),
        ({"createdAfter": "yesterday"}, "BAD_REQUEST"),
    ],
)
async def test_bad_filter_values(
    api: Api, tree: dict[str, Any], condition: dict[str, Any], code: str | None
) -> None:
    body = await api(ROWS, {"filter": condition}, tree["tokens"]["north"])

    if code is None:
        assert body["data"]["organizations"]["totalCount"] == 0
    else:
        assert error_codes(body) == [code]


async def test_user_orders_and_created_range(api: Api, tree: dict[str, Any]) -> None:
    org = tree["North Customer"]
    for email, first, last, status, month in [
        ("c@example.com", "amy", "Zed", UserStatus.DISABLED, 3),
        ("a@example.com", "Bob", "Young", UserStatus.ACTIVE, 4),
        ("b@example.com", "Cid", "alpha", UserStatus.ACTIVE, 5),
    ]:
        user = await User.create(
            email=email, password_hash="!", first_name=first, last_name=last, status=status
        )
        await User.filter(id=user.id).update(created_at=datetime(2026, month, 1, tzinfo=UTC))
        await Membership.create(user=user, organization=org, role=Role.MEMBER)
    mine = {"organizationId": gid("Organization", org)}

    async def emails(field: str, direction: str = "ASC", **conditions: Any) -> list[str]:
        variables = {
            "filter": {**mine, **conditions},
            "orderBy": {"field": field, "direction": direction},
        }
        data = await api.data(USERS, variables, tree["tokens"]["north"])
        return [edge["node"]["email"] for edge in data["users"]["edges"]]

    assert await emails("FIRST_NAME") == ["c@example.com", "a@example.com", "b@example.com"]
    assert await emails("NAME") == ["b@example.com", "a@example.com", "c@example.com"]
    assert (await emails("STATUS"))[-1] == "c@example.com"  # ACTIVE < DISABLED
    assert (await emails("STATUS", "DESC"))[0] == "c@example.com"
    assert await emails("CREATED_AT", createdAfter="2026-04-01T00:00:00Z") == [
        "a@example.com",
        "b@example.com",
    ]
    assert await emails("EMAIL", createdBefore="2026-04-01T00:00:00Z") == ["c@example.com"]


async def test_audit_orders_and_the_provider_seen_by_a_customer(
    api: Api, tree: dict[str, Any]
) -> None:
    customer, north = tree["Sub Customer A"], tree["north"]
    for minute, (action, email, actor_org) in enumerate(
        [
            ("b.action", "zed@sub.test", tree["sub"]),  # the provider's staff
            ("a.action", "own@customer.test", customer),
            ("c.action", "aaa@north.test", north),  # the provider's provider
        ]
    ):
        event = await AuditEvent.create(
            action=action,
            actor_email=email,
            actor_organization_id=actor_org.id,
            organization=customer,
            organization_path=customer.path,
            target_type="Organization",
        )
        at = datetime(2026, 3, 1, 12, minute, tzinfo=UTC)
        await AuditEvent.filter(id=event.id).update(created_at=at)

    async def read(token: str, field: str, direction: str = "ASC") -> list[tuple[str, str]]:
        variables = {"orderBy": {"field": field, "direction": direction}}
        data = await api.data(AUDIT, variables, token)
        edges = data["auditEvents"]["edges"]
        return [(edge["node"]["action"], edge["node"]["actorEmail"]) for edge in edges]

    admin = tree["tokens"]["admin"]
    assert [action for action, _ in await read(admin, "ACTION")] == [
        "a.action",
        "b.action",
        "c.action",
    ]
    assert [email for _, email in await read(admin, "ACTOR")] == [
        "aaa@north.test",
        "own@customer.test",
        "zed@sub.test",
    ]
    times = await read(admin, "TIME", "DESC")
    assert [action for action, _ in times] == ["c.action", "a.action", "b.action"]
    # The customer reads both providers as "provider": they tie, after its own login.
    seen = await read(tree["tokens"]["customer"], "ACTOR")
    assert seen[0] == ("a.action", "own@customer.test")
    assert {email for _, email in seen[1:]} == {"provider"}
    assert [action for action, _ in seen[1:]] == ["b.action", "c.action"]  # then by time
