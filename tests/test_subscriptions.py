"""Subscriptions over a real WebSocket: a purge's progress, organizations' lifecycle
events as each viewer may see them, and sockets closed once their session ends."""

from __future__ import annotations

import asyncio
import dataclasses
import uuid
from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest

from gql.schema.relay import to_global_id
from models import Organization, User
from models.enums import OrganizationKind, OrganizationStatus, UserStatus
from settings import Settings
from tests import factories
from tests.api import Api
from tests.ws import Socket, authenticated, served
from workers.broker import broker
from workers.embedded import embedded_worker

JOB = """
subscription ($id: ID!) {
  deletionJob(id: $id) { id organizationName status phase done total finishedAt }
}
"""
EVENTS = """
subscription {
  organizationEvents {
    kind organizationId organizationName occurredAt
    auditEvent { action actorEmail impersonatorEmail summary ip }
  }
}
"""
PURGE = """
mutation ($ids: [ID!]!) {
  purgeOrganizations(input: {ids: $ids}) { results { job { id status } userErrors { code } } }
}
"""
SUSPEND = """
mutation ($ids: [ID!]!, $reason: String) {
  suspendOrganizations(input: {ids: $ids, reason: $reason}) {
    results { organization { status } userErrors { code } }
  }
}
"""
MOVE = """
mutation ($ids: [ID!]!, $to: ID!) {
  moveOrganizations(input: {ids: $ids, newOwnerId: $to}) { results { userErrors { code } } }
}
"""
IMPERSONATE = """
mutation ($id: ID!) { impersonate(input: {organizationId: $id}) { token userErrors { code } } }
"""
LOGOUT = "mutation { logout { revoked } }"


@pytest.fixture(autouse=True)
def no_queued_purges_left() -> Iterator[None]:
    """Purges these tests leave queued must not reach a later test's worker."""
    yield
    broker.flush_all()


@pytest.fixture
def ws_settings(settings: Settings) -> Settings:
    return dataclasses.replace(
        settings, subscription_poll_seconds=0.05, ws_session_check_seconds=0.2
    )


@pytest.fixture
async def url(ws_settings: Settings) -> AsyncIterator[str]:
    async with served(ws_settings) as address:
        yield address


def gid(org: Organization) -> str:
    return to_global_id("Organization", org.id)


@pytest.fixture
async def land() -> dict[str, Any]:
    """The platform with two resellers, each with customers, and their owners' tokens."""
    master = await factories.master()
    north = await factories.organization(OrganizationKind.RESELLER, master, name="North")
    south = await factories.organization(OrganizationKind.RESELLER, master, name="South")
    orgs = {
        "north": north,
        "south": south,
        "north-a": await factories.organization(OrganizationKind.CUSTOMER, north, name="N-A"),
        "north-b": await factories.organization(OrganizationKind.CUSTOMER, north, name="N-B"),
        "south-a": await factories.organization(OrganizationKind.CUSTOMER, south, name="S-A"),
    }
    tokens = {"admin": (await factories.quick_member(master, "admin@example.com"))[1]}
    for name, org in orgs.items():
        tokens[name] = (await factories.quick_member(org, f"{name}@example.com"))[1]
    return {"master": master, "orgs": orgs, "tokens": tokens}


async def feeds_started() -> None:
    """Give the server a moment to start the feeds just subscribed: each hears only of
    what happens after it starts."""
    await asyncio.sleep(0.2)


async def next_payload(ws: Socket, id: str = "1") -> dict[str, Any]:
    message = await ws.receive()
    assert message["type"] == "next", message
    assert message["id"] == id
    assert "errors" not in message["payload"], message["payload"]
    data: dict[str, Any] = message["payload"]["data"]
    return data


# -- a purge's progress ------------------------------------------------------------------


async def test_a_purge_is_followed_from_queued_to_done(url: str, api: Api, land: Any) -> None:
    doomed = await factories.organization(
        OrganizationKind.RESELLER, land["master"], name="Doomed", status=OrganizationStatus.DELETED
    )
    for number in range(3):
        customer = await factories.organization(OrganizationKind.CUSTOMER, doomed)
        await factories.quick_member(customer, f"doomed{number}@example.com")
    admin = land["tokens"]["admin"]
    purge = await api.data(PURGE, {"ids": [gid(doomed)]}, admin)
    job_id = purge["purgeOrganizations"]["results"][0]["job"]["id"]

    async with authenticated(url, admin) as ws:
        await ws.subscribe("1", JOB, {"id": job_id})
        first = (await next_payload(ws))["deletionJob"]
        assert first["status"] == "QUEUED"  # no worker yet: its state as it is now
        assert first["organizationName"] == "Doomed"

        states = [first]
        async with embedded_worker():
            message = await ws.receive()
            while message["type"] == "next":
                states.append(message["payload"]["data"]["deletionJob"])
                message = await ws.receive()

    assert message == {"id": "1", "type": "complete"}
    last = states[-1]
    assert last["status"] == "DONE"
    assert last["done"] == last["total"] > 0
    assert last["finishedAt"] is not None
    assert [s["done"] for s in states] == sorted(s["done"] for s in states)
    assert len({(s["status"], s["phase"], s["done"]) for s in states}) == len(states)


async def test_a_job_the_viewer_may_not_see_is_not_found_like_one_that_never_was(
    url: str, api: Api, land: Any
) -> None:
    doomed = await factories.organization(
        OrganizationKind.CUSTOMER,
        land["orgs"]["north"],
        name="Doomed",
        status=OrganizationStatus.DELETED,
    )
    purge = await api.data(PURGE, {"ids": [gid(doomed)]}, land["tokens"]["north"])
    job_id = purge["purgeOrganizations"]["results"][0]["job"]["id"]
    answers = []
    async with authenticated(url, land["tokens"]["south"]) as ws:
        for id, job in (
            ("other-reseller's", job_id),
            ("never-existed", to_global_id("DeletionJob", uuid.uuid4())),
            ("not-a-job", gid(doomed)),
        ):
            await ws.subscribe(id, JOB, {"id": job})
            message = await ws.receive()
            assert message["id"] == id
            assert message["type"] == "error"
            answers.append(message["payload"])
    assert answers[0] == answers[1] == answers[2]
    assert answers[0][0]["extensions"]["code"] == "NOT_FOUND"
    # The reseller whose customer it purges follows it.
    async with authenticated(url, land["tokens"]["north"]) as ws:
        await ws.subscribe("1", JOB, {"id": job_id})
        assert (await next_payload(ws))["deletionJob"]["status"] == "QUEUED"


# -- lifecycle events --------------------------------------------------------------------


async def test_each_viewer_hears_of_the_organizations_it_may_see(
    url: str, api: Api, land: Any
) -> None:
    orgs, tokens = land["orgs"], land["tokens"]
    async with (
        authenticated(url, tokens["north"]) as north,
        authenticated(url, tokens["south"]) as south,
        authenticated(url, tokens["admin"]) as admin,
    ):
        for ws in (north, south, admin):
            await ws.subscribe("1", EVENTS)
        await feeds_started()

        await api.data(
            SUSPEND, {"ids": [gid(orgs["north-a"])], "reason": "Unpaid"}, tokens["north"]
        )
        await api.data(SUSPEND, {"ids": [gid(orgs["south-a"])]}, tokens["south"])
        await api.data(SUSPEND, {"ids": [gid(orgs["north-b"])]}, tokens["north"])

        seen_by_north = [(await next_payload(north))["organizationEvents"] for _ in range(2)]
        seen_by_south = (await next_payload(south))["organizationEvents"]
        seen_by_admin = [(await next_payload(admin))["organizationEvents"] for _ in range(3)]

    first = seen_by_north[0]
    assert first["kind"] == "SUSPENDED"
    assert first["organizationId"] == gid(orgs["north-a"])
    assert first["organizationName"] == "N-A"
    assert first["auditEvent"]["action"] == "organization.suspend"
    assert first["auditEvent"]["actorEmail"] == "north@example.com"
    assert first["auditEvent"]["summary"]["reason"] == "Unpaid"
    # North's second event is its own second customer, not South's customer in between.
    assert [e["organizationName"] for e in seen_by_north] == ["N-A", "N-B"]
    assert seen_by_south["organizationName"] == "S-A"
    assert [e["organizationName"] for e in seen_by_admin] == ["N-A", "S-A", "N-B"]


async def test_a_customer_hears_of_its_move_without_learning_who_manages_it(
    url: str, api: Api, land: Any
) -> None:
    orgs, tokens = land["orgs"], land["tokens"]
    async with (
        authenticated(url, tokens["north-a"]) as customer,
        authenticated(url, tokens["south"]) as south,
    ):
        await customer.subscribe("1", EVENTS)
        await south.subscribe("1", EVENTS)
        await feeds_started()
        moved = await api.data(
            MOVE, {"ids": [gid(orgs["north-a"])], "to": gid(orgs["south"])}, tokens["admin"]
        )
        assert moved["moveOrganizations"]["results"] == [{"userErrors": []}]

        as_customer = (await next_payload(customer))["organizationEvents"]
        as_new_owner = (await next_payload(south))["organizationEvents"]

    assert as_customer["kind"] == as_new_owner["kind"] == "MOVED"
    assert as_customer["auditEvent"]["actorEmail"] == "provider"
    assert as_customer["auditEvent"]["ip"] is None
    assert not {"from", "to"} & set(as_customer["auditEvent"]["summary"])
    assert as_new_owner["auditEvent"]["actorEmail"] == "admin@example.com"


# -- sessions that end -------------------------------------------------------------------


async def test_a_socket_closes_once_its_session_is_logged_out(
    url: str, api: Api, land: Any
) -> None:
    token = land["tokens"]["north"]
    async with authenticated(url, token) as ws:
        await ws.subscribe("1", EVENTS)
        assert (await api.data(LOGOUT, token=token))["logout"] == {"revoked": True}
        assert await ws.closed() == (4403, "Session ended")


async def test_a_socket_closes_when_its_organization_is_suspended(
    url: str, api: Api, land: Any
) -> None:
    orgs, tokens = land["orgs"], land["tokens"]
    async with authenticated(url, tokens["north-a"]) as ws:
        await api.data(SUSPEND, {"ids": [gid(orgs["north-a"])]}, tokens["north"])
        assert await ws.closed() == (4403, "Session ended")


async def test_an_impersonation_socket_closes_when_the_impersonation_ends(
    url: str, api: Api, land: Any
) -> None:
    started = await api.data(
        IMPERSONATE, {"id": gid(land["orgs"]["north-a"])}, land["tokens"]["admin"]
    )
    token = started["impersonate"]["token"]
    async with authenticated(url, token) as ws:
        await ws.subscribe("1", EVENTS)
        await User.filter(email="admin@example.com").update(status=UserStatus.DISABLED)
        assert await ws.closed() == (4403, "Impersonation ended")


async def test_no_event_reaches_a_socket_whose_session_ended_meanwhile(
    settings: Settings, api: Api, land: Any
) -> None:
    # The periodic check is far off: only the check before each event can stop this one.
    slow_watch = dataclasses.replace(
        settings, subscription_poll_seconds=0.05, ws_session_check_seconds=600
    )
    orgs, tokens = land["orgs"], land["tokens"]
    async with served(slow_watch) as url, authenticated(url, tokens["north"]) as ws:
        await ws.subscribe("1", EVENTS)
        await feeds_started()
        await api.data(LOGOUT, token=tokens["north"])
        await api.data(SUSPEND, {"ids": [gid(orgs["north-a"])]}, tokens["admin"])
        assert await ws.closed() == (4403, "Session ended")


CREATE_KEY = """
mutation ($org: ID!) {
  createApiKey(input: {organizationId: $org, name: "Panel feed", role: ADMIN}) {
    apiKey { id } secret userErrors { code }
  }
}
"""
REVOKE_KEY = "mutation ($id: ID!) { revokeApiKey(input: {id: $id}) { userErrors { code } } }"


async def test_an_api_key_opens_a_socket_until_it_is_revoked(url: str, api: Api, land: Any) -> None:
    owner = land["tokens"]["north"]
    created = (await api.data(CREATE_KEY, {"org": gid(land["orgs"]["north"])}, owner))[
        "createApiKey"
    ]
    async with authenticated(url, created["secret"]) as ws:
        await ws.subscribe("1", EVENTS)
        await feeds_started()
        await api.data(SUSPEND, {"ids": [gid(land["orgs"]["north-a"])]}, owner)
        assert (await next_payload(ws))["organizationEvents"]["organizationName"] == "N-A"
        await api.data(REVOKE_KEY, {"id": created["apiKey"]["id"]}, owner)
        assert await ws.closed() == (4403, "Session ended")


# -- nothing outlives its socket ---------------------------------------------------------


def socket_tasks() -> list[str]:
    """The server's tasks that belong to WebSocket connections still running."""
    names = {"run_operation", "_watch_session", "handle_connection_init_timeout"}
    running = [task.get_coro() for task in asyncio.all_tasks() if not task.done()]
    return [name for c in running if (name := getattr(c, "__name__", "")) in names]


async def no_socket_tasks_left() -> None:
    for _ in range(100):  # the server notices a closed socket within moments
        if not socket_tasks():
            return
        await asyncio.sleep(0.05)
    assert socket_tasks() == []


@pytest.mark.parametrize("ending", ["client closes", "connection dropped", "session ends"])
async def test_a_closed_socket_leaves_no_task_running(
    url: str, api: Api, land: Any, ending: str
) -> None:
    token = land["tokens"]["north"]
    async with authenticated(url, token) as ws:
        await ws.subscribe("1", EVENTS)
        await ws.subscribe("2", EVENTS)
        await feeds_started()
        assert sorted(socket_tasks()) == ["_watch_session", "run_operation", "run_operation"]
        if ending == "connection dropped":  # no close handshake: the TCP connection just ends
            ws.connection.transport.abort()
        elif ending == "session ends":
            await api.data(LOGOUT, token=token)
            assert await ws.closed() == (4403, "Session ended")
    await no_socket_tasks_left()
