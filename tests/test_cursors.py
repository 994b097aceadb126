"""Cursors are sealed positions of one list in one order: anything else passed as `after`
or `before` is a coded BAD_REQUEST, and a cursor shows nothing of the row it points at."""

from __future__ import annotations

import base64
from typing import Any

import pytest

from gql.schema.relay import to_global_id
from models import Organization
from models.enums import OrganizationKind, Role
from tests import factories
from tests.api import Api, error_codes

ORGANIZATIONS = """
query ($after: String, $before: String, $order: OrganizationOrder) {
  organizations(first: 2, after: $after, before: $before, orderBy: $order) {
    totalCount
    edges { cursor node { name } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}
"""
USERS = """
query ($after: String, $order: UserOrder) {
  users(first: 2, after: $after, orderBy: $order) {
    edges { cursor node { email } }
    pageInfo { endCursor }
  }
}
"""
CUSTOMERS = """
query ($owner: ID!, $after: String, $before: String) {
  organization(id: $owner) {
    customers(first: 2, after: $after, before: $before) {
      edges { cursor node { name } }
      pageInfo { endCursor }
    }
  }
}
"""
BY_NAME = {"field": "NAME", "direction": "ASC"}


@pytest.fixture
async def world(api: Api) -> dict[str, Any]:
    master = await factories.master()
    resellers = [
        await factories.organization(OrganizationKind.RESELLER, master, name=name)
        for name in ("North", "South")
    ]
    for reseller in resellers:
        for number in range(3):
            await factories.organization(
                OrganizationKind.CUSTOMER, reseller, name=f"{reseller.name} {number}"
            )
    admin, membership = await factories.member(master, "admin@example.com")
    await factories.member(resellers[0], "north@example.com", Role.MEMBER)
    return {"token": await factories.session_for(admin, membership), "resellers": resellers}


async def end_cursor(api: Api, query: str, variables: dict[str, Any], token: str) -> str:
    data = await api.data(query, variables, token)
    page = (
        data["organization"]["customers"] if "organization" in data else next(iter(data.values()))
    )
    cursor: str = page["pageInfo"]["endCursor"]
    return cursor


def owner(reseller: Organization) -> str:
    return to_global_id("Organization", reseller.id)


def tampered(cursor: str) -> str:
    middle = len(cursor) // 2
    return cursor[:middle] + ("A" if cursor[middle] != "A" else "B") + cursor[middle + 1 :]


@pytest.mark.parametrize("argument", ["after", "before"])
@pytest.mark.parametrize("damage", ["garbage", "empty-ish", "truncated", "tampered", "offset"])
async def test_a_damaged_cursor_is_a_bad_request(
    api: Api, world: dict[str, Any], argument: str, damage: str
) -> None:
    cursor = await end_cursor(api, ORGANIZATIONS, {}, world["token"])
    damaged = {
        "garbage": "not a cursor at all!",
        "empty-ish": "AA",
        "truncated": cursor[:-4],
        "tampered": tampered(cursor),
        # What a cursor used to be: a position in the list, which now means nothing.
        "offset": base64.urlsafe_b64encode(b"o:1").decode().rstrip("="),
    }[damage]

    body = await api(ORGANIZATIONS, {argument: damaged}, world["token"])

    assert error_codes(body) == ["BAD_REQUEST"]
    assert body["errors"][0]["message"] == f"`{argument}` is not a valid cursor."
    assert body["data"] is None


async def test_a_huge_cursor_is_refused_before_it_is_decoded(
    api: Api, world: dict[str, Any]
) -> None:
    body = await api(ORGANIZATIONS, {"after": "A" * 10_000}, world["token"])

    assert error_codes(body) == ["BAD_REQUEST"]


async def test_a_cursor_of_another_order_is_refused(api: Api, world: dict[str, Any]) -> None:
    by_name = await end_cursor(api, ORGANIZATIONS, {"order": BY_NAME}, world["token"])
    descending = {"field": "NAME", "direction": "DESC"}

    for order in (None, descending, {"field": "COMPANY", "direction": "ASC"}):
        body = await api(ORGANIZATIONS, {"after": by_name, "order": order}, world["token"])
        assert error_codes(body) == ["BAD_REQUEST"], order
        assert "another list or another order" in body["errors"][0]["message"]
    same = await api(ORGANIZATIONS, {"after": by_name, "order": BY_NAME}, world["token"])
    assert "errors" not in same


async def test_a_cursor_of_another_list_is_refused(api: Api, world: dict[str, Any]) -> None:
    token = world["token"]
    north, south = (owner(reseller) for reseller in world["resellers"])
    of_users = await end_cursor(api, USERS, {}, token)
    of_north = await end_cursor(api, CUSTOMERS, {"owner": north}, token)
    of_organizations = await end_cursor(api, ORGANIZATIONS, {"order": BY_NAME}, token)

    attempts: list[tuple[str, dict[str, Any]]] = [
        (ORGANIZATIONS, {"after": of_users}),
        (ORGANIZATIONS, {"after": of_north, "order": BY_NAME}),  # a nested list's, by name too
        (USERS, {"after": of_organizations}),
        (CUSTOMERS, {"owner": south, "after": of_north}),  # the same field of another parent
        (CUSTOMERS, {"owner": north, "before": of_organizations}),
    ]
    for query, variables in attempts:
        body = await api(query, variables, token)
        assert error_codes(body) == ["BAD_REQUEST"], variables
        assert "another list" in body["errors"][0]["message"]


async def test_a_cursor_shows_nothing_of_its_row(api: Api, world: dict[str, Any]) -> None:
    # A sort key can be a value the caller may not read (a login time): none shows.
    data = await api.data(USERS, {"order": {"field": "EMAIL", "direction": "ASC"}}, world["token"])
    edges = data["users"]["edges"]

    assert len(edges) == 2
    for edge in edges:
        cursor, email = edge["cursor"], edge["node"]["email"].encode()
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        assert email not in raw
        assert email.split(b"@")[0] not in raw


async def test_paging_forwards_then_back_with_every_argument(
    api: Api, world: dict[str, Any]
) -> None:
    token = world["token"]
    everything = await api.data(
        "{ organizations(first: 100, orderBy: {field: NAME, direction: ASC}) "
        "{ totalCount edges { cursor node { name } } } }",
        token=token,
    )
    names = [edge["node"]["name"] for edge in everything["organizations"]["edges"]]
    cursors = [edge["cursor"] for edge in everything["organizations"]["edges"]]

    page = (await api.data(ORGANIZATIONS, {"after": cursors[1], "order": BY_NAME}, token))[
        "organizations"
    ]
    back = await api.data(
        "query ($before: String) { organizations(last: 2, before: $before, "
        "orderBy: {field: NAME, direction: ASC}) { edges { node { name } } "
        "pageInfo { hasNextPage hasPreviousPage } } }",
        {"before": cursors[4]},
        token,
    )
    between = (
        await api.data(
            ORGANIZATIONS, {"after": cursors[0], "before": cursors[2], "order": BY_NAME}, token
        )
    )["organizations"]

    assert [e["node"]["name"] for e in page["edges"]] == names[2:4]
    assert page["edges"][0]["cursor"] == cursors[2]  # a position's cursor is always the same
    assert page["pageInfo"] == {
        "hasNextPage": True,
        "hasPreviousPage": True,
        "startCursor": cursors[2],
        "endCursor": cursors[3],
    }
    assert page["totalCount"] == len(names) == everything["organizations"]["totalCount"]
    assert [e["node"]["name"] for e in back["organizations"]["edges"]] == names[2:4]
    assert back["organizations"]["pageInfo"] == {"hasNextPage": True, "hasPreviousPage": True}
    assert [e["node"]["name"] for e in between["edges"]] == names[1:2]
    assert between["pageInfo"]["hasNextPage"] is False  # nothing between it and `before`
