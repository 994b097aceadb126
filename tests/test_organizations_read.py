"""Reading organizations: ids, `node`, the `owner` field rule, and connection paging."""

from __future__ import annotations

import pytest

from gql.schema.relay import to_global_id
from models import Organization
from models.enums import OrganizationKind, Role
from tests import factories
from tests.api import Api, error_codes

ORGANIZATION = "query ($id: ID!) { organization(id: $id) { id name kind effectiveStatus } }"
NODE = "query ($id: ID!) { node(id: $id) { id ... on Organization { name } } }"
OWNER = "query ($id: ID!) { organization(id: $id) { name owner { name } } }"
PAGE = """
query ($first: Int, $after: String, $last: Int, $before: String) {
  organizations(first: $first, after: $after, last: $last, before: $before) {
    totalCount
    edges { cursor node { name } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}
"""


@pytest.fixture
async def tree() -> dict[str, Organization]:
    master = await factories.master()
    reseller = await factories.organization(OrganizationKind.RESELLER, master, name="Reseller")
    other = await factories.organization(OrganizationKind.RESELLER, master, name="Other Reseller")
    customer = await factories.organization(OrganizationKind.CUSTOMER, reseller, name="Customer")
    await factories.member(master, "admin@example.com")
    await factories.member(reseller, "reseller@example.com")
    await factories.member(customer, "customer@example.com")
    return {"master": master, "reseller": reseller, "other": other, "customer": customer}


def gid(org: Organization) -> str:
    return to_global_id("Organization", org.id)


async def test_organization_and_node_by_id(api: Api, tree: dict[str, Organization]) -> None:
    token = await api.login("admin@example.com", factories.PASSWORD)

    by_field = await api.data(ORGANIZATION, {"id": gid(tree["customer"])}, token)
    by_node = await api.data(NODE, {"id": gid(tree["customer"])}, token)

    assert by_field["organization"] == {
        "id": gid(tree["customer"]),
        "name": "Customer",
        "kind": "CUSTOMER",
        "effectiveStatus": "ACTIVE",
    }
    assert by_node["node"] == {"id": gid(tree["customer"]), "name": "Customer"}


async def test_invisible_id_answers_exactly_like_a_missing_one(
    api: Api, tree: dict[str, Organization]
) -> None:
    token = await api.login("reseller@example.com", factories.PASSWORD)
    import uuid

    missing = to_global_id("Organization", uuid.uuid4())

    for query in (ORGANIZATION, NODE):
        invisible = await api(query, {"id": gid(tree["other"])}, token)
        never_existed = await api(query, {"id": missing}, token)
        assert invisible == never_existed
        assert "errors" not in invisible
        assert list(invisible["data"].values()) == [None]


# A constant id of another type: the test ids must be the same in every collecting process
# (pytest-xdist compares them).
_USER_ID = to_global_id("User", __import__("uuid").UUID("81748f6b-4be0-4309-9fb8-86f248b062a4"))


@pytest.mark.parametrize("bad_id", ["", "garbage", "VXNlcjox", _USER_ID])
async def test_malformed_or_wrong_type_id_is_not_found(
    api: Api, tree: dict[str, Organization], bad_id: str
) -> None:
    token = await api.login("admin@example.com", factories.PASSWORD)

    assert await api.data(ORGANIZATION, {"id": bad_id}, token) == {"organization": None}
    assert await api.data(NODE, {"id": bad_id}, token) == {"node": None}


async def test_an_id_of_another_type_never_returns_a_different_object(
    api: Api, tree: dict[str, Organization]
) -> None:
    token = await api.login("admin@example.com", factories.PASSWORD)
    same_uuid_as_user = to_global_id("User", tree["customer"].id)

    assert await api.data(ORGANIZATION, {"id": same_uuid_as_user}, token) == {"organization": None}


async def test_owner_is_visible_to_administrators_and_the_owner_itself(
    api: Api, tree: dict[str, Organization]
) -> None:
    admin = await api.login("admin@example.com", factories.PASSWORD)
    reseller = await api.login("reseller@example.com", factories.PASSWORD)
    customer = await api.login("customer@example.com", factories.PASSWORD)
    variables = {"id": gid(tree["customer"])}

    as_admin = await api.data(OWNER, variables, admin)
    as_reseller = await api.data(OWNER, variables, reseller)
    as_customer = await api(OWNER, variables, customer)

    assert as_admin["organization"]["owner"] == {"name": "Reseller"}
    assert as_reseller["organization"]["owner"] == {"name": "Reseller"}
    assert as_customer["data"]["organization"] == {"name": "Customer", "owner": None}
    assert error_codes(as_customer) == ["FORBIDDEN"]
    assert as_customer["errors"][0]["path"] == ["organization", "owner"]


async def test_master_has_no_owner(api: Api, tree: dict[str, Organization]) -> None:
    admin = await api.login("admin@example.com", factories.PASSWORD)

    data = await api.data(OWNER, {"id": gid(tree["master"])}, admin)

    assert data["organization"] == {"name": "Platform", "owner": None}


async def test_reseller_lists_itself_and_its_subtree_only(
    api: Api, tree: dict[str, Organization]
) -> None:
    token = await api.login("reseller@example.com", factories.PASSWORD)

    page = (await api.data(PAGE, {"first": 10}, token))["organizations"]

    assert page["totalCount"] == 2
    assert {edge["node"]["name"] for edge in page["edges"]} == {"Reseller", "Customer"}


async def test_customer_lists_only_itself(api: Api, tree: dict[str, Organization]) -> None:
    token = await api.login("customer@example.com", factories.PASSWORD)

    page = (await api.data(PAGE, {"first": 10}, token))["organizations"]

    assert [edge["node"]["name"] for edge in page["edges"]] == ["Customer"]


async def test_pages_forwards_and_backwards(api: Api) -> None:
    master = await factories.master()
    await factories.member(master, "admin@example.com", Role.ADMIN)
    for number in range(7):
        await factories.organization(OrganizationKind.CUSTOMER, master, name=f"C{number}")
    token = await api.login("admin@example.com", factories.PASSWORD)
    everything = (await api.data(PAGE, {"first": 100}, token))["organizations"]
    names = [edge["node"]["name"] for edge in everything["edges"]]
    assert len(names) == 8
    assert everything["totalCount"] == 8

    forwards: list[str] = []
    after = None
    while True:
        page = (await api.data(PAGE, {"first": 3, "after": after}, token))["organizations"]
        forwards += [edge["node"]["name"] for edge in page["edges"]]
        assert page["pageInfo"]["hasPreviousPage"] == (after is not None)
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert forwards == names

    backwards: list[str] = []
    before = None
    while True:
        page = (await api.data(PAGE, {"last": 3, "before": before}, token))["organizations"]
        backwards = [edge["node"]["name"] for edge in page["edges"]] + backwards
        assert page["totalCount"] == 8
        if not page["pageInfo"]["hasPreviousPage"]:
            break
        before = page["pageInfo"]["startCursor"]
    assert backwards == names


async def test_empty_page(api: Api) -> None:
    master = await factories.master()
    await factories.member(master, "admin@example.com")
    token = await api.login("admin@example.com", factories.PASSWORD)

    page = (await api.data(PAGE, {"first": 0}, token))["organizations"]

    assert page["edges"] == []
    assert page["totalCount"] == 1
    assert page["pageInfo"] == {
        "hasNextPage": True,
        "hasPreviousPage": False,
        "startCursor": None,
        "endCursor": None,
    }


async def _admin_with_customers(api: Api, count: int) -> str:
    master = await factories.master()
    await factories.member(master, "admin@example.com", Role.ADMIN)
    for number in range(count):
        await factories.organization(OrganizationKind.CUSTOMER, master, name=f"C{number:02}")
    return await api.login("admin@example.com", factories.PASSWORD)


async def test_before_alone_returns_the_items_just_before_it(api: Api) -> None:
    token = await _admin_with_customers(api, 29)  # 30 organizations with the master
    everything = (await api.data(PAGE, {"first": 100}, token))["organizations"]["edges"]
    cursor_of_25th = everything[25]["cursor"]

    page = (await api.data(PAGE, {"before": cursor_of_25th}, token))["organizations"]

    names = [edge["node"]["name"] for edge in page["edges"]]
    assert names == [edge["node"]["name"] for edge in everything[5:25]]
    assert page["pageInfo"]["hasPreviousPage"] is True
    assert page["pageInfo"]["hasNextPage"] is True


async def test_first_and_last_together_take_the_end_of_the_first_window(api: Api) -> None:
    token = await _admin_with_customers(api, 9)
    everything = (await api.data(PAGE, {"first": 100}, token))["organizations"]["edges"]

    page = (await api.data(PAGE, {"first": 6, "last": 2}, token))["organizations"]

    assert [e["node"]["name"] for e in page["edges"]] == [
        e["node"]["name"] for e in everything[4:6]
    ]


async def test_forged_huge_cursor_is_a_bad_request(api: Api) -> None:
    import base64

    token = await _admin_with_customers(api, 1)
    huge = base64.urlsafe_b64encode(b"o:" + b"9" * 30).decode().rstrip("=")

    body = await api(PAGE, {"after": huge}, token)

    assert error_codes(body) == ["BAD_REQUEST"]


OWNER_LOGIN = "query ($id: ID!) { organization(id: $id) { ownerLogin { email } } }"


async def test_owner_login_is_the_first_owner_for_everyone_who_sees_its_users(
    api: Api, tree: dict[str, Organization]
) -> None:
    customer = tree["customer"]
    await factories.quick_member(customer, "second.owner@example.com")
    _, member_token = await factories.quick_member(customer, "staff@example.com", Role.MEMBER)
    _, admin_member_token = await factories.quick_member(customer, "helper@example.com", Role.ADMIN)
    reseller = await api.login("reseller@example.com", factories.PASSWORD)
    variables = {"id": gid(customer)}

    as_reseller = await api.data(OWNER_LOGIN, variables, reseller)
    as_customer_admin = await api.data(OWNER_LOGIN, variables, admin_member_token)
    as_customer_member = await api.data(OWNER_LOGIN, variables, member_token)

    first_owner = {"ownerLogin": {"email": "customer@example.com"}}
    assert as_reseller["organization"] == first_owner
    assert as_customer_admin["organization"] == first_owner
    # A customer MEMBER sees no other member of its organization, the owner included.
    assert as_customer_member["organization"] == {"ownerLogin": None}
