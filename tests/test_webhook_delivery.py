"""The webhook delivery engine (domain/webhooks/delivery.py) against a real HTTP receiver
on loopback: signatures a Standard Webhooks library accepts, retries with the same id,
order, backoff, disabling, and the address guard."""

from __future__ import annotations

import asyncio
import dataclasses
import ipaddress
import socket
import threading
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import orjson
import pytest
from prometheus_client import REGISTRY
from standardwebhooks import Webhook, WebhookVerificationError
from tortoise.timezone import now

from domain.events import audit, sequencer
from domain.webhooks import address_guard, delivery, secrets
from models import (
    AuditEvent,
    Organization,
    OutboxEmail,
    WebhookAttempt,
    WebhookDelivery,
    WebhookEndpoint,
)
from models.enums import DeliveryStatus, OrganizationKind
from settings import Settings
from tests import factories
from tests.factories import TEST_SECRET_KEY
from tests.webhook_receiver import Answer, Received, Receiver, receiving

SETTINGS = Settings(
    secret_key=TEST_SECRET_KEY, webhook_allow_private_networks=True, webhook_timeout_seconds=1
)
GUARDED = dataclasses.replace(SETTINGS, webhook_allow_private_networks=False)


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    with receiving() as running:
        yield running


async def customer() -> Organization:
    master = await factories.master()
    org = await factories.organization(OrganizationKind.CUSTOMER, master, name="Acme")
    await sequencer.place_pending()  # the factories' own events, before any endpoint
    return org


async def endpoint_for(owner: Organization, url: str) -> tuple[WebhookEndpoint, str]:
    secret = secrets.new_secret()
    endpoint = await WebhookEndpoint.create(
        organization=owner, url=url, secret_sealed=secrets.seal(secret, TEST_SECRET_KEY)
    )
    return endpoint, secret


async def events(owner: Organization, count: int) -> list[AuditEvent]:
    written = [await audit.record(None, "organization.update", owner) for _ in range(count)]
    await sequencer.place_pending()
    return written


async def due_again(endpoint: WebhookEndpoint) -> None:
    """Skip the backoff's wait (time passing, without waiting for it)."""
    await WebhookEndpoint.filter(id=endpoint.id).update(
        next_attempt_at=now() - timedelta(seconds=1)
    )


def attempts_counted(outcome: str) -> float:
    """tenantry_webhook_attempts_total{outcome} in this process."""
    value = REGISTRY.get_sample_value("tenantry_webhook_attempts_total", {"outcome": outcome})
    return value or 0.0


def positions(received: list[Received]) -> list[int]:
    return [orjson.loads(r.body)["data"]["position"] for r in received]


async def test_a_delivery_carries_standard_webhooks_headers_a_library_verifies(
    receiver: Receiver,
) -> None:
    owner = await customer()
    endpoint, secret = await endpoint_for(owner, receiver.url)
    (event,) = await events(owner, 1)

    done = await delivery.run_endpoint(endpoint.id, SETTINGS)

    assert done.claimed
    assert done.succeeded == 1
    assert not done.failed
    (request,) = receiver.received
    sent = await WebhookDelivery.get(endpoint=endpoint)
    assert request.headers["webhook-id"] == sent.message_id == f"msg_{event.id.hex}"
    assert request.body == sent.payload.encode()
    assert request.headers["content-type"] == "application/json"
    assert request.headers["host"] == f"127.0.0.1:{receiver.port}"
    verified = Webhook(secret).verify(request.body, request.headers)
    assert verified["type"] == "organization.updated"
    assert len(request.headers["webhook-signature"].split(" ")) == 1
    with pytest.raises(WebhookVerificationError):
        Webhook(secrets.new_secret()).verify(request.body, request.headers)
    assert sent.status == DeliveryStatus.SUCCEEDED
    assert (sent.attempts, sent.response_status) == (1, 200)
    (attempt,) = await WebhookAttempt.filter(delivery=sent)
    assert attempt.succeeded
    assert attempt.response_status == 200
    assert attempt.error == ""
    after = await WebhookEndpoint.get(id=endpoint.id)
    assert after.lease_until is None
    assert after.last_success_at is not None


async def test_after_a_rotation_both_secrets_sign_until_the_overlap_ends(
    receiver: Receiver,
) -> None:
    owner = await customer()
    endpoint, old = await endpoint_for(owner, receiver.url)
    new = secrets.new_secret()
    await WebhookEndpoint.filter(id=endpoint.id).update(
        secret_sealed=secrets.seal(new, TEST_SECRET_KEY),
        previous_secret_sealed=secrets.seal(old, TEST_SECRET_KEY),
        previous_secret_expires_at=now() + timedelta(hours=1),
    )
    await events(owner, 1)
    await delivery.run_endpoint(endpoint.id, SETTINGS)
    (during,) = receiver.received
    assert len(during.headers["webhook-signature"].split(" ")) == 2
    Webhook(old).verify(during.body, during.headers)
    Webhook(new).verify(during.body, during.headers)

    await WebhookEndpoint.filter(id=endpoint.id).update(
        previous_secret_expires_at=now() - timedelta(seconds=1)
    )
    await events(owner, 1)
    await delivery.run_endpoint(endpoint.id, SETTINGS)
    after = receiver.received[1]
    assert len(after.headers["webhook-signature"].split(" ")) == 1
    Webhook(new).verify(after.body, after.headers)
    with pytest.raises(WebhookVerificationError):
        Webhook(old).verify(after.body, after.headers)


async def test_a_secret_that_does_not_open_sends_nothing_and_counts_as_a_failure(
    receiver: Receiver,
) -> None:
    owner = await customer()
    endpoint, _ = await endpoint_for(owner, receiver.url)
    other_key = "another-secret-key-of-at-least-32-characters!"
    await WebhookEndpoint.filter(id=endpoint.id).update(
        secret_sealed=secrets.seal(secrets.new_secret(), other_key)
    )
    await events(owner, 1)

    done = await delivery.run_endpoint(endpoint.id, SETTINGS)

    assert done.failed
    assert receiver.received == []
    attempt = await WebhookAttempt.get(delivery__endpoint=endpoint)
    assert "signing secret" in attempt.error
    assert attempt.response_status is None
    failing = await WebhookEndpoint.get(id=endpoint.id)
    assert failing.consecutive_failures == 1
    assert failing.next_attempt_at is not None


async def test_a_receiver_failing_twice_gets_one_event_three_times_under_one_id(
    receiver: Receiver,
) -> None:
    owner = await customer()
    endpoint, secret = await endpoint_for(owner, receiver.url)
    await events(owner, 1)
    receiver.script(500, 503, 200)

    for _ in range(3):
        await due_again(endpoint)
        await delivery.run_endpoint(endpoint.id, SETTINGS)

    requests = receiver.received
    assert len(requests) == 3
    processed = {Webhook(secret).verify(r.body, r.headers)["data"]["id"] for r in requests}
    assert len(processed) == 1  # a receiver keyed on webhook-id processes it once
    assert len({r.headers["webhook-id"] for r in requests}) == 1
    sent = await WebhookDelivery.get(endpoint=endpoint)
    assert (sent.status, sent.attempts) == (DeliveryStatus.SUCCEEDED, 3)
    statuses = await WebhookAttempt.filter(delivery=sent).order_by("attempted_at")
    assert [a.response_status for a in statuses] == [500, 503, 200]
    assert statuses[0].error == "HTTP 500: not a 2xx status"
    recovered = await WebhookEndpoint.get(id=endpoint.id)
    assert recovered.consecutive_failures == 0
    assert recovered.failing_since is None
    assert recovered.next_attempt_at is None


async def test_a_failure_stops_the_pass_and_the_newer_events_wait_behind_it(
    receiver: Receiver, longest_waits: None
) -> None:
    owner = await customer()
    endpoint, _ = await endpoint_for(owner, receiver.url)
    written = await events(owner, 5)
    receiver.script(200, 500, 200)

    first = await delivery.run_endpoint(endpoint.id, SETTINGS)
    assert (first.succeeded, first.failed) == (1, True)
    assert len(receiver.received) == 2  # the second failed: the other three were not tried
    # The endpoint waits out its backoff: a pass now sends nothing.
    assert not (await delivery.run_endpoint(endpoint.id, SETTINGS)).claimed
    await due_again(endpoint)
    second = await delivery.run_endpoint(endpoint.id, SETTINGS)

    assert second.succeeded == 4
    placed = sorted(e.position for e in await AuditEvent.filter(id__in=[e.id for e in written]))
    assert positions(receiver.received) == [placed[0], placed[1], *placed[1:]]


async def test_a_test_message_goes_before_the_waiting_events(receiver: Receiver) -> None:
    owner = await customer()
    endpoint, _ = await endpoint_for(owner, receiver.url)
    await events(owner, 2)
    await WebhookDelivery.create(
        endpoint=endpoint,
        event_type="webhook_endpoint.test",
        message_id="msg_test",
        payload=orjson.dumps({"type": "webhook_endpoint.test", "data": {}}).decode(),
    )

    await delivery.run_endpoint(endpoint.id, SETTINGS)

    ids = [r.headers["webhook-id"] for r in receiver.received]
    assert ids[0] == "msg_test"
    assert len(ids) == 3


async def test_two_workers_at_once_send_each_delivery_once(receiver: Receiver) -> None:
    owner = await customer()
    endpoint, _ = await endpoint_for(owner, receiver.url)
    await events(owner, 4)
    receiver.script(Answer(200, delay=0.1))

    passes = await asyncio.gather(*(delivery.run_endpoint(endpoint.id, SETTINGS) for _ in range(3)))

    assert sorted(p.claimed for p in passes) == [False, False, True]
    assert len(receiver.received) == 4
    assert len({r.headers["webhook-id"] for r in receiver.received}) == 4


@pytest.fixture
def longest_waits(monkeypatch: pytest.MonkeyPatch) -> None:
    """The jitter at its top: each backoff waits its whole ceiling."""
    monkeypatch.setattr(delivery._jitter, "uniform", lambda low, high: high)


async def test_failures_back_off_exponentially(receiver: Receiver, longest_waits: None) -> None:
    owner = await customer()
    endpoint, _ = await endpoint_for(owner, receiver.url)
    await events(owner, 1)
    receiver.script(500)
    for failures, ceiling in ((1, 5), (2, 10), (3, 20)):
        await due_again(endpoint)
        before = now()
        await delivery.run_endpoint(endpoint.id, SETTINGS)
        after = now()
        state = await WebhookEndpoint.get(id=endpoint.id)
        assert state.consecutive_failures == failures
        assert state.lease_until is None
        assert state.failing_since is not None
        assert state.next_attempt_at is not None
        wait = timedelta(seconds=ceiling)
        assert before + wait <= state.next_attempt_at <= after + wait
        assert endpoint.id not in await delivery.due_endpoints()
    assert len(receiver.received) == 3


def test_the_backoff_is_full_jitter_under_a_doubling_ceiling_capped_at_six_hours() -> None:
    samples = [delivery.backoff(n).total_seconds() for n in range(1, 60) for _ in range(20)]
    assert max(samples) <= 6 * 3600
    assert max(delivery.backoff(3).total_seconds() for _ in range(200)) <= 20
    assert max(delivery.backoff(40).total_seconds() for _ in range(200)) > 3600  # capped, high


async def test_an_endpoint_failing_too_long_is_disabled_and_its_owners_emailed(
    receiver: Receiver,
) -> None:
    owner = await customer()
    await Organization.filter(id=owner.id).update(contact_email="billing@acme.example")
    await factories.quick_member(owner, "owner@acme.example")
    await sequencer.place_pending()
    endpoint, _ = await endpoint_for(owner, receiver.url)
    await events(owner, 2)
    receiver.script(500)
    quick = dataclasses.replace(SETTINGS, webhook_disable_after_seconds=0.5)

    first = await delivery.run_endpoint(endpoint.id, quick)
    assert first.failed
    assert not first.disabled
    await asyncio.sleep(0.6)
    await due_again(endpoint)
    second = await delivery.run_endpoint(endpoint.id, quick)

    assert second.disabled
    disabled = await WebhookEndpoint.get(id=endpoint.id)
    assert not disabled.enabled
    assert disabled.disabled_at is not None
    assert "HTTP 500" in disabled.disabled_reason
    assert disabled.next_attempt_at is None
    assert disabled.lease_until is None
    # Enabled again, it would start afresh: a whole window before it is disabled again.
    assert disabled.failing_since is None
    assert disabled.consecutive_failures == 0
    statuses = {d.status for d in await WebhookDelivery.filter(endpoint=endpoint)}
    assert statuses == {DeliveryStatus.FAILED}
    assert len(receiver.received) == 2  # the first of them, twice
    event = await AuditEvent.get(action="webhook_endpoint.disable")
    assert event.organization_id == owner.id
    assert event.target_id == endpoint.id
    emails = await OutboxEmail.filter(kind="webhook-disabled").order_by("to_address")
    assert [e.to_address for e in emails] == ["billing@acme.example", "owner@acme.example"]
    assert {e.id for e in emails} == {e.id for e in second.emails}
    assert receiver.url in emails[0].body
    assert "HTTP 500" in emails[0].body
    placed = await sequencer.place_pending()
    assert placed.events == 1  # the disable event takes its place in the stream
    assert endpoint.id not in await delivery.due_endpoints()
    assert not (await delivery.run_endpoint(endpoint.id, quick)).claimed


async def test_a_redirect_is_not_followed(receiver: Receiver) -> None:
    owner = await customer()
    endpoint, _ = await endpoint_for(owner, receiver.url)
    await events(owner, 1)
    receiver.script(Answer(302, location=f"http://127.0.0.1:{receiver.port}/elsewhere"))
    before = attempts_counted("http_status")

    done = await delivery.run_endpoint(endpoint.id, SETTINGS)

    assert attempts_counted("http_status") == before + 1

    assert done.failed
    assert [r.path for r in receiver.received] == ["/hook"]
    attempt = await WebhookAttempt.get(delivery__endpoint=endpoint)
    assert attempt.response_status == 302
    assert "redirect" in attempt.error


async def test_a_receiver_slower_than_the_timeout_fails_the_attempt(receiver: Receiver) -> None:
    owner = await customer()
    endpoint, _ = await endpoint_for(owner, receiver.url)
    await events(owner, 1)
    release = threading.Event()
    receiver.script(Answer(200, release=release))

    try:
        done = await delivery.run_endpoint(endpoint.id, SETTINGS)
    finally:
        release.set()

    assert done.failed
    attempt = await WebhookAttempt.get(delivery__endpoint=endpoint)
    assert attempt.error == "no answer within 1 s"
    assert 900 <= attempt.latency_ms < 2_500
    assert (await WebhookDelivery.get(endpoint=endpoint)).status == DeliveryStatus.PENDING


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:{port}/hook",
        "http://10.1.2.3:{port}/hook",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]:{port}/hook",
        "http://localhost:{port}/hook",
        "http://[::ffff:127.0.0.1]:{port}/hook",
        "http://100.64.0.1/hook",
    ],
)
async def test_private_addresses_are_refused_when_the_setting_is_off(
    receiver: Receiver, url: str
) -> None:
    owner = await customer()
    endpoint, _ = await endpoint_for(owner, url.format(port=receiver.port))
    await events(owner, 1)

    before = attempts_counted("refused")

    done = await delivery.run_endpoint(endpoint.id, GUARDED)

    assert done.failed
    assert attempts_counted("refused") == before + 1
    assert receiver.received == []
    attempt = await WebhookAttempt.get(delivery__endpoint=endpoint)
    assert "not a public address" in attempt.error, attempt.error
    assert attempt.response_status is None


async def test_the_checked_address_is_the_one_connected_to(
    receiver: Receiver, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The name resolves once per attempt; the client then connects to that address (a
    name nobody else can resolve still reaches the receiver, and Host keeps the name)."""
    lookups: list[str] = []
    real = socket.getaddrinfo

    def resolver(host: Any, *args: Any, **kwargs: Any) -> Any:
        lookups.append(host)
        if host == "receiver.invalid":
            return real("127.0.0.1", *args, **kwargs)
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", resolver)
    owner = await customer()
    endpoint, _ = await endpoint_for(owner, f"http://receiver.invalid:{receiver.port}/hook")
    await events(owner, 1)

    done = await delivery.run_endpoint(endpoint.id, SETTINGS)

    assert done.succeeded == 1, await WebhookAttempt.all().values_list("error", flat=True)
    assert lookups.count("receiver.invalid") == 1
    assert receiver.received[0].headers["host"] == f"receiver.invalid:{receiver.port}"


async def test_https_sends_the_name_for_tls_and_connects_to_the_address(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(
        socket,
        "getaddrinfo",
        lambda *a, **k: [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.215.14", 443))],
    )

    target = await address_guard.target("https://hooks.example.com/in?x=1", allow_private=False)

    assert target.url == "https://93.184.215.14:443/in?x=1"
    assert target.host_header == "hooks.example.com"
    assert target.sni_hostname == "hooks.example.com"


async def test_one_private_address_among_public_ones_refuses_the_host(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(
        socket,
        "getaddrinfo",
        lambda *a, **k: [
            (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.215.14", 80)),
            (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("10.0.0.5", 80)),
        ],
    )

    with pytest.raises(address_guard.Refused, match="is not a public address"):
        await address_guard.target("http://mixed.example.com/", allow_private=False)


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "10.0.0.1",
        "172.16.5.4",
        "192.168.1.1",
        "169.254.169.254",
        "100.64.0.1",
        "100.127.255.254",
        "0.0.0.0",  # noqa: S104 (an address checked, nothing bound)
        "224.0.0.1",
        "239.255.255.250",
        "240.0.0.1",
        "255.255.255.255",
        "198.18.0.1",
        "::1",
        "::",
        "fe80::1",
        "fc00::1",
        "fd12:3456::1",
        "ff02::1",
        "fec0::1",
        "::ffff:10.0.0.1",
        "::ffff:169.254.169.254",
        "2002:7f00:1::",  # 6to4 of 127.0.0.1
        "2002:a9fe:a9fe::",  # 6to4 of 169.254.169.254
        "64:ff9b::a00:1",  # NAT64 of 10.0.0.1
        "64:ff9b::7f00:1",  # NAT64 of 127.0.0.1
        "64:ff9b:1::1",
        "::127.0.0.1",  # IPv4-compatible
        "2001:db8::1",
    ],
)
def test_addresses_outside_the_public_internet_are_refused(address: str) -> None:
    assert address_guard.is_refused(ipaddress.ip_address(address))


@pytest.mark.parametrize("address", ["93.184.215.14", "8.8.8.8", "2606:4700:4700::1111"])
def test_public_addresses_pass(address: str) -> None:
    assert not address_guard.is_refused(ipaddress.ip_address(address))


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("ftp://hooks.example.com/", "only http and https"),
        ("http:///no-host", "no host"),
        ("http://user:pw@hooks.example.com/", "user name or password"),
        ("http://hooks.example.com:99999/", "port"),
        ("http://does-not-exist.invalid/", "does not resolve"),
        ("http://bad\x00host/", "does not resolve"),
    ],
)
async def test_unusable_urls_are_refused_with_a_reason(url: str, message: str) -> None:
    with pytest.raises(address_guard.Refused, match=message):
        await address_guard.target(url, allow_private=True)


async def test_due_endpoints_are_the_enabled_pending_unleased_and_due_ones(
    receiver: Receiver,
) -> None:
    owner = await customer()
    due, _ = await endpoint_for(owner, receiver.url)
    leased, _ = await endpoint_for(owner, receiver.url)
    waiting, _ = await endpoint_for(owner, receiver.url)
    disabled, _ = await endpoint_for(owner, receiver.url)
    idle, _ = await endpoint_for(owner, receiver.url)
    await events(owner, 1)
    await WebhookDelivery.filter(endpoint=idle).update(status=DeliveryStatus.SUCCEEDED)
    later = now() + timedelta(minutes=5)
    await WebhookEndpoint.filter(id=leased.id).update(lease_until=later)
    await WebhookEndpoint.filter(id=waiting.id).update(next_attempt_at=later)
    await WebhookEndpoint.filter(id=disabled.id).update(enabled=False)
    expired, _ = await endpoint_for(owner, receiver.url)
    await WebhookDelivery.create(endpoint=expired, event_type="t", message_id="msg_x", payload="{}")
    await WebhookEndpoint.filter(id=expired.id).update(lease_until=now() - timedelta(seconds=1))

    assert set(await delivery.due_endpoints()) == {due.id, expired.id}


async def test_successes_are_written_together_and_a_pass_that_dies_first_sends_them_again(
    receiver: Receiver, monkeypatch: pytest.MonkeyPatch
) -> None:
    owner = await customer()
    endpoint, _ = await endpoint_for(owner, receiver.url)
    await events(owner, delivery.FLUSH_EVERY + 10)
    real_write = delivery._Unwritten.write
    writes: list[int] = []
    database_gone = True

    async def write(self: Any, *args: Any) -> Any:
        if database_gone:
            raise ConnectionError("the database went away")
        writes.append(len(self.deliveries))
        return await real_write(self, *args)

    monkeypatch.setattr(delivery._Unwritten, "write", write)
    with pytest.raises(ConnectionError):
        await delivery.run_endpoint(endpoint.id, SETTINGS)
    database_gone = False
    # FLUSH_EVERY were sent, none recorded: all still PENDING, and sent again next time.
    assert len(receiver.received) == delivery.FLUSH_EVERY
    assert not await WebhookDelivery.filter(status=DeliveryStatus.SUCCEEDED).exists()
    await WebhookEndpoint.filter(id=endpoint.id).update(lease_until=None)  # the lease ran out
    done = await delivery.run_endpoint(endpoint.id, SETTINGS)
    assert done.succeeded == delivery.FLUSH_EVERY + 10
    ids = [r.headers["webhook-id"] for r in receiver.received]
    assert len(set(ids)) == delivery.FLUSH_EVERY + 10
    assert ids[: delivery.FLUSH_EVERY] == ids[delivery.FLUSH_EVERY : 2 * delivery.FLUSH_EVERY]
    assert await WebhookDelivery.filter(status=DeliveryStatus.SUCCEEDED).count() == len(set(ids))
    # Written in batches: one write of FLUSH_EVERY, then the rest, never one per delivery.
    assert writes == [delivery.FLUSH_EVERY, 10]
    assert await WebhookAttempt.all().count() == len(set(ids))


async def _pass_held_at_its_first_delivery(
    receiver: Receiver, endpoint: WebhookEndpoint, change: Any
) -> delivery.Pass:
    """Run a pass whose first delivery the receiver holds; make `change` meanwhile."""
    release = threading.Event()
    receiver.script(Answer(release=release), 200)
    running = asyncio.create_task(delivery.run_endpoint(endpoint.id, SETTINGS))
    await asyncio.to_thread(receiver.arrived.wait, 10)
    await change()
    release.set()
    return await running


async def test_a_new_url_takes_the_rest_of_a_batch_already_read(receiver: Receiver) -> None:
    owner = await customer()
    endpoint, _ = await endpoint_for(owner, receiver.url)
    await events(owner, 5)
    with receiving() as new_home:

        async def move() -> None:
            await WebhookEndpoint.filter(id=endpoint.id).update(url=new_home.url)

        done = await _pass_held_at_its_first_delivery(receiver, endpoint, move)

        # The one under way when the URL changed ends there; the rest go to the new URL.
        assert len(receiver.received) == 1
        assert positions(new_home.received) == sorted(positions(new_home.received))
        assert len(new_home.received) == 4
        assert done.succeeded == 5
    assert await WebhookDelivery.filter(status=DeliveryStatus.SUCCEEDED).count() == 5


@pytest.mark.parametrize("change", ["disable", "delete"])
async def test_a_disabled_or_deleted_endpoint_gets_nothing_more_of_its_batch(
    receiver: Receiver, change: str
) -> None:
    owner = await customer()
    endpoint, _ = await endpoint_for(owner, receiver.url)
    await events(owner, 5)

    async def give_up() -> None:
        if change == "disable":
            await WebhookEndpoint.filter(id=endpoint.id).update(enabled=False)
        else:
            await WebhookEndpoint.filter(id=endpoint.id).delete()

    await _pass_held_at_its_first_delivery(receiver, endpoint, give_up)

    assert len(receiver.received) == 1
    if change == "disable":
        # The one that was under way succeeded; the other four wait for the endpoint.
        assert await WebhookDelivery.filter(status=DeliveryStatus.PENDING).count() == 4


async def test_a_receiver_answering_410_gone_has_its_endpoint_disabled_at_once(
    receiver: Receiver,
) -> None:
    owner = await customer()
    await factories.quick_member(owner, "owner@acme.example")
    await sequencer.place_pending()
    endpoint, _ = await endpoint_for(owner, receiver.url)
    await events(owner, 2)
    receiver.script(410)

    gone = await delivery.run_endpoint(endpoint.id, SETTINGS)

    assert gone.disabled
    disabled = await WebhookEndpoint.get(id=endpoint.id)
    assert not disabled.enabled
    assert disabled.disabled_reason == delivery.UNSUBSCRIBED
    assert disabled.next_attempt_at is None
    assert len(receiver.received) == 1  # no retry, and the newer event never sent
    statuses = {d.status for d in await WebhookDelivery.filter(endpoint=endpoint)}
    assert statuses == {DeliveryStatus.FAILED}
    event = await AuditEvent.get(action="webhook_endpoint.disable")
    assert event.summary["reason"] == delivery.UNSUBSCRIBED
    assert [e.to_address for e in gone.emails] == ["owner@acme.example"]
    # Any other refusal is retried after a backoff, as before.
    other, _ = await endpoint_for(owner, receiver.url + "other")
    await events(owner, 1)
    receiver.script(404)
    refused = await delivery.run_endpoint(other.id, SETTINGS)
    assert refused.failed
    assert not refused.disabled
    assert (await WebhookEndpoint.get(id=other.id)).enabled
