"""Attacks on webhook delivery that once got through: a receiver's URL or answer that the
delivery engine did not expect must still end as one recorded, counted attempt (never an
exception that leaves the endpoint stuck), and nothing about the platform's own network
may reach a tenant through the delivery log."""

from __future__ import annotations

import asyncio
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import pytest

from domain.hierarchy import expiry
from domain.webhooks import address_guard, delivery
from gql.schema.relay import to_global_id
from models import WebhookAttempt, WebhookDelivery, WebhookEndpoint
from models.enums import DeliveryStatus, OrganizationKind, Role
from tests import factories
from tests.api import Api
from tests.test_webhook_delivery import GUARDED, SETTINGS, customer, endpoint_for, events, receiver
from tests.webhook_receiver import Answer, Receiver

__all__ = ["receiver"]  # a fixture, imported for the tests below

CREATE = """
mutation ($url: String!) {
  createWebhookEndpoint(input: {url: $url}) {
    webhookEndpoint { url } userErrors { field code message }
  }
}
"""


def resolving_to_loopback(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Every name resolves to 127.0.0.1 (where the test receiver listens); the names
    looked up are recorded."""
    lookups: list[Any] = []
    real = socket.getaddrinfo

    def resolver(host: Any, *args: Any, **kwargs: Any) -> Any:
        lookups.append(host)
        return real("127.0.0.1", *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", resolver)
    return lookups


async def test_an_internationalized_host_is_sent_in_its_ascii_form(
    receiver: Receiver, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A partner's receiver at bücher.example: the Host header, the lookup and the TLS
    name are the IDNA form. (It raised UnicodeEncodeError in the client before: no attempt
    recorded, the endpoint due again at once, on every tick, for ever.)"""
    lookups = resolving_to_loopback(monkeypatch)
    owner = await customer()
    endpoint, _ = await endpoint_for(owner, f"http://Bücher.example:{receiver.port}/hook")
    await events(owner, 1)

    done = await delivery.run_endpoint(endpoint.id, SETTINGS)

    assert done.succeeded == 1, await WebhookAttempt.all().values_list("error", flat=True)
    assert lookups == ["xn--bcher-kva.example"]
    assert receiver.received[0].headers["host"] == f"xn--bcher-kva.example:{receiver.port}"
    target = await address_guard.target("https://bücher.example/in", allow_private=True)
    assert target.sni_hostname == target.host_header == "xn--bcher-kva.example"


async def test_an_unexpected_error_in_the_client_is_one_failed_attempt(
    receiver: Receiver, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whatever the HTTP client raises, the attempt is written and the endpoint backs off
    (it escaped run_endpoint before, leaving the delivery unrecorded)."""

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise ValueError("something nobody foresaw")

    monkeypatch.setattr(httpx.AsyncClient, "stream", broken)
    owner = await customer()
    endpoint, _ = await endpoint_for(owner, receiver.url)
    await events(owner, 1)

    done = await delivery.run_endpoint(endpoint.id, SETTINGS)

    assert done.failed
    assert done.retry_in is not None
    attempt = await WebhookAttempt.get(delivery__endpoint=endpoint)
    assert attempt.error == "ValueError (unexpected)"
    assert not attempt.succeeded
    after = await WebhookEndpoint.get(id=endpoint.id)
    assert after.consecutive_failures == 1
    assert after.next_attempt_at is not None
    assert after.lease_until is None
    assert (await WebhookDelivery.get(endpoint=endpoint)).status == DeliveryStatus.PENDING


@pytest.mark.parametrize(
    "url",
    [
        "https://a\u200ehooks.example/in",  # a direction mark: no IDNA form
        "https://x\u06ddy.example/in",
        "https://\U000e0001.example/in",
        "https://" + "ü" * 70 + ".example/in",  # a label too long
    ],
)
async def test_a_host_with_no_idna_form_is_refused_when_saved(api: Api, url: str) -> None:
    master = await factories.master()
    _, token = await factories.quick_member(master, "admin@example.com", Role.ADMIN)

    data = await api.data(CREATE, {"url": url}, token)

    assert data["createWebhookEndpoint"]["webhookEndpoint"] is None
    (error,) = data["createWebhookEndpoint"]["userErrors"]
    assert (error["field"], error["code"]) == (["input", "url"], "INVALID"), error
    assert await WebhookEndpoint.all().count() == 0


async def test_an_internationalized_host_is_saved_as_given(api: Api) -> None:
    org = await factories.organization(OrganizationKind.CUSTOMER, await factories.master())
    _, token = await factories.quick_member(org, "owner@example.com", Role.OWNER)

    data = await api.data(CREATE, {"url": "https://bücher.example/in"}, token)

    assert data["createWebhookEndpoint"]["userErrors"] == []
    assert data["createWebhookEndpoint"]["webhookEndpoint"]["url"] == "https://bücher.example/in"


async def test_a_refused_attempt_does_not_tell_the_tenant_what_an_internal_name_is(
    receiver: Receiver, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A tenant pointing its endpoint at an internal name reads the attempt's error in
    its delivery log: the guard refuses without naming the address our resolver found
    (it did, which made the log a lookup service for the platform's network)."""
    monkeypatch.setattr(
        socket,
        "getaddrinfo",
        lambda *a, **k: [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("10.96.0.12", 80))],
    )
    owner = await customer()
    endpoint, _ = await endpoint_for(owner, "http://postgres.cluster.internal/")
    await events(owner, 1)

    done = await delivery.run_endpoint(endpoint.id, GUARDED)

    assert done.failed
    attempt = await WebhookAttempt.get(delivery__endpoint=endpoint)
    assert "is not a public address" in attempt.error
    assert "10.96" not in attempt.error
    assert "10.96" not in (await WebhookDelivery.get(endpoint=endpoint)).last_error


@contextmanager
def raw_receiver(answer: bytes, *, hang: bool) -> Iterator[int]:
    """A receiver that reads the request, writes `answer` as it is, then hangs up or
    holds the connection open; its port."""
    listener = socket.create_server(("127.0.0.1", 0))
    stop = threading.Event()

    def serve() -> None:
        connection, _ = listener.accept()
        with connection:
            connection.settimeout(5)
            received = b""
            while b"\r\n\r\n" not in received:
                received += connection.recv(65536)
            connection.sendall(answer)
            if hang:
                stop.wait(10)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield listener.getsockname()[1]
    finally:
        stop.set()
        listener.close()
        thread.join(timeout=10)


@pytest.mark.parametrize("hang", [False, True], ids=["cut-short", "held-open"])
async def test_a_2xx_whose_body_never_completes_is_a_success(hang: bool) -> None:
    """The status is the answer: a receiver that says 200 and then sends less body than
    its Content-Length announced (or none, holding the connection) took the delivery.
    (It was failed and sent again, and again, until the endpoint was disabled.)"""
    answer = b"HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\nok"
    with raw_receiver(answer, hang=hang) as port:
        owner = await customer()
        endpoint, _ = await endpoint_for(owner, f"http://127.0.0.1:{port}/hook")
        await events(owner, 1)

        done = await delivery.run_endpoint(endpoint.id, SETTINGS)

    assert done.succeeded == 1, await WebhookAttempt.all().values_list("error", flat=True)
    sent = await WebhookDelivery.get(endpoint=endpoint)
    assert (sent.status, sent.response_status) == (DeliveryStatus.SUCCEEDED, 200)


async def test_a_receiver_that_never_finishes_its_status_line_times_out() -> None:
    with raw_receiver(b"HTTP/1.1 20", hang=True) as port:
        owner = await customer()
        endpoint, _ = await endpoint_for(owner, f"http://127.0.0.1:{port}/hook")
        await events(owner, 1)

        done = await delivery.run_endpoint(endpoint.id, SETTINGS)

    assert done.failed
    attempt = await WebhookAttempt.get(delivery__endpoint=endpoint)
    assert (attempt.response_status, attempt.error) == (None, "no answer within 1 s")


@pytest.mark.parametrize("status", [200, 500])
async def test_an_endpoint_deleted_during_an_attempt_ends_the_pass_quietly(
    receiver: Receiver, status: int
) -> None:
    """deleteWebhookEndpoint while a delivery is in flight: the pass ends without an
    error and nothing is written for the gone endpoint. (Writing the attempt of a delivery
    deleted with its endpoint raised IntegrityError out of the pass.) Nothing more of the
    batch read before the delete goes out (docs/webhook-delivery.md: a change applies from
    the next delivery)."""
    owner = await customer()
    endpoint, _ = await endpoint_for(owner, receiver.url)
    await events(owner, 2)
    release = threading.Event()
    receiver.script(Answer(status, release=release))
    running = asyncio.create_task(delivery.run_endpoint(endpoint.id, SETTINGS))
    assert await asyncio.to_thread(receiver.arrived.wait, 10)

    await WebhookEndpoint.filter(id=endpoint.id).delete()
    release.set()
    done = await running

    assert done.claimed
    assert len(receiver.received) == 1
    assert await WebhookAttempt.all().count() == 0
    assert await WebhookDelivery.all().count() == 0


SET_EXPIRY = """
mutation ($id: ID!) {
  updateOrganization(input: {id: $id, expiresAt: "2031-01-01T00:00:00Z"}) {
    userErrors { field code message }
  }
}
"""
EVENTS = """
query { events(first: 100, types: ["organization.updated"]) { edges { node { payload } } } }
"""


async def test_a_customer_is_not_told_at_which_level_its_expiry_was_set(api: Api) -> None:
    """The audit summary of a new expiry date keeps the setter's depth in the tree (0: the
    platform, 2: a sub-reseller). A customer's event (its webhook, `events`) and its audit
    log must not carry it: it would tell the customer who manages it."""
    master = await factories.master()
    reseller = await factories.organization(OrganizationKind.RESELLER, master, name="R")
    sub = await factories.organization(OrganizationKind.RESELLER, reseller, name="Sub")
    customer = await factories.organization(OrganizationKind.CUSTOMER, sub, name="C")
    _, staff = await factories.quick_member(sub, "staff@sub.example", Role.OWNER)
    _, owner = await factories.quick_member(customer, "owner@c.example", Role.OWNER)
    customer_id = to_global_id("Organization", customer.id)
    set_date = await api.data(SET_EXPIRY, {"id": customer_id}, staff)
    assert set_date["updateOrganization"]["userErrors"] == []

    (mine,) = (await api.data(EVENTS, token=owner))["events"]["edges"]
    (theirs,) = (await api.data(EVENTS, token=staff))["events"]["edges"]
    log = await api.data(
        "{ auditEvents(first: 10) { edges { node { action summary } } } }", token=owner
    )

    assert theirs["node"]["payload"]["data"]["details"][expiry.LEVEL_KEY] == 2
    details = mine["node"]["payload"]["data"]["details"]
    assert expiry.LEVEL_KEY not in details
    assert details["expiresAt"].startswith("2031-01-01")
    summaries = [e["node"]["summary"] for e in log["auditEvents"]["edges"]]
    assert summaries, log
    assert not [s for s in summaries if expiry.LEVEL_KEY in s], summaries


async def test_port_0_is_refused_when_saved_and_when_delivered(api: Api) -> None:
    """https://h.example:0/ was saved, and delivered to port 443 under a Host of h:0."""
    master = await factories.master()
    _, token = await factories.quick_member(master, "admin@example.com", Role.ADMIN)

    data = await api.data(CREATE, {"url": "https://hooks.example.com:0/in"}, token)

    (error,) = data["createWebhookEndpoint"]["userErrors"]
    assert (error["field"], error["code"]) == (["input", "url"], "INVALID")
    with pytest.raises(address_guard.Refused, match="port"):
        await address_guard.target("https://hooks.example.com:0/in", allow_private=True)
