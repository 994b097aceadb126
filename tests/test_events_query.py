"""The `events` query: the event stream through the API, in position order, paged by
sealed cursors bound to the filter, under the audit log's visibility rule, each event's
payload exactly the body a webhook of the viewer's organization receives."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import orjson
import pytest

from domain.events import audit, sequencer
from domain.events.catalog import EVENT_OF_ACTION, EVENT_TYPES
from domain.security.sealing import sealer
from gql.schema.relay import to_global_id
from models import AuditEvent, Organization, WebhookDelivery, WebhookEndpoint
from models.enums import OrganizationKind, Role
from tests import factories
from tests.api import Api, error_codes
from workers import actors

EVENTS = """
query ($first: Int, $after: String, $types: [String!], $org: ID) {
  events(first: $first, after: $after, types: $types, organizationId: $org) {
    edges { cursor node { id position type action occurredAt organizationId payload } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}
"""
RENAME = """
mutation ($id: ID!) {
  updateOrganization(input: {id: $id, name: "Renamed"}) { userErrors { code } }
}
"""


@dataclass
class Tree:
    master: Organization
    reseller_a: Organization
    reseller_b: Organization
    customer_a: Organization
    customer_b: Organization
    tokens: dict[str, str]


@pytest.fixture
async def tree() -> Tree:
    master = await factories.master()
    reseller_a = await factories.organization(OrganizationKind.RESELLER, master, name="A")
    reseller_b = await factories.organization(OrganizationKind.RESELLER, master, name="B")
    customer_a = await factories.organization(OrganizationKind.CUSTOMER, reseller_a, name="A1")
    customer_b = await factories.organization(OrganizationKind.CUSTOMER, reseller_b, name="B1")
    tokens = {}
    for name, org, role in [
        ("admin", master, Role.ADMIN),
        ("a", reseller_a, Role.OWNER),
        ("b", reseller_b, Role.OWNER),
        ("customer", customer_a, Role.OWNER),
        ("customer_member", customer_a, Role.MEMBER),
    ]:
        _, tokens[name] = await factories.quick_member(org, f"{name}@example.com", role)
    await sequencer.place_pending()
    return Tree(master, reseller_a, reseller_b, customer_a, customer_b, tokens)


async def page(api: Api, token: str, **variables: Any) -> dict[str, Any]:
    data = await api.data(EVENTS, variables, token)
    result: dict[str, Any] = data["events"]
    return result


async def read_all(api: Api, token: str, **variables: Any) -> list[dict[str, Any]]:
    nodes: list[dict[str, Any]] = []
    after = None
    while True:
        result = await page(api, token, first=100, after=after, **variables)
        nodes += [edge["node"] for edge in result["edges"]]
        if not result["pageInfo"]["hasNextPage"]:
            return nodes
        after = result["pageInfo"]["endCursor"]


def gid(org: Organization) -> str:
    return str(to_global_id("Organization", org.id))


async def test_pages_follow_positions_with_no_repeat_or_gap_while_events_are_written(
    api: Api, tree: Tree
) -> None:
    for _ in range(4):
        await audit.record(None, "organization.update", tree.customer_a)
    seen: list[dict[str, Any]] = []
    after = None
    for round_ in range(8):
        result = await page(api, tree.tokens["admin"], first=3, after=after)
        seen += [edge["node"] for edge in result["edges"]]
        assert result["pageInfo"]["hasPreviousPage"] == (after is not None)
        after = result["pageInfo"]["endCursor"]
        assert after is not None  # never null, even on an empty page
        if round_ < 4:  # written between pages: placed after every position already read
            await audit.record(None, "organization.suspend", tree.customer_b)
            await audit.record(None, "organization.update", tree.reseller_a)
    positions = [int(node["position"]) for node in seen]
    placed = [e.position for e in await AuditEvent.all().order_by("position")]
    assert positions == placed == list(range(1, len(placed) + 1))
    assert len(positions) >= 12
    assert {node["id"] for node in seen} == {
        str(to_global_id("AuditEvent", e))
        for e in await AuditEvent.all().values_list("id", flat=True)
    }


async def test_a_poller_keeps_its_cursor_on_an_empty_page_and_gets_only_what_follows(
    api: Api, tree: Tree
) -> None:
    await audit.record(None, "organization.update", tree.customer_a)
    caught_up = await page(api, tree.tokens["customer"], first=100)
    end = caught_up["pageInfo"]["endCursor"]
    assert caught_up["edges"]
    assert end == caught_up["edges"][-1]["cursor"]
    empty = await page(api, tree.tokens["customer"], first=100, after=end)
    assert empty["edges"] == []
    assert empty["pageInfo"] == {
        "hasNextPage": False,
        "hasPreviousPage": True,
        "startCursor": None,
        "endCursor": end,
    }
    # Events of others, then one of its own: the poll answers its own alone.
    await audit.record(None, "organization.update", tree.customer_b)
    mine = await audit.record(None, "organization.suspend", tree.customer_a)
    polled = await page(api, tree.tokens["customer"], first=100, after=end)
    assert [edge["node"]["id"] for edge in polled["edges"]] == [to_global_id("AuditEvent", mine.id)]
    # A stream with nothing visible yet still answers a cursor to keep (the start).
    await AuditEvent.all().delete()
    start = await page(api, tree.tokens["a"], first=5)
    assert start["edges"] == []
    assert start["pageInfo"]["endCursor"]
    late = await audit.record(None, "organization.update", tree.reseller_a)
    polled = await page(api, tree.tokens["a"], first=5, after=start["pageInfo"]["endCursor"])
    assert [edge["node"]["id"] for edge in polled["edges"]] == [to_global_id("AuditEvent", late.id)]


async def test_an_unplaced_event_is_placed_by_the_read_and_its_endpoints_nudged(
    api: Api, tree: Tree, monkeypatch: pytest.MonkeyPatch
) -> None:
    sent: list[str] = []
    monkeypatch.setattr(actors.deliver_webhooks, "send", sent.append)
    hook = await WebhookEndpoint.create(
        organization=tree.reseller_a,
        url="https://hooks.example.com/in",
        secret_sealed=sealer("test", "webhook").seal(b"x" * 24),
    )
    event = await audit.record(None, "organization.suspend", tree.customer_a)
    assert (await AuditEvent.get(id=event.id)).position is None  # no worker ran

    result = await page(api, tree.tokens["a"], first=100)

    assert result["edges"][-1]["node"]["id"] == to_global_id("AuditEvent", event.id)
    assert sent == [str(hook.id)]
    assert await WebhookDelivery.filter(endpoint=hook, event_id=event.id).exists()


async def test_types_take_event_types_and_families(api: Api, tree: Tree) -> None:
    await audit.record(None, "organization.suspend", tree.customer_a)
    await audit.record(None, "organization.expire", tree.customer_b)
    await audit.record(None, "service.create", tree.customer_a)
    await audit.record(None, "plan.create", tree.reseller_a)
    admin = tree.tokens["admin"]

    suspended = await read_all(api, admin, types=["organization.suspended"])
    assert [(n["type"], n["action"]) for n in suspended] == [
        ("organization.suspended", "organization.suspend"),
        ("organization.suspended", "organization.expire"),
    ]
    both = await read_all(api, admin, types=["service.*", "plan.created"])
    assert [n["type"] for n in both] == ["service.created", "plan.created"]
    family = await read_all(api, admin, types=["organization.*"])
    assert family
    assert all(n["type"].startswith("organization.") for n in family)
    assert len(family) == await AuditEvent.filter(action__startswith="organization.").count()
    everything = await read_all(api, admin, types=[])
    assert len(everything) == await AuditEvent.all().count()
    about = await read_all(api, admin, org=gid(tree.customer_a))
    assert {n["organizationId"] for n in about} == {gid(tree.customer_a)}
    assert {n["action"] for n in about} >= {"organization.suspend", "service.create"}


async def test_a_reseller_never_sees_another_resellers_customers(api: Api, tree: Tree) -> None:
    await audit.record(None, "organization.update", tree.customer_a)
    await audit.record(None, "organization.update", tree.customer_b)
    await audit.record(None, "organization.update", tree.reseller_b)
    ours = {gid(tree.reseller_a), gid(tree.customer_a)}

    seen_by_a = await read_all(api, tree.tokens["a"])
    assert seen_by_a
    assert {n["organizationId"] for n in seen_by_a} <= ours
    assert gid(tree.customer_a) in {n["organizationId"] for n in seen_by_a}
    # Asking for another reseller's customer by id answers nothing, not its events.
    assert await read_all(api, tree.tokens["a"], org=gid(tree.customer_b)) == []
    theirs = await read_all(api, tree.tokens["b"])
    assert gid(tree.customer_b) in {n["organizationId"] for n in theirs}
    assert not {n["organizationId"] for n in theirs} & ours


async def test_a_customer_reads_its_own_events_its_provider_masked_as_its_webhook_does(
    api: Api, tree: Tree
) -> None:
    hook = await WebhookEndpoint.create(
        organization=tree.customer_a,
        url="https://hooks.example.com/in",
        secret_sealed=sealer("test", "webhook").seal(b"x" * 24),
    )
    renamed = await api.data(RENAME, {"id": gid(tree.customer_a)}, tree.tokens["a"])
    assert renamed["updateOrganization"]["userErrors"] == []
    await audit.record(None, "organization.update", tree.customer_b)

    seen = await read_all(api, tree.tokens["customer"], types=["organization.updated"])
    assert len(seen) == 1
    body = seen[0]["payload"]
    assert body["type"] == "organization.updated"
    assert body["data"]["actor"] == {"type": "provider"}  # never the reseller's staff
    assert "a@example.com" not in orjson.dumps(body).decode()
    delivered = await WebhookDelivery.get(endpoint=hook)
    assert orjson.loads(delivered.payload) == body  # exactly what its webhook received
    # The reseller reads the same event with its own staff named.
    by_reseller = await read_all(api, tree.tokens["a"], types=["organization.updated"])
    assert by_reseller[0]["payload"]["data"]["actor"]["email"] == "a@example.com"
    assert by_reseller[0]["id"] == seen[0]["id"]
    # Every event a customer reads is its own.
    everything = await read_all(api, tree.tokens["customer"])
    assert {n["organizationId"] for n in everything} == {gid(tree.customer_a)}
    # The id is the audit event's: `node` answers it.
    node = await api.data(
        "query ($id: ID!) { node(id: $id) { id ... on AuditEvent { action } } }",
        {"id": seen[0]["id"]},
        tree.tokens["customer"],
    )
    assert node["node"] == {"id": seen[0]["id"], "action": "organization.update"}


async def test_an_events_fields_agree_with_its_payload(api: Api, tree: Tree) -> None:
    event = await audit.record(None, "organization.expire", tree.customer_a)
    node = (await read_all(api, tree.tokens["admin"]))[-1]
    stored = await AuditEvent.get(id=event.id)
    assert node["id"] == to_global_id("AuditEvent", event.id)
    assert node["position"] == str(stored.position)
    assert node["type"] == node["payload"]["type"] == "organization.suspended"
    assert node["action"] == node["payload"]["data"]["action"] == "organization.expire"
    assert node["payload"]["data"]["position"] == stored.position
    assert node["payload"]["data"]["organization"] == {"id": gid(tree.customer_a)}
    assert node["organizationId"] == gid(tree.customer_a)
    assert node["payload"]["timestamp"].endswith("Z")


async def test_a_customer_member_is_forbidden_as_for_the_audit_log(api: Api, tree: Tree) -> None:
    body = await api(EVENTS, {"first": 5}, tree.tokens["customer_member"])
    assert error_codes(body) == ["FORBIDDEN"]
    assert body["data"] is None
    audit_log = await api("{ auditEvents { totalCount } }", token=tree.tokens["customer_member"])
    assert error_codes(audit_log) == ["FORBIDDEN"]
    assert error_codes(await api(EVENTS, {"first": 5})) == ["UNAUTHENTICATED"]


@pytest.mark.parametrize(
    ("types", "message"),
    [
        (["organization.teleported"], "organization.teleported"),
        (["organization"], "neither an event type nor a family"),
        (["nothing.*"], "nothing.*"),
        (["organization.suspended\x00"], "\\x00"),
        (["x" * 5000], "neither an event type nor a family"),
        (["*"], "neither an event type nor a family"),
        (["plan.created"] * 101, "limited to 100 entries"),
        # The audit log's action instead of the type: the answer names the type to use.
        (["user.create"], "`user.create` is an audit action: its event type is `user.created`"),
    ],
)
async def test_unknown_types_are_a_bad_request(
    api: Api, tree: Tree, types: list[str], message: str
) -> None:
    body = await api(EVENTS, {"types": types}, tree.tokens["admin"])
    assert error_codes(body) == ["BAD_REQUEST"]
    assert message in body["errors"][0]["message"]
    assert body["data"] is None


async def test_bad_cursors_are_a_bad_request(api: Api, tree: Tree) -> None:
    for _ in range(3):
        await audit.record(None, "organization.update", tree.customer_a)
    admin = tree.tokens["admin"]
    cursor = (await page(api, admin, first=1))["pageInfo"]["endCursor"]
    typed = (await page(api, admin, first=1, types=["organization.updated"]))["pageInfo"]
    audit_cursor = (
        await api.data("{ auditEvents(first: 1) { pageInfo { endCursor } } }", {}, admin)
    )["auditEvents"]["pageInfo"]["endCursor"]

    def refused(body: dict[str, Any], message: str) -> None:
        assert error_codes(body) == ["BAD_REQUEST"], body
        assert body["errors"][0]["message"] == message
        assert body["data"] is None

    invalid = "`after` is not a valid cursor."
    other = "`after` is a cursor of another list or another order of this list."
    for garbage in [
        "nope",
        cursor[:-4],
        cursor[:-1] + ("A" if cursor[-1] != "A" else "B"),
        "x" * 5000,
    ]:
        refused(await api(EVENTS, {"after": garbage}, admin), invalid)
    refused(await api(EVENTS, {"after": audit_cursor}, admin), other)
    # Bound to the filter: a cursor of one `types` or `organizationId` is not another's,
    # and the answer says it is the filter, not the list or an order.
    filtered = (
        "`after` is a cursor of this stream under another filter (`types` or "
        "`organizationId`): pass the filter it came with, or start again without `after`."
    )
    refused(await api(EVENTS, {"after": typed["endCursor"]}, admin), filtered)
    refused(
        await api(EVENTS, {"after": cursor, "types": ["organization.updated"]}, admin), filtered
    )
    refused(await api(EVENTS, {"after": cursor, "org": gid(tree.customer_a)}, admin), filtered)
    # The same filter written in another order or twice is the same list.
    again = await api(
        EVENTS,
        {"after": typed["endCursor"], "types": ["organization.updated", "organization.updated"]},
        admin,
    )
    assert "errors" not in again
    for first in (-1, 101):
        body = await api(EVENTS, {"first": first}, admin)
        assert error_codes(body) == ["BAD_REQUEST"]
    # An id of another type names no organization: nothing, as for an unknown id.
    for org in (str(to_global_id("User", tree.master.id)), "\x00" * 10, "O" * 5000):
        assert (await page(api, admin, org=org))["edges"] == []


async def test_event_types_list_the_catalog(api: Api) -> None:
    data = await api.data("{ eventTypes { name description actions } }")
    listed = data["eventTypes"]
    assert [t["name"] for t in listed] == list(EVENT_TYPES)
    for entry in listed:
        actions = [a for a, kind in EVENT_OF_ACTION.items() if kind.name == entry["name"]]
        assert entry["actions"] == actions
        assert entry["description"] == EVENT_OF_ACTION[actions[0]].description
