"""External ids and metadata of organizations and memberships: set on create and update by
those who bill the organization, read wherever it is seen, filtered exactly, unique where
they live."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from gql.schema.relay import to_global_id
from models import AuditEvent, Membership, Organization
from models.enums import OrganizationKind, Role
from tests import factories
from tests.api import Api, error_codes

CREATE = """
mutation ($input: CreateOrganizationInput!) {
  createCustomer(input: $input) {
    organization { id externalId metadata { key value } }
    userErrors { field code }
  }
}
"""
CREATE_RESELLER = CREATE.replace("createCustomer", "createReseller")
UPDATE = """
mutation ($input: UpdateOrganizationInput!) {
  updateOrganization(input: $input) {
    organization { name externalId metadata { key value } }
    userErrors { field code }
  }
}
"""
CREATE_USER = """
mutation ($input: CreateUserInput!) {
  createUser(input: $input) {
    user { id memberships { externalId metadata { key value } } }
    invitation { id }
    userErrors { field code }
  }
}
"""
UPDATE_USER = """
mutation ($input: UpdateUserInput!) {
  updateUser(input: $input) {
    user { memberships { externalId metadata { key value } } }
    userErrors { field code }
  }
}
"""
ORGS = """
query ($filter: OrganizationFilter) {
  organizations(filter: $filter, first: 20) {
    edges { node { name externalId metadata { key value } } }
  }
}
"""
USERS = """
query ($filter: UserFilter) { users(filter: $filter, first: 20) { edges { node { email } } } }
"""


@pytest.fixture
async def world() -> dict[str, Any]:
    master = await factories.master()
    reseller = await factories.organization(OrganizationKind.RESELLER, master, name="Reseller")
    other = await factories.organization(OrganizationKind.RESELLER, master, name="Other")
    customer = await factories.organization(OrganizationKind.CUSTOMER, reseller, name="Shop")
    tokens = {}
    users = {}
    for person, org, role in [
        ("admin", master, Role.OWNER),
        ("reseller", reseller, Role.OWNER),
        ("other", other, Role.OWNER),
        ("shop-owner", customer, Role.OWNER),
        ("shop-member", customer, Role.MEMBER),
    ]:
        users[person], tokens[person] = await factories.quick_member(
            org, f"{person}@example.com", role
        )
    return {
        "tokens": tokens,
        "orgs": {"master": master, "reseller": reseller, "customer": customer},
        "customer": to_global_id("Organization", customer.id),
        "reseller": to_global_id("Organization", reseller.id),
        "member": to_global_id("User", users["shop-member"].id),
    }


def _meta(**entries: str) -> list[dict[str, str]]:
    return [{"key": k, "value": v} for k, v in entries.items()]


async def _create(api: Api, token: str, name: str, **fields: Any) -> dict[str, Any]:
    owner = {"email": f"{name.lower()}@example.com"}
    data = await api.data(CREATE, {"input": {"name": name, "owner": owner, **fields}}, token)
    result: dict[str, Any] = data["createCustomer"]
    return result


async def test_a_customer_gets_an_external_id_and_metadata_and_is_found_by_them(
    api: Api, world: dict[str, Any]
) -> None:
    token = world["tokens"]["reseller"]

    created = await _create(
        api, token, "Bakery", externalId="cus-1001", metadata=_meta(plan="gold", region="eu")
    )
    await _create(api, token, "Florist", externalId="cus-1002", metadata=_meta(plan="silver"))

    assert created["userErrors"] == []
    assert created["organization"]["externalId"] == "cus-1001"
    assert created["organization"]["metadata"] == _meta(plan="gold", region="eu")
    by_id = await api.data(ORGS, {"filter": {"externalId": "cus-1001"}}, token)
    by_meta = await api.data(
        ORGS, {"filter": {"metadata": {"key": "plan", "value": "silver"}}}, token
    )
    nothing = await api.data(
        ORGS, {"filter": {"metadata": {"key": "plan", "value": "Gold"}}}, token
    )
    assert [e["node"]["name"] for e in by_id["organizations"]["edges"]] == ["Bakery"]
    assert [e["node"]["name"] for e in by_meta["organizations"]["edges"]] == ["Florist"]
    assert by_id["organizations"]["edges"][0]["node"]["metadata"] == _meta(plan="gold", region="eu")
    assert nothing["organizations"]["edges"] == []
    events = await AuditEvent.filter(action="organization.create", target_name="Bakery")
    assert [e.summary["externalId"] for e in events] == ["cus-1001"]


async def test_another_reseller_does_not_find_them(api: Api, world: dict[str, Any]) -> None:
    await _create(api, world["tokens"]["reseller"], "Bakery", externalId="cus-1")

    found = await api.data(ORGS, {"filter": {"externalId": "cus-1"}}, world["tokens"]["other"])

    assert found["organizations"]["edges"] == []


async def test_an_external_id_is_unique_among_the_owners_children_only(
    api: Api, world: dict[str, Any]
) -> None:
    first = await _create(api, world["tokens"]["reseller"], "One", externalId="42")
    again = await _create(api, world["tokens"]["reseller"], "Two", externalId="42")
    elsewhere = await _create(api, world["tokens"]["other"], "Three", externalId="42")
    renamed = await api.data(
        UPDATE,
        {"input": {"id": first["organization"]["id"], "externalId": "42", "name": "Uno"}},
        world["tokens"]["reseller"],
    )
    shop_taken = await api.data(
        UPDATE,
        {"input": {"id": world["customer"], "externalId": "42"}},
        world["tokens"]["reseller"],
    )

    assert again == {
        "organization": None,
        "userErrors": [{"field": ["input", "externalId"], "code": "DUPLICATE"}],
    }
    assert elsewhere["userErrors"] == []
    assert renamed["updateOrganization"]["userErrors"] == []  # its own id: no conflict
    assert shop_taken["updateOrganization"]["userErrors"] == [
        {"field": ["input", "externalId"], "code": "DUPLICATE"}
    ]
    assert await Organization.filter(name="Two").count() == 0
    assert (await Organization.get(id=world["orgs"]["customer"].id)).external_id is None


async def test_concurrent_creates_of_one_external_id_make_one(
    api: Api, world: dict[str, Any]
) -> None:
    results = await asyncio.gather(
        *(
            _create(api, world["tokens"]["reseller"], f"Racer{n}", externalId="same")
            for n in range(4)
        )
    )

    codes = sorted(e["code"] for r in results for e in r["userErrors"])
    assert codes == ["DUPLICATE"] * 3
    assert await Organization.filter(external_id="same").count() == 1


async def test_updating_sets_replaces_and_removes(api: Api, world: dict[str, Any]) -> None:
    token = world["tokens"]["reseller"]
    shop = world["customer"]

    set_ = await api.data(
        UPDATE, {"input": {"id": shop, "externalId": "A-1", "metadata": _meta(a="1")}}, token
    )
    replaced = await api.data(UPDATE, {"input": {"id": shop, "metadata": _meta(b="2")}}, token)
    kept = await api.data(UPDATE, {"input": {"id": shop, "name": "Shop 2"}}, token)
    removed = await api.data(
        UPDATE, {"input": {"id": shop, "externalId": None, "metadata": []}}, token
    )

    assert set_["updateOrganization"]["organization"]["metadata"] == _meta(a="1")
    assert replaced["updateOrganization"]["organization"]["metadata"] == _meta(b="2")
    assert kept["updateOrganization"]["organization"]["externalId"] == "A-1"
    assert removed["updateOrganization"]["organization"] == {
        "name": "Shop 2",
        "externalId": None,
        "metadata": [],
    }


@pytest.mark.parametrize(
    ("person", "target", "code"),
    [
        # A customer's (and a reseller's) own staff do not re-point it in its billing.
        ("shop-owner", "customer", "FORBIDDEN"),
        ("reseller", "reseller", "FORBIDDEN"),
        ("other", "customer", "NOT_FOUND"),
    ],
)
async def test_only_those_above_set_an_organizations_external_id(
    api: Api, world: dict[str, Any], person: str, target: str, code: str
) -> None:
    changes: list[dict[str, Any]] = [{"externalId": "mine"}, {"externalId": None}, {"metadata": []}]
    for change in changes:
        data = await api.data(
            UPDATE,
            {"input": {"id": world[target], "name": "Renamed", **change}},
            world["tokens"][person],
        )
        assert [e["code"] for e in data["updateOrganization"]["userErrors"]] == [code]
    assert await Organization.filter(name="Renamed").count() == 0


async def test_administrators_set_a_resellers_and_the_masters(
    api: Api, world: dict[str, Any]
) -> None:
    master = to_global_id("Organization", world["orgs"]["master"].id)
    for target in (world["reseller"], master):
        data = await api.data(
            UPDATE, {"input": {"id": target, "externalId": "acct-7"}}, world["tokens"]["admin"]
        )
        assert data["updateOrganization"]["userErrors"] == []
    reseller = await api.data(
        CREATE_RESELLER,
        {"input": {"name": "R2", "owner": {"email": "r2@example.com"}, "externalId": "acct-8"}},
        world["tokens"]["admin"],
    )
    assert reseller["createReseller"]["organization"]["externalId"] == "acct-8"


@pytest.mark.parametrize(
    ("fields", "path"),
    [
        ({"externalId": ""}, ["input", "externalId"]),
        ({"externalId": "x" * 201}, ["input", "externalId"]),
        ({"externalId": "bad\x00id"}, ["input", "externalId"]),
        ({"metadata": _meta(**{"no spaces": "v"})}, ["input", "metadata", "0", "key"]),
        (
            {"metadata": [{"key": "k", "value": "1"}, {"key": "k", "value": "2"}]},
            ["input", "metadata", "1", "key"],
        ),
        ({"metadata": _meta(k="v" * 1001)}, ["input", "metadata", "0", "value"]),
        ({"metadata": _meta(k="line\nbreak")}, ["input", "metadata", "0", "value"]),
        ({"metadata": [{"key": f"k{n}", "value": "v"} for n in range(51)]}, ["input", "metadata"]),
    ],
)
async def test_bad_external_ids_and_metadata_are_refused(
    api: Api, world: dict[str, Any], fields: dict[str, Any], path: list[str]
) -> None:
    created = await _create(api, world["tokens"]["reseller"], "Bad", **fields)
    updated = await api.data(
        UPDATE, {"input": {"id": world["customer"], **fields}}, world["tokens"]["reseller"]
    )

    assert created["userErrors"] == [{"field": path, "code": "INVALID"}]
    assert updated["updateOrganization"]["userErrors"] == [{"field": path, "code": "INVALID"}]
    assert await Organization.filter(name="Bad").count() == 0
    shop = await Organization.get(id=world["orgs"]["customer"].id)
    assert (shop.external_id, shop.metadata) == (None, {})


@pytest.mark.parametrize(
    "filter_",
    [
        {"externalId": "x" * 201},
        {"externalId": "a\x00"},
        {"metadata": {"key": "it's", "value": "v"}},
        {"metadata": {"key": "k", "value": "v" * 1001}},
    ],
)
async def test_filters_no_stored_value_could_match_are_bad_requests(
    api: Api, world: dict[str, Any], filter_: dict[str, Any]
) -> None:
    for query in (ORGS, USERS):
        body = await api(query, {"filter": filter_}, world["tokens"]["admin"])
        assert error_codes(body) == ["BAD_REQUEST"]


# Users: the external id and metadata of a membership.


async def test_a_reseller_sets_a_users_external_id_which_lists_filter(
    api: Api, world: dict[str, Any]
) -> None:
    token = world["tokens"]["reseller"]
    created = await api.data(
        CREATE_USER,
        {
            "input": {
                "organizationId": world["customer"],
                "email": "clerk@example.com",
                "externalId": "u-1",
                "metadata": _meta(seat="3"),
            }
        },
        token,
    )
    updated = await api.data(
        UPDATE_USER,
        {"input": {"id": world["member"], "externalId": "u-2", "metadata": _meta(seat="4")}},
        token,
    )
    taken = await api.data(
        UPDATE_USER, {"input": {"id": world["member"], "externalId": "u-1"}}, token
    )

    assert created["createUser"]["user"]["memberships"] == [
        {"externalId": "u-1", "metadata": _meta(seat="3")}
    ]
    assert updated["updateUser"]["user"]["memberships"] == [
        {"externalId": "u-2", "metadata": _meta(seat="4")}
    ]
    assert taken["updateUser"]["userErrors"] == [
        {"field": ["input", "externalId"], "code": "DUPLICATE"}
    ]
    by_id = await api.data(USERS, {"filter": {"externalId": "u-1"}}, token)
    by_meta = await api.data(USERS, {"filter": {"metadata": {"key": "seat", "value": "4"}}}, token)
    in_org = await api.data(
        USERS, {"filter": {"externalId": "u-2", "organizationId": world["reseller"]}}, token
    )
    assert [e["node"]["email"] for e in by_id["users"]["edges"]] == ["clerk@example.com"]
    assert [e["node"]["email"] for e in by_meta["users"]["edges"]] == ["shop-member@example.com"]
    assert in_org["users"]["edges"] == []
    # Its own customer reads them, and finds nothing elsewhere.
    seen = await api.data(USERS, {"filter": {"externalId": "u-2"}}, world["tokens"]["shop-owner"])
    assert [e["node"]["email"] for e in seen["users"]["edges"]] == ["shop-member@example.com"]
    unseen = await api.data(USERS, {"filter": {"externalId": "u-2"}}, world["tokens"]["other"])
    assert unseen["users"]["edges"] == []


@pytest.mark.parametrize(("person", "code"), [("shop-owner", "FORBIDDEN"), ("other", "NOT_FOUND")])
async def test_a_customer_does_not_set_its_users_external_ids(
    api: Api, world: dict[str, Any], person: str, code: str
) -> None:
    token = world["tokens"][person]

    created = await api.data(
        CREATE_USER,
        {
            "input": {
                "organizationId": world["customer"],
                "email": "c@example.com",
                "externalId": "x",
            }
        },
        token,
    )
    updated = await api.data(
        UPDATE_USER, {"input": {"id": world["member"], "metadata": _meta(a="b")}}, token
    )
    cleared = await api.data(
        UPDATE_USER, {"input": {"id": world["member"], "externalId": None}}, token
    )

    for result in (created["createUser"], updated["updateUser"], cleared["updateUser"]):
        assert [e["code"] for e in result["userErrors"]] == [code]
    assert [(m.external_id, m.metadata) for m in await Membership.all()] == [(None, {})] * 5


async def test_an_invited_login_gets_its_external_id_after_accepting(
    api: Api, world: dict[str, Any]
) -> None:
    data = await api.data(
        CREATE_USER,
        {
            "input": {
                "organizationId": world["customer"],
                "email": "other@example.com",
                "externalId": "u-9",
            }
        },
        world["tokens"]["reseller"],
    )

    assert data["createUser"]["invitation"] is None
    assert data["createUser"]["userErrors"] == [
        {"field": ["input", "externalId"], "code": "INVALID_STATE"}
    ]


async def test_a_retried_create_with_its_idempotency_key_is_no_duplicate(
    api: Api, world: dict[str, Any]
) -> None:
    """A billing system retries a timed-out order: the first customer comes back."""
    token = world["tokens"]["reseller"]

    first = await _create(api, token, "Retry", externalId="order-1", idempotencyKey="order-1")
    again = await _create(api, token, "Retry", externalId="order-1", idempotencyKey="order-1")

    assert again == first
    assert again["userErrors"] == []
    assert await Organization.filter(external_id="order-1").count() == 1


async def test_the_csv_export_finds_and_shows_external_ids(api: Api, world: dict[str, Any]) -> None:
    from tests.test_export import export, records

    token = world["tokens"]["reseller"]
    await _create(api, token, "Bakery", externalId="cus-1001", metadata=_meta(plan="gold"))
    await _create(api, token, "Florist", externalId="cus-1002")

    rows = records(await export(api, "organizations", token, filter={"externalId": "cus-1001"}))
    by_meta = records(
        await export(
            api, "organizations", token, filter={"metadata": {"key": "plan", "value": "gold"}}
        )
    )

    assert [(r["name"], r["external_id"]) for r in rows] == [("Bakery", "cus-1001")]
    assert [r["name"] for r in by_meta] == ["Bakery"]
