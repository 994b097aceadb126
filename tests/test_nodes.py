"""`nodes(ids:)`: many objects by id, each answered in its id's position exactly as `node`
answers it, in one query per type named. (tests/test_isolation_property.py checks the
visibility of every type for every kind of viewer.)"""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from domain.actor import Actor
from domain.jobs import outbox
from gql.resolvers import node
from gql.schema.relay import to_global_id
from models import Organization
from models.enums import OrganizationKind
from tests import factories
from tests.api import Api, error_codes

NODES = """
query ($ids: [ID!]!) {
  nodes(ids: $ids) { __typename id ... on Organization { name } ... on User { email } }
}
"""


@pytest.fixture
async def reseller_token() -> dict[str, Any]:
    master = await factories.master()
    reseller = await factories.organization(OrganizationKind.RESELLER, master, name="Reseller")
    customer = await factories.organization(OrganizationKind.CUSTOMER, reseller, name="Mine")
    other = await factories.organization(OrganizationKind.CUSTOMER, master, name="Not mine")
    user, membership = await factories.member(reseller, "reseller@example.com")
    return {
        "token": await factories.session_for(user, membership),
        "customer": to_global_id("Organization", customer.id),
        "other": to_global_id("Organization", other.id),
        "user": to_global_id("User", user.id),
    }


async def test_each_id_is_answered_in_its_position(
    api: Api, reseller_token: dict[str, Any]
) -> None:
    world = reseller_token
    missing = to_global_id("Organization", uuid.uuid4())
    ids = [world["user"], world["other"], world["customer"], "garbage", missing, world["user"]]

    body = await api(NODES, {"ids": ids}, world["token"])

    assert "errors" not in body
    user = {"__typename": "User", "id": world["user"], "email": "reseller@example.com"}
    mine = {"__typename": "Organization", "id": world["customer"], "name": "Mine"}
    assert body["data"]["nodes"] == [user, None, mine, None, None, user]


async def test_an_invisible_id_answers_exactly_like_one_that_never_existed(
    api: Api, reseller_token: dict[str, Any]
) -> None:
    world = reseller_token
    never = to_global_id("Organization", uuid.uuid4())

    invisible = await api(NODES, {"ids": [world["other"]]}, world["token"])
    missing = await api(NODES, {"ids": [never]}, world["token"])
    by_node = await api(
        "query ($id: ID!) { node(id: $id) { id } }", {"id": world["other"]}, world["token"]
    )

    assert invisible == missing == {"data": {"nodes": [None]}}
    assert by_node == {"data": {"node": None}}


async def test_more_ids_than_the_bound_is_a_bad_request(
    api: Api, reseller_token: dict[str, Any]
) -> None:
    world = reseller_token
    at_bound = [world["customer"]] * node.MAX_NODES

    over = await api(NODES, {"ids": [*at_bound, world["customer"]]}, world["token"])
    ok = await api(NODES, {"ids": at_bound}, world["token"])
    empty = await api(NODES, {"ids": []}, world["token"])

    assert error_codes(over) == ["BAD_REQUEST"]
    assert str(node.MAX_NODES) in over["errors"][0]["message"]
    assert len(ok["data"]["nodes"]) == node.MAX_NODES
    assert empty == {"data": {"nodes": []}}


async def test_one_query_per_type_however_many_ids(
    api: Api, reseller_token: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    world = reseller_token
    queried: list[str] = []
    for type_name, (read, present) in list(node.NODE_TYPES.items()):

        async def counting(
            actor: Actor, ids: list[Any], read: Any = read, type_name: str = type_name
        ) -> Any:
            queried.append(type_name)
            return await read(actor, ids)

        monkeypatch.setitem(node.NODE_TYPES, type_name, (counting, present))
    ids = [world["customer"], world["other"], world["user"]] * 30

    body = await api(NODES, {"ids": ids}, world["token"])

    assert len(body["data"]["nodes"]) == 90
    assert sorted(queried) == ["Organization", "User"]


OUTBOX_NODE = """
query ($id: ID!) {
  node(id: $id) { __typename id ... on OutboxEmail { toAddress } }
  nodes(ids: [$id]) { id }
}
"""


async def test_an_outbox_email_is_a_node_for_administrators_only(
    api: Api, reseller_token: dict[str, Any]
) -> None:
    # OutboxEmail implements Node: `node` must answer its id for whoever may list it.
    email = await outbox.queue("welcome", "new@example.com", "Welcome", "Hello")
    email_id = to_global_id("OutboxEmail", email.id)
    master = await Organization.get(kind=OrganizationKind.MASTER)
    admin, membership = await factories.member(master, "admin@example.com")
    admin_token = await factories.session_for(admin, membership)

    seen = await api(OUTBOX_NODE, {"id": email_id}, admin_token)
    unseen = await api(OUTBOX_NODE, {"id": email_id}, reseller_token["token"])

    found = {"__typename": "OutboxEmail", "id": email_id, "toAddress": "new@example.com"}
    assert seen == {"data": {"node": found, "nodes": [{"id": email_id}]}}
    assert unseen == {"data": {"node": None, "nodes": [None]}}
