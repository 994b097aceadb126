"""Hostile paging arguments and ids: each is a coded error or a harmless answer, never a
500, never a row of someone else's list."""

from __future__ import annotations

import dataclasses
import uuid
from typing import Any

import pytest

from domain.jobs import outbox
from gql.resolvers import node
from gql.schema.cursors import codec_for
from gql.schema.relay import to_global_id
from models import AuditEvent, Department, Membership, Note, Organization, Plan, Service, User
from models.enums import OrganizationKind, ServiceKind
from settings import Settings
from tests import factories
from tests.api import Api, api_for, error_codes

NAMES = """
query ($first: Int, $last: Int, $after: String, $before: String) {
  organizations(first: $first, last: $last, after: $after, before: $before,
                orderBy: {field: NAME, direction: ASC}) {
    edges { cursor node { name } }
    pageInfo { endCursor }
  }
}
"""
NEWEST = """
query ($after: String) {
  organizations(first: 2, after: $after) { edges { node { name } } }
}
"""
CUSTOMERS = """
query ($owner: ID!, $after: String) {
  organization(id: $owner) { customers(after: $after) { edges { node { name } } } }
}
"""
NODES = "query ($ids: [ID!]!) { nodes(ids: $ids) { id } }"
NODE = "query ($id: ID!) { node(id: $id) { id } }"


@pytest.fixture
async def resellers() -> dict[str, Any]:
    """Two resellers with three customers each; a token for each reseller's owner."""
    master = await factories.master()
    world: dict[str, Any] = {}
    for name in ("North", "South"):
        reseller = await factories.organization(OrganizationKind.RESELLER, master, name=name)
        for number in range(3):
            await factories.organization(
                OrganizationKind.CUSTOMER, reseller, name=f"{name} {number}"
            )
        user, membership = await factories.member(reseller, f"{name.lower()}@example.com")
        world[name] = await factories.session_for(user, membership)
        world[f"{name} id"] = to_global_id("Organization", reseller.id)
    return world


def names(body: dict[str, Any]) -> list[str]:
    assert "errors" not in body, body["errors"]
    return [edge["node"]["name"] for edge in body["data"]["organizations"]["edges"]]


async def test_another_viewers_cursor_pages_only_through_ones_own_list(
    api: Api, resellers: dict[str, Any]
) -> None:
    # A cursor names a position, not a permission: the viewer's scope filters the page.
    north_page = await api(NAMES, {"first": 1}, resellers["North"])
    north_cursor = north_page["data"]["organizations"]["pageInfo"]["endCursor"]

    after = await api(NAMES, {"after": north_cursor}, resellers["South"])
    before = await api(NAMES, {"before": north_cursor, "last": 100}, resellers["South"])

    assert names(north_page) == ["North"]
    assert names(after) == ["South", "South 0", "South 1", "South 2"]  # all after "north"
    assert names(before) == []  # North's rows that sort before it are not South's to see


async def test_a_cursor_issued_under_an_earlier_secret_key_is_a_bad_request(
    settings: Settings, resellers: dict[str, Any]
) -> None:
    async with api_for(settings) as before_rotation:
        page = await before_rotation(NAMES, {"first": 1}, resellers["North"])
    cursor = page["data"]["organizations"]["pageInfo"]["endCursor"]
    rotated = dataclasses.replace(settings, secret_key="another-secret-key-just-as-long-0123456")
    user = await User.get(email="north@example.com")
    membership = await Membership.get(user=user)
    token = await factories.session_for(user, membership, rotated.secret_key)

    async with api_for(rotated) as after_rotation:
        body = await after_rotation(NAMES, {"after": cursor}, token)

    assert error_codes(body) == ["BAD_REQUEST"]
    assert body["errors"][0]["message"] == "`after` is not a valid cursor."


@pytest.mark.parametrize(
    ("variables", "message"),
    [
        ({"first": 101}, "`first` must be between 0 and 100."),
        ({"first": -1}, "`first` must be between 0 and 100."),
        ({"last": -5}, "`last` must be between 0 and 100."),
        ({"last": 1_000_000}, "`last` must be between 0 and 100."),
    ],
)
async def test_a_page_size_out_of_bounds_is_a_bad_request(
    api: Api, resellers: dict[str, Any], variables: dict[str, Any], message: str
) -> None:
    body = await api(NAMES, variables, resellers["North"])

    assert error_codes(body) == ["BAD_REQUEST"]
    assert body["errors"][0]["message"] == message


async def test_a_page_size_beyond_a_graphql_int_is_a_coded_error(
    api: Api, resellers: dict[str, Any]
) -> None:
    body = await api(NAMES, {"first": 2**40}, resellers["North"])

    assert body["errors"][0]["extensions"]["code"], body
    assert body.get("data") is None


async def test_first_and_last_together_take_the_end_of_the_first_rows(
    api: Api, resellers: dict[str, Any]
) -> None:
    body = await api(NAMES, {"first": 3, "last": 2}, resellers["North"])

    assert names(body) == ["North 0", "North 1"]  # of North, North 0, North 1


@pytest.mark.parametrize("argument", ["after", "before"])
@pytest.mark.parametrize("junk", ["\x00", "é", "=", " ", "\n", "+", "."])
async def test_a_cursor_with_foreign_characters_is_a_bad_request(
    api: Api, resellers: dict[str, Any], argument: str, junk: str
) -> None:
    # Four at once keep the length a multiple of four, as base64 padding wants: a lenient
    # decoder would skip them and open the cursor as if nothing had been added.
    page = await api(NAMES, {"first": 1}, resellers["North"])
    cursor = page["data"]["organizations"]["pageInfo"]["endCursor"]
    middle = len(cursor) // 2
    damaged = cursor[:middle] + junk * 4 + cursor[middle:]

    body = await api(NAMES, {argument: damaged}, resellers["North"])

    assert error_codes(body) == ["BAD_REQUEST"]
    assert body["errors"][0]["message"] == f"`{argument}` is not a valid cursor."


@pytest.mark.parametrize("key", [(5, "x"), ("not a time", 7), (None, None), (), (1, 2, 3)])
async def test_an_authentic_cursor_holding_the_wrong_type_is_a_bad_request(
    api: Api, settings: Settings, resellers: dict[str, Any], key: tuple[Any, ...]
) -> None:
    # Sealed by this server, so authentic, but for a list whose key has since changed type
    # (a cursor outlives a deploy): it must not reach SQL as an int compared to a timestamp.
    cursor = codec_for(settings.secret_key).encode("Organization(-created_at,-id)", key)

    body = await api(NEWEST, {"after": cursor}, resellers["North"])

    assert error_codes(body) == ["BAD_REQUEST"], body
    assert body["errors"][0]["message"] == "`after` is not a valid cursor."


@pytest.mark.parametrize("key", [(5, "x"), ("North 0",), (None, None)])
async def test_an_authentic_nested_cursor_holding_the_wrong_type_is_a_bad_request(
    api: Api, settings: Settings, resellers: dict[str, Any], key: tuple[Any, ...]
) -> None:
    # The same for a nested list, paged in memory: Python refuses to compare such keys.
    north = await Organization.get(name="North")
    cursor = codec_for(settings.secret_key).encode(f"Organization.customers({north.id.hex})", key)

    body = await api(
        CUSTOMERS, {"owner": resellers["North id"], "after": cursor}, resellers["North"]
    )

    assert error_codes(body) == ["BAD_REQUEST"], body
    assert body["errors"][0]["message"] == "`after` is not a valid cursor."


async def test_nodes_of_every_type_at_once(api: Api, resellers: dict[str, Any]) -> None:
    # Ids that name nothing, of every type and of none, around one the viewer may see: as
    # many as `nodes` takes.
    kinds = [*node.NODE_TYPES, "Nonsense", "\x00"]
    each = (node.MAX_NODES - 1) // len(kinds)
    ids = [to_global_id(kind, uuid.uuid4()) for kind in kinds for _ in range(each)]
    ids += [to_global_id("Organization", uuid.uuid4())] * (node.MAX_NODES - 1 - len(ids))
    ids.insert(50, resellers["North id"])
    assert len(ids) == node.MAX_NODES

    body = await api(NODES, {"ids": ids}, resellers["North"])

    assert "errors" not in body, body
    expected: list[Any] = [None] * len(ids)
    expected[50] = {"id": resellers["North id"]}
    assert body["data"]["nodes"] == expected


@pytest.mark.parametrize("bad", ["\x00", "T3Jn\x00", "//\xff", "/w", "A" * 5000])
async def test_a_malformed_id_is_null_in_node_and_nodes_alike(
    api: Api, resellers: dict[str, Any], bad: str
) -> None:
    single = await api(NODE, {"id": bad}, resellers["North"])
    many = await api(NODES, {"ids": [bad, resellers["South id"]]}, resellers["North"])

    assert single == {"data": {"node": None}}
    assert many == {"data": {"nodes": [None, None]}}


@pytest.mark.parametrize(
    "variables",
    [
        rb'{"id": "\udcff", "ids": ["\udcff"], "after": "\udcff"}',  # a lone surrogate
        b'{"id": "\xff\xfe", "ids": ["\xc3"], "after": "\xed\xb3\xbf"}',  # not UTF-8
    ],
)
async def test_ids_and_cursors_that_are_not_text_are_coded_errors(
    api: Api, resellers: dict[str, Any], variables: bytes
) -> None:
    query = (
        b'"query ($id: ID!, $ids: [ID!]!, $after: String) { node(id: $id) { id } '
        b'nodes(ids: $ids) { id } organizations(after: $after) { totalCount } }"'
    )
    body = b'{"query": ' + query + b', "variables": ' + variables + b"}"

    response = await api.client.post(
        "/graphql",
        content=body,
        headers={
            "Authorization": f"Bearer {resellers['North']}",
            "Content-Type": "application/json",
        },
    )

    assert response.status_code < 500
    answer = response.json()
    codes = error_codes(answer)
    assert codes, answer
    assert "INTERNAL" not in codes, answer
    assert None not in codes, answer


NESTED = """
query ($id: ID!, $after: String) {
  organization(id: $id) {
    list: FIELD(first: 1, after: $after) {
      edges { node { id } } pageInfo { endCursor hasNextPage }
    }
  }
}
"""


@pytest.mark.parametrize("field", ["notes", "departments", "users", "services"])
async def test_every_nested_list_opens_its_own_cursors(api: Api, field: str) -> None:
    # Each nested list states the types of its sort key: a wrong one would refuse them all.
    master = await factories.master()
    customer = await factories.organization(OrganizationKind.CUSTOMER, master, name="Acme")
    admin, membership = await factories.member(master, "admin@example.com")
    for number in range(2):
        await Note.create(
            organization=customer, author=admin, author_organization=master, text=f"n{number}"
        )
        await Department.create(organization=customer, name=f"Dept {number}")
        await factories.member(customer, f"user{number}@example.com")
        await Service.create(organization=customer, kind=ServiceKind.WEBSITE, name=f"s{number}")
    token = await factories.session_for(admin, membership)
    query = NESTED.replace("FIELD", field)
    variables: dict[str, Any] = {"id": to_global_id("Organization", customer.id)}

    first = (await api.data(query, variables, token))["organization"]["list"]
    cursor = first["pageInfo"]["endCursor"]
    second = (await api.data(query, {**variables, "after": cursor}, token))["organization"]["list"]

    assert first["pageInfo"]["hasNextPage"] is True
    assert len(second["edges"]) == 1
    assert second["edges"] != first["edges"]
    assert second["pageInfo"]["hasNextPage"] is False


ROOT = "query ($after: String) { list: FIELD(first: 1, after: $after) { ...page } }"
PAGE = "fragment page on TYPE { edges { node { id } } pageInfo { endCursor hasNextPage } }"


@pytest.mark.parametrize(
    ("field", "connection"),
    [
        ("departments", "DepartmentConnection"),
        ("plans", "PlanConnection"),
        ("auditEvents", "AuditEventConnection"),
        ("outboxEmails", "OutboxEmailConnection"),
    ],
)
async def test_every_root_list_opens_its_own_cursors(api: Api, field: str, connection: str) -> None:
    # Each root list's key types are read from its model: a wrong one would refuse them all.
    master = await factories.master()
    admin, membership = await factories.member(master, "admin@example.com")
    for number in range(2):
        await Department.create(organization=master, name=f"Dept {number}")
        await Plan.create(owner=master, name=f"Plan {number}")
        await AuditEvent.create(
            action="test.event", organization=master, target_type="Organization"
        )
        await outbox.queue("test", f"to{number}@example.com", "Subject", "Body")
    token = await factories.session_for(admin, membership)
    query = ROOT.replace("FIELD", field) + "\n" + PAGE.replace("TYPE", connection)

    first = (await api.data(query, {}, token))["list"]
    second = (await api.data(query, {"after": first["pageInfo"]["endCursor"]}, token))["list"]

    assert first["pageInfo"]["hasNextPage"] is True
    assert len(second["edges"]) == 1
    assert second["edges"] != first["edges"]
